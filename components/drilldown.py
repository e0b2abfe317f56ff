"""The drill-down under the confusion matrix: the test wines of the clicked cell, a page at a time."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from dash import html

from components import ids
from components.controls import display_name, format_value, unit_of
from components.figures import percent_labels
from model.schema import COLOR, MEASUREMENT_NAMES
from model.testset import TestSet

PAGE_SIZE = 8


def cell_positions(test_set: TestSet, actual: int, predicted: int, color: str = "all",
                   decisions: np.ndarray | None = None) -> np.ndarray:
    """Test-set positions of the wines in one cell under the colour filter, the model's surest first. `decisions`
    (one action per test wine under a cost policy) replaces the most likely bucket as the column."""
    column = test_set.pred if decisions is None else decisions
    inside = np.flatnonzero(test_set.mask(color) & (test_set.y == actual) & (column == predicted))
    surest = test_set.proba[inside].max(axis=1) if predicted >= test_set.proba.shape[1] else test_set.proba[inside, predicted]
    return inside[np.argsort(-surest, kind="stable")]


def cell_title(classes: Sequence[str], actual: int, predicted: int, n: int, color: str,
               decided: bool = False) -> html.H3:
    wines = ("" if color == "all" else f"{color} ") + ("wine" if n == 1 else "wines")
    if predicted >= len(classes):
        column = [", ", html.B("sent to a taster")]
    else:
        column = [", sold as " if decided else ", predicted ",
                  html.B(classes[predicted], className=f"bucket-text bucket-{classes[predicted]}")]
    return html.H3(
        id=ids.DRILL_TITLE,
        children=[f"{n:,} {wines} rated ", html.B(classes[actual], className=f"bucket-text bucket-{classes[actual]}"),
                  *column],
    )


def _measurements(row, features: Sequence[Mapping]) -> html.Div:
    """The 11 measurements of one wine as 'Name value' pairs (unit on hover) that wrap: readable without sideways
    scrolling."""
    return html.Div(className="measures", children=[
        html.Span([html.Span(display_name(f["name"]), className="measure-name"), " ",
                   html.B(format_value(float(row[f["name"]]), f))], className="measure", title=unit_of(f) or None)
        for f in features
    ])


def _wine_rows(test_set: TestSet, position: int, features: Sequence[Mapping], classes: Sequence[str]) -> list:
    """Two rows per wine: wine, tasters' and model's bucket and probabilities; then its load button and measurements
    (so the first row fits a phone's width)."""
    row = test_set.X.iloc[position]
    row_id = int(test_set.X.index[position])
    color = "red" if int(row[COLOR]) == 1 else "white"
    actual, predicted = classes[int(test_set.y[position])], classes[int(test_set.pred[position])]
    return [
        html.Tr(className="wine-row", children=[
            html.Th([f"#{row_id} ", html.Span(color, className="wine-color")], scope="row"),
            html.Td([f"{int(test_set.quality[position])} ", html.Span(actual, className=f"bucket-text bucket-{actual}")]),
            html.Td(html.Span(predicted, className=f"bucket-text bucket-{predicted}")),
            *[html.Td(label) for label in percent_labels(test_set.proba[position])],
        ]),
        html.Tr(html.Td([html.Button("Load", id=ids.drill_load(int(position)), n_clicks=0, className="btn btn-small",
                                     title=f"Load test wine #{row_id} into the sliders",
                                     **{"aria-label": f"Load test wine #{row_id}"}),
                         _measurements(row, features)], colSpan=3 + len(classes)), className="measures-row"),
    ]


def wines_table(test_set: TestSet, positions: Sequence[int], features: Sequence[Mapping], classes: Sequence[str]) -> html.Div:
    """One page of wines: wine, tasters' and model's bucket, probabilities, then a load button and the 11
    measurements."""
    by_name = {f["name"]: f for f in features}
    ordered = [by_name[n] for n in MEASUREMENT_NAMES]
    head = html.Tr([
        html.Th("Wine", scope="col"),
        html.Th("Rated", scope="col", title="The tasters' quality score (0-10) and bucket"),
        html.Th("Predicted", scope="col"),
        *[html.Th([html.Span("p ", className="sr-only"), c], scope="col", title=f"The model's probability of {c}")
          for c in classes],
    ])
    body = [tr for p in positions for tr in _wine_rows(test_set, int(p), ordered, classes)]
    table = html.Table([html.Thead(head), html.Tbody(body)], className="scores preview drill-table")
    return html.Div(table, className="table-scroll", tabIndex=0, role="region",
                    **{"aria-labelledby": ids.DRILL_TITLE})


def drill_body(test_set: TestSet, cell: Mapping, color: str, features: Sequence[Mapping],
               classes: Sequence[str], decisions: np.ndarray | None = None) -> tuple[list, int]:
    """Children for the cell (title, one page of wines, where we are) and the number of pages."""
    positions = cell_positions(test_set, cell["actual"], cell["predicted"], color, decisions)
    pages = max(1, -(-len(positions) // PAGE_SIZE))
    page = min(max(int(cell.get("page", 0)), 0), pages - 1)
    shown = positions[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    title = cell_title(classes, cell["actual"], cell["predicted"], len(positions), color, decisions is not None)
    if not len(shown):
        return [title, html.P("No test wine is in this cell.", className="hint")], pages
    where = f"Wines {page * PAGE_SIZE + 1}–{page * PAGE_SIZE + len(shown)} of {len(positions):,}, the model's surest first."
    return [title, wines_table(test_set, shown, features, classes), html.P(where, className="hint")], pages


def drill_panel() -> html.Div:
    """Empty and hidden until a cell is clicked; the paging buttons stay put so callbacks can use them."""
    return html.Div(
        id=ids.DRILL,
        className="drill hidden",
        children=[
            html.Div(id=ids.DRILL_BODY, **{"aria-live": "polite"}),
            html.Div(className="button-row", children=[
                html.Button("‹ Previous", id=ids.DRILL_PREV, className="btn btn-small", n_clicks=0, disabled=True),
                html.Button("Next ›", id=ids.DRILL_NEXT, className="btn btn-small", n_clicks=0, disabled=True),
                html.Button("Close", id=ids.DRILL_CLOSE, className="btn btn-small btn-quiet", n_clicks=0),
            ]),
        ],
    )
