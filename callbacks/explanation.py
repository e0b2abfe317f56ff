"""Why this verdict: the settled wine, once the panel is on screen (WHY_WINE, assets/whatif.js), and the chosen
bucket -> ranked contributions, from one exact explanation of the wine.

A new wine: the callback answers the words only; the chart's arrays come from the LIVE_WHY route, which the browser
draws with Plotly.update in a frame of its own, with the labels' margin measured there (no second draw by Plotly's
automargin, and no chart work inside the renderer's round). A new bucket sends a Patch of the bars' arrays; only
presentation mode, which changes the type and margins, sends a whole figure (a callback of its own)."""
from __future__ import annotations

from collections.abc import Mapping

from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from flask import request as http_request

from callbacks.live_route import live_route
from components import ids
from components.static import freeze
from components.explanation import chosen_bucket, explanation_text, pushes_for, why_for
from components.figures import figure_scale
from components.figures.explanations import contribution_patch, contribution_values
from model.loader import LoadedModel
from model.predict import wine_matrix
from model.schema import CLASSES

LIVE_WHY = "_live/why"  # under Dash's routes prefix, beside the live bars; ?bucket= as WHY_BUCKET's value


def _explained(model: LoadedModel, wine: Mapping, choice: str | None):
    explanation = model.explainer.explain(wine_matrix(wine))
    k = chosen_bucket(choice, explanation)
    pushes = pushes_for(explanation, k, wine, {f["name"]: f for f in model.features})
    return pushes, CLASSES[k], k == int(explanation.logits[0].argmax())


def why_outputs(model: LoadedModel, wine: Mapping, choice: str | None, presenting: bool = False,
                whole: bool = True, chart: bool = True):
    """The panel's figure (a Patch unless `whole`; nothing unless `chart`) and words for `wine`."""
    if whole:
        return why_for(model, wine, choice, figure_scale(presenting))
    pushes, bucket, predicted = _explained(model, wine, choice)
    return (contribution_patch(pushes, bucket) if chart else no_update), explanation_text(pushes, bucket, predicted)


def why_values(model: LoadedModel, wine: Mapping, choice: str | None) -> dict:
    """What the chart shows for `wine`: the arrays `contribution_patch` would set, for the browser to draw."""
    pushes, bucket, _ = _explained(model, wine, choice)
    return contribution_values(pushes, bucket)


def why_update(model: LoadedModel, triggered, wine: Mapping, choice: str | None) -> tuple:
    """The panel's outputs for the inputs that changed (`triggered`: their ids): a Patch of the bars' arrays for a
    new bucket, no figure for a new wine alone (the browser draws its numbers, LIVE_WHY); and the words."""
    chart, words = why_outputs(model, wine, choice, whole=False, chart=ids.WHY_BUCKET in triggered)
    return chart, freeze(words)  # rewritten on every settle: its text as a few components (components/static.py)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.WHY_GRAPH, "figure"),
        Output(ids.WHY_TEXT, "children"),
        Input(ids.WHY_WINE, "data"),
        Input(ids.WHY_BUCKET, "value"),
        prevent_initial_call=True,
    )
    def update_why(wine, choice):
        triggered = {key.rsplit(".", 1)[0] for key in ctx.triggered_prop_ids}
        return why_update(model, triggered, wine, choice)

    # presentation mode's whole figure, in a callback of its own: in one with the wine, an answer for a wine handed
    # over while this one was awaited (a presentation link) makes Dash's renderer drop this one's, figure and all.
    # Its numbers are the panel's wine's; the browser draws its newest over them (assets/whatif.js, charts.own).
    @app.callback(
        Output(ids.WHY_GRAPH, "figure", allow_duplicate=True),
        Input(ids.PRESENT, "value"),
        State(ids.WHY_WINE, "data"),
        State(ids.WHY_BUCKET, "value"),
        prevent_initial_call=True,
    )
    def present_why(present, wine, choice):
        return why_outputs(model, wine, choice, bool(present))[0]

    live_route(app, LIVE_WHY, lambda wine: why_values(model, wine, http_request.args.get("bucket")))

    # in the browser: the words came; hidden while stale, they show again if they are for the newest wine
    # (assets/whatif.js: a panel off screen as the wine changed)
    app.clientside_callback(ClientsideFunction("whatif_answered", "why"), Input(ids.WHY_TEXT, "children"),
                            prevent_initial_call=True)
