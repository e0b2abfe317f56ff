"""Requests a browser or a script can send: none grows memory or gets a 5xx (compression cache, callback bodies)."""
from __future__ import annotations

import re

import pytest
from dash.fingerprint import build_fingerprint, check_fingerprint
from flask_compress import Compress

from bench.fuzz_bodies import crafted_bodies, server_callbacks, valid_body
from components import ids


def _compress_cache(server):
    [compress] = [f.__self__ for f in server.after_request_funcs[None] if isinstance(getattr(f, "__self__", None), Compress)]
    return compress.cache


def test_query_string_and_fingerprint_variants_of_a_bundle_share_one_cache_entry(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    vendor = re.findall(r'src="(/assets/vendor/plotly[^"?]+)', page)[0]
    suite = re.findall(r'src="(/_dash-component-suites/[^"?]+\.js)', page)[0]
    for path in (vendor, suite):
        client.get(path, headers={"Accept-Encoding": "br"})
    cache = _compress_cache(app.server)
    size = len(cache)
    first = client.get(vendor, headers={"Accept-Encoding": "br"}).get_data()
    for i in range(200):
        assert client.get(f"{vendor}?x={i}", headers={"Accept-Encoding": "br"}).get_data() == first
        fingerprinted = build_fingerprint(check_fingerprint(suite)[0], i, f"{i:x}")
        assert client.get(fingerprinted, headers={"Accept-Encoding": "br"}).status_code == 200
    assert len(cache) == size


def test_the_cache_is_bounded_whatever_the_keys(app):
    cache = type(_compress_cache(app.server))()
    for i in range(cache.MAX_ENTRIES * 3):
        cache.set(f"br;/assets/vendor/file{i}.js", b"x")
    assert len(cache) == cache.MAX_ENTRIES


# ---------- crafted /_dash-update-component bodies ----------

def test_every_server_callback_answers_its_valid_body(app):
    client = app.server.test_client()
    for output in server_callbacks(app):
        response = client.post("/_dash-update-component", json=valid_body(app, output))
        assert response.status_code in (200, 204), (output, response.get_data(as_text=True)[:300])


def test_no_crafted_callback_body_gets_a_server_error_or_a_traceback(app, caplog):
    client = app.server.test_client()
    statuses: dict[int, int] = {}
    for output, raw, content_type in crafted_bodies(app):
        response = client.post("/_dash-update-component", data=raw, content_type=content_type)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (output, raw[:300])
    assert sum(statuses.values()) > 1000 and statuses[400] > 500
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda b: b.update(output="nope.children"), "'output' names no callback"),
        (lambda b: b["inputs"].append({"id": "nope", "property": "value", "value": 1}), "'inputs' must be a list of"),
        (lambda b: b["inputs"][0].update(id="nope"), "expected confusion-mode.value"),
        (lambda b: b["inputs"][0].update(value="sideways"), "is not among its options"),
        (lambda b: b["inputs"][0].update(value=[1]), "does not fit this property"),
        (lambda b: b.pop("outputs"), "'outputs' must describe"),
    ],
)
def test_a_malformed_body_is_a_400_that_says_why(app, change, fragment):
    output = next(o for o in server_callbacks(app) if app.callback_map[o]["inputs"][0]["id"] == ids.CONFUSION_MODE)
    body = valid_body(app, output)
    change(body)
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400 and fragment in response.get_json()["detail"]


def test_malformed_json_is_a_400(app):
    client = app.server.test_client()
    for raw in (b"{", b"", b'{"output": NaN}', b"[" * 5000):
        assert client.post("/_dash-update-component", data=raw, content_type="application/json").status_code == 400


def test_a_store_of_the_wrong_shape_answers_no_update_with_one_log_line(app, caplog):
    output = next(o for o in server_callbacks(app) if o.startswith(f"..{ids.COMPARE}"))
    body = valid_body(app, output)
    body["inputs"][0]["value"] = {"wine": "not a wine"}  # the current wine
    body["inputs"][1]["value"] = {"alcohol": [12]}       # scenario A
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 204
    [record] = [r for r in caplog.records if "could not use its input" in r.getMessage()]
    assert record.exc_info is None and "\n" not in record.getMessage()


# ---------- /healthz scores the reference wines recorded at training ----------

def test_health_scores_the_recorded_reference_wines(client, loaded_model):
    from api.routes import self_test

    recorded = loaded_model.manifest["reference_wines"]
    assert {w["wine"]["color"] for w in recorded} == {"red", "white"} and len(recorded) >= 4
    assert self_test(loaded_model) is None
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_health_is_503_with_a_reason_when_a_reference_wine_scores_differently(client, loaded_model, monkeypatch):
    import api.routes

    real = api.routes.predict

    def drifted(model, wines, **options):
        results = real(model, wines, **options)
        results[-1]["probabilities"]["poor"] += 1e-6  # far below anything a user would see, far above 1e-9
        return results

    monkeypatch.setattr(api.routes, "predict", drifted)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["reason"].startswith("reference wine ")


# ---------- the out-of-range flag at the training range's edges ----------

def test_exactly_the_training_extremes_are_in_range_and_just_past_them_is_not(loaded_model, average_wine):
    from model.predict import predict

    for feature in loaded_model.features:
        name, lo, hi = feature["name"], feature["train_min"], feature["train_max"]
        at_edges = predict(loaded_model, [average_wine | {name: hi}, average_wine | {name: lo}])
        assert [r["out_of_range"] for r in at_edges] == [False, False], name
        step = feature["step"] / 100
        past = predict(loaded_model, [average_wine | {name: hi + step}] + ([average_wine | {name: lo - step}] if lo - step >= 0 else []))
        assert all(r["out_of_range_features"] == [name] for r in past), name


# ---------- the README's API examples are what the API answers ----------

def _readme_examples() -> list[tuple[object, object]]:
    import json
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    pattern = r"curl -s -X POST \"\$URL/api/predict\"[^\n]*-d '(.*?)'\n```\n```json\n(.*?)\n```"
    return [(json.loads(body), json.loads(answer)) for body, answer in re.findall(pattern, readme, re.S)]


def _rounded(node):
    if isinstance(node, float):
        return round(node, 3)
    if isinstance(node, dict):
        return {k: _rounded(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_rounded(v) for v in node]
    return node


def test_the_readme_api_examples_are_the_api_answers(client):
    examples = _readme_examples()
    assert len(examples) >= 2
    for body, documented in examples:
        response = client.post("/api/predict", json=body)
        assert response.status_code == 200
        assert _rounded(response.get_json()) == documented


def test_health_is_503_when_a_reference_wines_contributions_do_not_add_up(client, monkeypatch):
    """The probabilities still match; only the explanation is off: the self-test must look at both."""
    import api.routes

    real = api.routes.predict

    def misexplained(model, wines, **options):
        results = real(model, wines, **options)
        results[0]["explanation"]["contributions"]["good"]["alcohol"] += 1e-3
        return results

    monkeypatch.setattr(api.routes, "predict", misexplained)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "the explanation does not add up to its probabilities" in response.get_json()["reason"]
