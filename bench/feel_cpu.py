"""The page's main-thread work per interaction, in CPU time: a Chrome trace (DevTools Protocol, Tracing domain) of a
bench.feel-like session with every what-if panel on screen, per phase: the main thread's CPU ms in all, its tasks over
50 ms of CPU, and its worst task by CPU and by wall clock.

Wall-clock long tasks (bench.feel) grow with the machine's load: on a shared machine a 20 ms task can take 60 ms. A
task's thread time does not, so this compares two versions of the page fairly: `--base DIR` serves another checkout
of the project (e.g. `git archive main`) beside this one, and the two are traced turn by turn.

    python -m bench.feel_cpu                       # this checkout, 2 rounds
    python -m bench.feel_cpu --base /tmp/main      # this checkout against another, alternated, 3 rounds
"""
from __future__ import annotations

import argparse
import statistics
import time
from contextlib import ExitStack
from pathlib import Path

from bench import feel
from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS
from components import ids

CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,toplevel"
LONG_MS = 50.0


def phases(app: feel.App) -> None:
    """The session, each phase opened by a performance.mark of its name."""
    page = app.page

    def mark(name):
        feel.wait_quiet(app, feel.SETTLE_MS)
        page.evaluate("name => performance.mark('phase:' + name)", name)

    feel.slider_phases(app, mark)
    mark("typed value")
    feel.type_alcohol(page)
    feel.settle(app)
    for name, selector in (("preset", f"#{ids.AVERAGE_BUTTON}"), ("pin A", f"#{ids.PIN_BUTTON}")):
        mark(name)
        page.locator(selector).first.click()
        feel.settle(app)
    mark("colour flip")
    page.locator(f"#{ids.COLOR} label").nth(1).click()
    feel.settle(app)
    mark("end")


def trace(app: feel.App) -> list[dict]:
    cdp = app.page.context.new_cdp_session(app.page)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
    cdp.on("Tracing.tracingComplete", lambda e: done.append(1))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    phases(app)
    cdp.send("Tracing.end")
    deadline = time.monotonic() + 60
    while not done and time.monotonic() < deadline:
        app.page.wait_for_timeout(100)
    cdp.detach()
    return events


def main_thread_tasks(events: list[dict]) -> list[dict]:
    """The page's main-thread tasks (CrRendererMain) that carry a thread time, outermost only (RunTask may nest
    ThreadControllerImpl::RunTask), in time order: [{"event": the task's event, "inner": the main thread's events
    inside it}]."""
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    on_main = sorted((e for e in events if (e.get("pid"), e.get("tid")) in mains and e.get("ph") == "X"),
                     key=lambda e: (e["ts"], -e.get("dur", 0)))
    tasks, end = [], -1
    for e in on_main:
        if e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask") and "tdur" in e and e["ts"] >= end:
            tasks.append({"event": e, "inner": []})
            end = e["ts"] + e["dur"]
        elif tasks and e["ts"] < end:
            tasks[-1]["inner"].append(e)
    return tasks


def per_phase(events: list[dict]) -> dict:
    """{phase: {cpu_ms, long_cpu, worst_cpu_ms, worst_wall_ms}} on the page's main thread."""
    marks = sorted((e["ts"], e["name"][len("phase:"):]) for e in events
                   if e.get("name", "").startswith("phase:") and e.get("ph") in ("R", "I", "n", "b"))
    outer = [task["event"] for task in main_thread_tasks(events)]
    out = {}
    for (start, name), (stop, _) in zip(marks, marks[1:]):
        inside = [e for e in outer if start <= e["ts"] < stop]
        cpu = [e["tdur"] / 1000 for e in inside]
        out[name] = {"cpu_ms": sum(cpu), "long_cpu": sum(c > LONG_MS for c in cpu),
                     "worst_cpu_ms": max(cpu, default=0.0),
                     "worst_wall_ms": max((e["dur"] / 1000 for e in inside), default=0.0)}
    return out


def run(roots: dict[str, Path], rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {name: [] for name in roots}
    with ExitStack() as stack, sync_playwright() as p:
        servers = {name: stack.enter_context(srv.serve(srv.DASHBOARD_APP, root=root)) for name, root in roots.items()}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(rounds):
                for name, server in servers.items():
                    app = feel.dashboard_app(server.url + "/")
                    app.open(browser)
                    feel.show_whatif_panels(app, browser)
                    app.page.set_viewport_size(feel.VIEWPORT)
                    results[name].append(per_phase(trace(app)))
                    app.page.context.close()
        finally:
            browser.close()
    return results


def report(results: dict) -> str:
    names = list(results)
    phase_names = list(results[names[0]][0])
    lines = [f"{'main thread, median of rounds':32}" + "".join(
        f"{n + ': cpu ms / >50ms / worst cpu / worst wall':>46}" for n in names)]
    for phase in phase_names:
        cells = []
        for n in names:
            rows = [r[phase] for r in results[n] if phase in r]
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
            cells.append(f"{med['cpu_ms']:17.0f} {med['long_cpu']:6.0f} {med['worst_cpu_ms']:10.0f} "
                         f"{med['worst_wall_ms']:10.0f}")
        lines.append(f"{phase:32}" + "".join(f"{c:>46}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feel_cpu", description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="another checkout of the project, traced beside this one")
    parser.add_argument("--rounds", type=int, default=None, help="sessions per version (2 alone, 3 with --base)")
    args = parser.parse_args(argv)
    roots = {"this": srv.ROOT} | ({"base": args.base.resolve()} if args.base else {})
    t0 = time.perf_counter()
    print(report(run(roots, args.rounds or (3 if args.base else 2))))
    print(f"bench.feel_cpu done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
