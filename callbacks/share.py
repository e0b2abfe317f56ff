"""Shareable scenarios, the glue: restore the wine and scenario A from the link when the page opens, and keep the
address bar on the current scenario (model/scenario.py encodes and decodes; assets/share.js writes the address).

The query string is read once, when the page opens (dcc.Location); it is rewritten in place with
history.replaceState, once a drag settles (THROTTLED_WINE), so moving a slider adds no
history entries and never re-triggers the restore.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from dash import ClientsideFunction, Input, Output, State, no_update

from callbacks.policy import policy_of
from components import ids
from components.controls import display_name, format_value, slider_range, unit_of, wine_request
from model.loader import LoadedModel
from model.scenario import decode_scenario, key_of, movable_in, presentation_in, same_wine, scenario_search

LINK_LABEL = "The wine from a shared link"


def presentation_from_link(search: str | None):
    """The presentation switch's value a link asks for (p=1 on, p=0 off), or no_update when it says nothing."""
    flag = presentation_in(search)
    return no_update if flag is None else (["on"] if flag else [])


def notice_text(problems: Sequence[str], search: str | None = None, features: Sequence[Mapping] = ()) -> str:
    """What was left out of a link, and why: a number outside a slider's range is said to be so, not unreadable."""
    try:
        params = parse_qs(str(search or "").lstrip("?"), max_num_fields=64)
    except ValueError:
        params = {}
    beyond, unread = [], []
    for problem in problems:
        feature = next((f for f in features if display_name(f["name"]) == problem), None)
        text = params.get(key_of(feature), [""])[0] if feature else ""
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if feature and math.isfinite(number):
            lo, hi = slider_range(feature)
            beyond.append(f"{problem} {text} is outside the slider's {format_value(lo, feature)} to "
                          f"{format_value(hi, feature)} {unit_of(feature)}".rstrip())
        else:
            unread.append(problem)
    parts = ([f"{'; '.join(beyond)}, so it was left out."] if beyond else []) + (
        [f"Part of this link could not be read and was left out: {', '.join(unread)}."] if unread else [])
    return " ".join(parts)


def restore_outputs(features: Sequence[Mapping], search: str | None, current: Mapping | None, pinned: Mapping | None):
    """Request for the linked wine, scenario A, and the notice, each only when the link changes something."""
    scenario = decode_scenario(search, features)
    request = no_update
    if scenario.wine and not same_wine(scenario.wine, current, features):
        request = wine_request(scenario.wine, LINK_LABEL)
    new_pin = scenario.pinned if scenario.pinned and not same_wine(scenario.pinned, pinned, features) else no_update
    if scenario.problems:
        return request, new_pin, notice_text(scenario.problems, search, features), "url-notice"
    return request, new_pin, no_update, no_update


def register(app, model: LoadedModel) -> None:
    features = model.features

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Output(ids.PINNED, "data", allow_duplicate=True),
        Output(ids.URL_NOTICE, "children"),
        Output(ids.URL_NOTICE, "className"),
        Output(ids.THROTTLED_WINE, "data", allow_duplicate=True),
        Input(ids.URL, "search"),
        State(ids.CURRENT_WINE, "data"),
        State(ids.PINNED, "data"),
        prevent_initial_call=True,
    )
    def restore_from_link(search, current, pinned):
        # the linked wine goes to THROTTLED_WINE at once too: write_link (and the what-if panels) wait for this
        # callback, so the address bar is never rewritten with the page's first wine while a link is restored
        request, new_pin, notice, notice_class = restore_outputs(features, search, current, pinned)
        return request, new_pin, notice, notice_class, no_update if request is no_update else request["wine"]

    @app.callback(Output(ids.PRESENT, "value"), Input(ids.URL, "search"), prevent_initial_call=True)
    def present_from_link(search):
        return presentation_from_link(search)

    @app.callback(Output(ids.MOVABLE, "value"), Input(ids.URL, "search"), prevent_initial_call=True)
    def movable_from_link(search):
        movable = movable_in(search, features)
        return no_update if movable is None else movable

    @app.callback(
        Output(ids.SHARE_SEARCH, "data"),
        Input(ids.THROTTLED_WINE, "data"),
        Input(ids.PINNED, "data"),
        Input(ids.PRESENT, "value"),
        Input(ids.MOVABLE, "value"),
        Input(ids.POLICY, "data"),
        prevent_initial_call=True,
    )
    def write_link(wine, pinned, present, movable, policy):
        return scenario_search(wine, pinned, features, bool(present), movable, policy_of(policy))

    # in the browser: the wine THROTTLED_WINE holds, so that the same wine is not sent to it again as it settles
    # (assets/whatif.js): a link's wine, restored above, reaches its panels once
    app.clientside_callback(ClientsideFunction("whatif", "held"), Input(ids.THROTTLED_WINE, "data"),
                            prevent_initial_call=True)

    # in the browser: replace the address bar's query string; copy the address to the clipboard
    app.clientside_callback(ClientsideFunction("share", "writeUrl"), Input(ids.SHARE_SEARCH, "data"))
    app.clientside_callback(
        ClientsideFunction("share", "copyLink"),
        Output(ids.COPY_STATUS, "children"),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
