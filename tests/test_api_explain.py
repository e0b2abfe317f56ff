"""POST /api/predict?explain=true: each wine's exact contributions; without it the answer is exactly as before."""
from __future__ import annotations

import json
import math

import pytest

from model.schema import CLASSES, FEATURE_NAMES

JSON = "application/json"


def post(client, body, query: str = ""):
    return client.post(f"/api/predict{query}", data=json.dumps(body), headers={"Content-Type": JSON})


def softmax(z: list[float]) -> list[float]:
    m = max(z)
    e = [math.exp(v - m) for v in z]
    return [v / sum(e) for v in e]


def test_explanation_shape_and_additivity(client, average_wine):
    result = post(client, average_wine, "?explain=true").get_json()
    e = result["explanation"]
    assert e["units"] == "logit"
    assert list(e["base"]) == list(CLASSES) and list(e["contributions"]) == list(CLASSES)
    for c in CLASSES:
        assert list(e["contributions"][c]) == list(FEATURE_NAMES)
        assert all(isinstance(v, float) for v in e["contributions"][c].values())
    logits = [e["base"][c] + sum(e["contributions"][c].values()) for c in CLASSES]
    for p, q in zip(softmax(logits), result["probabilities"].values()):
        assert p == pytest.approx(q, abs=1e-9)


def test_a_list_gets_one_explanation_per_wine_in_order(client, average_wine):
    red = average_wine | {"color": "red", "alcohol": 13.0}
    plain = post(client, [average_wine, red]).get_json()
    explained = post(client, [average_wine, red], "?explain=1").get_json()
    assert len(explained) == 2
    for a, b in zip(plain, explained):
        assert {k: v for k, v in b.items() if k != "explanation"} == a
    assert explained[0]["explanation"] != explained[1]["explanation"]
    assert explained[1]["explanation"]["contributions"]["good"]["alcohol"] > 0  # 13 % vol pushes towards good


@pytest.mark.parametrize("query", ["", "?explain=false", "?explain=0", "?explain=False"])
def test_without_explain_the_answer_is_byte_for_byte_unchanged(client, loaded_model, average_wine, query):
    from api.errors import json_response
    from model.predict import predict

    response = post(client, average_wine, query)
    assert response.status_code == 200
    assert "explanation" not in response.get_json()
    # the answer predict() gives without an explanation, not this same request sent again
    assert response.get_data() == json_response(predict(loaded_model, average_wine)[0]).get_data()


@pytest.mark.parametrize("query", ["?explain=yes", "?explain=", "?explain=true&explain=false"])
def test_a_bad_explain_value_is_a_400_naming_the_parameter(client, average_wine, query):
    response = post(client, average_wine, query)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["field"] == "explain"


@pytest.mark.parametrize(
    ("body", "status"),
    [({"alcohol": "strong"}, 422), ([], 422), ("not a wine", 422)],
)
def test_bad_bodies_get_the_same_4xx_with_explain(client, body, status):
    plain, explained = post(client, body), post(client, body, "?explain=true")
    assert plain.status_code == explained.status_code == status
    assert plain.get_json() == explained.get_json()


def test_wrong_content_type_and_malformed_json_are_unchanged_with_explain(client):
    for data, ctype, status in (("{", JSON, 400), ("{}", "text/plain", 415)):
        a = client.post("/api/predict", data=data, headers={"Content-Type": ctype})
        b = client.post("/api/predict?explain=true", data=data, headers={"Content-Type": ctype})
        assert a.status_code == b.status_code == status and a.get_json() == b.get_json()


def test_openapi_documents_the_parameter_and_the_explanation(client):
    doc = client.get("/api/openapi.json").get_json()
    params = doc["paths"]["/api/predict"]["post"]["parameters"]
    assert [(p["name"], p["in"], p["schema"]["type"]) for p in params] == [("explain", "query", "boolean")]
    explanation = doc["components"]["schemas"]["Explanation"]
    assert explanation["required"] == ["units", "base", "contributions"]
    assert doc["components"]["schemas"]["Prediction"]["properties"]["explanation"] == {
        "$ref": "#/components/schemas/Explanation"}


def test_model_card_includes_the_global_importance_and_reliability(client, loaded_model):
    card = client.get("/api/model").get_json()
    assert card["importance"] == loaded_model.manifest["importance"]
    assert set(card["importance"]["mean_abs_contribution"]) == set(CLASSES)
    assert set(card["reliability"]["models"]) == {"shipped", "reference"}
