"""Shared fixtures: the verified shipped model (session), the data split, the app and its test client."""
from __future__ import annotations

import os

import pytest

from model import data
from model.loader import load_model
from workers import BACKGROUND_NICENESS, at_rest, runs_beside_the_browser, unit_of_work


def pytest_xdist_make_scheduler(config, log):
    """`make test`'s two workers: the browser tests as one unit of work (tests/workers.py)."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of_work(nodeid)

    return BrowserTestsTogether(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests at rest last, in their order (tests/workers.py): xdist gives out units of one test in the
    order collected."""
    items.sort(key=lambda item: at_rest(item.nodeid))


FIRST_TEST_SEEN = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """At this process's first test: step back if it is the worker beside the browser tests (tests/workers.py)."""
    if FIRST_TEST_SEEN not in item.config.stash:
        item.config.stash[FIRST_TEST_SEEN] = True
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
