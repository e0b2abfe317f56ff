"""Every size limit at the limit and one past it, one parametrised table per limit (bytes, rows, columns, wines per
request, pattern items, body size, the explain batch)."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from api.body import MAX_BODY_BYTES, MAX_WINES
from api.callback_bodies import MAX_PATTERN_ITEMS, BodyError, _component_index, check_body
from callbacks.presets import average_wine as preset_wine, controls_from_request
from components import ids
from model.batch import MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, score_csv
from model.data import DATA_DIR, DataError
from model.explain import CHUNK_WINES
from test_callbacks import SLIDER_IDS, slider_callback_body

RED_LINES = (DATA_DIR / "winequality-red.csv").read_text().splitlines()
HEADER, ROWS = RED_LINES[0], RED_LINES[1:]
SEP = ";" if ";" in HEADER else ","


def csv_of(n_rows: int, extra_columns: int = 0, size: int | None = None) -> bytes:
    """A red-wine CSV of `n_rows` rows, `extra_columns` unknown columns, padded with leading zeros to `size` bytes."""
    header = HEADER + "".join(f"{SEP}x{i}" for i in range(extra_columns))
    rows = [ROWS[i % len(ROWS)] + f"{SEP}0" * extra_columns for i in range(n_rows)]
    text = "\n".join([header, *rows]) + "\n"
    if size is not None:
        missing = size - len(text.encode())
        assert 0 <= missing, "the rows alone are over the size asked for"
        per_row, extra = divmod(missing, n_rows)
        rows = ["0" * (per_row + (extra if i == 0 else 0)) + row for i, row in enumerate(rows)]  # 07.4 is 7.4
        text = "\n".join([header, *rows]) + "\n"
    raw = text.encode()
    assert size is None or len(raw) == size
    return raw


# ------------------------------------------------------------------ upload: bytes, rows, columns

@pytest.mark.parametrize(("size", "refused"), [(MAX_UPLOAD_BYTES, False), (MAX_UPLOAD_BYTES + 1, True)],
                         ids=["at the limit", "one past"])
def test_upload_bytes_limit(loaded_model, size, refused):
    raw = csv_of(2000, size=size)
    if refused:
        with pytest.raises(DataError, match=f"{size:,} bytes is over the 1,000,000-byte limit"):
            score_csv(loaded_model, raw, "wines.csv")
    else:
        out = score_csv(loaded_model, raw, "wines.csv")
        assert len(out) == 2000 and out["fixed acidity"].iloc[0] == 7.4


@pytest.mark.parametrize(("rows", "refused"), [(MAX_ROWS, False), (MAX_ROWS + 1, True)],
                         ids=["at the limit", "one past"])
def test_upload_rows_limit(loaded_model, rows, refused):
    raw = csv_of(rows)
    if refused:
        with pytest.raises(DataError, match="10,001 rows is over the 10,000-row limit"):
            score_csv(loaded_model, raw, "wines.csv")
    else:
        assert len(score_csv(loaded_model, raw, "wines.csv")) == MAX_ROWS


@pytest.mark.parametrize(("width", "refused"), [(MAX_COLUMNS, False), (MAX_COLUMNS + 1, True)],
                         ids=["at the limit", "one past"])
def test_upload_columns_limit(loaded_model, width, refused):
    raw = csv_of(3, extra_columns=width - len(HEADER.split(SEP)))
    if refused:
        with pytest.raises(DataError, match="the header has 65 columns; a wine file has at most 64"):
            score_csv(loaded_model, raw, "wines.csv")
    else:
        assert len(score_csv(loaded_model, raw, "wines.csv")) == 3


@pytest.mark.parametrize(("quality", "refused"), [("0", False), ("-1", True), ("10", False), ("11", True),
                                                  ("6.5", True)])
def test_upload_quality_limits(loaded_model, quality, refused):
    lines = csv_of(2).decode().splitlines()
    lines[1] = lines[1].rsplit(SEP, 1)[0] + SEP + quality
    raw = "\n".join(lines).encode()
    if refused:
        with pytest.raises(DataError, match=f"row 2, column 'quality': '{quality}' is not a score from 0 to 10"):
            score_csv(loaded_model, raw, "wines.csv")
    else:
        assert score_csv(loaded_model, raw, "wines.csv")["quality"].iloc[0] == int(quality)


# ------------------------------------------------------------------ API: body size, wines per request

def _body_of_size(wine: dict, size: int) -> bytes:
    text = json.dumps(wine)
    return (text + " " * (size - len(text))).encode()  # trailing whitespace is valid JSON


@pytest.mark.parametrize(("size", "status"), [(MAX_BODY_BYTES, 200), (MAX_BODY_BYTES + 1, 413)],
                         ids=["at the limit", "one past"])
@pytest.mark.parametrize("path", ["/api/predict", "/_live/bars", "/_live/why", "/_live/sweeps"])
def test_api_body_size_limit(client, average_wine, path, size, status):
    response = client.post(path, data=_body_of_size(average_wine, size), content_type="application/json")
    assert response.status_code == status
    if status == 413:
        assert "over the limit of 1,000,000 bytes" in response.get_json()["detail"]


@pytest.mark.parametrize(("count", "status"), [(MAX_WINES, 200), (MAX_WINES + 1, 413)],
                         ids=["at the limit", "one past"])
def test_api_wines_per_request_limit(client, average_wine, count, status):
    response = client.post("/api/predict", json=[average_wine] * count)
    assert response.status_code == status
    if status == 200:
        assert len(response.get_json()) == MAX_WINES
    else:
        assert response.get_json()["detail"] == "1,001 wines is over the limit of 1,000 per request; split the batch"


@pytest.mark.parametrize("count", [CHUNK_WINES, CHUNK_WINES + 1], ids=["one batch", "one past"])
def test_explain_batch_boundary_each_wine_explained_as_alone(client, loaded_model, count):
    wines = [{**w, "color": "white"} for w in _distinct_wines(loaded_model, count)]
    batch = client.post("/api/predict?explain=true", json=wines).get_json()
    assert len(batch) == count
    for i in (0, CHUNK_WINES - 1, count - 1):
        alone = client.post("/api/predict?explain=true", json=wines[i]).get_json()
        for c in loaded_model.classes:
            got, want = batch[i]["explanation"]["contributions"][c], alone["explanation"]["contributions"][c]
            assert got.keys() == want.keys()
            np.testing.assert_allclose(list(got.values()), list(want.values()), rtol=0, atol=1e-12)


def _distinct_wines(loaded_model, count: int) -> list[dict]:
    names = [f["name"] for f in loaded_model.features]
    rows = [[float(v) for v in line.split(SEP)[:11]] for line in ROWS[:count]]
    return [dict(zip(names, row)) for row in rows]


# ------------------------------------------------------------------ callback bodies: pattern items

@pytest.fixture(scope="module")
def slider_body(loaded_model) -> dict:
    request = preset_wine(loaded_model, "white")
    values, _ = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    return slider_callback_body(values, "red", request)


def _with_sliders(body: dict, n: int) -> dict:
    """The slider callback's body naming `n` sliders in each of its two ALL patterns."""
    body = copy.deepcopy(body)
    names = [ids.slider(f"s{i}") for i in range(n)]
    body["inputs"][0] = [{"id": i, "property": "value", "value": 1.0} for i in names]
    body["state"][0] = [{"id": i, "property": "id", "value": i} for i in names]
    return body


@pytest.mark.parametrize(("n", "refused"), [(MAX_PATTERN_ITEMS, False), (MAX_PATTERN_ITEMS + 1, True)],
                         ids=["at the limit", "one past"])
def test_pattern_items_limit(app, slider_body, n, refused):
    body, components = _with_sliders(slider_body, n), _component_index(app.layout)
    if refused:
        with pytest.raises(BodyError, match="must be a list of at most 200 entries"):
            check_body(body, app.callback_map, components)
    else:
        check_body(body, app.callback_map, components)
