"""Sensitivity: the settled wine, once the card is on screen (SENSITIVITY_WINE, assets/whatif.js) -> the 11 sweeps'
numbers from one batched predict call (SENSITIVITY_SWEEPS), which the browser draws one chart per frame. No figure
travels: the charts' layout only changes with presentation mode (callbacks/presentation.py)."""
from __future__ import annotations

from collections.abc import Mapping

from dash import ClientsideFunction, Input, Output

from components import ids
from components.figures import sensitivity_patch, sweep_numbers
from model.loader import LoadedModel
from model.sensitivity import sensitivity


def sensitivity_sweeps(model: LoadedModel, wine: Mapping) -> dict:
    """{measurement: the numbers its chart shows for `wine`} (components/figures/sweeps.sweep_numbers)."""
    features = {f["name"]: f for f in model.features}
    return {c.feature: sweep_numbers(c, features[c.feature]) for c in sensitivity(model, wine).curves}


def sensitivity_patches(model: LoadedModel, wine: Mapping, names) -> list:
    """One Patch per chart, in the order of `names`: the same numbers as `sensitivity_sweeps`, for a Dash output."""
    curves = {c.feature: c for c in sensitivity(model, wine).curves}
    features = {f["name"]: f for f in model.features}
    return [sensitivity_patch(curves[n], features[n]) for n in names]


def register(app, model: LoadedModel) -> None:
    @app.callback(Output(ids.SENSITIVITY_SWEEPS, "data"), Input(ids.SENSITIVITY_WINE, "data"),
                  prevent_initial_call=True)
    def update_sensitivity(wine):
        return sensitivity_sweeps(model, wine)

    # in the browser: one chart per animation frame (assets/whatif.js)
    app.clientside_callback(ClientsideFunction("whatif", "drawSweeps"), Input(ids.SENSITIVITY_SWEEPS, "data"))
