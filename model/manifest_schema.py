"""The shape of manifest.json that the app relies on: every key it reads, with its type, checked at load time."""
from __future__ import annotations

from numbers import Real

from model.schema import CLASSES, MEASUREMENT_NAMES

NUMBER = "number"
FEATURE = {"name": str, "unit": str, "step": NUMBER, "decimals": int, "min": NUMBER, "max": NUMBER,
           "train_min": NUMBER, "train_max": NUMBER, "hard_max": NUMBER, "mean": NUMBER, "std": NUMBER,
           "mean_by_color": {"white": NUMBER, "red": NUMBER}, "quantiles": dict}
METRICS = {"n": int, "macro_precision": NUMBER, "accuracy": NUMBER, "log_loss": NUMBER, "ece": NUMBER,
           "per_class": dict, "confusion_matrix": list}
MANIFEST = {
    "classes": list, "class_quality": dict, "features": list,
    "model": {"file": str, "sha256": str, "estimator": str},
    "versions": {"scikit-learn": str},
    "data": {"source": str},
    "metrics": {"test": METRICS},
    "reference_wines": list,
}
REFERENCE_WINE = {"wine": dict, "probabilities": list}


def _kind(value, expected) -> bool:
    if expected == NUMBER:
        return isinstance(value, Real) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _check(node, shape: dict, where: str) -> str | None:
    if not isinstance(node, dict):
        return f"{where or 'the manifest'} is not an object"
    for key, expected in shape.items():
        here = f"{where}[{key!r}]" if where else repr(key)
        if key not in node:
            return f"{here} is missing"
        if isinstance(expected, dict):
            problem = _check(node[key], expected, here)
            if problem:
                return problem
        elif not _kind(node[key], expected):
            return f"{here} is not a {expected if expected == NUMBER else expected.__name__}"
    return None


def manifest_problem(manifest) -> str | None:
    """The first thing wrong with the manifest's shape (e.g. "'features'[3]['max'] is missing"), or None."""
    problem = _check(manifest, MANIFEST, "")  # pragma: no mutate  (None reads as "" here: "where or ...")
    if problem:
        return problem
    if tuple(manifest["classes"]) != CLASSES:
        return f"'classes' is {manifest['classes']!r}, not {list(CLASSES)!r}"
    names = [f.get("name") if isinstance(f, dict) else None for f in manifest["features"]]
    if names != list(MEASUREMENT_NAMES):
        return "'features' does not list the 11 measurements in order"
    for i, feature in enumerate(manifest["features"]):
        problem = _check(feature, FEATURE, f"'features'[{i}]")
        if problem:
            return problem
    if not manifest["reference_wines"]:
        return "'reference_wines' is empty"
    for i, wine in enumerate(manifest["reference_wines"]):
        problem = _check(wine, REFERENCE_WINE, f"'reference_wines'[{i}]")
        if problem:
            return problem
        if len(wine["probabilities"]) != len(CLASSES) or not all(_kind(p, NUMBER) for p in wine["probabilities"]):
            return f"'reference_wines'[{i}]['probabilities'] is not {len(CLASSES)} numbers"
    return None
