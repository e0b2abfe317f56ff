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

from model.fastpath import _unwrap
from model.schema import CLASSES, FEATURE_NAMES

CHUNK_WINES = 32        # wines per vectorised pass
BLOCK_CELLS = 1 << 15   # wine x leaf-slot cells per block (256 KB of float64): about 1 MB of work buffers per call


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

    The leaves are grouped by d, the number of distinct features on their path (1 to 10), so each group is a
    set of dense (leaves x d) and (leaves x d x g) arrays, g = ceil(d/2) quadrature nodes. Whether a wine
    follows a leaf's path at a feature is an integer test on the wine's rank among that feature's split
    thresholds (uint16); the per-leaf sums over the path are small batched matrix products. Wines are
    processed CHUNK_WINES at a time and leaves BLOCK_CELLS (wine x leaf-slot cells) at a time, in work
    buffers allocated once per call, so a batch's memory stays bounded and its passes stay in cache.
    """

    def __init__(self, model) -> None:
        gbm, beta = _unwrap(model)
        n_classes, self.n_features = gbm.estimators_.shape[1], gbm.n_features_in_
        self.n_classes = n_classes
        self.n_out = n_classes * self.n_features
        nodes = _forest_nodes(gbm, beta * gbm.learning_rate)
        leaves, lo, hi, z, on = _leaf_paths(nodes, self.n_features)
        value, cls, cover = nodes["value"][leaves], nodes["cls"][leaves], nodes["cover"][leaves]
        init = gbm._raw_predict_init(np.zeros((1, self.n_features), dtype=np.float32))[0]
        # the expected value of each tree is its leaves weighted by training cover
        self.base = beta * np.asarray(init, dtype=float) + np.bincount(cls, value * cover, minlength=n_classes)

        # each feature's distinct split thresholds: rank(x) = how many are < x, so x > lo and x <= hi become
        # rank(lo) + 1 <= rank(x) <= rank(hi), one unsigned comparison: (rank(x) - r_lo) <= width
        inner = nodes["left"] >= 0
        self.thresholds = [np.unique(nodes["threshold"][inner & (nodes["feature"] == f)]) for f in range(self.n_features)]
        rank_type = np.uint16 if max(len(t) for t in self.thresholds) < np.iinfo(np.uint16).max else np.uint32
        self.rank_type = rank_type
        depth = on.sum(axis=1)                               # d: distinct features on each leaf's path
        self.groups = []
        for d in np.unique(depth[depth > 0]):
            d = int(d)
            rows = np.flatnonzero(depth == d)
            g = -(-d // 2)                                   # ceil(d / 2) nodes: exact for degree d - 1
            t, w = _gauss_legendre(g)
            feat = np.nonzero(on[rows])[1].reshape(len(rows), d)
            lo_d, hi_d, z_d = (m[rows[:, None], feat] for m in (lo, hi, z))
            r_lo, r_hi = np.zeros(feat.shape, dtype=np.int64), np.zeros(feat.shape, dtype=np.int64)
            for f in range(self.n_features):
                at = feat == f
                thr = self.thresholds[f]
                r_lo[at] = np.where(np.isneginf(lo_d[at]), 0, np.searchsorted(thr, lo_d[at]) + 1)
                r_hi[at] = np.where(np.isposinf(hi_d[at]), len(thr), np.searchsorted(thr, hi_d[at]))
            zg = z_d[:, :, None]
            a = zg + t * (1 - zg)                            # the slot's factor when the wine follows the path
            b = zg * (1 - t)                                 # ... and when it leaves it
            v = value[rows]
            # P(g) = exp(sum of log b + sum over followed slots of log(a / b)); a followed slot j gets
            # v (1 - z_j) sum_g w_g P(g) / a_j(g), every slot the wine leaves gets -v sum_g w_g P(g) / (1 - t_g)
            # (the same for the whole leaf), written as follows_j * (K_j . P) - (C . P) with
            # K_j(g) = v w_g ((1 - z_j) / a_j(g) + 1 / (1 - t_g)) and C(g) = v w_g / (1 - t_g)
            K = v[:, None, None] * w * ((1 - zg) / a + 1 / (1 - t))
            C = v[:, None] * w / (1 - t)
            self.groups.append({
                "d": d, "g": g, "n": len(rows),
                "target": (cls[rows, None] * self.n_features + feat).astype(np.intp),    # (leaves, d): bucket * 12 + feature
                "r_lo": r_lo.astype(rank_type), "width": (r_hi - r_lo).astype(rank_type),
                "log_ratio": np.log(a) - np.log(b),                                     # (leaves, d, g)
                "log_b": np.log(b).sum(axis=1)[None, :, :],                            # (1, leaves, g)
                "K": np.ascontiguousarray(K.transpose(0, 2, 1)),                         # (leaves, g, d)
                "C": C,                                                                 # (leaves, g)
            })
            del lo_d, hi_d, z_d, zg, a, b, K, C
        self.max_d = max((G["d"] for G in self.groups), default=1)

    @property
    def nbytes(self) -> int:
        """Memory held by the precomputed tables."""
        arrays = [self.base, *self.thresholds] + [v for G in self.groups for v in G.values() if isinstance(v, np.ndarray)]
        return sum(a.nbytes for a in arrays)

    def explain(self, X: np.ndarray) -> Explanation:
        """Contributions for validated rows in model order (n x 12)."""
        # the trees compare float32 inputs against float64 thresholds, as scikit-learn does
        X = np.asarray(X, dtype=np.float32).astype(np.float64)
        n = len(X)
        ranks = np.empty((n, self.n_features), dtype=self.rank_type)
        for f, thr in enumerate(self.thresholds):
            ranks[:, f] = np.searchsorted(thr, X[:, f], side="left")
        ranks = np.tile(ranks, self.n_classes)   # indexed like the contributions: bucket * 12 + feature
        out = np.zeros((n, self.n_out))
        m = max(1, min(n, CHUNK_WINES))
        work = _Work(m, self.max_d, self.rank_type, self.n_out)
        for start in range(0, n, m):
            self._phi(ranks[start : start + m], out[start : start + m], work)
        return Explanation(self.base.copy(), out.reshape(n, self.n_classes, self.n_features))

    def _phi(self, ranks: np.ndarray, out: np.ndarray, work: "_Work") -> None:
        """Adds the contributions of wines given by their threshold ranks (m x buckets*12, the 12 repeated per
        bucket) to out (m x buckets*12)."""
        m = len(ranks)
        for G in self.groups:
            d, g, n = G["d"], G["g"], G["n"]
            step = max(1, BLOCK_CELLS // (d * m))
            for s in range(0, n, step):
                e = min(n, s + step)
                follows, contrib, p, cp, u, ok = work.views(m, e - s, d, g)
                target = G["target"][s:e]
                np.take(ranks, target, axis=1, out=u)                             # (m, leaves, d)
                np.subtract(u, G["r_lo"][s:e], out=u)
                np.less_equal(u, G["width"][s:e], out=ok)
                np.copyto(follows, ok)
                if m == 1:  # one wine: einsum's loop beats a matrix product per leaf
                    np.einsum("ld,ldg->lg", follows[0], G["log_ratio"][s:e], out=p[0])
                else:
                    np.matmul(follows.transpose(1, 0, 2), G["log_ratio"][s:e], out=p.transpose(1, 0, 2))
                p += G["log_b"][:, s:e]
                np.exp(p, out=p)
                if m == 1:
                    np.einsum("lg,lgd->ld", p[0], G["K"][s:e], out=contrib[0])
                else:
                    np.matmul(p.transpose(1, 0, 2), G["K"][s:e], out=contrib.transpose(1, 0, 2))   # (m, leaves, d)
                if m == 1:
                    np.einsum("lg,lg->l", p[0], G["C"][s:e], out=cp[0])
                else:
                    np.matmul(p.transpose(1, 0, 2), G["C"][s:e, :, None], out=cp.T[:, :, None])
                contrib *= follows
                contrib -= cp[:, :, None]
                target = target.ravel()
                if m == 1:
                    out[0] += np.bincount(target, contrib.ravel(), minlength=self.n_out)
                else:  # one pass for all m wines: wine i's targets are offset by i * n_out
                    bins = work.bins[: m * len(target)].reshape(m, len(target))
                    np.add(target, work.offsets[:m], out=bins)
                    out += np.bincount(bins.ravel(), contrib.ravel(), minlength=m * self.n_out).reshape(m, self.n_out)


class _Work:
    """Reusable work buffers for one explain call: allocating (and page-faulting) fresh temporaries for
    every block would cost more than the arithmetic."""

    def __init__(self, m: int, max_d: int, rank_type, n_out: int) -> None:
        cap = max(BLOCK_CELLS, max_d * m)
        self.f = np.empty(4 * cap)
        self.u = np.empty(cap, dtype=rank_type)
        self.b = np.empty(cap, dtype=bool)
        self.bins = np.empty(cap, dtype=np.intp)
        self.offsets = (np.arange(m) * n_out)[:, None]

    def views(self, m: int, leaves: int, d: int, g: int):
        ns, nq, nc = m * leaves * d, m * leaves * g, m * leaves
        follows = self.f[:ns].reshape(m, leaves, d)
        contrib = self.f[ns : 2 * ns].reshape(m, leaves, d)
        p = self.f[2 * ns : 2 * ns + nq].reshape(m, leaves, g)
        cp = self.f[2 * ns + nq : 2 * ns + nq + nc].reshape(m, leaves)
        return follows, contrib, p, cp, self.u[:ns].reshape(m, leaves, d), self.b[:ns].reshape(m, leaves, d)


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
