"""Decisions under costs: how long a policy takes on the held-out wines, in-process and through the server, and
what the page does when the policy changes (main-thread long tasks, in headless Chromium).

    python -m bench.decide            # ~1 minute
    python -m bench.decide --quick

The baseline in the same run is the model card's own work on the same wines: scoring the confusion matrix by the
most likely bucket (`TestSet.confusion`), so the ratio says what a policy adds to it.
"""
from __future__ import annotations

import argparse
import json
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


LONGTASKS = """
window.__long = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push(e.duration); })
  .observe({type: 'longtask', buffered: false});
"""


def in_browser(rounds: int) -> dict:
    """Click the three presets in turn, `rounds` times, on the page at 1920x1080; long tasks and the time from the
    click to the heatmap's new numbers."""
    from playwright.sync_api import sync_playwright

    from components.decide import PRESETS

    with srv.serve() as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"http://{srv.HOST}:{server.port}/")
        page.wait_for_selector("#decide-summary")
        page.wait_for_timeout(3000)
        page.locator(".decide").scroll_into_view_if_needed()
        page.evaluate(LONGTASKS)
        latencies = []
        names = list(PRESETS)
        for i in range(rounds * len(names)):
            label = PRESETS[names[(i + 1) % len(names)]][0]
            before = page.evaluate("document.querySelector('#confusion-graph .js-plotly-plot').data[0].z")
            start = time.perf_counter()
            page.get_by_role("button", name=label).click()
            page.wait_for_function(
                "b => JSON.stringify(document.querySelector('#confusion-graph .js-plotly-plot').data[0].z) !== b",
                arg=json.dumps(before, separators=(",", ":")), timeout=10000)
            latencies.append((time.perf_counter() - start) * 1000)
            page.wait_for_timeout(600)
        long = page.evaluate("window.__long")
        browser.close()
    return {"changes": len(latencies), "click_to_heatmap_median_ms": statistics.median(latencies),
            "long_tasks": len(long), "long_total_ms": sum(long), "long_worst_ms": max(long, default=0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 20 if args.quick else 100
    print("== a policy on the 1,300 held-out wines, in-process (median of", runs, "runs) ==")
    for name, ms in in_process(runs).items():
        print(f"  {name:48s} {ms:8.3f} ms")
    server, _ = through_server(runs)
    print("== through gunicorn on 127.0.0.1, 2 workers (median) ==")
    for name, ms in server.items():
        print(f"  {name:48s} {ms:8.3f} ms")
    result = in_browser(2 if args.quick else 4)
    print("== the page, 1920x1080: a preset clicked, until the heatmap shows the new policy ==")
    print(f"  {result['changes']} policy changes: click -> heatmap median {result['click_to_heatmap_median_ms']:.0f} ms; "
          f"long tasks (> 50 ms) {result['long_tasks']}, total {result['long_total_ms']:.0f} ms, "
          f"worst {result['long_worst_ms']:.0f} ms")


if __name__ == "__main__":
    main()
