"""A wine glass drawn in CSS (assets/theme.css): filled red or white and marked with its predicted bucket."""
from __future__ import annotations

from dash import html

from components import ids


def view_class(color: str, bucket: str) -> str:
    """Classes of the prediction wrapper: they colour the wine and the bucket badge (see assets/theme.css)."""
    return f"wine-view is-{color} bucket-{bucket}"


def wine_glass(bucket: str) -> html.Div:
    """The glass; decorative (the verdict beside it says the same in words), so hidden from screen readers."""
    return html.Div(
        className="glass",
        **{"aria-hidden": "true"},
        children=[
            html.Div(className="glass-bowl", children=[html.Div(className="glass-wine"), html.Div(className="glass-shine")]),
            html.Div(className="glass-stem"),
            html.Div(className="glass-foot"),
            html.Div(bucket, id=ids.GLASS_LABEL, className="glass-badge"),
        ],
    )
