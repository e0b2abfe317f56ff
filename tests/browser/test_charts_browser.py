"""The charts' first draws (assets/charts.js) in headless Chromium: one chart per task, those on screen first, and a
link's wine still ends exact on every chart, numbers that arrive before a chart's first draw included."""
from __future__ import annotations

import pytest
from dash import dcc

from callbacks.sensitivity import sensitivity_sweeps
from components import ids
from components.decide import PRESETS
from components.layout import build_layout
from tests.browser.conftest import WIDE, new_page

pytestmark = pytest.mark.browser

LINK = {"fixed acidity": 7.4, "volatile acidity": 0.7, "citric acid": 0.0, "residual sugar": 1.9, "chlorides": 0.076,
        "free sulfur dioxide": 11.0, "total sulfur dioxide": 34.0, "density": 0.9978, "pH": 3.51, "sulphates": 0.56,
        "alcohol": 9.4}
QUERY = "?fa=7.4&va=0.7&ca=0&rs=1.9&cl=0.076&fs=11&ts=34&de=0.9978&ph=3.51&su=0.56&al=9.4&c=r"

# Before the page's scripts: for each chart, its first drawing as it appears, whether it was on screen then, and the
# timer task it was drawn in. Every timer callback the page runs (assets/charts.js's queue runs one drawing call per
# setTimeout) first counts one more timer task: two charts drawn in one task share its count. Counting tasks, not
# the turns of a probe timer, holds on a loaded machine (a probe's turns depend on sub-millisecond timings there).
FIRST_DRAWS = """(() => {
  window.__firstDraws = [];
  window.__timerTasks = 0;
  const timeout = window.setTimeout;
  window.setTimeout = function (fn, ...rest) {
    if (typeof fn !== 'function') { return timeout.call(this, fn, ...rest); }
    return timeout.call(this, function () { window.__timerTasks += 1; return fn.apply(this, arguments); }, ...rest);
  };
  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(node => {
    if (!(node instanceof Element) || !node.classList.contains('main-svg')) { return; }
    const gd = node.closest('.js-plotly-plot');
    if (!gd || !gd.closest('.dash-graph') || window.__firstDraws.some(d => d.gd === gd)) { return; }  // a page's chart
    const box = gd.getBoundingClientRect();
    window.__firstDraws.push({ gd, onScreen: box.bottom > 0 && box.top < innerHeight, chart: gd.parentElement.id,
                               task: window.__timerTasks, t: performance.now() });
  }))).observe(document, { childList: true, subtree: true });
})()"""


def open_page(context, url: str, viewport: dict):
    """A new page of `context` (the warm one, or a test's own) at `url` and `viewport`, with its first draws
    recorded."""
    page = new_page(context, viewport)
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
def test_the_charts_first_draws_run_one_per_task(warm, live_server, loaded_model, viewport, mode):
    charts = sum(isinstance(c, dcc.Graph) for c in build_layout(loaded_model)._traverse())  # 22
    page, errors = open_page(warm, live_server + QUERY + mode, viewport)
    try:
        page.wait_for_function("n => [...document.querySelectorAll('.js-plotly-plot')].every(g => g.querySelector('.main-svg'))"
                               " && window.__firstDraws.length >= n", arg=charts, timeout=15_000)
        graphs = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
        draws = page.evaluate("window.__firstDraws.map(d => ({onScreen: d.onScreen, chart: d.chart, task: d.task}))")
        # every chart on the page, the model card's and the sensitivity charts included
        assert len(draws) == graphs == charts
        # each in a timer task of its own (drawn in one chain, all ~20 would share one)
        tasks = [d["task"] for d in draws]
        assert len(set(tasks)) == len(tasks) and 0 not in tasks, draws
        assert ids.PROBA_GRAPH in [d["chart"] for d in draws if d["onScreen"]]
        assert errors == []
    finally:
        page.close()


def test_a_links_wine_ends_exact_on_charts_whose_numbers_came_before_their_first_draw(warm, live_server,
                                                                                       loaded_model):
    """A screen tall enough to show every panel, so that the sensitivity charts' numbers for the link's wine are asked
    as soon as the wine settles, while the queue may still be drawing charts the first time."""
    page, errors = open_page(warm, live_server + QUERY, {"width": 1920, "height": 6000})
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
        page.close()


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



# Three drawn charts drawn whole again in one task (as one answer of presentation mode redraws sixteen), then a
# relayout of the second: what each shows at once, and the timer task each redraw ran in (every timer callback
# counts one more task); then, in a later task, one chart drawn whole alone.
REDRAWN_TOGETHER = """() => new Promise(done => {
  const charts = window.dash_clientside.charts;
  const make = () => {
    const gd = document.createElement('div');
    gd.style.cssText = 'width: 300px; height: 200px';
    document.body.appendChild(gd);
    return gd;
  };
  const [a, b, c] = [make(), make(), make()];
  const y = gd => gd.data[0].y[0];
  [a, b, c].forEach(gd => Plotly.react(gd, [{ type: 'bar', y: [1] }], {}));
  charts.after(c, () => charts.after(b, () => charts.after(a, () => window.setTimeout(() => {
    let tasks = 0;
    const timeout = window.setTimeout;
    window.setTimeout = function (fn, ...rest) {
      return timeout.call(this, function () { tasks += 1; return fn.apply(this, arguments); }, ...rest);
    };
    const ran = {};
    [['a', a], ['b', b], ['c', c]].forEach(([name, gd]) => gd.on('plotly_afterplot', () => {
      (ran[name] = ran[name] || []).push(tasks);
    }));
    const seen = [];
    [a, b, c].forEach(gd => Plotly.react(gd, [{ type: 'bar', y: [2] }], {}));
    Plotly.relayout(b, { 'title.text': 'after' });
    seen.push(['at once', [a, b, c].map(y), [a, b, c].map(charts.pending)]);
    const first = name => (ran[name] || [null])[0];
    charts.after(c, () => charts.after(b, () => window.setTimeout(() => {
      window.setTimeout = timeout;
      seen.push(['then', [a, b, c].map(y), b.layout.title.text, first('b') !== first('c'), first('a') === 0]);
      Plotly.react(c, [{ type: 'bar', y: [3] }], {});
      seen.push(['alone, in a later task: at once', y(c)]);
      [a, b, c].forEach(gd => { Plotly.purge(gd); gd.remove(); });
      done(seen);
    }, 0)));
  }, 0))));
})"""


def test_charts_drawn_whole_together_are_drawn_one_per_task_the_first_at_once(dashboard):
    """assets/charts.js: one answer that redraws many charts (presentation mode: sixteen, in one task of 180-370 ms)
    draws the first at once and queues each other one, one chart per task; a call made meanwhile on a queued chart
    comes after its redraw; a chart drawn whole alone in a later task is drawn at once again."""
    seen = dashboard.page.evaluate(REDRAWN_TOGETHER)
    assert seen == [["at once", [2, 1, 1], [False, True, True]], ["then", [2, 2, 2], "after", True, True],
                    ["alone, in a later task: at once", 3]]
    assert dashboard.errors == []

# A chart inside #own-test, owned (charts.own) by numbers set on window.__ownNumbers, whose first draw is held for
# them (charts.holdFirstDraw), beside a chart that is not: what each shows, and how many drawing calls were made on
# it, at each step. The numbers' figure is built from the page's own, which stays as it was.
OWNED_DRAWS = """() => new Promise(done => {
  const charts = window.dash_clientside.charts;
  const chart = (box) => {
    const gd = document.createElement('div');
    gd.style.cssText = 'width: 300px; height: 200px';
    box.appendChild(gd);
    return gd;
  };
  const box = document.createElement('div');
  box.id = 'own-test';
  document.body.appendChild(box);
  const gd = chart(box), other = chart(document.body);
  const own = { data: [{ type: 'bar', y: [1, 2, 3] }], layout: {} };
  window.__ownNumbers = null;
  charts.own('#own-test', figure => window.__ownNumbers === null ? null
    : { data: [Object.assign({}, figure.data[0], { y: window.__ownNumbers })], layout: figure.layout });
  const seen = [];
  charts.holdFirstDraw('#own-test');
  Plotly.react(gd, own);
  Plotly.react(other, { data: [{ type: 'bar', y: [4] }], layout: {} });
  charts.after(other, () => setTimeout(() => {
    seen.push(['the other chart drawn; this one held', other.data[0].y, gd.data === undefined,
               charts.drawn('#own-test')]);
    window.__ownNumbers = [7, 8, 9];
    charts.release('#own-test');
    charts.after(gd, () => {
      seen.push(['drawn once, with its numbers', gd.data[0].y, charts.calls(gd), own.data[0].y,
                 charts.drawn('#own-test')]);
      Plotly.react(gd, { data: [{ type: 'bar', y: [1, 2, 3] }], layout: { font: { size: 20 } } });
      seen.push(['a whole figure made for another wine', gd.data[0].y, gd.layout.font.size]);
      window.__ownNumbers = null;
      Plotly.react(gd, own);
      seen.push(['no numbers: the figure as given', gd.data[0].y]);
      [gd, other, box].forEach(el => { Plotly.purge(el); el.remove(); });
      done(seen);
    });
  }, 50));
})"""


def test_a_charts_owner_draws_its_numbers_in_every_whole_figure_the_first_draw_included(dashboard):
    """assets/charts.js: a first draw held for its numbers (a link's Why chart) waits while other charts are drawn,
    then draws the figure its owner makes with them, in one drawing call; a later whole figure (presentation mode's,
    made for an older wine) also gets them; with no numbers, a figure is drawn as given."""
    seen = dashboard.page.evaluate(OWNED_DRAWS)
    assert seen == [["the other chart drawn; this one held", [4], True, False],
                    ["drawn once, with its numbers", [7, 8, 9], 1, [1, 2, 3], True],
                    ["a whole figure made for another wine", [7, 8, 9], 20],
                    ["no numbers: the figure as given", [1, 2, 3]]]
    assert dashboard.errors == []


# The page's own first draws share the queue (one chart per task) with a test's chart, and its parts mount a task at a
# time: a test that times the queue waits until the page has drawn every chart it has, the count still for 500 ms.
PAGE_DRAWN = """() => new Promise(done => {
  const charts = window.dash_clientside.charts;
  let last = -1, still = 0;
  const look = () => {
    const all = [...document.querySelectorAll('.js-plotly-plot')];
    const drawn = all.every(gd => gd._fullLayout && !charts.pending(gd));
    still = drawn && all.length === last ? still + 1 : 0;
    last = all.length;
    if (still >= 5) { done(all.length); } else { setTimeout(look, 100); }
  };
  look();
})"""


def page_drawn(page) -> int:
    """Wait until the page has drawn all its charts (PAGE_DRAWN); how many there are."""
    return page.evaluate(PAGE_DRAWN)


# A chart held for its numbers (charts.holdFirstDraw) beside one that is not: after `wait` ms, is each drawn? Then
# another selector is released, and then the held one: is it drawn 150 ms later (the queue's frame and task)?
HOLD_UNTIL_RELEASED = """wait => new Promise(done => {
  const charts = window.dash_clientside.charts;
  const box = document.createElement('div');
  box.id = 'hold-test';
  const gd = document.createElement('div'), other = document.createElement('div');
  [gd, other].forEach(el => { el.style.cssText = 'width: 300px; height: 200px'; });
  box.appendChild(gd);
  document.body.append(box, other);
  charts.holdFirstDraw('#hold-test');
  Plotly.react(gd, { data: [{ type: 'bar', y: [1, 2, 3] }], layout: {} });
  Plotly.react(other, { data: [{ type: 'bar', y: [4] }], layout: {} });
  const drawn = el => el.data !== undefined && el._fullLayout !== undefined;
  const seen = [];
  setTimeout(() => {
    seen.push([`after ${wait} ms: held, other`, drawn(gd), drawn(other)]);
    charts.release('#another-chart');
    setTimeout(() => {
      seen.push(['another released', drawn(gd)]);
      charts.release('#hold-test');
      setTimeout(() => {
        seen.push(['released', drawn(gd)]);
        [gd, other].forEach(el => Plotly.purge(el));
        box.remove();
        other.remove();
        done(seen);
      }, 150);
    }, 150);
  }, wait);
})"""


def test_a_held_first_draw_waits_until_its_numbers_release_it_however_long(dashboard):
    """whatif.js holds a link's Why chart until its numbers come (or their answer is refused): 3 s on (a busy server),
    it is still not drawn, while a chart beside it was; released, it is drawn at once."""
    assert page_drawn(dashboard.page) >= 20
    seen = dashboard.page.evaluate(HOLD_UNTIL_RELEASED, 3000)
    assert seen == [["after 3000 ms: held, other", False, True], ["another released", False], ["released", True]]
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


# Before the page's scripts: when assets/charts.js defines window.Plotly, its setter is wrapped to note whether the
# set-up had been drawn by the time Plotly was set (it must not: it comes in a task of its own, after).
WHEN_SET = """(() => {
  const define = Object.defineProperty;
  Object.defineProperty = function (target, name, desc) {
    if (target === window && name === 'Plotly' && desc && desc.set) {
      Object.defineProperty = define;
      const set = desc.set;
      desc = Object.assign({}, desc, { set(lib) {
        set.call(this, lib);
        window.__warmedWhenSet = window.dash_clientside.charts.warmed();
      } });
    }
    return define.call(Object, target, name, desc);
  };
})()"""


def test_plotly_sets_itself_up_off_screen_before_the_first_chart_is_drawn(browser, live_server):
    """Plotly's first drawing on a page (its set-up) is a tiny chart off screen, in a task of its own after the one
    that loads Plotly, taken away once drawn: no chart of the page pays for it, and nothing of it stays."""
    context = browser.new_context(viewport=WIDE)
    context.add_init_script(WHEN_SET)
    page, errors = open_page(context, live_server + QUERY, WIDE)
    try:
        page.wait_for_function("window.__firstDraws.length >= 3", timeout=15_000)
        assert page.evaluate("window.__warmedWhenSet") is None  # not yet when Plotly was set: not in that task
        warmed = page.evaluate("window.dash_clientside.charts.warmed()")
        first = page.evaluate("window.__firstDraws[0].t")
        assert warmed is not None and 0 < warmed < first
        # every drawn chart is one of the page's, and the set-up's element is gone
        assert page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].every(g => g.closest('.dash-graph'))")
        assert page.evaluate("document.querySelectorAll('body > [aria-hidden=true][style*=\"-10000px\"]').length") == 0
        assert errors == []
    finally:
        page.context.close()


LABEL_ROOM = """() => new Promise(done => {
  const charts = window.dash_clientside.charts;
  const font = {size: 13, family: 'sans-serif'};
  const labels = ['Total sulfur dioxide', 'pH'];
  const left = charts.labelRoom(labels, font);
  const bars = {type: 'bar', orientation: 'h', x: [1, 2], y: labels};
  const layout = margin => ({font, margin: {l: margin, r: 10, t: 10, b: 30}, yaxis: {automargin: true}});
  const cases = {
    narrower: [[bars], layout(8)],
    'one short': [[bars], layout(left - 1)],
    'just wide enough': [[bars], layout(left)],
    'automargin off': [[bars], {...layout(8), yaxis: {automargin: false}}],
    'upright bars': [[{type: 'bar', x: labels, y: [1, 2]}], layout(8)],
  };
  const out = {left};
  const names = Object.keys(cases);
  const next = () => {
    const name = names.shift();
    if (!name) { done(out); return; }
    const gd = document.createElement('div');
    gd.style.cssText = 'width: 400px; height: 200px';
    document.body.appendChild(gd);
    const [data, lay] = cases[name];
    Plotly.react(gd, {data, layout: lay}).then(() => {
      out[name] = [gd.layout.margin.l, gd._fullLayout._size.l, lay.margin.l];
      Plotly.purge(gd); gd.remove(); next();
    });
  };
  next();
})"""


def test_a_whole_figures_horizontal_bars_get_the_margin_their_labels_need(dashboard):
    """assets/charts.js: a figure drawn whole, with horizontal bars and automargin on its y axis, gets the left margin
    its labels need, so that Plotly's automargin pushes nothing (a push draws the chart a second time); a margin as
    wide or wider, another chart, and a figure that does not ask for automargin are drawn as given. The figure
    passed in is not changed."""
    seen = dashboard.page.evaluate(LABEL_ROOM)
    left = seen["left"]
    assert left > 100  # 'Total sulfur dioxide' at 13 px, and the pad
    assert seen["narrower"] == [left, left, 8]
    assert seen["one short"] == [left, left, left - 1]
    assert seen["just wide enough"] == [left, left, left]
    assert seen["automargin off"] == [8, 8, 8]
    assert seen["upright bars"][0] == 8
    assert dashboard.errors == []


@pytest.mark.parametrize("viewport, mode", [(WIDE, ""), ({"width": 1280, "height": 720}, "&p=1"),
                                            ({"width": 390, "height": 844}, "")],
                         ids=["1920x1080", "1280x720-presenting", "390-phone"])
def test_the_pages_bar_charts_labels_fit_their_margin_at_the_first_draw(warm, live_server, viewport, mode):
    """Every chart of the page with labels beside horizontal bars (the Why chart, the model card's two): drawn once,
    in the margin asked for (automargin pushed nothing), with every label inside the chart and no wider margin than
    its longest label and the pad."""
    page, errors = open_page(warm, live_server + QUERY + mode, viewport)
    try:
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].every(g => g.querySelector('.main-svg'))"
                               " && window.__firstDraws.length >= 20", timeout=15_000)
        page.wait_for_load_state("networkidle")
        charts = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
          .filter(g => g.offsetParent !== null && g._fullLayout.yaxis && g._fullLayout.yaxis.automargin)
          .map(g => { const labels = [...g.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect());
                      const box = g.getBoundingClientRect();
                      return {chart: g.parentElement.id, asked: g._fullLayout.margin.l, drawn: g._fullLayout._size.l,
                              left: Math.min(...labels.map(r => r.left)) - box.left,
                              widest: Math.max(...labels.map(r => r.width))}; })""")
        expected = {ids.WHY_GRAPH} | ({ids.IMPORTANCE_GRAPH, ids.PERMUTATION_GRAPH} if not mode else set())
        assert {c["chart"] for c in charts} == expected, charts
        for c in charts:
            assert c["asked"] == c["drawn"] > 8, c
            assert c["left"] >= 0, c
            assert c["asked"] - c["widest"] <= 12 + 8, c  # the pad, and a label's own spacing
        assert errors == []
    finally:
        page.close()


def test_at_1920_no_chart_needs_its_margins_pushed_so_each_first_draw_is_one_drawing(warm, live_server):
    """At 1920x1080 every chart's margins, as its figure gives them, already hold its labels and its legend: Plotly's
    automargin pushes none of them (a push draws the chart a second time). Narrower screens may still push."""
    page, errors = open_page(warm, live_server + QUERY, WIDE)
    try:
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].every(g => g.querySelector('.main-svg'))"
                               " && window.__firstDraws.length >= 20", timeout=15_000)
        page.wait_for_load_state("networkidle")
        pushed = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
          const m = g._fullLayout.margin, s = g._fullLayout._size;
          return [g.parentElement.id, ['l', 'r', 't', 'b'].filter(k => Math.round(s[k]) > Math.round(m[k]))]; })""")
        assert len(pushed) >= 20
        assert [p for p in pushed if p[1]] == []
        assert errors == []
    finally:
        page.close()


# Before the page's scripts: animation frames' callbacks are marked while they run; once Plotly is there (wrapped by
# assets/charts.js), each of its redrawing calls notes its chart and whether it was made inside a frame's callback.
REDRAWS = """(() => {
  window.__redraws = [];
  let inFrame = false;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = fn => raf(t => { inFrame = true; try { return fn(t); } finally { inFrame = false; } });
  const watch = () => {
    if (!window.Plotly || !window.Plotly.__firstDrawsQueued) { setTimeout(watch, 5); return; }
    ['update', 'relayout', 'restyle'].forEach(name => {
      const call = window.Plotly[name];
      window.Plotly[name] = function (gd) {
        const graph = gd instanceof Element ? gd.closest('.dash-graph') : null;
        window.__redraws.push({name, chart: graph ? graph.id : '', inFrame});
        return call.apply(this, arguments);
      };
    });
  };
  watch();
})()"""


def test_the_update_flows_redraws_run_after_a_frame_not_inside_it(browser, live_server):
    """The Why chart's arrays, the eleven sweeps and a policy's numbers are each drawn in a task of their own just
    after a frame (charts.afterFrame): inside the frame's callback, the frame's style, layout and paint would be
    added to the redraw's task."""
    context = browser.new_context(viewport=WIDE)
    context.add_init_script(REDRAWS)
    page, errors = open_page(context, live_server + QUERY, WIDE)
    try:
        charts = "window.__redraws.map(r => r.chart)"
        page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot') !== null", timeout=15_000)
        page.wait_for_load_state("networkidle")
        alcohol = page.get_by_role("slider", name="Alcohol")  # a new wine: the Why chart's numbers are redrawn
        alcohol.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"{charts}.includes('{ids.WHY_GRAPH}')", timeout=15_000)
        page.locator(".sensitivity").scroll_into_view_if_needed()
        page.wait_for_function(f"{charts}.filter(c => c.includes('{ids.SENSITIVITY_GRAPH}')).length >= 11",
                               timeout=15_000)
        page.get_by_role("button", name=PRESETS["poor-as-good"][0]).click()
        page.wait_for_function(f"[{ids.CONFUSION_GRAPH!r}, {ids.DECIDE_CURVE!r}, {ids.DECIDE_ROC!r}, {ids.DECIDE_PR!r}]"
                               f".every(c => {charts}.includes(c))", timeout=15_000)
        redraws = page.evaluate("window.__redraws")
        assert [r for r in redraws if r["inFrame"]] == []
        assert errors == []
    finally:
        context.close()
