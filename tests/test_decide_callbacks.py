"""callbacks/decide.py as plain functions, the policy in a link (model/scenario.py), and the decision figures."""
from __future__ import annotations

import json

import pytest
from dash import Patch, no_update

from callbacks.confusion import confusion_outputs
from components.figures import confusion_heatmap
from dash_patch import apply_patch
from callbacks.decide import (confusion_under, link_inputs, policy_from_inputs, policy_of, preset_values,
                              verdict_decision)
from callbacks.decide import test_set_outputs as held_out_outputs
from callbacks.drilldown import clicked_cell, drill_outputs
from components.decide import PRESETS, decision_figures, summary_text
from components.figures import TASTER
from model.decision import ZERO_ONE, evaluate, parse_policy
from model.decision import test_set_report as held_out_report
from model.reference import scored_test_set
from model.scenario import decode_scenario, policy_in, policy_params, scenario_search

IDS = [{"type": "decide-cost", "t": t, "d": d} for t in (2, 1, 0) for d in (2, 1, 0)]  # as Dash may order them
ASYM = [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]]


def values_for(costs):
    return [costs[i["t"]][i["d"]] for i in IDS]


def test_inputs_become_the_policy_by_their_ids_not_their_order():
    data, error = policy_from_inputs(values_for(ASYM), IDS, ["on"], 0.3)
    assert data == {"costs": ASYM, "refer": 0.3} and error == ""
    data, _ = policy_from_inputs(values_for(ASYM), IDS, [], 0.3)  # the taster is off: its fee is ignored
    assert data == {"costs": ASYM, "refer": None}


@pytest.mark.parametrize("t, d, value", [(2, 0, -1), (0, 2, None), (1, 1, float("nan"))])
def test_a_bad_box_is_refused_in_words_and_the_policy_stays(t, d, value):
    costs = [row[:] for row in ASYM]
    costs[t][d] = value
    data, error = policy_from_inputs(values_for(costs), IDS, [], None)
    assert data is no_update
    names = ("poor", "average", "good")
    assert f"really {names[t]} as {names[d]} must be a number of 0 or more" in error


def test_a_bad_taster_fee_is_refused_only_when_the_taster_is_on():
    data, error = policy_from_inputs(values_for(ASYM), IDS, ["on"], -0.1)
    assert data is no_update and error.startswith("The taster's cost")
    assert policy_from_inputs(values_for(ASYM), IDS, ["on"], 0)[0] == {"costs": ASYM, "refer": 0}


def test_presets_fill_the_boxes_by_id():
    assert preset_values("poor-as-good", IDS) == values_for(PRESETS["poor-as-good"][1])
    assert PRESETS["same"][1] == [list(r) for r in ZERO_ONE.costs]


def test_policy_of_falls_back_to_zero_one():
    assert policy_of(None) == ZERO_ONE
    assert policy_of({"costs": "x"}) == ZERO_ONE
    assert policy_of({"costs": ASYM, "refer": 0.3}) == parse_policy(ASYM, 0.3)


def test_zero_one_heatmap_is_todays_and_a_taster_adds_a_column(loaded_model):
    ts = scored_test_set(loaded_model)
    page = confusion_heatmap(ts.confusion("all"))  # as the page draws it first
    patch, _ = confusion_outputs(loaded_model, "counts", "all", policy={"costs": ZERO_ONE.as_dict()["costs"], "refer": None})
    assert isinstance(patch, Patch)
    assert apply_patch(page, patch) == json.loads(page.to_json())  # zero-one costs: today's matrix exactly
    patch, _ = confusion_outputs(loaded_model, "counts", "red", policy={"costs": ASYM, "refer": 0.3})
    counts, columns, decisions = confusion_under(loaded_model, {"costs": ASYM, "refer": 0.3}, "red")
    got = apply_patch(page, patch)
    want = json.loads(confusion_heatmap(counts, "counts", columns=columns).to_json())
    assert got["data"] == want["data"] and got["layout"]["xaxis"] == want["layout"]["xaxis"]
    assert got["data"][0]["x"] == ["poor", "average", "good", TASTER] == columns
    m = ts.mask("red")
    assert counts.tolist() == evaluate(ts.proba[m], ts.y[m], parse_policy(ASYM, 0.3))["confusion"]
    assert len(decisions) == len(ts.y)


def test_drill_down_lists_the_wines_sent_to_a_taster(loaded_model):
    policy = {"costs": ASYM, "refer": 0.3}
    cell = clicked_cell({"points": [{"x": TASTER, "y": "good"}]}, loaded_model.classes)
    assert cell == {"actual": 2, "predicted": 3, "page": 0}
    stored, css, body, *_ = drill_outputs(loaded_model, cell, "all", policy)
    counts, _, _ = confusion_under(loaded_model, policy, "all")
    assert css == "drill" and stored["predicted"] == 3
    assert f"{counts[2, 3]:,} wines rated " in repr(body[0]) and "sent to a taster" in repr(body[0])


def test_a_new_policy_patches_only_the_numbers(loaded_model):
    """Settling on a policy sends the coverage curve's numbers and the operating points, not whole figures; the
    patched figures equal those drawn from scratch for that policy."""
    ts = scored_test_set(loaded_model)
    policy = parse_policy(ASYM, 0.3)
    summary, curve_patch, roc_patch = held_out_outputs(loaded_model, {"costs": ASYM, "refer": 0.3})
    assert summary == summary_text(evaluate(ts.proba, ts.y, policy))
    assert "sent to a taster" in summary and "if every wine took its most likely bucket" in summary
    start = decision_figures(held_out_report(ts.proba, ts.y, ZERO_ONE))
    want = decision_figures(held_out_report(ts.proba, ts.y, policy))
    for patch, before, after in zip((curve_patch, roc_patch), start, want):
        assert isinstance(patch, Patch)
        got = apply_patch(before, patch)
        assert got["data"] == json.loads(after.to_json())["data"]
    assert len(want[1].data) == 12  # per bucket: ROC, PR, the policy's ROC point and PR point
    result = evaluate(ts.proba, ts.y, policy)
    dot = want[0].data[2]
    assert dot.x[0] == pytest.approx(result["coverage"]) and dot.y[0] == pytest.approx(result["realized_cost_per_wine"])


def test_summary_in_words():
    result = {"realized_cost_per_wine": 0.2249, "argmax": {"realized_cost_per_wine": 0.31}, "coverage": 0.62,
              "columns": ["poor", "average", "good", "refer"], "decided_accuracy": 0.911}
    assert summary_text(result) == ("Under this policy: cost 0.22 per wine (0.31 if every wine took its most likely "
                                    "bucket); 62% decided by the model, 38% sent to a taster; of those decided, 91% right.")


def test_verdict_decision_hidden_under_zero_one_and_exact_otherwise(loaded_model, average_wine):
    assert verdict_decision(loaded_model, average_wine, None) == (None, "verdict-decision hidden")
    line, css = verdict_decision(loaded_model, average_wine, {"costs": ASYM, "refer": 0.3})
    assert css == "verdict-decision"
    text = repr(line)
    assert "Decision: " in text and "expected cost" in text and "Most likely: average" in text
    assert verdict_decision(loaded_model, dict(average_wine, pH=-3), {"costs": ASYM}) == (no_update, no_update)


def test_the_policy_travels_in_the_link(loaded_model, average_wine):
    features = loaded_model.features
    policy = parse_policy(ASYM, 0.3)
    search = scenario_search(average_wine, None, features, policy=policy)
    assert "k=0_2_10_1_0_3_0.5_1_0" in search and "t=0.3" in search
    assert policy_in(search) == policy
    assert policy_params(ZERO_ONE) == {} and "k=" not in scenario_search(average_wine, None, features, policy=ZERO_ONE)
    assert policy_in("?t=0.4") == parse_policy(ZERO_ONE.costs, 0.4)
    assert policy_in("?al=10") is None
    for bad in ("?k=0_1_1", "?k=0_1_1_1_0_1_1_1_-1", "?k=a_1_1_1_0_1_1_1_0", "?t=-1", "?k=0_1_1_1_0_1_1_1_nan"):
        assert policy_in(bad) is None
        assert "the costs" in decode_scenario(bad, features).problems
    assert link_inputs(None, IDS) is None
    boxes, on, fee = link_inputs(policy, IDS)
    assert boxes == values_for(ASYM) and on == ["on"] and fee == 0.3


def test_model_card_compares_expected_and_paid_costs(loaded_model):
    from components.insight import decision_costs_view

    view = repr(decision_costs_view(loaded_model.manifest))
    shipped = loaded_model.manifest["decision_costs"]["models"]["shipped"]["poor-as-good"]
    reference = loaded_model.manifest["decision_costs"]["models"]["reference"]["poor-as-good"]
    assert f"{shipped['expected']:.2f} / {shipped['realized']:.2f}" in view
    assert f"{reference['expected']:.2f} / {reference['realized']:.2f}" in view
    assert "Calibration matters here" in view
    assert decision_costs_view({}) is None


def test_presentation_mode_keeps_the_policy_and_the_listed_cell(loaded_model, average_wine):
    from callbacks.presentation import presentation_outputs

    policy = {"costs": ASYM, "refer": 0.3}
    cell = {"actual": 2, "predicted": 3, "page": 0}
    _, _, heatmap, _ = presentation_outputs(loaded_model, True, average_wine, "counts", "all", [], policy, cell)
    counts, columns, _ = confusion_under(loaded_model, policy, "all")
    assert list(heatmap.data[0].x) == columns and [list(r) for r in heatmap.data[0].z] == counts.tolist()
    assert heatmap.layout.shapes[-1].x0 == pytest.approx(3 - 0.47)  # the taster's cell stays outlined
