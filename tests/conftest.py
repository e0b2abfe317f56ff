"""Shared fixtures: the verified shipped model (session), the data split, the app and its test client."""
from __future__ import annotations

import os

import pytest

from model import data
from model.loader import load_model


# `make test` runs the suite in two pytest-xdist workers. The browser tests are one unit of work, so one worker runs
# them all, in their order, with one Chromium and one live server; the other worker runs the rest, at a lower CPU
# priority, on what the browser and the page leave of the two cores.
BROWSER_TESTS = "tests/browser/"
BACKGROUND_NICENESS = 10


def unit_of_work(nodeid: str) -> str:
    """The scope xdist gives out whole: every browser test together, any other test alone."""
    return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of_work(nodeid)

    return BrowserTestsTogether(config, log)


def runs_beside_the_browser(worker: str | None, first_nodeid: str) -> bool:
    """Is this process the xdist worker beside the browser tests: a worker whose first test is not one of them?
    (The browser tests are the largest unit of work, so they are the first one given out.)"""
    return worker is not None and unit_of_work(first_nodeid) != BROWSER_TESTS


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not hasattr(item.config, "_wqd_first_test_seen"):
        item.config._wqd_first_test_seen = True
        if runs_beside_the_browser(os.environ.get("PYTEST_XDIST_WORKER"), item.nodeid):
            os.nice(BACKGROUND_NICENESS)


@pytest.fixture(scope="session")
def loaded_model():
    return load_model()


@pytest.fixture(scope="session")
def wines():
    return data.load_wines()


@pytest.fixture(scope="session")
def wine_split(wines):
    return data.split(wines)


@pytest.fixture(scope="session")
def app(loaded_model):
    from dashboard import create_app

    return create_app({"TESTING": True}, model=loaded_model)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="session")
def average_wine(loaded_model) -> dict:
    """The mean white wine, keyed by UCI name, as the API and predict functions accept it."""
    wine = {f["name"]: f["mean_by_color"]["white"] for f in loaded_model.features}
    wine["color"] = "white"
    return wine
