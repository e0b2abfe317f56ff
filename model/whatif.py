"""The training wines as the what-if tools see them: standard units, per-colour ranges, neighbour indexes.

Built once per process from the reference training split (`model.reference.training_wines(model)`);
read-only afterwards, so any number of callbacks can share it. Sensitivity needs only the model; "make it good" and the plausibility guard take this object, which also carries the model.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

from model import data
from model.loader import LoadedModel
from model.predict import WineInputError, wine_vector
from model.schema import COLOR, FEATURE_NAMES, MEASUREMENT_NAMES, TARGET

N_MEASUREMENTS = len(MEASUREMENT_NAMES)
NEIGHBOURS = 5          # plausibility distance = mean distance to this many nearest training wines
PERCENTILE = 99.0       # ... compared with this percentile of the same distance for the real test wines

Wine = Mapping | Sequence[float] | np.ndarray


def as_vector(wine: Wine) -> np.ndarray:
    """A wine as 12 floats in model order; a mapping is validated like the API does, colour must be 0 or 1."""
    if isinstance(wine, Mapping):
        return np.array(wine_vector(wine), dtype=float)
    x = np.array(wine, dtype=float).reshape(-1)
    if x.shape != (len(FEATURE_NAMES),) or not np.isfinite(x).all():
        raise WineInputError(f"a wine vector must be {len(FEATURE_NAMES)} finite numbers in model order")
    if x[-1] not in (0.0, 1.0):
        raise WineInputError(f"'{COLOR}' must be 0 (white) or 1 (red), not {x[-1]!r}", COLOR)
    return x


@dataclass(frozen=True, eq=False)
class TrainingWines:
    """Training split in standard units, per-colour value ranges, and per-colour neighbour indexes."""

    model: LoadedModel
    mean: np.ndarray                 # (11,) manifest mean of each measurement
    std: np.ndarray                  # (11,) manifest standard deviation: one "standard unit"
    low: dict[int, np.ndarray]       # colour -> (11,) smallest training value of that colour
    high: dict[int, np.ndarray]      # colour -> (11,) largest training value of that colour
    frames: dict[int, pd.DataFrame]  # colour -> training wines: features, quality, bucket (index = row id)
    indexes: dict[int, NearestNeighbors]
    test_distances: dict[int, np.ndarray]  # colour -> plausibility distance of each real test wine
    thresholds: dict[int, float]     # colour -> PERCENTILE of test_distances

    @classmethod
    def build(cls, model: LoadedModel, sp: data.Split) -> TrainingWines:
        """From the reference split `sp`: per-colour ranges and one neighbour index per colour (~0.05 s)."""
        specs = model.features
        mean = np.array([f["mean"] for f in specs], dtype=float)
        std = np.array([f["std"] for f in specs], dtype=float)
        slider_lo = np.array([f["min"] for f in specs], dtype=float)
        slider_hi = np.array([f["max"] for f in specs], dtype=float)
        low, high, frames, indexes, test_distances, thresholds = {}, {}, {}, {}, {}, {}
        for colour in (0, 1):
            train = sp.X_train[sp.X_train[COLOR] == colour]
            values = train[list(MEASUREMENT_NAMES)].to_numpy(dtype=float)
            low[colour] = np.maximum(values.min(axis=0), slider_lo)
            high[colour] = np.minimum(values.max(axis=0), slider_hi)
            frame = train.copy()
            frame[TARGET] = sp.quality_train[(sp.X_train[COLOR] == colour).to_numpy()]
            frame["bucket"] = [model.classes[b] for b in data.buckets(frame[TARGET])]
            frames[colour] = frame
            indexes[colour] = NearestNeighbors(n_neighbors=NEIGHBOURS).fit((values - mean) / std)
            test = sp.X_test[sp.X_test[COLOR] == colour][list(MEASUREMENT_NAMES)].to_numpy(dtype=float)
            dist, _ = indexes[colour].kneighbors((test - mean) / std)
            test_distances[colour] = dist.mean(axis=1)
            thresholds[colour] = float(np.percentile(test_distances[colour], PERCENTILE))
        return cls(model, mean, std, low, high, frames, indexes, test_distances, thresholds)

    def standardise(self, X: np.ndarray) -> np.ndarray:
        """Measurements (n x 11, or n x 12 with colour ignored) in standard units."""
        return (np.asarray(X, dtype=float)[..., :N_MEASUREMENTS] - self.mean) / self.std

