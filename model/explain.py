"""Exact per-wine explanations: path-dependent TreeSHAP contributions of the 12 features to each bucket's logit.

For one tree and a wine x, path-dependent TreeSHAP (Lundberg et al., 2020) is the Shapley value of the game
f(S) = sum over leaves of v * prod over the leaf's path features u of (o_u if u in S else z_u), where z_u is
the share of training cover that follows the leaf's path at u's splits and o_u is 1 if x follows them. Each
leaf is a product game, so feature j gets v (o_j - z_j) times the integral over t in [0, 1] of
prod_{i != j} (z_i + t (o_i - z_i)) (Linear TreeSHAP, Yu et al., 2022): a polynomial of degree d - 1 that
Gauss-Legendre quadrature with ceil(d/2) nodes integrates exactly. Everything that does not depend on the
wine is precomputed per leaf, so a wine costs a few vectorised passes over the leaves; the result agrees
with shap's TreeExplainer to 1e-9 (tests/test_explain.py).

The values live in the model's logit space: the temperature-scaled raw scores whose softmax is the
probabilities shown, so base_k + sum_j phi_kj = logit_k exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from model.fastpath import _unwrap
from model.schema import CLASSES, FEATURE_NAMES

CHUNK_CELLS = 4_000_000  # wine x leaf-slot cells per vectorised pass (~32 MB of float64): bounds a batch's memory


@dataclass(frozen=True)
class Explanation:
    """Contributions for n wines: `phi` (n x buckets x features) and `base` (buckets), in logits."""

    base: np.ndarray
    phi: np.ndarray
    classes: tuple[str, ...] = CLASSES
    features: tuple[str, ...] = FEATURE_NAMES

    @property
    def logits(self) -> np.ndarray:
        """base + sum of contributions: the model's temperature-scaled raw scores (n x buckets)."""
        return self.base + self.phi.sum(axis=2)

    def as_dict(self, i: int) -> dict:
        """Wine `i` as the API returns it: units, base and contributions by bucket and feature name."""
        return {
            "units": "logit",
            "base": {c: float(b) for c, b in zip(self.classes, self.base)},
            "contributions": {
                c: {f: float(v) for f, v in zip(self.features, self.phi[i, k])} for k, c in enumerate(self.classes)
            },
        }


def _forest_nodes(gbm, scale: float) -> dict:
    """Every node of every tree, concatenated: children, split feature and threshold, cover, scaled value, class."""
    parts: dict[str, list] = {k: [] for k in ("left", "right", "feature", "threshold", "cover", "value", "cls")}
    offset = 0
    n_stages, n_classes = gbm.estimators_.shape
    for k in range(n_classes):
        for stage in range(n_stages):
            tree = gbm.estimators_[stage, k].tree_
            leaf = tree.children_left == -1
            parts["left"].append(np.where(leaf, -1, tree.children_left + offset))
            parts["right"].append(np.where(leaf, -1, tree.children_right + offset))
            parts["feature"].append(np.where(leaf, -1, tree.feature))
            parts["threshold"].append(tree.threshold)
            parts["cover"].append(tree.weighted_n_node_samples / tree.weighted_n_node_samples[0])
            parts["value"].append(tree.value[:, 0, 0] * scale)
            parts["cls"].append(np.full(tree.node_count, k))
            offset += tree.node_count
    return {k: np.concatenate(v) for k, v in parts.items()}


def _leaf_paths(nodes: dict, n_features: int):
    """For each leaf: per feature, the interval (lo, hi] its path keeps, the share of cover z that follows
    the path at that feature's splits, and whether the feature is on the path at all."""
    n = len(nodes["left"])
    lo = np.full((n, n_features), -np.inf)
    hi = np.full((n, n_features), np.inf)
    z = np.ones((n, n_features))
    on = np.zeros((n, n_features), dtype=bool)
    inner = np.flatnonzero(nodes["left"] >= 0)
    roots = np.setdiff1d(np.arange(n), np.concatenate([nodes["left"][inner], nodes["right"][inner]]))
    frontier = roots[nodes["left"][roots] >= 0]
    while frontier.size:  # one depth level of every tree at a time, from the roots down
        f, t = nodes["feature"][frontier], nodes["threshold"][frontier]
        nxt = []
        for child, goes_left in ((nodes["left"][frontier], True), (nodes["right"][frontier], False)):
            lo[child], hi[child], z[child], on[child] = lo[frontier], hi[frontier], z[frontier], on[frontier]
            if goes_left:
                hi[child, f] = np.minimum(hi[child, f], t)
            else:
                lo[child, f] = np.maximum(lo[child, f], t)
            z[child, f] *= nodes["cover"][child] / nodes["cover"][frontier]
            on[child, f] = True
            nxt.append(child[nodes["left"][child] >= 0])
        frontier = np.concatenate(nxt)
    leaves = np.flatnonzero(nodes["left"] < 0)
    return leaves, lo[leaves], hi[leaves], z[leaves], on[leaves]


def _gauss_legendre(g: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights on [0, 1]: exact for polynomials of degree up to 2g - 1."""
    nodes, weights = np.polynomial.legendre.leggauss(g)
    return (nodes + 1) / 2, weights / 2


class TreeExplainer:
    """Path-dependent TreeSHAP over a fitted (temperature-scaled) multi-class GradientBoostingClassifier.

    The forest becomes sparse matrices over its leaf slots (a leaf and one distinct feature on its path;
    709k for the shipped model) and its quadrature nodes (ceil(d/2) points per leaf; 383k): for n wines,
    which slots each wine follows is one (slots x n) comparison, and the rest is sparse products.
    """

    def __init__(self, model) -> None:
        gbm, beta = _unwrap(model)
        n_classes, self.n_features = gbm.estimators_.shape[1], gbm.n_features_in_
        self.n_classes = n_classes
        nodes = _forest_nodes(gbm, beta * gbm.learning_rate)
        leaves, lo, hi, z, on = _leaf_paths(nodes, self.n_features)
        value, cls, cover = nodes["value"][leaves], nodes["cls"][leaves], nodes["cover"][leaves]
        init = gbm._raw_predict_init(np.zeros((1, self.n_features), dtype=np.float32))[0]
        # the expected value of each tree is its leaves weighted by training cover
        self.base = beta * np.asarray(init, dtype=float) + np.bincount(cls, value * cover, minlength=n_classes)

        leaf_of, feat = np.nonzero(on)                       # slots, leaf-major
        z_s = z[leaf_of, feat]
        self.slot_feature = feat.astype(np.int8)
        self.slot_lo, self.slot_hi = lo[leaf_of, feat], hi[leaf_of, feat]
        del lo, hi, z
        depth = on.sum(axis=1)                               # d: distinct features on each leaf's path
        g = np.maximum(1, -(-depth // 2))                    # ceil(d / 2) nodes: exact for degree d - 1
        g_start = np.concatenate([[0], np.cumsum(g)])
        n_nodes, n_slots, n_leaves = int(g_start[-1]), len(leaf_of), len(leaves)
        t, w = np.empty(n_nodes), np.empty(n_nodes)
        for gi in np.unique(g):
            idx = g_start[np.flatnonzero(g == gi)][:, None] + np.arange(gi)
            t[idx], w[idx] = _gauss_legendre(int(gi))
        node_leaf = np.repeat(np.arange(n_leaves, dtype=np.int32), g)
        # every (slot, quadrature node) pair of the same leaf, slot-major: the rows of a CSR matrix over slots
        reps = g[leaf_of]
        indptr = np.concatenate([[0], np.cumsum(reps)])
        pair_node = (np.repeat(g_start[leaf_of], reps) + np.arange(indptr[-1]) - np.repeat(indptr[:-1], reps))
        pair_node = pair_node.astype(np.int32)
        tp, zp = t[pair_node], np.repeat(z_s, reps)
        del z_s
        a = zp + tp * (1 - zp)                               # the slot's factor when the wine follows the path
        log_b = np.log(zp * (1 - tp))                        # ... and when it leaves it
        # log P(node) = sum over the leaf's slots of log b, plus log(a / b) for each slot the wine follows
        self.log_b = np.bincount(pair_node, log_b, minlength=n_nodes)
        self.log_ratio = sparse.csr_matrix((np.log(a) - log_b, pair_node, indptr), shape=(n_slots, n_nodes)).T.tocsr()
        del log_b
        # a followed slot j gets v (1 - z_j) sum_g w_g P(g) / a_j(g); every slot the wine leaves gets
        # -v sum_g w_g P(g) / (1 - t_g), the same for the whole leaf. Written as
        #   phi = sum over each feature's slots of  follows * ((on + off) @ P)  -  (off_leaf @ P)[leaf]
        # one product over the slots gives both terms for the followed slots.
        on_off = np.repeat(value[leaf_of], reps) * w[pair_node] * ((1 - zp) / a + 1 / (1 - tp))
        del a, tp, zp
        self.on_off = sparse.csr_matrix((on_off, pair_node, indptr), shape=(n_slots, n_nodes))
        self.off_leaf = sparse.csr_matrix((value[node_leaf] * w / (1 - t), np.arange(n_nodes, dtype=np.int32), g_start),
                                          shape=(n_leaves, n_nodes))
        self.slot_leaf = leaf_of.astype(np.int32)
        self.slot_target = (cls[leaf_of] * self.n_features + feat).astype(np.int32)  # bucket * 12 + feature

    def explain(self, X: np.ndarray) -> Explanation:
        """Contributions for validated rows in model order (n x 12)."""
        # the trees compare float32 inputs against float64 thresholds, as scikit-learn does
        X = np.asarray(X, dtype=np.float32).astype(np.float64)
        out = np.empty((len(X), self.n_classes * self.n_features))
        step = max(1, CHUNK_CELLS // len(self.slot_lo))
        for start in range(0, len(X), step):
            out[start : start + step] = self._phi(X[start : start + step].T).T
        return Explanation(self.base.copy(), out.reshape(len(X), self.n_classes, self.n_features))

    def _phi(self, XT: np.ndarray) -> np.ndarray:
        """(buckets*features x n) contributions for wines given as columns."""
        vals = XT[self.slot_feature]                                   # (slots, n)
        follows = (vals > self.slot_lo[:, None]) & (vals <= self.slot_hi[:, None])
        p = np.exp(self.log_ratio @ follows.astype(np.float64) + self.log_b[:, None])   # (nodes, n)
        contrib = self.on_off @ p
        contrib *= follows
        contrib -= (self.off_leaf @ p)[self.slot_leaf]
        n_out = self.n_classes * self.n_features
        return np.stack([np.bincount(self.slot_target, c, minlength=n_out) for c in contrib.T], axis=1)


def shap_trees(model, k: int) -> dict:
    """Bucket k's trees in the custom tree-ensemble format shap's TreeExplainer accepts (leaf values times the
    learning rate and the temperature, the init score times the temperature as base offset): the reference
    this module is tested against (tests/test_explain.py) and timed against (bench/explain.py)."""
    gbm, beta = _unwrap(model)
    trees = []
    for estimator in gbm.estimators_[:, k]:
        t = estimator.tree_
        trees.append({
            "children_left": t.children_left.astype(np.int32),
            "children_right": t.children_right.astype(np.int32),
            "children_default": t.children_left.astype(np.int32),
            "features": t.feature.astype(np.int32),
            "thresholds": t.threshold.astype(np.float64),
            "values": (t.value[:, 0, :1] * gbm.learning_rate * beta).astype(np.float64),
            "node_sample_weight": t.weighted_n_node_samples.astype(np.float64),
        })
    init = gbm._raw_predict_init(np.zeros((1, gbm.n_features_in_), dtype=np.float32))[0]
    return {"trees": trees, "base_offset": float(beta * init[k])}
