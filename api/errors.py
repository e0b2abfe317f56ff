"""API errors as RFC 9457 problem details: one JSON shape naming the field and the problem, never a traceback."""
from __future__ import annotations

import json
from http import HTTPStatus

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

PROBLEM_MIMETYPE = "application/problem+json"
# paths whose errors are JSON; everything else keeps Flask's and Dash's own error pages
JSON_PATHS = ("/api", "/healthz", "/health")


class ApiError(Exception):
    """A request the API refuses: HTTP status, what is wrong, and where (field, wine index)."""

    def __init__(self, status: int, detail: str, field: str | None = None, index: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.field, self.index = status, detail, field, index


def json_response(body, status: int = 200, mimetype: str = "application/json") -> Response:
    """Strict JSON (no NaN), keys in the order given."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(text, status=status, mimetype=mimetype)


def problem(status: int, title: str, detail: str, field: str | None = None, index: int | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "field": field, "index": index}
    return json_response(body, status, PROBLEM_MIMETYPE)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def is_api_path() -> bool:
    """The request is for a path whose answers are JSON (/api/..., the health checks)."""
    return request.path in JSON_PATHS or request.path.startswith("/api/")


def handle_api_error(exc: ApiError) -> Response:
    return problem(exc.status, _title(exc.status), exc.detail, exc.field, exc.index)


def handle_http_error(exc: HTTPException):
    """JSON for API paths (404, 405 with Allow, 413, ...); Flask's default page for the dashboard's paths."""
    if not is_api_path() or exc.code is None:
        return exc
    response = problem(exc.code, _title(exc.code), exc.description or exc.name)
    for name, value in exc.get_headers():
        if name != "Content-Type":  # e.g. Allow on a 405
            response.headers[name] = value
    return response


def handle_unexpected(exc: Exception) -> Response:
    """Log the traceback server-side; the client gets a bare JSON 500."""
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "Internal Server Error", "the server could not answer this request; the error is logged")


def register_error_handlers(app_or_blueprint: Flask | Blueprint, catch_all: bool = False) -> None:
    """Register the JSON handlers; `catch_all` adds the 500 handler (only on the API blueprint, never app-wide)."""
    app_or_blueprint.register_error_handler(ApiError, handle_api_error)
    app_or_blueprint.register_error_handler(HTTPException, handle_http_error)
    if catch_all:
        app_or_blueprint.register_error_handler(Exception, handle_unexpected)
