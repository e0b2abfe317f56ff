"""How sure the calibration figures are, and why the shipped GBM subsamples rows.

    python -m bench.calibration            # ~4 min on 2 cores; not part of `python -m bench`
    python -m bench.calibration --quick    # only the bootstrap of the test-set ECE (seconds)

First a bootstrap of the shipped model's test-set ECE (how much 1,300 wines can tell). Then a training-split-only
comparison: each candidate (the reference GBM, and the shipped subsampled GBM, both with the out-of-fold temperature)
is scored by cross_val_predict over 5 outer folds of the *training* split, so the choice needs no test wine.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from model import data, train
from model.loader import load_model
from model.reference import scored_test_set
from model.metrics import evaluate, expected_calibration_error

CANDIDATES = {"reference + temperature": train.REFERENCE_PARAMS, "shipped (subsample 0.8) + temperature": train.SHIPPED_PARAMS}


def bootstrap_ece(resamples: int = 300, seed: int = 0) -> None:
    """The shipped model's test ECE and its bootstrap spread over resampled test sets."""
    ts = scored_test_set(load_model())
    rng = np.random.default_rng(seed)
    draws = [expected_calibration_error(ts.proba[i], ts.y[i])
             for i in (rng.integers(0, len(ts.y), len(ts.y)) for _ in range(resamples))]
    lo, hi = np.percentile(draws, [5, 95])
    print(f"shipped model, test-set ECE {expected_calibration_error(ts.proba, ts.y):.3f}; bootstrap over "
          f"{resamples} resamples of the {len(ts.y)} test wines: sd {np.std(draws):.3f}, 90% interval {lo:.3f}-{hi:.3f}")


def main(argv: list[str] | None = None) -> int:
    bootstrap_ece()
    if "--quick" in (sys.argv[1:] if argv is None else argv):
        return 0
    sp = data.split(data.load_wines())
    outer = StratifiedKFold(5, shuffle=True, random_state=0)
    print(f"nested out-of-fold on the training split ({len(sp.y_train)} wines), 5 outer folds")
    print(f"{'candidate':<40}{'macro precision':>16}{'accuracy':>10}{'log loss':>10}{'ECE':>8}{'seconds':>9}")
    for name, params in CANDIDATES.items():
        # the shipped wrapper (temperature on inner out-of-fold scores) around each candidate GBM
        model = train.build_model(calibrated=True).set_params(estimator=GradientBoostingClassifier(**params), n_jobs=1)
        t0 = time.perf_counter()
        proba = cross_val_predict(model, sp.X_train, sp.y_train, cv=outer, method="predict_proba", n_jobs=-1)
        m = evaluate(proba, sp.y_train)
        print(f"{name:<40}{m['macro_precision']:>16.3f}{m['accuracy']:>10.3f}{m['log_loss']:>10.3f}"
              f"{m['ece']:>8.3f}{time.perf_counter() - t0:>9.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
