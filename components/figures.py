"""Pure figure builders: probability bars (and their Patch) and the confusion-matrix heatmap."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from model.schema import CLASSES

# Okabe-Ito, a palette that stays distinguishable with every common colour-vision deficiency.
BUCKET_COLORS = {"poor": "#D55E00", "average": "#56B4E9", "good": "#009E73"}  # vermillion, sky blue, bluish green
INK, MUTED, GRID = "#1f2430", "#5b6172", "#e6e8ee"
FONT = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"
HEAT_SCALE = [[0.0, "#f4f8fb"], [0.5, "#7fb8dc"], [1.0, "#0b4f7c"]]  # white to Okabe-Ito blue, monotone in lightness
DIMMED_ALPHA = 0.35
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}

CONFUSION_MODES = {"counts": "Counts", "actual": "% of actual", "predicted": "% of predicted"}


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _base_layout(**overrides) -> dict:
    layout = dict(
        template="none",
        font=dict(family=FONT, size=15, color=INK),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(family=FONT, size=14, color=INK), bgcolor="white", bordercolor=MUTED),
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


def probability_bars(proba: Sequence[float], classes: Sequence[str] = CLASSES) -> go.Figure:
    """Three bars, one per bucket, on a fixed 0-100% axis; the predicted bucket is solid and outlined."""
    style = bar_style(proba, classes)
    bars = go.Bar(
        x=list(classes),
        y=style["y"],
        text=style["text"],
        textposition="outside",
        cliponaxis=False,
        textfont=dict(size=18, color=INK),
        marker=dict(color=style["colors"], line=dict(color=INK, width=style["line_widths"])),
        hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
        width=0.62,
    )
    layout = _base_layout(
        margin=dict(l=48, r=12, t=30, b=40),
        showlegend=False,
        bargap=0.3,
        yaxis=dict(range=[0, 100], fixedrange=True, ticksuffix="%", dtick=25, gridcolor=GRID, zeroline=False),
        xaxis=dict(
            fixedrange=True,
            tickmode="array",
            tickvals=list(classes),
            ticktext=style["ticktext"],
            tickfont=dict(size=16),
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


def confusion_heatmap(counts: np.ndarray, mode: str = "counts", classes: Sequence[str] = CLASSES) -> go.Figure:
    """Heatmap of a confusion matrix (rows actual, columns predicted); every cell shows count and percent."""
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
        textfont=dict(size=17),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        xgap=3,
        ygap=3,
    )
    diagonal = [
        dict(type="rect", x0=i - 0.5, x1=i + 0.5, y0=i - 0.5, y1=i + 0.5, line=dict(color=INK, width=2.5))
        for i in range(k)
    ]
    layout = _base_layout(
        margin=dict(l=96, r=12, t=64, b=16),
        shapes=diagonal,
        xaxis=dict(title=dict(text="Predicted bucket", standoff=8), side="top", fixedrange=True, tickfont=dict(size=15)),
        yaxis=dict(
            title=dict(text="Actual (rated) bucket", standoff=8),
            autorange="reversed",
            fixedrange=True,
            tickfont=dict(size=15),
        ),
    )
    return go.Figure(data=[heat], layout=layout)
