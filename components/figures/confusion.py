"""The confusion-matrix heatmap, its normalisations and each cell in words."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from dash import Patch

from components.figures.base import HEAT_SCALE, INK, _base_layout, _px, type_px
from model.schema import CLASSES

CONFUSION_MODES = {"counts": "Counts", "actual": "% of actual", "predicted": "% of predicted"}


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


TASTER = "to a taster"  # the fourth column under a policy with a taster


def cell_sentence(counts: np.ndarray, actual: int, predicted: int, mode: str, classes: Sequence[str] = CLASSES,
                  columns: Sequence[str] | None = None) -> str:
    """What one confusion-matrix cell means, in words (`columns`: the decisions, when not the classes)."""
    n = int(counts[actual, predicted])
    a, p = classes[actual], (columns or classes)[predicted]
    if p == TASTER:
        p = "sent to a taster"
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
    selected: Mapping | None = None, columns: Sequence[str] | None = None,
) -> go.Figure:
    """Heatmap of a confusion matrix (rows actual, columns predicted, or the decisions in `columns` under a cost
    policy); every cell shows count and percent; the `selected` cell ({"actual", "predicted"}) is outlined."""
    counts = np.asarray(counts, dtype=int)
    pct = normalize(counts, mode)
    k = len(classes)
    columns = list(columns or classes)
    z = (counts if mode == "counts" else pct.round(2)).tolist()  # plain JSON, not a base64 typed array
    text = [[f"<b>{counts[i, j]:,}</b><br>{_pct_text(pct[i, j])}" for j in range(len(columns))] for i in range(k)]
    hover = [[cell_sentence(counts, i, j, mode, classes, columns) for j in range(len(columns))] for i in range(k)]
    heat = go.Heatmap(
        z=z,
        x=columns,
        y=list(classes),
        zmin=0,
        zmax=max(int(counts.max()), 1) if mode == "counts" else 100,
        colorscale=HEAT_SCALE,
        showscale=False,
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=type_px(17, scale)),
        hovertext=hover,
        hoverinfo="none",  # the sentence goes to the line under the heatmap, not into a box over the numbers
        xgap=3,
        ygap=3,
    )
    layout = _base_layout(
        scale,
        margin=dict(l=_px(96, scale), r=12, t=_px(64, scale), b=16),
        shapes=confusion_shapes(k, selected),
        xaxis=dict(title=dict(text="Predicted bucket" if columns == list(classes) else "Decision", standoff=8),
                   side="top", fixedrange=True, tickangle=0,
                   # the taster's column on two lines, so four columns fit a phone without turning their names
                   tickmode="array", tickvals=columns, ticktext=[c.replace(" taster", "<br>taster") for c in columns],
                   tickfont=dict(size=type_px(15, scale))),
        yaxis=dict(
            title=dict(text="Actual (rated) bucket", standoff=8),
            autorange="reversed",
            fixedrange=True,
            tickfont=dict(size=type_px(15, scale)),
        ),
    )
    return go.Figure(data=[heat], layout=layout)


def _cells(counts: np.ndarray, mode: str, classes: Sequence[str], columns: Sequence[str] | None) -> tuple[dict, dict]:
    """What a new matrix, mode or policy changes in `confusion_heatmap` (at any scale): the cells' numbers, words
    and columns (trace 0's attributes), and the x axis's title and ticks (layout paths)."""
    fig = confusion_heatmap(counts, mode, classes, columns=columns).to_plotly_json()
    heat, xaxis = fig["data"][0], fig["layout"]["xaxis"]
    trace = {key: [list(v) if isinstance(v, tuple) else v for v in heat[key]] if isinstance(heat[key], (list, tuple))
             else heat[key] for key in ("z", "x", "zmax", "text", "hovertext")}
    axis = {"xaxis.title.text": xaxis["title"]["text"], "xaxis.tickvals": list(xaxis["tickvals"]),
            "xaxis.ticktext": list(xaxis["ticktext"])}
    return trace, axis


def confusion_patch(counts: np.ndarray, mode: str = "counts", classes: Sequence[str] = CLASSES,
                    columns: Sequence[str] | None = None) -> Patch:
    """A Patch of `confusion_heatmap` with every part a matrix, mode or policy changes, not the whole figure."""
    trace, axis = _cells(counts, mode, classes, columns)
    patch = Patch()
    for key, value in trace.items():
        patch["data"][0][key] = value
    for path, value in axis.items():
        node = patch["layout"]
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        node[last] = value
    return patch


def confusion_restyle(counts: np.ndarray, mode: str = "counts", classes: Sequence[str] = CLASSES,
                      columns: Sequence[str] | None = None) -> dict:
    """The same parts as `confusion_patch` but the outlines, as arguments of `Plotly.update(graph, data, layout,
    traces)`, which assets/decide.js applies in an animation frame of its own."""
    trace, axis = _cells(counts, mode, classes, columns)
    return {"data": {key: [value] for key, value in trace.items()}, "layout": axis, "traces": [0]}


def selected_cell_patch(k: int, selected: Mapping | None, cells: Patch | None = None) -> Patch:
    """The outlines of `confusion_heatmap` when the listed cell changes, added to `cells` (a `confusion_patch`)."""
    patch = cells if cells is not None else Patch()
    patch["layout"]["shapes"] = confusion_shapes(k, selected)
    return patch
