"""Plausibility guard: the wine on the sliders -> a calm notice with the nearest real wines, or nothing."""
from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output

from components import ids
from components.guard import plausibility_notice
from model.plausibility import plausibility
from model.whatif import TrainingWines


def guard_outputs(ref: TrainingWines, wine: Mapping):
    """Notice children and class: shown only when the wine is further from real wines than 99% of them are."""
    plaus = plausibility(ref, wine)
    if not plaus.is_implausible:
        return None, "notice hidden"
    return plausibility_notice(wine, plaus, ref.std, ref.model.features), "notice"


def register(app, ref: TrainingWines) -> None:
    @app.callback(
        Output(ids.PLAUSIBILITY, "children"),
        Output(ids.PLAUSIBILITY, "className"),
        Input(ids.THROTTLED_WINE, "data"),
        prevent_initial_call=True,
    )
    def update_guard(wine):
        return guard_outputs(ref, wine)
