"""The JSON API through Flask's test client: predictions, refused input, model card, health, headers, compression."""
from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from api.body import MAX_BODY_BYTES, MAX_WINES
from model.predict import predict
from model.schema import BY_NAME, CLASSES, MEASUREMENTS

JSON = "application/json"
PROBLEM = "application/problem+json"


def post(client, body, content_type: str | None = JSON):
    """POST /api/predict with `body` as JSON (objects) or as raw text/bytes (str/bytes)."""
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {"Content-Type": content_type} if content_type else {}
    return client.post("/api/predict", data=data, headers=headers)


def by_alias(wine: dict) -> dict:
    return {(BY_NAME[k].alias if k in BY_NAME else k): v for k, v in wine.items()}


# --- good predictions -------------------------------------------------------------------------------------------


def test_predict_one_wine(client, average_wine, loaded_model):
    response = post(client, average_wine)
    assert response.status_code == 200 and response.mimetype == JSON
    result = response.get_json()
    assert set(result) == {"probabilities", "bucket", "out_of_range", "out_of_range_features"}
    assert list(result["probabilities"]) == list(CLASSES)
    assert sum(result["probabilities"].values()) == pytest.approx(1.0)
    assert result["bucket"] == max(result["probabilities"], key=result["probabilities"].get)
    assert result["out_of_range"] is False and result["out_of_range_features"] == []
    assert result == predict(loaded_model, average_wine)[0]


def test_predict_batch_keeps_order(client, average_wine, loaded_model):
    wines = [average_wine | {"alcohol": a, "color": c} for a, c in [(9.0, "red"), (13.0, "white"), (11.0, "red")]]
    response = post(client, wines)
    assert response.status_code == 200
    assert response.get_json() == predict(loaded_model, wines)
    assert len({json.dumps(r["probabilities"]) for r in response.get_json()}) == 3


def test_predict_the_full_batch_of_1000(client, average_wine):
    response = post(client, [average_wine] * MAX_WINES)
    assert response.status_code == 200 and len(response.get_json()) == MAX_WINES


@pytest.mark.parametrize("spelling", ["aliases", "mixed", "colour"])
def test_snake_case_aliases_give_the_same_answer(client, average_wine, spelling):
    wine = by_alias(average_wine)
    if spelling == "mixed":
        wine = {k: v for k, v in wine.items() if k != "free_sulfur_dioxide"} | {"free sulfur dioxide": 35.3}
        expected = post(client, average_wine | {"free sulfur dioxide": 35.3}).get_json()
    else:
        expected = post(client, average_wine).get_json()
    if spelling == "colour":
        wine["colour"] = wine.pop("color")
    assert set(wine) != set(average_wine)
    response = post(client, wine)
    assert response.status_code == 200 and response.get_json() == expected


@pytest.mark.parametrize(
    ("given", "same_as"),
    [("red", "red"), (1, "red"), ("RED", "red"), ("white", "white"), (0, "white"), (" White ", "white")],
)
def test_colour_as_word_or_number(client, average_wine, given, same_as):
    response = post(client, average_wine | {"color": given})
    assert response.status_code == 200
    assert response.get_json() == post(client, average_wine | {"color": same_as}).get_json()


def test_red_and_white_differ(client, average_wine):
    red, white = (post(client, average_wine | {"color": c}).get_json() for c in ("red", "white"))
    assert red["probabilities"] != white["probabilities"]


def test_out_of_training_range_is_flagged_not_refused(client, average_wine, loaded_model):
    ranges = {f["name"]: f for f in loaded_model.features}
    above = ranges["alcohol"]["train_max"] + 1  # still under the 25 % vol hard limit
    below = ranges["pH"]["train_min"] - 0.2
    response = post(client, [average_wine, average_wine | {"alcohol": above, "pH": below}])
    assert response.status_code == 200
    inside, outside = response.get_json()
    assert inside["out_of_range"] is False
    assert outside["out_of_range"] is True and outside["out_of_range_features"] == ["pH", "alcohol"]


def test_integers_and_zero_are_numbers(client, average_wine):
    response = post(client, average_wine | {"citric acid": 0, "free sulfur dioxide": 35, "total sulfur dioxide": 138})
    assert response.status_code == 200


# --- refused input: a 4xx problem+json naming the field and the problem, never a 5xx ----------------------------


def assert_problem(response, status: int, field: str | None = None, detail: str = "", index: int | None = None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert detail.lower() in body["detail"].lower()
    assert body["field"] == field
    assert body["index"] == index
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def _replace(wine: dict, name: str, literal: str) -> str:
    """The wine as JSON text with `name`'s value written as a raw literal (NaN, Infinity, 1e999, ...)."""
    return json.dumps(wine | {name: "@@"}).replace('"@@"', literal)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        ("{", JSON, 400, "malformed JSON"),
        ('{"alcohol": 10} trailing', JSON, 400, "malformed JSON"),
        ("{'alcohol': 10}", JSON, 400, "malformed JSON"),
        (b"\xff\xfe{}", JSON, 400, "not UTF-8"),
        ("", JSON, 400, "empty"),
        ("   ", JSON, 400, "empty"),
        ("[" * 50_000 + "]" * 50_000, JSON, 400, "nested too deeply"),
        ('{"alcohol": 10}', "text/plain", 415, "Content-Type: application/json"),
        ("alcohol=10", "application/x-www-form-urlencoded", 415, "application/json"),
        ('{"alcohol": 10}', None, 415, "no Content-Type"),
        ("[]", JSON, 422, "empty"),
        ("42", JSON, 422, "not int"),
        ('"a wine"', JSON, 422, "not str"),
        ("null", JSON, 422, "not NoneType"),
    ],
    ids=["truncated", "trailing-garbage", "single-quotes", "not-utf8", "empty-body", "blank-body", "deep-nesting",
         "text-plain", "form-encoded", "no-content-type", "empty-list", "number", "string", "null"],
)
def test_bad_bodies(client, body, content_type, status, detail):
    assert_problem(post(client, body, content_type), status, detail=detail)


@pytest.mark.parametrize(
    ("change", "field", "detail"),
    [
        (lambda w: {k: v for k, v in w.items() if k != "alcohol"}, "alcohol", "missing field(s): alcohol"),
        (lambda w: {k: v for k, v in w.items() if k != "color"}, "color", "missing"),
        (lambda w: w | {"colour intensity": 3}, "colour intensity", "unknown field"),
        (lambda w: w | {"ph": 3.2}, "pH", "given twice"),
        (lambda w: w | {"alcohol": "12"}, "alcohol", "must be a number, not str"),
        (lambda w: w | {"alcohol": "twelve"}, "alcohol", "must be a number"),
        (lambda w: w | {"alcohol": None}, "alcohol", "not null"),
        (lambda w: w | {"alcohol": True}, "alcohol", "must be a number"),
        (lambda w: w | {"alcohol": [12]}, "alcohol", "must be a number"),
        (lambda w: w | {"alcohol": {"value": 12}}, "alcohol", "must be a number"),
        (lambda w: w | {"alcohol": -1}, "alcohol", "outside the possible range"),
        (lambda w: w | {"density": -0.5}, "density", "outside the possible range"),
        (lambda w: w | {"alcohol": 99}, "alcohol", "outside the possible range 0 to 25"),
        (lambda w: w | {"total sulfur dioxide": 1e6}, "total sulfur dioxide", "outside the possible range"),
        (lambda w: w | {"pH": 15}, "pH", "outside the possible range"),
        (lambda w: w | {"color": "rosé"}, "color", '"red", "white", 1 or 0'),
        (lambda w: w | {"color": 2}, "color", '"red", "white", 1 or 0'),
        (lambda w: w | {"color": None}, "color", '"red", "white", 1 or 0'),
        (lambda w: w | {"color": True}, "color", '"red", "white", 1 or 0'),
    ],
    ids=["missing", "missing-color", "unknown", "name-and-alias", "numeric-string", "string", "null", "bool", "list",
         "object", "negative", "negative-density", "absurd", "absurd-so2", "absurd-ph", "bad-colour", "colour-2",
         "colour-null", "colour-bool"],
)
def test_bad_wine_names_the_field(client, average_wine, change, field, detail):
    assert_problem(post(client, change(dict(average_wine))), 422, field, detail)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" + "0" * 400])
def test_nan_infinity_and_overflow_are_refused_by_name(client, average_wine, literal):
    body = assert_problem(post(client, _replace(average_wine, "alcohol", literal)), 422, "alcohol")
    assert "finite number" in body["detail"] or "possible range" in body["detail"]


def test_nan_colour_is_refused(client, average_wine):
    assert_problem(post(client, _replace(average_wine, "color", "NaN")), 422, "color", "not NaN")


def test_duplicate_json_key_is_refused(client, average_wine):
    text = json.dumps(average_wine)[:-1] + ', "alcohol": 9.5}'
    assert_problem(post(client, text), 422, "alcohol", "given twice")


def test_bad_wine_in_a_batch_names_its_index(client, average_wine):
    wines = [average_wine, average_wine, average_wine | {"sulphates": "high"}]
    assert_problem(post(client, wines), 422, "sulphates", "wine 2: 'sulphates' must be a number", index=2)
    assert_problem(post(client, [average_wine, 7]), 422, None, "must be an object", index=1)


def test_more_than_1000_wines_is_refused(client, average_wine):
    assert_problem(post(client, [average_wine] * (MAX_WINES + 1)), 413, detail="1,001 wines is over the limit")


def test_body_over_1_mb_is_refused(client, average_wine):
    body = json.dumps([average_wine]) + " " * MAX_BODY_BYTES
    assert_problem(post(client, body), 413, detail="over the limit of 1,000,000 bytes")


def test_body_of_exactly_1_mb_is_accepted(client, average_wine):
    text = json.dumps([average_wine])
    response = post(client, text + " " * (MAX_BODY_BYTES - len(text)))
    assert response.status_code == 200 and len(response.get_json()) == 1


def test_body_over_1_mb_without_content_length_is_refused(app, average_wine):
    """A chunked upload (no Content-Length, a server that says the stream ends) is cut off at the limit too."""
    body = json.dumps([average_wine]).encode() + b" " * MAX_BODY_BYTES
    environ = EnvironBuilder("/api/predict", method="POST", data=body, content_type=JSON).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    response = Response.from_app(app.server, environ)
    assert response.status_code == 413 and response.mimetype == PROBLEM


def test_unexpected_error_is_a_json_500_without_traceback(client, average_wine, monkeypatch):
    import api.routes

    def broken(model, wines):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.routes, "predict", broken)
    response = post(client, average_wine)
    assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)


# --- routing: JSON 404/405 on /api, Dash's catch-all keeps the rest ---------------------------------------------


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/nope", "/api/predict/extra", "/api/v2/predict"])
def test_unknown_api_path_is_json_404(client, path):
    assert_problem(client.get(path), 404)
    assert_problem(client.post(path, json={}), 404)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("GET", "/api/predict", {"POST"}), ("PUT", "/api/predict", {"POST"}), ("DELETE", "/api/model", {"GET"}),
     ("POST", "/api/openapi.json", {"GET"}), ("POST", "/healthz", {"GET"}), ("PATCH", "/health", {"GET"})],
)
def test_wrong_method_is_json_405_with_allow(client, method, path, allow):
    response = client.open(path, method=method)
    assert_problem(response, 405)
    assert allow <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_dashboard_pages_still_served_by_dash(client):
    for path in ("/", "/some/page"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/html"


# --- model card, health -----------------------------------------------------------------------------------------


def test_model_card_is_the_manifest_without_paths(client, loaded_model):
    response = client.get("/api/model")
    assert response.status_code == 200 and response.mimetype == JSON
    card = response.get_json()
    assert card["classes"] == list(CLASSES)
    assert card["model"]["sha256"] == loaded_model.sha256
    assert [f["name"] for f in card["features"]] == [f.name for f in MEASUREMENTS]
    assert card["versions"] == loaded_model.manifest["versions"]
    assert "file" not in card["model"]
    text = response.get_data(as_text=True)
    assert loaded_model.manifest["model"]["file"] not in text
    assert str(loaded_model.path.parent.parent) not in text


def test_model_card_drops_server_paths():
    from api.routes import PROJECT_DIR, model_card

    manifest = {"model": {"file": "m.pkl", "sha256": "x"}, "command": f"{PROJECT_DIR}/.venv/bin/python -m model.train",
                "data": {"dir": "/srv/data", "files": ["a.csv", "/abs/b.csv"]}}
    assert model_card(manifest) == {"model": {"sha256": "x"}, "data": {"files": ["a.csv"]}}


def test_model_card_does_not_change_the_loaded_manifest(client, loaded_model):
    client.get("/api/model")
    assert "file" in loaded_model.manifest["model"]


def test_healthz(client, loaded_model):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == JSON
    health = response.get_json()
    assert health["status"] == "ok"
    assert health["model"]["sha256"] == loaded_model.sha256
    assert {"python", "dash", "flask", "scikit-learn", "numpy"} <= set(health["versions"])
    assert health["model"]["trained_with"]["scikit-learn"] == health["versions"]["scikit-learn"]
    assert response.headers["Cache-Control"] == "no-store"


def test_dash_health_path_is_the_real_health_check(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.mimetype == JSON
    assert response.get_json() == client.get("/healthz").get_json()


def test_healthz_is_503_when_the_model_cannot_score(client, monkeypatch):
    import api.routes

    def broken(model, wines):
        raise ValueError("corrupt trees")

    monkeypatch.setattr(api.routes, "predict", broken)
    for path in ("/healthz", "/health"):
        response = client.get(path)
        assert response.status_code == 503 and response.get_json()["status"] == "error"


def test_openapi_document_lists_every_route(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == JSON
    doc = response.get_json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/predict", "/api/decide", "/api/decide/test-set", "/api/model", "/api/openapi.json", "/healthz", "/health"}
    wine = doc["components"]["schemas"]["WineByName"]
    assert wine["properties"]["alcohol"]["maximum"] == BY_NAME["alcohol"].hard_max
    assert doc["components"]["schemas"]["PredictRequest"]["oneOf"][1]["maxItems"] == MAX_WINES


# --- headers, compression, debug --------------------------------------------------------------------------------

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/_dash-layout"), ("GET", "/_dash-dependencies"), ("GET", "/healthz"),
     ("GET", "/api/model"), ("POST", "/api/predict"), ("GET", "/api/nope"), ("GET", "/_favicon.ico")],
)
def test_security_headers_on_every_response(client, method, path):
    response = client.open(path, method=method)
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    # no script-src: Dash's index bootstraps the renderer with an inline script
    assert "script-src" not in response.headers["Content-Security-Policy"]


def _bundle_urls(client) -> list[str]:
    urls = re.findall(r'src="(/_dash-component-suites/[^"]+\.js)"', client.get("/").get_data(as_text=True))
    assert urls, "the index page lists no Dash JS bundles"
    return urls


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_dash_bundles_are_compressed(client, encoding, decode):
    for url in _bundle_urls(client):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        packed = client.get(url, headers={"Accept-Encoding": f"{encoding}, deflate"})
        assert plain.status_code == packed.status_code == 200
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert decode(packed.get_data()) == plain.get_data()
        if len(plain.get_data()) > 5_000:
            assert len(packed.get_data()) < len(plain.get_data()) / 2


def test_brotli_preferred_and_bundles_cached_compressed(client):
    url = max(_bundle_urls(client), key=lambda u: len(client.get(u).get_data()))
    first = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    again = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert first.headers["Content-Encoding"] == "br" and first.get_data() == again.get_data()


def test_api_responses_are_compressed(client, average_wine):
    response = client.post("/api/predict", json=[average_wine] * 50, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.get_data()))) == 50


def test_debug_is_off_even_with_flask_debug(loaded_model, monkeypatch):
    from dashboard import create_app

    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.delenv("DASH_DEBUG", raising=False)
    assert create_app({"TESTING": True}, model=loaded_model).server.debug is False
    monkeypatch.setenv("DASH_DEBUG", "true")
    assert create_app({"TESTING": True}, model=loaded_model).server.debug is True


def test_the_served_app_is_not_in_debug(app):
    assert app.server.debug is False
    assert not app._dev_tools.ui and not app._dev_tools.hot_reload


def test_asset_files_go_out_compressed_and_closed(client):
    import re

    page = client.get("/").get_data(as_text=True)
    [bundle] = re.findall(r'src="(/assets/vendor/plotly[^"]+)"', page)
    for path in (bundle, "/assets/theme.css"):
        response = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "br", path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(client.get(bundle, headers={"Accept-Encoding": "br"}).data) < 600_000
