"""The OpenAPI 3.1 document of the API, built from the feature schema and the loaded model's manifest."""
from __future__ import annotations

from api.body import MAX_BODY_BYTES, MAX_WINES
from model.decision import MAX_COST, REFER
from model.loader import LoadedModel
from model.schema import CLASSES, COLOR, COLORS, FEATURE_NAMES, MEASUREMENT_NAMES, MEASUREMENTS

API_VERSION = "1.0.0"
PROBLEM = "application/problem+json"
ACTIONS = (*CLASSES, REFER)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _measurements(model: LoadedModel, by_alias: bool) -> dict:
    trained = {f["name"]: f for f in model.features}
    properties = {}
    for feature in MEASUREMENTS:
        seen = trained[feature.name]
        other = feature.name if by_alias else feature.alias
        properties[feature.alias if by_alias else feature.name] = {
            "type": "number",
            "minimum": 0,
            "maximum": feature.hard_max,
            "description": f"{feature.unit}. Training data range {seen['train_min']:g} to {seen['train_max']:g} "
            f"(outside it the answer is flagged); refused above {feature.hard_max:g}. Also accepted as '{other}'.",
            "example": round(seen["mean_by_color"]["white"], feature.decimals),
        }
    return properties


def _wine(model: LoadedModel, by_alias: bool) -> dict:
    properties = _measurements(model, by_alias) | {COLOR: _ref("Color")}
    return {
        "type": "object",
        "title": "Wine by snake_case aliases" if by_alias else "Wine by UCI names",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _schemas(model: LoadedModel) -> dict:
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    return {
        "Color": {
            "description": "Wine colour: \"red\"/\"white\" (any case) or 1 (red) / 0 (white); "
            "the key may be spelled 'colour'.",
            "oneOf": [{"type": "string", "enum": list(COLORS)}, {"type": "integer", "enum": sorted(COLORS.values())}],
        },
        "WineByName": _wine(model, by_alias=False),
        "WineByAlias": _wine(model, by_alias=True),
        "Wine": {
            "description": "One wine: the 11 measurements and its colour. Each may be keyed by its UCI name or "
            "its snake_case alias (the two may be mixed); a field given both ways, a missing field or an unknown "
            "one is refused.",
            "anyOf": [_ref("WineByName"), _ref("WineByAlias")],
        },
        "PredictRequest": {
            "oneOf": [
                _ref("Wine"),
                {"type": "array", "items": _ref("Wine"), "minItems": 1, "maxItems": MAX_WINES},
            ]
        },
        "Prediction": {
            "type": "object",
            "properties": {
                "probabilities": {
                    "type": "object",
                    "properties": {c: probability for c in CLASSES},
                    "required": list(CLASSES),
                    "additionalProperties": False,
                },
                "bucket": {"type": "string", "enum": list(CLASSES), "description": "the most probable bucket"},
                "out_of_range": {"type": "boolean", "description": "a measurement lies outside the training data"},
                "out_of_range_features": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(MEASUREMENT_NAMES)},
                },
                "explanation": _ref("Explanation"),
            },
            "required": ["probabilities", "bucket", "out_of_range", "out_of_range_features"],
        },
        "Explanation": {
            "type": "object",
            "description": "Only with ?explain=true. Exact path-dependent TreeSHAP contributions in logits (log-odds "
            "units): for each bucket, base + the sum of its 12 contributions is that bucket's logit, and the softmax of "
            "the three logits is `probabilities`. A contribution says how far this wine's value of a feature moves the "
            "model's score for that bucket away from the average training wine, other features taken into account "
            "along each tree's path; it describes the model, not the wine's chemistry.",
            "properties": {
                "units": {"const": "logit"},
                "base": _by_bucket({"type": "number"}),
                "contributions": _by_bucket(
                    {
                        "type": "object",
                        "properties": {f: {"type": "number"} for f in FEATURE_NAMES},
                        "required": list(FEATURE_NAMES),
                        "additionalProperties": False,
                    }
                ),
            },
            "required": ["units", "base", "contributions"],
        },
        "PredictResponse": {
            "description": "One prediction for one wine; a list in the request's order for a list of wines.",
            "oneOf": [_ref("Prediction"), {"type": "array", "items": _ref("Prediction")}],
        },
        "CostMatrix": {
            "type": "array",
            "description": "C[t][d]: the cost of deciding bucket d for a wine whose true bucket is t. Rows: the true "
            "bucket; columns: the decision; both in the order poor, average, good. Finite and non-negative; write a "
            "reward as a smaller cost.",
            "items": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": MAX_COST},
                      "minItems": 3, "maxItems": 3},
            "minItems": 3,
            "maxItems": 3,
        },
        "Refer": {"type": "number", "minimum": 0, "maximum": MAX_COST,
                  "description": "The cost of sending a wine to a human taster instead of deciding. Optional."},
        "DecideRequest": {
            "type": "object",
            "properties": {
                "wines": {"type": "array", "items": _ref("Wine"), "minItems": 1, "maxItems": MAX_WINES},
                "costs": _ref("CostMatrix"),
                "refer": _ref("Refer"),
            },
            "required": ["wines", "costs"],
            "additionalProperties": False,
        },
        "DecideResponse": {
            "type": "object",
            "properties": {
                "policy": {"type": "object", "properties": {"costs": _ref("CostMatrix"), "refer": _ref("Refer")},
                           "required": ["costs"]},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "probabilities": _by_bucket(probability),
                        "expected_costs": {
                            "type": "object",
                            "description": "The expected cost of each action, unrounded; `refer` only when given.",
                            "properties": {a: {"type": "number"} for a in ACTIONS},
                            "required": list(CLASSES),
                            "additionalProperties": False,
                        },
                        "decision": {"type": "string", "enum": list(ACTIONS),
                                     "description": "the cheapest action; ties go to the earlier of poor, average, "
                                     "good, refer"},
                    },
                    "required": ["probabilities", "expected_costs", "decision"],
                }},
            },
            "required": ["policy", "results"],
        },
        "TestSetPolicyRequest": {
            "type": "object",
            "properties": {"costs": _ref("CostMatrix"), "refer": _ref("Refer")},
            "required": ["costs"],
            "additionalProperties": False,
        },
        "TestSetPolicy": {
            "type": "object",
            "description": "The policy on the held-out test wines of the model card.",
            "properties": {
                "confusion": {"type": "array", "description": "rows: true bucket; a column per action, refer last",
                              "items": {"type": "array", "items": {"type": "integer", "minimum": 0}}},
                "columns": {"type": "array", "items": {"type": "string", "enum": list(ACTIONS)}},
                "wines": {"type": "integer"},
                "realized_cost_per_wine": {"type": "number"},
                "expected_cost_per_wine": {"type": "number"},
                "coverage": {"type": "number", "minimum": 0, "maximum": 1,
                             "description": "the share decided without a taster"},
                "decided_accuracy": {"type": ["number", "null"]},
                "argmax": {"type": "object", "properties": {"realized_cost_per_wine": {"type": "number"}},
                           "required": ["realized_cost_per_wine"]},
            },
            "required": ["confusion", "columns", "wines", "realized_cost_per_wine", "expected_cost_per_wine",
                         "coverage", "argmax"],
        },
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details; `field` and `index` say which feature of which wine is wrong.",
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "field": {"type": ["string", "null"]},
                "index": {"type": ["integer", "null"], "description": "position of the wine in the list"},
            },
            "required": ["title", "status", "detail"],
        },
        "ModelCard": {
            "type": "object",
            "description": "The model's manifest: classes, feature ranges, training data, metrics, versions.",
            "properties": {
                "classes": {"type": "array", "items": {"type": "string"}},
                "features": {"type": "array", "items": {"type": "object"}},
                "model": {"type": "object"},
                "metrics": {"type": "object"},
                "importance": {
                    "type": "object",
                    "description": "What matters to the model overall, on the test split: mean |contribution| per "
                    "feature and bucket (logits), and permutation importance (drop in macro precision, mean and sd).",
                },
                "reliability": {
                    "type": "object",
                    "description": "Reliability diagrams on the test split (confidence against observed frequency, "
                    "with bin counts) for the shipped model and the reference configuration.",
                },
                "versions": {"type": "object"},
            },
            "required": ["classes", "features", "model", "versions"],
        },
        "Health": {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": ["ok", "error"]},
                "reason": {"type": "string", "description": "why the self-test failed (only with status error)"},
                "model": {
                    "type": "object",
                    "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
                    "required": ["sha256"],
                },
                "versions": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            "required": ["status", "model", "versions"],
        },
    }


def _by_bucket(schema: dict) -> dict:
    return {"type": "object", "properties": {c: schema for c in CLASSES}, "required": list(CLASSES),
            "additionalProperties": False}


def _problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM: {"schema": _ref("Problem")}}}


def _json(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _health(summary: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "responses": {
                "200": _json("the model is loaded and scores the manifest's reference wines as recorded at training", "Health"),
                "503": _json("the model failed its self-test", "Health"),
            },
        }
    }


def build_document(model: LoadedModel) -> dict:
    """The whole OpenAPI document as a dict, ready for JSON."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wine Quality Designer API",
            "version": API_VERSION,
            "description": "Scores wines with the dashboard's gradient-boosting model: the probabilities that a wine "
            f"is {', '.join(CLASSES)}. Model sha256 {model.sha256}.",
        },
        "paths": {
            "/api/predict": {
                "post": {
                    "summary": f"Score one wine (an object) or up to {MAX_WINES:,} (a list)",
                    "parameters": [
                        {
                            "name": "explain",
                            "in": "query",
                            "required": False,
                            "description": "true: add each wine's `explanation` (exact contributions of the 12 "
                            "features to each bucket's logit). About 5-15 ms per wine on one core, so a full "
                            f"{MAX_WINES:,}-wine batch takes seconds; false or absent: the plain answer.",
                            "schema": {"type": "boolean", "default": False},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "description": f"JSON, at most {MAX_BODY_BYTES:,} bytes. NaN and Infinity are refused.",
                        "content": {"application/json": {"schema": _ref("PredictRequest")}},
                    },
                    "responses": {
                        "200": _json("the predictions", "PredictResponse"),
                        "400": _problem("the body is not valid JSON, or `explain` is not true or false"),
                        "413": _problem(f"the body is over {MAX_BODY_BYTES:,} bytes or has over {MAX_WINES:,} wines"),
                        "415": _problem("the Content-Type is not application/json"),
                        "422": _problem("a wine has a missing, unknown or invalid field (named in `field`)"),
                    },
                }
            },
            "/api/decide": {
                "post": {
                    "summary": "Decide for each wine under a cost policy: the action of least expected cost",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("DecideRequest")}}},
                    "responses": {
                        "200": _json("the policy and, per wine, its probabilities, expected costs and decision",
                                     "DecideResponse"),
                        "400": _problem("the body is not valid JSON"),
                        "413": _problem(f"the body is over {MAX_BODY_BYTES:,} bytes or has over {MAX_WINES:,} wines"),
                        "415": _problem("the Content-Type is not application/json"),
                        "422": _problem("a cost, the taster's cost or a wine is missing or invalid (named in `field`)"),
                    },
                }
            },
            "/api/decide/test-set": {
                "post": {
                    "summary": "A cost policy on the model card's held-out test wines",
                    "requestBody": {"required": True,
                                    "content": {"application/json": {"schema": _ref("TestSetPolicyRequest")}}},
                    "responses": {
                        "200": _json("confusion under the policy, cost per wine, coverage", "TestSetPolicy"),
                        "400": _problem("the body is not valid JSON"),
                        "413": _problem(f"the body is over {MAX_BODY_BYTES:,} bytes"),
                        "415": _problem("the Content-Type is not application/json"),
                        "422": _problem("a cost or the taster's cost is missing or invalid (named in `field`)"),
                    },
                }
            },
            "/api/model": {
                "get": {"summary": "The model card", "responses": {"200": _json("the model card", "ModelCard")}}
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/healthz": _health("Health check: status, model sha256 and library versions"),
            "/health": _health("Alias of /healthz"),
        },
        "components": {"schemas": _schemas(model)},
    }
