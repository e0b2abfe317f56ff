"""The panels under the main cards mount a task after the rest (components/later.py, assets/later.js), in the page's
order, one per task; once mounted they are the page as before."""
from __future__ import annotations

import pytest

from components import ids
from tests.browser.conftest import WIDE, open_dashboard

pytestmark = pytest.mark.browser

VIEWPORTS = [(WIDE, ""), ({"width": 1280, "height": 720}, "?p=1"), ({"width": 390, "height": 844}, "")]
VIEWPORT_IDS = ["1920x1080", "1280x720-presenting", "390-phone"]

# Before the page's scripts: the state of the two later parts ("pending", "empty" or "full") each time the page's
# DOM changed, from the moment the app's shell is there. A mutation observer's callback runs after each task that
# changed the DOM, so two parts mounted in one task never show one full and the other pending.
STATES = """(() => {
  window.__later = [];
  const state = el => !el ? 'absent' : el.classList.contains('later-pending')
    ? (el.childElementCount ? 'pending with children' : 'pending') : (el.childElementCount ? 'full' : 'empty');
  new MutationObserver(() => {
    const shell = document.getElementById(%(shell)s);
    if (!shell) { return; }
    const now = {wide: state(shell.querySelector(':scope > .wide')), lower: state(shell.querySelector(':scope > .lower')),
                 cards: shell.querySelectorAll('main.dashboard > * .card, main.dashboard > .card').length,
                 verdict: document.getElementById(%(verdict)s) !== null};
    const last = window.__later[window.__later.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(now)) { window.__later.push(now); }
  }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
})()""" % {"shell": repr(ids.APP_SHELL), "verdict": repr(ids.VERDICT)}


@pytest.mark.parametrize("viewport, query", VIEWPORTS, ids=VIEWPORT_IDS)
def test_the_lower_panels_mount_after_the_main_cards_one_per_task(browser, live_server, viewport, query):
    board = open_dashboard(browser, live_server + query, viewport, before=lambda page: page.add_init_script(STATES))
    page = board.page
    try:
        page.wait_for_selector(f"#{ids.MODEL_CARD}", state="attached")
        page.wait_for_load_state("networkidle")
        states = page.evaluate("window.__later")
        first = states[0]
        # the first render: the main cards with the verdict, the later parts drawn empty
        assert first["wide"] == "pending" and first["lower"] == "pending", states
        assert first["cards"] >= 3 and first["verdict"], states
        # then the wide part alone, then the lower part: each in a task of its own, in the page's order
        seen = [(s["wide"], s["lower"]) for s in states]
        assert ("full", "pending") in seen, seen
        assert seen.index(("full", "pending")) < seen.index(("full", "full")), seen
        assert ("pending", "full") not in seen, seen
        assert seen[-1] == ("full", "full") and page.locator(".later-pending").count() == 0
        # their contents are the page's: the compare card, the sensitivity charts, the model card, the batch panel
        for part, found in (("wide", ids.COMPARE), ("wide", ids.SENSITIVITY_GRAPH), ("lower", ids.MODEL_CARD),
                            ("lower", ids.UPLOAD)):
            assert page.locator(f".{part} [id*='{found}']").count() >= 1, found
        assert board.errors == []
    finally:
        page.context.close()
