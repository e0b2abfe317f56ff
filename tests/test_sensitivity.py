"""Sensitivity curves: one batched call, through the current prediction, equal to the model at grid points."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.predict import WineInputError, predict_proba, wine_vector
from model.schema import FEATURE_NAMES, MEASUREMENT_NAMES
from model.sensitivity import N_POINTS, sensitivity


@pytest.fixture(scope="module")
def wine(average_wine) -> np.ndarray:
    return np.array(wine_vector(average_wine))


def test_sensitivity_has_one_curve_per_measurement_over_the_slider_range(loaded_model, wine):
    result = sensitivity(loaded_model, wine)
    assert [c.feature for c in result.curves] == list(MEASUREMENT_NAMES)
    assert result.classes == ("poor", "average", "good")
    for curve, spec in zip(result.curves, loaded_model.features):
        assert len(curve.grid) in (N_POINTS, N_POINTS + 1)
        assert np.all(np.diff(curve.grid) > 0)
        assert curve.grid[0] == pytest.approx(spec["min"]) and curve.grid[-1] == pytest.approx(spec["max"])
        assert curve.proba.shape == (len(curve.grid), 3)
        np.testing.assert_allclose(curve.proba.sum(axis=1), 1.0)


def test_sensitivity_curves_pass_through_the_current_prediction(loaded_model, wine):
    result = sensitivity(loaded_model, wine)
    current = predict_proba(loaded_model, wine[None, :])[0]
    np.testing.assert_allclose(result.proba, current, atol=1e-12)
    for j, curve in enumerate(result.curves):
        assert curve.grid[curve.current_index] == curve.current == wine[j]
        np.testing.assert_allclose(curve.proba[curve.current_index], current, atol=1e-12)


def test_sensitivity_matches_scikit_learn_at_grid_points(loaded_model, wine):
    result = sensitivity(loaded_model, wine)
    rows, expected = [], []
    for j, curve in enumerate(result.curves):
        for i in (0, len(curve.grid) // 3, len(curve.grid) - 1):
            row = wine.copy()
            row[j] = curve.grid[i]
            rows.append(row)
            expected.append(curve.proba[i])
    sklearn_proba = loaded_model.estimator.predict_proba(pd.DataFrame(rows, columns=list(FEATURE_NAMES)))
    np.testing.assert_allclose(np.array(expected), sklearn_proba, atol=1e-9)


def test_sensitivity_makes_one_batched_predict_call(loaded_model, wine, monkeypatch):
    calls = []
    original = type(loaded_model).predict_proba
    monkeypatch.setattr(type(loaded_model), "predict_proba", lambda self, X: calls.append(len(X)) or original(self, X))
    result = sensitivity(loaded_model, wine)
    assert calls == [sum(len(c.grid) for c in result.curves)]


def test_sensitivity_includes_a_current_value_outside_the_slider_range(loaded_model, wine):
    j = MEASUREMENT_NAMES.index("alcohol")
    outside = wine.copy()
    outside[j] = loaded_model.features[j]["max"] + 1.0
    curve = sensitivity(loaded_model, outside, n_points=10).curves[j]
    assert len(curve.grid) == 11 and curve.grid[-1] == curve.current == outside[j]
    assert curve.current_index == 10


def test_sensitivity_accepts_a_mapping_and_refuses_a_bad_vector(loaded_model, average_wine, wine):
    from_mapping = sensitivity(loaded_model, average_wine)
    np.testing.assert_array_equal(from_mapping.proba, sensitivity(loaded_model, wine).proba)
    with pytest.raises(WineInputError):
        sensitivity(loaded_model, wine[:11])
    with pytest.raises(WineInputError):
        sensitivity(loaded_model, np.append(wine[:11], 2.0))
