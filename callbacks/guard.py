"""Plausibility guard: the wine on the sliders -> the verdict marked as a guess, with the nearest real wines,
or nothing."""
from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, State, no_update

from components import ids
from components.guard import plausibility_notice
from model.plausibility import plausibility
from model.predict import predict
from model.whatif import TrainingWines


FRAME, LINE = "verdict-frame", "guard-line"


def guard_outputs(ref: TrainingWines, wine: Mapping):
    """Line children, line class and the verdict frame's class: the line shows, and the verdict is muted as a
    guess, only when the wine is further from real wines than 99% of them are."""
    plaus = plausibility(ref, wine)
    if not plaus.is_implausible:
        return None, f"{LINE} hidden", FRAME
    result = predict(ref.model, wine)[0]
    return plausibility_notice(wine, plaus, ref.std, ref.model.features, result), LINE, f"{FRAME} guessing"


def guard_update(ref: TrainingWines, wine: Mapping, shown_class: str | None):
    """`guard_outputs`, or nothing at all while the line stays hidden (no update for the page to render)."""
    out = guard_outputs(ref, wine)
    if out[0] is None and shown_class == out[1]:
        return no_update, no_update, no_update
    return out


def register(app, ref: TrainingWines) -> None:
    @app.callback(
        Output(ids.PLAUSIBILITY, "children"),
        Output(ids.PLAUSIBILITY, "className"),
        Output(ids.VERDICT_FRAME, "className"),
        Input(ids.THROTTLED_WINE, "data"),
        State(ids.PLAUSIBILITY, "className"),
        prevent_initial_call=True,
    )
    def update_guard(wine, shown_class):
        return guard_update(ref, wine, shown_class)
