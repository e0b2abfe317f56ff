"""The decision charts: coverage against cost as the taster's fee varies, and one-vs-rest ROC and precision-recall
curves per bucket, each with the policy in force marked."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.base import BUCKET_COLORS, GRID, INK, MUTED, _base_layout, _px

COST_COLOR, ERROR_COLOR = INK, "#CC79A7"  # Okabe-Ito reddish purple for the error rate


def _fee_hover(curve: Mapping) -> list[str]:
    return [f"taster's fee {r:.2f}" for r in curve["refer"]]


def coverage_cost_figure(curve: Mapping, current: Mapping | None = None, scale: float = 1.0) -> go.Figure:
    """x: share of wines the model decides; y: cost per wine and error rate of the decided wines, one point per
    taster's fee in `curve["refer"]`. `current` (coverage, cost, error) is the policy in force."""
    hover = _fee_hover(curve)
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
                   fixedrange=True, tickvals=[0.25, 0.5, 0.75, 1.0]),  # no 0% to meet the y axis's 0
        yaxis=dict(rangemode="tozero", gridcolor=GRID, fixedrange=True),
    ))
    return fig


def _pr_point(point: Mapping) -> tuple[list, list]:
    """The policy's precision-recall point, none when it decides no wine as that bucket (precision undefined)."""
    return ([], []) if point["precision"] is None else ([point["recall"]], [point["precision"]])


def roc_pr_figure(curves: Sequence[Mapping], points: Sequence[Mapping], scale: float = 1.0) -> go.Figure:
    """Left: ROC (false against true positive rate); right: precision against recall; a line per bucket, one vs
    the rest, and each bucket's operating point under the policy in force as a dot."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.18)  # named by their axes: no titles to collide
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
    axis = dict(range=[-0.02, 1.02], gridcolor=GRID, fixedrange=True, tickformat=".0%")
    fig.update_xaxes(axis | dict(tickvals=[0.25, 0.5, 0.75, 1.0]))  # no 0% on x: it would meet the y axis's 0%
    fig.update_yaxes(axis)
    fig.update_xaxes(title_text="false positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="true positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_xaxes(title_text="recall", row=1, col=2, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="precision", row=1, col=2, title_font=dict(color=MUTED))
    return fig


TRACES_PER_BUCKET = 4  # ROC line, PR line, ROC point, PR point (in roc_pr_figure's order)


def restyle(data: Mapping, traces: Sequence[int]) -> dict:
    """Arguments of `Plotly.restyle(graph, data, traces)`, as assets/decide.js applies them: each value of `data`
    holds one entry per trace of `traces` (None: the trace has no such attribute)."""
    return {"data": dict(data), "traces": list(traces)}


def roc_pr_restyle(points: Sequence[Mapping]) -> dict:
    """Only the policy's operating points of `roc_pr_figure`: the curves do not depend on the costs."""
    traces, xs, ys = [], [], []
    for k, point in enumerate(points):
        base = k * TRACES_PER_BUCKET
        recall, precision = _pr_point(point)
        traces += [base + 2, base + 3]
        xs += [[point["fpr"]], recall]
        ys += [[point["tpr"]], precision]
    return restyle({"x": xs, "y": ys}, traces)


def coverage_cost_restyle(curve: Mapping, current: Mapping) -> dict:
    """The numbers of `coverage_cost_figure`: both lines and the policy's point, in one redraw (a new point alone
    would redraw the whole chart just the same). The point has no hover text of its own (None removes it)."""
    hover = _fee_hover(curve)
    return restyle({"x": [curve["coverage"], curve["coverage"], [current["coverage"]]],
                    "y": [curve["cost_per_wine"], curve["error_rate"], [current["cost"]]],
                    "hovertext": [hover, hover, None]}, [0, 1, 2])
