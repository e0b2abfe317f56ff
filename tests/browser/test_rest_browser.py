"""`invariants.rest`, which the browser tests wait with, waits for what a step sets off, all of it: an answer the page
holds back itself (a live route's, drawn by assets/whatif.js) as well as a fetch on its way and Dash's callbacks."""
from __future__ import annotations

import pytest

from components import ids
import invariants as inv
from tests.browser.conftest import WIDE, open_dashboard

pytestmark = pytest.mark.browser

HOLD_MS = 700
# installed after REST_WATCH (new_page): the Why chart's numbers reach assets/whatif.js HOLD_MS after their answer,
# as a slow network would bring them; REST_WATCH's count of fetches has closed by then, whatif's own has not
HOLD_WHY = """ms => {
  const fetch = window.fetch;
  window.fetch = function (url) {
    const answer = fetch.apply(this, arguments);
    return String(url).includes('_live/why') ? answer.then(r => new Promise(ok => setTimeout(() => ok(r), ms))) : answer;
  };
}"""
WHY_LABELS = f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y.join(' | ')"


def test_rest_waits_for_the_why_charts_numbers_held_back_on_their_way(warm, live_server):
    board = open_dashboard(warm, live_server, WIDE,
                           before=lambda page: page.add_init_script(f"({HOLD_WHY})({HOLD_MS})"))
    try:
        page = board.page
        inv.rest(page)
        assert "Alcohol 10.5" in page.evaluate(WHY_LABELS)
        page.get_by_role("slider", name="Alcohol").focus()
        page.keyboard.press("End")
        inv.rest(page)
        # no wait of its own: at rest, the Why chart on screen is drawn for the new wine (14.9 % vol)
        assert "Alcohol 14.9" in page.evaluate(WHY_LABELS), page.evaluate(WHY_LABELS)
        assert board.errors == []
    finally:
        board.close()


LATE_MS = 40  # well inside rest's stillness; a scroll's IntersectionObserver answers at the next frame, as soon


def test_rest_counts_its_stillness_from_the_call_not_from_an_earlier_rest(dashboard):
    """A step that changes nothing at once (a scroll: the phone's pinned verdict goes at the next frame) still
    gets rest's whole stillness, however long the page had been still before the step."""
    page = dashboard.page
    inv.rest(page)
    page.wait_for_timeout(2 * inv.REST_MS)  # still for longer than rest asks, before the step
    page.evaluate(f"() => setTimeout(() => {{ document.body.dataset.late = 'done'; }}, {LATE_MS})")
    inv.rest(page)
    assert page.evaluate("document.body.dataset.late") == "done"


def test_a_redraw_waiting_for_its_frame_keeps_the_charts_from_resting(dashboard):
    """charts.resting() counts a redraw that waits for the next frame (charts.afterFrame): a DOM still for rest's
    150 ms would not, if the page's frames came slower than that."""
    page = dashboard.page
    inv.rest(page)
    assert page.evaluate("window.dash_clientside.charts.resting()")
    waiting = page.evaluate("""() => {
      const charts = window.dash_clientside.charts;
      charts.afterFrame(() => { window.__redrawn = charts.resting(); });
      return charts.resting();
    }""")
    assert waiting is False
    page.wait_for_function("window.__redrawn !== undefined")
    assert page.evaluate("window.__redrawn") is True  # counted off as its turn comes, before it runs
