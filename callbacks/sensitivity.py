"""Sensitivity: the wine on the sliders (once settled after a drag) -> a Patch per small chart, from one
batched predict call for all 11."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import ALL, Input, Output, ctx

from components import ids
from components.figures import sensitivity_patch
from model.loader import LoadedModel
from model.sensitivity import sensitivity


def sensitivity_patches(model: LoadedModel, wine: Mapping, names: Sequence[str]) -> list:
    """One Patch per chart, in the order of `names` (the charts' order on the page)."""
    curves = {c.feature: c for c in sensitivity(model, wine).curves}
    features = {f["name"]: f for f in model.features}
    return [sensitivity_patch(curves[n], features[n]) for n in names]


def register(app, model: LoadedModel) -> None:
    # THROTTLED_WINE is CURRENT_WINE once a drag has settled, set in the browser (assets/live.js, whatif.js)
    @app.callback(
        Output(ids.sensitivity_graph(ALL), "figure"),
        Input(ids.THROTTLED_WINE, "data"),
        prevent_initial_call=True,
    )
    def update_sensitivity(wine):
        return sensitivity_patches(model, wine, [o["id"]["name"] for o in ctx.outputs_list])
