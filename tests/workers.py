"""`make test` runs the suite in two pytest-xdist workers (tests/conftest.py). The browser tests are one unit of work,
so one worker runs them in their order, with one Chromium and one live server; the other worker runs the rest, at a
lower CPU priority, on what the browser and the page leave of the two cores.

The browser tests that check the page at rest (`invariants.rest`, with no clock or timing of their own) are not in
that unit: they come last in line, one test a unit, so whichever worker is free takes the next. The worker beside the
browser is done with the other tests a few minutes in; it then runs these in a Chromium of its own, at its lower
priority, while the browser worker is still on the tests that time things."""
from __future__ import annotations

BROWSER_TESTS = "tests/browser/"
BACKGROUND_NICENESS = 10
# checked at rest and nothing timed: either worker may run them, in a Chromium of its own, beside the other
AT_REST = tuple(f"{BROWSER_TESTS}{name}::" for name in (
    "test_auth_browser.py", "test_content_browser.py", "test_decide_browser.py", "test_experience.py",
    "test_plotly_bundle_browser.py", "test_scripts_browser.py", "test_static_html.py", "test_what_if_browser.py",
))


def at_rest(nodeid: str) -> bool:
    """A browser test that either worker may run (AT_REST)."""
    return nodeid.startswith(AT_REST)


def unit_of_work(nodeid: str) -> str:
    """The scope xdist gives out whole: the browser tests together but those at rest, any other test alone."""
    return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) and not at_rest(nodeid) else nodeid


def runs_beside_the_browser(worker: str | None, first_nodeid: str) -> bool:
    """Is this process the xdist worker beside the browser tests: a worker whose first test is not one of them?
    (The browser tests are the largest unit of work, so they are the first one given out.)"""
    return worker is not None and unit_of_work(first_nodeid) != BROWSER_TESTS
