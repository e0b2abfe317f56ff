"""The decision charts: coverage against cost as the taster's fee varies, and one-vs-rest ROC and precision-recall
curves per bucket, each with the policy in force marked."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from dash import Patch
from plotly.subplots import make_subplots

from components.figures.base import BUCKET_COLORS, GRID, INK, MUTED, _base_layout, _px

COST_COLOR, ERROR_COLOR = INK, "#CC79A7"  # Okabe-Ito reddish purple for the error rate


def coverage_cost_figure(curve: Mapping, current: Mapping | None = None, scale: float = 1.0) -> go.Figure:
    """x: share of wines the model decides; y: cost per wine and error rate of the decided wines, one point per
    taster's fee in `curve["refer"]`. `current` (coverage, cost, error) is the policy in force."""
    hover = [f"taster's fee {r:.2f}" for r in curve["refer"]]
    fig = go.Figure([
        go.Scatter(x=curve["coverage"], y=curve["cost_per_wine"], name="cost per wine", mode="lines+markers",
                   line=dict(color=COST_COLOR, width=2), marker=dict(size=4), hovertext=hover,
                   hoverinfo="x+y+text"),
        go.Scatter(x=curve["coverage"], y=curve["error_rate"], name="error rate of decided wines",
                   mode="lines+markers", line=dict(color=ERROR_COLOR, width=2, dash="dot"), marker=dict(size=4),
                   hovertext=hover, hoverinfo="x+y+text"),
    ])
    if current is not None:
        fig.add_trace(go.Scatter(x=[current["coverage"]], y=[current["cost"]], name="this policy", mode="markers",
                                 marker=dict(size=_px(13, scale), color="#E69F00", line=dict(color=INK, width=1.5)),
                                 hoverinfo="x+y"))
    fig.update_layout(_base_layout(
        scale, height=_px(340, scale), margin=dict(l=_px(56, scale), r=12, t=_px(36, scale), b=_px(104, scale)),
        title=dict(text="Coverage against cost, as the taster's fee varies", x=0, font=dict(size=_px(15, scale))),
        legend=dict(orientation="h", y=-0.34, yanchor="top", x=0, font=dict(size=_px(12, scale))),
        xaxis=dict(title="share decided by the model", tickformat=".0%", range=[-0.02, 1.02], gridcolor=GRID,
                   fixedrange=True),
        yaxis=dict(rangemode="tozero", gridcolor=GRID, fixedrange=True),
    ))
    return fig


def _pr_point(point: Mapping) -> tuple[list, list]:
    """The policy's precision-recall point, none when it decides no wine as that bucket (precision undefined)."""
    return ([], []) if point["precision"] is None else ([point["recall"]], [point["precision"]])


def roc_pr_figure(curves: Sequence[Mapping], points: Sequence[Mapping], scale: float = 1.0) -> go.Figure:
    """Left: ROC (false against true positive rate); right: precision against recall; a line per bucket, one vs
    the rest, and each bucket's operating point under the policy in force as a dot."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("ROC, one bucket vs the rest", "Precision and recall"),
                        horizontal_spacing=0.18)
    for curve, point in zip(curves, points):
        color = BUCKET_COLORS[curve["bucket"]]
        fig.add_trace(go.Scatter(x=curve["fpr"], y=curve["tpr"], name=curve["bucket"], mode="lines",
                                 line=dict(color=color, width=2), legendgroup=curve["bucket"]), row=1, col=1)
        fig.add_trace(go.Scatter(x=curve["recall"], y=curve["precision"], name=curve["bucket"], mode="lines",
                                 line=dict(color=color, width=2), legendgroup=curve["bucket"], showlegend=False),
                      row=1, col=2)
        dot = dict(size=_px(11, scale), color=color, line=dict(color=INK, width=1.5))
        fig.add_trace(go.Scatter(x=[point["fpr"]], y=[point["tpr"]], mode="markers", marker=dot, showlegend=False,
                                 legendgroup=curve["bucket"], hovertext=f"{curve['bucket']}: this policy",
                                 hoverinfo="x+y+text"), row=1, col=1)
        recall, precision = _pr_point(point)
        fig.add_trace(go.Scatter(x=recall, y=precision, mode="markers", marker=dot, showlegend=False,
                                 legendgroup=curve["bucket"], hovertext=f"{curve['bucket']}: this policy",
                                 hoverinfo="x+y+text"), row=1, col=2)
    fig.update_layout(_base_layout(
        scale, height=_px(340, scale), margin=dict(l=_px(64, scale), r=12, t=_px(40, scale), b=_px(104, scale)),
        legend=dict(orientation="h", y=-0.34, yanchor="top", x=0, font=dict(size=_px(12, scale))),
    ))
    fig.update_annotations(font=dict(size=_px(14, scale), color=INK))
    axis = dict(range=[-0.02, 1.02], gridcolor=GRID, fixedrange=True, tickformat=".0%")
    fig.update_xaxes(axis)
    fig.update_yaxes(axis)
    fig.update_xaxes(title_text="false positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="true positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_xaxes(title_text="recall", row=1, col=2, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="precision", row=1, col=2, title_font=dict(color=MUTED))
    return fig


TRACES_PER_BUCKET = 4  # ROC line, PR line, ROC point, PR point (in roc_pr_figure's order)


def roc_pr_patch(points: Sequence[Mapping]) -> Patch:
    """Only the policy's operating points of `roc_pr_figure`: the curves do not depend on the costs."""
    patch = Patch()
    for k, point in enumerate(points):
        base = k * TRACES_PER_BUCKET
        patch["data"][base + 2]["x"], patch["data"][base + 2]["y"] = [point["fpr"]], [point["tpr"]]
        patch["data"][base + 3]["x"], patch["data"][base + 3]["y"] = _pr_point(point)
    return patch


def coverage_cost_patch(curve: Mapping, current: Mapping) -> Patch:
    """Only the numbers of `coverage_cost_figure`: both lines and the policy's point."""
    patch = Patch()
    patch["data"][0]["x"], patch["data"][0]["y"] = curve["coverage"], curve["cost_per_wine"]
    patch["data"][1]["x"], patch["data"][1]["y"] = curve["coverage"], curve["error_rate"]
    patch["data"][2]["x"], patch["data"][2]["y"] = [current["coverage"]], [current["cost"]]
    patch["data"][0]["hovertext"] = patch["data"][1]["hovertext"] = [f"taster's fee {r:.2f}" for r in curve["refer"]]
    return patch
