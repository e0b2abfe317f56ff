"""Pure prediction functions over a loaded model: validate wines, return bucket probabilities."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real

import numpy as np
import pandas as pd

from model.loader import LoadedModel
from model.schema import (BY_NAME, CLASSES, COLOR, COLORS, FEATURE_NAMES, MEASUREMENT_NAMES, canonical_name,
                          named_wine)


class WineInputError(ValueError):
    """A wine that cannot be scored; `field` names the offending feature (or None), `index` the wine."""

    def __init__(self, message: str, field: str | None = None, index: int | None = None) -> None:
        where = f"wine {index}: " if index is not None else ""
        super().__init__(where + message)
        self.field, self.index, self.reason = field, index, message


def _color_value(value, index: int | None) -> int:
    if isinstance(value, str) and value.strip().lower() in COLORS:
        return COLORS[value.strip().lower()]
    if isinstance(value, Real) and not isinstance(value, bool) and value in (0, 1):
        return int(value)
    raise WineInputError(f"'{COLOR}' must be \"red\", \"white\", 1 or 0, not {value!r}", COLOR, index)


def _number(name: str, value, index: int | None) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        kind = "null" if value is None else type(value).__name__
        raise WineInputError(f"'{name}' must be a number, not {kind} {value!r}", name, index)
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise WineInputError(f"'{name}' must be a finite number, not {value!r}", name, index)
    feature = BY_NAME[name]
    if x < 0 or x > feature.hard_max:
        raise WineInputError(
            f"'{name}' = {x:g} is outside the possible range 0 to {feature.hard_max:g} {feature.unit}", name, index
        )
    return x


def wine_vector(wine: Mapping, index: int | None = None) -> list[float]:
    """One wine (UCI names or snake_case aliases; colour as red/white or 1/0) -> 12 floats in model order."""
    if not isinstance(wine, Mapping):
        raise WineInputError(f"a wine must be an object of named features, not {type(wine).__name__}", None, index)
    named: dict[str, object] = {}
    for key, value in wine.items():
        name = canonical_name(key) if isinstance(key, str) else None  # pragma: no mutate  (a key not a str names nothing)
        if name is None:
            raise WineInputError(f"unknown field {key!r}", str(key), index)
        if name in named:
            raise WineInputError(f"field '{name}' is given twice", name, index)
        named[name] = value
    missing = [n for n in FEATURE_NAMES if n not in named]
    if missing:
        raise WineInputError(f"missing field(s): {', '.join(missing)}", missing[0], index)
    return [_number(n, named[n], index) for n in MEASUREMENT_NAMES] + [_color_value(named[COLOR], index)]


def canonical_wine(wine: Mapping) -> dict:
    """One wine in any form wine_vector takes -> the page's form: UCI names, floats, colour "red" or "white"."""
    vector = wine_vector(wine)
    color = next(name for name, value in COLORS.items() if value == vector[-1])
    return named_wine(vector[:-1], color)


def wine_matrix(wines) -> np.ndarray:
    """One wine (mapping), many wines (sequence of mappings) or a DataFrame -> (n, 12) float array."""
    if isinstance(wines, pd.DataFrame):
        wines = wines.to_dict(orient="records")  # pragma: no mutate  (pandas reads the orient in any case)
    if isinstance(wines, Mapping):
        return np.array([wine_vector(wines)], dtype=float)  # pragma: no mutate  (wine_vector gives floats)
    if isinstance(wines, Sequence) and not isinstance(wines, (str, bytes)):
        if not wines:
            raise WineInputError("no wines given")
        return np.array([wine_vector(w, i) for i, w in enumerate(wines)], dtype=float)  # pragma: no mutate  (as above)
    raise WineInputError(f"expected a wine object or a list of them, not {type(wines).__name__}")


def predict_proba(model: LoadedModel, X: np.ndarray) -> np.ndarray:
    """Probabilities (n x 3, poor/average/good) for validated rows in model feature order."""
    return model.predict_proba(X)


def out_of_range(model: LoadedModel, X: np.ndarray) -> list[list[str]]:
    """For each row, the measurements that lie outside the training data's range."""
    lo = np.array([f["train_min"] for f in model.features])
    hi = np.array([f["train_max"] for f in model.features])
    outside = (X[:, : len(lo)] < lo) | (X[:, : len(lo)] > hi)
    return [[MEASUREMENT_NAMES[j] for j in np.flatnonzero(row)] for row in outside]


def predict(model: LoadedModel, wines, explain: bool = False) -> list[dict]:
    """Validate and score wines: probabilities by bucket, the predicted bucket, and out-of-range features;
    with `explain`, each wine's exact contributions to the bucket logits too (model/explain.py)."""
    X = wine_matrix(wines)
    proba = predict_proba(model, X)
    results = [
        {
            "probabilities": {c: float(p) for c, p in zip(CLASSES, row)},
            "bucket": CLASSES[int(row.argmax())],
            "out_of_range": bool(outside),
            "out_of_range_features": outside,
        }
        for row, outside in zip(proba, out_of_range(model, X))
    ]
    if explain:
        explanation = model.explainer.explain(X)
        for i, result in enumerate(results):
            result["explanation"] = explanation.as_dict(i)
    return results
