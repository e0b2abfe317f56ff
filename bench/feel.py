"""Live feel in headless Chromium: how fast the probability bars follow a slider, the dashboard beside a naive
Dash app (bench/naive_app.py) served at the same time and measured alternately in one run.

    (a) key presses (End, Home, ...) on the focused alcohol slider: key down -> the bar chart's data changed;
        also when the callback's request left and from its response to the bars
    (b) a mouse drag across the slider, one move per animation frame for 2 s: bar states shown per second,
        and from mouse-up to the final bar state
    (c) (a) and (b) again with every what-if panel on screen (WHATIF_PANELS: the plausibility notice raised, the
        viewport as tall as the page)
    (d) main-thread long tasks (> 50 ms) during each drag

Both apps run under gunicorn (2 workers) on 127.0.0.1; each is measured in its own browser context, turn by turn.

    python -m bench.feel                 # 24 presses and 3 drags per app and setting (~2 min)
    python -m bench.feel --quick         # a smoke test
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS
from components import ids

OUT = Path(__file__).resolve().parent / "out"
NAIVE_APP = "bench.naive_app:server"
VIEWPORT = {"width": 1920, "height": 1080}
DRAG_SECONDS = 2.0
SETTLE_MS = 600           # quiet time after the bars change before the next key press
FINAL_QUIET_MS = 1000     # no bar change for this long after mouse-up: the last state was the final one
TIMEOUT_MS = 10_000

TARGETS = {"key_ratio": 0.6, "drag_updates_per_s": 20.0, "mouseup_lag_ms": 100.0, "panels_slowdown": 0.10}

# Every what-if panel that follows the wine; (c) raises the guard and shows all that exist on the page.
WHATIF_PANELS = {
    "sensitivity": f"[id*='{ids.SENSITIVITY_GRAPH}'] .js-plotly-plot",
    "guard": f"#{ids.PLAUSIBILITY}:not(.hidden)",
    "explanation": f"#{ids.WHY_GRAPH} .js-plotly-plot",  # "Why this verdict?", following THROTTLED_WINE
}

# Installed before the page's scripts: records every change of the bar chart's data (MutationObserver on the
# chart), key downs, mouse ups and long tasks, on the page's performance.now() clock.
RECORDER_JS = """
(() => {
  const rec = window.__feel = {changes: [], keys: [], ups: [], longtasks: [], last: null, inflight: 0, netAt: 0};
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
    const check = () => {
      const y = gd.data && gd.data[0] && JSON.stringify(gd.data[0].y);
      if (y && y !== rec.last) { rec.last = y; rec.changes.push({t: performance.now(), y: JSON.parse(y)}); }
    };
    check();
    new MutationObserver(check).observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  document.addEventListener('DOMContentLoaded', watch);
  document.addEventListener('keydown', e => rec.keys.push(e.timeStamp), true);
  document.addEventListener('pointerup', e => rec.ups.push(e.timeStamp), true);
  new PerformanceObserver(list => list.getEntries().forEach(
    e => rec.longtasks.push({t: e.startTime, d: e.duration}))).observe({type: 'longtask', buffered: true});
})();
"""

FRAME_S = 1 / 60            # one mouse move per frame of a 60 Hz screen (fewer when the page is busy)
NOW_JS = "() => performance.now()"


class App:
    """One app in its own browser context: where its bars and its alcohol slider are."""

    def __init__(self, name: str, url: str, graph: str, slider: str):
        self.name, self.url, self.graph, self.slider = name, url, graph, slider
        self.page = None

    def open(self, browser, viewport: dict = VIEWPORT) -> None:
        if self.page is not None:
            self.page.context.close()
        context = browser.new_context(viewport=viewport)
        self.page = context.new_page()
        self.page.add_init_script(f"window.__feelGraph = {json.dumps(self.graph)};" + RECORDER_JS)
        self.page.goto(self.url, wait_until="load", timeout=30_000)
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
    out = {"ms": bars - down}
    if request and request["end"] <= bars:
        out |= {"to_request_ms": request["start"] - down, "server_ms": request["end"] - request["start"],
                "response_to_bars_ms": bars - request["end"]}
    return out


def drag(app: App, seconds: float = DRAG_SECONDS) -> dict:
    """Drag the alcohol thumb left and right, one mouse move per animation frame, for `seconds`."""
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
    t0 = time.perf_counter()
    moves = 0
    while (elapsed := time.perf_counter() - t0) < seconds:
        phase = (elapsed / seconds * 2) % 2  # there and back: x0 -> right -> left -> x0
        u = phase if phase < 1 else 2 - phase
        page.mouse.move(left + (right - left) * (0.5 + 0.5 * _triangle(u)), y)
        moves += 1
        time.sleep(max(0.0, t0 + moves * FRAME_S - time.perf_counter()))
    page.mouse.up()
    up = page.evaluate("() => window.__feel.ups.at(-1)")
    wait_quiet(app, FINAL_QUIET_MS)
    changes = app.changes(start)
    during = [c for c in changes if c["t"] <= up]
    after = [c for c in changes if c["t"] > up]
    longtasks = page.evaluate("([a, b]) => window.__feel.longtasks.filter(l => l.t + l.d > a && l.t < b)",
                              [start, (after[-1]["t"] if after else up) + 50])
    return {
        "updates_per_s": len(during) / ((up - start) / 1000),
        "moves_per_s": moves / ((up - start) / 1000),
        "mouseup_lag_ms": after[-1]["t"] - up if after else 0.0,
        "longtasks": len(longtasks),
        "longtask_ms": sum(lt["d"] for lt in longtasks),
        "longtask_max_ms": max((lt["d"] for lt in longtasks), default=0.0),
    }


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
        wait_quiet(app, SETTLE_MS)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), 4000)})
    page.wait_for_timeout(500)
    for name, selector in WHATIF_PANELS.items():
        found[name] = page.locator(selector).count()
    return found


def _q(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def summarise(presses: list[dict], drags: list[dict]) -> dict:
    out = {"presses": len(presses), "drags": len(drags)}
    if presses:
        ms = [p["ms"] for p in presses]
        out |= {"key_median_ms": statistics.median(ms), "key_p90_ms": _q(ms, 0.9)}
        for part in ("to_request_ms", "server_ms", "response_to_bars_ms"):
            parts = [p[part] for p in presses if part in p]
            if parts:
                out[part] = statistics.median(parts)
    for k in ("updates_per_s", "moves_per_s", "mouseup_lag_ms", "longtasks", "longtask_ms", "longtask_max_ms"):
        if drags:
            out[k] = statistics.median(d[k] for d in drags)
    return out


def measure_setting(apps: list[App], presses: int, drags: int, rounds: int) -> dict:
    """Alternate the apps press by press and drag by drag, in `rounds` turns."""
    results = {a.name: {"presses": [], "drags": []} for a in apps}
    keys = ["End", "Home"]
    per_round = max(presses // rounds, 2)
    for r in range(rounds):
        for i in range(per_round):
            for a in apps:
                results[a.name]["presses"].append(key_press(a, keys[i % 2]))
        for _ in range(max(drags // rounds, 1) if r < drags else 0):
            for a in apps:
                results[a.name]["drags"].append(drag(a))
    return {name: summarise(r["presses"], r["drags"]) for name, r in results.items()}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def report(plain: dict, panels: dict, found: dict) -> tuple[str, dict]:
    ours, naive = plain["dashboard"], plain["naive"]
    ours_c, naive_c = panels["dashboard"], panels["naive"]
    rows = [
        ("(a) key press -> bars, median ms", "key_median_ms"),
        ("(a) key press -> bars, p90 ms", "key_p90_ms"),
        ("    key press -> request leaves, ms", "to_request_ms"),
        ("    request -> response, ms", "server_ms"),
        ("    response -> bars change, ms", "response_to_bars_ms"),
        ("(b) drag: bar states per second", "updates_per_s"),
        ("(b) drag: mouse moves per second", "moves_per_s"),
        ("(b) mouse-up -> final bars, ms", "mouseup_lag_ms"),
        ("(d) long tasks during the drag", "longtasks"),
        ("(d) long tasks, total ms", "longtask_ms"),
        ("(d) longest task, ms", "longtask_max_ms"),
    ]
    lines = [f"{'':40} {'dashboard':>10} {'naive':>10} {'ratio':>7}"]
    for setting, (o, n) in (("", (ours, naive)), ("(c) every what-if panel on screen", (ours_c, naive_c))):
        if setting:
            lines.append(f"{setting}: {', '.join(f'{k} x{v}' for k, v in found.items())}")
        for label, key in rows:
            if key in o and key in n:
                lines.append(f"{label:40} {o[key]:10.1f} {n[key]:10.1f} {ratio(o[key], n[key]):>7}")
    checks = {
        "key press <= 0.6x the naive app": ours["key_median_ms"] <= TARGETS["key_ratio"] * naive["key_median_ms"],
        "drag >= 20 bar updates/s": ours["updates_per_s"] >= TARGETS["drag_updates_per_s"]
                                    and ours_c["updates_per_s"] >= TARGETS["drag_updates_per_s"],
        "mouse-up -> final <= 100 ms": ours["mouseup_lag_ms"] <= TARGETS["mouseup_lag_ms"]
                                       and ours_c["mouseup_lag_ms"] <= TARGETS["mouseup_lag_ms"],
        "panels: (c) key press within 10% of (a)":
            abs(ours_c["key_median_ms"] / ours["key_median_ms"] - 1) <= TARGETS["panels_slowdown"],
    }
    lines += [f"-> {name}: {'PASS' if ok else 'FAIL'}" for name, ok in checks.items()]
    return "\n".join(lines), checks


def run(presses: int, drags: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.model import reference_artifact

    with tempfile.TemporaryDirectory() as tmp:
        reference, _ = reference_artifact(skip_train=True, tmp=Path(tmp))
    env = {"WINE_NAIVE_PICKLE": str(reference / "wine_gbm.pkl")}
    with srv.serve(srv.DASHBOARD_APP) as ours_server, srv.serve(NAIVE_APP, env=env) as naive_server, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            apps = [dashboard_app(ours_server.url + "/"), naive_app(naive_server.url + "/")]
            for a in apps:
                a.open(browser)
            plain = measure_setting(apps, presses, drags, rounds)
            found = {}
            for a in apps:
                a.open(browser)
                f = show_whatif_panels(a, browser)
                found = f if a.name == "dashboard" else found
            panels = measure_setting(apps, presses, drags, rounds)
        finally:
            browser.close()
    return {"plain": plain, "panels": panels, "found": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feel", description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=24, help="key presses per app and setting (>= 20)")
    parser.add_argument("--drags", type=int, default=3, help="2-second drags per app and setting")
    parser.add_argument("--quick", action="store_true", help="6 presses and 1 drag (smoke test)")
    args = parser.parse_args(argv)
    presses, drags, rounds = (6, 1, 1) if args.quick else (args.presses, args.drags, 3)
    t0 = time.perf_counter()
    result = run(presses, drags, rounds)
    text, checks = report(result["plain"], result["panels"], result["found"])
    print(text)
    print(f"bench.feel done in {time.perf_counter() - t0:.0f} s")
    OUT.mkdir(exist_ok=True)
    (OUT / "feel.json").write_text(json.dumps(result | {"checks": checks}, indent=1))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
