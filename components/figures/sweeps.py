"""Sensitivity sweeps: one small chart per measurement, each bucket's probability across its range; its Patch, and
the bare numbers that change with the wine (`sweep_numbers`, which assets/whatif.js draws one chart per frame)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from components.controls import slider_range
from components.figures.base import BUCKET_COLORS, FONT, GRID, INK, _base_layout, _px, type_px
from model.schema import CLASSES
from model.sensitivity import Curve

SENSITIVITY_MARKERS = len(CLASSES)  # trace index of the current-value markers, after one line per bucket


def sweep_numbers(curve: Curve, feature: Mapping) -> dict:
    """What changes in `sensitivity_figure` with the wine: x, the lines (y of traces 0..2, percent), the current
    value (the markers' x and the dotted line) and the probabilities there (the markers' y)."""
    return _sweep(curve, feature["decimals"])


def _sweep(curve: Curve, decimals: int) -> dict:
    """What changes with the wine: the lines (percent), the current value and the probabilities there."""
    return {
        "x": np.round(curve.grid, decimals + 1).tolist(),
        "lines": [np.round(100 * curve.proba[:, k], 1).tolist() for k in range(curve.proba.shape[1])],
        "current": round(float(curve.current), decimals + 2),
        "here": np.round(100 * curve.proba[curve.current_index], 1).tolist(),
    }


def sensitivity_figure(
    curve: Curve, feature: Mapping, classes: Sequence[str] = CLASSES, scale: float = 1.0
) -> go.Figure:
    """p(bucket) in percent as one measurement sweeps its slider's range, the others fixed; the current value
    is a dotted line with a dot on each curve."""
    sweep = _sweep(curve, feature["decimals"])
    lines = [
        go.Scatter(x=sweep["x"], y=sweep["lines"][k], mode="lines", name=c, line=dict(color=BUCKET_COLORS[c], width=2.2),
                   hovertemplate=f"{c} %{{y:.0f}}%<extra></extra>")
        for k, c in enumerate(classes)
    ]
    markers = go.Scatter(
        x=[sweep["current"]] * len(classes), y=sweep["here"], mode="markers", hoverinfo="skip",
        marker=dict(color=[BUCKET_COLORS[c] for c in classes], size=_px(8, scale), line=dict(color="white", width=1.5)),
    )
    now = dict(type="line", xref="x", yref="paper", x0=sweep["current"], x1=sweep["current"], y0=0, y1=1,
               line=dict(color=INK, width=1.2, dash="dot"))
    layout = _base_layout(
        scale,
        font=dict(family=FONT, size=type_px(11, scale), color=INK),
        margin=dict(l=_px(38, scale), r=10, t=_px(10, scale), b=_px(22, scale)),
        showlegend=False,
        hovermode="x unified",
        shapes=[now],
        xaxis=dict(range=list(slider_range(feature)), fixedrange=True, nticks=4, showgrid=False, zeroline=False,
                   hoverformat=f".{feature['decimals']}f"),
        # no "0%" tick: at the bottom left it ran into the x axis's first tick ("0%0") on a phone
        yaxis=dict(range=[0, 100], fixedrange=True, tickvals=[50, 100], ticktext=["50%", "100%"],
                   gridcolor=GRID, zeroline=False),
    )
    return go.Figure(data=[*lines, markers], layout=layout)


def sensitivity_patch(curve: Curve, feature: Mapping) -> Patch:
    """Only what moves in `sensitivity_figure` when the wine changes: lines, markers, the dotted line."""
    sweep = _sweep(curve, feature["decimals"])
    patch = Patch()
    for k, y in enumerate(sweep["lines"]):
        patch["data"][k]["x"] = sweep["x"]
        patch["data"][k]["y"] = y
    patch["data"][SENSITIVITY_MARKERS]["x"] = [sweep["current"]] * len(sweep["here"])
    patch["data"][SENSITIVITY_MARKERS]["y"] = sweep["here"]
    patch["layout"]["shapes"][0]["x0"] = sweep["current"]
    patch["layout"]["shapes"][0]["x1"] = sweep["current"]
    return patch
