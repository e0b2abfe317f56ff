"""The compiled fast path gives scikit-learn's probabilities (to 1e-9) on the whole test set, row by row and in batches."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.fastpath import CompiledForest, _unwrap

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def test_X(wine_split) -> np.ndarray:
    return wine_split.X_test.to_numpy()


@pytest.fixture(scope="module")
def sklearn_proba(loaded_model, wine_split) -> np.ndarray:
    """The source of truth: the pickled estimator's predict_proba on the whole test split."""
    return loaded_model.estimator.predict_proba(wine_split.X_test)


def test_fast_path_matches_sklearn_on_whole_test_set(loaded_model, test_X, sklearn_proba):
    got = loaded_model.forest.predict_proba(test_X)
    assert got.shape == sklearn_proba.shape == (len(test_X), 3)
    np.testing.assert_allclose(got, sklearn_proba, rtol=0, atol=TOLERANCE)


def test_fast_path_single_rows_match_sklearn(loaded_model, test_X, sklearn_proba):
    forest = loaded_model.forest
    worst = max(np.abs(forest.predict_proba(test_X[i : i + 1])[0] - sklearn_proba[i]).max() for i in range(len(test_X)))
    assert worst <= TOLERANCE


def test_fast_path_batches_equal_the_whole(loaded_model, test_X, sklearn_proba):
    """A 300-wine batch (the size the sensitivity sweep sends) gives the same rows as the full test set."""
    for start in (0, 300, len(test_X) - 300):
        batch = loaded_model.forest.predict_proba(test_X[start : start + 300])
        np.testing.assert_allclose(batch, sklearn_proba[start : start + 300], rtol=0, atol=TOLERANCE)


def test_raw_scores_match_decision_function(loaded_model, wine_split, test_X):
    """Before the temperature: the summed trees equal the boosted model's own decision_function."""
    gbm, _ = _unwrap(loaded_model.estimator)
    np.testing.assert_allclose(
        loaded_model.forest.raw(test_X), gbm.decision_function(wine_split.X_test), rtol=0, atol=TOLERANCE
    )


def test_uncalibrated_gbm_compiles_to_the_same_probabilities(loaded_model, wine_split, test_X):
    """The plain GBM (inverse temperature 1) through the fast path, as the reference model would be served."""
    gbm, _ = _unwrap(loaded_model.estimator)
    forest = CompiledForest(gbm)
    assert forest.beta == 1.0
    np.testing.assert_allclose(forest.predict_proba(test_X), gbm.predict_proba(wine_split.X_test), rtol=0, atol=TOLERANCE)


def test_values_on_split_thresholds_take_the_same_branch(loaded_model, wine_split, test_X):
    """Wines whose values sit exactly on the trees' split thresholds: the float32 comparison scikit-learn makes."""
    forest = loaded_model.forest
    rng = np.random.default_rng(0)
    inner = np.flatnonzero(np.isfinite(forest.threshold))
    nodes = rng.choice(inner, size=300, replace=False)
    rows = test_X[rng.integers(0, len(test_X), size=len(nodes))].copy()
    rows[np.arange(len(nodes)), forest.feature[nodes]] = forest.threshold[nodes]
    rows[:, -1] = np.round(np.clip(rows[:, -1], 0, 1))  # keep colour 0/1
    frame = pd.DataFrame(rows, columns=wine_split.X_test.columns)
    np.testing.assert_allclose(
        forest.predict_proba(rows), loaded_model.estimator.predict_proba(frame), rtol=0, atol=TOLERANCE
    )


def test_loaded_model_dispatch_agrees_with_scikit_learn_for_small_and_large_batches(loaded_model, wine_split):
    from model.loader import FAST_PATH_MAX_ROWS

    X = wine_split.X_test.to_numpy()
    expected = loaded_model.estimator.predict_proba(wine_split.X_test)
    for n in (1, FAST_PATH_MAX_ROWS, FAST_PATH_MAX_ROWS + 1, len(X)):
        np.testing.assert_allclose(loaded_model.predict_proba(X[:n]), expected[:n], rtol=0, atol=1e-9)
