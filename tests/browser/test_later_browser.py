"""The first screen's parts (the three main cards, then the sliders in two runs, the Why panel and the cost editor inside
them), then the cards under them, mount one per task in the page's order (components/later.py, assets/later.js); the
skeleton stays on screen until the first screen's seven parts are there; once mounted, the parts are the page as
before."""
from __future__ import annotations

import time

import pytest

from components import ids
from components.later import FIRST_SCREEN, PART, PENDING
from model.schema import MEASUREMENT_NAMES
from tests.browser.conftest import WIDE, open_dashboard

pytestmark = pytest.mark.browser

VIEWPORTS = [(WIDE, ""), ({"width": 1280, "height": 720}, "?p=1"), ({"width": 390, "height": 844}, "")]
VIEWPORT_IDS = ["1920x1080", "1280x720-presenting", "390-phone"]
# the parts, by the class of what each holds, in the order they must mount: the first screen's, then the rest
FIRST = ["card controls", "sliders-run", "sliders-run", "card prediction", "why", "card confusion", "decide"]
UNDER = ["card decisions", "card compare", "card sensitivity", "card model-card", "card batch"]
BLOCKS = ".card.controls, .card.prediction, .card.confusion, .sliders, .why, .decide"  # the first screen, whole
N_BLOCKS = len(BLOCKS.split(","))

# Before the page's scripts, each time the page's DOM changed, from the moment the app's shell is there: how many
# parts there are, how many are pending, whether the page is marked booted (the skeleton gone, the shell shown), and
# the parts in the order they mounted (named by the first two classes of what each holds). A mutation observer's
# callback runs after each task that changed the DOM, so two parts mounted in one task show up together.
STATES = """(() => {
  window.__later = [];
  window.__mounted = [];
  const seen = new WeakSet();
  new MutationObserver(() => {
    const shell = document.getElementById(%(shell)s);
    if (!shell) { return; }
    const parts = [...shell.querySelectorAll(%(parts)s)];
    parts.forEach(part => {
      if (!part.classList.contains(%(pending)s) && part.firstElementChild && !seen.has(part)) {
        seen.add(part);
        window.__mounted.push([...part.firstElementChild.classList].slice(0, 2).join(' '));
      }
    });
    const now = {parts: parts.length, pending: parts.filter(p => p.classList.contains(%(pending)s)).length,
                 firstPending: shell.querySelectorAll(%(first_pending)s).length, mounted: window.__mounted.length,
                 booted: document.documentElement.classList.contains('booted')};
    const last = window.__later[window.__later.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(now)) { window.__later.push(now); }
  }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
  window.__painted = [];  // each frame: is the skeleton on screen, is the app, and how many first-screen blocks it has
  requestAnimationFrame(function frame() {
    requestAnimationFrame(frame);
    const shell = document.getElementById(%(shell)s), skeleton = document.querySelector('.boot-skeleton');
    const shown = el => el !== null && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden';
    window.__painted.push({skeleton: shown(skeleton), app: shown(shell),
                           blocks: shell ? shell.querySelectorAll(%(blocks)s).length : 0,
                           thumbs: shell ? shell.querySelectorAll('.card.controls [role=slider]').length : 0});
  });
  window.__drawn = [];  // the charts, by id, in the order Plotly first drew them
  new MutationObserver(() => {
    document.querySelectorAll('.js-plotly-plot').forEach(gd => {
      const id = gd.closest('[id]') && gd.closest('[id]').id;
      if (id && gd.querySelector('.main-svg') && !window.__drawn.includes(id)) { window.__drawn.push(id); }  // not charts.js's warm-up
    });
  }).observe(document, {childList: true, subtree: true});
})()""" % {"shell": repr(ids.APP_SHELL), "parts": repr(f".{FIRST_SCREEN}, .{PART}"), "pending": repr(PENDING),
           "first_pending": repr(f".{FIRST_SCREEN}.{PENDING}"), "blocks": repr(BLOCKS)}


@pytest.mark.parametrize("viewport, query", VIEWPORTS, ids=VIEWPORT_IDS)
def test_the_first_screens_parts_then_the_cards_under_them_mount_one_per_task_behind_the_skeleton(browser, live_server, viewport, query):
    board = open_dashboard(browser, live_server + query, viewport, before=lambda page: page.add_init_script(STATES))
    page = board.page
    try:
        page.wait_for_selector(f"#{ids.MODEL_CARD}", state="attached")
        page.wait_for_load_state("networkidle")
        states = page.evaluate("window.__later")
        # the first render: the three main cards' parts and the five under them, all drawn empty; the skeleton on
        assert states[0] == {"parts": 8, "pending": 8, "firstPending": 3, "mounted": 0, "booted": False}, states
        # then one part per task: each change mounts one more, never two at once
        assert [s["mounted"] for s in states] == sorted(s["mounted"] for s in states), states
        assert max(b["mounted"] - a["mounted"] for a, b in zip(states, states[1:])) == 1, states
        # in the page's order, the first screen's parts (a block inside a card right after its card) first
        assert page.evaluate("window.__mounted") == FIRST + UNDER
        # booted (the skeleton gone) only once the first screen's seven parts are there, and then for good
        assert all(s["firstPending"] == 0 and s["mounted"] >= len(FIRST) for s in states if s["booted"]), states
        assert [s["booted"] for s in states] == sorted(s["booted"] for s in states), states
        assert states[-1]["booted"] and states[-1]["parts"] == 12 and page.locator(f".{PENDING}").count() == 0
        expect_first_screen_whole(page)
        # each card is its grid's item, and each block its card's, as before: a mounted part takes no box
        assert page.evaluate(f"[...document.querySelectorAll('.{FIRST_SCREEN}, .{PART}')].map(e => getComputedStyle(e).display)") \
            == ["contents"] * 12
        assert page.evaluate("[...document.querySelectorAll('.sliders-run')].map(e => getComputedStyle(e).display)") \
            == ["contents"] * 2
        # the sliders' block holds its two runs, the first half of the sliders and then the rest
        assert page.evaluate(f"[...document.querySelectorAll('.card.controls .sliders > .{FIRST_SCREEN} > .sliders-run')]"
                             ".map(run => run.querySelectorAll('[role=slider]').length)") == [6, 5]
        for where, count in ((f".{FIRST_SCREEN} > .card", 3), (f".card.controls .sliders > .{FIRST_SCREEN} > .sliders-run", 2),
                             (f".card.prediction .{FIRST_SCREEN} > .why", 1),
                             (f".card.confusion .{FIRST_SCREEN} > .decide", 1), (f".wide > .{PART} > .card", 3),
                             (f".lower > .{PART} > .card", 2)):
            assert page.locator(where).count() == count, where
        assert board.errors == []
    finally:
        page.context.close()


def expect_first_screen_whole(page) -> None:
    """Every painted frame showed the skeleton or the app with the first screen whole: never both, never a part
    missing, every slider there (dcc's lazily loaded parts made ready before the first part mounts); and the bars
    were the first chart drawn."""
    painted = page.evaluate("window.__painted")
    shown = painted[next(i for i, f in enumerate(painted) if f["skeleton"] or f["app"]):]
    assert shown[0]["skeleton"] and shown[-1]["app"], painted
    assert [f for f in shown if f["skeleton"] == f["app"] or (f["app"] and f["blocks"] != N_BLOCKS)] == [], painted
    assert [f for f in shown if f["app"] and f["thumbs"] != len(MEASUREMENT_NAMES)] == [], painted
    assert page.evaluate("window.__drawn")[0] == ids.PROBA_GRAPH, page.evaluate("window.__drawn")


FAR_MS = 400  # each of dcc's lazily loaded files this far away


def test_the_first_screen_is_whole_when_dccs_parts_come_from_far_away(browser, live_server):
    """Each of dcc's lazily loaded files (its charts, sliders, dropdown, upload) answered FAR_MS late, as from a
    server across the world: the page lists them with dcc's own files (components/scripts.py), so they are in
    before the first render, and the app still shows its first screen whole, sliders and all, bars first. Asked
    for only as each first renders, they would come after assets/later.js's wait (READY_WAIT_MS, 300 ms)."""
    delayed = []

    def far(route):
        delayed.append(route.request.url)
        time.sleep(FAR_MS / 1000)
        route.continue_()

    def before(page):
        page.add_init_script(STATES)
        page.route("**/dash/dcc/async-*", far)

    board = open_dashboard(browser, live_server + "/", WIDE, before=before)
    page = board.page
    try:
        page.wait_for_function(f"document.querySelectorAll('.{PENDING}').length === 0", timeout=20_000)
        page.wait_for_load_state("networkidle")
        assert len(delayed) == 4, delayed
        expect_first_screen_whole(page)
        assert board.errors == []
    finally:
        page.context.close()


# assets/later.js readyOrLate: whether it has resolved for a promise that never does, one ms before READY_WAIT_MS (a
# timer never fires early) and 50 ms after it (Chrome fires a timer a few ms late now and then), and whether it
# resolves at once for promises already resolved
READY_OR_LATE_JS = """async () => {
  const later = window.dash_clientside.later, ms = later.READY_WAIT_MS, never = new Promise(() => {});
  const wait = n => new Promise(done => setTimeout(done, n));
  const within = (promise, n) => Promise.race([promise.then(() => true), wait(n).then(() => false)]);
  let done = false;
  later.readyOrLate([never], ms).then(() => { done = true; });
  await wait(ms - 1);
  const before = done;
  await wait(50);
  const after = done;
  const t0 = performance.now();
  const ready = await within(later.readyOrLate([Promise.resolve(true), Promise.resolve(true)], ms), ms - 1);
  return {ms, before, after, ready, readyMs: performance.now() - t0,
          stuck: !(await within(later.readyOrLate([never], ms), 3000))};
}"""


def test_the_parts_wait_for_dccs_kinds_at_most_ready_wait_ms(dashboard):
    """The first part mounts once dcc's kinds are ready, or READY_WAIT_MS (300) after it began to wait: not at 299 ms,
    by 350 ms; at once when they are ready; never stuck."""
    said = dashboard.page.evaluate(READY_OR_LATE_JS)
    assert said["ms"] == 300
    assert (said["before"], said["after"], said["ready"], said["stuck"]) == (False, True, True, False), said


# Before the page's scripts: a React root made on an element off the page (assets/later.js's, for dcc's lazy kinds)
# cannot render
BROKEN_OFF_PAGE = """(() => {
  let dom, createRoot;
  const made = function (container) {
    const root = createRoot.apply(this, arguments);
    if (!container.isConnected) {
      window.__brokenRoots = (window.__brokenRoots || 0) + 1;
      root.render = () => { throw new Error('no render here'); };
    }
    return root;
  };
  Object.defineProperty(window, 'ReactDOM', {configurable: true, get: () => dom, set: value => {
    dom = value;  // react-dom's UMD file sets an empty object, then fills it
    Object.defineProperty(value, 'createRoot', {configurable: true, enumerable: true,
                                                get: () => createRoot && made, set: f => { createRoot = f; }});
  }});
})()"""


def test_the_page_opens_when_dccs_kinds_cannot_be_made_ready_off_the_page(browser, live_server):
    """Should rendering dcc's kinds off the page fail (a dcc that needs Dash's context to draw them), the parts
    mount as before: the page is not left behind its skeleton."""
    board = open_dashboard(browser, live_server + "/", WIDE, before=lambda page: page.add_init_script(BROKEN_OFF_PAGE))
    page = board.page
    try:
        page.wait_for_function(f"document.querySelectorAll('.{PENDING}').length === 0", timeout=20_000)
        assert page.evaluate("window.__brokenRoots") == 1
        assert page.evaluate("document.documentElement.classList.contains('booted')")
        assert board.errors == []
    finally:
        page.context.close()


# Before the page's scripts: assets/later.js's mounts (the timer whose callback starts `turn = null`) each wait
# SLOW_MS longer, so the answers of a link's first callbacks arrive while most parts are still pending.
SLOW_MS = 400
SLOW_MOUNTS = """(() => {
  window.__slowed = 0;
  const timeout = window.setTimeout;
  window.setTimeout = function (fn, delay, ...rest) {
    if (typeof fn === 'function' && /^function next\\(\\) \\{\\s*turn = null;/.test(fn.toString())) {
      window.__slowed += 1;
      return timeout.call(this, fn, (delay || 0) + %d, ...rest);
    }
    return timeout.call(this, fn, delay, ...rest);
  };
})()""" % SLOW_MS


def test_a_part_mounted_after_a_callbacks_answer_shows_that_answer(browser, live_server):
    """A link's costs are written into the cost editor's boxes by a callback whose answer can come before the editor's
    part is mounted (its turn comes seventh). Mounted then, the boxes show the link's costs, not the first render's."""
    board = open_dashboard(browser, live_server + "?k=0_1_10_1_0_1_1_1_0&t=0.25", WIDE,
                           before=lambda page: page.add_init_script(SLOW_MOUNTS))
    page = board.page
    try:
        page.get_by_role("spinbutton", name="really poor sold as good").wait_for(timeout=15_000)
        # every mount waited SLOW_MS more: the editor, seventh, came ~2 s after the first render, after the costs' answer
        assert page.evaluate("window.__slowed") >= len(FIRST)
        assert page.get_by_role("spinbutton", name="really poor sold as good").input_value() == "10"
        assert page.get_by_role("spinbutton", name="at a cost per wine of").input_value() == "0.25"
        page.wait_for_function(f"document.querySelectorAll('.{PENDING}').length === 0", timeout=15_000)
        assert board.errors == []
    finally:
        page.context.close()
