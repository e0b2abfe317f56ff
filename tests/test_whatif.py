"""The shared what-if reference: built once per artifact, per-colour ranges, input checking."""
from __future__ import annotations

import numpy as np
import pytest

from model.predict import WineInputError, wine_vector
from model.schema import MEASUREMENT_NAMES
from model.whatif import TrainingWines, as_vector
from model.reference import reference_data, training_wines


def test_training_wines_is_built_once_per_artifact(loaded_model):
    assert training_wines(loaded_model) is training_wines(loaded_model)


def test_training_wines_covers_the_training_split_by_colour(loaded_model, wine_split):
    ref = training_wines(loaded_model)
    assert sum(len(f) for f in ref.frames.values()) == len(wine_split.X_train)
    for colour, frame in ref.frames.items():
        assert (frame["color"] == colour).all()
        assert frame.index.isin(wine_split.X_train.index).all()


def test_per_colour_ranges_lie_within_the_slider_ranges(loaded_model):
    ref = training_wines(loaded_model)
    lo = np.array([f["min"] for f in loaded_model.features])
    hi = np.array([f["max"] for f in loaded_model.features])
    for colour in (0, 1):
        assert np.all(lo <= ref.low[colour]) and np.all(ref.low[colour] < ref.high[colour])
        assert np.all(ref.high[colour] <= hi)
        values = ref.frames[colour][list(MEASUREMENT_NAMES)].to_numpy()
        np.testing.assert_allclose(ref.low[colour], np.maximum(values.min(axis=0), lo))
    # the two colours do differ: a range per colour is narrower somewhere than the slider's
    assert np.any(ref.high[1] < hi) and np.any(ref.high[0] < hi)


def test_standard_units_use_the_manifest_mean_and_std(loaded_model):
    ref = training_wines(loaded_model)
    mean = np.array([f["mean"] for f in loaded_model.features])
    std = np.array([f["std"] for f in loaded_model.features])
    x = np.append(mean + 2 * std, 1.0)
    np.testing.assert_allclose(ref.standardise(x[None, :]), np.full((1, 11), 2.0))


def test_as_vector_accepts_mappings_and_vectors_and_refuses_the_rest(average_wine):
    np.testing.assert_array_equal(as_vector(average_wine), wine_vector(average_wine))
    np.testing.assert_array_equal(as_vector(list(wine_vector(average_wine))), wine_vector(average_wine))
    for bad in ([1.0] * 11, [1.0] * 11 + [0.5], [float("nan")] * 11 + [0.0]):
        with pytest.raises(WineInputError):
            as_vector(bad)


def test_a_fresh_build_equals_the_cached_one(loaded_model):
    fresh, cached = TrainingWines.build(loaded_model, reference_data(loaded_model).split), training_wines(loaded_model)
    assert fresh.thresholds == cached.thresholds
