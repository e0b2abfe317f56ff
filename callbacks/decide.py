"""Decisions under costs, the glue: the cost editor and presets -> the POLICY store (the last valid policy stays
in force); the policy -> summary, coverage and ROC charts; the policy and the current wine -> the verdict's decision.
The rule itself is model/decision.py."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from dash import ALL, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from components import ids
from components.decide import DEFAULT_REFER, PRESETS, decision_line, decision_patches, summary_text
from components.figures import TASTER, percent_label
from model.decision import ZERO_ONE, Policy, PolicyError, decide, expected_costs, parse_policy, test_set_report
from model.loader import LoadedModel
from model.predict import WineInputError, predict_proba, wine_matrix
from model.reference import scored_test_set
from model.scenario import policy_in
from model.schema import CLASSES


def policy_of(data: Mapping | None) -> Policy:
    """The POLICY store as a Policy; zero-one costs when it is empty or not a policy."""
    try:
        return parse_policy(data["costs"], data.get("refer")) if data else ZERO_ONE
    except (PolicyError, KeyError, TypeError, AttributeError):
        return ZERO_ONE


def policy_from_inputs(values: Sequence, cost_ids: Sequence[Mapping], refer_on, refer) -> tuple:
    """The cost boxes (in any order, with their ids) and the taster -> (POLICY store, error line). A box that is
    empty, negative or not a number is refused in words, and the policy in force stays (no_update)."""
    costs = [[None] * 3 for _ in range(3)]
    for i, v in zip(cost_ids, values):
        costs[int(i["t"])][int(i["d"])] = v
    try:
        policy = parse_policy(costs, refer if refer_on else None)
    except PolicyError as exc:
        return no_update, _in_words(exc)
    return policy.as_dict() | {"refer": policy.refer}, ""


def _in_words(exc: PolicyError) -> str:
    where = "The taster's cost"
    if exc.field.startswith("costs["):
        t, d = int(exc.field[6]), int(exc.field[9])
        where = f"The cost of selling a wine that is really {CLASSES[t]} as {CLASSES[d]}"
    return f"{where} must be a number of 0 or more. The policy in force stays as it was."


def preset_values(name: str, cost_ids: Sequence[Mapping]) -> list:
    """The cost boxes' values for preset `name`, in the order of `cost_ids`."""
    costs = PRESETS[name][1]
    return [costs[int(i["t"])][int(i["d"])] for i in cost_ids]


def link_inputs(policy: Policy | None, cost_ids: Sequence[Mapping]):
    """Cost boxes, taster switch and fee for a policy read from a link (None when it carries none)."""
    if policy is None:
        return None
    return ([policy.costs[int(i["t"])][int(i["d"])] for i in cost_ids],
            ["on"] if policy.refer is not None else [], DEFAULT_REFER if policy.refer is None else policy.refer)


def test_set_outputs(model: LoadedModel, data: Mapping | None):
    """Summary in words, and Patches of the coverage-cost and ROC/PR charts (only their numbers: the charts were
    drawn with the page), for the policy on the held-out test wines."""
    ts = scored_test_set(model)
    report = test_set_report(ts.proba, ts.y, policy_of(data))
    return (summary_text(report["result"]), *decision_patches(report))


def confusion_under(model: LoadedModel, data: Mapping | None, color: str) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The test wines of `color` under the policy: confusion (3 x 3, or 3 x 4 with a taster), its column names,
    and every test wine's decision."""
    policy = policy_of(data)
    ts = scored_test_set(model)
    decisions = decide(ts.proba, policy)
    m = ts.mask(color)
    k = len(policy.actions)
    counts = np.bincount(ts.y[m] * k + decisions[m], minlength=3 * k).reshape(3, k)
    return counts, list(CLASSES) + ([TASTER] if policy.refer is not None else []), decisions


def verdict_decision(model: LoadedModel, wine: Mapping | None, data: Mapping | None):
    """The verdict's decision line for the current wine, and its class (hidden under zero-one costs)."""
    policy = policy_of(data)
    if policy.is_zero_one or not wine:
        return None, "verdict-decision hidden"
    try:
        proba = predict_proba(model, wine_matrix(wine))
    except WineInputError:
        return no_update, no_update
    d = int(decide(proba, policy)[0])
    likely = int(proba[0].argmax())
    line = decision_line(policy.actions[d], float(expected_costs(proba, policy)[0, d]), CLASSES[likely],
                         percent_label(float(proba[0, likely])))
    return line, "verdict-decision"


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.decide_cost(ALL, ALL), "value"),
        Input(ids.decide_preset(ALL), "n_clicks"),
        State(ids.decide_cost(ALL, ALL), "id"),
        prevent_initial_call=True,
    )
    def apply_preset(clicks, cost_ids):
        if not isinstance(ctx.triggered_id, Mapping) or not any(clicks) or ctx.triggered_id["name"] not in PRESETS:
            raise PreventUpdate  # a wildcard output takes no single no_update
        return preset_values(ctx.triggered_id["name"], cost_ids)

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

    @app.callback(
        Output(ids.POLICY, "data"),
        Output(ids.DECIDE_ERROR, "children"),
        Input(ids.decide_cost(ALL, ALL), "value"),
        Input(ids.DECIDE_REFER_ON, "value"),
        Input(ids.DECIDE_REFER, "value"),
        State(ids.decide_cost(ALL, ALL), "id"),
        prevent_initial_call=True,
    )
    def update_policy(values, refer_on, refer, cost_ids):
        return policy_from_inputs(values, cost_ids, refer_on, refer)

    @app.callback(
        Output(ids.DECIDE_SUMMARY, "children"),
        Output(ids.DECIDE_CURVE, "figure"),
        Output(ids.DECIDE_ROC, "figure"),
        Input(ids.POLICY, "data"),
        prevent_initial_call=True,
    )
    def update_test_set(data):
        return test_set_outputs(model, data)

    @app.callback(
        Output(ids.VERDICT_DECISION, "children"),
        Output(ids.VERDICT_DECISION, "className"),
        Input(ids.CURRENT_WINE, "data"),
        Input(ids.POLICY, "data"),
        prevent_initial_call=True,
    )
    def update_verdict_decision(wine, data):
        return verdict_decision(model, wine, data)
