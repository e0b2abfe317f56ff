"""Which scripts make the page's long tasks: a JS CPU profile (Chrome DevTools Protocol, Profiler domain) taken in
headless Chromium during a bench.feel-like session with every what-if panel on screen (key presses, rapid keys,
clicks along a track, a drag, pinning A, a preset, the colour flip); each long task (PerformanceObserver) is printed
with the callback answers that arrived just before it and where its time went (self time by script, and the
heaviest functions by inclusive time). FEEL_APP=module:server profiles another app object (e.g. one that serves
Dash's unminified renderer).

    python -m bench.feel_profile                # the session above, ~1 min
    python -m bench.feel_profile --top 8        # more functions per long task
"""
from __future__ import annotations

import argparse
import collections
import os
import time
from pathlib import Path

from bench import feel
from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS
from components import ids

LONG_MS = 50.0
IDLE = {"(idle)"}

# Installed before the page's scripts: when each callback answer arrived (its outputs) and each sweep chart was drawn.
ANSWERS_JS = """
(() => {
  const log = window.__answers = [];
  const fetch = window.fetch;
  window.fetch = function (url, init) {
    const answer = fetch.apply(this, arguments);
    let what = String(url).split('/').pop();
    try { if (init && init.body) { what = JSON.parse(init.body).output; } } catch (e) {}
    answer.then(() => log.push({t: performance.now(), what: String(what).slice(0, 60)}), () => null);
    return answer;
  };
})();
"""


def script_of(frame: dict) -> str:
    """A short name for where a frame's code lives: the asset or bundle file, or '(program)' for native work
    (style, layout, paint), '(garbage collector)'."""
    url = frame.get("url") or ""
    if not url:
        return frame.get("functionName") or "(native)"
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    for bundle in ("dash_renderer", "react-dom", "react@", "plotly", "dcc", "dash_core_components", "dash_html"):
        if bundle in url:
            return name.split(".v")[0] if "dash" in bundle else name
    return name


def task_samples(profile: dict, start_ms: float, ms: float) -> dict:
    """The samples of the profile inside one long task (start and duration on the profile's clock, in ms)."""
    t, out = profile["startTime"], []
    lo, hi = start_ms * 1000, (start_ms + ms) * 1000
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"]):
        t += delta
        if lo <= t <= hi:
            out.append((node_id, delta))
    return {"start_us": lo, "ms": ms, "samples": out}


def _open(app: feel.App, context) -> None:
    """feel.App.open in a context that already has the answers' log."""
    app.page = context.new_page()
    app.page.add_init_script(f"window.__feelGraph = {feel.json.dumps(app.graph)};" + feel.RECORDER_JS)
    app.page.goto(app.url, wait_until="load", timeout=30_000)
    app.page.wait_for_function("window.__feel && window.__feel.changes.length > 0", timeout=30_000)
    app.page.wait_for_load_state("networkidle")
    app.page.wait_for_timeout(500)


def attribute(profile: dict, stretch: dict, top: int) -> tuple[list, list]:
    """(self ms per script, heaviest functions by inclusive ms) within one stretch."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    by_script, inclusive = collections.Counter(), collections.Counter()
    for node_id, delta in stretch["samples"]:
        ms = delta / 1000
        by_script[script_of(nodes[node_id]["callFrame"])] += ms
        seen, n = set(), node_id
        while n is not None:
            f = nodes[n]["callFrame"]
            key = f"{f['functionName'] or '(anonymous)'} {script_of(f)}:{f['lineNumber'] + 1}"
            if key not in seen and f["functionName"] not in ("(root)", "(program)"):
                seen.add(key)
                inclusive[key] += ms
            n = parent.get(n)
    return by_script.most_common(6), inclusive.most_common(top)


def session(app: feel.App) -> list[tuple[str, float]]:
    """The interactions, each marked with its start on the profile's clock (console.timeStamp is not needed: the
    marks are the order of the stretches)."""
    marks = []

    def mark(name):
        marks.append((name, time.perf_counter()))

    feel.slider_phases(app, mark)
    mark("drag")
    feel.drag(app, 1.5)
    page = app.page
    for name, selector in (("pin A", f"#{ids.PIN_BUTTON}"), ("preset", f"#{ids.AVERAGE_BUTTON}")):
        mark(name)
        page.locator(selector).first.click()
        feel.settle(app)
    mark("colour flip")
    page.locator(f"#{ids.COLOR} label").nth(1).click()
    feel.settle(app)
    return marks


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.feel_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=6, help="functions listed per long task")
    parser.add_argument("--interval-us", type=int, default=250, help="sampling interval")
    parser.add_argument("--plain", action="store_true", help="1920x1080 only, without raising every panel")
    args = parser.parse_args(argv)
    with srv.serve(os.environ.get("FEEL_APP", srv.DASHBOARD_APP)) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            app = feel.dashboard_app(server.url + "/")
            app.page = None
            context = browser.new_context(viewport=feel.VIEWPORT)
            context.add_init_script(ANSWERS_JS)
            _open(app, context)
            if not args.plain:
                feel.show_whatif_panels(app, browser)
            cdp = app.page.context.new_cdp_session(app.page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": args.interval_us})
            cdp.send("Profiler.start")
            t0 = app.page.evaluate(feel.NOW_JS)
            session(app)
            profile = cdp.send("Profiler.stop")["profile"]
            tasks = app.page.evaluate("t => window.__feel.longtasks.filter(l => l.t >= t)", t0)
            answers = app.page.evaluate("window.__answers")
        finally:
            browser.close()
    # the profile's clock (us) against the page's (ms): the first sample is taken when Profiler.start returns
    offset = profile["startTime"] / 1000 - t0
    long = [task_samples(profile, t["t"] + offset, t["d"]) for t in tasks]
    for task, s in zip(tasks, long):
        s["answers"] = [a["what"] for a in answers if task["t"] - 40 <= a["t"] <= task["t"] + task["d"]]
    total = collections.Counter()
    print(f"{len(long)} long tasks over {LONG_MS:.0f} ms, {sum(s['ms'] for s in long):.0f} ms in all")
    for s in long:
        scripts, funcs = attribute(profile, s, args.top)
        for name, ms in scripts:
            total[name] += ms
        print(f"\n{s['ms']:6.0f} ms at +{(s['start_us'] - profile['startTime']) / 1e6:5.1f} s  "
              + ", ".join(f"{n} {ms:.0f}" for n, ms in scripts))
        print("        answers: " + " | ".join(s["answers"]))
        for name, ms in funcs:
            print(f"        {ms:6.1f}  {name}")
    print("\nself ms in long stretches, by script: " + ", ".join(f"{n} {ms:.0f}" for n, ms in total.most_common(10)))
    Path(feel.OUT).mkdir(exist_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
