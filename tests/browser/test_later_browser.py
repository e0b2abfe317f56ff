"""The main cards, then the panels under them, mount one per task in the page's order (components/later.py,
assets/later.js); the skeleton stays on screen until the three main cards are there; once mounted, the parts are the
page as before."""
from __future__ import annotations

import pytest

from components import ids
from components.later import FIRST_SCREEN, PENDING
from tests.browser.conftest import WIDE, open_dashboard

pytestmark = pytest.mark.browser

VIEWPORTS = [(WIDE, ""), ({"width": 1280, "height": 720}, "?p=1"), ({"width": 390, "height": 844}, "")]
VIEWPORT_IDS = ["1920x1080", "1280x720-presenting", "390-phone"]
PARTS = ["controls", "prediction", "confusion", "wide", "lower"]  # the page's order

# Before the page's scripts: the state of each later part ("pending", "empty" or "full"), and whether the page is
# marked booted (the skeleton gone, the shell shown), each time the page's DOM changed, from the moment the app's shell
# is there. A mutation observer's callback runs after each task that changed the DOM, so two parts mounted in one task
# never show one full and the other pending.
STATES = """(() => {
  window.__later = [];
  const state = el => !el ? 'absent' : el.classList.contains(%(pending)s)
    ? (el.childElementCount ? 'pending with children' : 'pending') : (el.childElementCount ? 'full' : 'empty');
  new MutationObserver(() => {
    const shell = document.getElementById(%(shell)s);
    if (!shell) { return; }
    const first = shell.querySelectorAll(%(first)s);
    const now = {controls: state(first[0]), prediction: state(first[1]), confusion: state(first[2]),
                 wide: state(shell.querySelector(':scope > .wide')), lower: state(shell.querySelector(':scope > .lower')),
                 firsts: first.length, booted: document.documentElement.classList.contains('booted')};
    const last = window.__later[window.__later.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(now)) { window.__later.push(now); }
  }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
  window.__painted = [];  // each frame: is the skeleton on screen, is the app, and how many main cards the app has
  requestAnimationFrame(function frame() {
    requestAnimationFrame(frame);
    const shell = document.getElementById(%(shell)s), skeleton = document.querySelector('.boot-skeleton');
    const shown = el => el !== null && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden';
    window.__painted.push({skeleton: shown(skeleton), app: shown(shell),
                           cards: shell ? shell.querySelectorAll('.card.controls, .card.prediction, .card.confusion').length : 0});
  });
})()""" % {"shell": repr(ids.APP_SHELL), "first": repr("." + FIRST_SCREEN), "pending": repr(PENDING)}


@pytest.mark.parametrize("viewport, query", VIEWPORTS, ids=VIEWPORT_IDS)
def test_the_main_cards_then_the_lower_panels_mount_one_per_task_behind_the_skeleton(browser, live_server, viewport, query):
    board = open_dashboard(browser, live_server + query, viewport, before=lambda page: page.add_init_script(STATES))
    page = board.page
    try:
        page.wait_for_selector(f"#{ids.MODEL_CARD}", state="attached")
        page.wait_for_load_state("networkidle")
        states = page.evaluate("window.__later")
        # the first render: every part drawn empty, the skeleton still on screen
        assert states[0] == {**{part: "pending" for part in PARTS}, "firsts": 3, "booted": False}, states
        # then one part per task, in the page's order: each state shows the parts before it full, the rest pending
        mounted = [[s[part] for part in PARTS] for s in states]
        steps = [m for i, m in enumerate(mounted) if i == 0 or m != mounted[i - 1]]
        assert steps == [["full"] * n + ["pending"] * (len(PARTS) - n) for n in range(len(PARTS) + 1)], states
        # booted (the skeleton gone) only once the three main cards are there, and then for good
        assert all(s["controls"] == s["prediction"] == s["confusion"] == "full" for s in states if s["booted"]), states
        assert [s["booted"] for s in states] == sorted(s["booted"] for s in states), states
        assert states[-1]["booted"] and page.locator(f".{PENDING}").count() == 0
        # every painted frame shows the skeleton or the app with its three main cards: never both, never a card missing
        painted = page.evaluate("window.__painted")
        shown = painted[next(i for i, f in enumerate(painted) if f["skeleton"] or f["app"]):]
        assert shown[0]["skeleton"] and shown[-1]["app"], painted
        assert [f for f in shown if f["skeleton"] == f["app"] or (f["app"] and f["cards"] != 3)] == [], painted
        # each main card is the page's grid item as before: its Later takes no box
        assert [page.locator(f".{FIRST_SCREEN} > .card.{card}").count() for card in PARTS[:3]] == [1, 1, 1]
        assert page.evaluate(f"[...document.querySelectorAll('.{FIRST_SCREEN}')].map(e => getComputedStyle(e).display)") \
            == ["contents"] * 3
        # their contents are the page's: the compare card, the sensitivity charts, the model card, the batch panel
        for part, found in (("wide", ids.COMPARE), ("wide", ids.SENSITIVITY_GRAPH), ("lower", ids.MODEL_CARD),
                            ("lower", ids.UPLOAD)):
            assert page.locator(f".{part} [id*='{found}']").count() >= 1, found
        assert board.errors == []
    finally:
        page.context.close()
