"""Attacks on the password gate (api/auth.py), one test each, named for the attack."""
from __future__ import annotations

import hashlib
import hmac
from types import SimpleNamespace

import pytest

from test_auth import LOGGED_IN, PASSWORD, USER, basic, private, private_app  # noqa: F401  (fixtures)


def gate_of(app):
    from api.auth import PasswordGate

    return next(f.__self__ for f in app.server.before_request_funcs[None]
                if isinstance(getattr(f, "__self__", None), PasswordGate))


@pytest.mark.parametrize("path", ["/healthcheck", "/health/x", "/healthz/../", "/healthz/", "/healthzz", "/healt"])
def test_a_path_that_only_starts_like_a_health_check_asks_for_credentials(private, path):
    response = private.get(path)
    assert response.status_code == 401
    assert b"react-entry-point" not in response.data


@pytest.mark.parametrize("path", ["/healthcheck", "/health/x"])
def test_a_path_that_only_starts_like_a_health_check_is_served_after_login(private, path):
    """The 401 above is the gate's, not a missing route's: with credentials the page answers."""
    assert private.get(path, headers=LOGGED_IN).status_code == 200


@pytest.mark.parametrize("scheme", ["Digest", "Bearer", "basicx", "Negotiate"])
def test_another_scheme_carrying_the_right_user_and_password_is_refused(private, scheme):
    header = f'{scheme} username="{USER}", password="{PASSWORD}"'
    response = private.get("/", headers={"Authorization": header})
    assert response.status_code == 401
    assert private.get("/api/model", headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize("password", ["x" * len(PASSWORD), PASSWORD[:-1] + "!", "short", PASSWORD + "x", ""],
                         ids=["right length", "last character", "shorter", "longer", "empty"])
def test_a_wrong_password_of_the_right_or_a_wrong_length_is_refused(private, password):
    assert len(password) != len(PASSWORD) or password != PASSWORD
    assert private.get("/", headers=basic(USER, password)).status_code == 401
    assert private.get("/", headers=basic(USER, PASSWORD)).status_code == 200


def test_the_gate_keeps_only_digests_of_the_credentials(private_app):
    gate = gate_of(private_app)
    assert gate._password == hashlib.sha256(PASSWORD.encode()).digest()
    assert gate._user == hashlib.sha256(USER.encode()).digest()
    for value in vars(gate).values():
        if isinstance(value, str):
            assert PASSWORD not in value
        if isinstance(value, (bytes, bytearray)):
            assert PASSWORD.encode() not in value


def test_both_halves_are_compared_in_constant_time(private_app, monkeypatch):
    """Both the user and the password go through hmac.compare_digest (== leaks the length of the common prefix)."""
    compared = []

    def spy(a, b):
        compared.append((a, b))
        return hmac.compare_digest(a, b)

    import api.auth

    monkeypatch.setattr(api.auth, "hmac", SimpleNamespace(compare_digest=spy))
    gate = gate_of(private_app)
    assert gate.check(USER, PASSWORD) is True
    assert gate.check(USER, "wrong") is False
    assert gate.check("someone", PASSWORD) is False
    assert len(compared) == 6  # user and password, on every check, even when the user is already wrong
    assert all(len(a) == len(b) == 32 for a, b in compared)
