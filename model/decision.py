"""Decisions under business costs: the Bayes rule over calibrated probabilities, and how a policy fares on wines.

A policy is a cost matrix C[t][d] (the cost of deciding bucket d for a wine whose true bucket is t; rows and
columns in the order poor, average, good) and, optionally, the cost r of sending a wine to a taster instead.
For probabilities p the expected cost of deciding d is sum_t p_t C[t][d], that of referring is r, and the decision
is the cheapest action; ties go to the earlier action in the order poor, average, good, refer. With zero-one costs
and no taster that is the most likely bucket.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np
from sklearn.metrics import precision_recall_curve, roc_curve

from model.schema import CLASSES

REFER = "refer"
K = len(CLASSES)
MAX_COST = 1e6  # far above any sensible business cost; keeps every product finite


class PolicyError(ValueError):
    """A cost matrix or taster cost that cannot be a policy; `field` names where (e.g. 'costs[2][0]')."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Policy:
    costs: tuple[tuple[float, ...], ...]  # 3 x 3, rows true bucket, columns decision
    refer: float | None = None            # the taster's cost; None: every wine is decided

    @property
    def actions(self) -> tuple[str, ...]:
        return CLASSES + ((REFER,) if self.refer is not None else ())

    def action_costs(self) -> np.ndarray:
        """Cost of each action for each true bucket: 3 x 3, or 3 x 4 with the taster's constant column."""
        c = np.array(self.costs, dtype=float)
        if self.refer is None:
            return c
        return np.hstack([c, np.full((K, 1), float(self.refer))])

    @property
    def is_zero_one(self) -> bool:
        return self.refer is None and self.costs == ZERO_ONE.costs

    def as_dict(self) -> dict:
        body: dict = {"costs": [list(row) for row in self.costs]}
        if self.refer is not None:
            body["refer"] = self.refer
        return body


ZERO_ONE = Policy(tuple(tuple(0.0 if t == d else 1.0 for d in range(K)) for t in range(K)))

# the page's presets, and the policies the model card checks: rows true bucket, columns decision
PRESET_COSTS = {
    "same": [[0, 1, 1], [1, 0, 1], [1, 1, 0]],          # every mistake costs the same
    "poor-as-good": [[0, 1, 10], [1, 0, 1], [1, 1, 0]],  # selling a poor wine as good is 10x worse
    "margin": [[0, 1, 1], [1, 0, 1], [3, 2, 0]],         # missing a good wine costs a margin
}


def _cost(value, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        kind = "null" if value is None else type(value).__name__
        raise PolicyError(f"'{field}' must be a number, not {kind} {value!r}", field)
    x = float(value)
    if not math.isfinite(x):
        raise PolicyError(f"'{field}' must be a finite number, not {value!r}", field)
    if x < 0:
        raise PolicyError(f"'{field}' must not be negative ({x:g}); write a reward as a smaller cost", field)
    if x > MAX_COST:
        raise PolicyError(f"'{field}' = {x:g} is over the largest cost allowed, {MAX_COST:g}", field)
    return x


def parse_policy(costs, refer=None) -> Policy:
    """A cost matrix (3 lists of 3 numbers) and an optional taster cost -> Policy; PolicyError naming the field."""
    if costs is None:
        raise PolicyError("'costs' is missing: give a 3x3 cost matrix, rows true bucket, columns decision", "costs")
    if not isinstance(costs, Sequence) or isinstance(costs, (str, bytes)) or len(costs) != K:
        raise PolicyError(f"'costs' must be a list of {K} rows (poor, average, good), each of {K} numbers", "costs")
    rows = []
    for t, row in enumerate(costs):
        if not isinstance(row, Sequence) or isinstance(row, (str, bytes)) or len(row) != K:
            raise PolicyError(f"'costs[{t}]' must be a list of {K} numbers (sold as poor, average, good)",
                              f"costs[{t}]")
        rows.append(tuple(_cost(v, f"costs[{t}][{d}]") for d, v in enumerate(row)))
    return Policy(tuple(rows), None if refer is None else _cost(refer, "refer"))


def expected_costs(proba: np.ndarray, policy: Policy) -> np.ndarray:
    """E[action] for each wine: n x 3 (or n x 4 with a taster), columns in the order of `policy.actions`. The
    taster's column is exactly its fee, not a sum of probabilities times it."""
    proba = np.asarray(proba, dtype=float)
    decided = proba @ np.array(policy.costs, dtype=float)
    if policy.refer is None:
        return decided
    return np.hstack([decided, np.full((len(proba), 1), float(policy.refer))])


def decide(proba: np.ndarray, policy: Policy) -> np.ndarray:
    """The cheapest action's index for each wine (np.argmin takes the first of equal costs: the earlier action)."""
    return expected_costs(proba, policy).argmin(axis=1)


def evaluate(proba: np.ndarray, y: np.ndarray, policy: Policy) -> dict:
    """The policy on wines with known buckets `y`: confusion (rows true bucket, a column per action), realised and
    expected cost per wine, coverage (share decided without a taster), accuracy of the decided wines, and the cost
    had every wine taken its most likely bucket."""
    proba, y = np.asarray(proba, dtype=float), np.asarray(y, dtype=int)
    cost = policy.action_costs()
    expected = expected_costs(proba, policy)
    d = expected.argmin(axis=1)
    n_actions = cost.shape[1]
    confusion = np.bincount(y * n_actions + d, minlength=K * n_actions).reshape(K, n_actions)
    decided = confusion[:, :K]
    n_decided = int(decided.sum())
    argmax = proba.argmax(axis=1)
    n = len(y)
    return {
        "confusion": confusion.tolist(),
        "columns": list(policy.actions),
        "wines": n,
        "realized_cost_per_wine": float(cost[y, d].mean()),
        "expected_cost_per_wine": float(expected[np.arange(n), d].mean()),
        "coverage": n_decided / n,
        "decided_accuracy": float(np.trace(decided) / n_decided) if n_decided else None,
        "argmax": {"realized_cost_per_wine": float(cost[y, argmax].mean())},
    }


def coverage_curve(proba: np.ndarray, y: np.ndarray, costs: Policy, refers: Sequence[float]) -> dict:
    """For each taster cost in `refers`: the share decided by the model, the realised cost per wine and the error
    rate of the decided wines (None where none is decided). `costs` gives the cost matrix."""
    coverage, cost, error = [], [], []
    for r in refers:
        result = evaluate(proba, y, Policy(costs.costs, float(r)))
        coverage.append(result["coverage"])
        cost.append(result["realized_cost_per_wine"])
        acc = result["decided_accuracy"]
        error.append(None if acc is None else 1 - acc)
    return {"refer": [float(r) for r in refers], "coverage": coverage, "cost_per_wine": cost, "error_rate": error}


def refer_grid(proba: np.ndarray, policy: Policy, points: int = 41) -> np.ndarray:
    """Taster's fees from 0 (every wine referred) to the largest cost in the matrix (none referred), through the
    quantiles of the wines' cheapest expected cost, where the share decided changes."""
    cheapest = expected_costs(proba, Policy(policy.costs)).min(axis=1)
    top = max(max(row) for row in policy.costs)
    inner = np.quantile(cheapest, np.linspace(0, 1, points)) + 1e-9  # just past each quantile: it is decided
    return np.unique(np.concatenate([[0.0], inner[inner < top], [top if top > 0 else 1.0]]))


def operating_points(y: np.ndarray, decisions: np.ndarray) -> list[dict]:
    """One-vs-rest for each bucket: the policy's 'decide this bucket' as a positive call, as a point on the ROC
    (false and true positive rate) and precision-recall (recall, precision) curves."""
    y, decisions = np.asarray(y), np.asarray(decisions)
    points = []
    for k in range(K):
        positive, called = y == k, decisions == k
        tp = int((positive & called).sum())
        fpr = float((called & ~positive).sum() / max(int((~positive).sum()), 1))
        tpr = float(tp / max(int(positive.sum()), 1))
        precision = float(tp / int(called.sum())) if called.any() else None
        points.append({"bucket": CLASSES[k], "fpr": fpr, "tpr": tpr, "recall": tpr, "precision": precision})
    return points


CURVE_POINTS = 120  # a chart's curve, thinned to at most this many points (the ends always kept)


def _thin(*arrays: np.ndarray, points: int = CURVE_POINTS) -> list[np.ndarray]:
    n = len(arrays[0])
    if n <= points:
        return list(arrays)
    keep = np.unique(np.linspace(0, n - 1, points).round().astype(int))
    return [a[keep] for a in arrays]


def one_vs_rest_curves(proba: np.ndarray, y: np.ndarray, points: int = CURVE_POINTS) -> list[dict]:
    """ROC and precision-recall curves of each bucket against the rest, scored by that bucket's probability
    (scikit-learn's roc_curve and precision_recall_curve), each thinned to at most `points` points for a chart."""
    proba, y = np.asarray(proba, dtype=float), np.asarray(y)
    curves = []
    for k in range(K):
        fpr, tpr = _thin(*roc_curve(y == k, proba[:, k])[:2], points=points)
        precision, recall = _thin(*precision_recall_curve(y == k, proba[:, k])[:2], points=points)
        curves.append({"bucket": CLASSES[k], "fpr": fpr.tolist(), "tpr": tpr.tolist(),
                       "precision": precision.tolist(), "recall": recall.tolist()})
    return curves


def test_set_report(proba: np.ndarray, y: np.ndarray, policy: Policy) -> dict:
    """Everything the page shows of a policy on held-out wines: `evaluate`'s figures, the coverage curve over
    taster's fees with the policy's own point, and one-vs-rest curves with the policy's operating points."""
    result = evaluate(proba, y, policy)
    acc = result["decided_accuracy"]
    return {
        "result": result,
        "curve": coverage_curve(proba, y, policy, refer_grid(proba, policy)),
        "current": {"coverage": result["coverage"], "cost": result["realized_cost_per_wine"],
                    "error": None if acc is None else 1 - acc},
        "curves": one_vs_rest_curves(proba, y),
        "points": operating_points(y, decide(proba, policy)),
    }
