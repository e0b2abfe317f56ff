"""A vs B: pin the wine on the sliders as A, compare it with the current wine (B), load A back or clear it."""
from __future__ import annotations

from collections.abc import Mapping

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update

from callbacks.prediction import wine_from_controls
from components import ids
from components.static import freeze
from components.compare import diff_table, pinned_bars, pinned_line, scenario_head
from components.controls import wine_request
from components.figures import figure_scale, probability_bars, probability_patch
from model.loader import LoadedModel
from model.predict import predict

A_LABEL = "Scenario A"
HIDDEN = "card compare hidden"


def pinned_after(trigger, wine: Mapping):
    """The new scenario A: the current wine on 'Pin as A', nothing on 'Clear A'."""
    return dict(wine) if trigger == ids.PIN_BUTTON else None


def card_outputs(model: LoadedModel, wine: Mapping, pinned: Mapping | None, presenting: bool):
    """Card class, A and B headings, A and B bars, the table of differences."""
    if not pinned:
        return HIDDEN, None, None, no_update, no_update, None
    a, b = predict(model, [pinned, wine])
    scale = figure_scale(presenting)
    return (
        "card compare",
        scenario_head("A · pinned", a, pinned["color"]),
        scenario_head("B · on the sliders", b, wine["color"]),
        probability_bars([a["probabilities"][c] for c in model.classes], model.classes, scale),
        probability_bars([b["probabilities"][c] for c in model.classes], model.classes, scale),
        diff_table(pinned, wine, model.features),
    )


def line_outputs(model: LoadedModel, wine: Mapping, pinned: Mapping | None):
    """The line under the verdict about A (children, class)."""
    if not pinned:
        return None, "pinned-line hidden"
    a, b = predict(model, [pinned, wine])
    return pinned_line(a, b), "pinned-line"


def text_update(model: LoadedModel, trigger, wine: Mapping, pinned: Mapping | None):
    """The card's class, headings and table of differences (its words, apart from its two charts)."""
    if not pinned and trigger == ids.COMPARE_WINE:
        return (no_update,) * 4  # the card stays hidden: nothing for the page to render
    css, a_head, b_head, _, _, diff = card_outputs(model, wine, pinned, False)
    return css, a_head, b_head, diff


def bars_update(model: LoadedModel, trigger, wine: Mapping, pinned: Mapping | None, presenting: bool, patch_on=None):
    """One of the card's bar charts for `wine` (A's: the pinned wine; B's: the wine on the sliders): a Patch of its
    bars when `trigger` is `patch_on` (only the wine changed), else a whole figure at the mode's scale."""
    if not pinned:
        return no_update
    proba = [predict(model, wine)[0]["probabilities"][c] for c in model.classes]
    if patch_on is not None and trigger == patch_on:
        return probability_patch(proba, model.classes)
    return probability_bars(proba, model.classes, figure_scale(presenting))


def card_update(model: LoadedModel, trigger, wine: Mapping, pinned: Mapping | None, presenting: bool):
    """The card in one answer (its words, A's chart, B's chart): a new wine sends the words and a Patch of B only;
    presentation mode redraws the two charts; nothing at all while the card stays hidden."""
    words = (no_update,) * 4 if trigger == ids.PRESENT else text_update(model, trigger, wine, pinned)
    words = tuple(freeze(w) for w in words)  # rewritten on every settle: as few components (components/static.py)
    a = no_update if trigger == ids.COMPARE_WINE else bars_update(model, trigger, pinned, pinned, presenting)
    return (*words, a, bars_update(model, trigger, wine, pinned, presenting, patch_on=ids.COMPARE_WINE))


def line_update(model: LoadedModel, trigger, wine: Mapping, pinned: Mapping | None):
    """`line_outputs`, or nothing when only the wine changed and no A is pinned (the line is already hidden)."""
    if not pinned and trigger != ids.PINNED:
        return no_update, no_update
    return line_outputs(model, wine, pinned)


def compare_outputs(model: LoadedModel, wine: Mapping, pinned: Mapping | None, presenting: bool):
    """The card's outputs, then the line's: what the page shows about A for `wine`."""
    return card_outputs(model, wine, pinned, presenting) + line_outputs(model, wine, pinned)


def pinned_bars_patch(model: LoadedModel, pinned: Mapping | None, presenting: bool):
    """The verdict's bars with A's dotted outlines beside them (or without, when nothing is pinned)."""
    if not pinned:
        return pinned_bars(None)
    a = predict(model, pinned)[0]
    return pinned_bars([a["probabilities"][c] for c in model.classes], figure_scale(presenting))


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.PINNED, "data"),
        Input(ids.PIN_BUTTON, "n_clicks"),
        Input(ids.CLEAR_A_BUTTON, "n_clicks"),
        State(ids.slider(ALL), "value"),
        State(ids.slider(ALL), "id"),
        State(ids.COLOR, "value"),
        prevent_initial_call=True,
    )
    def pin(_pin, _clear, values, slider_ids, color):
        # the wine the sliders show at the click, not CURRENT_WINE: a key pressed just before may still be scored
        return pinned_after(ctx.triggered_id, wine_from_controls(values, slider_ids, color))

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Input(ids.LOAD_A_BUTTON, "n_clicks"),
        State(ids.PINNED, "data"),
        prevent_initial_call=True,
    )
    def load_a(n_clicks, pinned):
        return wine_request(pinned, A_LABEL, nonce=n_clicks) if pinned else no_update

    @app.callback(
        Output(ids.COMPARE, "className"),
        Output(ids.COMPARE_A_HEAD, "children"),
        Output(ids.COMPARE_B_HEAD, "children"),
        Output(ids.COMPARE_DIFF, "children"),
        Output(ids.COMPARE_A_GRAPH, "figure"),
        Output(ids.COMPARE_B_GRAPH, "figure"),
        Input(ids.COMPARE_WINE, "data"),  # the settled wine, once the card is on screen (assets/whatif.js)
        Input(ids.PINNED, "data"),
        Input(ids.PRESENT, "value"),
        prevent_initial_call=True,
    )
    def compare(wine, pinned, present):
        return card_update(model, ctx.triggered_id, wine, pinned, bool(present))

    # in the browser: B's words came; hidden while stale, B shows again if it is the newest wine (assets/whatif.js: a
    # panel off screen as the wine changed)
    app.clientside_callback(ClientsideFunction("whatif_answered", "compare"), Input(ids.COMPARE_B_HEAD, "children"),
                            prevent_initial_call=True)

    # the line about A under the verdict: in the guard's answer (callbacks/guard.py), on the same settled wine

    # A beside the verdict's bars; again after presentation mode redraws them (it sets the page's class)
    @app.callback(
        Output(ids.PROBA_GRAPH, "figure", allow_duplicate=True),
        Input(ids.PINNED, "data"),
        Input(ids.APP_SHELL, "className"),
        prevent_initial_call=True,
    )
    def pinned_on_bars(pinned, shell_class):
        return pinned_bars_patch(model, pinned, "presenting" in (shell_class or ""))
