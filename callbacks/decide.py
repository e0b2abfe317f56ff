"""Decisions under costs, on the page. A policy change (a preset, a typed cost, the taster or its fee) is ONE
callback of the test set and ONE answer, with only what changed: the boxes (for a preset), the POLICY store, the
refusal line, the scores' texts in their cells, the summary in words, the listed cell's wines, and the charts'
new numbers in the DECIDE_DRAW store: the heatmap's cells, the policy's dots on the decision charts, and the
coverage lines only when the costs changed (never the ROC/PR curves). assets/decide.js draws those one part per
animation frame, so no Plotly redraw shares a task with the answer or with another. Nothing else listens to the
editor; the POLICY store is read by the link and by the slider callback. The heatmap's mode and filter go through
the same callback, so its cells have one writer (the listed cell's outline, callbacks/confusion.py, sends them
too).
The verdict's decision has one writer too: the slider callback (callbacks/prediction.py puts it in the PREDICTION
store, from the wine's probabilities it has just computed), which takes the POLICY store as an input. A new
policy is one light second answer there (the store, no figure); a new wine carries its decision in its own
answer. A link that brings a wine and costs together once showed the decision for the page's first wine: each
of two writers saw half of the change.

Reading and writing the policy: callbacks/policy.py; the rule itself: model/decision.py."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.confusion import confusion_draw
from callbacks.drilldown import drill_under
from callbacks.policy import link_inputs, policy_from_inputs, policy_of, preset_values
from components import ids
from components.confusion_panel import SCORE_IDS
from components.decide import PRESETS, decision_draws, summary_text
from model.decision import test_set_report
from model.loader import LoadedModel
from model.reference import scored_test_set
from model.scenario import policy_in

DRILL_OUTPUTS = (Output(ids.DRILL_CELL, "data", allow_duplicate=True),
                 Output(ids.DRILL, "className", allow_duplicate=True),
                 Output(ids.DRILL_BODY, "children", allow_duplicate=True),
                 Output(ids.DRILL_PREV, "disabled", allow_duplicate=True),
                 Output(ids.DRILL_NEXT, "disabled", allow_duplicate=True),
                 Output(ids.DRILL_PICK, "value", allow_duplicate=True))


def preset_of(trigger) -> str | None:
    """The preset whose button was pressed, if that is what changed."""
    if isinstance(trigger, Mapping) and trigger.get("type") == ids.DECIDE_PRESET and trigger.get("name") in PRESETS:
        return trigger["name"]
    return None


def policy_change(model: LoadedModel, trigger, values: Sequence, cost_ids: Sequence[Mapping], refer_on, refer,
                  mode: str, color: str, page: Mapping, score_ids: Sequence[Mapping] = SCORE_IDS) -> dict:
    """Everything a change in the editor, or of the heatmap's mode or filter, changes on the page (see the module's
    docstring), no_update for the rest. `page` holds what the page shows: policy, error, cell; `score_ids` the
    scores table's figures, in the order their output lists them."""
    out = {key: no_update for key in ("boxes", "policy", "error", "summary", "draw")}
    out |= {"boxes": [no_update] * len(cost_ids), "scores": [no_update] * len(score_ids),
            "drill": (no_update,) * len(DRILL_OUTPUTS)}
    if trigger in (ids.CONFUSION_MODE, ids.CONFUSION_FILTER):  # the cells only, under the policy in force
        heat, out["scores"] = confusion_draw(model, mode, color, page.get("policy"), score_ids)
        return out | {"draw": {"heat": heat}}
    preset = preset_of(trigger)
    if preset:
        values = out["boxes"] = preset_values(preset, cost_ids)
    data, error = policy_from_inputs(values, cost_ids, refer_on, refer)
    if error != (page.get("error") or ""):
        out["error"] = error
    if data is no_update or data == page.get("policy"):
        return out  # refused, or the policy in force: nothing else changes
    policy, shown = policy_of(data), policy_of(page.get("policy"))
    ts = scored_test_set(model)
    report = test_set_report(ts.proba, ts.y, policy)
    heat, scores = confusion_draw(model, mode, color, data, score_ids)
    return out | {
        "policy": data, "scores": scores, "summary": summary_text(report["result"]),
        "draw": {"heat": heat} | decision_draws(report, lines=policy.costs != shown.costs),
        "drill": drill_under(model, page.get("cell"), color, data),
    }


def register(app, model: LoadedModel) -> None:
    @app.callback(
        output={"boxes": Output(ids.decide_cost(ALL, ALL), "value"), "policy": Output(ids.POLICY, "data"),
                "error": Output(ids.DECIDE_ERROR, "children"),
                "scores": Output(ids.class_score(ALL, ALL), "children"),
                "summary": Output(ids.DECIDE_SUMMARY, "children"), "draw": Output(ids.DECIDE_DRAW, "data"),
                "drill": DRILL_OUTPUTS},
        inputs={"mode": Input(ids.CONFUSION_MODE, "value"), "color": Input(ids.CONFUSION_FILTER, "value"),
                "presets": Input(ids.decide_preset(ALL), "n_clicks"),
                "values": Input(ids.decide_cost(ALL, ALL), "value"),
                "refer_on": Input(ids.DECIDE_REFER_ON, "value"), "refer": Input(ids.DECIDE_REFER, "value"),
                "cost_ids": State(ids.decide_cost(ALL, ALL), "id"),
                "score_ids": State(ids.class_score(ALL, ALL), "id"),
                "page": {"policy": State(ids.POLICY, "data"), "error": State(ids.DECIDE_ERROR, "children"),
                         "cell": State(ids.DRILL_CELL, "data")}},
        prevent_initial_call=True,
    )
    def update_test_set(mode, color, presets, values, refer_on, refer, cost_ids, score_ids, page):
        return policy_change(model, ctx.triggered_id, values, cost_ids, refer_on, refer, mode, color, page, score_ids)

    @app.callback(
        Output(ids.decide_cost(ALL, ALL), "value", allow_duplicate=True),
        Output(ids.DECIDE_REFER_ON, "value"),
        Output(ids.DECIDE_REFER, "value"),
        Input(ids.URL, "search"),
        State(ids.decide_cost(ALL, ALL), "id"),
        prevent_initial_call=True,
    )
    def policy_from_link(search, cost_ids):
        inputs = link_inputs(policy_in(search), cost_ids)
        if inputs is None:
            raise PreventUpdate
        return inputs

    # in the browser: the heatmap's and decision charts' new numbers, one part per animation frame
    app.clientside_callback(ClientsideFunction("decide", "draw"), Input(ids.DECIDE_DRAW, "data"),
                            prevent_initial_call=True)
