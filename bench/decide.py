"""Decisions under costs: how long a policy takes on the held-out wines, in-process and through the server, and
what the page does when the policy changes (main-thread long tasks, in headless Chromium).

    python -m bench.decide                  # 3 runs of the page (~6 minutes)
    python -m bench.decide --quick          # one run
    python -m bench.decide --baseline REF   # the page at git REF beside this one (default: main)

The server's baseline in the same run is the model card's own work on the same wines: scoring the confusion matrix
by the most likely bucket (`TestSet.confusion`), so the ratio says what a policy adds to it.

The page's: the page at git `--baseline` (its committed files, served from a temporary folder) and this checkout's
page, both under gunicorn, measured in turn in each run. A run is a fresh page at 1920x1080, the editor scrolled
into view, with the 12 policy changes of STEPS, one after the page is quiet again; and again with the decision
charts (below the fold) scrolled into view after each change and the editor back, so their redraws count too.
`--profile` runs each once under the CPU profiler instead and attributes the long stretches of work to
dash-renderer, Plotly, React, assets/a11y.js and the browser's own style, layout and GC. Printed per page, as
ranges over the runs: the median time from the change's input event (pointer down, or Enter in a number box) to the heatmap's
new numbers, and the main thread's long tasks (> 50 ms, PerformanceObserver): count, total and worst.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import time
import urllib.request

from bench import server as srv
from model.decision import evaluate, parse_policy, test_set_report
from model.loader import load_model
from model.reference import scored_test_set

ASYM = [[0, 1, 10], [1, 0, 1], [1, 1, 0]]


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def in_process(runs: int) -> dict:
    ts = scored_test_set(load_model())
    policy = parse_policy(ASYM, 0.3)
    fns = {
        "argmax confusion (baseline)": lambda: ts.confusion("all"),
        "evaluate one policy": lambda: evaluate(ts.proba, ts.y, policy),
        "whole report (policy, 41-point curve, ROC/PR)": lambda: test_set_report(ts.proba, ts.y, policy),
    }
    return {name: _median_ms(fn, runs) for name, fn in fns.items()}


def through_server(runs: int) -> dict:
    body = json.dumps({"costs": ASYM, "refer": 0.3}).encode()
    with srv.serve() as server:
        url = f"http://{srv.HOST}:{server.port}"

        def post(path):
            request = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request) as response:
                response.read()

        def get(path):
            with urllib.request.urlopen(url + path) as response:
                response.read()

        for _ in range(5):
            post("/api/decide/test-set")
        return {"GET /api/model (baseline)": _median_ms(lambda: get("/api/model"), runs),
                "POST /api/decide/test-set": _median_ms(lambda: post("/api/decide/test-set"), runs)}, url


# The policy changes of one run, from the page's first state (zero-one costs, no taster, fee box 0.3): presets,
# the taster's checkbox, a typed fee and typed costs. Each changes the heatmap (checked against the model).
STEPS = [("preset", "poor-as-good"), ("preset", "margin"), ("taster", True), ("fee", 0.2), ("cost", (0, 2), 5),
         ("preset", "same"), ("fee", 0.45), ("taster", False), ("cost", (2, 0), 3), ("preset", "poor-as-good"),
         ("taster", True), ("preset", "margin")]

# Installed before the page's scripts: long tasks, the time of each action's first input event, and the time of
# each change of the heatmap's numbers (checked every animation frame), all on the page's clock.
RECORDER = """
(() => {
  const rec = window.__decide = {long: [], acted: [], heat: [], last: null};
  new PerformanceObserver(list => { for (const e of list.getEntries()) rec.long.push({t: e.startTime, d: e.duration}); })
    .observe({type: 'longtask', buffered: true});
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, e => { if (type === 'pointerdown' || e.key === 'Enter') rec.acted.push(performance.now()); },
                              true);
  }
  const poll = () => {
    const gd = document.querySelector('#confusion-graph .js-plotly-plot');
    const z = gd && gd.data && JSON.stringify(gd.data[0].z);
    if (z && z !== rec.last) { rec.last = z; rec.heat.push(performance.now()); }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""


def expected_heats(steps=STEPS) -> list:
    """The heatmap's numbers after each step, as the model decides them (all wines, counts)."""
    from components.decide import DEFAULT_REFER, PRESETS

    ts = scored_test_set(load_model())
    costs, taster, fee, out = [list(r) for r in PRESETS["same"][1]], False, DEFAULT_REFER, []
    for kind, *args in steps:
        if kind == "preset":
            costs = [list(r) for r in PRESETS[args[0]][1]]
        elif kind == "taster":
            taster = args[0]
        elif kind == "fee":
            fee = args[0]
        else:
            costs[args[0][0]][args[0][1]] = args[1]
        out.append(evaluate(ts.proba, ts.y, parse_policy(costs, fee if taster else None))["confusion"])
    assert all(a != b for a, b in zip(out, out[1:])), "every step must change the heatmap"
    return out


def _act(page, kind: str, *args) -> None:
    from components import ids

    def by_id(component_id) -> str:
        return "[id='" + json.dumps(component_id, sort_keys=True, separators=(",", ":")) + "']"

    if kind == "preset":
        page.locator(by_id(ids.decide_preset(args[0]))).click()
    elif kind == "taster":
        page.locator(f"#{ids.DECIDE_REFER_ON} input[type=checkbox]").click()
    else:
        box = page.locator(f"#{ids.DECIDE_REFER}" if kind == "fee" else by_id(ids.decide_cost(*args[0])))
        box.fill(str(args[-1]))
        box.press("Enter")


def open_page(browser, url: str, viewport: dict):
    """The page at `url`, loaded and quiet, the editor in view."""
    page = browser.new_page(viewport={"width": viewport["width"], "height": viewport["height"]})
    page.add_init_script(RECORDER)
    page.goto(url + "/")
    page.wait_for_function("window.__decide.last !== null", timeout=30000)
    page.wait_for_timeout(2500)
    page.locator(".decide").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    return page


def one_run(browser, url: str, viewport: dict, heats: list) -> dict:
    """A fresh page: every step of STEPS, each once the page is quiet again; each step's first input event -> the
    heatmap's new numbers, and the long tasks from the input to 900 ms after the heatmap changed. With "look", the
    decision charts are then scrolled into view and the editor back: the long tasks of those scrolls are counted
    apart (the page's own scrolling, and the charts' redraws this page leaves until they are on screen)."""
    from components import ids

    page = open_page(browser, url, viewport)
    latencies, changes, scrolls = [], [], []
    now = "performance.now()"
    for step, want in zip(STEPS, heats):
        acted, begin = page.evaluate(f"[window.__decide.acted.length, {now}]")
        _act(page, *step)
        page.wait_for_function("z => JSON.stringify(document.querySelector('#confusion-graph .js-plotly-plot')"
                               ".data[0].z) === z", arg=json.dumps(want, separators=(",", ":")), timeout=15000)
        t0, t1 = page.evaluate(f"[window.__decide.acted[{acted}], window.__decide.heat.at(-1)]")
        latencies.append(t1 - t0)
        page.wait_for_timeout(900)
        changes.append((begin, page.evaluate(now)))
        if viewport.get("look"):  # down to the decision charts, as a person reads them, and back to the editor
            page.locator(f"#{ids.DECIDE_ROC}").scroll_into_view_if_needed()
            page.wait_for_timeout(700)
            page.locator(".decide").scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            scrolls.append((changes[-1][1], page.evaluate(now)))
    tasks = page.evaluate("window.__decide.long")
    page.close()

    def within(windows):
        return [t["d"] for t in tasks if any(a <= t["t"] < b for a, b in windows)]

    long, scrolled = within(changes), within(scrolls)
    return {"changes": len(latencies), "heat_ms": statistics.median(latencies), "long": len(long),
            "long_total": sum(long), "long_worst": max(long, default=0.0), "scroll_long": len(scrolled),
            "scroll_total": sum(scrolled), "scroll_worst": max(scrolled, default=0.0)}


GROUPS = (("a11y.js", "assets/a11y.js"), ("decide.js", "Plotly, from assets/decide.js"), ("plotly", "Plotly"),
          ("dash_renderer", "dash-renderer"), ("react", "React"), ("assets/", "other assets"), ("", "other scripts"))


def _group(stack: list[str]) -> str:
    """Who a CPU sample's time belongs to: the first of GROUPS found in its stack of script urls (a11y.js's
    querySelectorAll counts as a11y.js); native work with no script (style, layout, GC) is 'browser'."""
    for needle, name in GROUPS:
        if any(needle in url for url in stack):
            return name
    return "browser (style, layout, GC)"


def attribute(profile: dict, threshold_ms: float = 50.0) -> list[dict]:
    """The stretches of uninterrupted main-thread work over `threshold_ms` in a CDP CPU profile, each with its
    milliseconds by GROUPS."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}

    def stack(nid):
        urls = []
        while nid in nodes:
            urls.append(nodes[nid]["callFrame"]["url"])
            nid = parent.get(nid)
        return [u for u in urls if u]

    tasks, current, clock = [], None, 0.0
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        clock += delta / 1000
        if nodes[sample]["callFrame"]["functionName"] == "(idle)":
            if current:
                tasks.append(current)
            current = None
            continue
        current = current or {"start": clock, "end": clock, "by": collections.Counter()}
        current["end"] = clock
        current["by"][_group(stack(sample))] += delta / 1000
    return [t | {"ms": t["end"] - t["start"]} for t in tasks + ([current] if current else [])
            if t["end"] - t["start"] > threshold_ms]


def profile_run(url: str, viewport: dict) -> list[dict]:
    """One run of STEPS on `url` under the CPU profiler (100 us sampling): its long stretches, attributed."""
    from playwright.sync_api import sync_playwright

    from bench.page import CHROMIUM, CHROMIUM_ARGS

    heats = expected_heats()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_page(browser, url, viewport)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        cdp.send("Profiler.start")
        for step, want in zip(STEPS, heats):
            _act(page, *step)
            page.wait_for_function("z => JSON.stringify(document.querySelector('#confusion-graph .js-plotly-plot')"
                                   ".data[0].z) === z", arg=json.dumps(want, separators=(",", ":")), timeout=15000)
            page.wait_for_timeout(900)
        tasks = attribute(cdp.send("Profiler.stop")["profile"])
        browser.close()
    return tasks


VIEWPORTS = {"1920x1080, editor in view": {"width": 1920, "height": 1080},
             "1920x1080, each change then the charts scrolled into view": {"width": 1920, "height": 1080, "look": True}}


def in_browser(runs: int, baseline: str) -> dict:
    """`runs` rounds; in each, for each viewport, the baseline's page and this page in turn (which goes first
    alternates). Returns {viewport: {app: [run figures]}}."""
    from playwright.sync_api import sync_playwright

    from bench.page import CHROMIUM, CHROMIUM_ARGS

    heats = expected_heats()
    out = {v: {baseline: [], "this": []} for v in VIEWPORTS}
    with srv.checkout(baseline) as old, srv.serve(root=old) as base, srv.serve() as this, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(runs):
            for name, viewport in VIEWPORTS.items():
                apps = [(baseline, base.url), ("this", this.url)]
                for app, url in apps if run % 2 == 0 else apps[::-1]:
                    out[name][app].append(one_run(browser, url, viewport, heats))
        browser.close()
    return out


def _range(values, fmt="{:.0f}") -> str:
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"


def print_profile() -> None:
    with srv.serve() as this:
        for name, viewport in list(VIEWPORTS.items())[:1]:  # the changes only: the profile has no scrolling
            tasks = profile_run(this.url, viewport)
            print(f"== {len(STEPS)} policy changes under the CPU profiler, {name}: stretches of work over 50 ms "
                  f"(the profiler's own cost included; load {os.getloadavg()[0]:.1f}) ==")
            total = collections.Counter()
            for t in tasks:
                total.update(t["by"])
                print(f"  {t['ms']:5.0f} ms: " + ", ".join(f"{k} {v:.0f}" for k, v in t["by"].most_common()))
            print("  all of them: " + ", ".join(f"{k} {v:.0f} ms" for k, v in total.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="runs of the page (each: every viewport, both pages)")
    parser.add_argument("--baseline", default="main", help="git ref of the page to serve beside this one")
    parser.add_argument("--profile", action="store_true",
                        help="only: one run of this page under the CPU profiler, its long tasks attributed")
    args = parser.parse_args()
    if args.profile:
        print_profile()
        return
    runs = 20 if args.quick else 100
    print("== a policy on the 1,300 held-out wines, in-process (median of", runs, "runs) ==")
    for name, ms in in_process(runs).items():
        print(f"  {name:48s} {ms:8.3f} ms")
    server, _ = through_server(runs)
    print("== through gunicorn on 127.0.0.1, 2 workers (median) ==")
    for name, ms in server.items():
        print(f"  {name:48s} {ms:8.3f} ms")
    runs = 1 if args.quick else args.runs
    print(f"== the page: {len(STEPS)} policy changes per run (presets, the taster, typed fee and costs), "
          f"{args.baseline}'s page and this one in turn, {runs} run(s); load {os.getloadavg()[0]:.1f} ==")
    for viewport, apps in in_browser(runs, args.baseline).items():
        print(f"  {viewport}:")
        for app, results in apps.items():
            print(f"    {app:6s} input -> heatmap median {_range([r['heat_ms'] for r in results])} ms; long tasks "
                  f"(> 50 ms) {_range([r['long'] for r in results])} per run, total "
                  f"{_range([r['long_total'] for r in results])} ms, worst {_range([r['long_worst'] for r in results])} ms")
            if any(r["scroll_long"] or r["scroll_total"] for r in results) or "scrolled" in viewport:
                print(f"    {'':6s} and while scrolling to the charts and back: long tasks "
                      f"{_range([r['scroll_long'] for r in results])} per run, total "
                      f"{_range([r['scroll_total'] for r in results])} ms, worst "
                      f"{_range([r['scroll_worst'] for r in results])} ms")
    print(f"  (ranges over the runs; load after: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
