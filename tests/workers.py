"""`make test` runs the suite in two pytest-xdist workers (tests/conftest.py). The browser tests are one unit of work,
so one worker runs them all, in their order, with one Chromium and one live server; the other worker runs the rest,
at a lower CPU priority, on what the browser and the page leave of the two cores."""
from __future__ import annotations

BROWSER_TESTS = "tests/browser/"
BACKGROUND_NICENESS = 10


def unit_of_work(nodeid: str) -> str:
    """The scope xdist gives out whole: every browser test together, any other test alone."""
    return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid


def runs_beside_the_browser(worker: str | None, first_nodeid: str) -> bool:
    """Is this process the xdist worker beside the browser tests: a worker whose first test is not one of them?
    (The browser tests are the largest unit of work, so they are the first one given out.)"""
    return worker is not None and unit_of_work(first_nodeid) != BROWSER_TESTS
