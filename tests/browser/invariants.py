"""What must hold for the whole page after every step a person takes, whatever the step: nothing shifts, the
answer to a control is in view, no text is cut, a swipe scrolls, no note describes an old wine, axe-core is
content. Each check returns a list of problems (empty = holds), so a walk can name every one it meets."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from components.later import PENDING

# installed before the first byte of every page: sums layout shifts that no input caused
LAYOUT_SHIFT_OBSERVER = """(() => {
  window.__shift = {total: 0, entries: []};
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (e.hadRecentInput) { return; }
    window.__shift.total += e.value;
    const moved = (e.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?');
    window.__shift.entries.push(e.value.toFixed(4) + ' ' + moved.join(',').slice(0, 120));
  })).observe({type: 'layout-shift', buffered: true});
})();"""

SHIFT_LIMIT = 0.01

# installed before the first byte of a page (`watch_rest`): what `rest` reads that the page does not say itself,
# the fetches on their way and the last change to the DOM
REST_WATCH = """(() => {
  let asking = 0;
  const closed = () => { asking -= 1; };
  window.__rest = {asking: () => asking, changed: 0, since: null};
  const fetch = window.fetch;
  window.fetch = function () {
    asking += 1;
    const answer = fetch.apply(this, arguments);
    answer.then(closed, closed);
    return answer;
  };
  new MutationObserver(() => { window.__rest.changed = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""

# The page at rest for `ms`: no fetch on its way, no Dash callback asked or running, no thumb held and no burst of
# keys (assets/live.js), the settled wine handed to every panel on screen (assets/whatif.js), no chart drawing
# queued (assets/charts.js), no part of the page still to mount (assets/later.js), and the DOM unchanged.
AT_REST = """ms => {
  const rest = window.__rest, c = window.dash_clientside || {};
  if (!rest) { throw new Error('the page opened without REST_WATCH (invariants.watch_rest)'); }
  const state = window.dash_stores && window.dash_stores[0] && window.dash_stores[0].getState();
  const queued = state ? ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
    .some(k => state.callbacks[k].length) : true;
  const busy = !state || state.isLoading || queued || rest.asking() > 0 || !c.live || c.live.busy(0)
    || !c.whatif || !c.whatif.resting() || !c.charts || !c.charts.resting()
    || document.querySelector('.%(pending)s') !== null;
  const now = performance.now();
  if (busy) { rest.since = null; return false; }
  if (rest.since === null) { rest.since = now; }
  return now - rest.since >= ms && now - rest.changed >= ms;
}""" % {"pending": PENDING}
REST_MS = 150

# visible elements that clip their own line: an ellipsis, or hidden overflow on a text that does not fit
CUT_TEXT = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  if (el.closest('svg, .boot-skeleton') || !el.getClientRects().length) { return false; }
  const s = getComputedStyle(el), box = el.getBoundingClientRect();
  if (s.visibility === 'hidden' || box.width <= 1 || box.height <= 1) { return false; }  // for screen readers only
  const clips = s.textOverflow === 'ellipsis' || s.overflowX === 'hidden' || s.overflowX === 'clip';
  const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  return clips && ownText && el.scrollWidth > el.clientWidth + 1;
}).map(el => (el.id || el.className || el.nodeName) + ': ' + el.textContent.trim().slice(0, 60))"""

# every visible Plotly chart: bar labels, annotations, tick labels neither overlap nor cross the svg's edge
CHART_TEXT = """() => {
  const problems = [];
  document.querySelectorAll('.js-plotly-plot').forEach(plot => {
    const root = plot.querySelector('.main-svg');
    if (!root || !plot.getClientRects().length) { return; }
    const edge = root.getBoundingClientRect();
    if (edge.width === 0) { return; }
    const name = (plot.closest('[id]') || plot).id;
    const boxes = [];
    plot.querySelectorAll('.bartext, .annotation-text, .xtick text, .ytick text').forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && el.textContent.trim() && getComputedStyle(el).opacity !== '0') {
        boxes.push({text: el.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom});
      }
    });
    boxes.forEach((a, i) => {
      if (a.l < edge.left - 0.5 || a.r > edge.right + 0.5 || a.t < edge.top - 0.5 || a.b > edge.bottom + 0.5) {
        problems.push(name + ' crosses the edge: ' + a.text);
      }
      boxes.slice(i + 1).forEach(b => {
        const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
        if (w > 1 && h > 1) { problems.push(name + ' overlap: ' + a.text + ' | ' + b.text); }
      });
    });
  });
  return problems;
}"""

# any of the selector's elements at least 40 px (or whole) inside the viewport
IN_VIEW = """selector => {
  const shown = Array.from(document.querySelectorAll(selector)).filter(el => el.getClientRects().length
    && getComputedStyle(el).visibility !== 'hidden');
  if (!shown.length) { return 'not shown'; }
  const where = shown.map(el => {
    const r = el.getBoundingClientRect();
    const seen = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    return seen >= Math.min(40, r.height) ? '' : 'top at ' + Math.round(r.top) + ' px, viewport ' + innerHeight + ' px';
  });
  return where.includes('') ? '' : where.join(', ');
}"""

SLIDER_VALUES = "() => Array.from(document.querySelectorAll('[role=slider]')).map(s => s.getAttribute('aria-valuenow'))"


def watch_layout_shift(where) -> None:
    """From the next page `where` (a page, or a context's every page) opens: its layout shifts recorded."""
    where.add_init_script(LAYOUT_SHIFT_OBSERVER)


def watch_rest(where) -> None:
    """From the next page `where` (a page, or a context's every page) opens: what `rest` needs recorded."""
    where.add_init_script(REST_WATCH)


def rest(page, ms: int = REST_MS, timeout: int = 10_000) -> None:
    """Wait until the page has done all a step set off and stayed still for `ms` (AT_REST): a step's every answer
    is on the page, however long a busy machine takes, and no sooner. The stillness counts from this call: a step
    that changes nothing at once (a scroll, whose IntersectionObserver answers at the next frame) still gets its
    `ms`, however long the page had been still before it."""
    page.evaluate("() => { window.__rest.since = null; }")
    page.wait_for_function(AT_REST, arg=ms, timeout=timeout)


def layout_shift(page, step: str, since: float = 0.0) -> tuple[float, list[str]]:
    """The shift since `since` (the total at the step's start); returns (total now, problems)."""
    shift = page.evaluate("window.__shift")
    grown = shift["total"] - since
    if grown <= SHIFT_LIMIT:
        return shift["total"], []
    return shift["total"], [f"[layout-shift] {step}: {grown:.3f} > {SHIFT_LIMIT} ({'; '.join(shift['entries'][-4:])})"]


def kept_its_place(step: str, control: str, before: dict | None, after: dict | None) -> list[str]:
    """A clicked control that moves (within the 500 ms layout shift forgives after an input) sends a second click
    elsewhere."""
    if not before or not after:
        return []
    moved = max(abs(before["x"] - after["x"]), abs(before["y"] - after["y"]))
    return [f"[layout-shift] {step}: {control} moved {moved:.0f} px under the pointer"] if moved > 1 else []


def answer_in_view(page, step: str, selector: str) -> list[str]:
    where = page.evaluate(IN_VIEW, selector)
    return [f"[answer-in-view] {step}: {selector} {where}"] if where else []


# every chart drawn is drawn at its box's width: a resize of the window has reached the charts
CHARTS_AT_WIDTH = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd => !gd._fullLayout
  || !gd.clientWidth || Math.abs(gd._fullLayout.width - gd.clientWidth) <= 1)"""


def charts_resized(page) -> None:
    """After the viewport changes: wait until every chart is drawn at its new width (dcc.Graph resizes a chart some
    100-200 ms after its box changes), then for the tasks its drawing queued (the Why chart's range is fitted again
    in one), so that a check sees the page a person sees once the window has changed."""
    page.wait_for_function(CHARTS_AT_WIDTH, timeout=5000)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")


# how far the verdict's words beside the glass run past their box, which keeps one height so that the bars never move:
# words past it would scroll inside it, cut off at its foot (0 when the verdict is not shown)
VERDICT_OVERRUN = """() => { const v = document.getElementById('verdict');
  return v && v.getClientRects().length ? v.scrollHeight - v.clientHeight : 0; }"""


def cut_text(page, step: str) -> list[str]:
    overrun = page.evaluate(VERDICT_OVERRUN)
    below = [f"verdict: its words run {overrun} px past its box"] if overrun > 1 else []
    return [f"[cut-text] {step}: {p}" for p in page.evaluate(CUT_TEXT) + page.evaluate(CHART_TEXT) + below]


def accessibility(page, step: str) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"[axe] {step}: {v['impact']} {v['id']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def slider_values(page) -> list[str]:
    return page.evaluate(SLIDER_VALUES)


def touch_swipe(page, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """A finger from `start` to `end`, through Chrome's own touch events (not synthetic DOM events)."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, steps + 1):
        x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


# the empty band between the verdict (its glass and its words) and the bars' plot area, in px
VERDICT_GAP = """() => {
  const shown = el => el.checkVisibility({visibilityProperty: true});   // a closed <details>' content is not
  const frame = document.getElementById('verdict-frame'), view = document.getElementById('wine-view');
  const plot = document.querySelector('#proba-graph .js-plotly-plot');
  const words = document.getElementById('verdict').getBoundingClientRect();  // its words scroll inside it
  const bottoms = Array.from(view.querySelectorAll('.glass-foot, .glass-badge')).filter(shown)
    .map(el => el.getBoundingClientRect().bottom).concat(Array.from(view.querySelectorAll('#verdict > *'))
    .filter(shown).map(el => Math.min(el.getBoundingClientRect().bottom, words.bottom)));
  // words of the verdict's frame before the bars other than the verdict's (notes, once kept there) are above the gap;
  // room kept empty for them is part of the gap
  const words_of = el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  Array.from(frame.querySelectorAll('*')).filter(el => !view.contains(el) && !el.contains(plot) && shown(el)
    && words_of(el) && el.compareDocumentPosition(plot) & Node.DOCUMENT_POSITION_FOLLOWING)
    .forEach(el => bottoms.push(el.getBoundingClientRect().bottom));
  return plot.querySelector('.main-svg').getBoundingClientRect().top + plot._fullLayout._size.t - Math.max(...bottoms);
}"""

# visible text (an element's own words, or a box's value) set smaller than `floor` px; a chart's type is its own
SMALL_TYPE = """floor => Array.from(document.querySelectorAll('body *')).filter(el => {
  if (el.closest('.boot-skeleton, .sr-only') || !el.getClientRects().length) { return false; }
  const chart = el.closest('svg');  // a chart's words are its <text> elements
  if (chart && el.tagName !== 'text') { return false; }
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || parseFloat(s.opacity) === 0) { return false; }
  const words = chart ? el.textContent.trim()
    : el.tagName === 'INPUT' ? (el.type !== 'checkbox' && el.type !== 'radio' && el.value)
    : Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  return words && parseFloat(s.fontSize) < floor;
}).map(el => getComputedStyle(el).fontSize + ' '
  + (el.closest('svg') ? el.closest('div[id]').id + ' text' : (el.id || el.className || el.nodeName)) + ': '
  + (el.value || el.textContent).trim().slice(0, 40))"""


def verdict_gap(page) -> float:
    return page.evaluate(VERDICT_GAP)


def small_type(page, step: str, floor: float) -> list[str]:
    return [f"[small-type] {step}: {p}" for p in page.evaluate(SMALL_TYPE, floor)]


# words of the page under the phone's pinned verdict while it shows, other than the sliders' own (it pins beside them)
UNDER_THE_BAR = """() => {
  const bar = document.getElementById('prediction-summary');
  if (!bar || !bar.checkVisibility({visibilityProperty: true})) { return []; }
  const b = bar.getBoundingClientRect();
  return Array.from(document.querySelectorAll('body *')).filter(el => {
    if (bar.contains(el) || el.closest('.card.controls, svg, .boot-skeleton, .sr-only')) { return false; }
    if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) { return false; }
    return Array.from(el.getClientRects()).some(r => r.bottom > b.top + 1 && r.top < b.bottom - 1 && r.width > 0);
  }).map(el => (el.id || el.className || el.nodeName) + ': ' + el.textContent.trim().slice(0, 50))
}"""


def under_the_bar(page, step: str) -> list[str]:
    return [f"[covered] {step}: {p}" for p in page.evaluate(UNDER_THE_BAR)]
