"""Live feel in headless Chromium: how fast the probability bars follow a slider, the dashboard beside a naive
Dash app (bench/naive_app.py) served at the same time and measured alternately in one run.

    (a) key presses (End, Home, ...) on the focused alcohol slider: key down -> the bar chart's data changed;
        also when the callback's request left and from its response to the bars, and how many server callbacks
        (rounds through Dash's renderer) and live-route requests one key press caused until the page was quiet
    (b) a mouse drag across the slider and back twice, 120 moves (2 s of a 60 Hz mouse), each sent once the
        browser has taken the one before: bar states shown per second, and from mouse-up to the final bar state
    (c) (a) and (b) again with every what-if panel on screen (WHATIF_PANELS: the plausibility notice raised, the
        viewport as tall as the page)
    (d) main-thread long tasks (> 50 ms) during each drag
    (e) rapid key presses: the next key as soon as the bars change, key down -> bars changed
    (f) clicks at points along the alcohol slider's track, 300 ms apart: pointer down -> bars changed; as
        Playwright's mouse.click makes them (the mouse put on the point and pressed at once), and as a hand makes
        them (the mouse glides to the point and rests there REST_MS before it goes down)
    (g) mouse moves the page accepts during a drag (pointermove events it handles, per second)
    (h) long tasks over the whole session of (a), (b), (e), (f): count, total and worst (PerformanceObserver)
    (i) the dashboard's other interactions with every panel on the page: a typed value, a preset, the colour
        flip, pinning A, "make it good" opened and applied, presentation mode switched on and off, a confusion
        cell's wines listed and their next page, loading a link: the worst long task of each; and
        the tutorial app's page opened, the same way, as the baseline for loading a link; then both again as a
        first visit (a new browser context, nothing cached) and as the second visit after it (the code cache
        written)

Both apps run under gunicorn (2 workers) on 127.0.0.1; each is measured in its own browser context, turn by turn.
With --baseline REF the dashboard at a git ref is served too, and measured in the same turns as a third app: its
column and its ratio to the naive app stand beside this checkout's, for a before/after from one run.

    python -m bench.feel                 # 24 presses and 3 drags per app and setting (~3 min)
    python -m bench.feel --baseline main # and the dashboard at `main`, in the same run
    python -m bench.feel --loads 10      # ten loads of each kind in (i) instead of five
    python -m bench.feel --quick         # a smoke test
"""
from __future__ import annotations

import argparse
import collections
import json
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS
from components import ids

OUT = Path(__file__).resolve().parent / "out"
NAIVE_APP = "bench.naive_app:server"
VIEWPORT = {"width": 1920, "height": 1080}
DRAG_SECONDS = 2.0
REST_MS = 150            # a hand's mouse on the point before the click (f)
SETTLE_MS = 600           # quiet time after the bars change before the next key press
FINAL_QUIET_MS = 1000     # no bar change for this long after mouse-up: the last state was the final one
TIMEOUT_MS = 10_000

TARGETS = {"key_ratio": 0.6, "drag_updates_per_s": 20.0, "mouseup_lag_ms": 100.0, "panels_slowdown": 0.10,
           "moves_per_s": 55.0, "bar_states_per_s": 30.0}

# Every what-if panel that follows the wine; (c) raises the guard and shows all that exist on the page.
WHATIF_PANELS = {
    "sensitivity": f"[id*='{ids.SENSITIVITY_GRAPH}'] .js-plotly-plot",
    "guard": f"#{ids.PLAUSIBILITY}:not(.hidden)",
    "explanation": f"#{ids.WHY_GRAPH} .js-plotly-plot",  # "Why this verdict?", following THROTTLED_WINE
    "compare": f"#{ids.COMPARE}:not(.hidden) .js-plotly-plot",  # A vs B, once A is pinned
}

SLIDERS = 11  # the sliders on each app's page, one per measurement
# Installed before the page's scripts: records every change of the bar chart's data (MutationObserver on the
# chart), key downs, mouse ups and long tasks, on the page's performance.now() clock.
RECORDER_JS = """
(() => {
  const rec = window.__feel = {changes: [], keys: [], ups: [], downs: [], moves: [], longtasks: [], last: null, inflight: 0,
                               netAt: 0};
  performance.setResourceTimingBufferSize(100000);
  const fetch = window.fetch;
  window.fetch = function () {
    rec.inflight += 1; rec.netAt = performance.now();
    const done = () => { rec.inflight -= 1; rec.netAt = performance.now(); };
    const answer = fetch.apply(this, arguments);
    answer.then(done, done);
    return answer;
  };
  const watch = () => {
    const gd = document.querySelector(window.__feelGraph);
    if (!gd) { setTimeout(watch, 50); return; }
    // a change is what a person sees: the bars' painted paths (whoever drew them), with Plotly's record then
    // (for a painted change, still the answer before: assets/bars_paint.js)
    const check = () => {
      const y = gd.data && gd.data[0] && JSON.stringify(gd.data[0].y);
      const painted = [...gd.querySelectorAll('.trace.bars .point path')].map(p => p.getAttribute('d')).join('|');
      if (y && painted && painted !== rec.last) {
        rec.last = painted;
        rec.changes.push({t: performance.now(), y: JSON.parse(y)});
      }
    };
    check();
    new MutationObserver(check).observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  document.addEventListener('DOMContentLoaded', watch);
  // when the page first showed all its sliders (SLIDERS thumbs): with the bars' first change, the first screen
  rec.slidersAt = null;
  new MutationObserver((_, seen) => {
    if (document.querySelectorAll('[role=slider]').length >= %d) { rec.slidersAt = performance.now(); seen.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
  document.addEventListener('keydown', e => rec.keys.push(e.timeStamp), true);
  document.addEventListener('pointerup', e => rec.ups.push(e.timeStamp), true);
  document.addEventListener('pointerdown', e => rec.downs.push(e.timeStamp), true);
  document.addEventListener('pointermove', e => { if (e.buttons) rec.moves.push(e.timeStamp); }, true);
  new PerformanceObserver(list => list.getEntries().forEach(
    e => rec.longtasks.push({t: e.startTime, d: e.duration}))).observe({type: 'longtask', buffered: true});
  // what ran for 50 ms or more, from the long animation frames' script entries: file and how it was called (no file:
  // a native function, such as the resolve of a promise a timer settles: dash-renderer's wait between steps)
  rec.scripts = [];
  const file = url => (url || '').split('/').pop().split('?')[0].replace(/\\.v[0-9_]+m[0-9]+/, '') || '(native)';
  new PerformanceObserver(list => list.getEntries().forEach(f => f.scripts.forEach(s => {
    if (s.duration >= 50) rec.scripts.push({t: s.startTime, d: s.duration, what: `${file(s.sourceURL)} ${s.invokerType}`});
  }))).observe({type: 'long-animation-frame', buffered: true});
})();
""" % SLIDERS

FRAME_S = 1 / 60            # a 60 Hz screen's frame: a drag's mouse moves, one per frame
NOW_JS = "() => performance.now()"


class App:
    """One app in its own browser context: where its bars and its alcohol slider are."""

    def __init__(self, name: str, url: str, graph: str, slider: str):
        self.name, self.url, self.graph, self.slider = name, url, graph, slider
        self.page = None

    def open(self, browser, viewport: dict = VIEWPORT, query: str = "") -> None:
        """A new browser context (an empty cache: a first visit) on the page at `query`."""
        if self.page is not None:
            self.page.context.close()
        context = browser.new_context(viewport=viewport)
        self.page = context.new_page()
        self.page.add_init_script(f"window.__feelGraph = {json.dumps(self.graph)};" + RECORDER_JS)
        self.page.goto(self.url + query, wait_until="load", timeout=30_000)
        self.page.wait_for_function("window.__feel && window.__feel.changes.length > 0", timeout=30_000)
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(500)

    def thumb(self):
        return self.page.locator(self.slider)

    def changes(self, since: float) -> list[dict]:
        return self.page.evaluate("t => window.__feel.changes.filter(c => c.t > t)", since)


def dashboard_app(url: str) -> App:
    return App("dashboard", url, f"#{ids.PROBA_GRAPH} .js-plotly-plot",
               f"[data-label-id='{ids.label('alcohol')}'] [role=slider]")


def baseline_app(url: str) -> App:
    """The dashboard at the baseline ref (the same page, ids and link)."""
    app = dashboard_app(url)
    app.name = "baseline"
    return app


def naive_app(url: str) -> App:
    return App("naive", url, "#bars .js-plotly-plot", "#slider-10 [role=slider]")


def wait_quiet(app: App, quiet_ms: float, timeout_ms: float = TIMEOUT_MS) -> None:
    """Until the bars have not changed, and no request has been in flight, for `quiet_ms`: each measurement
    starts on a settled page (the what-if panels' redraw after the previous one is over)."""
    app.page.wait_for_function(
        """q => { const r = window.__feel, now = performance.now();
                 return r.changes.length && now - r.changes.at(-1).t > q && r.inflight === 0 && now - r.netAt > q; }""",
        arg=quiet_ms, timeout=timeout_ms, polling=50)


def key_press(app: App, key: str) -> dict:
    """One key press on the focused slider -> ms until the bars change; the request's timing around it."""
    page = app.page
    page.bring_to_front()
    app.thumb().focus()
    n_keys = page.evaluate("window.__feel.keys.length")
    n_changes = page.evaluate("window.__feel.changes.length")
    page.keyboard.press(key)
    page.wait_for_function("n => window.__feel.changes.length > n", arg=n_changes, timeout=TIMEOUT_MS, polling="raf")
    down = page.evaluate("n => window.__feel.keys[n]", n_keys)
    bars = page.evaluate("n => window.__feel.changes[n].t", n_changes)
    request = page.evaluate(
        """t => performance.getEntriesByType('resource')
             .filter(e => e.name.includes('_dash-update-component') && e.startTime >= t)
             .map(e => ({start: e.startTime, end: e.responseEnd}))[0] || null""", down)
    wait_quiet(app, SETTLE_MS)
    rounds = page.evaluate(
        """t => { const after = performance.getEntriesByType('resource').filter(e => e.startTime >= t);
                 return [after.filter(e => e.name.includes('_dash-update-component')).length,
                         after.filter(e => e.name.includes('/_live/')).length]; }""", down)
    out = {"ms": bars - down, "callbacks": rounds[0], "live_requests": rounds[1]}
    if request and request["end"] <= bars:
        out |= {"to_request_ms": request["start"] - down, "server_ms": request["end"] - request["start"],
                "response_to_bars_ms": bars - request["end"]}
    return out


def drag_legs(x0: float, left: float, right: float, moves: int) -> list[tuple[float, int]]:
    """The drag's path from the thumb at x0, there and back twice (-> right -> left -> middle -> left -> right ->
    middle: it ends mid-track, so the next End or Home key moves the thumb), as (x, mouse moves to it) legs:
    `moves` in all, shared by the legs' lengths, at least one each."""
    mid = (left + right) / 2
    ends = [right, left, mid, left, right, mid]
    lengths = [abs(b - a) for a, b in zip([x0] + ends, ends)]
    total = sum(lengths) or 1.0
    return [(x, max(1, round(moves * length / total))) for x, length in zip(ends, lengths)]


def drag(app: App, seconds: float = DRAG_SECONDS) -> dict:
    """Drag the alcohol thumb across its track and back twice, `seconds` of a 60 Hz screen's mouse moves (one per
    frame).
    The moves are sent by Playwright's driver, each as soon as the browser has taken the one before (mouse.move's
    `steps`), so the browser paces them: a page whose main thread is busy takes fewer a second. Sent one by one
    from here, a round trip each, this machine sent 33-40 a second whatever the page (README, twenty-first pass)."""
    page = app.page
    page.bring_to_front()
    track = app.thumb().locator("xpath=ancestor::*[contains(@class, 'slider') or @data-orientation][1]")
    box = app.thumb().bounding_box()
    area = track.bounding_box() if track.count() else None
    x0, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    left, right = (area["x"] + 8, area["x"] + area["width"] - 8) if area else (x0 - 150, x0 + 150)
    wait_quiet(app, SETTLE_MS)
    page.mouse.move(x0, y)
    page.mouse.down()
    start = page.evaluate(NOW_JS)
    moves = 0
    for x, steps in drag_legs(x0, left, right, round(seconds / FRAME_S)):
        page.mouse.move(x, y, steps=steps)
        moves += steps
    page.mouse.up()
    up = page.evaluate("() => window.__feel.ups.at(-1)")
    wait_quiet(app, FINAL_QUIET_MS)
    changes = app.changes(start)
    during = [c for c in changes if c["t"] <= up]
    after = [c for c in changes if c["t"] > up]
    longtasks = page.evaluate("([a, b]) => window.__feel.longtasks.filter(l => l.t + l.d > a && l.t < b)",
                              [start, (after[-1]["t"] if after else up) + 50])
    accepted = page.evaluate("([a, b]) => window.__feel.moves.filter(t => t >= a && t <= b).length", [start, up])
    return {
        "updates_per_s": len(during) / ((up - start) / 1000),
        "moves_per_s": moves / ((up - start) / 1000),
        "accepted_moves_per_s": accepted / ((up - start) / 1000),
        "mouseup_lag_ms": after[-1]["t"] - up if after else 0.0,
        "longtasks": len(longtasks),
        "longtask_ms": sum(lt["d"] for lt in longtasks),
        "longtask_max_ms": max((lt["d"] for lt in longtasks), default=0.0),
    }


def _bars_after(app: App, n_changes: int, timeout_ms: float = 3000) -> float | None:
    """When the bars' data changed after the n-th recorded change (page clock), or None if they did not."""
    try:
        app.page.wait_for_function("n => window.__feel.changes.length > n", arg=n_changes, timeout=timeout_ms,
                                   polling="raf")
    except Exception:  # noqa: BLE001 - the same bars again (no change to see): counted as missing
        return None
    return app.page.evaluate("n => window.__feel.changes[n].t", n_changes)


def rapid_keys(app: App, presses: int) -> list[float]:
    """(e) End, Home, End, ... each pressed as soon as the bars changed for the previous one: ms key -> bars."""
    page = app.page
    page.bring_to_front()
    wait_quiet(app, SETTLE_MS)
    app.thumb().focus()
    out = []
    for i in range(presses):
        n_keys, n_changes = page.evaluate("[window.__feel.keys.length, window.__feel.changes.length]")
        page.keyboard.press(["End", "Home"][i % 2])
        bars = _bars_after(app, n_changes)
        if bars is not None:
            out.append(bars - page.evaluate("n => window.__feel.keys[n]", n_keys))
    wait_quiet(app, SETTLE_MS)
    return out


TRACK_POINTS = (0.15, 0.85, 0.35, 0.65, 0.05, 0.95, 0.45, 0.75, 0.25, 0.55)


def track_clicks(app: App, clicks: int, gap_ms: float = 300, rest_ms: float = 0) -> list[float]:
    """(f) Clicks at points along the alcohol track, `gap_ms` apart: ms pointer down -> bars changed. With
    `rest_ms`, the mouse glides to each point (5 moves) and rests there that long before it goes down, as a
    hand's does; without, it is put there and pressed at once (Playwright's mouse.click)."""
    page = app.page
    page.bring_to_front()
    track = app.thumb().locator("xpath=ancestor::*[contains(@class, 'slider') or @data-orientation][1]")
    area = track.bounding_box()
    y = app.thumb().bounding_box()
    y = y["y"] + y["height"] / 2
    wait_quiet(app, SETTLE_MS)
    out = []
    for i in range(clicks):
        x = area["x"] + 8 + (area["width"] - 16) * TRACK_POINTS[i % len(TRACK_POINTS)]
        if rest_ms:
            page.mouse.move(x, y, steps=5)
            page.wait_for_timeout(rest_ms)
        n_downs, n_changes = page.evaluate("[window.__feel.downs.length, window.__feel.changes.length]")
        t0 = time.perf_counter()
        if rest_ms:
            page.mouse.down()
            page.mouse.up()
        else:
            page.mouse.click(x, y)
        bars = _bars_after(app, n_changes)
        if bars is not None:
            out.append(bars - page.evaluate("n => window.__feel.downs[n]", n_downs))
        time.sleep(max(0.0, gap_ms / 1000 - (time.perf_counter() - t0)))
    wait_quiet(app, SETTLE_MS)
    return out


def longtasks_between(app: App, start: float, end: float) -> dict:
    """(h) Long tasks that overlap [start, end] on the page's clock: count, total and worst ms."""
    overlapping = "([a, b]) => window.__feel.longtasks.filter(l => l.t + l.d > a && l.t < b).map(l => l.d)"
    return longtask_summary(app.page.evaluate(overlapping, [start, end]))


def scripts_between(app: App, start: float, end: float) -> list[list]:
    """What ran for 50 ms or more in [start, end] on the page's clock: [file and how it was called, ms] each."""
    return app.page.evaluate("([a, b]) => window.__feel.scripts.filter(s => s.t >= a && s.t <= b)"
                             ".map(s => [s.what, s.d])", [start, end])


def longtask_summary(durations: list[float]) -> dict:
    """Long tasks' durations (ms) -> count, total and worst ms."""
    return {"count": len(durations), "total_ms": sum(durations), "worst_ms": max(durations, default=0.0)}


def _triangle(u: float) -> float:
    """-1..1 and back over u in [0, 1): the thumb goes right, then all the way left, then back to the middle."""
    if u < 0.25:
        return 4 * u
    if u < 0.75:
        return 2 - 4 * u
    return 4 * u - 4


def show_whatif_panels(app: App, browser) -> dict:
    """Raise the plausibility guard (the saltiest wine), then make the viewport as tall as the page."""
    page = app.page
    found = {}
    if app.name == "dashboard":
        page.locator(f"[data-label-id='{ids.label('chlorides')}'] [role=slider]").focus()
        page.keyboard.press("End")
        page.wait_for_selector(WHATIF_PANELS["guard"], timeout=TIMEOUT_MS)
        for button in page.locator("[data-whatif-toggle]").all():
            button.click()
        page.locator(f"#{ids.PIN_BUTTON}").click()  # A vs B shows too
        page.wait_for_selector(WHATIF_PANELS["compare"], timeout=TIMEOUT_MS)
        wait_quiet(app, SETTLE_MS)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), 4000)})
    page.wait_for_timeout(500)
    for name, selector in WHATIF_PANELS.items():
        found[name] = page.locator(selector).count()
    return found


# reported beside the interactions, not checked; the third is the floor of any page that draws with plotly.js here
LOADS = ("loading a link", "the tutorial app: opening its page", "plotly.js alone: a blank page loading the bundle")
# the floor's page: the dashboard's own plotly.js bundle, nothing else (the recorder is installed as on the apps')
PLOTLY_ALONE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>plotly.js alone</p>
<script src="%s"></script></body></html>"""
BASELINE_LOAD = "the baseline build: loading a link"
LOAD_REPEATS = 5  # loads of each kind: one load's long tasks vary by tens of ms on a shared machine
LINK = "?fa=7.4&va=0.7&ca=0&rs=1.9&cl=0.076&fs=11&ts=34&de=0.9978&ph=3.51&su=0.56&al=9.4&c=r"


ALCOHOL_BOX = f"[data-label-id='{ids.label('alcohol')}'] input.feature-box, " \
              f"[data-label-id='{ids.label('alcohol')}'] .feature-box input"


def _click(page, selector: str) -> None:
    page.locator(selector).first.click()


def type_alcohol(page) -> None:
    """A value typed into the alcohol box and committed with Enter."""
    box = page.locator(ALCOHOL_BOX).first
    box.fill("11.3")
    box.press("Enter")


def settle(app: App) -> None:
    """After an action: its answers started, then the page quiet again."""
    app.page.wait_for_timeout(200)
    wait_quiet(app, SETTLE_MS)


def slider_phases(app: App, mark) -> None:
    """The slider part of the short sessions bench.feel_cpu and bench.feel_profile drive, each phase announced
    by `mark(name)`: 4 key presses, 6 rapid keys, 6 clicks along the track."""
    mark("key presses x4")
    for key in ("End", "Home", "End", "Home"):
        key_press(app, key)
    mark("rapid keys x6")
    rapid_keys(app, 6)
    mark("track clicks x6")
    track_clicks(app, 6)


def interactions(app: App) -> dict:
    """(i) The dashboard's other interactions, each on a settled page: the long tasks from the action until the page
    is quiet again (count, total, worst)."""
    page = app.page
    steps = {
        "typed value": lambda: type_alcohol(page),
        "preset (average wine)": lambda: _click(page, f"#{ids.AVERAGE_BUTTON}"),
        "colour flip": lambda: page.locator(f"#{ids.COLOR} label").nth(1).click(),
        "pin A": lambda: _click(page, f"#{ids.PIN_BUTTON}"),
        "make it good: open": lambda: (_click(page, f"#{ids.MAKE_GOOD_BUTTON}"),
                                       page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}.can-apply", timeout=TIMEOUT_MS)),
        "make it good: apply": lambda: _click(page, f"#{ids.APPLY_BUTTON}"),
        "presentation mode: on": lambda: page.get_by_role("switch", name="Presentation mode").click(),
        "presentation mode: off": lambda: page.get_by_role("switch", name="Presentation mode").click(),
        "a confusion cell listed": lambda: page.locator(f"#{ids.CONFUSION_GRAPH} .nsewdrag").first.click(
            position={"x": 60, "y": 60}),
        "the list's next page": lambda: _click(page, f"#{ids.DRILL_NEXT}"),
    }
    out = {}
    page.bring_to_front()
    for name, act in steps.items():
        wait_quiet(app, SETTLE_MS)
        start = page.evaluate(NOW_JS)
        act()
        settle(app)
        out[name] = longtasks_between(app, start, page.evaluate(NOW_JS))
    return out


def loads(apps: list[App], browser, repeats: int = LOAD_REPEATS) -> dict:
    """Loading a link (the dashboard, and the baseline build if one is served) against opening the tutorial app's
    page, and the floor of plotly.js alone: on the page already open (its scripts' code read from V8's code
    cache), as a first visit (a new browser context, nothing cached), and as the second visit that follows it (the
    same context opened again: V8 compiles the scripts again and writes their code cache, in each script's own
    task); `repeats` times each, alternated. Each: medians of the loads' count, total and worst, and the worst of
    them all."""
    found: dict[str, list[dict]] = {}
    pages = list(zip(apps, (LINK, "", LINK), (LOADS[0], LOADS[1], BASELINE_LOAD)))  # the baseline build's if served
    for _ in range(repeats):
        for app, query, name in pages:
            found.setdefault(name, []).append(loading(app, query))
    for _ in range(repeats):
        for app, query, name in pages:
            found.setdefault(f"{name}, first visit", []).append(first_visit(app, browser, query))
            found.setdefault(f"{name}, second visit", []).append(loading(app, query))
        first, second, again = plotly_alone(apps[0], browser)
        found.setdefault(f"{LOADS[2]}, first visit", []).append(first)
        found.setdefault(f"{LOADS[2]}, second visit", []).append(second)
        found.setdefault(LOADS[2], []).append(again)
    return {name: _medians(runs) for name, runs in found.items()}


def _medians(runs: list[dict]) -> dict:
    out = {key: statistics.median(r[key] for r in runs) for key in ("count", "total_ms", "worst_ms", "requests")
           if all(key in r for r in runs)}
    scripts = collections.defaultdict(list)  # what -> its durations over the loads
    for what, ms in (s for r in runs for s in r.get("scripts", ())):
        scripts[what].append(ms)
    by_count = sorted(scripts.items(), key=lambda kv: -len(kv[1]))
    return out | {"worst_max_ms": max(r["worst_ms"] for r in runs), "loads": len(runs),
                  "loads_over_50_ms": sum(r["worst_ms"] > 50 for r in runs),
                  "long_scripts": {what: {"count": len(ms), "median_ms": statistics.median(ms)}
                                   for what, ms in by_count}}


def plotly_alone(app: App, browser, settle_ms: int = 1500) -> tuple[dict, dict, dict]:
    """The floor for loading a page that draws with plotly.js: a blank page at the dashboard's origin that loads
    only the dashboard's plotly.js bundle, as a first visit (a new browser context), then opened again twice (the
    first time V8 writes the bundle's code cache, the second it reads it, as on the dashboard's own link):
    (first visit, second visit, opened again)."""
    bundle = app.page.evaluate("document.querySelector('script[src*=\"plotly\"]').getAttribute('src')")
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(RECORDER_JS)
        page.route("**/plotly-alone*", lambda route: route.fulfill(content_type="text/html",
                                                                   body=PLOTLY_ALONE_HTML % bundle))
        found = []
        for visit in range(3):
            page.goto(f"{app.url}plotly-alone?{visit}", wait_until="load", timeout=30_000)
            page.wait_for_timeout(settle_ms)
            found.append(longtask_summary(page.evaluate("window.__feel.longtasks.map(l => l.d)")))
        return found[0], found[1], found[2]
    finally:
        context.close()


# the callbacks the server answered since the navigation (Dash's one endpoint; the live routes are not callbacks)
CALLBACK_REQUESTS_JS = ("performance.getEntriesByType('resource')"
                        ".filter(e => e.name.includes('_dash-update-component')).length")


# when, since the navigation, the page first showed all its sliders and first drew its bars (ms)
FIRST_SCREEN_JS = "({sliders_ms: window.__feel.slidersAt, bars_ms: window.__feel.changes[0].t})"


def loading(app: App, query: str = "") -> dict:
    """Opening the page at `query` again: the long tasks from the navigation until the page is quiet."""
    app.page.goto(app.url + query, wait_until="load", timeout=30_000)
    app.page.wait_for_function("window.__feel && window.__feel.changes.length > 0", timeout=30_000)
    return _quiet_since_navigation(app)


def first_visit(app: App, browser, query: str = "") -> dict:
    """Opening the page at `query` in a new browser context (nothing cached): the same long tasks."""
    app.open(browser, query=query)
    return _quiet_since_navigation(app)


def _quiet_since_navigation(app: App) -> dict:
    """The long tasks since the navigation, and what ran for 50 ms or more (a file and how it was called)."""
    wait_quiet(app, SETTLE_MS)
    end = app.page.evaluate(NOW_JS)
    return longtasks_between(app, 0, end) | {"scripts": scripts_between(app, 0, end),
                                              "requests": app.page.evaluate(CALLBACK_REQUESTS_JS),
                                              **app.page.evaluate(FIRST_SCREEN_JS)}


def _q(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def summarise(presses: list[dict], drags: list[dict], rapid: list[float] = (), clicks: list[float] = (),
              session: list[dict] = (), rested: list[float] = ()) -> dict:
    out = {"presses": len(presses), "drags": len(drags)}
    for name, ms in (("rapid", rapid), ("click", clicks), ("rest_click", rested)):
        if ms:
            out |= {f"{name}_median_ms": statistics.median(ms), f"{name}_p90_ms": _q(ms, 0.9),
                    f"{name}_max_ms": max(ms)}
    if session:
        out |= {"session_longtasks": sum(s["count"] for s in session),
                "session_longtask_ms": sum(s["total_ms"] for s in session),
                "session_longtask_max_ms": max(s["worst_ms"] for s in session),
                "session_scripts": [what for s in session for what in s.get("scripts", ())]}
    if presses:
        ms = [p["ms"] for p in presses]
        out |= {"key_median_ms": statistics.median(ms), "key_p90_ms": _q(ms, 0.9)}
        for part in ("callbacks", "live_requests"):
            out[f"{part}_per_key"] = statistics.median(p[part] for p in presses)
        for part in ("to_request_ms", "server_ms", "response_to_bars_ms"):
            parts = [p[part] for p in presses if part in p]
            if parts:
                out[part] = statistics.median(parts)
    for k in ("updates_per_s", "moves_per_s", "accepted_moves_per_s", "mouseup_lag_ms", "longtasks", "longtask_ms",
              "longtask_max_ms"):
        if drags:
            out[k] = statistics.median(d[k] for d in drags)
    return out


def measure_setting(apps: list[App], presses: int, drags: int, rounds: int) -> dict:
    """Alternate the apps press by press and drag by drag, in `rounds` turns."""
    results = {a.name: {"presses": [], "drags": [], "rapid": [], "clicks": [], "rested": [], "session": []}
               for a in apps}
    keys = ["End", "Home"]
    per_round = max(presses // rounds, 2)
    for r in range(rounds):
        for a in apps:
            start = a.page.evaluate(NOW_JS)
            for i in range(per_round):
                results[a.name]["presses"].append(key_press(a, keys[i % 2]))
            results[a.name]["rapid"] += rapid_keys(a, per_round)
            results[a.name]["clicks"] += track_clicks(a, per_round)
            results[a.name]["rested"] += track_clicks(a, per_round, rest_ms=REST_MS)
            for _ in range(max(drags // rounds, 1) if r < drags else 0):
                results[a.name]["drags"].append(drag(a))
            end = a.page.evaluate(NOW_JS)
            results[a.name]["session"].append(longtasks_between(a, start, end)
                                              | {"scripts": scripts_between(a, start, end)})
    return {name: summarise(r["presses"], r["drags"], r["rapid"], r["clicks"], r["session"], r["rested"])
            for name, r in results.items()}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def report(plain: dict, panels: dict, found: dict, actions: dict | None = None) -> tuple[str, dict]:
    ours, naive = plain["dashboard"], plain["naive"]
    ours_c, naive_c = panels["dashboard"], panels["naive"]
    rows = [
        ("(a) key press -> bars, median ms", "key_median_ms"),
        ("(a) key press -> bars, p90 ms", "key_p90_ms"),
        ("    key press -> request leaves, ms", "to_request_ms"),
        ("    request -> response, ms", "server_ms"),
        ("    response -> bars change, ms", "response_to_bars_ms"),
        ("(a) server callbacks per key press, median", "callbacks_per_key"),
        ("(a) live-route requests per key press", "live_requests_per_key"),
        ("(b) drag: bar states per second", "updates_per_s"),
        ("(b) drag: mouse moves sent per second", "moves_per_s"),
        ("(g) drag: mouse moves accepted per s", "accepted_moves_per_s"),
        ("(b) mouse-up -> final bars, ms", "mouseup_lag_ms"),
        ("(d) long tasks during the drag", "longtasks"),
        ("(d) long tasks, total ms", "longtask_ms"),
        ("(d) longest task, ms", "longtask_max_ms"),
        ("(e) rapid keys -> bars, median ms", "rapid_median_ms"),
        ("(e) rapid keys -> bars, p90 ms", "rapid_p90_ms"),
        ("(e) rapid keys -> bars, max ms", "rapid_max_ms"),
        ("(f) track click -> bars, median ms", "click_median_ms"),
        ("(f) track click -> bars, p90 ms", "click_p90_ms"),
        ("(f) track click -> bars, max ms", "click_max_ms"),
        ("(f) resting click -> bars, median ms", "rest_click_median_ms"),
        ("(f) resting click -> bars, p90 ms", "rest_click_p90_ms"),
        ("(f) resting click -> bars, max ms", "rest_click_max_ms"),
        ("(h) session long tasks, count", "session_longtasks"),
        ("(h) session long tasks, total ms", "session_longtask_ms"),
        ("(h) session longest task, ms", "session_longtask_max_ms"),
    ]
    base, base_c = plain.get("baseline"), panels.get("baseline")
    lines = [f"{'':40} {'dashboard':>10} {'naive':>10} {'ratio':>7}"
             + (f" {'baseline':>10} {'ratio':>7}" if base else "")]
    settings = (("", (ours, naive, base)), ("(c) every what-if panel on screen", (ours_c, naive_c, base_c)))
    for setting, (o, n, b) in settings:
        if setting:
            lines.append(f"{setting}: {', '.join(f'{k} x{v}' for k, v in found.items())}")
        for label, key in rows:
            if key in o and key in n:
                line = f"{label:40} {o[key]:10.1f} {n[key]:10.1f} {ratio(o[key], n[key]):>7}"
                if b and key in b:
                    line += f" {b[key]:10.1f} {ratio(b[key], n[key]):>7}"
                lines.append(line)
        for name, app in (("dashboard", o), ("naive", n), ("baseline", b)):
            if app and app.get("session_scripts"):
                lines.append(f"    {name}'s session, scripts of 50 ms or more: "
                             + ", ".join(f"{what} {ms:.0f} ms" for what, ms in app["session_scripts"]))
    if actions:
        lines.append("(i) other interactions, every panel on the page (long tasks: count / total ms / worst ms)")
        for name, lt in actions.items():
            line = f"    {name:48} {lt['count']:4.1f} {lt['total_ms']:8.0f} {lt['worst_ms']:8.0f}"
            if "loads" in lt:
                line += (f"  (medians of {lt['loads']} loads; a task over 50 ms in {lt['loads_over_50_ms']}; "
                         f"worst of all {lt['worst_max_ms']:.0f} ms")
                line += f"; {lt['requests']:.0f} callback requests)" if "requests" in lt else ")"
            lines.append(line)
            if lt.get("long_scripts"):
                lines.append("        scripts of 50 ms or more, over the loads (how many; median ms): "
                             + ", ".join(f"{what} x{s['count']} {s['median_ms']:.0f}"
                                         for what, s in lt["long_scripts"].items()))
    both = (ours, ours_c), (naive, naive_c)
    checks = {
        "key press <= 0.6x the naive app": all(o["key_median_ms"] <= TARGETS["key_ratio"] * n["key_median_ms"]
                                               for o, n in zip(*both)),
        "rapid keys <= 0.6x the naive app": all(o["rapid_median_ms"] <= TARGETS["key_ratio"] * n["rapid_median_ms"]
                                                for o, n in zip(*both)),
        "track clicks <= 0.6x the naive app": all(o["click_median_ms"] <= TARGETS["key_ratio"] * n["click_median_ms"]
                                                  for o, n in zip(*both)),
        "clicks as a hand makes them (mouse resting) <= 0.6x the naive app": all(
            o["rest_click_median_ms"] <= TARGETS["key_ratio"] * n["rest_click_median_ms"] for o, n in zip(*both)),
        "drag: >= 55 mouse moves accepted/s, >= 30 bar states/s": all(
            o["accepted_moves_per_s"] >= TARGETS["moves_per_s"] and o["updates_per_s"] >= TARGETS["bar_states_per_s"]
            for o in (ours, ours_c)),
        "no long task > 50 ms in the session": max(o["session_longtask_max_ms"] for o in (ours, ours_c)) <= 50,
        "no long task > 50 ms in the other interactions": not actions or all(
            lt["worst_ms"] <= 50 for name, lt in actions.items() if not name.startswith((*LOADS, BASELINE_LOAD))),
        "no long task > 50 ms loading a link (open page; first visit; second visit)": not actions or all(
            actions[name]["worst_max_ms"] <= 50
            for name in (LOADS[0], f"{LOADS[0]}, first visit", f"{LOADS[0]}, second visit")),
        "drag >= 20 bar updates/s": ours["updates_per_s"] >= TARGETS["drag_updates_per_s"]
                                    and ours_c["updates_per_s"] >= TARGETS["drag_updates_per_s"],
        "mouse-up -> final <= 100 ms": ours["mouseup_lag_ms"] <= TARGETS["mouseup_lag_ms"]
                                       and ours_c["mouseup_lag_ms"] <= TARGETS["mouseup_lag_ms"],
        "panels: (c) key press within 10% of (a)":
            abs(ours_c["key_median_ms"] / ours["key_median_ms"] - 1) <= TARGETS["panels_slowdown"],
    }
    lines += [f"-> {name}: {'PASS' if ok else 'FAIL'}" for name, ok in checks.items()]
    return "\n".join(lines), checks


def run(presses: int, drags: int, rounds: int, baseline: str | None = None, load_repeats: int = LOAD_REPEATS) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.model import reference_artifact

    with tempfile.TemporaryDirectory() as tmp:
        reference, _ = reference_artifact(skip_train=True, tmp=Path(tmp))
    env = {"WINE_NAIVE_PICKLE": str(reference / "wine_gbm.pkl")}
    with srv.serve(srv.DASHBOARD_APP) as ours_server, srv.serve(NAIVE_APP, env=env) as naive_server, \
            ExitStack() as stack, sync_playwright() as p:
        base_server = None
        if baseline:
            base_server = stack.enter_context(srv.serve(root=stack.enter_context(srv.checkout(baseline))))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            apps = [dashboard_app(ours_server.url + "/"), naive_app(naive_server.url + "/")]
            if base_server:
                apps.append(baseline_app(base_server.url + "/"))
            for a in apps:
                a.open(browser)
            plain = measure_setting(apps, presses, drags, rounds)
            found = {}
            for a in apps:
                a.open(browser)
                f = show_whatif_panels(a, browser)
                found = f if a.name == "dashboard" else found
            panels = measure_setting(apps, presses, drags, rounds)
            apps[0].page.set_viewport_size(VIEWPORT)  # the other interactions at 1920x1080, every panel on the page
            actions = interactions(apps[0])
            actions |= loads(apps, browser, load_repeats)
        finally:
            browser.close()
    return {"plain": plain, "panels": panels, "found": found, "actions": actions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feel", description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=24, help="key presses per app and setting (>= 20)")
    parser.add_argument("--drags", type=int, default=3, help="2-second drags per app and setting")
    parser.add_argument("--quick", action="store_true", help="6 presses and 1 drag (smoke test)")
    parser.add_argument("--baseline", metavar="REF", help="also serve and measure the dashboard at this git ref")
    parser.add_argument("--loads", type=int, default=LOAD_REPEATS,
                        help=f"loads of each kind in (i), on the open page and as a first visit (default {LOAD_REPEATS})")
    args = parser.parse_args(argv)
    presses, drags, rounds = (6, 1, 1) if args.quick else (args.presses, args.drags, 3)
    t0 = time.perf_counter()
    result = run(presses, drags, rounds, args.baseline, max(1, args.loads))
    text, checks = report(result["plain"], result["panels"], result["found"], result["actions"])
    print(text)
    print(f"bench.feel done in {time.perf_counter() - t0:.0f} s")
    OUT.mkdir(exist_ok=True)
    (OUT / "feel.json").write_text(json.dumps(result | {"checks": checks}, indent=1))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
