"""Plausibility guard: the wine on the sliders -> the verdict marked as a guess, with the nearest real wines,
or nothing. The line about A under the verdict (callbacks/compare.line_update) follows the same settled wine, so both
lines come in one answer: one round through Dash's renderer per settle instead of two."""
from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, State, ctx, no_update

from callbacks.compare import line_update
from components import ids
from components.guard import plausibility_notice
from components.static import freeze
from model.plausibility import plausibility
from model.predict import predict
from model.whatif import TrainingWines


FRAME, LINE = "verdict-frame", "guard-line"


def guard_outputs(ref: TrainingWines, wine: Mapping):
    """The line's words, its "Why?" contents, the line's class and the verdict frame's class: the line shows, and
    the verdict is muted as a guess, only when the wine is further from real wines than 99% of them are."""
    plaus = plausibility(ref, wine)
    if not plaus.is_implausible:
        return None, None, f"{LINE} hidden", FRAME
    result = predict(ref.model, wine)[0]
    words, popover = plausibility_notice(wine, plaus, ref.std, ref.model.features, result)
    return words, popover, LINE, f"{FRAME} guessing"


def guard_update(ref: TrainingWines, wine: Mapping, shown_class: str | None):
    """`guard_outputs`, or nothing at all while the line stays hidden (no update for the page to render)."""
    out = guard_outputs(ref, wine)
    if out[0] is None and shown_class == out[2]:
        return (no_update,) * 4
    return out


def verdict_lines(ref: TrainingWines, triggered, wine: Mapping, pinned: Mapping | None, shown_class: str | None):
    """The guard's outputs, then the A line's, for the inputs that changed (`triggered`: store ids): the guard only
    when the wine did, the A line on either (a link may bring both at once). The notice comes frozen: its text
    as a few StaticHtml components, which the renderer mounts as fast as one element each."""
    words, popover, *guard = guard_update(ref, wine, shown_class) if ids.THROTTLED_WINE in triggered else (no_update,) * 4
    line = line_update(ref.model, ids.PINNED if ids.PINNED in triggered else ids.THROTTLED_WINE, wine, pinned)
    # rewritten on every settle: the ~50 elements as a few components (components/static.py)
    return (freeze(words), freeze(popover), *guard, freeze(line[0]), line[1])


def register(app, ref: TrainingWines) -> None:
    @app.callback(
        Output(ids.GUARD_TEXT, "children"),
        Output(ids.GUARD_POPOVER, "children"),
        Output(ids.PLAUSIBILITY, "className"),
        Output(ids.VERDICT_FRAME, "className"),
        Output(ids.PINNED_LINE, "children"),
        Output(ids.PINNED_LINE, "className"),
        Input(ids.THROTTLED_WINE, "data"),  # the verdict's own lines: always, once the wine settles
        Input(ids.PINNED, "data"),
        State(ids.PLAUSIBILITY, "className"),
        prevent_initial_call=True,
    )
    def update_lines(wine, pinned, shown_class):
        triggered = {key.rsplit(".", 1)[0] for key in ctx.triggered_prop_ids}
        return verdict_lines(ref, triggered, wine, pinned, shown_class)
