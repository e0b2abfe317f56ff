"""The only module that places components on the page (placeholder until the dashboard work lands)."""
from __future__ import annotations

from dash import html

from model.loader import LoadedModel


def build_layout(model: LoadedModel):
    return html.Main([html.H1("Wine Quality Designer")])
