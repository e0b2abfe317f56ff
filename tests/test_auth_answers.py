"""api/auth.py, what the gate answers and keeps: the exact 401s, the stored digests, and the attacks by name."""
from __future__ import annotations

import base64
import hashlib

import pytest

from api.auth import REALM, GateConfigError, PasswordGate, credentials_from
from test_auth import LOGGED_IN, PASSWORD, USER, basic, private, private_app  # noqa: F401 (the gated app's fixtures)

CHALLENGE = 'Basic realm="Wine Quality Designer", charset="UTF-8"'


@pytest.fixture
def gate(private_app) -> PasswordGate:
    return next(f.__self__ for f in private_app.server.before_request_funcs[None]
                if isinstance(getattr(f, "__self__", None), PasswordGate))


def test_the_api_401_is_a_problem_with_title_detail_and_challenge(private):
    response = private.get("/api/model")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.get_json() == {"type": "about:blank", "title": "Unauthorized", "status": 401,
                                   "detail": "this app is private: send HTTP Basic credentials (curl -u user)",
                                   "field": None, "index": None}
    assert response.headers["WWW-Authenticate"] == CHALLENGE and REALM in CHALLENGE
    assert response.headers["Cache-Control"] == "no-store"


def test_the_page_401_is_plain_text_with_the_challenge(private):
    response = private.get("/")
    assert response.status_code == 401 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Login required: this Wine Quality Designer is private.\n"
    assert response.headers["WWW-Authenticate"] == CHALLENGE
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/healthcheck", "/health/x", "/healthz/../", "/healthzz", "/_health"])
def test_a_path_that_only_starts_like_a_health_check_is_a_401(private, path):
    assert private.get(path).status_code == 401


@pytest.mark.parametrize("scheme", ["Digest", "Bearer"])
def test_another_scheme_carrying_the_right_password_is_a_401(private, scheme):
    header = f'{scheme} username="{USER}", password="{PASSWORD}"'
    assert private.get("/", headers={"Authorization": header}).status_code == 401
    token = basic(USER, PASSWORD)["Authorization"].split()[1]
    assert private.get("/", headers={"Authorization": f"{scheme} {token}"}).status_code == 401


@pytest.mark.parametrize("password", [PASSWORD[:-1] + "X", PASSWORD[:-1], PASSWORD + "X", ""],
                         ids=["right length", "one short", "one long", "empty"])
def test_a_wrong_password_of_any_length_is_a_401(private, password):
    assert private.get("/", headers=basic(USER, password)).status_code == 401
    assert private.get("/", headers=LOGGED_IN).status_code == 200


def test_a_wrong_user_with_the_right_password_is_a_401(private):
    assert private.get("/", headers=basic(USER + "x", PASSWORD)).status_code == 401
    assert private.get("/", headers=basic("", PASSWORD)).status_code == 401


def test_the_gate_keeps_only_the_digests(gate):
    assert gate._user == hashlib.sha256(USER.encode("utf-8")).digest()
    assert gate._password == hashlib.sha256(PASSWORD.encode("utf-8")).digest()
    for value in vars(gate).values():
        assert value not in (PASSWORD, PASSWORD.encode("utf-8"), PASSWORD.encode("latin-1", "replace"))


def test_the_check_compares_both_digests_in_constant_time(gate, monkeypatch):
    import api.auth

    compared = []

    def compare_digest(a, b):
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(api.auth.hmac, "compare_digest", compare_digest)
    assert gate.check(USER, "wrong") is False
    assert [len(a) for a, _ in compared] == [32, 32] and compared[0][1] == gate._user


def test_a_non_ascii_password_logs_in_by_its_utf8_digest(gate):
    assert gate.check(USER, PASSWORD) is True and "ä" in PASSWORD
    assert gate.check(USER, PASSWORD.replace("ä", "a")) is False


@pytest.mark.parametrize(
    ("settings", "message"),
    [({"DASHBOARD_PASSWORD": " "},
      "DASHBOARD_PASSWORD is set but empty; set a password or unset it to open the app"),
     ({"DASHBOARD_PASSWORD": "s3cret", "DASHBOARD_USER": "a:b"},
      "DASHBOARD_USER cannot contain ':' (HTTP Basic credentials are user:password)")],
)
def test_a_setting_that_cannot_protect_the_app_says_which_and_why(settings, message):
    with pytest.raises(GateConfigError) as refused:
        credentials_from(settings, {})
    assert str(refused.value) == message


def test_a_header_without_user_name_is_read_as_an_empty_name(private):
    token = base64.b64encode(f":{PASSWORD}".encode()).decode()
    assert private.get("/", headers={"Authorization": f"Basic {token}"}).status_code == 401
