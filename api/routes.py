"""The API's routes: POST /api/predict, GET /api/model, GET /api/openapi.json, GET /healthz (alias /health)."""
from __future__ import annotations

import copy
import os
import platform
from importlib import metadata
from pathlib import Path

import numpy as np
from flask import Blueprint, current_app, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from api.body import read_wines
from api.errors import ApiError, json_response, register_error_handlers
from api.openapi import build_document
from model.loader import LoadedModel
from model.predict import WineInputError, predict
from model.schema import CLASSES

bp = Blueprint("api", __name__)
register_error_handlers(bp, catch_all=True)
RUNTIME_PACKAGES = ("dash", "flask", "gunicorn", "scikit-learn", "numpy", "pandas", "plotly")
PROJECT_DIR = str(Path(__file__).resolve().parent.parent)


def _model() -> LoadedModel:
    return current_app.extensions["wine_model"]


EXPLAIN_VALUES = {"true": True, "1": True, "false": False, "0": False}


def explain_flag() -> bool:
    """The `explain` query parameter: true/false (or 1/0); absent is false."""
    values = request.args.getlist("explain")
    if not values:
        return False
    if len(values) > 1 or values[0].lower() not in EXPLAIN_VALUES:
        raise ApiError(400, f"query parameter 'explain' must be true or false, not {', '.join(values)!r}",
                       field="explain")
    return EXPLAIN_VALUES[values[0].lower()]


@bp.post("/api/predict")
def predict_wines():
    explain = explain_flag()
    wines = read_wines(request)
    try:
        results = predict(_model(), wines, explain=explain)
    except WineInputError as exc:
        raise ApiError(422, str(exc), exc.field, exc.index) from None
    # one wine in, one result out; a list in, a list out in the same order
    return json_response(results[0] if isinstance(wines, dict) else results)


def model_card(manifest: dict) -> dict:
    """The manifest without anything that names a file or path on the server."""
    card = copy.deepcopy(manifest)
    card.get("model", {}).pop("file", None)

    def is_path(value) -> bool:
        return isinstance(value, str) and (os.path.isabs(value) or PROJECT_DIR in value)

    def scrub(node):
        if isinstance(node, dict):
            return {k: scrub(v) for k, v in node.items() if not is_path(v)}
        if isinstance(node, list):
            return [scrub(v) for v in node if not is_path(v)]
        return node

    return scrub(card)


@bp.get("/api/model")
def get_model_card():
    return json_response(model_card(_model().manifest))


@bp.get("/api/openapi.json")
def get_openapi():
    return json_response(build_document(_model()))


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in RUNTIME_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


SELF_TEST_TOLERANCE = 1e-9


def self_test(model: LoadedModel) -> str | None:
    """Score and explain the reference wines recorded in the manifest at training time: their probabilities must
    equal the recorded ones to 1e-9, and their contributions must add up to logits whose softmax is those
    probabilities. None when all is well, else what differs. gunicorn.conf.py calls /healthz in the master, so
    the compiled trees and the explainer are built there once, before the workers fork."""
    recorded = model.manifest["reference_wines"]
    results = predict(model, [r["wine"] for r in recorded], explain=True)
    for reference, result in zip(recorded, results):
        got = [result["probabilities"][c] for c in model.classes]
        worst = max(abs(g - e) for g, e in zip(got, reference["probabilities"]))
        if not worst <= SELF_TEST_TOLERANCE:
            return f"reference wine {reference.get('row')} scores {got}, not the recorded {reference['probabilities']}"
        e = result["explanation"]
        logits = np.array([e["base"][c] + sum(e["contributions"][c].values()) for c in model.classes])
        softmax = np.exp(logits - logits.max())  # pragma: no mutate  (softmax ignores any shift; this one avoids overflow)
        if not np.allclose(softmax / softmax.sum(), got, rtol=0, atol=1e-9):
            return f"reference wine {reference.get('row')}: the explanation does not add up to its probabilities"
    return None


@bp.get("/healthz")
@bp.get("/health")  # Dash's catch-all would otherwise answer this common probe with the app page
def healthz():
    model = _model()
    try:
        reason = self_test(model)
    except Exception as exc:  # a health check reports, it does not raise
        current_app.logger.exception("health check: the model failed to score the reference wines")
        reason = f"the model failed to score the reference wines ({type(exc).__name__})"
    ok = reason is None
    body = {
        "status": "ok" if ok else "error",
        **({} if ok else {"reason": reason}),
        "model": {
            "sha256": model.sha256,
            "estimator": model.manifest["model"].get("estimator"),
            "trained_with": model.manifest.get("versions", {}),
        },
        "versions": _versions(),
    }
    response = json_response(body, 200 if ok else 503)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/api", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/api/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/api/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def api_fallback(rest: str = ""):
    """JSON 404 for unknown /api paths, and JSON 405 for a known one with the wrong method.

    Dash's catch-all GET route would otherwise answer any /api path with the app page.
    """
    rules = [r for r in current_app.url_map.iter_rules() if r.rule == request.path and r.endpoint != "api.api_fallback"]
    allowed = sorted({method for rule in rules for method in rule.methods or ()})
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise NotFound(f"no API route {request.path}; see /api/openapi.json")
