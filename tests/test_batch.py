"""model/batch.py and model/testset.py: scoring uploaded CSVs, and the scored test split."""
from __future__ import annotations

import numpy as np
import pytest

from model.batch import MAX_UPLOAD_BYTES, score_csv
from model.data import DATA_DIR, DataError
from model.reference import scored_test_set

RED = (DATA_DIR / "winequality-red.csv").read_bytes()


def test_a_shipped_file_scores_with_quality_and_true_bucket(loaded_model):
    out = score_csv(loaded_model, RED, "red.csv", default_color="red")
    assert len(out) == 1599
    assert {"p(poor)", "p(average)", "p(good)", "predicted bucket", "true bucket", "quality"} <= set(out.columns)
    assert (out["color"] == "red").all()
    np.testing.assert_allclose(out[["p(poor)", "p(average)", "p(good)"]].sum(axis=1), 1, atol=2e-4)


def test_uci_semicolon_file_without_quality_but_with_aliases_and_colour(loaded_model):
    text = RED.decode().splitlines()[:4]
    header = ";".join(f'"{c.replace(" ", "_")}"' for c in text[0].split(",")[:-1]) + ';"color"'
    rows = [";".join(r.split(",")[:-1]) + ";white" for r in text[1:]]
    out = score_csv(loaded_model, "\n".join([header, *rows]).encode())
    assert len(out) == 3 and "quality" not in out.columns and (out["color"] == "white").all()


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00garbage", "not a UTF-8 text file"),
        (b"alcohol,pH\n1,2\n", "missing column(s) 'fixed acidity'"),
        (RED.replace(b"7.4,0.7,0,1.9", b"7.4,zero,0,1.9", 1), "row 2, column 'volatile acidity': 'zero'"),
        (RED.replace(b"7.4,0.7,0,1.9", b"7.4,-3,0,1.9", 1), "row 2, column 'volatile acidity'"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "over the 1,000,000-byte limit"),
    ],
)
def test_bad_uploads_get_a_clear_message(loaded_model, raw, fragment):
    with pytest.raises(DataError) as err:
        score_csv(loaded_model, raw, "wines.csv")
    assert fragment in str(err.value) and str(err.value).startswith("wines.csv")


def test_test_set_confusion_matches_the_manifest(loaded_model):
    ts = scored_test_set(loaded_model)
    assert len(ts.y) == 1300
    assert ts.confusion().tolist() == loaded_model.manifest["metrics"]["test"]["confusion_matrix"]
    assert (ts.confusion("red") + ts.confusion("white") == ts.confusion()).all()
    assert ts.confusion("red").sum() == int((ts.color == 1).sum()) > 0


def test_model_package_never_imports_the_dashboard():
    import pathlib
    import re

    for path in pathlib.Path(DATA_DIR.parent, "model").glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+(components|callbacks|dashboard|api)\b", path.read_text(), re.M), path


HEADER = ",".join(RED.decode().splitlines()[0].split(","))
ROW = RED.decode().splitlines()[1]


def _with_column(name: str, cells: list[str]) -> bytes:
    return "\n".join([f"{HEADER},{name}"] + [f"{ROW},{c}" for c in cells]).encode()


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (("a," * 50_000 + "a").encode(), "the header has 50,001 columns; a wine file has at most 64"),
        ((";".join(f"c{i}" for i in range(65))).encode(), "the header has 65 columns"),
        ((HEADER + "\n" + "\n".join([ROW] * 10_001)).encode(), "10,001 rows is over the 10,000-row limit"),
        ((HEADER + "\n" + ROW + "\n" + "1," * 49_999 + "1\n").encode(), "row 3 has 50,000 fields but the header 12"),
        ((HEADER + "\n" + ROW + ",1\n").encode(), "row 2 has 13 fields but the header 12"),
        (RED.replace(b"7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,5", b"7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,", 1),
         "row 2, column 'quality': '' is not a score from 0 to 10"),
        (RED.replace(b"0.56,9.4,5", b"0.56,9.4,good", 1), "row 2, column 'quality': 'good' is not a score"),
        (RED.replace(b"0.56,9.4,5", b"0.56,9.4,5.5", 1), "row 2, column 'quality': '5.5' is not a score"),
        (RED.replace(b"0.56,9.4,5", b"0.56,9.4,11", 1), "row 2, column 'quality': '11'"),
        (_with_column("color", ["red", "inf"]), "row 3, column 'color': 'inf' is not red, white, 1 or 0"),
        (_with_column("color", ["0.5"]), "row 2, column 'color': '0.5' is not red, white, 1 or 0"),
        (_with_column("color", ["1", "rose"]), "row 3, column 'color': 'rose'"),
        (_with_column("colour", ["-1"]), "row 2, column 'color': '-1'"),
        (_with_column("ph", ["3.1"]), "column 'pH' is given twice"),
        (_with_column("pH", ["3.1"]), "column 'pH' is given twice"),  # pandas alone would read it as 'pH.1'
    ],
)
def test_hostile_or_broken_uploads_are_refused_naming_row_and_column(loaded_model, raw, fragment):
    with pytest.raises(DataError) as err:
        score_csv(loaded_model, raw, "wines.csv")
    assert fragment in str(err.value) and str(err.value).startswith("wines.csv")


def test_a_blank_colour_cell_is_a_wine_without_a_colour(loaded_model):
    out = score_csv(loaded_model, _with_column("color", ["", "white", "RED", "1", "0"]), default_color="red")
    assert out["color"].tolist() == ["red", "white", "red", "red", "white"]


def test_the_colour_for_wines_without_one_must_be_red_or_white(loaded_model):
    with pytest.raises(DataError, match="must be red or white"):
        score_csv(loaded_model, RED, default_color="rose")


# ---------------------------------------------------------------- what the scored frame holds, and header edge cases

def test_the_scored_frame_holds_integer_quality_true_and_predicted_buckets(loaded_model):
    from model.data import buckets
    from model.schema import CLASSES

    out = score_csv(loaded_model, RED, "red.csv", default_color="red")
    assert out["quality"].dtype.kind == "i"
    assert out["true bucket"].tolist() == [CLASSES[b] for b in buckets(out["quality"].to_numpy())]
    proba = out[[f"p({c})" for c in CLASSES]].to_numpy()
    assert out["predicted bucket"].tolist() == [CLASSES[i] for i in proba.argmax(axis=1)]


def test_a_file_without_colour_is_white_by_default(loaded_model):
    header, *rows = RED.decode().splitlines()[:3]
    out = score_csv(loaded_model, "\n".join([header, *rows]).encode())
    assert out["color"].tolist() == ["white", "white"]


def test_blank_lines_before_the_header_are_skipped(loaded_model):
    assert len(score_csv(loaded_model, b"\n\n  \n" + b"\n".join(RED.splitlines()[:3]))) == 2


@pytest.mark.parametrize(
    ("header_change", "message"),
    [(lambda h: h + ',"pH"', "wines.csv: the column 'pH' is given twice in the header"),
     (lambda h: h + ",fixed_acidity", "wines.csv: the column 'fixed acidity' is given twice in the header")],
    ids=["quoted twin", "alias twin"],
)
def test_a_column_given_twice_under_another_spelling_is_named(loaded_model, header_change, message):
    header, *rows = RED.decode().splitlines()[:3]
    raw = "\n".join([header_change(header), *(r + ",1" for r in rows)]).encode()
    with pytest.raises(DataError) as refused:
        score_csv(loaded_model, raw, "wines.csv")
    assert str(refused.value) == message


@pytest.mark.parametrize("cell", ["", "x"], ids=["blank", "text"])
def test_a_quality_that_is_not_a_number_is_named(loaded_model, cell):
    header, first, *rows = RED.decode().splitlines()[:3]
    raw = "\n".join([header, first.rsplit(",", 1)[0] + "," + cell, *rows]).encode()
    with pytest.raises(DataError) as refused:
        score_csv(loaded_model, raw, "wines.csv")
    assert str(refused.value) == f"wines.csv: row 2, column 'quality': '{cell}' is not a score from 0 to 10"


def test_a_blank_line_counts_against_the_row_limit(loaded_model):
    from model.batch import MAX_ROWS

    rows = RED.decode().splitlines()[1:]
    lines = [RED.decode().splitlines()[0]] + [rows[i % len(rows)] for i in range(MAX_ROWS)]
    lines.insert(2, "")
    with pytest.raises(DataError, match="10,001 rows is over the 10,000-row limit"):
        score_csv(loaded_model, "\n".join(lines).encode(), "wines.csv")


# ---------------------------------------------------------------- the separator, the default name, assumed colours

def test_a_file_without_a_name_is_called_upload_in_messages(loaded_model):
    with pytest.raises(DataError) as refused:
        score_csv(loaded_model, b"")
    assert str(refused.value) == "upload: the file is empty"


def test_a_one_column_header_is_read_as_comma_separated_as_the_parser_reads_it(loaded_model):
    """No separator in the header: both the limits and the parser take ',' (a ';' in a row is then text)."""
    with pytest.raises(DataError) as refused:
        score_csv(loaded_model, b"alcohol\n10;11\n", "wines.csv")
    assert str(refused.value).startswith("wines.csv: missing column(s) 'fixed acidity'")


@pytest.mark.parametrize(("width", "refused"), [(64, False), (65, True)], ids=["at the limit", "one past"])
def test_a_semicolon_inside_a_comma_header_does_not_change_how_columns_are_counted(loaded_model, width, refused):
    extra = ['"notes; tasting"'] + [f"x{i}" for i in range(width - 13)]
    raw = "\n".join([",".join([HEADER, *extra]), ",".join([ROW] + ["1"] * len(extra))]).encode()
    assert len(extra) + 12 == width
    if refused:
        with pytest.raises(DataError, match=f"the header has {width} columns"):
            score_csv(loaded_model, raw, "wines.csv")
    else:
        assert len(score_csv(loaded_model, raw, "wines.csv")) == 1


def test_extra_columns_with_similar_names_are_not_twins(loaded_model):
    raw = "\n".join([f"{HEADER},lot,lot X,X lot", f"{ROW},a,b,c"]).encode()
    assert len(score_csv(loaded_model, raw, "wines.csv")) == 1


def test_the_rows_scored_with_the_assumed_colour_are_marked(loaded_model):
    out = score_csv(loaded_model, _with_column("color", ["", "white", " ", "RED"]), default_color="red")
    assert out.attrs["assumed_color"] == [True, False, True, False]
    assert out["color"].tolist() == ["red", "white", "red", "red"]
    header, *rows = RED.decode().splitlines()[:4]
    assert score_csv(loaded_model, "\n".join([header, *rows]).encode()).attrs["assumed_color"] == [True] * 3
