"""A private dashboard in headless Chromium: a shared link opens after the HTTP Basic login and stays live; without
the right credentials the browser gets only the 401."""
from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from components import ids

pytestmark = pytest.mark.browser

USER, PASSWORD = "stakeholder", "a long demo pässword"
WIDE = {"width": 1920, "height": 1080}
SHARED_LINK = "?al=12.5&c=r"


@pytest.fixture(scope="module")
def private_server(loaded_model, serve):
    """The app with DASHBOARD_PASSWORD set, on a free 127.0.0.1 port."""
    from dashboard import create_app

    app = create_app({"TESTING": True, "DASHBOARD_USER": USER, "DASHBOARD_PASSWORD": PASSWORD}, model=loaded_model)
    with serve(app.server, "private-server") as url:
        yield url


@pytest.fixture
def context(browser):
    """A browser context with the given HTTP credentials (or none); closed after the test."""
    opened = []

    def _open(credentials: dict | None):
        opened.append(browser.new_context(viewport=WIDE, http_credentials=credentials))
        return opened[-1]

    yield _open
    for ctx in opened:
        ctx.close()


def bars(page) -> list[float]:
    return page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y")


def test_a_shared_link_opens_after_login_and_the_sliders_work(context, private_server):
    page = context({"username": USER, "password": PASSWORD}).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status))

    response = page.goto(private_server + SHARED_LINK)
    assert response.status == 200
    page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
    page.wait_for_function(f"document.querySelector('#{ids.VERDICT}').innerText.includes('shared link')")
    # the link's wine: alcohol 12.5, red
    alcohol = page.get_by_role("slider", name="Alcohol")
    assert float(alcohol.get_attribute("aria-valuenow")) == 12.5
    assert "is-red" in page.locator(f"#{ids.WINE_VIEW}").get_attribute("class")
    query = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
    assert (query["al"], query["c"]) == ("12.5", "r")  # the address bar still holds the shared wine

    before = bars(page)
    alcohol.focus()
    page.keyboard.press("Home")  # the lightest wine in the data: the callback answers through the gate
    page.wait_for_function(
        f"b => JSON.stringify(document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y)"
        " !== JSON.stringify(b)", arg=before, timeout=5000)
    assert sum(bars(page)) == pytest.approx(100, abs=0.01)
    assert errors == []
    # every request the page made after its first challenge was answered (bundles, layout, callbacks)
    assert statuses.count(401) <= 1 and all(status < 400 for status in statuses if status != 401)


def test_without_credentials_the_browser_gets_only_the_401(context, private_server):
    ctx = context(None)
    # headless Chromium cannot show the login prompt: the navigation fails on the challenge
    with pytest.raises(PlaywrightError, match="ERR_INVALID_AUTH_CREDENTIALS"):
        ctx.new_page().goto(private_server + SHARED_LINK)
    response = ctx.request.get(private_server + SHARED_LINK)
    assert response.status == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Wine Quality Designer", charset="UTF-8"'
    assert "react-entry-point" not in response.text()


def test_with_a_wrong_password_the_browser_gets_only_the_401(context, private_server):
    page = context({"username": USER, "password": "guess"}).new_page()
    response = page.goto(private_server + SHARED_LINK)
    assert response.status == 401
    assert page.locator(f"#{ids.PROBA_GRAPH}").count() == 0 and "Login required" in page.content()


def test_the_health_check_answers_without_credentials(context, private_server, loaded_model):
    response = context(None).request.get(private_server + "healthz")
    assert response.status == 200 and response.json()["model"]["sha256"] == loaded_model.sha256
