"""api/auth.py: with DASHBOARD_PASSWORD set, every kind of route asks for HTTP Basic credentials but the health check."""
from __future__ import annotations

import base64
import re

import pytest

from api.auth import DEFAULT_USER, GateConfigError, credentials_from
from callbacks.presets import average_wine, controls_from_request
from test_callbacks import SLIDER_IDS, slider_callback_body

USER, PASSWORD = "taster", "pässword with spaces: and a colon"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def private_app(loaded_model):
    from dashboard import create_app

    return create_app({"TESTING": True, "DASHBOARD_USER": USER, "DASHBOARD_PASSWORD": PASSWORD}, model=loaded_model)


@pytest.fixture
def private(private_app):
    return private_app.server.test_client()


def basic(user: str, password: str) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


LOGGED_IN = basic(USER, PASSWORD)


def bundle_path(client, headers: dict) -> str:
    """One of Dash's JS bundles, as named in the page."""
    page = client.get("/", headers=headers).get_data(as_text=True)
    return re.search(r'src="(/_dash-component-suites/[^"]+)"', page).group(1)


def slider_body(loaded_model) -> dict:
    request = average_wine(loaded_model, "white")
    values, _ = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    return slider_callback_body(values, "red", request)


def every_kind_of_route(client, loaded_model, average_wine) -> dict:
    """name -> a function sending that request with the given headers; the answer expected when logged in."""
    bundle = bundle_path(client, LOGGED_IN)
    return {
        "page": (lambda h: client.get("/", headers=h), 200),
        "shared link": (lambda h: client.get("/?al=12.5&c=r&p=1", headers=h), 200),
        "asset": (lambda h: client.get("/assets/theme.css", headers=h), 200),
        "Dash bundle": (lambda h: client.get(bundle, headers=h), 200),
        "Dash layout": (lambda h: client.get("/_dash-layout", headers=h), 200),
        "Dash dependencies": (lambda h: client.get("/_dash-dependencies", headers=h), 200),
        "Dash callback": (lambda h: client.post("/_dash-update-component", json=slider_body(loaded_model),
                                                headers=h), 200),
        "live bars": (lambda h: client.post("/_live/bars", json=average_wine, headers=h), 200),
        "live why": (lambda h: client.post("/_live/why?bucket=good", json=average_wine, headers=h), 200),
        "live sweeps": (lambda h: client.post("/_live/sweeps", json=average_wine, headers=h), 200),
        "API predict": (lambda h: client.post("/api/predict", json=average_wine, headers=h), 200),
        "API model card": (lambda h: client.get("/api/model", headers=h), 200),
        "API document": (lambda h: client.get("/api/openapi.json", headers=h), 200),
        "unknown API path": (lambda h: client.get("/api/nothing-here", headers=h), 404),
    }


ROUTES = ["page", "shared link", "asset", "Dash bundle", "Dash layout", "Dash dependencies", "Dash callback",
          "live bars", "live why", "live sweeps", "API predict", "API model card", "API document", "unknown API path"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "headers",
    [{}, basic(USER, "wrong"), basic("someone", PASSWORD), basic(USER, PASSWORD.upper()), basic(USER, PASSWORD[:-1])],
    ids=["no credentials", "wrong password", "wrong user", "password in other case", "password cut short"],
)
def test_every_kind_of_route_refuses_without_the_right_credentials(private, loaded_model, average_wine, route,
                                                                   headers):
    send, _ = every_kind_of_route(private, loaded_model, average_wine)[route]
    response = send(headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Wine Quality Designer", charset="UTF-8"'
    assert response.headers["Cache-Control"] == "no-store"
    assert b"react-entry-point" not in response.data and b"probabilities" not in response.data


@pytest.mark.parametrize("route", ROUTES)
def test_every_kind_of_route_answers_with_the_credentials(private, loaded_model, average_wine, route):
    send, expected = every_kind_of_route(private, loaded_model, average_wine)[route]
    response = send(LOGGED_IN)
    assert response.status_code == expected, response.data[:300]
    assert "WWW-Authenticate" not in response.headers and "Set-Cookie" not in response.headers


def test_the_callback_answers_with_probabilities_after_login(private, loaded_model):
    response = private.post("/_dash-update-component", json=slider_body(loaded_model), headers=LOGGED_IN)
    assert response.status_code == 200 and "__dash_patch_update" in str(response.get_json()["response"])


def test_the_api_refuses_as_problem_details(private, average_wine):
    response = private.post("/api/predict", json=average_wine)
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert response.get_json()["status"] == 401 and "curl -u" in response.get_json()["detail"]


@pytest.mark.parametrize("path", ["/healthz", "/health"])
def test_health_checks_stay_open(private, loaded_model, path):
    response = private.get(path)
    assert response.status_code == 200 and response.get_json()["model"]["sha256"] == loaded_model.sha256
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(
    "header",
    ["Bearer abc", "Basic", "Basic !!!not-base64", "Basic " + base64.b64encode(USER.encode()).decode(),
     "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(), "Digest username=taster"],
    ids=["bearer", "empty", "not base64", "no colon", "not UTF-8", "digest"],
)
def test_a_malformed_authorization_header_is_a_401_never_a_server_error(private, loaded_model, header):
    for response in (private.get("/", headers={"Authorization": header}),
                     private.post("/_dash-update-component", json=slider_body(loaded_model),
                                  headers={"Authorization": header})):
        assert response.status_code == 401


@pytest.mark.parametrize("body", [b"{}", b"[]", b"not json", b'{"output": 1}'])
def test_a_malformed_callback_body_without_credentials_is_a_401(private, body):
    response = private.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 401


def test_the_open_app_asks_for_nothing(client):
    response = client.get("/")
    assert response.status_code == 200 and "WWW-Authenticate" not in response.headers
    assert client.get("/api/model").status_code == 200


def test_the_password_stays_out_of_flask_config_and_reprs(private_app):
    from api.auth import PasswordGate

    assert not any(PASSWORD in repr(value) for value in private_app.server.config.values())
    gate = next(f.__self__ for f in private_app.server.before_request_funcs[None]
                if isinstance(getattr(f, "__self__", None), PasswordGate))
    assert PASSWORD not in repr(vars(gate))
    # repr escapes the non-ASCII password, so the bytes half looks at the stored bytes themselves
    stored = [v for v in vars(gate).values() if isinstance(v, (bytes, bytearray))]
    assert stored and not any(PASSWORD.encode() in v for v in stored)


# ---------------------------------------------------------------- settings

def test_settings_come_from_the_environment_with_demo_as_the_default_user():
    assert credentials_from({}, {}) is None
    found = credentials_from({}, {"DASHBOARD_PASSWORD": "s3cret"})
    assert (found.user, found.password) == (DEFAULT_USER, "s3cret") == ("demo", "s3cret")
    found = credentials_from({}, {"DASHBOARD_PASSWORD": "s3cret", "DASHBOARD_USER": "ana"})
    assert found.user == "ana"
    assert "s3cret" not in repr(found)


def test_config_overrides_the_environment_and_none_opens_the_app():
    assert credentials_from({"DASHBOARD_PASSWORD": None}, {"DASHBOARD_PASSWORD": "s3cret"}) is None
    assert credentials_from({"DASHBOARD_PASSWORD": "x1"}, {"DASHBOARD_PASSWORD": "s3cret"}).password == "x1"


@pytest.mark.parametrize(
    ("environ", "reason"),
    [({"DASHBOARD_PASSWORD": ""}, "empty"), ({"DASHBOARD_PASSWORD": "  "}, "empty"),
     ({"DASHBOARD_PASSWORD": "s3cret", "DASHBOARD_USER": "a:b"}, "':'")],
)
def test_a_setting_that_cannot_protect_the_app_stops_it(monkeypatch, environ, reason):
    import dashboard

    with pytest.raises(GateConfigError, match=reason):
        credentials_from({}, environ)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        dashboard._app_or_exit()
    message = str(stopped.value.code)
    assert message.startswith("Wine Quality Designer cannot start:") and reason in message
    assert "s3cret" not in message
