"""The page as a person sees it, in figures: presentation mode's type sizes, the gap between the verdict and its bars,
and the phone's pinned verdict over the page, in headless Debian Chromium against gunicorn on 127.0.0.1. The checks
are the browser tests' own (tests/browser/invariants.py).

    python -m bench.page_view                      # this checkout
    python -m bench.page_view --root ../other      # another checkout of the project (e.g. main), same checks
"""
from __future__ import annotations

import argparse
import importlib.util
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent.parent
SIZES = {
    "1920x1080": ({"viewport": {"width": 1920, "height": 1080}}, ""),
    "1280x720 ?p=1": ({"viewport": {"width": 1280, "height": 720}}, "?p=1"),
    "1920x1080 ?p=1": ({"viewport": {"width": 1920, "height": 1080}}, "?p=1"),
    "390x844 phone": ({"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}, ""),
}
TYPE_SIZES = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  if (el.closest('svg, .boot-skeleton, .sr-only') || !el.getClientRects().length) { return false; }
  const s = getComputedStyle(el);
  return s.visibility !== 'hidden' && (el.tagName === 'INPUT' ? el.type === 'text' && el.value
    : Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()));
}).map(el => Math.round(parseFloat(getComputedStyle(el).fontSize) * 10) / 10)"""

# the smallest type of each chart on screen (the charts' type is set by their figure builders, not by theme.css)
CHART_TYPE = """() => Object.fromEntries(Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
  const sizes = Array.from(plot.querySelectorAll('text')).filter(t => t.textContent.trim() && t.getClientRects().length)
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  const id = (plot.closest('[id]') || plot).id;
  return [id.startsWith('{') ? JSON.parse(id).type : id, sizes.length ? Math.min(...sizes) : null];
}).filter(([, size]) => size !== null))"""


def invariants():
    spec = importlib.util.spec_from_file_location("invariants", HERE / "tests" / "browser" / "invariants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def open_page(browser, url: str, options: dict):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#proba-graph .main-svg")
    page.wait_for_function("document.querySelectorAll('[role=slider][aria-labelledby]').length === 11")
    page.wait_for_timeout(1500)
    return context, page


def bars_top(page) -> float:
    return page.evaluate("document.querySelector('#proba-graph').getBoundingClientRect().top + scrollY")


def with_notes(page) -> None:
    """A wine the model has seen few of (its guess line) and A pinned (A's line)."""
    for name in ("Chlorides", "Volatile acidity"):
        page.get_by_role("slider", name=name).focus()
        page.keyboard.press("End")
    page.wait_for_selector("#verdict-frame.guessing")
    page.locator("#pin-a-button").click()
    page.wait_for_selector("#pinned-line:not(.hidden) .pin-tag")
    page.wait_for_timeout(800)


def type_line(sizes: list[float]) -> str:
    counts = Counter(sizes)
    spread = ", ".join(f"{size:g} px x{counts[size]}" for size in sorted(counts))
    return f"min {min(sizes):g} px, max {max(sizes):g} px ({spread})"


def phone_scroll(page, inv) -> tuple[int, int, bool]:
    """Wheel down from the sliders' top to past their end: steps with words under the bar, steps taken, and whether
    the last slider was ever wholly above the bar while the bar showed."""
    page.locator(".card.controls").scroll_into_view_if_needed()
    page.mouse.move(195, 300)
    covered, steps, last_reachable = 0, 0, False
    end = page.evaluate("document.querySelector('.card.controls').getBoundingClientRect().bottom + scrollY")
    while page.evaluate("scrollY + innerHeight") < end + 400 and steps < 60:
        page.mouse.wheel(0, 40)
        page.wait_for_timeout(120)
        steps += 1
        covered += bool(inv.under_the_bar(page, "scroll"))
        last_reachable |= page.evaluate("""() => {
          const bar = document.getElementById('prediction-summary');
          const rows = document.querySelectorAll('.feature-control');
          const style = getComputedStyle(bar);
          if (style.display === 'none' || style.visibility !== 'visible') { return false; }
          const r = rows[rows.length - 1].getBoundingClientRect();
          return r.top >= 0 && r.bottom <= bar.getBoundingClientRect().top;
        }""")
    return covered, steps, last_reachable


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to serve")
    args = parser.parse_args(argv)
    inv = invariants()
    print(f"serving {args.root.resolve()}")
    with srv.serve(workers=1, root=args.root.resolve()) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (options, query) in SIZES.items():
            context, page = open_page(browser, server.url + "/" + query, options)
            gap, top = inv.verdict_gap(page), bars_top(page)
            sizes = page.evaluate(TYPE_SIZES)
            with_notes(page)
            print(f"{name:15} verdict→bars gap {gap:5.1f} px; with the guess and A's lines "
                  f"{inv.verdict_gap(page):5.1f} px, bars moved {bars_top(page) - top:+.1f} px")
            if query:
                print(f"{'':15} type loaded: {type_line(sizes)}")
                print(f"{'':15} type with notes: {type_line(page.evaluate(TYPE_SIZES))}")
                charts = ", ".join(f"{k} {v:g}" for k, v in page.evaluate(CHART_TYPE).items())
                print(f"{'':15} charts' smallest type, px: {charts}")
            if "phone" in name:
                covered, steps, reachable = phone_scroll(page, inv)
                print(f"{'':15} scrolling past the sliders: {covered} of {steps} wheel steps had words under the "
                      f"pinned verdict; last slider wholly above it: {'yes' if reachable else 'no'}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
