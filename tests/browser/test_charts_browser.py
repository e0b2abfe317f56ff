"""The charts' first draws (assets/charts.js) in headless Chromium: one chart per task, those on screen first, and a
link's wine still ends exact on every chart, numbers that arrive before a chart's first draw included."""
from __future__ import annotations

import pytest

from callbacks.sensitivity import sensitivity_sweeps
from components import ids
from tests.browser.conftest import WIDE

pytestmark = pytest.mark.browser

LINK = {"fixed acidity": 7.4, "volatile acidity": 0.7, "citric acid": 0.0, "residual sugar": 1.9, "chlorides": 0.076,
        "free sulfur dioxide": 11.0, "total sulfur dioxide": 34.0, "density": 0.9978, "pH": 3.51, "sulphates": 0.56,
        "alcohol": 9.4}
QUERY = "?fa=7.4&va=0.7&ca=0&rs=1.9&cl=0.076&fs=11&ts=34&de=0.9978&ph=3.51&su=0.56&al=9.4&c=r"

# Before the page's scripts: for each chart, its first drawing as it appears and whether it was on screen then; from
# the first one on, a zero-delay timer (bounded) notes how many charts are drawn each time it gets a turn. Charts
# drawn in one task leave the timer no turn in between.
FIRST_DRAWS = """(() => {
  window.__firstDraws = [];
  window.__between = [];
  const look = () => {
    window.__between.push(window.__firstDraws.length);
    if (window.__between.length < 5000) { setTimeout(look, 0); }
  };
  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(node => {
    if (!(node instanceof Element) || !node.classList.contains('main-svg')) { return; }
    const gd = node.closest('.js-plotly-plot');
    if (!gd || window.__firstDraws.some(d => d.gd === gd)) { return; }
    const box = gd.getBoundingClientRect();
    window.__firstDraws.push({ gd, onScreen: box.bottom > 0 && box.top < innerHeight, chart: gd.parentElement.id });
    if (window.__firstDraws.length === 1) { setTimeout(look, 0); }
  }))).observe(document, { childList: true, subtree: true });
})()"""


def open_page(browser, url: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.add_init_script(FIRST_DRAWS)
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('[role=slider][aria-labelledby]').length === 11")
    return page, errors


@pytest.mark.parametrize("viewport, mode", [(WIDE, ""), ({"width": 1280, "height": 720}, "&p=1"),
                                            ({"width": 390, "height": 844}, "")],
                         ids=["1920x1080", "1280x720-presenting", "390-phone"])
def test_the_charts_first_draws_run_one_per_task(browser, live_server, viewport, mode):
    page, errors = open_page(browser, live_server + QUERY + mode, viewport)
    try:
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].every(g => g.querySelector('.main-svg'))"
                               " && window.__firstDraws.length >= 20", timeout=15_000)
        graphs = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
        draws = page.evaluate("window.__firstDraws.map(d => ({onScreen: d.onScreen, chart: d.chart}))")
        assert len(draws) == graphs  # every chart on the page, the model card's and the sensitivity charts included
        # another task got a turn between most two charts, and no task drew more than two (a page that has just
        # started sometimes draws two charts before the timer's turn; drawn in one chain, all ~20 come at once)
        seen = sorted(set(page.evaluate("window.__between")) | {graphs})
        assert max(b - a for a, b in zip(seen, seen[1:])) <= 2, seen
        assert len(set(seen) & set(range(1, graphs))) >= graphs // 2, seen
        assert ids.PROBA_GRAPH in [d["chart"] for d in draws if d["onScreen"]]
        assert errors == []
    finally:
        page.context.close()


def test_a_links_wine_ends_exact_on_charts_whose_numbers_came_before_their_first_draw(browser, live_server,
                                                                                       loaded_model):
    """A screen tall enough to show every panel, so that the sensitivity charts' numbers for the link's wine are asked
    as soon as the wine settles, while the queue may still be drawing charts the first time."""
    page, errors = open_page(browser, live_server + QUERY, {"width": 1920, "height": 6000})
    try:
        charts = {name: f"[id='{{\"name\":\"{name}\",\"type\":\"{ids.SENSITIVITY_GRAPH}\"}}'] .js-plotly-plot"
                  for name in LINK}
        page.wait_for_function("marks => Object.entries(marks).every(([sel, x]) => { const gd = document.querySelector(sel);"
                               " return gd && gd.data && gd.data[3].x[0] === x; })",
                               arg={charts[name]: value for name, value in LINK.items()}, timeout=20_000)
        wine = LINK | {"color": "red"}
        for name, numbers in sensitivity_sweeps(loaded_model, wine).items():
            drawn = page.evaluate("sel => [0, 1, 2].map(k => document.querySelector(sel).data[k].y)", charts[name])
            assert drawn == numbers["lines"], name
        scored = page.request.post(live_server + "/api/predict", data=wine).json()
        bars = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y")
        assert bars == pytest.approx([100 * scored["probabilities"][c] for c in loaded_model.classes], abs=1e-9)
        assert errors == []
    finally:
        page.context.close()


QUEUED_CALLS = """() => new Promise(done => {
  const gd = document.createElement('div');
  gd.style.cssText = 'width: 300px; height: 200px';
  document.body.appendChild(gd);
  const charts = window.dash_clientside.charts;
  const seen = [];
  Plotly.react(gd, [{ type: 'bar', y: [1, 2, 3] }], {});
  seen.push(['first draw asked', charts.pending(gd), gd.data === undefined]);
  Plotly.update(gd, { y: [[4, 5, 6]] });
  charts.after(gd, () => {
    seen.push(['after', charts.pending(gd), gd.data[0].y]);
    Plotly.update(gd, { y: [[7, 8, 9]] });
    seen.push(['drawn: at once', gd.data[0].y]);
    gd.remove();
    done(seen);
  });
})"""


def test_calls_on_a_chart_not_drawn_yet_wait_for_its_first_draw_in_order(dashboard):
    """assets/charts.js: a chart's first draw is queued; an update made meanwhile, and assets/live.js's and
    assets/whatif.js's numbers (charts.after), run after it in the order they came; on a drawn chart, at once."""
    seen = dashboard.page.evaluate(QUEUED_CALLS)
    assert seen == [["first draw asked", True, True], ["after", False, [4, 5, 6]], ["drawn: at once", [7, 8, 9]]]
    assert dashboard.errors == []


ON_SCREEN_FIRST = """() => new Promise(done => {
  const chart = top => {
    const gd = document.createElement('div');
    gd.style.cssText = `position: absolute; left: 0; top: ${top}px; width: 300px; height: 200px`;
    document.body.appendChild(gd);
    return gd;
  };
  const below = chart(document.documentElement.scrollHeight + 2000), shown = chart(window.scrollY + 10);
  const order = [];
  Plotly.react(below, [{ type: 'bar', y: [1] }], {}).then(() => order.push('below the fold'));
  Plotly.react(shown, [{ type: 'bar', y: [2] }], {}).then(() => order.push('on screen'));
  window.dash_clientside.charts.after(below, () => { below.remove(); shown.remove(); done(order); });
})"""


def test_a_chart_on_screen_is_drawn_before_one_below_the_fold_asked_earlier(dashboard):
    """The queue's order: the first queued call on a chart on screen, else the oldest."""
    assert dashboard.page.evaluate(ON_SCREEN_FIRST) == ["on screen", "below the fold"]
    assert dashboard.errors == []
