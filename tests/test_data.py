"""model/data.py: both UCI file formats, each bad-file case, and the preparation facts."""
from __future__ import annotations

import numpy as np
import pytest

from model import data
from model.schema import FEATURE_NAMES, MEASUREMENT_NAMES

RED = data.DATA_DIR / "winequality-red.csv"


def _uci_format(text: str) -> str:
    """The file as UCI distributes it: `;`-separated with a quoted header."""
    header, *rows = text.splitlines()
    quoted = ";".join(f'"{c}"' for c in header.split(","))
    return "\n".join([quoted] + [r.replace(",", ";") for r in rows]) + "\n"


def test_shipped_files_match_their_published_checksums():
    assert data.sha256_file(RED) == "e5679c6181ed6747ea3b3bcd822abe4442ce96955a064721fce6d4e28397cdc5"
    assert data.sha256_file(data.DATA_DIR / "winequality-white.csv") == (
        "9be11c4ba67fb9f1bcbca4222ef939bc80b05cd3e3650136058d91efd2215078"
    )


def test_uci_semicolon_format_reads_the_same_as_comma_format(tmp_path):
    uci = tmp_path / "winequality-red.csv"
    uci.write_text(_uci_format(RED.read_text()))
    assert uci.read_text().startswith('"fixed acidity";"volatile acidity"')
    comma, semicolon = data.read_wine_file(RED), data.read_wine_file(uci)
    assert list(semicolon.columns) == list(MEASUREMENT_NAMES) + ["quality"]
    assert semicolon.equals(comma)


def test_a_data_dir_in_uci_format_gives_the_same_wines(tmp_path, wines):
    for name in data.DATA_FILES.values():
        (tmp_path / name).write_text(_uci_format((data.DATA_DIR / name).read_text()))
    assert data.load_wines(tmp_path).equals(wines)


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "winequality-red.csv: the file is empty"),
        ("  \n\n", "winequality-red.csv: the file is empty"),
        (None, "missing column(s) 'alcohol'"),
        ("bad-value", "row 4, column 'pH': 'abc' is not a number"),
        ("header-only", "has a header but no rows"),
        ("inf", "row 2, column 'density': 'inf' is not a number"),
    ],
)
def test_bad_files_are_rejected_naming_file_row_and_column(tmp_path, content, message):
    lines = RED.read_text().splitlines()
    if content is None:  # drop the alcohol column
        content = "\n".join(",".join(line.split(",")[:10] + line.split(",")[11:]) for line in lines[:5])
    elif content == "bad-value":
        cells = lines[3].split(",")
        cells[8] = "abc"
        content = "\n".join(lines[:3] + [",".join(cells)] + lines[4:6])
    elif content == "header-only":
        content = lines[0] + "\n"
    elif content == "inf":
        cells = lines[1].split(",")
        cells[7] = "inf"
        content = "\n".join([lines[0], ",".join(cells)])
    path = tmp_path / "winequality-red.csv"
    path.write_text(content)
    with pytest.raises(data.DataError) as err:
        data.read_wine_file(path)
    assert message in str(err.value)
    assert str(err.value).startswith("winequality-red.csv")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(data.DataError, match="winequality-white.csv: file not found"):
        data.load_wines(tmp_path)


def test_preparation_facts(wines):
    assert len(wines) == 6497
    assert list(wines.columns) == list(FEATURE_NAMES) + ["quality"]
    # white first, then red
    assert (wines["color"].iloc[:4898] == 0).all() and (wines["color"].iloc[4898:] == 1).all()
    assert np.bincount(data.buckets(wines["quality"])).tolist() == [2384, 2836, 1277]
    assert int(wines.duplicated().sum()) == 1177
    assert wines["alcohol"].mean() == pytest.approx(10.491801, abs=1e-6)


def test_buckets_follow_the_quality_edges():
    assert data.buckets([3, 4, 5, 6, 7, 8, 9]).tolist() == [0, 0, 0, 1, 2, 2, 2]


def test_split_is_the_reference_80_20(wine_split):
    assert len(wine_split.X_train) == 5197 and len(wine_split.X_test) == 1300
    assert list(wine_split.X_test.columns) == list(FEATURE_NAMES)
    assert int(wine_split.test_twins().sum()) == 361
