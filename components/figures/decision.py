"""The decision charts: coverage against cost as the taster's fee varies, and one-vs-rest ROC and precision-recall
curves per bucket (two charts), each with the policy in force marked."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from components.figures.base import (BUCKET_COLORS, GRID, INK, LEGEND_BELOW_PX, MUTED, PRESENTATION_MIN_TYPE, _base_layout, _px,
                                     type_px)

COST_COLOR, ERROR_COLOR = INK, "#CC79A7"  # Okabe-Ito reddish purple for the error rate


def _fee_hover(curve: Mapping) -> list[str]:
    return [f"taster's fee {r:.2f}" for r in curve["refer"]]


POLICY_COLOR = "#E69F00"  # Okabe-Ito orange: the policy in force on the coverage chart
# x (and the one-vs-rest charts' y) from 0 to 1 with room for a policy's dot at either end: a shape is clipped at the
# plot's edge, and on a 390 px phone the plot is ~270 px wide, so 4% is ~10 px, more than the largest dot's radius
AXIS_RANGE = [-0.04, 1.04]


def _legend_below(scale: float) -> dict:
    """A horizontal legend at the foot of the chart, placed from the figure's bottom edge (not from the plot's): where
    the entries wrap into more rows (a phone), Plotly takes the plot's room for them, and the axis title above
    moves up with the plot instead of meeting them."""
    return dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, font=dict(size=type_px(12, scale)))


def _cost_range(curve: Mapping, current: Mapping | None) -> list[float]:
    """The coverage chart's y range, fixed (from 0 to a little over the highest value), so that moving the
    policy's dot never rescales the axis."""
    top = max([*curve["cost_per_wine"], *(e for e in curve["error_rate"] if e is not None),
               *([current["cost"]] if current else [])], default=0.0)
    return [0.0, round(1.08 * top, 6) if top > 0 else 1.0]


def _dense(scale: float) -> tuple[float, list[float], int]:
    """Two dense charts on a projector grow only until their 15 px print reaches PRESENTATION_MIN_TYPE, and keep
    two ticks on x (four at 18 px would meet), with room on the right for the last; on a desk, the scale and four
    ticks, which Plotly turns when a phone is too narrow. -> (scale, x tick values, right margin)."""
    if scale > 1:
        return min(scale, PRESENTATION_MIN_TYPE / 15), [0.5, 1.0], 30
    return scale, [0.25, 0.5, 0.75, 1.0], 12  # no 0% on x: it would meet the y axis's 0


def coverage_cost_figure(curve: Mapping, current: Mapping | None = None, scale: float = 1.0) -> go.Figure:
    """x: share of wines the model decides; y: cost per wine and error rate of the decided wines, one point per
    taster's fee in `curve["refer"]`. `current` (coverage, cost, error) is the policy in force: a dot (a shape, so
    that moving it redraws nothing else), named in the legend by a trace with no points."""
    hover = _fee_hover(curve)
    scale, ticks, right = _dense(scale)
    fig = go.Figure([
        go.Scatter(x=curve["coverage"], y=curve["cost_per_wine"], name="cost per wine", mode="lines+markers",
                   line=dict(color=COST_COLOR, width=2), marker=dict(size=4), hovertext=hover,
                   hoverinfo="x+y+text"),
        go.Scatter(x=curve["coverage"], y=curve["error_rate"], name="error rate of decided wines",
                   mode="lines+markers", line=dict(color=ERROR_COLOR, width=2, dash="dot"), marker=dict(size=4),
                   hovertext=hover, hoverinfo="x+y+text"),
    ])
    if current is not None:
        fig.add_trace(go.Scatter(x=[None], y=[None], name="this policy", mode="markers", hoverinfo="skip",
                                 marker=dict(size=_px(13, scale), color=POLICY_COLOR, line=dict(color=INK, width=1.5))))
    fig.update_layout(_base_layout(
        scale, height=_px(340, scale), margin=dict(l=_px(56, scale), r=right, t=_px(36, scale), b=_px(LEGEND_BELOW_PX, scale)),
        title=dict(text="Coverage against cost, by taster's fee", x=0, font=dict(size=type_px(15, scale))),
        legend=_legend_below(scale),
        xaxis=dict(title=dict(text="share decided by the model", font=dict(color=MUTED)), tickformat=".0%", range=AXIS_RANGE, gridcolor=GRID,
                   fixedrange=True, tickvals=ticks),
        yaxis=dict(range=_cost_range(curve, current), gridcolor=GRID, fixedrange=True),
        shapes=[_policy_dot(current, scale)] if current is not None else [],
    ))
    return fig


def _policy_dot(current: Mapping, scale: float = 1.0) -> dict:
    return _dot((current["coverage"], current["cost"]), POLICY_COLOR, scale, size=13)


def _dot(point: tuple[float, float] | None, color: str, scale: float, size: int = 11) -> dict:
    """The policy's operating point as a circle of a fixed size in pixels, centred on `point` in the chart's axes;
    hidden when there is none. A shape, not a trace: moving it redraws the shape only."""
    r = _px(size, scale) / 2
    x, y = point if point is not None else (0.0, 0.0)
    return dict(type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
                xanchor=x, yanchor=y, x0=-r, x1=r, y0=-r, y1=r, fillcolor=color, line=dict(color=INK, width=1.5),
                layer="above", visible=point is not None)


# the one-vs-rest charts: (the curve's x and y in a `model.decision.one_vs_rest_curves` curve and in an operating
# point, x's title, y's title)
ROC = ("fpr", "tpr", "false positive rate", "true positive rate")
PR = ("recall", "precision", "recall", "precision")


def _dots(points: Sequence[Mapping], kind: tuple, scale: float = 1.0) -> list[dict]:
    """Per bucket, its operating point on the `kind` chart (ROC or PR); a precision-recall dot is hidden when the
    policy decides no wine as that bucket (precision undefined)."""
    x, y = kind[:2]
    return [_dot(None if point[y] is None else (point[x], point[y]), BUCKET_COLORS[point["bucket"]], scale)
            for point in points]


def one_vs_rest_figure(kind: tuple, curves: Sequence[Mapping], points: Sequence[Mapping],
                       scale: float = 1.0) -> go.Figure:
    """The `kind` chart: ROC (false against true positive rate) or precision against recall; a line per bucket,
    one vs the rest, and each bucket's operating point under the policy in force as a dot. Two charts, not two
    subplots of one: each draws in about half the time, in a task of its own (assets/charts.js)."""
    x, y, x_title, y_title = kind
    scale, ticks, right = _dense(scale)
    fig = go.Figure([go.Scatter(x=curve[x], y=curve[y], name=curve["bucket"], mode="lines",
                                line=dict(color=BUCKET_COLORS[curve["bucket"]], width=2)) for curve in curves])
    axis = dict(range=AXIS_RANGE, gridcolor=GRID, fixedrange=True, tickformat=".0%")
    fig.update_layout(_base_layout(
        scale, height=_px(340, scale), margin=dict(l=_px(64, scale), r=right, t=_px(40, scale), b=_px(LEGEND_BELOW_PX, scale)),
        legend=_legend_below(scale),
        shapes=_dots(points, kind, scale),
        xaxis=axis | dict(tickvals=ticks, title=dict(text=x_title, font=dict(color=MUTED))),
        yaxis=axis | dict(title=dict(text=y_title, font=dict(color=MUTED))),
    ))
    return fig


def dots_relayout(points: Sequence[Mapping], kind: tuple) -> dict:
    """Only the policy's operating points on the `kind` chart (its shapes, each whole), as `Plotly.relayout(graph,
    layout)` arguments: the curves do not depend on the costs, and with the axes' ranges fixed Plotly redraws just
    the shapes replaced whole (a shape's single attributes would redraw the chart)."""
    return {"data": {}, "layout": {"shapes": _dots(points, kind)}, "traces": []}


def coverage_lines_update(curve: Mapping, current: Mapping) -> dict:
    """Both lines of `coverage_cost_figure` and its y range, as `Plotly.update` arguments: they change with the
    costs, not with the taster's fee."""
    hover = _fee_hover(curve)
    return {"data": {"x": [curve["coverage"]] * 2, "y": [curve["cost_per_wine"], curve["error_rate"]],
                     "hovertext": [hover, hover]}, "traces": [0, 1],
            "layout": {"yaxis.range": _cost_range(curve, current)}}


def coverage_point_relayout(current: Mapping) -> dict:
    """The policy's dot on `coverage_cost_figure` (its shape, whole), as `Plotly.relayout` arguments."""
    return {"data": {}, "layout": {"shapes": [_policy_dot(current)]}, "traces": []}
