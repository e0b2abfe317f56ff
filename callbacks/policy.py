"""The cost policy, read and written: the editor's boxes -> the POLICY store (a bad number refused in words), the
store -> a Policy, the test wines' decisions under it, and the current wine's decision. The rule itself is
model/decision.py; callbacks/decide.py puts the test set's side on the page in one answer, callbacks/prediction.py
the current wine's."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from dash import Output, no_update

from components import ids
from components.decide import DEFAULT_REFER, PRESETS, decision_line, decision_short
from components.figures import TASTER, percent_labels
from model.decision import ZERO_ONE, Policy, PolicyError, decide, expected_costs, parse_policy
from model.loader import LoadedModel
from model.reference import scored_test_set
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


# the verdict's decision, as verdict_decision returns it: written only from the slider callback's answer (the
# PREDICTION store, callbacks/prediction.py, put on the page by assets/live.js render), which a new policy runs too
DECISION_TARGETS = ((ids.VERDICT_DECISION, "children"), (ids.VERDICT_DECISION, "className"),
                    (ids.SUMMARY_DECISION, "children"), (ids.SUMMARY_DECISION, "className"))  # the phone's pinned verdict


def decision_outputs() -> tuple[Output, ...]:
    """verdict_decision's values as callback outputs."""
    return tuple(Output(target, prop) for target, prop in DECISION_TARGETS)


def verdict_decision(policy: Policy, proba: np.ndarray):
    """The verdict's decision line for the current wine's probabilities `proba` (1 x 3) and its class, then the
    same decision, short, in the phone's pinned verdict and its class (both hidden under zero-one costs)."""
    if policy.is_zero_one:
        return None, "verdict-decision hidden", None, "summary-decision hidden"
    d = int(decide(proba, policy)[0])
    likely = int(proba[0].argmax())
    line = decision_line(policy.actions[d], float(expected_costs(proba, policy)[0, d]), CLASSES[likely],
                         percent_labels(proba[0])[likely])  # as the verdict and the bars write it
    return line, "verdict-decision", decision_short(policy.actions[d]), "summary-decision"
