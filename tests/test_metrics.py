"""model/metrics.scores: one computation of precision, recall and accuracy from a confusion matrix, used everywhere."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from model.metrics import scores
from model.reference import scored_test_set


def test_scores_agree_with_scikit_learn():
    rng = np.random.default_rng(3)
    y, pred = rng.integers(0, 3, 500), rng.integers(0, 3, 500)
    s = scores(confusion_matrix(y, pred, labels=[0, 1, 2]))
    precision, recall, _, support = precision_recall_fscore_support(y, pred, labels=[0, 1, 2], zero_division=0)
    assert s["n"] == 500
    assert s["accuracy"] == pytest.approx(accuracy_score(y, pred), abs=1e-15)
    assert s["macro_precision"] == pytest.approx(precision.mean(), abs=1e-15)
    for k, c in enumerate(("poor", "average", "good")):
        assert s["per_class"][c] == pytest.approx({"precision": precision[k], "recall": recall[k], "support": support[k]})


def test_a_bucket_never_predicted_has_precision_zero():
    s = scores(np.array([[5, 0, 0], [2, 0, 0], [0, 0, 3]]))
    assert s["per_class"]["average"] == {"precision": 0.0, "recall": 0.0, "support": 2}
    assert s["accuracy"] == 0.8


def test_empty_matrix_scores_zero():
    s = scores(np.zeros((3, 3), dtype=int))
    assert s["n"] == 0 and s["accuracy"] == 0.0 and s["macro_precision"] == 0.0


def test_test_set_scores_match_the_manifest(loaded_model):
    s, recorded = scored_test_set(loaded_model).scores("all"), loaded_model.manifest["metrics"]["test"]
    assert round(s["macro_precision"], 6) == recorded["macro_precision"]
    assert round(s["accuracy"], 6) == recorded["accuracy"]
