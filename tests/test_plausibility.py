"""Plausibility guard: distance to real training wines against the 99th percentile of real test wines."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from model.plausibility import plausibility
from model.schema import COLOR, MEASUREMENT_NAMES, bucket_of
from model.whatif import NEIGHBOURS
from model.reference import training_wines


@pytest.fixture(scope="module")
def ref(loaded_model):
    return training_wines(loaded_model)


def _z(loaded_model, frame) -> np.ndarray:
    mean = np.array([f["mean"] for f in loaded_model.features])
    std = np.array([f["std"] for f in loaded_model.features])
    return (frame[list(MEASUREMENT_NAMES)].to_numpy(dtype=float) - mean) / std


@pytest.mark.parametrize("colour", ["white", "red"])
def test_the_average_wine_is_plausible(ref, loaded_model, colour):
    wine = {f["name"]: f["mean_by_color"][colour] for f in loaded_model.features} | {COLOR: colour}
    result = plausibility(ref, wine)
    assert not result.is_implausible and result.distance < result.threshold


@pytest.mark.parametrize("colour", [0, 1])
@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_one_end_is_implausible(ref, loaded_model, colour, end):
    result = plausibility(ref, [f[end] for f in loaded_model.features] + [colour])
    assert result.is_implausible and result.distance > result.threshold


@pytest.mark.parametrize("colour", [0, 1])
def test_threshold_is_the_99th_percentile_of_test_wine_distances(ref, loaded_model, wine_split, colour):
    train = wine_split.X_train[wine_split.X_train[COLOR] == colour]
    test = wine_split.X_test[wine_split.X_test[COLOR] == colour]
    a, b = _z(loaded_model, test), _z(loaded_model, train)
    pairwise = cdist(a, b)  # brute force, independent of scikit-learn's neighbour search
    distances = np.sort(pairwise, axis=1)[:, :NEIGHBOURS].mean(axis=1)
    assert ref.thresholds[colour] == pytest.approx(np.percentile(distances, 99), rel=1e-9)
    flagged = sum(plausibility(ref, row).is_implausible for row in test.to_numpy())
    assert 0 < flagged <= math.ceil(0.01 * len(test))


def test_nearest_wines_are_real_training_rows(ref, loaded_model, wines, wine_split, average_wine):
    result = plausibility(ref, average_wine)
    nearest = result.nearest
    assert len(nearest) == NEIGHBOURS and nearest.index.isin(wine_split.X_train.index).all()
    features = list(wine_split.X_train.columns)
    np.testing.assert_array_equal(nearest[features].to_numpy(), wine_split.X_train.loc[nearest.index].to_numpy())
    np.testing.assert_array_equal(nearest["quality"].to_numpy(), wines.loc[nearest.index, "quality"].to_numpy())
    assert list(nearest["bucket"]) == [loaded_model.classes[bucket_of(q)] for q in nearest["quality"]]
    assert (nearest[COLOR] == 0).all() and nearest["distance"].is_monotonic_increasing
    x = ref.standardise(np.array([[average_wine[n] for n in MEASUREMENT_NAMES]]))
    np.testing.assert_allclose(nearest["distance"], np.linalg.norm(_z(loaded_model, nearest) - x, axis=1))
    assert result.distance == pytest.approx(nearest["distance"].mean())


def test_a_training_wine_is_its_own_nearest_wine(ref, wine_split):
    row = wine_split.X_train.iloc[7]
    result = plausibility(ref, row.to_numpy())
    assert result.nearest["distance"].iloc[0] == 0.0
    np.testing.assert_array_equal(result.nearest[list(row.index)].iloc[0].to_numpy(), row.to_numpy())
