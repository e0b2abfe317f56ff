"""Decisions under costs in headless Chromium: a preset changes the heatmap, the summary and the verdict; a link
restores the policy; a bad cost is refused in words and the policy in force stays."""
from __future__ import annotations

import numpy as np
import pytest

from components import ids
import invariants as inv
from components.decide import PRESETS
from components.figures import percent_labels
from model.decision import decide, evaluate, expected_costs, parse_policy
from model.decision import test_set_report as held_out_report
from model.predict import predict_proba, wine_matrix
from model.reference import scored_test_set
from model.scenario import key_of

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
TEN_X = PRESETS["poor-as-good"][1]


def heat_z(page) -> list:
    return page.evaluate(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].z")


def heat_x(page) -> list:
    return page.evaluate(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].x")


def wait_for_heat(page, before: list) -> None:
    page.wait_for_function(
        f"before => JSON.stringify(document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].z)"
        " !== JSON.stringify(before)", arg=before, timeout=15000)


def test_a_preset_changes_the_heatmap_summary_and_verdict(open_page, loaded_model, screenshots):
    board = open_page(WIDE)
    page, ts = board.page, scored_test_set(loaded_model)
    before_z, before_summary = heat_z(page), page.locator(f"#{ids.DECIDE_SUMMARY}").inner_text()
    assert before_z == ts.confusion("all").tolist()  # zero-one costs: today's matrix
    assert page.locator(f"#{ids.VERDICT_DECISION}").is_hidden()

    page.get_by_role("button", name=PRESETS["poor-as-good"][0]).click()
    wait_for_heat(page, before_z)
    policy = parse_policy(TEN_X)
    assert heat_z(page) == evaluate(ts.proba, ts.y, policy)["confusion"]
    page.wait_for_function(f"document.getElementById('{ids.DECIDE_SUMMARY}').innerText !== {before_summary!r}")
    result = evaluate(ts.proba, ts.y, policy)
    assert f"cost {result['realized_cost_per_wine']:.2f} per wine" in page.locator(f"#{ids.DECIDE_SUMMARY}").inner_text()

    # the verdict's decision for the wine on the sliders, as the rule computes it
    decision = page.locator(f"#{ids.VERDICT_DECISION}")
    decision.wait_for(state="visible", timeout=15000)
    params = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert params["k"] == "0_1_10_1_0_1_1_1_0"

    # a taster: a fourth column, and the decision line follows
    z = heat_z(page)
    page.get_by_label("Send doubtful wines to a taster").check()
    wait_for_heat(page, z)
    assert heat_x(page)[-1] == "to a taster"
    taster = parse_policy(TEN_X, 0.3)
    assert heat_z(page) == evaluate(ts.proba, ts.y, taster)["confusion"]
    page.wait_for_function("new URLSearchParams(location.search).get('t') === '0.3'")
    page.locator(f"#{ids.CONFUSION_GRAPH}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "decide-1920x1080-taster.png")

    # the slider moves, the decision follows the wine on the sliders
    page.get_by_role("slider", name="Alcohol").focus()
    page.keyboard.press("End")
    page.wait_for_function("new URLSearchParams(location.search).get('al') === '14.9'")
    params = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    wine = {f["name"]: float(params[key_of(f)]) for f in loaded_model.features} | {"color": "white"}
    proba = predict_proba(loaded_model, wine_matrix(wine))
    d = int(decide(proba, taster)[0])
    expected = "send to a taster" if d == 3 else f"sell as {('poor', 'average', 'good')[d]}"
    cost = f"expected cost {expected_costs(proba, taster)[0, d]:.2f}"
    page.wait_for_function(f"document.getElementById('{ids.VERDICT_DECISION}').innerText.includes({cost!r})",
                           timeout=15000)
    assert expected in decision.inner_text()
    assert board.errors == []


def test_a_link_restores_the_policy(open_page, loaded_model):
    board = open_page(PHONE, "?k=0_1_10_1_0_1_1_1_0&t=0.25")
    page, ts = board.page, scored_test_set(loaded_model)
    policy = parse_policy(TEN_X, 0.25)
    page.locator(f"#{ids.CONFUSION_GRAPH}").scroll_into_view_if_needed()
    page.wait_for_function(
        f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].x.length === 4", timeout=15000)
    assert heat_z(page) == evaluate(ts.proba, ts.y, policy)["confusion"]
    box = page.get_by_role("spinbutton", name="really poor sold as good")
    assert box.input_value() == "10"
    assert page.get_by_role("spinbutton", name="at a cost per wine of").input_value() == "0.25"
    page.locator(f"#{ids.VERDICT_DECISION}").wait_for(state="visible", timeout=15000)
    assert board.errors == []


def test_a_typed_bad_cost_is_refused_in_words(open_page, loaded_model):
    board = open_page(WIDE)
    page, ts = board.page, scored_test_set(loaded_model)
    page.get_by_role("button", name=PRESETS["poor-as-good"][0]).click()
    page.wait_for_function("new URLSearchParams(location.search).get('k') === '0_1_10_1_0_1_1_1_0'", timeout=15000)
    z = heat_z(page)
    box = page.get_by_role("spinbutton", name="really good sold as poor")
    box.fill("-2")
    box.press("Enter")
    error = page.locator(f"#{ids.DECIDE_ERROR}")
    page.wait_for_function(f"document.getElementById('{ids.DECIDE_ERROR}').innerText.length > 0", timeout=15000)
    assert "really good as poor must be a number of 0 or more" in error.inner_text()
    assert "policy in force stays" in error.inner_text()
    assert heat_z(page) == z  # the last valid policy is still the one shown
    assert page.evaluate("new URLSearchParams(location.search).get('k')") == "0_1_10_1_0_1_1_1_0"
    box.fill("2")
    box.press("Enter")
    page.wait_for_function(f"document.getElementById('{ids.DECIDE_ERROR}').innerText === ''", timeout=15000)
    page.wait_for_function("new URLSearchParams(location.search).get('k') === '0_1_10_1_0_1_2_1_0'", timeout=15000)
    assert heat_z(page) == evaluate(ts.proba, ts.y, parse_policy([[0, 1, 10], [1, 0, 1], [2, 1, 0]]))["confusion"]
    assert board.errors == []


def plot_data(page, graph: str) -> list:
    return page.evaluate(f"document.querySelector('#{graph} .js-plotly-plot').data.map(t => ({{x: t.x, y: t.y}}))")


def test_the_charts_below_the_fold_are_drawn_at_once_and_exact(open_page, loaded_model):
    """On a phone the decision charts are far below the editor: a policy's numbers are drawn on them at once, one
    chart per frame, and they show exactly the policy's points; a listed cell's outline afterwards keeps the
    policy's cells."""
    board = open_page(PHONE)
    page, ts = board.page, scored_test_set(loaded_model)
    before_roc = page.evaluate(f"document.querySelector('#{ids.DECIDE_ROC} .js-plotly-plot').layout.shapes")
    page.locator(f"#{ids.CONFUSION_GRAPH}").scroll_into_view_if_needed()
    page.get_by_label("Send doubtful wines to a taster").check()
    policy = parse_policy([[0, 1, 1], [1, 0, 1], [1, 1, 0]], 0.3)
    want_z = evaluate(ts.proba, ts.y, policy)["confusion"]
    page.wait_for_function(f"JSON.stringify(document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].z)"
                           f" === {str(want_z).replace(' ', '')!r}", timeout=15000)
    page.wait_for_function("window.dash_clientside.decide.waiting().length === 0", timeout=15000)
    assert page.evaluate(f"document.querySelector('#{ids.DECIDE_ROC} .js-plotly-plot').layout.shapes") != before_roc
    report = held_out_report(ts.proba, ts.y, policy)
    dots = {graph: page.evaluate(f"document.querySelector('#{graph} .js-plotly-plot').layout.shapes")
            for graph in (ids.DECIDE_ROC, ids.DECIDE_PR)}
    for point, roc, pr in zip(report["points"], dots[ids.DECIDE_ROC], dots[ids.DECIDE_PR], strict=True):
        assert (roc["xanchor"], roc["yanchor"]) == (pytest.approx(point["fpr"]), pytest.approx(point["tpr"]))
        assert pr["visible"] == (point["precision"] is not None)
        if point["precision"] is not None:
            assert (pr["xanchor"], pr["yanchor"]) == (pytest.approx(point["recall"]), pytest.approx(point["precision"]))
    for graph, shapes in dots.items():
        drawn = page.evaluate(f"document.querySelectorAll('#{graph} .shapelayer path').length")
        assert drawn == sum(d["visible"] for d in shapes)  # each dot drawn once
    assert page.evaluate(f"document.querySelectorAll('#{ids.DECIDE_CURVE} .shapelayer path').length") == 1
    curve = plot_data(page, ids.DECIDE_CURVE)
    dot = page.evaluate(f"document.querySelector('#{ids.DECIDE_CURVE} .js-plotly-plot').layout.shapes[0]")
    assert (dot["xanchor"], dot["yanchor"]) == (pytest.approx(report["current"]["coverage"]),
                                                pytest.approx(report["current"]["cost"]))
    assert curve[0]["y"] == pytest.approx(report["curve"]["cost_per_wine"])

    # the keyboard's cell picker lists a cell: the outline is drawn and the policy's cells stay
    page.locator(f"#{ids.DRILL_PICK}").scroll_into_view_if_needed()
    page.locator(f"#{ids.DRILL_PICK}").focus()
    page.keyboard.press("ArrowDown")  # opens it on "Rated poor, predicted poor"
    page.wait_for_function("document.activeElement && document.activeElement.value === '0-0'", timeout=5000)
    page.keyboard.press("Enter")
    page.locator(f"#{ids.DRILL}").wait_for(state="visible", timeout=15000)
    page.wait_for_function(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').layout.shapes.length"
                           " === 4", timeout=15000)
    assert heat_z(page) == want_z and heat_x(page)[-1] == "to a taster"
    assert board.errors == []


def test_the_phones_pinned_verdict_shows_the_decision_and_follows_the_wine(open_page, loaded_model, screenshots):
    """On a phone the verdict card is scrolled away while the sliders show; the bar pinned to the screen's bottom
    then says the decision too under a cost policy, whole ("to a taster", the longest, included, at 390 and 360 px),
    follows the wine, and says nothing of it under zero-one costs."""
    import invariants as inv

    board = open_page(PHONE, "?k=0_1_10_1_0_1_1_1_0&t=0")  # a taster at no cost: every wine goes to a taster
    page = board.page
    bar, short = page.locator(f"#{ids.SUMMARY}"), page.locator(f"#{ids.SUMMARY_DECISION}")
    page.locator(f"#{ids.VERDICT_DECISION}").wait_for(state="visible", timeout=15000)
    alcohol = page.get_by_role("slider", name="Alcohol")
    alcohol.scroll_into_view_if_needed()
    bar.wait_for(state="visible")
    short.wait_for(state="visible")
    assert short.inner_text() == "→ to a taster"
    for width in (390, 360):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        inv.charts_resized(page)
        alcohol.scroll_into_view_if_needed()
        assert page.evaluate(f"""() => {{ const bar = document.getElementById('{ids.SUMMARY}'),
            own = document.getElementById('{ids.SUMMARY_DECISION}').getBoundingClientRect(),
            box = bar.getBoundingClientRect();
            return bar.scrollWidth <= bar.clientWidth && own.left >= box.left && own.right <= box.right; }}"""), width
        assert inv.cut_text(page, f"pinned verdict with a taster at {width} px") == []
        page.screenshot(path=screenshots / f"decide-{width}-pinned-verdict.png")
    page.set_viewport_size(PHONE)

    # no taster: the decision for the wine on the sliders, as the rule computes it, after a key on Alcohol
    page.get_by_label("Send doubtful wines to a taster").uncheck()
    page.wait_for_function("!new URLSearchParams(location.search).has('t')", timeout=15000)
    alcohol.scroll_into_view_if_needed()
    alcohol.focus()
    page.keyboard.press("End")
    page.wait_for_function("new URLSearchParams(location.search).get('al') === '14.9'", timeout=15000)
    params = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    wine = {f["name"]: float(params[key_of(f)]) for f in loaded_model.features} | {"color": "white"}
    proba = predict_proba(loaded_model, wine_matrix(wine))
    expected = f"→ sell as {('poor', 'average', 'good')[int(decide(proba, parse_policy(TEN_X))[0])]}"
    page.wait_for_function(f"document.getElementById('{ids.SUMMARY_DECISION}').innerText === {expected!r}",
                           timeout=15000)
    assert expected[2:] in page.locator(f"#{ids.VERDICT_DECISION}").text_content()

    # zero-one costs: the bar is the plain verdict again
    page.get_by_role("button", name=PRESETS["same"][0]).click()
    short.wait_for(state="hidden", timeout=15000)
    assert board.errors == []


PROJECTOR = {"width": 1280, "height": 720}
# the boxes of a chart's legend entries (their texts and symbols) and of its x axis's title
LEGEND_AND_TITLE_JS = """sel => {
  const gd = document.querySelector(sel);
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {entries: [...gd.querySelectorAll('.legend .traces')].map(box), title: box(gd.querySelector('.xtitle')),
          figure: box(gd.querySelector('.main-svg')), plot: box(gd.querySelector('.bglayer .bg')),
          texts: [...gd.querySelectorAll('.gtitle, .xtick text, .ytick text, .xtitle, .ytitle, .legendtext')]
                   .map(e => ({text: e.textContent, ...box(e)})).filter(t => t.right > t.left),  // drawn ones
          dots: [...gd.querySelectorAll('.shapelayer path')].filter(e => e.style.display !== 'none'
                   && e.getAttribute('d')).map(box)};
}"""


def inside(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (a["left"] >= b["left"] - slack and a["right"] <= b["right"] + slack
            and a["top"] >= b["top"] - slack and a["bottom"] <= b["bottom"] + slack)


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (a["left"] < b["right"] - slack and b["left"] < a["right"] - slack
            and a["top"] < b["bottom"] - slack and b["top"] < a["bottom"] - slack)


@pytest.mark.parametrize("viewport, query", [
    (WIDE, ""), (WIDE, "?p=1"), (PROJECTOR, "?p=1"), (PHONE, ""),
], ids=["1920x1080", "1920x1080-presenting", "1280x720-presenting", "390-phone"])
def test_each_decision_charts_legend_stays_clear_of_its_axis_title(open_page, viewport, query):
    """No legend entry of a decision chart runs into its x axis's title, at every size and in presentation mode's
    larger print (where the coverage chart's legend, wrapped onto three lines in a third of the width, once pushed
    the plot up into its title; on a phone it did so too). No title, tick label or legend text runs past the chart's
    edges (the coverage chart's title once did on a phone), and each policy dot is whole inside the plot (one at
    100% was cut in half by the plot's edge on a phone)."""
    board = open_page(viewport, query)
    page = board.page
    if query:
        page.wait_for_function("document.querySelector('.app-shell').classList.contains('presenting')")
    page.wait_for_load_state("networkidle")
    for graph in (ids.DECIDE_CURVE, ids.DECIDE_ROC, ids.DECIDE_PR):
        page.locator(f"#{graph}").scroll_into_view_if_needed()
        sel = f"#{graph} .js-plotly-plot"
        page.wait_for_function("sel => { const gd = document.querySelector(sel);"
                               " return gd._fullLayout && gd.querySelector('.legend') && gd.querySelector('.xtitle'); }",
                               arg=sel, timeout=15000)
        boxes = page.evaluate(LEGEND_AND_TITLE_JS, sel)
        assert len(boxes["entries"]) == 3, boxes  # cost, error rate and the policy; or the three buckets
        assert [e for e in boxes["entries"] if overlap(e, boxes["title"])] == [], (graph, boxes)
        assert boxes["texts"] and [t for t in boxes["texts"] if not inside(t, boxes["figure"])] == [], (graph, boxes)
        assert boxes["dots"] and [d for d in boxes["dots"] if not inside(d, boxes["plot"])] == [], (graph, boxes)
    assert board.errors == []


@pytest.mark.parametrize("width, rows", [(901, [1, 2]), (900, [1, 1, 1])])
def test_on_a_projector_the_coverage_chart_has_a_row_of_its_own_down_to_901_px(open_page, width, rows):
    """Presenting, wider than a phone (901 px and up): the coverage chart on a row of its own, ROC and precision-recall
    side by side under it; at 900 px (a phone's layout) the three stand one above the other."""
    board = open_page({"width": width, "height": 720}, "?p=1")
    page = board.page
    page.wait_for_function("document.querySelector('.app-shell').classList.contains('presenting')")
    tops = page.evaluate(f"""[{ids.DECIDE_CURVE!r}, {ids.DECIDE_ROC!r}, {ids.DECIDE_PR!r}].map(id =>
        Math.round(document.getElementById(id).getBoundingClientRect().top))""")
    assert [tops.count(top) for top in sorted(set(tops))] == rows, tops
    assert board.errors == []


# the policy's answer (the test set's callback) held back 1.5 s in the browser: it lands after the link's wine
HOLD_POLICY_ANSWER_JS = f"""
const fetch = window.fetch;
window.fetch = function (url, init) {{
  const answer = fetch.apply(this, arguments);
  if (String(url).includes('_dash-update-component') && init && String(init.body).includes('{ids.POLICY}.data')
      && String(init.body).includes('{ids.DECIDE_DRAW}.data')) {{
    window.__held = (window.__held || 0) + 1;
    return answer.then(r => new Promise(done => setTimeout(() => {{ window.__landed = (window.__landed || 0) + 1;
                                                                    done(r); }}, 1500)));
  }}
  return answer;
}};"""


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1920", "phone"])
def test_a_link_with_a_wine_and_costs_decides_on_the_links_wine(warm, live_server, loaded_model, viewport):
    """A link that brings a wine and costs together: the verdict's decision is for the link's wine under the link's
    costs, whichever answer comes last. The policy's answer is held back until after the wine's, as it came on
    3 of 10 loads: the line then said the page's first wine's decision ("Most likely: average 56%" under an 86%
    verdict), which that answer had written from the wine it had seen."""
    from model.scenario import decode_scenario
    from tests.browser.conftest import open_dashboard

    query = "?fa=8.3&va=0.3&al=12.5&c=r&k=0_1_10_1_0_1_1_1_0&t=0.25"
    board = open_dashboard(warm, live_server + query, viewport,
                           before=lambda page: page.add_init_script(HOLD_POLICY_ANSWER_JS))
    try:
        page = board.page
        page.wait_for_function("window.__held >= 1 && window.__landed === window.__held", timeout=15000)
        wine = decode_scenario(query, loaded_model.features).wine
        proba = predict_proba(loaded_model, wine_matrix(wine))
        policy = parse_policy(TEN_X, 0.25)
        d = int(decide(proba, policy)[0])
        action = "send to a taster" if d == 3 else f"sell as {('poor', 'average', 'good')[d]}"
        likely = int(proba[0].argmax())
        expected = (action, f"expected cost {expected_costs(proba, policy)[0, d]:.2f}",
                    f"Most likely: {('poor', 'average', 'good')[likely]} {percent_labels(proba[0])[likely]}")
        line = page.locator(f"#{ids.VERDICT_DECISION}")
        page.wait_for_function(f"document.getElementById('{ids.VERDICT_DECISION}').innerText.includes({expected[1]!r})",
                               timeout=15000)
        inv.rest(page)  # nothing comes after it to write an older wine's line
        text = line.inner_text()
        assert all(part in text for part in expected), (text, expected)
        assert board.errors == []
    finally:
        board.close()
