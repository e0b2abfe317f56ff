""""Make it good": the fewest, smallest moves (in standard units) after which the model predicts good.

Search: a beam search over single-measurement moves to values on a per-colour grid (quantiles and even
steps of the training wines of the wine's colour), one batched predict call per number of moves; the
first number of moves that reaches "good" wins. The cheapest few solutions are then polished: each move
is pulled back towards the original value as far as the prediction stays good (on the slider's step, so
the sliders reproduce it exactly), moves that are not needed are dropped, and the result is re-checked.
Deterministic; colour never changes; every moved value stays within that colour's training range.

Options: `movable` limits the measurements that may move (the page leaves density and pH out by default: they
follow from the others); `prefer_plausible` keeps searching, up to `max_moves`, for a good wine that the
plausibility guard would accept, and only falls back to an unreal one, marked `plausible=False`.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from model.plausibility import plausibility
from model.schema import MEASUREMENT_NAMES
from model.whatif import N_MEASUREMENTS, TrainingWines, Wine, as_vector

GOOD = 2
MAX_MOVES = 4
GRID_POINTS = 16     # quantiles per measurement, plus half as many evenly spaced values
BEAM_WIDTH = 4       # partial solutions carried to the next number of moves
POLISHED = 3         # cheapest solutions polished before choosing
POLISH_POINTS = 12   # values tried per move and per pass when pulling it back
FIRST_DENSITY = 3    # the first move is searched on a grid this many times finer (~600 rows, one batch)
PLAUSIBLE_TRIES = 8  # with prefer_plausible: good solutions polished and checked per number of moves
DERIVED = ("density", "pH")  # follow from the other measurements: not real levers, left out by default
DEFAULT_MOVABLE: tuple[str, ...] = tuple(n for n in MEASUREMENT_NAMES if n not in DERIVED)


@dataclass(frozen=True)
class Move:
    """Set `feature` (column `index` in model order) from `before` to `after`; `delta_std` is signed."""

    feature: str
    index: int
    before: float
    after: float
    delta_std: float


@dataclass(frozen=True)
class Counterfactual:
    """The outcome of make_it_good; when `found` is False, `moves` is empty and `wine` is None."""

    found: bool
    moves: tuple[Move, ...]
    wine: np.ndarray | None    # (12,) the changed wine, model order
    proba: np.ndarray          # (3,) probabilities of the changed wine (of the original when not found)
    proba_before: np.ndarray   # (3,) probabilities of the original wine
    cost_std: float            # sum of |delta_std| over the moves
    message: str               # one plain sentence for the page
    plausible: bool = True     # False: only a wine unlike real wines (see model/plausibility.py) reaches good

    @property
    def changes(self) -> dict[str, float]:
        """{feature: new value} for the moves, e.g. to apply to the sliders."""
        return {m.feature: m.after for m in self.moves}


def _is_good(proba: np.ndarray) -> np.ndarray:
    return proba.argmax(axis=-1) == GOOD


def _candidates(ref: TrainingWines, x: np.ndarray, max_step_std: float | None, points: int,
                movable: Collection[str] | None = None):
    """All single moves of the `movable` measurements (all when None) as parallel arrays (feature, value,
    |delta| in std units), sorted by feature."""
    colour = int(x[-1])
    train = ref.frames[colour][list(MEASUREMENT_NAMES)].to_numpy(dtype=float)
    quantiles = np.quantile(train, np.linspace(0, 1, points), axis=0)
    features, values = [], []
    for j, spec in enumerate(ref.model.features):
        if movable is not None and spec["name"] not in movable:
            continue
        lo, hi, step, dec = ref.low[colour][j], ref.high[colour][j], spec["step"], spec["decimals"]
        if max_step_std is not None:
            lo, hi = max(lo, x[j] - max_step_std * ref.std[j]), min(hi, x[j] + max_step_std * ref.std[j])
        grid = np.round(np.concatenate([quantiles[:, j], np.linspace(lo, hi, points // 2 + 1)]), dec)
        grid = np.unique(grid[(grid >= lo) & (grid <= hi) & (np.abs(grid - x[j]) >= step / 2)])
        features.append(np.full(len(grid), j))
        values.append(grid)
    if not features:
        return np.zeros(0, dtype=int), np.zeros(0), np.zeros(0)
    feature, value = np.concatenate(features), np.concatenate(values)
    return feature, value, np.abs(value - x[feature]) / ref.std[feature]


def _polish(ref: TrainingWines, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pull each move of `y` back towards `x` while the prediction stays good; drop unneeded moves."""
    model, colour, y = ref.model, int(x[-1]), y.copy()
    lo, hi = ref.low[colour], ref.high[colour]
    for j in np.argsort(-np.abs(y - x)[:N_MEASUREMENTS] / ref.std, kind="stable"):
        if y[j] == x[j]:
            continue
        dec = ref.model.features[j]["decimals"]
        near, far = x[j], y[j]   # `far` is known good; search (near, far] from the near side, two passes
        for _ in range(2):
            tries = np.round(np.linspace(near, far, POLISH_POINTS + 1)[1:], dec)
            tries = tries[(tries >= lo[j]) & (tries <= hi[j]) & ((tries - near) * (far - tries) >= 0)]
            tries = np.concatenate([[x[j]], tries[np.argsort(np.abs(tries - x[j]), kind="stable")]])
            rows = np.repeat(y[None, :], len(tries), axis=0)
            rows[:, j] = tries
            good = _is_good(model.predict_proba(rows))
            k = int(np.argmax(good))  # the last try is `far` itself (rounded), so some try is good
            if not good[k]:
                break
            if k == 0:
                far = x[j]
                break
            near, far = (tries[k - 1] if k > 1 else near), tries[k]
        y[j] = far
    while True:  # a move is kept only if undoing it alone loses "good"
        moved = np.flatnonzero(y[:N_MEASUREMENTS] != x[:N_MEASUREMENTS])
        if len(moved) == 0:
            return y
        rows = np.repeat(y[None, :], len(moved), axis=0)
        rows[np.arange(len(moved)), moved] = x[moved]
        still = _is_good(model.predict_proba(rows))
        if not still.any():
            return y
        undo = moved[np.argmax(np.where(still, np.abs(y - x)[moved] / ref.std[moved], -1.0))]
        y[undo] = x[undo]


def _result(ref: TrainingWines, x: np.ndarray, y: np.ndarray, p0: np.ndarray, p: np.ndarray,
            plausible: bool = True) -> Counterfactual:
    moves = tuple(
        Move(MEASUREMENT_NAMES[j], int(j), float(x[j]), float(y[j]), float((y[j] - x[j]) / ref.std[j]))
        for j in np.flatnonzero(y[:N_MEASUREMENTS] != x[:N_MEASUREMENTS])
    )
    cost = float(sum(abs(m.delta_std) for m in moves))
    if not moves:
        return Counterfactual(True, (), x.copy(), p0, p0, 0.0, "The model already predicts this wine as good.")
    what = "1 move" if len(moves) == 1 else f"{len(moves)} moves"
    message = f"{what} ({cost:.2f} standard units in all) and the model predicts good."
    if not plausible:
        message = f"Only a wine unlike real wines reaches good: {message}"
    return Counterfactual(True, moves, y, p, p0, cost, message, plausible)


def make_it_good(
    ref: TrainingWines,
    wine: Wine,
    *,
    max_moves: int = MAX_MOVES,
    max_step_std: float | None = None,
    beam_width: int = BEAM_WIDTH,
    grid_points: int = GRID_POINTS,
    movable: Collection[str] | None = None,
    prefer_plausible: bool = False,
) -> Counterfactual:
    """The smallest change to `wine` (12-vector or mapping) predicted good: fewest moves, then least std moved.

    `max_moves` bounds the number of measurements changed; `max_step_std` (optional) bounds each move;
    `movable` (optional) names the measurements that may move; `prefer_plausible` prefers a good wine the
    plausibility guard accepts, with more moves if need be, to an unreal one.
    """
    x = as_vector(wine)
    model = ref.model
    p0 = model.predict_proba(x[None, :])[0]
    if _is_good(p0):
        return _result(ref, x, x, p0, p0)
    feature, value, cost = _candidates(ref, x, max_step_std, grid_points * FIRST_DENSITY, movable)
    coarse = set(zip(*_candidates(ref, x, max_step_std, grid_points, movable)[:2]))
    unreal = None  # with prefer_plausible: the best good wine found so far that the guard would flag
    later = np.array([(f, v) in coarse for f, v in zip(feature, value)], dtype=bool)  # what moves 2.. may use
    beam = np.zeros((1, 0), dtype=int)  # rows = partial solutions, as indices into the candidates
    for level in range(1, max_moves + 1):
        taken = np.zeros((len(beam), N_MEASUREMENTS), dtype=bool)
        np.put_along_axis(taken, feature[beam], True, axis=1)
        parent, cand = np.nonzero(~taken[:, feature] & (later | (level == 1)))
        states = np.unique(np.sort(np.column_stack([beam[parent], cand]), axis=1), axis=0)
        if len(states) == 0:
            break
        rows = np.repeat(x[None, :], len(states), axis=0)
        rows[np.arange(len(states))[:, None], feature[states]] = value[states]
        proba = model.predict_proba(rows)
        good = np.flatnonzero(_is_good(proba))
        if len(good):
            best = None
            tries = PLAUSIBLE_TRIES if prefer_plausible else POLISHED
            for i in good[np.argsort(cost[states[good]].sum(axis=1), kind="stable")][:tries]:
                y = _polish(ref, x, rows[i])
                p = model.predict_proba(y[None, :])[0]
                key = (int((y != x).sum()), float((np.abs(y - x)[:N_MEASUREMENTS] / ref.std).sum()))
                if not _is_good(p):
                    continue
                if prefer_plausible and plausibility(ref, y).is_implausible:
                    unreal = unreal or (key, y, p)
                    continue
                if best is None or key < best[0]:
                    best = (key, y, p)
            if best is not None:
                return _result(ref, x, best[1], p0, best[2])
        with np.errstate(divide="ignore"):
            margin = np.log(proba[:, GOOD]) - np.log(proba[:, :GOOD].max(axis=1))
        keys = (np.left_shift(1, feature[states])).sum(axis=1)  # the set of measurements moved
        order = np.argsort(-margin, kind="stable")
        _, first = np.unique(keys[order], return_index=True)
        beam = states[order[np.sort(first)][:beam_width]]
    if unreal is not None:
        return _result(ref, x, unreal[1], p0, unreal[2], plausible=False)
    limit = f" of at most {max_step_std:g} standard units each" if max_step_std is not None else ""
    message = f"No change of up to {max_moves} measurement(s){limit} makes the model predict good."
    return Counterfactual(False, (), None, p0, p0, 0.0, message)
