"""Why the shipped GBM subsamples rows: a training-split-only comparison (nested out-of-fold).

    python -m bench.calibration      # ~4 min on 2 cores; not part of `python -m bench`

Each candidate (the reference GBM, and the shipped subsampled GBM, both with the out-of-fold temperature)
is scored by cross_val_predict over 5 outer folds of the *training* split, so the choice needs no test wine.
"""
from __future__ import annotations

import sys
import time

from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from model import data, train
from model.metrics import evaluate

CANDIDATES = {"reference + temperature": train.REFERENCE_PARAMS, "shipped (subsample 0.8) + temperature": train.SHIPPED_PARAMS}


def main() -> int:
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
