"""Evaluation metrics for the three-bucket model: precision, calibration, confusion matrix."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss, precision_recall_fscore_support

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


def evaluate(proba: np.ndarray, y: np.ndarray) -> dict:
    """All reported metrics for probabilities `proba` (n x 3) against bucket labels `y`."""
    y = np.asarray(y)
    labels = list(range(len(CLASSES)))
    pred = np.asarray(proba).argmax(axis=1)
    precision, recall, _, support = precision_recall_fscore_support(
        y, pred, labels=labels, zero_division=0
    )
    return {
        "n": int(len(y)),
        "macro_precision": round(float(precision.mean()), 6),
        "accuracy": round(float(accuracy_score(y, pred)), 6),
        "log_loss": round(float(log_loss(y, proba, labels=labels)), 6),
        "ece": round(expected_calibration_error(proba, y), 6),
        "per_class": {
            name: {
                "precision": round(float(p), 6),
                "recall": round(float(r), 6),
                "support": int(s),
            }
            for name, p, r, s in zip(CLASSES, precision, recall, support)
        },
        # rows: actual bucket, columns: predicted bucket
        "confusion_matrix": confusion_matrix(y, pred, labels=labels).tolist(),
    }
