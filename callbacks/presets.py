"""Wines to load into the controls: the average wine and a random test wine, via the WINE_REQUEST store."""
from __future__ import annotations

import time

import numpy as np
from dash import ALL, Input, Output, State, ctx, no_update

from components import ids
from components.controls import AVERAGE_LABEL, TEST_WINE_LABEL, default_wine, same_wine, slider_range, wine_request
from components.verdict import colour_note
from model.loader import LoadedModel
from model.reference import scored_test_set
from model.predict import predict
from model.schema import COLOR, MEASUREMENT_NAMES


def average_wine(model: LoadedModel, color: str, nonce: int = 0) -> dict:
    """A request for the mean wine of `color`."""
    return wine_request(default_wine(model.features, color), AVERAGE_LABEL.format(color=color), nonce=nonce,
                        preset=True)


def held_out_wine(model: LoadedModel, position: int, nonce: int = 0) -> dict:
    """A request for the test wine at `position`, with the tasters' bucket and score."""
    ts = scored_test_set(model)
    row = ts.X.iloc[position]
    color = "red" if int(row[COLOR]) == 1 else "white"
    wine = {name: float(row[name]) for name in MEASUREMENT_NAMES} | {COLOR: color}
    truth = {"bucket": model.classes[int(ts.y[position])], "quality": int(ts.quality[position])}
    return wine_request(wine, TEST_WINE_LABEL.format(row=ts.X.index[position], color=color), truth, nonce,
                        preset=True)


def random_test_wine(model: LoadedModel, color: str, rng: np.random.Generator, nonce: int = 0) -> dict:
    """A request for a test wine of `color`, drawn with `rng`."""
    return held_out_wine(model, int(rng.choice(np.flatnonzero(scored_test_set(model).mask(color)))), nonce)


def controls_from_request(request: dict, slider_ids: list[dict], features: list[dict]) -> tuple[list[float], str]:
    """Slider values (in the order of `slider_ids`) and colour for a request; values clamped to the sliders."""
    ranges = {f["name"]: slider_range(f) for f in features}
    wine = request["wine"]
    values = [min(max(wine[i["name"]], ranges[i["name"]][0]), ranges[i["name"]][1]) for i in slider_ids]
    return values, wine[COLOR]


def colour_flip(model: LoadedModel, color: str, request: dict | None, values: list[float], slider_ids: list[dict],
                nonce: int = 0):
    """After the colour switch changes: the other colour's average wine when the sliders still hold an unedited
    preset; else the same measurements, and a note of how the model's answer changed (request, note)."""
    if not request or request["wine"][COLOR] == color:  # a wine was loaded with its colour: nothing to say
        return no_update, ""
    wine = {i["name"]: v for i, v in zip(slider_ids, values)}
    if request.get("preset") and same_wine(wine | {COLOR: request["wine"][COLOR]}, request["wine"], model.features):
        return average_wine(model, color, nonce), ""
    before, after = predict(model, [wine | {COLOR: request["wine"][COLOR]}, wine | {COLOR: color}])
    return no_update, colour_note(before, after, color)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.WINE_REQUEST, "data"),
        Input(ids.AVERAGE_BUTTON, "n_clicks"),
        Input(ids.RANDOM_BUTTON, "n_clicks"),
        State(ids.COLOR, "value"),
        prevent_initial_call=True,
    )
    def load_preset(average_clicks, random_clicks, color):
        if ctx.triggered_id == ids.RANDOM_BUTTON:
            return random_test_wine(model, color, np.random.default_rng(), nonce=random_clicks)
        return average_wine(model, color, nonce=average_clicks)

    @app.callback(
        Output(ids.slider(ALL), "value"),
        Output(ids.COLOR, "value"),
        Input(ids.WINE_REQUEST, "data"),
        State(ids.slider(ALL), "id"),
        prevent_initial_call=True,
    )
    def apply_request(request, slider_ids):
        return controls_from_request(request, slider_ids, model.features)

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Output(ids.COLOR_NOTE, "children"),
        Input(ids.COLOR, "value"),
        State(ids.WINE_REQUEST, "data"),
        State(ids.slider(ALL), "value"),
        State(ids.slider(ALL), "id"),
        prevent_initial_call=True,
    )
    def flip_colour(color, request, values, slider_ids):
        return colour_flip(model, color, request, values, slider_ids, time.time_ns())
