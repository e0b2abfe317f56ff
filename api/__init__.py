"""The JSON API and server routes on the Dash app's Flask server, sharing the one loaded model.

    POST /api/predict        score one wine or up to 1,000      (api/routes.py, body checks in api/body.py)
    POST /api/decide         the cheapest action under a cost policy, per wine    (api/decide.py, model/decision.py)
    POST /api/decide/test-set  that policy on the held-out wines
    GET  /api/model          the model card                     (the manifest without file names)
    GET  /api/openapi.json   OpenAPI 3.1 document               (api/openapi.py)
    GET  /healthz, /health   status, model sha256, versions
Every response gets security headers and gzip/brotli compression (api/headers.py); API errors are JSON (api/errors.py).
"""
from __future__ import annotations

from flask import Flask

from api.errors import register_error_handlers
from api.headers import register_headers
from api.decide import bp as decide_bp
from api.routes import bp
from model.loader import LoadedModel

# Dash callbacks carry uploads base64-encoded (a 1 MB CSV is ~1.4 MB), so the app-wide cap sits above the
# API's own 1 MB (api/body.py); it only stops unbounded bodies.
MAX_CONTENT_LENGTH = 4 * 1024 * 1024


def register_api(server: Flask, model: LoadedModel) -> None:
    """Attach /api/..., /healthz and response headers to `server`, sharing the loaded `model`."""
    server.extensions["wine_model"] = model
    if server.config.get("MAX_CONTENT_LENGTH") is None:
        server.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    register_headers(server)
    register_error_handlers(server)  # 404/405/413 on API paths outside the blueprint's views
    server.register_blueprint(decide_bp)
    server.register_blueprint(bp)
