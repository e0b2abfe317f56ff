"""Score an uploaded CSV of wines: either UCI format, with or without quality and colour columns.

Every input is bounded before pandas sees it (bytes, header fields, lines), and every cell is checked,
so any file gets either its scores or one message naming the row and column at fault.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model.data import DataError, buckets, parse_wine_csv
from model.loader import LoadedModel
from model.predict import WineInputError, predict_proba, wine_matrix
from model.schema import CLASSES, COLOR, COLORS, MEASUREMENT_NAMES, TARGET, canonical_name

MAX_UPLOAD_BYTES = 1_000_000  # about 10,000 wines
MAX_ROWS = 10_000
MAX_COLUMNS = 64  # a wine file has 11-13; pandas' handling of thousands of (duplicate) names is quadratic
MAX_QUALITY = 10


def _cell(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _text(raw: bytes, source: str) -> str:
    """The upload as text, refused before parsing if it is too big, not UTF-8, too wide or too long."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise DataError(f"{source}: {len(raw):,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit")
    try:
        text = raw.decode("utf-8-sig")  # pragma: no mutate  (any case names the same codec)
    except UnicodeDecodeError:
        raise DataError(f"{source}: not a UTF-8 text file") from None
    lines = text.lstrip().splitlines()
    if not lines:
        return text  # parse_wine_csv says the file is empty
    if len(lines) > MAX_ROWS + 1:
        raise DataError(f"{source}: {len(lines) - 1:,} rows is over the {MAX_ROWS:,}-row limit")
    header = lines[0]
    separator = ";" if header.count(";") > header.count(",") else ","  # as model/data.py reads it
    width = header.count(separator) + 1
    if width > MAX_COLUMNS:
        raise DataError(f"{source}: the header has {width:,} columns; a wine file has at most {MAX_COLUMNS}")
    names = [field.strip().strip('"').strip() for field in header.split(separator)]
    seen: set[str] = set()
    for name in names:  # pandas would quietly rename a second 'pH' to 'pH.1' and score the first one
        key = canonical_name(name) or name
        if name and key in seen:
            raise DataError(f"{source}: the column {key!r} is given twice in the header")
        seen.add(key)
    for row, line in enumerate(lines[1:], start=2):  # a longer row would make pandas build a huge index
        if line.count(separator) >= width:
            raise DataError(f"{source}: row {row} has {line.count(separator) + 1:,} fields but the header {width}")
    return text


def _colors(frame: pd.DataFrame, source: str, default: int) -> list[int]:
    """Each row's colour (red/white in any case, or 1/0); a blank cell or no column means `default`."""
    if COLOR not in frame.columns:
        return [default] * len(frame)
    colors = []
    for row, value in enumerate(frame[COLOR].tolist()):
        text = _cell(value).strip().lower()
        if not text:
            colors.append(default)
            continue
        try:
            number = COLORS[text] if text in COLORS else float(text)
        except ValueError:
            number = math.nan  # pragma: no mutate  (None is not 0 or 1 either: the same refusal follows)
        if number not in (0, 1):
            raise DataError(f"{source}: row {row + 2}, column '{COLOR}': '{_cell(value)}' is not red, white, 1 or 0")
        colors.append(int(number))
    return colors


def _quality(frame: pd.DataFrame, source: str) -> np.ndarray | None:
    """The optional quality column as whole scores 0-10, or None without one."""
    if TARGET not in frame.columns:
        return None
    # pragma: to_numeric(errors="coerce") gives numpy floats (NaN if blank) or ints: dtype, na_value change nothing
    values = pd.to_numeric(frame[TARGET], errors="coerce").to_numpy(dtype=float, na_value=np.nan)  # pragma: no mutate
    bad = ~np.isfinite(values) | (values != np.round(values)) | (values < 0) | (values > MAX_QUALITY)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raw = _cell(frame[TARGET].iloc[row])
        raise DataError(f"{source}: row {row + 2}, column '{TARGET}': '{raw}' is not a score from 0 to {MAX_QUALITY}")
    return values.astype(int)


def score_csv(model: LoadedModel, raw: bytes, source: str = "upload", default_color: str = "white") -> pd.DataFrame:
    """Parse and score a CSV; returns its measurements, colour, optional quality and the predictions.

    Raises DataError naming the row and column of the first bad cell (or the file-level problem).
    """
    if default_color not in COLORS:
        raise DataError(f"wines without a colour must be red or white, not {default_color!r}")
    frame = parse_wine_csv(_text(raw, source), source, MEASUREMENT_NAMES, rename=canonical_name)
    if len(frame) > MAX_ROWS:
        # pragma: a second guard, after _text's count of lines has refused the same file with the same words
        raise DataError(f"{source}: {len(frame):,} rows is over the {MAX_ROWS:,}-row limit")  # pragma: no mutate
    colors = _colors(frame, source, COLORS[default_color])
    quality = _quality(frame, source)
    rows = frame[list(MEASUREMENT_NAMES)].to_dict(orient="records")  # pragma: no mutate  (any case of the orient reads)
    records = [{**row, COLOR: c} for row, c in zip(rows, colors)]
    try:
        X = wine_matrix(records)
    except WineInputError as exc:  # parse_wine_csv leaves no file without rows: every error names its wine
        raise DataError(f"{source}: row {exc.index + 2}, column {exc.field!r}: {exc.reason}") from None
    proba = predict_proba(model, X)
    out = pd.DataFrame(X, columns=list(MEASUREMENT_NAMES) + [COLOR])
    out[COLOR] = np.where(out[COLOR] == 1, "red", "white")
    blank = [not _cell(v).strip() for v in frame[COLOR]] if COLOR in frame.columns else [True] * len(frame)
    out.attrs["assumed_color"] = blank  # rows scored as `default_color`
    if quality is not None:
        out[TARGET] = quality
        out["true bucket"] = [CLASSES[b] for b in buckets(quality)]
    for name, column in zip(CLASSES, proba.T):
        out[f"p({name})"] = column.round(4)
    out["predicted bucket"] = [CLASSES[i] for i in proba.argmax(axis=1)]
    return out
