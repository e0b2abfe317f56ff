"""Loading a link: the main thread's long tasks while the page opens, this checkout against the page at a git ref.

    python -m bench.page_load                       # against main, 5 rounds
    python -m bench.page_load --baseline REF --runs 7

Both pages run under gunicorn on 127.0.0.1, served in the same run; in each round each is opened twice at
1920x1080 on bench.feel's link (every measurement set): first as a first visit (a new browser context, nothing
cached), then again in that context (the scripts cached, as on a second visit). Which page goes first alternates.
For each: the long tasks (> 50 ms, PerformanceObserver) from the navigation until the page is quiet, as medians
over the rounds: count, total and worst; and when the first screen came (bench.feel FIRST_SCREEN_JS): all the
sliders, and the bars' first drawing.
"""
from __future__ import annotations

import argparse
import statistics

from bench import feel
from bench import server as srv

KINDS = ("first visit", "second visit")


def one_round(browser, url: str) -> dict:
    app = feel.dashboard_app(url + "/")
    first = feel.first_visit(app, browser, feel.LINK)
    second = feel.loading(app, feel.LINK)
    app.page.context.close()
    return dict(zip(KINDS, (first, second)))


def run(baseline: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.page import CHROMIUM, CHROMIUM_ARGS

    out = {baseline: [], "this": []}
    with srv.checkout(baseline) as old, srv.serve(root=old) as base, srv.serve() as this, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for n in range(runs):
                pages = [(baseline, base.url), ("this", this.url)]
                for name, url in pages if n % 2 == 0 else pages[::-1]:
                    out[name].append(one_round(browser, url))
        finally:
            browser.close()
    return out


def report(result: dict) -> str:
    lines = [f"{'long tasks loading a link (medians)':44} {'count':>6} {'total ms':>9} {'worst ms':>9} "
             f"{'sliders':>8} {'bars':>6}   worst, each round"]
    for kind in KINDS:
        for name, rounds in result.items():
            figures = [r[kind] for r in rounds]
            worst = ", ".join(f"{f['worst_ms']:.0f}" for f in figures)
            lines.append(f"{kind + ', ' + name:44} {statistics.median(f['count'] for f in figures):6.0f} "
                         f"{statistics.median(f['total_ms'] for f in figures):9.0f} "
                         f"{statistics.median(f['worst_ms'] for f in figures):9.0f} "
                         f"{statistics.median(f['sliders_ms'] for f in figures):8.0f} "
                         f"{statistics.median(f['bars_ms'] for f in figures):6.0f}   {worst}")
    return "\n".join(lines + ["sliders, bars: ms from the navigation until the page first showed all its sliders, "
                               "and first drew its bars"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_load", description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="the git ref whose page is served beside this one")
    parser.add_argument("--runs", type=int, default=5, help="rounds (each page opened twice per round)")
    args = parser.parse_args(argv)
    print(report(run(args.baseline, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
