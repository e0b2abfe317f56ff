"""The confusion-matrix mode and colour filter -> heatmap and per-class scores of the test set."""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State

from components import ids
from components.confusion_panel import scores_table
from components.figures import confusion_heatmap, figure_scale, selected_cell_patch
from model.loader import LoadedModel
from model.reference import scored_test_set


def confusion_outputs(model: LoadedModel, mode: str, color: str, presenting: bool = False, selected=None):
    """Heatmap (the `selected` cell outlined) and scores table for the test wines of `color` ('all', 'red',
    'white') in `mode`."""
    counts = scored_test_set(model).confusion(color)
    heatmap = confusion_heatmap(counts, mode, model.classes, figure_scale(presenting), selected)
    return heatmap, scores_table(counts, model.classes)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.CONFUSION_GRAPH, "figure"),
        Output(ids.CLASS_METRICS, "children"),
        Input(ids.CONFUSION_MODE, "value"),
        Input(ids.CONFUSION_FILTER, "value"),
        State(ids.PRESENT, "value"),
        State(ids.DRILL_CELL, "data"),
        prevent_initial_call=True,
    )
    def update_confusion(mode, color, present, cell):
        return confusion_outputs(model, mode, color, bool(present), cell)

    @app.callback(
        Output(ids.CONFUSION_GRAPH, "figure", allow_duplicate=True),
        Input(ids.DRILL_CELL, "data"),
        prevent_initial_call=True,
    )
    def outline_listed_cell(cell):
        return selected_cell_patch(len(model.classes), cell)

    # in the browser: the hovered cell's sentence in the line under the heatmap (assets/confusion.js)
    app.clientside_callback(
        ClientsideFunction("confusion", "hoverLine"),
        Output(ids.CONFUSION_HOVER, "children"),
        Input(ids.CONFUSION_GRAPH, "hoverData"),
        prevent_initial_call=True,
    )
