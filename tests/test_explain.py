"""model/explain.py: contributions add up to the logits, reproduce the probabilities, and agree with shap."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.explain import CHUNK_WINES, TreeExplainer, shap_trees
from model.fastpath import _unwrap
from model.schema import CLASSES, FEATURE_NAMES

TOLERANCE = 1e-9
N_ADDITIVE, N_SHAP = 200, 60
N_ONE_BY_ONE = CHUNK_WINES + 8  # wines also explained one at a time
N_BOUNDARY = 30  # wines moved onto split thresholds (3 variants each)


@pytest.fixture(scope="module")
def test_X(wine_split) -> np.ndarray:
    return wine_split.X_test.to_numpy()


@pytest.fixture(scope="module")
def explanation(loaded_model, test_X):
    return loaded_model.explainer.explain(test_X[:N_ADDITIVE])


def test_contributions_add_up_to_each_buckets_logit(loaded_model, wine_split, explanation):
    """base_k + sum_j phi_kj = beta * decision_function_k, for 200 test wines and every bucket."""
    gbm, beta = _unwrap(loaded_model.estimator)
    logits = beta * gbm.decision_function(wine_split.X_test.iloc[:N_ADDITIVE])
    assert explanation.phi.shape == (N_ADDITIVE, len(CLASSES), len(FEATURE_NAMES))
    np.testing.assert_allclose(explanation.base + explanation.phi.sum(axis=2), logits, rtol=0, atol=TOLERANCE)


def test_softmax_of_the_explained_logits_is_the_models_probabilities(loaded_model, wine_split, explanation):
    z = explanation.logits
    proba = np.exp(z - z.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    expected = loaded_model.estimator.predict_proba(wine_split.X_test.iloc[:N_ADDITIVE])
    np.testing.assert_allclose(proba, expected, rtol=0, atol=TOLERANCE)


def test_the_base_is_the_same_for_every_wine_and_is_the_expected_logit(loaded_model, explanation, test_X):
    """The base is each bucket's logit averaged over the training cover: the trees' expectation."""
    assert explanation.base.shape == (len(CLASSES),)
    gbm, beta = _unwrap(loaded_model.estimator)
    init = gbm._raw_predict_init(test_X[:1])[0]
    expected = []
    for k in range(len(CLASSES)):  # each tree's leaf values weighted by the training samples that reached them
        trees = [estimator.tree_ for estimator in gbm.estimators_[:, k]]
        mean_leaf = sum((t.value[t.children_left == -1, 0, 0] * t.weighted_n_node_samples[t.children_left == -1]).sum()
                        / t.weighted_n_node_samples[0] for t in trees)
        expected.append(beta * (init[k] + gbm.learning_rate * mean_leaf))
    np.testing.assert_allclose(explanation.base, expected, rtol=0, atol=TOLERANCE)


def test_batches_give_the_same_contributions_as_single_wines(loaded_model, test_X, explanation):
    """Every wine of the first N_ONE_BY_ONE, across the explainer's chunk boundaries, one at a time and in batches."""
    for i in range(N_ONE_BY_ONE):
        one = loaded_model.explainer.explain(test_X[i : i + 1])
        np.testing.assert_allclose(one.phi[0], explanation.phi[i], rtol=0, atol=1e-12)
    for size in (2, CHUNK_WINES - 1, CHUNK_WINES + 1):
        for start in range(0, N_ADDITIVE, size):
            part = loaded_model.explainer.explain(test_X[start : min(start + size, N_ADDITIVE)])
            np.testing.assert_allclose(part.phi, explanation.phi[start : start + size], rtol=0, atol=1e-12)


def _wines_on_thresholds(model, X: np.ndarray) -> np.ndarray:
    """Test wines with one feature moved onto, or one float32 step either side of, a split threshold."""
    gbm, _ = _unwrap(model)
    rng = np.random.default_rng(0)
    rows = []
    for i, x in enumerate(X[:N_BOUNDARY].astype(np.float32)):
        tree = gbm.estimators_[rng.integers(gbm.estimators_.shape[0]), i % gbm.estimators_.shape[1]].tree_
        split = rng.choice(np.flatnonzero(tree.children_left >= 0))
        at = np.float32(tree.threshold[split])
        for value in (np.nextafter(at, np.float32(-np.inf)), at, np.nextafter(at, np.float32(np.inf))):
            row = x.copy()
            row[tree.feature[split]] = value
            rows.append(row)
    return np.asarray(rows)


def test_wines_on_split_thresholds_agree_with_shap(loaded_model, wine_split, test_X):
    """The float32 rounding and the <= at a split: wines sitting on and beside thresholds, against shap and the
    model's own logits."""
    import shap

    X = _wines_on_thresholds(loaded_model.estimator, test_X)
    ours = loaded_model.explainer.explain(X)
    gbm, beta = _unwrap(loaded_model.estimator)
    logits = beta * gbm.decision_function(pd.DataFrame(X, columns=wine_split.X_test.columns))
    np.testing.assert_allclose(ours.logits, logits, rtol=0, atol=TOLERANCE)
    for k in range(len(CLASSES)):
        explainer = shap.TreeExplainer(shap_trees(loaded_model.estimator, k), feature_perturbation="tree_path_dependent")
        phi = explainer.shap_values(X.astype(np.float64), check_additivity=False)
        np.testing.assert_allclose(ours.phi[:, k, :], phi, rtol=0, atol=TOLERANCE)


def test_agrees_with_shaps_tree_explainer(loaded_model, test_X):
    """shap's path-dependent TreeExplainer, one per bucket over estimators_[:, k], on 60 test wines: 1e-9."""
    import shap  # a test dependency (requirements-dev.txt): never skipped

    X = test_X[:N_SHAP].astype(np.float32).astype(np.float64)  # scikit-learn's trees see float32 inputs
    ours = loaded_model.explainer.explain(test_X[:N_SHAP])
    for k in range(len(CLASSES)):
        explainer = shap.TreeExplainer(shap_trees(loaded_model.estimator, k), feature_perturbation="tree_path_dependent")
        phi = explainer.shap_values(X, check_additivity=False)
        assert phi.shape == (N_SHAP, len(FEATURE_NAMES))
        np.testing.assert_allclose(ours.phi[:, k, :], phi, rtol=0, atol=TOLERANCE)
        assert float(np.ravel(explainer.expected_value)[0]) == pytest.approx(ours.base[k], abs=TOLERANCE)


def test_a_feature_the_trees_never_split_on_gets_nothing(loaded_model):
    """A stump-free check of the dummy axiom: on a tiny forest of depth-1 trees, only the split feature counts."""
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    y = (X[:, 0] > 0).astype(int) + (X[:, 0] > 1).astype(int)
    gbm = GradientBoostingClassifier(n_estimators=5, max_depth=1, random_state=0).fit(X, y)
    e = TreeExplainer(gbm).explain(X[:20])
    assert np.all(e.phi[:, :, 1:] == 0)
    np.testing.assert_allclose(e.logits, gbm.decision_function(X[:20]), rtol=0, atol=TOLERANCE)


def test_as_dict_is_the_apis_shape(explanation):
    d = explanation.as_dict(0)
    assert d["units"] == "logit"
    assert list(d["base"]) == list(CLASSES) and list(d["contributions"]) == list(CLASSES)
    for c in CLASSES:
        assert list(d["contributions"][c]) == list(FEATURE_NAMES)
        assert d["base"][c] + sum(d["contributions"][c].values()) == pytest.approx(explanation.logits[0][CLASSES.index(c)])


def test_the_explainers_tables_stay_small(loaded_model):
    """Built once in the gunicorn master and shared by the workers: ~55 MB for the shipped model."""
    assert loaded_model.explainer.nbytes < 64e6
