"""Explanation charts: one wine's contributions to a bucket (a ranked bar per measurement), and the model
card's global views (mean |contribution| and permutation importance per feature, reliability diagrams)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from components.figures.base import BUCKET_COLORS, GRID, INK, LEGEND_ABOVE_PX, MUTED, _base_layout, _px, type_px, _rgba
from model.schema import CLASSES

TOP = 6  # measurements shown one by one; the rest are summed into one bar


@dataclass(frozen=True)
class Push:
    """One bar: a feature (or the rest together), how it reads on the page, and its contribution in logits."""

    label: str
    phi: float
    rest: int = 0  # how many features this bar sums (0: a single feature)


def ranked(phi: Sequence[float], labels: Sequence[str], top: int = TOP) -> list[Push]:
    """The `top` largest contributions by size, largest first, then the others summed into one."""
    phi = np.asarray(phi, dtype=float)
    order = np.argsort(-np.abs(phi), kind="stable")
    pushes = [Push(labels[j], float(phi[j])) for j in order[:top]]
    rest = order[top:]
    if rest.size:
        pushes.append(Push(f"The other {rest.size} together", float(phi[rest].sum()), int(rest.size)))
    return pushes


def signed(x: float) -> str:
    """'+0.84', '−0.12' (a true minus sign), '0.00'."""
    if round(x, 2) == 0:
        return "0.00"
    return f"+{x:.2f}" if x > 0 else f"\u2212{-x:.2f}"


def _bar_values(pushes: Sequence[Push], bucket: str) -> dict:
    """What changes with the wine: bar lengths, labels, their texts and colours, the x range and its caption."""
    color = BUCKET_COLORS.get(bucket, INK)
    reach = max([abs(p.phi) for p in pushes] + [0.1]) * 1.9  # room for the labels outside the bars, on a phone too
    return {
        "x": [p.phi for p in pushes], "y": [p.label for p in pushes], "text": [signed(p.phi) for p in pushes],
        "colors": [(_rgba(color, 0.55) if p.rest else color) if p.phi >= 0 else (_rgba(MUTED, 0.45) if p.rest else MUTED)
                   for p in pushes],
        "range": [-reach, reach], "title": f"\u2190 away \u00b7 towards {bucket} \u2192",  # short: fits under a phone's plot
    }


def contribution_values(pushes: Sequence[Push], bucket: str) -> dict:
    """The same values as `contribution_patch`, as plain numbers and texts for the browser to draw (assets/whatif.js):
    x, y (the labels), text, colors, range (the x axis's) and title (its caption)."""
    return _bar_values(pushes, bucket)


def contribution_patch(pushes: Sequence[Push], bucket: str) -> Patch:
    """Only what changes in `contribution_figure` with the wine or the bucket: the bars' arrays and the x axis."""
    v = _bar_values(pushes, bucket)
    patch = Patch()
    for key in ("x", "y", "text"):
        patch["data"][0][key] = v[key]
    patch["data"][0]["marker"]["color"] = v["colors"]
    patch["layout"]["xaxis"]["range"] = v["range"]
    patch["layout"]["xaxis"]["title"]["text"] = v["title"]
    return patch


def contribution_figure(pushes: Sequence[Push], bucket: str, scale: float = 1.0) -> go.Figure:
    """Horizontal bars, largest first: towards `bucket` in its colour, away from it in grey; the summed rest hatched."""
    v = _bar_values(pushes, bucket)
    bars = go.Bar(
        x=v["x"], y=v["y"], orientation="h", marker=dict(color=v["colors"]),
        text=v["text"], textposition="outside", cliponaxis=False,
        textfont=dict(size=type_px(13, scale), color=INK),
        hovertemplate="%{y}: %{x:+.3f} log-odds<extra></extra>",
    )
    reach = v["range"][1]
    layout = _base_layout(
        scale,
        font=dict(size=type_px(13, scale), color=INK),
        margin=dict(l=8, r=_px(16, scale), t=_px(6, scale), b=_px(34, scale)),
        showlegend=False,
        bargap=0.28,
        # few upright ticks: a phone's narrow plot had Plotly turn them on end, into the caption below
        xaxis=dict(range=[-reach, reach], fixedrange=True, zeroline=True, zerolinecolor=INK, zerolinewidth=1.2,
                   nticks=4, tickangle=0, gridcolor=GRID, title=dict(text=v["title"],
                                              font=dict(size=type_px(12, scale), color=MUTED), standoff=4)),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True, tickfont=dict(size=type_px(13, scale))),
    )
    return go.Figure(data=[bars], layout=layout)


def importance_figure(importance: Mapping, feature_labels: Mapping[str, str], scale: float = 1.0) -> go.Figure:
    """Mean |contribution| per feature and bucket over the test wines (grouped horizontal bars), most important first."""
    mean_abs = importance["mean_abs_contribution"]
    features = sorted(mean_abs[CLASSES[0]], key=lambda f: -sum(mean_abs[c][f] for c in CLASSES))
    bars = [
        go.Bar(x=[mean_abs[c][f] for f in features], y=[feature_labels.get(f, f) for f in features], name=c,
               orientation="h", marker=dict(color=BUCKET_COLORS[c]),
               hovertemplate=f"{c}: %{{x:.3f}} log-odds<extra>%{{y}}</extra>")
        for c in CLASSES
    ]
    layout = _base_layout(
        scale, font=dict(size=type_px(12, scale), color=INK), barmode="group", bargap=0.25, bargroupgap=0.05,
        margin=dict(l=8, r=12, t=_px(LEGEND_ABOVE_PX, scale), b=_px(36, scale)),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        xaxis=dict(fixedrange=True, gridcolor=GRID, rangemode="tozero",
                   title=dict(text="mean |contribution|, log-odds", font=dict(size=type_px(12, scale), color=MUTED))),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
    )
    return go.Figure(data=bars, layout=layout)


def permutation_figure(permutation: Mapping, feature_labels: Mapping[str, str], scale: float = 1.0) -> go.Figure:
    """Drop in macro precision when each feature is shuffled, mean over repeats with +-1 sd whiskers."""
    mean, std = permutation["mean"], permutation["std"]
    features = sorted(mean, key=lambda f: -mean[f])
    bar = go.Bar(
        x=[100 * mean[f] for f in features], y=[feature_labels.get(f, f) for f in features], orientation="h",
        error_x=dict(type="data", array=[100 * std[f] for f in features], color=MUTED, thickness=1.2, width=3),
        marker=dict(color=INK), hovertemplate="%{y}: %{x:.1f} points<extra></extra>",
    )
    layout = _base_layout(
        scale, font=dict(size=type_px(12, scale), color=INK), showlegend=False, bargap=0.3,
        margin=dict(l=8, r=12, t=_px(8, scale), b=_px(36, scale)),
        xaxis=dict(fixedrange=True, gridcolor=GRID, zeroline=True, zerolinecolor=MUTED,
                   title=dict(text="drop in macro precision when shuffled, points",
                              font=dict(size=type_px(12, scale), color=MUTED))),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
    )
    return go.Figure(data=[bar], layout=layout)


RELIABILITY_STYLE = {"shipped": ("Shipped model", INK, "solid"), "reference": ("Reference GBM", MUTED, "dot")}


def reliability_figure(reliability: Mapping, scale: float = 1.0) -> go.Figure:
    """Top-label reliability diagram: mean confidence against observed accuracy per bin, the diagonal is perfect
    calibration; marker size and hover give each bin's count of wines."""
    traces = [go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(color=GRID, width=2, dash="dash"),
                         hoverinfo="skip", showlegend=False)]
    for key, curve in reliability["models"].items():
        name, color, dash = RELIABILITY_STYLE.get(key, (key, INK, "solid"))
        bins = [b for b in curve["bins"] if b["count"] > 0]
        counts = np.array([b["count"] for b in bins], dtype=float)
        traces.append(go.Scatter(
            x=[b["confidence"] for b in bins], y=[b["accuracy"] for b in bins], mode="lines+markers",
            name=f"{name} (ECE {curve['ece']:.3f})", line=dict(color=color, width=2, dash=dash),
            marker=dict(size=np.clip(4 + 3 * np.sqrt(counts / 10), 5, 22).tolist(), color=color),
            customdata=counts.astype(int).tolist(),
            hovertemplate="confidence %{x:.0%} → right %{y:.0%} of %{customdata} wines<extra>" + name + "</extra>",
            cliponaxis=False,  # a bin right every time sits on the top edge: drawn whole, not halved
        ))
    layout = _base_layout(
        scale, font=dict(size=type_px(12, scale), color=INK),
        margin=dict(l=_px(48, scale), r=12, t=_px(LEGEND_ABOVE_PX, scale), b=_px(40, scale)),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        xaxis=dict(range=[0.3, 1.03], fixedrange=True, gridcolor=GRID, tickformat=".0%",
                   title=dict(text="the model's confidence in its top bucket", font=dict(color=MUTED))),
        yaxis=dict(range=[0, 1.06], fixedrange=True, gridcolor=GRID, tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1],
                   title=dict(text="how often it was right", font=dict(color=MUTED))),
    )
    return go.Figure(data=traces, layout=layout)
