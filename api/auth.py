"""The password gate for private demos: HTTP Basic credentials on every route but the health check.

Off unless DASHBOARD_PASSWORD is set; the user is DASHBOARD_USER (default "demo"). dash-auth's BasicAuth puts one
before_request hook on the Flask server, so every page, asset, Dash callback and /api route asks for the
credentials, routes added later included. What this module adds to it:
  - /healthz and /health stay open for the platforms' health checks, and nothing else does. dash-auth's own
    `public_routes` would also open the layout (the whole page's content), its dependencies and every .js/.css asset.
  - credentials are compared in constant time; dash-auth compares with ==, and writes to a session that needs a
    secret key (without one it logs a warning on every request).
  - a missing or malformed header is a 401, never a 500; dash-auth reads a callback's JSON body before it looks
    at the credentials, so on /_dash-update-component they are checked first.
  - the 401 names the realm and UTF-8, and on JSON paths it is a problem-details body like the API's other errors.
Credentials are never logged: gunicorn's access log shows the user name only (its default format's %(u)s).
"""
from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

import dash
from dash_auth import BasicAuth
from flask import Response, request

from api.errors import is_api_path, problem

OPEN_PATHS = ("/healthz", "/health")  # platform health checks carry no credentials
DEFAULT_USER = "demo"
REALM = "Wine Quality Designer"
CALLBACK_PATH = "/_dash-update-component"


class GateConfigError(ValueError):
    """DASHBOARD_PASSWORD or DASHBOARD_USER is set to something that cannot protect the app."""


@dataclass(frozen=True, repr=False)  # no repr: a password must not end up in a log line or a traceback
class Credentials:
    user: str
    password: str


def credentials_from(config: Mapping, environ: Mapping = os.environ) -> Credentials | None:
    """The gate's credentials from config (tests) or the environment; None when no password is set."""

    def setting(name: str) -> str | None:
        return config[name] if name in config else environ.get(name)

    password = setting("DASHBOARD_PASSWORD")
    if password is None:
        return None
    if not password.strip():
        raise GateConfigError("DASHBOARD_PASSWORD is set but empty; set a password or unset it to open the app")
    user = setting("DASHBOARD_USER") or DEFAULT_USER
    if ":" in user:
        raise GateConfigError("DASHBOARD_USER cannot contain ':' (HTTP Basic credentials are user:password)")
    return Credentials(user, password)


def _digest(text: str) -> bytes:
    # equal-length digests: compare_digest then takes the same time whatever the length of the guess
    return hashlib.sha256(text.encode("utf-8")).digest()  # pragma: no mutate  ("UTF-8" names the same codec)


class PasswordGate(BasicAuth):
    """dash-auth's BasicAuth for one user, with open health checks and constant-time checks (see the module)."""

    def __init__(self, app: dash.Dash, credentials: Credentials) -> None:
        self._user, self._password = _digest(credentials.user), _digest(credentials.password)
        # registered before dash-auth's hook, so it runs first
        app.server.before_request(self._check_callback_credentials)
        super().__init__(app, auth_func=self.check)

    def check(self, user: str, password: str) -> bool:
        """Both compared, always, in constant time."""
        user_ok = hmac.compare_digest(_digest(user), self._user)
        password_ok = hmac.compare_digest(_digest(password), self._password)
        return user_ok and password_ok

    def is_authorized(self) -> bool:
        if request.path in OPEN_PATHS:
            return True
        given = request.authorization  # werkzeug: None for a missing or undecodable header
        if given is None or given.type != "basic":
            return False
        # werkzeug sets both for a Basic header; the fallback only keeps None out of _digest
        return self.check(given.username or "", given.password or "")  # pragma: no mutate

    def login_request(self) -> Response:
        if is_api_path():
            response = problem(401, "Unauthorized", "this app is private: send HTTP Basic credentials (curl -u user)")
        else:
            response = Response("Login required: this Wine Quality Designer is private.\n", 401, mimetype="text/plain")
        # pragma below: header names are case-insensitive, so a change of case is the same answer
        response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'  # pragma: no mutate
        response.headers["Cache-Control"] = "no-store"  # pragma: no mutate
        return response

    def _check_callback_credentials(self) -> Response | None:
        if request.path == CALLBACK_PATH and not self.is_authorized():
            return self.login_request()
        return None


def protect(app: dash.Dash, credentials: Credentials | None) -> PasswordGate | None:
    """Put the gate on `app` when there are credentials; leave the app open when there are none."""
    return PasswordGate(app, credentials) if credentials is not None else None
