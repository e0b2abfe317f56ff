"""Plausibility guard: is a wine further from the real wines than 99% of real test wines are?

Distance = mean Euclidean distance, in standard units over the 11 measurements, to the 5 nearest
training wines of the same colour. Threshold = the 99th percentile of that distance for the real test
wines of that colour (computed once, in `TrainingWines.build`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.whatif import TrainingWines, Wine, as_vector


@dataclass(frozen=True)
class Plausibility:
    """How far a wine is from the real ones; `nearest` are real training wines, nearest first."""

    distance: float          # mean distance to the nearest training wines of its colour, standard units
    threshold: float         # 99th percentile of the same distance for the real test wines of that colour
    is_implausible: bool     # distance > threshold: "the model has seen few wines like this"
    nearest: pd.DataFrame    # 12 features, quality, bucket, distance; index = row id in the merged data


def plausibility(ref: TrainingWines, wine: Wine) -> Plausibility:
    """Distance of `wine` (12-vector or mapping) to the training wines, its threshold and nearest wines."""
    x = as_vector(wine)
    colour = int(x[-1])
    dist, idx = ref.indexes[colour].kneighbors(ref.standardise(x[None, :]))
    nearest = ref.frames[colour].iloc[idx[0]].copy()
    nearest["distance"] = dist[0]
    distance, threshold = float(dist[0].mean()), ref.thresholds[colour]
    return Plausibility(distance, threshold, bool(distance > threshold), nearest)
