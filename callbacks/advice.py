""""Make it good": the button asks the model for its smallest change to good; Apply loads it into the sliders."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import Input, Output, State, ctx, no_update

from components import ids
from components.advice import suggestion_body
from components.controls import same_wine, wine_request
from model.counterfactual import make_it_good
from model.plausibility import plausibility
from model.schema import COLOR, named_wine
from model.whatif import TrainingWines

SUGGESTION_LABEL = "The model's suggestion"
HIDDEN = "suggestion hidden"


def suggest(ref: TrainingWines, wine: Mapping, movable: Sequence[str] | None = None):
    """Store data ({"base", "wine"}; "wine" None when there is nothing to apply), class and body for `wine`, moving
    only the `movable` measurements (all when None) and preferring a wine like real ones."""
    model = ref.model
    cf = make_it_good(ref, wine, movable=movable, prefer_plausible=True)
    target = named_wine(cf.wine, wine[COLOR]) if cf.found and cf.moves else None
    plaus = plausibility(ref, target) if target else None
    body = suggestion_body(cf, model.features, model.classes, wine[COLOR], plaus, movable)
    return {"base": dict(wine), "wine": target}, "suggestion" + (" can-apply" if target else ""), body


def follow(features, wine: Mapping, suggestion: Mapping | None):
    """When the wine on the sliders changes: 'applied' on the suggested wine, kept on the original, else cleared."""
    if not suggestion or same_wine(wine, suggestion["base"], features):
        return no_update, no_update, no_update
    if same_wine(wine, suggestion["wine"], features):
        return no_update, "suggestion applied", no_update
    return None, HIDDEN, None


def suggestion_outputs(ref: TrainingWines, trigger, wine: Mapping, suggestion: Mapping | None,
                       movable: Sequence[str] | None = None):
    if trigger == ids.MAKE_GOOD_BUTTON:
        return suggest(ref, wine, movable)
    return follow(ref.model.features, wine, suggestion)


def apply_request(suggestion: Mapping | None, nonce: int):
    """The request that puts the suggested wine on the sliders."""
    if not suggestion or not suggestion.get("wine"):
        return no_update
    return wine_request(suggestion["wine"], SUGGESTION_LABEL, nonce=nonce)


def register(app, ref: TrainingWines) -> None:
    @app.callback(
        Output(ids.SUGGESTION, "data"),
        Output(ids.SUGGESTION_VIEW, "className"),
        Output(ids.SUGGESTION_BODY, "children"),
        Input(ids.MAKE_GOOD_BUTTON, "n_clicks"),
        Input(ids.THROTTLED_WINE, "data"),  # once a drag settles
        State(ids.SUGGESTION, "data"),
        State(ids.MOVABLE, "value"),
        prevent_initial_call=True,
    )
    def update_suggestion(_clicks, wine, suggestion, movable):
        return suggestion_outputs(ref, ctx.triggered_id, wine, suggestion, movable)

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Input(ids.APPLY_BUTTON, "n_clicks"),
        State(ids.SUGGESTION, "data"),
        prevent_initial_call=True,
    )
    def apply_suggestion(n_clicks, suggestion):
        return apply_request(suggestion, n_clicks)
