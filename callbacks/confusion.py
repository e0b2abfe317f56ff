"""The confusion matrix of the test set: its cells and per-class scores for a mode, colour filter and cost policy
(the one callback in callbacks/decide.py puts them on the page), and the listed cell's outline."""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State

from callbacks.policy import confusion_under
from components import ids
from components.confusion_panel import scores_in_order, scores_table
from components.figures import confusion_patch, selected_cell_patch
from components.figures.confusion import confusion_restyle
from model.loader import LoadedModel


def confusion_outputs(model: LoadedModel, mode: str, color: str, policy=None):
    """A Patch of the heatmap's cells and the scores table, for the test wines of `color` ('all', 'red', 'white')
    in `mode`, decided under the cost `policy` (the POLICY store; none: the most likely bucket). The scores are
    those of the wines the model decides."""
    counts, columns, _ = confusion_under(model, policy, color)
    return (confusion_patch(counts, mode, model.classes, columns),
            scores_table(counts[:, : len(model.classes)], model.classes))


def confusion_draw(model: LoadedModel, mode: str, color: str, policy, score_ids):
    """The heatmap's cells as a part for assets/decide.js to draw (Plotly.update arguments, the same numbers as
    `confusion_outputs`'s Patch), and the scores table's figures in the order of `score_ids` (texts put in place:
    a new table would make the page mount its thirty components again)."""
    counts, columns, _ = confusion_under(model, policy, color)
    return (confusion_restyle(counts, mode, model.classes, columns) | {"graph": ids.CONFUSION_GRAPH},
            scores_in_order(counts[:, : len(model.classes)], model.classes, score_ids))


def outlined_cells(model: LoadedModel, cell, mode: str, color: str, policy=None):
    """The listed cell's outline, with every cell as it is now: the cells are drawn in the browser
    (assets/decide.js), so Dash's own copy of the figure still holds the page's first cells; with them in the same
    Patch, whatever the graph redraws from that copy is what the page shows."""
    return selected_cell_patch(len(model.classes), cell, confusion_outputs(model, mode, color, policy)[0])


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.CONFUSION_GRAPH, "figure", allow_duplicate=True),
        Input(ids.DRILL_CELL, "data"),
        State(ids.CONFUSION_MODE, "value"),
        State(ids.CONFUSION_FILTER, "value"),
        State(ids.POLICY, "data"),
        prevent_initial_call=True,
    )
    def outline_listed_cell(cell, mode, color, policy):
        return outlined_cells(model, cell, mode, color, policy)

    # in the browser: the hovered cell's sentence in the line under the heatmap (assets/confusion.js)
    app.clientside_callback(
        ClientsideFunction("confusion", "hoverLine"),
        Output(ids.CONFUSION_HOVER, "children"),
        Input(ids.CONFUSION_GRAPH, "hoverData"),
        prevent_initial_call=True,
    )
