"""The confusion-matrix mode and colour filter -> heatmap and per-class scores of the test set."""
from __future__ import annotations

from dash import Input, Output, State

from components import ids
from components.confusion_panel import scores_table
from components.figures import confusion_heatmap, figure_scale
from model.loader import LoadedModel
from model.reference import scored_test_set


def confusion_outputs(model: LoadedModel, mode: str, color: str, presenting: bool = False):
    """Heatmap and scores table for the test wines of `color` ('all', 'red', 'white') in `mode`."""
    counts = scored_test_set(model).confusion(color)
    return confusion_heatmap(counts, mode, model.classes, figure_scale(presenting)), scores_table(counts, model.classes)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.CONFUSION_GRAPH, "figure"),
        Output(ids.CLASS_METRICS, "children"),
        Input(ids.CONFUSION_MODE, "value"),
        Input(ids.CONFUSION_FILTER, "value"),
        State(ids.PRESENT, "value"),
        prevent_initial_call=True,
    )
    def update_confusion(mode, color, present):
        return confusion_outputs(model, mode, color, bool(present))
