"""callbacks/decide.py and callbacks/policy.py as plain functions, the policy change as one answer, the policy in a
link (model/scenario.py), and the decision figures."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
from dash import Patch, no_update

from callbacks.confusion import confusion_outputs
from components.figures import confusion_heatmap
from dash_patch import apply_patch
from callbacks.decide import policy_change
from callbacks.policy import (confusion_under, link_inputs, policy_from_inputs, policy_of, preset_values,
                              verdict_decision)
from callbacks.drilldown import clicked_cell, drill_outputs
from components.confusion_panel import SCORE_IDS, scores_in_order
from components.decide import PRESETS, decision_figures, summary_text
from components import ids
from components.figures import TASTER, bucket_percent
from model.schema import CLASSES
from model.decision import ZERO_ONE, evaluate, parse_policy
from model.decision import test_set_report as held_out_report
from model.reference import scored_test_set
from model.predict import predict_proba, wine_matrix
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


def apply_restyle(figure, part: dict) -> dict:
    """`figure` after `Plotly.update(gd, part["data"], part["layout"], part["traces"])`, as assets/decide.js calls
    it (each data value holds one entry per trace; layout keys are dotted paths)."""
    figure = json.loads(figure.to_json()) if hasattr(figure, "to_json") else json.loads(json.dumps(figure))
    for key, values in part["data"].items():
        assert len(values) == len(part["traces"]), key
        for trace, value in zip(part["traces"], values):
            if value is None:  # Plotly.restyle's null: the attribute is removed
                figure["data"][trace].pop(key, None)
            else:
                figure["data"][trace][key] = value
    for path, value in part.get("layout", {}).items():  # "xaxis.title.text", "shapes"
        keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
        node = figure["layout"]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return figure


def draw_all(figures, parts: dict) -> list[dict]:
    """The decision figures after every part of a DECIDE_DRAW store, in assets/decide.js's order."""
    graphs = dict(zip((ids.DECIDE_CURVE, ids.DECIDE_ROC, ids.DECIDE_PR), figures))
    for key in ("curve-lines", "curve-point", "roc", "pr"):
        if key in parts:
            graphs[parts[key]["graph"]] = apply_restyle(graphs[parts[key]["graph"]], parts[key])
    return [json.loads(json.dumps(g)) if isinstance(g, dict) else json.loads(g.to_json()) for g in graphs.values()]


PAGE = {"policy": {"costs": ZERO_ONE.as_dict()["costs"], "refer": None}, "error": None, "cell": None}


def test_a_new_policy_draws_only_the_numbers_exactly(loaded_model):
    """A new policy sends the decision charts' changed numbers only (the policy's dots, and the coverage lines
    because the costs changed; never the ROC and PR curves); drawn on the page's first figures they equal the
    figures drawn from scratch."""
    ts = scored_test_set(loaded_model)
    policy = parse_policy(ASYM, 0.3)
    out = policy_change(loaded_model, IDS[0], values_for(ASYM), IDS, ["on"], 0.3, "counts", "all", PAGE)
    assert out["summary"] == summary_text(evaluate(ts.proba, ts.y, policy))
    assert "sent to a taster" in out["summary"] and "if every wine took its most likely bucket" in out["summary"]
    start = decision_figures(held_out_report(ts.proba, ts.y, ZERO_ONE))
    want = decision_figures(held_out_report(ts.proba, ts.y, policy))
    assert set(out["draw"]) == {"heat", "curve-lines", "curve-point", "roc", "pr"}
    for got, after in zip(draw_all(start, out["draw"]), want):
        assert got["data"] == json.loads(after.to_json())["data"]
        assert got["layout"].get("shapes", []) == json.loads(after.to_json())["layout"].get("shapes", [])
    # per bucket, a curve and a dot on the ROC chart and on the precision-recall chart
    assert [(len(f.data), len(f.layout.shapes)) for f in want[1:]] == [(3, 3), (3, 3)]
    for part in ("roc", "pr"):  # the dots only, never the curves
        assert out["draw"][part]["traces"] == [] and out["draw"][part]["data"] == {}
    result = evaluate(ts.proba, ts.y, policy)
    dot = want[0].layout.shapes[0]
    assert (dot.xanchor, dot.yanchor) == (pytest.approx(result["coverage"]), pytest.approx(result["realized_cost_per_wine"]))
    assert want[0].data[2].name == "this policy"  # the dot's name in the legend


@pytest.mark.parametrize("mode, color", [("counts", "all"), ("actual", "red"), ("predicted", "white")])
def test_the_heatmaps_cells_drawn_in_the_browser_are_exact(loaded_model, mode, color):
    """The heatmap's part of a policy change, or of a new mode or filter, drawn on the page's first heatmap,
    equals the heatmap drawn from scratch; a mode or filter sends the cells and scores only."""
    page = PAGE | {"policy": {"costs": ASYM, "refer": 0.3}}
    first = confusion_heatmap(scored_test_set(loaded_model).confusion("all"))
    counts, columns, _ = confusion_under(loaded_model, page["policy"], color)
    want = json.loads(confusion_heatmap(counts, mode, columns=columns).to_json())
    for trigger in (ids.CONFUSION_MODE, ids.CONFUSION_FILTER):
        out = policy_change(loaded_model, trigger, values_for(ASYM), IDS, ["on"], 0.3, mode, color, page)
        assert set(out["draw"]) == {"heat"}
        assert out["scores"] == scores_in_order(counts[:, :3], loaded_model.classes, SCORE_IDS)
        assert all(out[k] is no_update for k in ("policy", "error", "summary")) and out["boxes"] == [no_update] * 9
        assert apply_restyle(first, out["draw"]["heat"]) == want
    changed = policy_change(loaded_model, ids.DECIDE_REFER, values_for(ASYM), IDS, ["on"], 0.3, mode, color, PAGE)
    assert apply_restyle(first, changed["draw"]["heat"]) == want


def test_the_scores_are_texts_put_in_place_in_the_tables_own_cells(loaded_model):
    """A new matrix changes the scores table's texts, by the ids of its cells, never the table: every id of
    SCORE_IDS is a cell of the page's table, and the texts in place read as a table built from scratch."""
    from components.confusion_panel import scores_table

    first = scores_table(scored_test_set(loaded_model).confusion("all"))
    counts, _, _ = confusion_under(loaded_model, {"costs": ASYM, "refer": 0.3}, "white")
    fresh = scores_table(counts[:, :3])

    def cells(table) -> dict:
        found = {}

        def walk(node):
            if isinstance(getattr(node, "id", None), dict):
                found[json.dumps(node.id, sort_keys=True)] = node.children
            for child in node.children if isinstance(getattr(node, "children", None), list) else \
                    [node.children] if hasattr(getattr(node, "children", None), "children") else []:
                walk(child)
        walk(table)
        return found

    assert sorted(cells(first)) == sorted(json.dumps(i, sort_keys=True) for i in SCORE_IDS)
    texts = scores_in_order(counts[:, :3], loaded_model.classes, SCORE_IDS[::-1])  # in any order of the ids
    assert dict(zip((json.dumps(i, sort_keys=True) for i in SCORE_IDS[::-1]), texts)) == cells(fresh)
    assert cells(fresh) != cells(first)


def test_the_listed_cells_outline_carries_the_cells(loaded_model):
    """The heatmap's cells are drawn in the browser, so Dash's copy of the figure keeps the first cells: the
    outline's Patch sends every cell with it, so that copy is the figure shown."""
    from callbacks.confusion import outlined_cells

    policy, cell = {"costs": ASYM, "refer": 0.3}, {"actual": 1, "predicted": 3, "page": 0}
    first = confusion_heatmap(scored_test_set(loaded_model).confusion("all"))
    counts, columns, _ = confusion_under(loaded_model, policy, "red")
    want = json.loads(confusion_heatmap(counts, "actual", columns=columns, selected=cell).to_json())
    assert apply_patch(first, outlined_cells(loaded_model, cell, "actual", "red", policy)) == want


@pytest.mark.parametrize("fee", [0.2, 0.0])  # 0: every wine to the taster, no precision-recall dot at all
def test_a_new_taster_fee_lands_exactly(loaded_model, fee):
    """A new fee after another: the charts drawn for the first fee, with the second's numbers, are the second's."""
    ts = scored_test_set(loaded_model)
    page = PAGE | {"policy": {"costs": ASYM, "refer": 0.3}}
    out = policy_change(loaded_model, ids.DECIDE_REFER, values_for(ASYM), IDS, ["on"], fee, "counts", "all", page)
    assert out["policy"] == {"costs": ASYM, "refer": fee}
    assert set(out["draw"]) == {"heat", "curve-point", "roc", "pr"}  # the coverage lines follow the costs only
    start = decision_figures(held_out_report(ts.proba, ts.y, parse_policy(ASYM, 0.3)))
    want = decision_figures(held_out_report(ts.proba, ts.y, parse_policy(ASYM, fee)))
    assert [shape.visible for shape in want[1].layout.shapes] == [True] * 3  # ROC: every bucket's dot
    pr = [shape.visible for shape in want[2].layout.shapes]  # precision-recall: none when the taster takes all
    assert pr == [False] * 3 if fee == 0 else pr[0] is True
    for got, after in zip(draw_all(start, out["draw"]), want):
        assert got["data"] == json.loads(after.to_json())["data"]
        assert got["layout"].get("shapes", []) == json.loads(after.to_json())["layout"].get("shapes", [])


def test_a_preset_is_one_answer_with_patches_only(loaded_model, average_wine):
    """A preset's click sets the boxes, the policy and every panel of the test set in the same answer, the
    figures as Patches and the charts as numbers; what does not change is not sent."""
    out = policy_change(loaded_model, {"type": ids.DECIDE_PRESET, "name": "poor-as-good"}, values_for(ASYM), IDS, [],
                        0.3, "counts", "all", PAGE)
    assert out["boxes"] == values_for(PRESETS["poor-as-good"][1])  # the preset's, not the boxes' old values
    assert out["policy"] == {"costs": PRESETS["poor-as-good"][1], "refer": None}
    assert all(isinstance(p, dict) for p in out["draw"].values()) and out["draw"]["heat"]["traces"] == [0]
    assert out["error"] is no_update  # no refusal shown before, none now
    assert out["drill"] == (no_update,) * 6  # no cell listed
    assert "line" not in out  # the verdict's decision is the slider callback's (callbacks/prediction.py)
    counts, _, _ = confusion_under(loaded_model, out["policy"], "all")
    assert out["scores"] == scores_in_order(counts, loaded_model.classes, SCORE_IDS)


def test_a_typed_cost_leaves_the_boxes_and_the_same_policy_changes_nothing(loaded_model):
    out = policy_change(loaded_model, IDS[0], values_for(ASYM), IDS, [], 0.3, "counts", "all", PAGE)
    assert out["boxes"] == [no_update] * 9 and out["policy"] == {"costs": ASYM, "refer": None}
    same = policy_change(loaded_model, IDS[0], values_for(ASYM), IDS, [], 0.3, "counts", "all",
                         PAGE | {"policy": out["policy"]})
    assert all(v is no_update for k, v in same.items() if k in ("policy", "summary", "draw"))
    assert same["scores"] == [no_update] * len(SCORE_IDS)
    assert same["drill"] == (no_update,) * 6


def test_a_refused_cost_only_says_so(loaded_model):
    costs = [row[:] for row in ASYM]
    costs[2][0] = -1
    out = policy_change(loaded_model, IDS[0], values_for(costs), IDS, [], 0.3, "counts", "all", PAGE)
    assert "must be a number of 0 or more" in out["error"]
    assert all(v is no_update for k, v in out.items() if k in ("policy", "summary", "draw"))
    again = policy_change(loaded_model, IDS[0], values_for(costs), IDS, [], 0.3, "counts", "all",
                           PAGE | {"error": out["error"]})
    assert again["error"] is no_update  # already on the page
    fixed = policy_change(loaded_model, IDS[0], values_for(ASYM), IDS, [], 0.3, "counts", "all",
                           PAGE | {"error": out["error"]})
    assert fixed["error"] == "" and fixed["policy"] == {"costs": ASYM, "refer": None}


def test_a_new_policy_relists_the_listed_cell_and_closes_the_tasters_column(loaded_model):
    cell = {"actual": 2, "predicted": 3, "page": 0}
    page = PAGE | {"policy": {"costs": ASYM, "refer": 0.3}, "cell": cell}
    out = policy_change(loaded_model, ids.DECIDE_REFER, values_for(ASYM), IDS, ["on"], 0.2, "counts", "all", page)
    counts, _, _ = confusion_under(loaded_model, {"costs": ASYM, "refer": 0.2}, "all")
    assert out["drill"][0] == cell and out["drill"][1] == "drill"
    assert f"{counts[2, 3]:,} wines rated " in repr(out["drill"][2])
    gone = policy_change(loaded_model, ids.DECIDE_REFER_ON, values_for(ASYM), IDS, [], 0.2, "counts", "all", page)
    assert gone["drill"][:2] == (None, "drill hidden")  # no taster, no taster's column


def test_the_editor_is_one_callback_and_the_policy_is_read_by_the_link_and_the_verdict_only(app):
    """A policy change is one callback of the test set: nothing but the editor's own callback listens to the boxes,
    presets and taster. The POLICY store it writes is read as an Input by the link, by the slider callback (the
    verdict's decision, whose one writer it is) and by assets/live.js's `context`, which keeps it for a drag's live
    answers and has no output; no other panel follows it."""
    graph = app.callback_map
    editor = {ids.DECIDE_COST, ids.DECIDE_PRESET, ids.DECIDE_REFER_ON, ids.DECIDE_REFER}

    def input_ids(cb):
        return {i["id"] if isinstance(i["id"], str) else json.loads(i["id"])["type"] for i in cb["inputs"]}

    listeners = [key for key, cb in graph.items() if input_ids(cb) & editor]
    assert len(listeners) == 1 and "decision-policy.data" in listeners[0] and "decide-draw.data" in listeners[0]
    cells = [key for key, cb in graph.items() if input_ids(cb) & {ids.CONFUSION_MODE}]
    assert cells == listeners  # the heatmap's cells have one writer
    on_policy = [key for key, cb in graph.items() if ids.POLICY in input_ids(cb)]
    context = [key for key in on_policy if graph[key]["no_output"]]
    assert len(context) == 1 and graph[context[0]]["output"] == []
    sliders = [key for key in on_policy if f"{ids.PREDICTION}.data" in key]
    assert len(sliders) == 1 and f"{ids.PROBA_GRAPH}.figure" in sliders[0]  # the slider callback
    assert sorted(key for key in on_policy if key not in context + sliders) == [
        key for key in graph if key.startswith(ids.SHARE_SEARCH + ".")]


def test_the_verdicts_decision_has_one_writer(app):
    """The line and the pinned verdict's decision are written from the PREDICTION store only (a policy change
    wrote them too, from the wine it had: a link with a wine and costs showed the page's first wine's decision)."""
    targets = {f"{ids.VERDICT_DECISION}.children", f"{ids.VERDICT_DECISION}.className",
               f"{ids.SUMMARY_DECISION}.children", f"{ids.SUMMARY_DECISION}.className"}
    writers = [key for key in app.callback_map if targets & {part.split("@")[0] for part in key.strip(".").split("...")}]
    assert len(writers) == 1 and writers[0] == next(key for key, cb in app.callback_map.items()
                                                    if any(i["id"] == ids.PREDICTION for i in cb["inputs"]))


def test_summary_in_words():
    result = {"realized_cost_per_wine": 0.2249, "argmax": {"realized_cost_per_wine": 0.31}, "coverage": 0.62,
              "columns": ["poor", "average", "good", "refer"], "decided_accuracy": 0.911}
    assert summary_text(result) == ("Under this policy: cost 0.22 per wine (0.31 if every wine took its most likely "
                                    "bucket); 62% decided by the model, 38% sent to a taster; of those decided, 91% right.")


def test_verdict_decision_hidden_under_zero_one_and_exact_otherwise(loaded_model, average_wine):
    proba = predict_proba(loaded_model, wine_matrix(average_wine))
    assert verdict_decision(ZERO_ONE, proba) == (None, "verdict-decision hidden", None, "summary-decision hidden")
    policy = parse_policy(ASYM, 0.3)
    line, css, short, short_css = verdict_decision(policy, proba)
    assert css == "verdict-decision" and short_css == "summary-decision"
    text = repr(line)
    assert "Decision: " in text and "expected cost" in text and "Most likely: average" in text
    # the phone's pinned verdict: the same decision, in the same words and colour, without the rest of the line
    assert short[0] == "→ " and len(short) == 2
    line, _, short, _ = verdict_decision(parse_policy(ASYM), proba)  # no taster: a bucket, in its own colour
    assert line[1].children.startswith("sell as ") and line[1].className.startswith("bucket-text bucket-")
    assert (short[1].children, short[1].className) == (line[1].children, line[1].className)
    taster = parse_policy(ASYM, 0)  # a taster at no cost takes every wine
    assert verdict_decision(taster, proba)[2][1].children == "to a taster"
    assert verdict_decision(taster, proba)[0][1].children == "send to a taster"


def test_the_slider_answer_carries_the_verdicts_decision_under_a_policy_and_nothing_under_zero_one(loaded_model,
                                                                                                    average_wine):
    """The decision line follows the wine in the slider callback's own answer (one round): exact for the policy in
    force and the probabilities just computed; absent under zero-one costs, where the line stays hidden."""
    from callbacks.prediction import prediction_outputs
    from model.predict import predict

    names = [f["name"] for f in loaded_model.features]
    args = (loaded_model, [average_wine[n] for n in names], [{"name": n} for n in names], "white", None)
    policy = parse_policy(ASYM)  # no taster: the decision is a bucket, and a transposed matrix names another
    _, _, view = prediction_outputs(*args, policy.as_dict() | {"refer": None})
    p = predict(loaded_model, average_wine)[0]["probabilities"]
    expected = verdict_decision(policy, np.array([[p[c] for c in loaded_model.classes]]))
    assert repr(view["decision"]) == repr(list(expected)) and view["decision"][1] == "verdict-decision"
    transposed = parse_policy(np.array(ASYM).T.tolist())
    assert repr(view["decision"]) != repr(list(verdict_decision(transposed, np.array([[p[c] for c in loaded_model.classes]]))))
    for zero_one in (None, ZERO_ONE.as_dict() | {"refer": None}):
        assert "decision" not in prediction_outputs(*args, zero_one)[2]
        # back to zero-one costs (the policy has just changed): the line is hidden again
        assert prediction_outputs(*args, zero_one, True)[2]["decision"] == [
            None, "verdict-decision hidden", None, "summary-decision hidden"]
    assert repr(prediction_outputs(*args, policy.as_dict() | {"refer": None}, True)[2]["decision"]) == repr(
        list(expected))  # a new policy writes the same line a new wine does


def test_no_callback_but_the_sliders_follows_the_prediction_store_to_the_server(app):
    """The verdict's decision used to take a second server round after every committed value; only the browser's
    render listens to PREDICTION now."""
    listeners = [cb for cb in app.callback_map.values()
                 if any(i["id"] == ids.PREDICTION and i["property"] == "data" for i in cb["inputs"])]
    assert len(listeners) == 1 and "callback" not in listeners[0], listeners  # a clientside callback: no server function


def test_the_prediction_store_carries_the_probabilities(loaded_model, average_wine):
    from callbacks.prediction import prediction_outputs
    from model.predict import predict

    names = [f["name"] for f in loaded_model.features]
    _, _, view = prediction_outputs(loaded_model, [average_wine[n] for n in names], [{"name": n} for n in names],
                                    "white", None)
    assert view["probabilities"] == predict(loaded_model, average_wine)[0]["probabilities"]


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
    _, _, heatmap, _, _curve, _roc, _pr = presentation_outputs(loaded_model, True, average_wine, "counts", "all", [],
                                                               policy, cell)
    counts, columns, _ = confusion_under(loaded_model, policy, "all")
    assert list(heatmap.data[0].x) == columns and [list(r) for r in heatmap.data[0].z] == counts.tolist()
    assert heatmap.layout.shapes[-1].x0 == pytest.approx(3 - 0.47)  # the taster's cell stays outlined


def _type_sizes(node) -> list[float]:
    """Every text size a figure sets: the `size` of each `font`, `textfont`, `tickfont`… anywhere in it."""
    if isinstance(node, list):
        return [s for item in node for s in _type_sizes(item)]
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
            found.append(value["size"])
        found += _type_sizes(value)
    return found


def test_presentation_mode_draws_every_chart_with_text_of_18_px_or_more(loaded_model, average_wine):
    from callbacks.presentation import presentation_outputs
    from components.figures.base import PRESENTATION_MIN_TYPE

    names = [f["name"] for f in loaded_model.features]
    policy = {"costs": ASYM, "refer": 0.3}
    on = presentation_outputs(loaded_model, True, average_wine, "counts", "all", names, policy)
    off = presentation_outputs(loaded_model, False, average_wine, "counts", "all", names, policy)
    charts_on = [on[1], on[2], *on[3], on[4], on[5], on[6]]
    charts_off = [off[1], off[2], *off[3], off[4], off[5], off[6]]
    assert len(on) == 7 and len(charts_on) == 2 + len(names) + 3
    sizes_on = [s for chart in charts_on for s in _type_sizes(chart.to_plotly_json())]
    sizes_off = [s for chart in charts_off for s in _type_sizes(chart.to_plotly_json())]
    assert min(sizes_on) == PRESENTATION_MIN_TYPE  # at the floor, not under it
    assert min(sizes_off) < PRESENTATION_MIN_TYPE  # on a desk the charts keep their smaller print
    # the decision charts are the policy's, at the projector's scale
    ts = scored_test_set(loaded_model)
    figures = decision_figures(held_out_report(ts.proba, ts.y, policy_of(policy)), 1.4)
    assert [f.to_plotly_json() for f in on[4:]] == [f.to_plotly_json() for f in figures]


def test_a_chart_text_size_is_floored_only_on_a_projector():
    from components.figures.base import PRESENTATION_MIN_TYPE, type_px

    assert type_px(12, 1.0) == 12 and type_px(15, 1.0) == 15
    assert type_px(12, 1.4) == PRESENTATION_MIN_TYPE  # 16.8 -> 18
    assert type_px(13, 1.4) == PRESENTATION_MIN_TYPE  # 18.2 rounds to 18
    assert type_px(14, 1.4) == 20  # 19.6: over the floor, the scale rules


def test_the_decision_line_gives_the_likely_buckets_percentage_as_the_verdict_does():
    """Rounded as the verdict and the bars round one wine's three percentages (adding up to 100): 77.5% of a
    'good' that plain rounding makes 78% is 77% there, so it is 77% here too."""
    proba = np.array([[0.055, 0.17, 0.775]])
    line = repr(verdict_decision(parse_policy(ASYM), proba)[0])
    assert "Most likely: good 77%" in line
    assert bucket_percent(dict(zip(CLASSES, proba[0])), "good") == "77%"
