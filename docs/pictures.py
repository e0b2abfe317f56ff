"""The README's pictures, retaken from the page as it is: the app served by gunicorn on 127.0.0.1 (bench/server.py),
photographed by headless Debian Chromium at the sizes the README names.

    python -m docs.pictures            # writes docs/*.png; look at each before committing
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import server as srv
from bench.page import CHROMIUM, CHROMIUM_ARGS
from components import ids

DOCS = Path(__file__).resolve().parent
WIDE = {"viewport": {"width": 1920, "height": 1080}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 1}
SETTLE_MS = 1500


def opened(browser, url: str, options: dict):
    context = browser.new_context(**options, reduced_motion="reduce")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
    page.wait_for_selector(f"#{ids.CONFUSION_GRAPH} .main-svg")
    page.wait_for_function("document.querySelectorAll('[role=slider][aria-labelledby]').length === 11")
    page.wait_for_timeout(SETTLE_MS)
    return context, page


def make_it_good(page) -> dict:
    """Its answer under the button: the page from its top down to the answer's end, whole."""
    page.locator(f"#{ids.MAKE_GOOD_BUTTON}").click()
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}:not(.hidden)")
    page.wait_for_timeout(SETTLE_MS)
    end = page.evaluate(f"document.getElementById('{ids.SUGGESTION_VIEW}').getBoundingClientRect().bottom + scrollY")
    return {"full_page": True, "clip": {"x": 0, "y": 0, "width": WIDE["viewport"]["width"], "height": end + 16}}


# file name -> (browser context, query string, what to do before the picture: it may return its framing)
PICTURES = {
    "dashboard-1920.png": (WIDE, "", None),
    "make-it-good-1920.png": (WIDE, "", make_it_good),
    "presentation-1280.png": (PROJECTOR, "?p=1", None),
    "dashboard-phone.png": (PHONE, "", None),
}


def main() -> None:
    with srv.serve(workers=1) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (options, query, action) in PICTURES.items():
            context, page = opened(browser, f"{server.url}/{query}", options)
            framing = (action(page) if action else None) or {}
            page.screenshot(path=DOCS / name, **framing)
            print(DOCS / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
