"""The what-if tools in headless Chromium: drill-down, "make it good", the guard, shared links, presentation mode."""
from __future__ import annotations

import numpy as np
import pytest

from callbacks.presets import held_out_wine
from model.scenario import scenario_search
from components import ids
from model.predict import predict
from model.reference import scored_test_set

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def text(page, component_id: str) -> str:
    return page.locator(f"#{component_id}").inner_text()


def wait_for_text(page, component_id: str, fragment: str) -> None:
    page.wait_for_function(
        "([id, fragment]) => (document.getElementById(id)?.innerText || '').includes(fragment)",
        arg=[component_id, fragment], timeout=5000,
    )


def wait_visible(page, component_id: str) -> None:
    page.wait_for_function("id => !document.getElementById(id).classList.contains('hidden')", arg=component_id,
                           timeout=5000)


def click_cell(page, actual: int, predicted: int) -> None:
    """Click the centre of one confusion-matrix cell (rows: actual, top to bottom; columns: predicted)."""
    area = page.locator(f"#{ids.CONFUSION_GRAPH} .nsewdrag").bounding_box()
    page.mouse.click(area["x"] + area["width"] * (predicted + 0.5) / 3, area["y"] + area["height"] * (actual + 0.5) / 3)


def wait_for_charts_to_fit(page) -> None:
    """Every visible chart has been redrawn at its container's width (after a layout change)."""
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')].filter(g => g.offsetParent && g._fullLayout)"
        ".every(g => Math.abs(g._fullLayout.width - g.clientWidth) < 2)", timeout=5000)


def slider_value(page, name: str) -> float:
    return float(page.locator(f"[data-label-id='{ids.label(name)}'] [role=slider]").get_attribute("aria-valuenow"))


def test_click_a_cell_lists_its_wines_and_load_one(dashboard, loaded_model, screenshots):
    page, ts = dashboard.page, scored_test_set(loaded_model)
    click_cell(page, actual=1, predicted=0)  # rated average, predicted poor
    wait_visible(page, ids.DRILL)
    n = int(ts.confusion("all")[1, 0])
    assert f"{n} wines rated average, predicted poor" in text(page, ids.DRILL_BODY)
    rows = page.locator(f"#{ids.DRILL_BODY} tbody tr.wine-row")
    assert rows.count() == 8
    assert "The average white wine" in text(page, ids.VERDICT)  # new "Load" buttons load nothing by themselves
    page.screenshot(path=screenshots / "what-if-1920x1080-drill-down.png")

    first = rows.first.locator("th").inner_text()  # "#1234 red"
    page.locator(f"#{ids.DRILL_BODY} tbody tr.measures-row").first.get_by_role("button", name="Load").click()
    wait_for_text(page, ids.VERDICT, f"Test wine {first.split()[0]}")
    assert "Tasters rated it average" in text(page, ids.VERDICT)
    assert page.locator(f"#{ids.GLASS_LABEL}").inner_text().strip().lower() == "poor"
    position = ts.X.index.get_loc(int(first.split()[0].lstrip("#")))
    page.wait_for_function(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y[0] > 40")
    np.testing.assert_allclose(np.array(dashboard.bars()) / 100, ts.proba[position], atol=1e-9)

    page.get_by_role("button", name="Next ›").click()
    wait_for_text(page, ids.DRILL_BODY, f"Wines 9–16 of {n}")
    assert f"Test wine {first.split()[0]}" in text(page, ids.VERDICT)
    assert dashboard.errors == []


def test_the_keyboard_reaches_a_cell_and_loads_a_wine(dashboard, loaded_model):
    page, ts = dashboard.page, scored_test_set(loaded_model)
    page.locator(f"#{ids.DRILL_PICK}").focus()  # where Tab lands: the dropdown beside the heatmap
    page.keyboard.press("ArrowDown")  # opens it on "Rated poor, predicted poor"
    page.wait_for_function("document.activeElement && document.activeElement.value === '0-0'", timeout=5000)
    for _ in range(9):  # down the list, as a person would, until "Rated good, predicted average"
        if page.evaluate("document.activeElement.value") == "2-1":
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)
    page.keyboard.press("Enter")
    wait_visible(page, ids.DRILL)
    assert f"{int(ts.confusion('all')[2, 1])} wines rated good, predicted average" in text(page, ids.DRILL_BODY)
    load = page.locator(f"#{ids.DRILL_BODY} tbody tr.measures-row").first.get_by_role("button", name="Load")
    load.focus()
    page.keyboard.press("Enter")
    wait_for_text(page, ids.VERDICT, "Tasters rated it good")
    assert dashboard.errors == []


def test_make_it_good_then_apply_turns_the_verdict_good(dashboard, screenshots):
    page = dashboard.page
    assert page.locator(f"#{ids.GLASS_LABEL}").inner_text().strip().lower() != "good"
    page.get_by_role("button", name="What would make it good?").click()
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}.can-apply")
    suggestion = text(page, ids.SUGGESTION_VIEW)
    assert "→" in suggestion and " sd)" in suggestion and "not winemaking advice" in suggestion
    page.screenshot(path=screenshots / "what-if-1920x1080-make-it-good.png")

    page.get_by_role("button", name="Apply to the sliders").click()
    page.wait_for_function(f"document.getElementById('{ids.GLASS_LABEL}').innerText.trim().toLowerCase() === 'good'")
    assert "The model's suggestion" in text(page, ids.VERDICT)
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}.applied")
    assert dashboard.errors == []


def test_an_unusual_wine_gets_a_calm_notice_with_the_nearest_real_wines(dashboard):
    page = dashboard.page
    assert not page.locator(f"#{ids.PLAUSIBILITY}").is_visible()
    page.get_by_role("slider", name="Chlorides").focus()
    page.keyboard.press("End")  # the saltiest wine in the data, with an average white wine's other values
    wait_for_text(page, ids.PLAUSIBILITY, "it has seen few wines like this")
    # the chlorides chart marks the new value once it is on screen (the sensitivity charts follow the settled wine
    # when they scroll into view)
    chlorides = slider_value(page, "chlorides")
    page.locator(".sensitivity").scroll_into_view_if_needed()
    page.wait_for_function(
        "([sel, x]) => document.querySelector(sel).data[3].x[0] === x",
        arg=[f"[id='{{\"name\":\"chlorides\",\"type\":\"{ids.SENSITIVITY_GRAPH}\"}}'] .js-plotly-plot", chlorides])
    assert page.locator(f"#{ids.PLAUSIBILITY} tbody tr").count() == 6  # this wine and the 5 nearest real ones
    page.keyboard.press("Home")
    page.wait_for_selector(f"#{ids.PLAUSIBILITY}", state="hidden")
    assert dashboard.errors == []


def test_a_shared_link_restores_the_wine_and_scenario_a(open_page, loaded_model, screenshots):
    wine = held_out_wine(loaded_model, 11)["wine"]
    pinned = held_out_wine(loaded_model, 12)["wine"]
    board = open_page(WIDE, scenario_search(wine, pinned, loaded_model.features))
    page = board.page
    wait_for_text(page, ids.VERDICT, "The wine from a shared link")
    for name in ("alcohol", "density", "volatile acidity"):
        assert slider_value(page, name) == wine[name]
    assert f"is-{wine['color']}" in page.locator(f"#{ids.WINE_VIEW}").get_attribute("class")
    expected = predict(loaded_model, wine)[0]
    assert page.locator(f"#{ids.GLASS_LABEL}").inner_text().strip().lower() == expected["bucket"]
    page.wait_for_function(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y.length === 3")
    bars = np.array(board.bars()) / 100
    np.testing.assert_allclose(bars, [expected["probabilities"][c] for c in loaded_model.classes], atol=1e-12)
    wait_visible(page, ids.COMPARE)
    assert predict(loaded_model, pinned)[0]["bucket"] in text(page, ids.COMPARE_A_HEAD).lower()
    page.locator(f"#{ids.COMPARE}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "what-if-1920x1080-a-vs-b.png")

    # moving a slider rewrites the link in place (no new history entry)
    history = page.evaluate("history.length")
    page.get_by_role("slider", name="Alcohol").focus()
    page.keyboard.press("End")
    page.wait_for_function("new URLSearchParams(location.search).get('al') === '14.9'")
    assert page.evaluate("history.length") == history
    assert board.errors == []


def test_a_garbled_link_opens_with_a_small_notice(open_page):
    board = open_page(WIDE, "?al=abc&c=r&de=%ZZ&A=nonsense")
    page = board.page
    wait_visible(page, ids.URL_NOTICE)
    notice = text(page, ids.URL_NOTICE)
    assert "Alcohol" in notice and "Density" in notice and "scenario A" in notice
    page.wait_for_function(f"document.getElementById('{ids.WINE_VIEW}').className.includes('is-red')")
    assert not page.locator(f"#{ids.COMPARE}").is_visible()
    assert board.errors == []


def test_copy_link_puts_the_address_on_the_clipboard(dashboard_alone, live_server):
    page = dashboard_alone.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.rstrip("/"))
    page.get_by_role("button", name="Pin as A").click()
    page.wait_for_function("new URLSearchParams(location.search).has('A')")
    page.get_by_role("button", name="Copy link").click()
    wait_for_text(page, ids.COPY_STATUS, "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.evaluate("location.href")
    assert dashboard_alone.errors == []


def test_presentation_mode_enlarges_the_page_and_hides_the_details(open_page, screenshots):
    board = open_page(WIDE)
    page = board.page
    small = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.font.size")
    page.get_by_text("Presentation mode").click()
    page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    page.wait_for_function(
        f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.font.size > {small}")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 16
    for hidden in (f"#{ids.MODEL_CARD}", f"#{ids.UPLOAD}", f"#{ids.CONFUSION_MODE}"):
        assert not page.locator(hidden).is_visible(), hidden
    wait_for_charts_to_fit(page)
    page.screenshot(path=screenshots / "what-if-1920x1080-presentation.png")
    page.wait_for_function("new URLSearchParams(location.search).get('p') === '1'")  # the link carries it

    page.get_by_text("Presentation mode").click()
    page.wait_for_selector(f"#{ids.APP_SHELL}:not(.presenting)")
    assert page.locator(f"#{ids.MODEL_CARD}").is_visible()
    assert board.errors == []


def test_a_link_with_p_1_opens_in_presentation_mode(open_page):
    board = open_page(WIDE, query="?al=12.5&c=r&p=1")
    page = board.page
    page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    wait_for_text(page, ids.VERDICT, "red wine")
    assert not page.locator(f"#{ids.MODEL_CARD}").is_visible()
    assert board.errors == []


def test_the_phone_page_stays_clean(open_page, screenshots):
    board = open_page(PHONE)
    page = board.page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(".sensitivity").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "what-if-390x844-sensitivity.png")
    page.locator(".prediction").scroll_into_view_if_needed()
    page.get_by_role("button", name="What would make it good?").click()
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}.can-apply")
    page.screenshot(path=screenshots / "what-if-390x844-make-it-good.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert board.errors == []
