"""Every size limit and range check at the limit and one past it: upload bytes, rows, columns and quality scores,
wines and bytes per API request, the explainer's chunks, and the reliability diagram's top bin."""
from __future__ import annotations

import json

import numpy as np
import pytest

from api.body import MAX_BODY_BYTES, MAX_WINES
from model.batch import MAX_COLUMNS, MAX_QUALITY, MAX_ROWS, MAX_UPLOAD_BYTES, score_csv
from model.data import DataError
from model.explain import CHUNK_WINES
from test_batch import HEADER, RED, ROW

PROBLEM = "application/problem+json"


def refused(loaded_model, raw: bytes, fragment: str) -> None:
    with pytest.raises(DataError) as err:
        score_csv(loaded_model, raw, "wines.csv")
    assert fragment in str(err.value)


def csv_of_bytes(size: int, rows: int = 100) -> bytes:
    """A valid red-wine CSV of exactly `size` bytes: `rows` wines, padded in an extra column the scorer ignores."""
    head = f"{HEADER},note\n".encode()
    row = f"{ROW},".encode()
    room = size - len(head) - rows * (len(row) + 1) + 1
    pad, extra = divmod(room, rows)
    lines = [row + b"x" * (pad + (1 if i < extra else 0)) for i in range(rows)]
    raw = head + b"\n".join(lines)
    assert len(raw) == size
    return raw


def test_an_upload_of_exactly_the_byte_limit_is_scored(loaded_model):
    assert MAX_UPLOAD_BYTES == 1_000_000
    assert len(score_csv(loaded_model, csv_of_bytes(MAX_UPLOAD_BYTES))) == 100


def test_an_upload_one_byte_over_the_limit_is_refused(loaded_model):
    refused(loaded_model, csv_of_bytes(MAX_UPLOAD_BYTES + 1), "1,000,001 bytes is over the 1,000,000-byte limit")


def test_an_upload_of_exactly_the_row_limit_is_scored(loaded_model):
    assert MAX_ROWS == 10_000
    raw = (HEADER + "\n" + "\n".join([ROW] * MAX_ROWS)).encode()
    assert len(score_csv(loaded_model, raw)) == MAX_ROWS


def test_an_upload_one_row_over_the_limit_is_refused(loaded_model):
    raw = (HEADER + "\n" + "\n".join([ROW] * (MAX_ROWS + 1))).encode()
    refused(loaded_model, raw, "10,001 rows is over the 10,000-row limit")


def _wide(width: int) -> bytes:
    names = HEADER.split(",") + [f"extra{i}" for i in range(width - 12)]
    return (",".join(names) + "\n" + ROW + "," * (width - 12)).encode()


def test_a_header_of_exactly_the_column_limit_is_scored(loaded_model):
    assert MAX_COLUMNS == 64
    assert len(score_csv(loaded_model, _wide(MAX_COLUMNS))) == 1


def test_a_header_one_column_over_the_limit_is_refused(loaded_model):
    refused(loaded_model, _wide(MAX_COLUMNS + 1), "the header has 65 columns; a wine file has at most 64")


@pytest.mark.parametrize("score", [0, MAX_QUALITY])
def test_quality_scores_at_the_ends_of_the_scale_are_read(loaded_model, score):
    raw = RED.replace(b"0.56,9.4,5", b"0.56,9.4," + str(score).encode(), 1)
    assert score_csv(loaded_model, raw)["quality"].iloc[0] == score


@pytest.mark.parametrize("score", ["-1", "11", "-0.5", "10.5"])
def test_quality_scores_past_the_ends_of_the_scale_are_refused(loaded_model, score):
    raw = RED.replace(b"0.56,9.4,5", b"0.56,9.4," + score.encode(), 1)
    refused(loaded_model, raw, f"row 2, column 'quality': '{score}' is not a score from 0 to 10")


# ---------- the API: wines and bytes per request, the explanation's batch ----------

def post(client, body, query: str = ""):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/api/predict{query}", data=data, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("query", ["", "?explain=true"])
def test_exactly_the_wine_limit_is_scored(client, average_wine, query):
    assert MAX_WINES == 1_000
    response = post(client, [average_wine] * MAX_WINES, query)
    assert response.status_code == 200 and len(response.get_json()) == MAX_WINES
    assert ("explanation" in response.get_json()[-1]) == bool(query)


@pytest.mark.parametrize("query", ["", "?explain=true"])
def test_one_wine_over_the_limit_is_refused(client, average_wine, query):
    response = post(client, [average_wine] * (MAX_WINES + 1), query)
    assert response.status_code == 413 and response.mimetype == PROBLEM
    assert "1,001 wines is over the limit of 1,000 per request" in response.get_json()["detail"]


@pytest.mark.parametrize("path", ["/api/predict", "/_live/bars", "/_live/why", "/_live/sweeps"])
def test_a_body_of_exactly_the_byte_limit_is_read(client, average_wine, path):
    assert MAX_BODY_BYTES == 1_000_000
    text = json.dumps(average_wine)
    response = client.post(path, data=text + " " * (MAX_BODY_BYTES - len(text)), content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/predict", "/_live/bars", "/_live/why", "/_live/sweeps"])
def test_a_body_one_byte_over_the_limit_is_refused(client, average_wine, path):
    text = json.dumps(average_wine)
    response = client.post(path, data=text + " " * (MAX_BODY_BYTES + 1 - len(text)), content_type="application/json")
    assert response.status_code == 413
    assert "over the limit of 1,000,000 bytes" in response.get_json()["detail"]


@pytest.mark.parametrize("n", [CHUNK_WINES - 1, CHUNK_WINES, CHUNK_WINES + 1, 2 * CHUNK_WINES])
def test_an_explanation_batch_at_and_past_a_chunk_boundary_equals_one_wine_at_a_time(loaded_model, wine_split, n):
    X = wine_split.X_test.to_numpy()[:n]
    whole = loaded_model.explainer.explain(X)
    for i in (0, n - 1):
        np.testing.assert_allclose(whole.phi[i], loaded_model.explainer.explain(X[i:i + 1]).phi[0], rtol=0, atol=1e-12)


# ---------- the reliability diagram's bins ----------

def test_a_confidence_of_exactly_one_falls_in_the_top_bin():
    from model.insight import reliability_curve

    curve = reliability_curve(np.array([[1.0, 0.0, 0.0], [0.0, 0.95, 0.05], [0.5, 0.3, 0.2]]), np.array([0, 1, 1]))
    counts = [b["count"] for b in curve["bins"]]
    assert sum(counts) == 3
    assert counts[-1] == 2 and curve["bins"][-1]["upper"] == 1.0  # 1.0 and 0.95 share the top bin
    assert counts[len(counts) // 2] == 1  # 0.5 opens the bin that starts at 0.5


def test_the_expected_calibration_error_counts_a_confidence_of_one():
    from model.metrics import expected_calibration_error

    # one wine, certain and wrong: the whole error is 1
    assert expected_calibration_error(np.array([[1.0, 0.0, 0.0]]), np.array([2])) == pytest.approx(1.0)
