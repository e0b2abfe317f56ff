"""Loading a link, in main-thread CPU time: Chrome traces of the dashboard opened at bench.feel's link, again on the
open page (a warm link) and in a new browser context (a first visit), and each task of the page's main thread named by
the work that opened it.

A warm link is one of two loads, told apart by what V8 did with plotly.js's code cache (the trace's v8.compile and
v8.produceCache events): on the second visit after the bundle changed (or after another browser context loaded it)
V8 compiles the bundle and writes its code cache, in the script's own task; on later visits it reads the cache.
Each round opens the link twice on the open page, then once as a first visit, so each kind is measured.

A long task's wall-clock time (bench.feel's `longtask` observer) grows with the machine's load: on this shared 2-core
machine a 40 ms task now and then takes 55. Its thread time does not, so this compares two builds fairly, turn by turn:
with `--baseline REF` the dashboard at a git ref is served and traced beside this checkout.

A task is named by the first script it ran: `script F` for a file's evaluation, `F` for a call into file F (its
timers, its event listeners, React's scheduler for `react-dom`), `GC` when garbage collection took most of it, else
the trace event that opened it. For each build and kind of load it prints the median over the loads of: the main
thread's CPU, the number of tasks over 30 ms of CPU, the longest task's CPU and wall-clock time; then, per name, the
longest task's CPU (median of the loads it appears in, and its maximum).

    python -m bench.load_cpu                         # this checkout, 6 rounds (2 warm links, a first visit)
    python -m bench.load_cpu --baseline HEAD~3       # and the dashboard at HEAD~3, alternated
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import time
from contextlib import ExitStack

from bench import feel
from bench import server as srv
from bench.feel_cpu import main_thread_tasks
from bench.page import CHROMIUM, CHROMIUM_ARGS

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "toplevel",
              "disabled-by-default-v8.compile"]
BUNDLE = "/plotly-"  # in the URL of the page's plotly.js bundle
# a warm link, by what V8 did with the bundle's code cache (code_cache)
WARM = {"written": "warm link, code cache written", "read": "warm link, code cache read",
        "compiled": "warm link, compiled"}
LONG_CPU_MS = 30.0
OPENERS = ("EvaluateScript", "FunctionCall", "TimerFire", "FireAnimationFrame", "EventDispatch", "ParseHTML",
           "XHRReadyStateChange", "UpdateLayoutTree", "Layout", "Paint")
GC = ("MajorGC", "MinorGC", "V8.GCFinalizeMC", "V8.GCScavenger", "V8.GC_MARK_COMPACTOR", "V8.GCIncrementalMarking")


def file_of(url: str) -> str:
    """A script's file name without its query or Dash's version fingerprint: react-dom@18.v4_4_1m17... -> react-dom."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    name = re.sub(r"(@[\d.]+)?\.v\d+_\d+_\d+m\d+.*$", "", name)
    return re.sub(r"\.min\.js$|\.js$", "", name) or "(inline)"


def main_tasks(events: list[dict]) -> list[dict]:
    """The outermost tasks of the page's main thread, each with its CPU and wall ms and its name."""
    return [{"cpu": t["event"]["tdur"] / 1000, "wall": t["event"]["dur"] / 1000, "name": name_of(t)}
            for t in main_thread_tasks(events)]


def name_of(task: dict) -> str:
    gc = sum(e.get("dur", 0) for e in task["inner"] if e.get("name") in GC)
    if gc > task["event"]["dur"] / 2:
        return "GC"
    for e in task["inner"]:
        data = (e.get("args") or {}).get("data") or {}
        if e.get("name") == "EvaluateScript" and data.get("url"):
            return "script " + file_of(data["url"])
        if e.get("name") == "FunctionCall" and data.get("url"):
            return file_of(data["url"])
    first = next((e["name"] for e in task["inner"] if e.get("name") in OPENERS), None)
    return first or "(other)"


def code_cache(events: list[dict], marker: str = BUNDLE) -> str:
    """What V8 did with the code cache of the script whose URL holds `marker`: "written" (it compiled the script
    and wrote its cache), "read" (it compiled it from the cache) or "compiled" (neither)."""
    def data(e):
        return (e.get("args") or {}).get("data") or {}
    ours = [e for e in events if marker in str(data(e).get("url", ""))]
    if any(e.get("name") == "v8.produceCache" and data(e).get("producedCacheSize") for e in ours):
        return "written"
    if any(e.get("name") == "v8.compile" and data(e).get("consumedCacheSize") and not data(e).get("cacheRejected")
           for e in ours):
        return "read"
    return "compiled"


def summary(tasks: list[dict]) -> dict:
    longest = max(tasks, key=lambda t: t["cpu"])
    by_name = collections.defaultdict(float)
    for t in tasks:
        by_name[t["name"]] = max(by_name[t["name"]], t["cpu"])
    return {"cpu_ms": sum(t["cpu"] for t in tasks), "long": sum(t["cpu"] > LONG_CPU_MS for t in tasks),
            "worst_cpu_ms": longest["cpu"], "worst_wall_ms": max(t["wall"] for t in tasks), "worst": longest["name"],
            "by_name": dict(by_name)}


def traced(browser, page, load) -> tuple[list[dict], str]:
    """The main thread's tasks while `load` runs, and what V8 did with the bundle's code cache (code_cache)."""
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        load()
    finally:
        events = json.loads(browser.stop_tracing())["traceEvents"]
    return main_tasks(events), code_cache(events)


def run(roots: dict, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {name: {kind: [] for kind in (*WARM.values(), "first visit")} for name in roots}
    with ExitStack() as stack, sync_playwright() as p:
        servers = {name: stack.enter_context(srv.serve(srv.DASHBOARD_APP, root=root)) for name, root in roots.items()}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            apps = {name: feel.dashboard_app(server.url + "/") for name, server in servers.items()}
            for app in apps.values():
                app.open(browser, query=feel.LINK)
            for _ in range(loads):
                for name, app in apps.items():
                    for _twice in range(2):  # the cache written (after a first visit elsewhere), then read
                        tasks, cache = traced(browser, app.page, lambda: feel.loading(app, feel.LINK))
                        results[name][WARM[cache]].append(summary(tasks))
                    tasks, _ = traced(browser, None, lambda: feel.first_visit(app, browser, feel.LINK))
                    results[name]["first visit"].append(summary(tasks))
        finally:
            browser.close()
    return results


def report(results: dict) -> str:
    lines = []
    for name, kinds in results.items():
        for kind, rows in kinds.items():
            if not rows:
                continue
            med = {k: statistics.median(r[k] for r in rows) for k in ("cpu_ms", "long", "worst_cpu_ms", "worst_wall_ms")}
            worst = collections.Counter(r["worst"] for r in rows).most_common(3)
            lines.append(f"{name} · {kind} ({len(rows)} loads): main thread {med['cpu_ms']:.0f} ms CPU; "
                         f"tasks over {LONG_CPU_MS:.0f} ms CPU {med['long']:g}; longest task {med['worst_cpu_ms']:.1f} ms "
                         f"CPU, {med['worst_wall_ms']:.1f} ms wall (medians); longest of all "
                         f"{max(r['worst_cpu_ms'] for r in rows):.1f} ms CPU; longest was {worst}")
            names = collections.defaultdict(list)
            for r in rows:
                for task, cpu in r["by_name"].items():
                    names[task].append(cpu)
            top = sorted(names.items(), key=lambda kv: -statistics.median(kv[1]))[:8]
            lines.extend(f"    {task:32} longest {statistics.median(v):5.1f} ms CPU (max {max(v):5.1f}, in {len(v)} loads)"
                         for task, v in top)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_cpu", description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=6, help="rounds per build, each two warm links and a first visit (default 6)")
    parser.add_argument("--baseline", metavar="REF", help="also serve and trace the dashboard at this git ref")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    with ExitStack() as stack:
        roots = {"this": srv.ROOT} | ({args.baseline: stack.enter_context(srv.checkout(args.baseline))}
                                     if args.baseline else {})
        print(report(run(roots, args.loads)))
    print(f"bench.load_cpu done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
