"""Read and validate the UCI wine CSVs, and prepare the merged, bucketed train/test split."""
from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from model.schema import COLOR, COLORS, FEATURE_NAMES, MEASUREMENT_NAMES, TARGET

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_FILES = {"white": "winequality-white.csv", "red": "winequality-red.csv"}  # white first
TEST_SIZE = 0.2
SPLIT_SEED = 42


class DataError(ValueError):
    """A wine file that cannot be used; the message names the file and the problem."""


def _sniff_separator(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def parse_wine_csv(
    text: str, source: str, required: tuple[str, ...], rename: Callable[[str], str | None] | None = None
) -> pd.DataFrame:
    """Parse CSV text (`,` or UCI's `;` with quoted header); check `required` columns are numeric.

    `rename` maps a header name to the one to use (None keeps it); two columns with one name are refused."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty")
    header = text.lstrip().splitlines()[0]
    try:
        frame = pd.read_csv(io.StringIO(text), sep=_sniff_separator(header), skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{source}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    frame.columns = [str(c).strip().strip('"').strip() for c in frame.columns]
    if rename is not None:
        frame.columns = [rename(c) or c for c in frame.columns]
    doubled = frame.columns[frame.columns.duplicated()]
    if len(doubled):
        raise DataError(f"{source}: column {doubled[0]!r} is given twice")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(f"{source}: missing column(s) {', '.join(repr(c) for c in missing)}")
    if frame.empty:
        raise DataError(f"{source}: the file has a header but no rows")
    for column in required:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raw = frame[column].iloc[row]
            what = "is empty" if pd.isna(raw) or not str(raw).strip() else f"'{raw}' is not a number"
            # row numbers as a spreadsheet shows them: header is line 1
            raise DataError(f"{source}: row {row + 2}, column {column!r}: {what}")
        frame[column] = values.astype(float)
    return frame


def read_wine_file(path: Path) -> pd.DataFrame:
    """One UCI wine file as a frame of the 11 measurements plus quality."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    frame = parse_wine_csv(text, str(path.name), MEASUREMENT_NAMES + (TARGET,))
    return frame[list(MEASUREMENT_NAMES + (TARGET,))]


def load_wines(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """White then red wines, with `color` (white 0, red 1) after the measurements."""
    frames = []
    for color, filename in DATA_FILES.items():
        frame = read_wine_file(Path(data_dir) / filename)
        frame.insert(len(MEASUREMENT_NAMES), COLOR, COLORS[color])
        frames.append(frame)
    wines = pd.concat(frames, ignore_index=True)
    wines[TARGET] = wines[TARGET].astype(int)
    return wines


def buckets(quality: pd.Series) -> np.ndarray:
    """Quality score -> bucket index: 3-5 poor (0), 6 average (1), 7-9 good (2)."""
    q = np.asarray(quality)
    return np.select([q <= 5, q == 6], [0, 1], 2)


@dataclass(frozen=True)
class Split:
    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: np.ndarray
    y_test: np.ndarray
    quality_test: np.ndarray
    quality_train: np.ndarray

    def test_twins(self) -> np.ndarray:
        """Boolean mask: test wines with an identical feature row in the training split."""
        seen = set(map(tuple, self.X_train.to_numpy().tolist()))
        return np.array([tuple(row) in seen for row in self.X_test.to_numpy().tolist()])


def split(wines: pd.DataFrame) -> Split:
    """The reference 80/20 split (random_state=42) of features and buckets."""
    X = wines[list(FEATURE_NAMES)]
    y = buckets(wines[TARGET])
    X_train, X_test, y_train, y_test, q_train, q_test = train_test_split(
        X, y, wines[TARGET].to_numpy(), test_size=TEST_SIZE, random_state=SPLIT_SEED
    )
    return Split(X_train, X_test, y_train, y_test, q_test, q_train)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
