"""The JSON API and server routes on the Dash app's Flask server (placeholder until the serving work lands)."""
from __future__ import annotations

from flask import Flask

from model.loader import LoadedModel


def register_api(server: Flask, model: LoadedModel) -> None:
    """Attach /api/..., /healthz and response headers to `server`, sharing the loaded `model`."""
