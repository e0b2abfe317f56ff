"""The test-set panel: confusion-matrix mode and filter toggles, and per-class precision and recall."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from dash import dcc, html

from components import ids
from components.card import card
from components.figures import CONFUSION_MODES, GRAPH_CONFIG, confusion_heatmap
from model.metrics import scores
from model.schema import CLASSES

FILTERS = {"all": "All wines", "red": "Red", "white": "White"}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def score_texts(counts: np.ndarray, classes: Sequence[str] = CLASSES) -> dict[tuple[str, str], str]:
    """Every figure of `scores_table`, by (row, column) of its id: a new matrix changes these texts only, so the
    page updates them in place instead of building a new table."""
    s = scores(counts, classes)
    texts = {("all", "wines"): f"{s['n']:,} test wines", ("macro", "precision"): _pct(s["macro_precision"]),
             ("all", "accuracy"): _pct(s["accuracy"])}
    for c, v in s["per_class"].items():
        texts |= {(c, "precision"): _pct(v["precision"]), (c, "recall"): _pct(v["recall"]),
                  (c, "wines"): f"{v['support']:,}"}
    return texts


SCORE_IDS = [ids.class_score(row, col) for row, col in score_texts(np.ones((3, 3), dtype=int))]  # every figure


def scores_in_order(counts: np.ndarray, classes: Sequence[str], score_ids: Sequence[dict]) -> list[str]:
    """`score_texts` in the order of the table's ids (as a pattern-matching output lists them)."""
    texts = score_texts(counts, classes)
    return [texts[(i["row"], i["col"])] for i in score_ids]


def scores_table(counts: np.ndarray, classes: Sequence[str] = CLASSES) -> html.Table:
    """Per-class precision and recall, then macro precision and accuracy, for the matrix shown."""
    texts = score_texts(counts, classes)

    def cell(row: str, col: str, **attrs) -> html.Td:
        return html.Td(texts[(row, col)], id=ids.class_score(row, col), **attrs)

    rows = [html.Tr([html.Th(html.Span(c, className=f"bucket-text bucket-{c}"), scope="row"),
                     cell(c, "precision"), cell(c, "recall"), cell(c, "wines")]) for c in classes]
    return html.Table(
        className="scores",
        children=[
            html.Caption(texts[("all", "wines")], id=ids.class_score("all", "wines")),
            html.Thead(html.Tr([html.Th("Bucket", scope="col"), html.Th("Precision", scope="col"),
                                html.Th("Recall", scope="col"), html.Th("Wines", scope="col")])),
            html.Tbody(rows),
            html.Tfoot([
                html.Tr([html.Th("Macro precision", scope="row", colSpan=2), cell("macro", "precision", colSpan=2)]),
                html.Tr([html.Th("Accuracy", scope="row", colSpan=2), cell("all", "accuracy", colSpan=2)]),
            ]),
        ],
    )


def _toggle(label: str, component_id: str, options: dict, value: str) -> html.Div:
    label_id = ids.label(component_id)
    return html.Div(
        className="control-row",
        role="group",
        **{"aria-labelledby": label_id},
        children=[
            html.Span(label, id=label_id, className="control-label"),
            dcc.RadioItems(
                id=component_id,
                options=[{"label": v, "value": k} for k, v in options.items()],
                value=value,
                inline=True,
                className="segmented",
            ),
        ],
    )


def cell_picker(classes: Sequence[str] = CLASSES) -> html.Div:
    """A labelled dropdown of the nine cells: the same drill-down as a click, for the keyboard."""
    options = [{"label": f"Rated {a}, predicted {p}", "value": f"{i}-{j}"}
               for i, a in enumerate(classes) for j, p in enumerate(classes)]
    return html.Div(className="cell-picker", children=[
        html.Label("List the wines of a cell", htmlFor=ids.DRILL_PICK),
        dcc.Dropdown(id=ids.DRILL_PICK, options=options, value=None, clearable=True, searchable=False,
                     placeholder="Choose a cell…"),
    ])


HOVER_HINT = "Point at a cell to read it in words."


def confusion_panel(counts: np.ndarray, mode: str = "counts", color: str = "all", drill=None,
                    decide=None) -> html.Section:
    """The card: toggles, `decide` (the cost policy's editor), heatmap, `drill` (the clicked cell's wines) and
    scores table, for `counts`."""
    return card(
        "confusion", "How often is the model right?", ids.CONFUSION_TITLE,
        lead="Held-out test wines: tasters' bucket (rows) against the model's (columns). "
             "Point at a cell to read it in words; click or tap it to list its wines.",
        children=[
            html.Div(className="toggles", children=[
                _toggle("Show", ids.CONFUSION_MODE, CONFUSION_MODES, mode),
                _toggle("Wines", ids.CONFUSION_FILTER, FILTERS, color),
            ]),
            *([decide] if decide is not None else []),
            html.Div(className="confusion-body", children=[c for c in (
                html.Div(className="confusion-figure", children=[
                    dcc.Graph(id=ids.CONFUSION_GRAPH, figure=confusion_heatmap(counts, mode), config=GRAPH_CONFIG,
                              className="confusion-graph"),
                    html.P(HOVER_HINT, id=ids.CONFUSION_HOVER, className="hint hover-line", **{"aria-hidden": "true"}),
                ]),
                cell_picker(),
                drill,
                html.Div(scores_table(counts), id=ids.CLASS_METRICS, className="scores-wrap", **{"aria-live": "polite"}),
            ) if c is not None]),
        ],
    )
