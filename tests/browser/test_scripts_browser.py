"""The page's scripts (components/scripts.py) in Chromium: every listed file runs, in the listed order, each in a task
of its own, and the renderer starts after the last; a file that fails to load does not stop the page."""
from __future__ import annotations

import pytest

from components import ids
from components.scripts import TEMPLATE_ID
from tests.browser.conftest import WIDE, open_dashboard

pytestmark = pytest.mark.browser

# Before the page's scripts: each script's load event (after it has run) notes its source and how many of the
# page's scripts were in the document then. A file inserted only once the one before has run cannot share its task:
# the browser runs a dynamic script in a task of its own, after the one that inserted it.
RUNS = """(() => {
  window.__runs = [];
  document.addEventListener('load', event => {
    const el = event.target;
    if (el.tagName === 'SCRIPT' && el.src) {
      window.__runs.push({src: el.getAttribute('src'), inserted: document.querySelectorAll('body script[src]').length});
    }
  }, true);
})()"""
LISTED = f"""Array.from(document.getElementById({TEMPLATE_ID!r}).content.querySelectorAll('script[src]'))
  .map(s => s.getAttribute('src'))"""


def open_page(browser, url: str, fail: str | None = None):
    def before(page):
        if fail:
            page.context.route(f"**{fail}*", lambda route: route.abort())
        page.add_init_script(RUNS)
    return open_dashboard(browser, url, WIDE, before=before)


def test_every_file_runs_in_the_listed_order_each_in_a_task_of_its_own(browser, live_server):
    board = open_page(browser, live_server)
    page = board.page
    try:
        listed = page.evaluate(LISTED)
        runs = [r for r in page.evaluate("window.__runs") if r["src"] in listed]  # not Dash's chunks loaded later
        assert len(listed) > 20
        assert [r["src"] for r in runs] == listed  # all of them, in order, each once
        # each file was inserted once the one before it had run: one file per task
        assert [r["inserted"] for r in runs] == list(range(1, len(listed) + 1))
        ran = page.evaluate("Array.from(document.querySelectorAll('body > script, footer > script'))"
                            ".map(s => s.id || s.getAttribute('src') || 'inline')")
        assert ran.index("_dash-renderer") > max(ran.index(src) for src in listed)  # the renderer's start last
        assert board.errors == []
    finally:
        page.context.close()


def test_a_file_that_fails_to_load_does_not_stop_the_page(browser, live_server):
    board = open_page(browser, live_server, fail="/assets/share.js")
    page = board.page
    try:
        listed = page.evaluate(LISTED)
        runs = [r["src"] for r in page.evaluate("window.__runs") if r["src"] in listed]
        failed = [src for src in listed if src.startswith("/assets/share.js")]
        assert len(failed) == 1 and runs == [src for src in listed if src not in failed]
        assert page.locator(f"#{ids.VERDICT}").inner_text().strip() != ""
    finally:
        page.context.close()


def test_dashs_bundles_run_on_the_vendored_regenerator_runtime_without_dashs_polyfill(browser, live_server):
    """Dash's polyfill is left out; dcc's generators still run (the charts are drawn), on regenerator-runtime."""
    board = open_page(browser, live_server)
    page = board.page
    try:
        page.wait_for_selector(f"#{ids.PROBA_GRAPH} .js-plotly-plot .bars")
        page.wait_for_selector(f"#{ids.CONFUSION_GRAPH} .js-plotly-plot")
        fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert [url for url in fetched if "polyfill" in url] == []
        assert any("/assets/vendor/regenerator-runtime-" in url for url in fetched)
        assert page.evaluate("typeof regeneratorRuntime.mark === 'function' && typeof regeneratorRuntime.wrap === 'function'")
        assert board.errors == []
    finally:
        page.context.close()
