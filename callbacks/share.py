"""Shareable scenarios: the wine (and scenario A) in the URL's query string, restored when a link is opened.

    ?fa=6.9&va=0.28&...&al=10.5&c=w&A=r_8.3_0.53_..._10.4

Values are written on the slider's stops (a real test wine's extra digits are kept, e.g. density 0.99064), and
read back as written, so a link restores exactly the same wine and probabilities. The
query string is read once, when the page opens (dcc.Location); it is rewritten in place with
history.replaceState (assets/share.js) once a drag settles (THROTTLED_WINE), so
moving a slider adds no history entries and never re-triggers the restore. A link with bad values still
opens: they are ignored with a small notice.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from dash import ClientsideFunction, Input, Output, State, no_update

from components import ids
from components.controls import (
    default_wine,
    display_name,
    format_value,
    same_value,
    same_wine,
    slider_range,
    wine_request,
)
from model.loader import LoadedModel
from model.schema import COLOR

KEYS = {
    "fixed acidity": "fa", "volatile acidity": "va", "citric acid": "ca", "residual sugar": "rs",
    "chlorides": "cl", "free sulfur dioxide": "fs", "total sulfur dioxide": "ts", "density": "de",
    "pH": "ph", "sulphates": "su", "alcohol": "al",
}
COLOR_KEY, PINNED_KEY, PRESENT_KEY = "c", "A", "p"  # p=1: open in presentation mode
COLOR_CODES = {"white": "w", "red": "r"}
COLOR_NAMES = {"w": "white", "white": "white", "r": "red", "red": "red"}
SEPARATOR = "_"  # between the colour and values of scenario A
LINK_LABEL = "The wine from a shared link"
MAX_FIELDS = 64


@dataclass(frozen=True)
class Scenario:
    """What a query string holds: the wine (None if it names none), scenario A, and what could not be read."""

    wine: dict | None = None
    pinned: dict | None = None
    problems: tuple[str, ...] = field(default=())


def _short(value: float, feature: Mapping) -> str:
    """The shortest exact text: a value on its slider stop to the slider's step ('0.994', '35'), any other
    value (a test wine's density 0.99064) in full."""
    text = format_value(value, feature)
    if not same_value(float(text), value):
        return repr(float(value))
    return text.rstrip("0").rstrip(".") if "." in text else text


def encode_pinned(wine: Mapping, features: Sequence[Mapping]) -> str:
    return SEPARATOR.join([COLOR_CODES[wine[COLOR]], *(_short(wine[f["name"]], f) for f in features)])


def scenario_search(wine: Mapping, pinned: Mapping | None, features: Sequence[Mapping], presenting: bool = False) -> str:
    """The query string ('?...') for the wine on the sliders, scenario A if pinned, and presentation mode if on."""
    params = {KEYS[f["name"]]: _short(wine[f["name"]], f) for f in features} | {COLOR_KEY: COLOR_CODES[wine[COLOR]]}
    if pinned:
        params[PINNED_KEY] = encode_pinned(pinned, features)
    if presenting:
        params[PRESENT_KEY] = "1"
    return "?" + urlencode(params, safe=SEPARATOR)


def presentation_from_link(search: str | None):
    """The presentation switch's value a link asks for (p=1 on, p=0 off), or no_update when it says nothing."""
    try:
        flag = parse_qs(str(search or "").lstrip("?"), max_num_fields=MAX_FIELDS).get(PRESENT_KEY, [None])[0]
    except ValueError:
        return no_update
    return {"1": ["on"], "0": []}.get(flag, no_update)


def parse_value(text: str, feature: Mapping) -> float | None:
    """A measurement from the URL, as written; None when it is not a number within the slider's range."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    lo, hi = slider_range(feature)
    if not math.isfinite(value) or not lo <= value <= hi:
        return None
    return value


def decode_pinned(text: str, features: Sequence[Mapping]) -> dict | None:
    parts = text.split(SEPARATOR)
    if len(parts) != len(features) + 1 or parts[0].lower() not in COLOR_NAMES:
        return None
    values = [parse_value(p, f) for p, f in zip(parts[1:], features)]
    if any(v is None for v in values):
        return None
    return {f["name"]: v for f, v in zip(features, values)} | {COLOR: COLOR_NAMES[parts[0].lower()]}


def decode_scenario(search: str | None, features: Sequence[Mapping]) -> Scenario:
    """The scenario in a query string. Keys that are not ours are ignored; ours with bad values are reported."""
    if not isinstance(search, str):
        return Scenario()
    try:
        params = parse_qs(search.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more fields than any link of ours has
        return Scenario(problems=("the link",))
    wine_keys = [KEYS[f["name"]] for f in features] + [COLOR_KEY]
    problems, wine, pinned = [], None, None
    if any(k in params for k in wine_keys):
        color = COLOR_NAMES.get(params.get(COLOR_KEY, ["white"])[0].lower())
        if color is None:
            problems.append("colour")
        wine = default_wine(list(features), color or "white")
        for f in features:
            if KEYS[f["name"]] in params:
                value = parse_value(params[KEYS[f["name"]]][0], f)
                if value is None:
                    problems.append(display_name(f["name"]))
                else:
                    wine[f["name"]] = value
    if PINNED_KEY in params:
        pinned = decode_pinned(params[PINNED_KEY][0], features)
        if pinned is None:
            problems.append("scenario A")
    return Scenario(wine, pinned, tuple(problems))


def notice_text(problems: Sequence[str]) -> str:
    return f"Part of this link could not be read and was left out: {', '.join(problems)}."


def restore_outputs(features: Sequence[Mapping], search: str | None, current: Mapping | None, pinned: Mapping | None):
    """Request for the linked wine, scenario A, and the notice, each only when the link changes something."""
    scenario = decode_scenario(search, features)
    request = no_update
    if scenario.wine and not same_wine(scenario.wine, current, features):
        request = wine_request(scenario.wine, LINK_LABEL)
    new_pin = scenario.pinned if scenario.pinned and not same_wine(scenario.pinned, pinned, features) else no_update
    if scenario.problems:
        return request, new_pin, notice_text(scenario.problems), "url-notice"
    return request, new_pin, no_update, no_update


def register(app, model: LoadedModel) -> None:
    features = model.features

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Output(ids.PINNED, "data", allow_duplicate=True),
        Output(ids.URL_NOTICE, "children"),
        Output(ids.URL_NOTICE, "className"),
        Input(ids.URL, "search"),
        State(ids.CURRENT_WINE, "data"),
        State(ids.PINNED, "data"),
        prevent_initial_call=True,
    )
    def restore_from_link(search, current, pinned):
        return restore_outputs(features, search, current, pinned)

    @app.callback(Output(ids.PRESENT, "value"), Input(ids.URL, "search"), prevent_initial_call=True)
    def present_from_link(search):
        return presentation_from_link(search)

    @app.callback(
        Output(ids.SHARE_SEARCH, "data"),
        Input(ids.THROTTLED_WINE, "data"),
        Input(ids.PINNED, "data"),
        Input(ids.PRESENT, "value"),
        prevent_initial_call=True,
    )
    def write_link(wine, pinned, present):
        return scenario_search(wine, pinned, features, bool(present))

    # in the browser: replace the address bar's query string; copy the address to the clipboard
    app.clientside_callback(ClientsideFunction("share", "writeUrl"), Input(ids.SHARE_SEARCH, "data"))
    app.clientside_callback(
        ClientsideFunction("share", "copyLink"),
        Output(ids.COPY_STATUS, "children"),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
