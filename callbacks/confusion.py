"""The confusion-matrix mode and colour filter -> heatmap and per-class scores of the test set."""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State

from callbacks.policy import confusion_under
from components import ids
from components.confusion_panel import scores_table
from components.figures import confusion_patch, selected_cell_patch
from model.loader import LoadedModel


def confusion_outputs(model: LoadedModel, mode: str, color: str, policy=None):
    """A Patch of the heatmap's cells and the scores table, for the test wines of `color` ('all', 'red', 'white')
    in `mode`, decided under the cost `policy` (the POLICY store; none: the most likely bucket). The scores are
    those of the wines the model decides."""
    counts, columns, _ = confusion_under(model, policy, color)
    return (confusion_patch(counts, mode, model.classes, columns),
            scores_table(counts[:, : len(model.classes)], model.classes))


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.CONFUSION_GRAPH, "figure"),
        Output(ids.CLASS_METRICS, "children"),
        Input(ids.CONFUSION_MODE, "value"),
        Input(ids.CONFUSION_FILTER, "value"),
        State(ids.POLICY, "data"),  # a new policy redraws the cells in callbacks/decide.py's one answer
        prevent_initial_call=True,
    )
    def update_confusion(mode, color, policy):
        return confusion_outputs(model, mode, color, policy)

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
