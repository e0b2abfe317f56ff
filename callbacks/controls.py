"""The number boxes beside the sliders: one clientside callback per measurement (assets/controls.js) keeps the
box, the slider and the note beside the name on one value."""
from __future__ import annotations

from dash import MATCH, ClientsideFunction, Input, Output, State

from components import ids
from model.loader import LoadedModel


def register(app, model: LoadedModel) -> None:
    app.clientside_callback(
        ClientsideFunction("controls", "syncBox"),
        Output(ids.slider(MATCH), "value", allow_duplicate=True),
        Output(ids.feature_box(MATCH), "value"),
        Output(ids.feature_note(MATCH), "children"),
        Input(ids.slider(MATCH), "value"),
        Input(ids.feature_box(MATCH), "n_blur"),    # a typed value counts on Tab (or a click elsewhere) ...
        Input(ids.feature_box(MATCH), "n_submit"),  # ... or Enter
        State(ids.feature_box(MATCH), "value"),
        State(ids.slider(MATCH), "min"),
        State(ids.slider(MATCH), "max"),
        State(ids.slider(MATCH), "step"),
        prevent_initial_call=True,
    )
