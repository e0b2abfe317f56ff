"""The model card's global views, computed by the training command: what matters to the model overall
(mean |contribution| and permutation importance) and reliability diagrams (confidence against observed accuracy)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.metrics import make_scorer, precision_score

from model.decision import PRESET_COSTS, evaluate, parse_policy
from model.explain import TreeExplainer
from model.schema import CLASSES, FEATURE_NAMES

PERMUTATION_REPEATS = 10
PERMUTATION_SEED = 0
PERMUTATION_SCORING = "precision_macro"
# the same score, with a bucket that nothing is predicted as counted 0 (scikit-learn's own choice) without a warning
MACRO_PRECISION = make_scorer(precision_score, average="macro", zero_division=0)
RELIABILITY_BINS = 10


def _r(x: float) -> float:
    return round(float(x), 6)


def mean_abs_contribution(model, X: pd.DataFrame) -> dict:
    """Mean |TreeSHAP contribution| (logits) of each feature to each bucket over the wines X."""
    phi = TreeExplainer(model).explain(X.to_numpy()).phi
    mean = np.abs(phi).mean(axis=0)
    return {c: {f: _r(mean[k, j]) for j, f in enumerate(FEATURE_NAMES)} for k, c in enumerate(CLASSES)}


def permutation(model, X: pd.DataFrame, y: np.ndarray) -> dict:
    """scikit-learn's permutation_importance: drop in macro precision when one feature is shuffled (mean, sd)."""
    result = permutation_importance(model, X, y, scoring=MACRO_PRECISION, n_repeats=PERMUTATION_REPEATS,
                                    random_state=PERMUTATION_SEED)
    return {
        "scoring": PERMUTATION_SCORING,
        "n_repeats": PERMUTATION_REPEATS,
        "random_state": PERMUTATION_SEED,
        "mean": {f: _r(m) for f, m in zip(FEATURE_NAMES, result.importances_mean)},
        "std": {f: _r(s) for f, s in zip(FEATURE_NAMES, result.importances_std)},
    }


def importance(model, X: pd.DataFrame, y: np.ndarray) -> dict:
    """Both global views of importance on the wines X (the test split)."""
    return {
        "on": f"test split ({len(X):,} wines)",
        "mean_abs_contribution": mean_abs_contribution(model, X),
        "permutation": permutation(model, X, y),
    }


def reliability_curve(proba: np.ndarray, y: np.ndarray, n_bins: int = RELIABILITY_BINS) -> dict:
    """Top-label reliability: per equal-width confidence bin, wines, mean confidence and how often the top bucket
    was right (the same bins as metrics.expected_calibration_error), and the ECE they add up to."""
    proba = np.asarray(proba)
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == np.asarray(y)
    which = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    bins, ece = [], 0.0
    for b in range(n_bins):
        inside = which == b
        n = int(inside.sum())
        conf = float(confidence[inside].mean()) if n else None
        acc = float(correct[inside].mean()) if n else None
        if n:
            ece += n / len(y) * abs(acc - conf)
        bins.append({"lower": b / n_bins, "upper": (b + 1) / n_bins, "count": n,
                     "confidence": None if conf is None else _r(conf), "accuracy": None if acc is None else _r(acc)})
    return {"bins": bins, "ece": _r(ece)}


def reliability(curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict:
    """Reliability diagrams for named models, each from (probabilities, labels) on the test split."""
    return {"kind": "top label", "n_bins": RELIABILITY_BINS,
            "models": {name: reliability_curve(p, y) for name, (p, y) in curves.items()}}


TASTER_FEE = 0.3  # the taster's fee of the model card's policy with a taster


def decision_costs(curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict:
    """Expected against realised cost per wine under the page's preset policies (and the 10x one with a taster),
    for named models, each from (probabilities, labels) on the test split. The expected cost trusts the
    probabilities; only a calibrated model's expectation matches what it pays."""
    policies = {name: parse_policy(costs) for name, costs in PRESET_COSTS.items()}
    policies["poor-as-good+taster"] = parse_policy(PRESET_COSTS["poor-as-good"], TASTER_FEE)
    models = {}
    for model_name, (proba, y) in curves.items():
        rows = {}
        for name, policy in policies.items():
            result = evaluate(proba, y, policy)
            rows[name] = {"expected": _r(result["expected_cost_per_wine"]),
                          "realized": _r(result["realized_cost_per_wine"]), "coverage": _r(result["coverage"])}
        models[model_name] = rows
    return {"on": "test split", "policies": {n: p.as_dict() for n, p in policies.items()}, "models": models}
