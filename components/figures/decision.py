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


def _dot(point: tuple[float, float] | None, color: str, subplot: str, scale: float) -> dict:
    """The policy's operating point as a circle of a fixed size in pixels, centred on `point` in the axes of
    `subplot` ("" or "2"); hidden when there is none. A shape, not a trace: moving it redraws the shape only."""
    r = _px(11, scale) / 2
    x, y = point if point is not None else (0.0, 0.0)
    return dict(type="circle", xref=f"x{subplot}", yref=f"y{subplot}", xsizemode="pixel", ysizemode="pixel",
                xanchor=x, yanchor=y, x0=-r, x1=r, y0=-r, y1=r, fillcolor=color, line=dict(color=INK, width=1.5),
                layer="above", visible=point is not None)


def _dots(points: Sequence[Mapping]) -> list[tuple | None]:
    """Per bucket, its ROC point and its precision-recall point (None when it decides no wine as that bucket:
    precision undefined), in the order of `roc_pr_figure`'s shapes."""
    out = []
    for point in points:
        out += [(point["fpr"], point["tpr"]), None if point["precision"] is None else (point["recall"], point["precision"])]
    return out


def roc_pr_figure(curves: Sequence[Mapping], points: Sequence[Mapping], scale: float = 1.0) -> go.Figure:
    """Left: ROC (false against true positive rate); right: precision against recall; a line per bucket, one vs
    the rest, and each bucket's operating point under the policy in force as a dot."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.18)  # named by their axes: no titles to collide
    for curve in curves:
        color = BUCKET_COLORS[curve["bucket"]]
        fig.add_trace(go.Scatter(x=curve["fpr"], y=curve["tpr"], name=curve["bucket"], mode="lines",
                                 line=dict(color=color, width=2), legendgroup=curve["bucket"]), row=1, col=1)
        fig.add_trace(go.Scatter(x=curve["recall"], y=curve["precision"], name=curve["bucket"], mode="lines",
                                 line=dict(color=color, width=2), legendgroup=curve["bucket"], showlegend=False),
                      row=1, col=2)
    colors = [BUCKET_COLORS[curve["bucket"]] for curve in curves for _ in (1, 2)]
    shapes = [_dot(dot, color, "2" if k % 2 else "", scale) for k, (dot, color) in enumerate(zip(_dots(points), colors))]
    fig.update_layout(_base_layout(
        scale, height=_px(340, scale), margin=dict(l=_px(64, scale), r=12, t=_px(40, scale), b=_px(104, scale)),
        legend=dict(orientation="h", y=-0.34, yanchor="top", x=0, font=dict(size=_px(12, scale))), shapes=shapes,
    ))
    axis = dict(range=[-0.02, 1.02], gridcolor=GRID, fixedrange=True, tickformat=".0%")
    fig.update_xaxes(axis | dict(tickvals=[0.25, 0.5, 0.75, 1.0]))  # no 0% on x: it would meet the y axis's 0%
    fig.update_yaxes(axis)
    fig.update_xaxes(title_text="false positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="true positive rate", row=1, col=1, title_font=dict(color=MUTED))
    fig.update_xaxes(title_text="recall", row=1, col=2, title_font=dict(color=MUTED))
    fig.update_yaxes(title_text="precision", row=1, col=2, title_font=dict(color=MUTED))
    return fig


def restyle(data: Mapping, traces: Sequence[int]) -> dict:
    """Arguments of `Plotly.restyle(graph, data, traces)`, as assets/decide.js applies them: each value of `data`
    holds one entry per trace of `traces` (None: the trace has no such attribute)."""
    return {"data": dict(data), "traces": list(traces)}


def roc_pr_relayout(points: Sequence[Mapping]) -> dict:
    """Only the policy's operating points of `roc_pr_figure` (its shapes), as `Plotly.update(graph, {}, layout)`
    arguments: the curves do not depend on the costs, and moving a shape redraws nothing else."""
    layout = {}
    for k, dot in enumerate(_dots(points)):
        x, y = dot if dot is not None else (0.0, 0.0)
        layout |= {f"shapes[{k}].xanchor": x, f"shapes[{k}].yanchor": y, f"shapes[{k}].visible": dot is not None}
    return {"data": {}, "layout": layout, "traces": []}


def coverage_cost_restyle(curve: Mapping, current: Mapping) -> dict:
    """The numbers of `coverage_cost_figure`: both lines and the policy's point, in one redraw (a new point alone
    would redraw the whole chart just the same). The point has no hover text of its own (None removes it)."""
    hover = _fee_hover(curve)
    return restyle({"x": [curve["coverage"], curve["coverage"], [current["coverage"]]],
                    "y": [curve["cost_per_wine"], curve["error_rate"], [current["cost"]]],
                    "hovertext": [hover, hover, None]}, [0, 1, 2])
