"""The probability bars: one bar per bucket, the predicted one solid and outlined, and their Patch."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from components.figures.base import BUCKET_COLORS, DIMMED_ALPHA, GRID, INK, _base_layout, _px, type_px, _rgba, percent_labels
from model.schema import CLASSES


def bar_style(proba: Sequence[float], classes: Sequence[str] = CLASSES) -> dict:
    """Everything about the bars that changes with the prediction: heights, labels, colours, outline."""
    proba = [float(p) for p in proba]
    best = int(np.argmax(proba))
    labels = percent_labels(proba)
    return {
        "y": [100 * p for p in proba],
        "text": [f"<b>{label}</b>" if i == best else label for i, label in enumerate(labels)],
        "colors": [
            BUCKET_COLORS[c] if i == best else _rgba(BUCKET_COLORS[c], DIMMED_ALPHA) for i, c in enumerate(classes)
        ],
        "line_widths": [2.5 if i == best else 0 for i in range(len(classes))],
        "ticktext": [f"<b>{c}</b>" if i == best else c for i, c in enumerate(classes)],
    }


# the bars' top gridline: Plotly draws none at the edge of a fixed 0-100 axis (components/compare.py keeps it)
FULL_LINE = dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=100, y1=100, line=dict(color=GRID, width=1),
                 layer="below")


def probability_bars(proba: Sequence[float], classes: Sequence[str] = CLASSES, scale: float = 1.0) -> go.Figure:
    """Three bars, one per bucket, on a fixed 0-100% axis; the predicted bucket is solid and outlined."""
    style = bar_style(proba, classes)
    bars = go.Bar(
        x=list(classes),
        y=style["y"],
        text=style["text"],
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=type_px(18, scale), color=INK),
        marker=dict(color=style["colors"], line=dict(color=INK, width=style["line_widths"])),
        hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
        width=0.62,
    )
    layout = _base_layout(
        scale,
        margin=dict(l=_px(48, scale), r=12, t=_px(30, scale), b=_px(40, scale)),
        showlegend=False,
        bargap=0.3,
        shapes=[FULL_LINE],
        yaxis=dict(range=[0, 100], fixedrange=True, ticksuffix="%", dtick=25, gridcolor=GRID, zeroline=False),
        xaxis=dict(
            fixedrange=True,
            tickmode="array",
            tickvals=list(classes),
            ticktext=style["ticktext"],
            tickfont=dict(size=type_px(16, scale)),
        ),
    )
    return go.Figure(data=[bars], layout=layout)


def probability_patch(proba: Sequence[float], classes: Sequence[str] = CLASSES) -> Patch:
    """Only what changes in `probability_bars` when the prediction changes; the axes stay put."""
    style = bar_style(proba, classes)
    patch = Patch()
    patch["data"][0]["y"] = style["y"]
    patch["data"][0]["text"] = style["text"]
    patch["data"][0]["marker"]["color"] = style["colors"]
    patch["data"][0]["marker"]["line"]["width"] = style["line_widths"]
    patch["layout"]["xaxis"]["ticktext"] = style["ticktext"]
    return patch
