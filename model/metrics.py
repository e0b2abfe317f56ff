"""Evaluation metrics for the three-bucket model: precision, calibration, confusion matrix."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, log_loss

from model.schema import CLASSES


def expected_calibration_error(proba: np.ndarray, y: np.ndarray, n_bins: int = 10) -> float:
    """Top-label ECE over `n_bins` equal-width confidence bins."""
    proba = np.asarray(proba)
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == np.asarray(y)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        in_bin = bins == b
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


def scores(confusion: np.ndarray, classes: Sequence[str] = CLASSES) -> dict:
    """Precision and recall per class, macro precision and accuracy, from a confusion matrix
    (rows actual, columns predicted). A class never predicted has precision 0, as scikit-learn's zero_division=0."""
    counts = np.asarray(confusion, dtype=float)
    diag, predicted, actual = np.diag(counts), counts.sum(axis=0), counts.sum(axis=1)
    precision = np.divide(diag, predicted, out=np.zeros_like(diag), where=predicted > 0)
    recall = np.divide(diag, actual, out=np.zeros_like(diag), where=actual > 0)
    n = int(counts.sum())
    return {
        "n": n,
        "accuracy": float(diag.sum() / n) if n else 0.0,
        "macro_precision": float(precision.mean()),
        "per_class": {
            c: {"precision": float(p), "recall": float(r), "support": int(s)}
            for c, p, r, s in zip(classes, precision, recall, actual)
        },
    }


def evaluate(proba: np.ndarray, y: np.ndarray) -> dict:
    """All reported metrics for probabilities `proba` (n x 3) against bucket labels `y`."""
    y = np.asarray(y)
    labels = list(range(len(CLASSES)))
    pred = np.asarray(proba).argmax(axis=1)
    # rows: actual bucket, columns: predicted bucket
    confusion = confusion_matrix(y, pred, labels=labels)
    s = scores(confusion)
    return {
        "n": s["n"],
        "macro_precision": round(s["macro_precision"], 6),
        "accuracy": round(s["accuracy"], 6),
        "log_loss": round(float(log_loss(y, proba, labels=labels)), 6),
        "ece": round(expected_calibration_error(proba, y), 6),
        "per_class": {
            name: {"precision": round(v["precision"], 6), "recall": round(v["recall"], 6), "support": v["support"]}
            for name, v in s["per_class"].items()
        },
        "confusion_matrix": confusion.tolist(),
    }
