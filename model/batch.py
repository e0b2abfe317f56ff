"""Score an uploaded CSV of wines: either UCI format, with or without quality and colour columns."""
from __future__ import annotations

import numpy as np
import pandas as pd

from model.data import DataError, buckets, parse_wine_csv
from model.loader import LoadedModel
from model.predict import WineInputError, predict_proba, wine_matrix
from model.schema import CLASSES, COLOR, MEASUREMENT_NAMES, TARGET, canonical_name

MAX_UPLOAD_BYTES = 1_000_000  # about 10,000 wines
MAX_ROWS = 10_000


def score_csv(model: LoadedModel, raw: bytes, source: str = "upload", default_color: str = "white") -> pd.DataFrame:
    """Parse and score a CSV; returns its measurements, colour, optional quality and the predictions.

    Raises DataError (file-level problems) or WineInputError (a row's value), each naming row and column.
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        raise DataError(f"{source}: {len(raw):,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{source}: not a UTF-8 text file") from None
    frame = parse_wine_csv(text, source, ())
    frame = frame.rename(columns={c: canonical_name(c) or c for c in frame.columns})
    frame = parse_wine_csv(frame.to_csv(index=False), source, MEASUREMENT_NAMES)
    if len(frame) > MAX_ROWS:
        raise DataError(f"{source}: {len(frame):,} rows is over the {MAX_ROWS:,}-row limit")
    colors = frame[COLOR] if COLOR in frame.columns else pd.Series(default_color, index=frame.index)
    records = [
        {**{n: row[n] for n in MEASUREMENT_NAMES}, COLOR: c if not isinstance(c, float) else int(c)}
        for row, c in zip(frame.to_dict(orient="records"), colors)
    ]
    try:
        X = wine_matrix(records)
    except WineInputError as exc:
        row = exc.index + 2 if exc.index is not None else "?"
        raise DataError(f"{source}: row {row}, column {exc.field!r}: {exc.reason}") from None
    proba = predict_proba(model, X)
    out = pd.DataFrame(X, columns=list(MEASUREMENT_NAMES) + [COLOR])
    out[COLOR] = np.where(out[COLOR] == 1, "red", "white")
    if TARGET in frame.columns:
        out[TARGET] = frame[TARGET].to_numpy()
        out["true bucket"] = [CLASSES[b] for b in buckets(frame[TARGET].astype(int))]
    for name, column in zip(CLASSES, proba.T):
        out[f"p({name})"] = column.round(4)
    out["predicted bucket"] = [CLASSES[i] for i in proba.argmax(axis=1)]
    return out
