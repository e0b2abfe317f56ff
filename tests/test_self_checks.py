"""Checks the suite must read: the health check's own self-test, which slider value the bars score, and the top
confidence bin of the reliability diagram."""
from __future__ import annotations

import copy

import numpy as np
import pytest

import api.routes
from model.insight import reliability_curve
from model.metrics import expected_calibration_error
from model.predict import predict


def test_healthz_reports_an_explanation_that_does_not_add_up(client, monkeypatch, loaded_model):
    def predict_off_by_a_little(model, wines, explain=False):
        results = copy.deepcopy(predict(model, wines, explain=explain))
        first = results[0]["explanation"]["contributions"][model.classes[0]]
        name = next(iter(first))
        first[name] += 1e-6
        return results

    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(api.routes, "predict", predict_off_by_a_little)
    response = client.get("/healthz")
    assert response.status_code == 503
    row = loaded_model.manifest["reference_wines"][0].get("row")
    assert response.get_json()["reason"] == f"reference wine {row}: the explanation does not add up to its probabilities"


def test_healthz_reports_probabilities_that_moved(client, monkeypatch, loaded_model):
    def predict_moved(model, wines, explain=False):
        results = copy.deepcopy(predict(model, wines, explain=explain))
        results[-1]["probabilities"][model.classes[1]] += 2e-9
        return results

    monkeypatch.setattr(api.routes, "predict", predict_moved)
    response = client.get("/healthz")
    last = loaded_model.manifest["reference_wines"][-1]
    got = [predict_moved(loaded_model, [last["wine"]])[0]["probabilities"][c] for c in loaded_model.classes]
    assert response.status_code == 503
    assert response.get_json()["reason"] == (f"reference wine {last.get('row')} scores {got}, "
                                             f"not the recorded {last['probabilities']}")


def test_the_self_test_tolerance_is_inclusive(loaded_model, monkeypatch):
    references = loaded_model.manifest["reference_wines"]
    results = predict(loaded_model, [r["wine"] for r in references])
    worst = max(abs(result["probabilities"][c] - p) for r, result in zip(references, results)
                for c, p in zip(loaded_model.classes, r["probabilities"]))
    monkeypatch.setattr(api.routes, "SELF_TEST_TOLERANCE", worst)  # the largest difference, exactly: still healthy
    assert api.routes.self_test(loaded_model) is None


def test_the_self_test_sees_an_explanation_off_by_less_than_1e_8(loaded_model, monkeypatch):
    reference = loaded_model.manifest["reference_wines"][0]
    p = predict(loaded_model, [reference["wine"]])[0]["probabilities"]
    target = max(loaded_model.classes, key=lambda c: p[c] * (1 - p[c]))
    shift = 4e-9 / (p[target] * (1 - p[target]))  # moves p(target) by about 4e-9: over 1e-9, under numpy's 1e-8

    def predict_nudged(model, wines, explain=False):
        results = copy.deepcopy(predict(model, wines, explain=explain))
        first = results[0]["explanation"]["contributions"][target]
        first[next(iter(first))] += shift
        return results

    monkeypatch.setattr(api.routes, "predict", predict_nudged)
    assert api.routes.self_test(loaded_model).endswith("the explanation does not add up to its probabilities")


def test_the_explain_flag_names_what_it_got(client, average_wine):
    response = client.post("/api/predict?explain=yes&explain=no", json=average_wine)
    assert response.status_code == 400
    assert response.get_json()["detail"] == "query parameter 'explain' must be true or false, not 'yes, no'"


def test_the_model_card_of_a_manifest_without_a_file_name():
    from api.routes import model_card

    assert model_card({"classes": ["poor"]}) == {"classes": ["poor"]}
    assert model_card({"model": {"sha256": "ab"}}) == {"model": {"sha256": "ab"}}
    assert model_card({"model": {"file": "wine_gbm.pkl", "sha256": "ab"}}) == {"model": {"sha256": "ab"}}


# ------------------------------------------------------------------ reliability bins

def test_a_confidence_of_exactly_one_falls_in_the_top_bin():
    proba = np.array([[1.0, 0.0, 0.0], [0.05, 0.9, 0.05], [0.35, 0.34, 0.31]])
    y = np.array([1, 1, 1])  # the sure wine is wrong: it weighs on the top bin only when it is counted there
    curve = reliability_curve(proba, y, n_bins=10)
    assert [b["count"] for b in curve["bins"]][-1] == 2 and sum(b["count"] for b in curve["bins"]) == 3
    assert curve["bins"][-1]["confidence"] == pytest.approx(0.95)
    assert expected_calibration_error(proba, y, n_bins=10) == pytest.approx(curve["ece"], abs=1e-3)
    assert curve["bins"][-1]["accuracy"] == pytest.approx(0.5)
    assert expected_calibration_error(proba, y, n_bins=10) == pytest.approx(2 / 3 * 0.45 + 0.35 / 3)
