"""Sensitivity curves: each bucket's probability as one measurement sweeps its range, the others fixed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.loader import LoadedModel
from model.predict import predict_proba
from model.schema import MEASUREMENT_NAMES
from model.whatif import Wine, as_vector

N_POINTS = 33


@dataclass(frozen=True)
class Curve:
    """One measurement's sweep: `proba[i]` is (poor, average, good) with the measurement at `grid[i]`."""

    feature: str
    grid: np.ndarray      # (m,) ascending values: the slider range's n_points, plus the current value
    proba: np.ndarray     # (m, 3)
    current: float        # the wine's value; grid[current_index] == current
    current_index: int


@dataclass(frozen=True)
class Sensitivity:
    """All 11 curves for one wine, in model order, and the wine's own probabilities."""

    curves: tuple[Curve, ...]
    proba: np.ndarray     # (3,) the current wine's probabilities (equal to every curve at its current value)
    classes: tuple[str, ...]


def sweep_grid(spec: dict, current: float, n_points: int = N_POINTS) -> np.ndarray:
    """`n_points` evenly over the manifest's min..max, plus `current` (which may lie outside), ascending."""
    grid = np.linspace(spec["min"], spec["max"], n_points)
    return np.unique(np.append(grid, current))


def sensitivity(model: LoadedModel, wine: Wine, n_points: int = N_POINTS) -> Sensitivity:
    """Sweep each measurement of `wine` (12-vector or mapping) across its range; one batched predict call."""
    x = as_vector(wine)
    grids = [sweep_grid(spec, x[j], n_points) for j, spec in enumerate(model.features)]
    sizes = [len(g) for g in grids]
    rows = np.repeat(x[None, :], sum(sizes), axis=0)
    feature_of_row = np.repeat(np.arange(len(grids)), sizes)
    rows[np.arange(len(rows)), feature_of_row] = np.concatenate(grids)
    proba = predict_proba(model, rows)
    curves, start = [], 0
    for j, grid in enumerate(grids):
        block = proba[start : start + len(grid)]
        at = int(np.flatnonzero(grid == x[j])[0])
        curves.append(Curve(MEASUREMENT_NAMES[j], grid, block, float(x[j]), at))
        start += len(grid)
    return Sensitivity(tuple(curves), curves[0].proba[curves[0].current_index].copy(), model.classes)
