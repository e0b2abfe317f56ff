"""POST /api/decide and /api/decide/test-set through the Flask test client."""
from __future__ import annotations

import json

import numpy as np
import pytest

from api.body import MAX_BODY_BYTES, MAX_WINES
from model.reference import scored_test_set

ASYM = [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]]
ZERO_ONE = [[0, 1, 1], [1, 0, 1], [1, 1, 0]]


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_decide_matches_predict_and_the_rule(client, average_wine):
    wines = [average_wine, dict(average_wine, alcohol=14.0), dict(average_wine, alcohol=8.5)]
    got = post(client, "/api/decide", {"wines": wines, "costs": ASYM, "refer": 0.3})
    assert got.status_code == 200, got.get_json()
    body = got.get_json()
    assert body["policy"] == {"costs": ASYM, "refer": 0.3}
    predicted = post(client, "/api/predict", wines).get_json()
    for result, prediction in zip(body["results"], predicted):
        p = prediction["probabilities"]
        assert result["probabilities"] == p
        want = {d: sum(p[t] * ASYM[i][j] for i, t in enumerate(("poor", "average", "good")))
                for j, d in enumerate(("poor", "average", "good"))} | {"refer": 0.3}
        assert result["expected_costs"] == pytest.approx(want, abs=1e-12)
        assert result["expected_costs"]["refer"] == 0.3  # exactly the fee
        assert result["decision"] == min(want, key=lambda a: (want[a], list(want).index(a)))


def test_refer_appears_only_when_given(client, average_wine):
    body = post(client, "/api/decide", {"wines": [average_wine], "costs": ZERO_ONE}).get_json()
    assert body["policy"] == {"costs": ZERO_ONE}
    assert list(body["results"][0]["expected_costs"]) == ["poor", "average", "good"]
    prediction = post(client, "/api/predict", average_wine).get_json()
    assert body["results"][0]["decision"] == prediction["bucket"]


def test_test_set_zero_one_is_the_model_cards_matrix(client, loaded_model):
    body = post(client, "/api/decide/test-set", {"costs": ZERO_ONE}).get_json()
    assert body["confusion"] == loaded_model.manifest["metrics"]["test"]["confusion_matrix"]
    assert body["columns"] == ["poor", "average", "good"] and body["wines"] == 1300
    assert body["coverage"] == 1
    assert body["realized_cost_per_wine"] == pytest.approx(body["argmax"]["realized_cost_per_wine"])


def test_test_set_with_a_taster(client, loaded_model):
    body = post(client, "/api/decide/test-set", {"costs": ASYM, "refer": 0.3}).get_json()
    m = np.array(body["confusion"])
    assert body["columns"][-1] == "refer" and m.shape == (3, 4) and m.sum() == 1300
    assert body["coverage"] == pytest.approx(m[:, :3].sum() / 1300)
    ts = scored_test_set(loaded_model)
    assert m.sum(axis=1).tolist() == np.bincount(ts.y, minlength=3).tolist()


@pytest.mark.parametrize("body, status, field", [
    ({"wines": [{}], "costs": [[0, 1], [1, 0]]}, 422, "costs"),
    ({"wines": [{}], "costs": [[0, 1, 1], [1, 0, 1], [1, 1, -1]]}, 422, "costs[2][2]"),
    ({"wines": [{}], "costs": "zero-one"}, 422, "costs"),
    ({"wines": [{}]}, 422, "costs"),
    ({"wines": [{}], "costs": ZERO_ONE, "refer": -0.5}, 422, "refer"),
    ({"costs": ZERO_ONE}, 422, "wines"),
    ({"wines": [], "costs": ZERO_ONE}, 422, "wines"),
    ({"wines": "a wine", "costs": ZERO_ONE}, 422, "wines"),
    ({"wines": [{}], "costs": ZERO_ONE, "cost": 1}, 422, "cost"),
])
def test_bad_bodies_name_the_field(client, body, status, field):
    got = post(client, "/api/decide", body)
    assert got.status_code == status
    problem = got.get_json()
    assert problem["field"] == field and got.mimetype == "application/problem+json"


def test_a_bad_wine_is_named_after_a_good_policy(client, average_wine):
    got = post(client, "/api/decide", {"wines": [average_wine, dict(average_wine, pH=-1)], "costs": ZERO_ONE})
    assert got.status_code == 422 and got.get_json()["field"] == "pH" and got.get_json()["index"] == 1


def test_non_finite_costs_are_refused(client):
    raw = '{"costs": [[0, 1, NaN], [1, 0, 1], [1, 1, 0]]}'
    got = client.post("/api/decide/test-set", data=raw, content_type="application/json")
    assert got.status_code == 422 and got.get_json()["field"] == "costs[0][2]"
    got = client.post("/api/decide/test-set", data="[1, 2]", content_type="application/json")
    assert got.status_code == 422


def test_wines_at_the_limit_and_one_past(client, average_wine):
    at = post(client, "/api/decide", {"wines": [average_wine] * MAX_WINES, "costs": ZERO_ONE})
    assert at.status_code == 200 and len(at.get_json()["results"]) == MAX_WINES
    over = post(client, "/api/decide", {"wines": [average_wine] * (MAX_WINES + 1), "costs": ZERO_ONE})
    assert over.status_code == 413 and over.get_json()["field"] == "wines"


def test_body_over_the_byte_limit_is_413(client):
    raw = '{"costs": ' + json.dumps(ZERO_ONE) + ', "refer": 0' + " " * MAX_BODY_BYTES + "}"
    assert client.post("/api/decide/test-set", data=raw, content_type="application/json").status_code == 413


def test_wrong_method_and_type(client):
    assert client.get("/api/decide").status_code == 405
    got = client.post("/api/decide/test-set", data="costs", content_type="text/plain")
    assert got.status_code == 415
