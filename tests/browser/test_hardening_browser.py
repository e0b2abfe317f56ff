"""In a real browser: a file over the upload limit is refused with a message; two server processes serve one
session alternately with the same results as one."""
from __future__ import annotations

from collections import Counter

import pytest

from components import ids
from model.batch import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.browser


def test_a_file_over_the_limit_is_refused_in_the_browser_with_a_message(dashboard, tmp_path):
    page = dashboard.page
    big = tmp_path / "cellar.csv"
    big.write_bytes(b"12.5\n" * (MAX_UPLOAD_BYTES * 3 // 10))  # 1.5 MB
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.post_data or "") if "_dash-update-component" in r.url else None)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(big)
    page.wait_for_selector(f"#{ids.BATCH_STATUS} .alert-error")
    assert "cellar.csv is 1.5 MB, over the 1 MB limit" in page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    assert not any("base64" in body for body in requests)  # the file itself never left the browser
    assert page.locator(f"#{ids.BATCH_DOWNLOAD_BUTTON}").is_disabled()
    assert dashboard.errors == []


# ---------- two dynos, one session ----------

@pytest.fixture(scope="module")
def two_servers():
    """Two separate gunicorn processes (one worker each) serving the same artifact on free 127.0.0.1 ports."""
    from bench import server as srv

    with srv.serve(workers=1) as first, srv.serve(workers=1) as second:
        yield first.url, second.url


def _session(browser, start: str, others: list[str]) -> tuple[dict, Counter]:
    """Load the average red wine, drag alcohol, pin A, drag again and open the page's own link; each request of the
    page goes to the next server of [start, *others] in turn. Returns what the page showed, and requests per server."""
    servers, served = [start, *others], Counter()
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

    def alternate(route):
        target = servers[sum(served.values()) % len(servers)]
        served[target] += 1
        url = route.request.url.replace(start, target, 1)
        route.fulfill(response=route.fetch(url=url))

    if others:
        page.route(f"{start}/**", alternate)
    page.goto(start + "/")
    page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
    page.locator(f"#{ids.COLOR} label", has_text="Red").click()
    page.locator(f"#{ids.AVERAGE_BUTTON}").click()
    page.wait_for_function("new URLSearchParams(location.search).get('c') === 'r'")
    page.get_by_role("slider", name="Alcohol").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("new URLSearchParams(location.search).get('al') !== null")
    page.locator(f"#{ids.PIN_BUTTON}").click()
    page.wait_for_function(f"!document.getElementById('{ids.COMPARE}').classList.contains('hidden')")
    page.get_by_role("slider", name="Sulphates").focus()
    page.keyboard.press("End")
    page.wait_for_function("new URLSearchParams(location.search).get('A') !== null"
                           " && Number(new URLSearchParams(location.search).get('su')) === 2")
    link = page.url
    page.goto(link)  # open the shared link
    page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
    page.wait_for_function(f"!document.getElementById('{ids.COMPARE}').classList.contains('hidden')")
    page.wait_for_function(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y.length === 3")
    page.wait_for_timeout(300)  # let any last callback land
    shown = {
        "search": link.split("?", 1)[1],
        "bars": page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y"),
        "verdict": page.locator(f"#{ids.VERDICT}").inner_text(),
        "a": page.locator(f"#{ids.COMPARE_A_HEAD}").inner_text(),
        "b": page.locator(f"#{ids.COMPARE_B_HEAD}").inner_text(),
        "errors": errors,
    }
    page.unroute_all(behavior="wait")  # a request still being passed on finishes before its page closes
    context.close()
    return shown, served


@pytest.mark.slow
def test_two_server_processes_serve_one_session_alternately_with_the_same_results(browser, two_servers):
    first, second = two_servers
    alone, _ = _session(browser, first, [])
    split, served = _session(browser, first, [second])
    assert served[first] > 10 and served[second] > 10  # both servers really answered the page's requests
    assert split["errors"] == [] and alone["errors"] == []
    assert split == alone
