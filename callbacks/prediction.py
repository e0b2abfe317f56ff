"""The one pattern-matching callback: every slider and the colour -> the probability bars (a Patch), the
CURRENT_WINE store (the page's one source of truth) and the PREDICTION store, whose texts and classes the browser
puts on the page (assets/live.js). Every other panel follows the settled wine, each through its own store (or, for
the sensitivity charts, a live route) and only while it is on screen (THROTTLED_WINE, WHY_WINE, COMPARE_WINE: the
flow is described at the top of assets/whatif.js).

The live path (assets/live.js): while a slider is pressed or clicked, the browser posts the wine the sliders
show to LIVE_BARS, which scores it with the same preloaded model and answers what the callback's Patch would set
on the bars; mid-drag it posts to LIVE_DRAG the wine with the page's WINE_REQUEST and POLICY stores, which answers
the bars and the PREDICTION store this callback would write (scored_view), so the verdict follows the thumb with
no round through Dash's renderer. The browser draws those at once, one request in flight at a time. The callback
stays authoritative: a committed value (key press, mouse-up, preset, link) runs it and its Patch redraws the bars
with the same numbers, and keeps the stores, panels and link in step.

A burst of keys is driven like a drag: while a slider's keys come less than BURST_MS apart, assets/live.js sets
KEY_BURST to "hold", and the callback lets those commits pass (the live path has drawn their bars and painted their
verdict, as a drag's); once the keys pause it sets it back to "off", which commits the final wine (bars, stores and
every panel after them)."""
from __future__ import annotations

import json

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

import numpy as np
from plotly.io.json import to_json_plotly

from callbacks.live_route import live_route, read_drag
from callbacks.policy import decision_outputs, policy_of, verdict_decision
from components import ids
from components.figures import bar_style, probability_patch
from components.controls import display_name, format_value, slider_range, unit_of
from components.glass import view_class
from components.verdict import beyond_sliders, summary, verdict
from model.loader import LoadedModel
from model.predict import WineInputError, canonical_wine, predict
from model.schema import COLOR

COMMIT, TICK, PASS = "commit", "tick", "pass"  # what one run of the slider callback does (run_kind)
BURST_OFF, BURST_HOLD = "off", "hold"  # KEY_BURST's values (assets/live.js)
NOTICE_SHOWN, NOTICE_HIDDEN = "notice input-notice", "notice input-notice hidden"
LIVE_BARS = "_live/bars"  # under Dash's routes prefix, like _dash-update-component
LIVE_DRAG = "_live/drag"  # mid-drag: the bars and the verdict
POLICY_CHANGED = f"{ids.POLICY}.data"  # as Dash names the trigger


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


def verdict_view(result: dict, color: str, source: str | None, truth: dict | None) -> dict:
    """The PREDICTION store: the verdict's texts and classes, which assets/live.js puts on the page, and the
    probabilities they were written from."""
    bucket = result["bucket"]
    return {"view": view_class(color, bucket), "bucket": bucket, "verdict": verdict(result, color, source, truth),
            "summary": summary(result), "notice": "", "notice_class": NOTICE_HIDDEN,
            "probabilities": result["probabilities"]}  # the verdict's decision under a cost policy reads them


def scored_view(model: LoadedModel, wine: dict, request: dict | None, policy: dict | None,
                new_policy: bool = False) -> tuple[list, dict]:
    """`wine` scored -> its probabilities (in model.classes order) and the PREDICTION store; under a cost policy
    other than zero-one (the POLICY store's `policy`) the store also holds the verdict's decision line and its
    class, from the same probabilities, so the line follows the wine in the same answer (no second round, no
    second scoring). Under zero-one costs the line stays hidden, and is written (hidden) only when the policy has
    just changed (`new_policy`). WineInputError if the wine cannot be scored."""
    result = predict(model, wine)[0]
    source, truth = provenance(request, wine)
    result["beyond_sliders"] = beyond_sliders(wine, model.features)  # the verdict flags what the sliders cannot reach
    proba = [result["probabilities"][c] for c in model.classes]
    view = verdict_view(result, wine[COLOR], source, truth)
    rule = policy_of(policy)
    if new_policy or not rule.is_zero_one:  # under zero-one costs a new wine changes nothing in the hidden line
        view["decision"] = list(verdict_decision(rule, np.array([proba], dtype=float)))
    return proba, view


def prediction_outputs(model: LoadedModel, values: list, slider_ids: list[dict], color: str, request: dict | None,
                       policy: dict | None = None, new_policy: bool = False):
    """Bar patch, current wine and the PREDICTION store (scored_view). A value that cannot be scored (an emptied
    or absurd number box) changes nothing but the notice."""
    wine = wine_from_controls(values, slider_ids, color)
    try:
        proba, view = scored_view(model, wine, request, policy, new_policy)
    except WineInputError as error:
        return no_update, no_update, {"notice": input_problem(model, error), "notice_class": NOTICE_SHOWN}
    return probability_patch(proba), wine, view


def live_bars(model: LoadedModel, wine) -> dict:
    """What the callback's Patch sets on the bars for `wine` (heights, labels, colours, outline, tick labels),
    from the same model function; assets/live.js draws it on a key press and a click."""
    result = predict(model, wine)[0]
    return bar_style([result["probabilities"][c] for c in model.classes])


def live_drag(model: LoadedModel, wine: dict, request: dict | None, policy: dict | None) -> dict:
    """Mid-drag, one answer from one scoring: the bars' style (live_bars) and the PREDICTION store the callback
    would write for `wine` (scored_view, with the page's WINE_REQUEST and POLICY stores), as JSON; assets/live.js
    draws the bars and puts the verdict's texts on the page (assets/verdict_paint.js)."""
    proba, view = scored_view(model, canonical_wine(wine), request, policy)
    return {"bars": bar_style(proba), "view": json.loads(to_json_plotly(view))}


def run_kind(trigger, burst, new_policy: bool = False) -> str:
    """What a run of the slider callback does: TICK scores the values without the bars (a new policy, for the
    verdict's decision), PASS changes nothing (a key in a burst: the live path has drawn its bars and painted its
    verdict), COMMIT scores and sends the bars too. `trigger` is what changed besides the policy (ids.POLICY when
    nothing else did); `new_policy` says the policy changed too, so the run scores at least. A colour flip always
    commits; anything but BURST_HOLD is no burst."""
    if trigger == ids.COLOR:
        return COMMIT
    if trigger == ids.POLICY:
        return TICK
    if burst == BURST_HOLD:
        return TICK if new_policy else PASS
    return COMMIT


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.PROBA_GRAPH, "figure"),
        Output(ids.CURRENT_WINE, "data"),
        Output(ids.PREDICTION, "data"),
        Input(ids.slider(ALL), "value"),
        Input(ids.COLOR, "value"),
        Input(ids.KEY_BURST, "data"),
        Input(ids.POLICY, "data"),  # the verdict's decision is written here only: from this wine, under this policy
        State(ids.slider(ALL), "id"),
        State(ids.WINE_REQUEST, "data"),
        prevent_initial_call=True,
    )
    def update_prediction(values, color, burst, policy, slider_ids, request):
        changed = ctx.triggered_prop_ids  # {"id.prop": id}: a new policy may come in the same round as a key
        new_policy = POLICY_CHANGED in changed
        kind = run_kind(next((c for p, c in changed.items() if p != POLICY_CHANGED), ids.POLICY), burst, new_policy)
        if kind == PASS:
            raise PreventUpdate
        bars, wine, view = prediction_outputs(model, values, slider_ids, color, request, policy, new_policy)
        return (bars if kind == COMMIT else no_update), wine, view  # otherwise the live path draws the bars

    live_route(app, LIVE_BARS, lambda wine: live_bars(model, wine))
    live_route(app, LIVE_DRAG, lambda body: live_drag(model, **body), read=read_drag)

    # in the browser: what the verdict is written from besides the wine, for the drag's live answers (LIVE_DRAG)
    app.clientside_callback(ClientsideFunction("live", "context"), Input(ids.WINE_REQUEST, "data"),
                            Input(ids.POLICY, "data"))

    # in the browser: the PREDICTION store -> glass, verdict, phone summary, notice and the verdict's decision
    app.clientside_callback(
        ClientsideFunction("live", "render"),
        Output(ids.WINE_VIEW, "className"),
        Output(ids.GLASS_LABEL, "children"),
        Output(ids.VERDICT, "children"),
        Output(ids.SUMMARY_MAIN, "children"),
        Output(ids.INPUT_NOTICE, "children"),
        Output(ids.INPUT_NOTICE, "className"),
        *decision_outputs(),  # their one writer: the PREDICTION store, from the wine and the policy
        Input(ids.PREDICTION, "data"),
        State(ids.CURRENT_WINE, "data"),  # -> THROTTLED_WINE once the drag settles (assets/whatif.js)
        prevent_initial_call=True,
    )
