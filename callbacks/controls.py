"""The number boxes beside the sliders (assets/controls.js, assets/live.js): a typed value counts on Enter or Tab
and goes to its slider (one MATCH callback per box); the sliders' values go to their boxes in ONE callback for all
eleven, so a preset or a link that sets every slider costs the page one update, not eleven."""
from __future__ import annotations

from dash import ALL, MATCH, ClientsideFunction, Input, Output, State

from components import ids
from model.loader import LoadedModel


def register(app, model: LoadedModel) -> None:
    app.clientside_callback(
        ClientsideFunction("live", "typed"),
        Output(ids.slider(MATCH), "value", allow_duplicate=True),
        Output(ids.feature_box(MATCH), "value"),
        Output(ids.feature_note(MATCH), "children"),
        Input(ids.feature_box(MATCH), "n_blur"),    # a typed value counts on Tab (or a click elsewhere) ...
        Input(ids.feature_box(MATCH), "n_submit"),  # ... or Enter
        State(ids.feature_box(MATCH), "value"),
        State(ids.slider(MATCH), "value"),
        State(ids.slider(MATCH), "min"),
        State(ids.slider(MATCH), "max"),
        State(ids.slider(MATCH), "step"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("live", "boxes"),
        Output(ids.feature_box(ALL), "value", allow_duplicate=True),
        Output(ids.feature_note(ALL), "children", allow_duplicate=True),
        Input(ids.slider(ALL), "value"),
        State(ids.feature_box(ALL), "value"),
        State(ids.slider(ALL), "step"),
        prevent_initial_call=True,
    )
