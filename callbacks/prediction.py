"""The one pattern-matching callback: every slider and the colour -> probabilities, glass, verdict and the
CURRENT_WINE store, which everything else that follows the wine listens to (A vs B, "make it good") or its
throttled copy (sensitivity, plausibility guard, link; see callbacks/sensitivity.py)."""
from __future__ import annotations

from dash import ALL, Input, Output, State, no_update

from components import ids
from components.figures import probability_patch
from components.controls import display_name, format_value, slider_range, unit_of
from components.glass import view_class
from components.verdict import summary, verdict
from model.loader import LoadedModel
from model.predict import WineInputError, predict
from model.schema import COLOR


def wine_from_controls(values: list[float], slider_ids: list[dict], color: str) -> dict:
    """The wine the controls show, keyed by UCI name plus 'color'."""
    return {i["name"]: v for i, v in zip(slider_ids, values)} | {COLOR: color}


def provenance(request: dict | None, wine: dict) -> tuple[str | None, dict | None]:
    """What to call the wine shown and, while it is still exactly the loaded test wine, its true bucket."""
    if not request:
        return None, None
    if request["wine"] == wine:
        return request["label"], request.get("truth")
    return f"Edited from {request['label'][0].lower()}{request['label'][1:]}", None


def input_problem(model: LoadedModel, error: WineInputError) -> str:
    """A typed value that cannot be scored, in the page's words."""
    feature = next((f for f in model.features if f["name"] == error.field), None)
    if feature is None:
        return f"This wine cannot be scored ({error.reason}); the last verdict stays on screen."
    lo, hi = slider_range(feature)
    return (f"{display_name(feature['name'])}: type a number from {format_value(lo, feature)} to "
            f"{format_value(hi, feature)} {unit_of(feature)}".rstrip() + ". The last verdict stays on screen.")


def prediction_outputs(model: LoadedModel, values: list[float], slider_ids: list[dict], color: str, request: dict | None):
    """Bar patch, wrapper class, glass badge, verdict, phone summary, current wine and input notice (+ class).

    A value that cannot be scored (an emptied or absurd number box) changes nothing but the notice."""
    wine = wine_from_controls(values, slider_ids, color)
    try:
        result = predict(model, wine)[0]
    except WineInputError as error:
        return (no_update,) * 6 + (input_problem(model, error), "notice input-notice")
    source, truth = provenance(request, wine)
    proba = [result["probabilities"][c] for c in model.classes]
    bucket = result["bucket"]
    return (probability_patch(proba), view_class(color, bucket), bucket, verdict(result, color, source, truth),
            summary(result), wine, "", "notice input-notice hidden")


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.PROBA_GRAPH, "figure"),
        Output(ids.WINE_VIEW, "className"),
        Output(ids.GLASS_LABEL, "children"),
        Output(ids.VERDICT, "children"),
        Output(ids.SUMMARY, "children"),
        Output(ids.CURRENT_WINE, "data"),
        Output(ids.INPUT_NOTICE, "children"),
        Output(ids.INPUT_NOTICE, "className"),
        Input(ids.slider(ALL), "value"),
        Input(ids.COLOR, "value"),
        State(ids.slider(ALL), "id"),
        State(ids.WINE_REQUEST, "data"),
        prevent_initial_call=True,
    )
    def update_prediction(values, color, slider_ids, request):
        return prediction_outputs(model, values, slider_ids, color, request)
