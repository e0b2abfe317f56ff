"""Why this verdict: the wine on the sliders (throttled while dragging) and the chosen bucket -> ranked
contributions, from one exact explanation of the wine."""
from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output

from components import ids
from components.explanation import why_for
from components.figures import figure_scale
from model.loader import LoadedModel


def why_outputs(model: LoadedModel, wine: Mapping, choice: str | None, presenting: bool = False):
    """The panel's figure and words for `wine`."""
    return why_for(model, wine, choice, figure_scale(presenting))


def register(app, model: LoadedModel) -> None:
    # THROTTLED_WINE: at most every 250 ms while a slider is dragged, and always the final wine (assets/whatif.js)
    @app.callback(
        Output(ids.WHY_GRAPH, "figure"),
        Output(ids.WHY_TEXT, "children"),
        Input(ids.THROTTLED_WINE, "data"),
        Input(ids.WHY_BUCKET, "value"),
        Input(ids.PRESENT, "value"),
        prevent_initial_call=True,
    )
    def update_why(wine, choice, present):
        return why_outputs(model, wine, choice, bool(present))
