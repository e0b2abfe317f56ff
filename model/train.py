"""The training command: data/ -> fitted, calibrated GBM -> model/wine_gbm.pkl + model/manifest.json.

    python -m model.train               # the shipped, temperature-calibrated model
    python -m model.train --reference   # the uncalibrated reference configuration, for comparison
"""
from __future__ import annotations

import argparse
import json
import pickle
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold

from model import data
from model import insight
from model.metrics import evaluate
from model.progress import FitProgress
from model.schema import BUCKET_EDGES, CLASSES, COLOR, COLORS, MEASUREMENTS, TARGET

MODEL_DIR = Path(__file__).resolve().parent
PICKLE_NAME = "wine_gbm.pkl"
MANIFEST_NAME = "manifest.json"
PICKLE_PROTOCOL = 5
REFERENCE_PARAMS = {"learning_rate": 0.1, "max_depth": 10, "random_state": 10}
# The shipped GBM adds row subsampling (stochastic gradient boosting, Friedman 2002) to the reference:
# it overfits the data's 1,177 duplicate rows less, which a temperature alone cannot undo.
SHIPPED_PARAMS = REFERENCE_PARAMS | {"subsample": 0.8}
CALIBRATION_FOLDS = 5
QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)
SOURCE = (
    "UCI Machine Learning Repository, Wine Quality (Cortez, Cerdeira, Almeida, Matos and Reis, "
    "Decision Support Systems 47(4):547-553, 2009)"
)
LICENSE = "CC BY 4.0"


def build_model(calibrated: bool = True):
    """The shipped model (subsampled GBM + temperature fitted out-of-fold), or the plain reference GBM."""
    if not calibrated:
        return GradientBoostingClassifier(**REFERENCE_PARAMS)
    # ensemble=False: the temperature is fitted on cross_val_predict scores of the training split,
    # and the trees used at prediction time are one GBM fitted on the whole training split.
    gbm = GradientBoostingClassifier(**SHIPPED_PARAMS)
    folds = StratifiedKFold(n_splits=CALIBRATION_FOLDS)
    return CalibratedClassifierCV(gbm, method="temperature", cv=folds, ensemble=False, n_jobs=-1)


def _r(x: float) -> float:
    return round(float(x), 6)


def feature_specs(wines: pd.DataFrame, train: pd.DataFrame) -> list[dict]:
    """What the UI builds sliders from and the API checks ranges against, per measurement."""
    specs = []
    for f in MEASUREMENTS:
        col = wines[f.name]
        specs.append(
            {
                "name": f.name,
                "alias": f.alias,
                "unit": f.unit,
                "step": f.step,
                "decimals": f.decimals,
                "min": _r(col.min()),
                "max": _r(col.max()),
                "train_min": _r(train[f.name].min()),
                "train_max": _r(train[f.name].max()),
                "hard_max": f.hard_max,
                "mean": _r(col.mean()),
                "std": _r(col.std()),
                "mean_by_color": {
                    c: _r(col[wines[COLOR] == v].mean()) for c, v in COLORS.items()
                },
                "quantiles": {str(q): _r(col.quantile(q)) for q in QUANTILES},
            }
        )
    return specs


REFERENCE_WINES_PER_COLOR = 3


def reference_wines(model, X_test: pd.DataFrame) -> list[dict]:
    """The first few test wines of each colour with the probabilities `model` gives them: /healthz scores them again
    and compares, so a model that loads but scores differently is caught."""
    picked = pd.concat([X_test[X_test[COLOR] == v].head(REFERENCE_WINES_PER_COLOR) for v in COLORS.values()])
    proba = model.predict_proba(picked)
    color_name = {v: c for c, v in COLORS.items()}
    return [
        {
            "row": int(row_id),
            "wine": {name: float(value) for name, value in wine.items() if name != COLOR}
            | {COLOR: color_name[int(wine[COLOR])]},
            "probabilities": [float(p) for p in probabilities],
        }
        for (row_id, wine), probabilities in zip(picked.iterrows(), proba)
    ]


def train(output_dir: Path, data_dir: Path, calibrated: bool, quiet: bool, command: str) -> dict:
    """Fit, evaluate and write the artifact; returns the manifest."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    wines = data.load_wines(data_dir)
    sp = data.split(wines)
    say(f"data: {len(wines)} wines, train {len(sp.X_train)}, test {len(sp.X_test)}")
    model = build_model(calibrated)
    what = (
        f"fitting the GBM and {CALIBRATION_FOLDS} out-of-fold GBMs for the temperature"
        if calibrated
        else "fitting the reference GBM"
    )
    gbm_fits = CALIBRATION_FOLDS + 1 if calibrated else 1
    gbm = model.estimator if calibrated else model
    # the monitor reaches every GBM fit, out-of-fold ones included; it only counts stages, so the pickle is unchanged
    with FitProgress(what, gbm_fits * gbm.n_estimators, quiet) as tick:
        model.fit(sp.X_train, sp.y_train, monitor=tick.monitor)
    proba = model.predict_proba(sp.X_test)
    twins = sp.test_twins()

    output_dir.mkdir(parents=True, exist_ok=True)
    pickle_path = output_dir / PICKLE_NAME
    with open(pickle_path, "wb") as fh:
        pickle.dump(model, fh, protocol=PICKLE_PROTOCOL)

    calibration = {"method": "none"}
    if calibrated:
        calibration = {
            "method": "temperature",
            "fitted_on": f"out-of-fold decision scores of the training split, "
            f"StratifiedKFold({CALIBRATION_FOLDS})",
            "inverse_temperature": _r(model.calibrated_classifiers_[0].calibrators[0].beta_),
        }
    manifest = {
        "schema_version": 1,
        "classes": list(CLASSES),
        "class_quality": {k: list(v) for k, v in BUCKET_EDGES.items()},
        "features": feature_specs(wines, sp.X_train),
        "color": {"name": COLOR, "values": COLORS},
        "feature_order": list(sp.X_train.columns),
        "model": {
            "file": PICKLE_NAME,
            "sha256": data.sha256_file(pickle_path),
            "bytes": pickle_path.stat().st_size,
            "pickle_protocol": PICKLE_PROTOCOL,
            "estimator": type(model).__name__,
            "gbm_params": SHIPPED_PARAMS if calibrated else REFERENCE_PARAMS,
            "calibration": calibration,
            "fit_seconds": round(tick.seconds, 1),
        },
        "data": {
            "source": SOURCE,
            "license": LICENSE,
            "files": {
                name: {"sha256": data.sha256_file(Path(data_dir) / name)}
                for name in data.DATA_FILES.values()
            },
            "rows": len(wines),
            "rows_by_color": {c: int((wines[COLOR] == v).sum()) for c, v in COLORS.items()},
            "exact_duplicate_rows": int(wines.duplicated().sum()),
            "bucket_counts": dict(zip(CLASSES, np.bincount(data.buckets(wines[TARGET])).tolist())),
            "split": {
                "test_size": data.TEST_SIZE,
                "random_state": data.SPLIT_SEED,
                "train_rows": len(sp.X_train),
                "test_rows": len(sp.X_test),
                "test_rows_with_train_twin": int(twins.sum()),
            },
        },
        "reference_wines": reference_wines(model, sp.X_test),
        "metrics": {
            "test": evaluate(proba, sp.y_test),
            "test_without_twins": evaluate(proba[~twins], sp.y_test[~twins]),
        },
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
        },
        "command": command,
    }
    manifest |= global_views(model, sp, proba, calibrated, quiet)
    (output_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def global_views(model, sp, proba, calibrated: bool, quiet: bool) -> dict:
    """The model card's importance and reliability figures on the test split (model/insight.py). The shipped
    model's reliability is shown beside the reference configuration's, fitted here on the same training split."""
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    start = time.perf_counter()
    importance = insight.importance(model, sp.X_test, sp.y_test)
    say(f"importance: contributions and permutation on the test split, {time.perf_counter() - start:.1f} s")
    curves = {"shipped" if calibrated else "reference": (proba, sp.y_test)}
    if calibrated:
        gbm = build_model(calibrated=False)
        with FitProgress("the reference GBM for the reliability diagram", gbm.n_estimators, quiet) as tick:
            reference = gbm.fit(sp.X_train, sp.y_train, monitor=tick.monitor)
        curves["reference"] = (reference.predict_proba(sp.X_test), sp.y_test)
    return {"importance": importance, "reliability": insight.reliability(curves),
            "decision_costs": insight.decision_costs(curves)}


def model_card(manifest: dict) -> str:
    """A few lines summarising the artifact's metrics, for the terminal."""
    lines = [f"model: {manifest['model']['estimator']} {manifest['model']['gbm_params']}",
             f"calibration: {manifest['model']['calibration']}"]
    for name, m in manifest["metrics"].items():
        lines.append(
            f"{name:<19} n={m['n']:<5} macro precision {m['macro_precision']:.3f}  accuracy "
            f"{m['accuracy']:.3f}  log loss {m['log_loss']:.3f}  ECE {m['ece']:.3f}"
        )
    lines.append(f"pickle sha256 {manifest['model']['sha256']} ({manifest['model']['bytes']:,} bytes)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.train", description=__doc__.splitlines()[0])
    parser.add_argument("--reference", action="store_true",
                        help="train the uncalibrated reference configuration instead of the shipped model")
    parser.add_argument("--output-dir", type=Path, default=MODEL_DIR,
                        help="where to write the pickle and manifest (default: model/)")
    parser.add_argument("--data-dir", type=Path, default=data.DATA_DIR, help="folder with the two UCI files")
    parser.add_argument("--quiet", action="store_true", help="print only the model card")
    args = parser.parse_args(argv)
    command = "python -m model.train" + (" --reference" if args.reference else "")
    try:
        manifest = train(args.output_dir, args.data_dir, not args.reference, args.quiet, command)
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(model_card(manifest))
    print(f"wrote {args.output_dir / PICKLE_NAME} and {args.output_dir / MANIFEST_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
