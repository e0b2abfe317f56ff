"""Pure figure builders: probability bars, the confusion-matrix heatmap, sensitivity charts (and Patches).

Every builder takes `scale`, the factor presentation mode applies to type and margins (1.0 on a desk).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from components.controls import slider_range
from model.schema import CLASSES
from model.sensitivity import Curve

# Okabe-Ito, a palette that stays distinguishable with every common colour-vision deficiency.
BUCKET_COLORS = {"poor": "#D55E00", "average": "#56B4E9", "good": "#009E73"}  # vermillion, sky blue, bluish green
INK, MUTED, GRID = "#1f2430", "#5b6172", "#e6e8ee"
FONT = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"
HEAT_SCALE = [[0.0, "#f4f8fb"], [0.5, "#7fb8dc"], [1.0, "#0b4f7c"]]  # white to Okabe-Ito blue, monotone in lightness
DIMMED_ALPHA = 0.35
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}
PRESENTATION_SCALE = 1.4  # type in the charts on a projector, relative to a desk

CONFUSION_MODES = {"counts": "Counts", "actual": "% of actual", "predicted": "% of predicted"}


def figure_scale(presenting: bool) -> float:
    """The `scale` every builder takes: PRESENTATION_SCALE in presentation mode, 1.0 on a desk."""
    return PRESENTATION_SCALE if presenting else 1.0


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _px(size: float, scale: float) -> int:
    return round(size * scale)


def _base_layout(scale: float = 1.0, **overrides) -> dict:
    layout = dict(
        template="none",
        font=dict(family=FONT, size=_px(15, scale), color=INK),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(family=FONT, size=_px(14, scale), color=INK), bgcolor="white", bordercolor=MUTED),
        uirevision="fixed",  # keep axes and zoom state across updates
    )
    return layout | overrides


def percent_label(p: float) -> str:
    """A probability as a short percentage: '64%', '<1%' for tiny non-zero values."""
    if 0 < p < 0.005:
        return "<1%"
    return f"{100 * p:.0f}%"


def bar_style(proba: Sequence[float], classes: Sequence[str] = CLASSES) -> dict:
    """Everything about the bars that changes with the prediction: heights, labels, colours, outline."""
    proba = [float(p) for p in proba]
    best = int(np.argmax(proba))
    return {
        "y": [100 * p for p in proba],
        "text": [f"<b>{percent_label(p)}</b>" if i == best else percent_label(p) for i, p in enumerate(proba)],
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
        textfont=dict(size=_px(18, scale), color=INK),
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
            tickfont=dict(size=_px(16, scale)),
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


def normalize(counts: np.ndarray, mode: str = "counts") -> np.ndarray:
    """Percentages of the counts: of all wines ('counts'), of each actual row, or of each predicted column."""
    counts = np.asarray(counts, dtype=float)
    if mode == "counts":
        total = counts.sum(keepdims=True)
    elif mode == "actual":
        total = counts.sum(axis=1, keepdims=True)
    elif mode == "predicted":
        total = counts.sum(axis=0, keepdims=True)
    else:
        raise ValueError(f"unknown confusion-matrix mode {mode!r}; expected one of {', '.join(CONFUSION_MODES)}")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, 100 * counts / np.where(total > 0, total, 1), 0.0)


def _pct_text(pct: float) -> str:
    return f"{pct:.1f}%" if 0 < pct < 1 else f"{pct:.0f}%"


def _wines(n: int) -> str:
    return f"{n:,} wine" + ("" if n == 1 else "s")


def cell_sentence(counts: np.ndarray, actual: int, predicted: int, mode: str, classes: Sequence[str] = CLASSES) -> str:
    """What one confusion-matrix cell means, in words."""
    n = int(counts[actual, predicted])
    a, p = classes[actual], classes[predicted]
    verb = "was" if n == 1 else "were"
    pct = normalize(counts, mode)[actual, predicted]
    if mode == "actual":
        row = int(counts[actual].sum())
        sentence = f"{pct:.0f}% of the {_wines(row)} rated {a} {'was' if row == 1 else 'were'} predicted {p} ({n:,})"
    elif mode == "predicted":
        col = int(counts[:, predicted].sum())
        sentence = f"{pct:.0f}% of the {_wines(col)} predicted {p} {'was' if col == 1 else 'were'} rated {a} ({n:,})"
    else:
        sentence = f"{_wines(n)} rated {a} {verb} predicted {p} ({pct:.0f}% of all {int(counts.sum()):,})"
    return sentence + (" — correct" if actual == predicted else "")


SELECTED_COLOR = "#e69f00"  # Okabe-Ito orange: the cell whose wines are listed


def confusion_shapes(k: int, selected: Mapping | None = None) -> list[dict]:
    """The heatmap's outlines: the diagonal (correct answers) and, when a cell's wines are listed, that cell."""
    shapes = [dict(type="rect", x0=i - 0.5, x1=i + 0.5, y0=i - 0.5, y1=i + 0.5, line=dict(color=INK, width=2.5))
              for i in range(k)]
    if selected:
        i, j = int(selected["actual"]), int(selected["predicted"])
        shapes.append(dict(type="rect", x0=j - 0.47, x1=j + 0.47, y0=i - 0.47, y1=i + 0.47,
                           line=dict(color=SELECTED_COLOR, width=5)))
    return shapes


def confusion_heatmap(
    counts: np.ndarray, mode: str = "counts", classes: Sequence[str] = CLASSES, scale: float = 1.0,
    selected: Mapping | None = None,
) -> go.Figure:
    """Heatmap of a confusion matrix (rows actual, columns predicted); every cell shows count and percent; the
    `selected` cell ({"actual", "predicted"}) is outlined."""
    counts = np.asarray(counts, dtype=int)
    pct = normalize(counts, mode)
    k = len(classes)
    z = (counts if mode == "counts" else pct.round(2)).tolist()  # plain JSON, not a base64 typed array
    text = [[f"<b>{counts[i, j]:,}</b><br>{_pct_text(pct[i, j])}" for j in range(k)] for i in range(k)]
    hover = [[cell_sentence(counts, i, j, mode, classes) for j in range(k)] for i in range(k)]
    heat = go.Heatmap(
        z=z,
        x=list(classes),
        y=list(classes),
        zmin=0,
        zmax=max(int(counts.max()), 1) if mode == "counts" else 100,
        colorscale=HEAT_SCALE,
        showscale=False,
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=_px(17, scale)),
        hovertext=hover,
        hoverinfo="none",  # the sentence goes to the line under the heatmap, not into a box over the numbers
        xgap=3,
        ygap=3,
    )
    layout = _base_layout(
        scale,
        margin=dict(l=_px(96, scale), r=12, t=_px(64, scale), b=16),
        shapes=confusion_shapes(k, selected),
        xaxis=dict(title=dict(text="Predicted bucket", standoff=8), side="top", fixedrange=True,
                   tickfont=dict(size=_px(15, scale))),
        yaxis=dict(
            title=dict(text="Actual (rated) bucket", standoff=8),
            autorange="reversed",
            fixedrange=True,
            tickfont=dict(size=_px(15, scale)),
        ),
    )
    return go.Figure(data=[heat], layout=layout)


def selected_cell_patch(k: int, selected: Mapping | None) -> Patch:
    """Only the outlines of `confusion_heatmap`, when the listed cell changes."""
    patch = Patch()
    patch["layout"]["shapes"] = confusion_shapes(k, selected)
    return patch


# ---------- sensitivity: one small chart per measurement ----------

SENSITIVITY_MARKERS = len(CLASSES)  # trace index of the current-value markers, after one line per bucket


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
        font=dict(family=FONT, size=_px(11, scale), color=INK),
        margin=dict(l=_px(38, scale), r=10, t=_px(10, scale), b=_px(22, scale)),
        showlegend=False,
        hovermode="x unified",
        shapes=[now],
        xaxis=dict(range=list(slider_range(feature)), fixedrange=True, nticks=4, showgrid=False, zeroline=False,
                   hoverformat=f".{feature['decimals']}f"),
        yaxis=dict(range=[0, 100], fixedrange=True, tickvals=[0, 50, 100], ticktext=["0%", "50%", "100%"],
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
