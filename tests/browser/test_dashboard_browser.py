"""The dashboard in headless Chromium: no console errors, live sliders, colour, test wines, confusion matrix."""
from __future__ import annotations

import json

import pytest

from components import ids
from model.data import DATA_DIR
from model.reference import scored_test_set
from tests.browser.conftest import RECORD_BARS
pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def test_page_loads_clean_and_fits_projector_and_phone(open_page, screenshots):
    wide = open_page(WIDE)
    page = wide.page
    controls, prediction, confusion = (box(page, s) for s in (".controls", ".prediction", ".confusion"))
    assert controls["x"] < prediction["x"] < confusion["x"]  # three columns side by side
    assert prediction["y"] + 200 < 1080 and confusion["y"] + 200 < 1080  # the charts start above the fold
    page.screenshot(path=screenshots / "dashboard-1920x1080.png")
    page.screenshot(path=screenshots / "dashboard-1920x1080-full.png", full_page=True)
    assert wide.errors == []

    phone = open_page(PHONE)
    page = phone.page
    prediction, confusion, controls = (box(page, s) for s in (".prediction", ".confusion", ".controls"))
    assert prediction["y"] < controls["y"] < confusion["y"]  # the verdict, then the sliders, then the rest
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    assert not page.locator(f"#{ids.SUMMARY}").is_visible()
    page.screenshot(path=screenshots / "dashboard-390x844.png")
    page.locator(".controls").scroll_into_view_if_needed()
    page.get_by_role("slider", name="Alcohol").focus()
    page.wait_for_selector(f"#{ids.SUMMARY}", state="visible")  # the verdict stays in sight on a phone
    page.screenshot(path=screenshots / "dashboard-390x844-controls.png")
    assert phone.errors == []


def test_arrow_keys_on_a_labelled_slider_move_the_bars(dashboard):
    page = dashboard.page
    before = dashboard.bars()
    alcohol = page.get_by_role("slider", name="Alcohol")
    value = float(alcohol.get_attribute("aria-valuenow"))
    alcohol.focus()
    page.keyboard.press("End")  # the strongest wine in the data
    # the slider takes the key once its live bars are drawn (assets/live.js), a frame or two later
    page.wait_for_function("([el, v]) => Number(el.getAttribute('aria-valuenow')) > v",
                           arg=[alcohol.element_handle(), value])
    dashboard.wait_until_bars_differ(before)
    assert sum(dashboard.bars()) == pytest.approx(100, abs=0.01)
    # the number box beside the slider shows the new value and names the same measurement
    box_value = page.locator(f"[data-label-id='{ids.label('alcohol')}'] input").input_value()
    assert float(box_value) == float(alcohol.get_attribute("aria-valuenow"))
    assert "Edited from the average white wine" in page.locator(f"#{ids.VERDICT}").inner_text()
    assert dashboard.errors == []


def test_bars_update_while_a_slider_is_being_dragged(dashboard):
    page = dashboard.page
    before = dashboard.bars()
    thumb = page.get_by_role("slider", name="Volatile acidity").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 180, y, steps=12)
    dashboard.wait_until_bars_differ(before)  # the mouse button is still down
    during = dashboard.bars()
    page.mouse.up()
    assert during != before
    axis = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.yaxis.range")
    assert axis == [0, 100]  # the axis never jumps
    assert dashboard.errors == []


def test_flipping_to_red_recolours_the_glass_and_rescores(dashboard):
    page = dashboard.page
    view = page.locator(f"#{ids.WINE_VIEW}")
    assert "is-white" in view.get_attribute("class")
    page.locator(f"#{ids.COLOR}").get_by_text("Red", exact=True).click()
    page.wait_for_function(f"document.querySelector('#{ids.WINE_VIEW}').className.includes('is-red')")
    assert "red wine" in page.locator(f"#{ids.VERDICT}").inner_text()
    bucket = page.locator(f"#{ids.GLASS_LABEL}").inner_text().strip().lower()
    assert f"bucket-{bucket}" in view.get_attribute("class")
    assert dashboard.errors == []


def test_random_test_wine_shows_its_true_bucket_and_average_wine_resets(dashboard, screenshots):
    page = dashboard.page
    alcohol = page.get_by_role("slider", name="Alcohol")
    page.locator(f"#{ids.COLOR}").get_by_text("Red", exact=True).click()
    page.get_by_role("button", name="Random test wine").click()
    page.wait_for_function(f"document.querySelector('#{ids.VERDICT}').innerText.includes('Tasters rated it')")
    verdict = page.locator(f"#{ids.VERDICT}").inner_text()
    assert "Test wine #" in verdict and ", red" in verdict and "quality" in verdict
    assert ("the model agrees" in verdict) or ("the model disagrees" in verdict)
    page.screenshot(path=screenshots / "dashboard-1920x1080-test-wine.png")

    page.get_by_role("button", name="Average wine").click()
    page.wait_for_function(f"document.querySelector('#{ids.VERDICT}').innerText.includes('The average red wine')")
    assert "Tasters rated it" not in page.locator(f"#{ids.VERDICT}").inner_text()
    assert alcohol.get_attribute("aria-valuenow") is not None
    assert dashboard.errors == []


def test_confusion_matrix_mode_and_filter(dashboard, loaded_model):
    page = dashboard.page
    counts = dashboard.heatmap()["z"]
    assert counts == scored_test_set(loaded_model).confusion("all").tolist()

    page.locator(f"#{ids.CONFUSION_MODE}").get_by_text("% of actual").click()
    page.wait_for_function(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].zmax === 100")
    rows = dashboard.heatmap()["z"]
    assert all(sum(row) == pytest.approx(100, abs=0.05) for row in rows)

    page.locator(f"#{ids.CONFUSION_FILTER}").get_by_text("Red", exact=True).click()
    n_red = int(scored_test_set(loaded_model).mask("red").sum())
    page.wait_for_function(f"document.querySelector('#{ids.CLASS_METRICS}').innerText.includes('{n_red:,} test wines')")
    red = scored_test_set(loaded_model).confusion("red")
    # the cells are drawn in an animation frame after the answer (assets/decide.js): wait for them, then compare
    page.wait_for_function(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0].text[0][0]"
                           f".startsWith('<b>{red[0, 0]:,}</b>')", timeout=10_000)
    assert dashboard.heatmap()["text"][0][0].startswith(f"<b>{red[0, 0]:,}</b>")
    assert dashboard.errors == []


def test_upload_scores_a_file_and_a_bad_one_leaves_the_charts_alone(dashboard, tmp_path):
    page = dashboard.page
    before = dashboard.bars()
    bad = tmp_path / "notes.csv"
    bad.write_text("alcohol,pH\n12,3.1\n")
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(bad)
    page.wait_for_selector(f"#{ids.BATCH_STATUS} .alert-error")
    assert "missing column(s)" in page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    assert page.locator(f"#{ids.BATCH_DOWNLOAD_BUTTON}").is_disabled()
    assert dashboard.bars() == before

    good = tmp_path / "reds.csv"
    good.write_bytes(b"\n".join((DATA_DIR / "winequality-red.csv").read_bytes().splitlines()[:31]))
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(good)
    page.wait_for_selector(f"#{ids.BATCH_STATUS} .alert-ok")
    assert "Scored 30 wines from reds.csv" in page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    with page.expect_download() as download:
        page.locator(f"#{ids.BATCH_DOWNLOAD_BUTTON}").click()
    assert download.value.suggested_filename == "reds-scored.csv"
    assert dashboard.errors == []


def test_an_emptied_number_box_says_what_to_type_and_keeps_the_verdict(dashboard):
    page = dashboard.page
    before = dashboard.bars()
    verdict = page.locator(f"#{ids.VERDICT}").inner_text()
    box = page.locator(f"[data-label-id='{ids.label('alcohol')}'] .feature-box input")
    note = page.locator(f"[data-label-id='{ids.label('alcohol')}'] .feature-note")
    box.fill("")
    box.press("Enter")
    page.wait_for_function("el => el.innerText.startsWith('empty: type a number')", arg=note.element_handle(),
                           timeout=5000)
    assert box.input_value() == "10.5"  # the box is back on the value in force
    assert dashboard.bars() == before and page.locator(f"#{ids.VERDICT}").inner_text() == verdict
    box.fill("12.5")
    box.press("Enter")
    dashboard.wait_until_bars_differ(before)
    page.wait_for_function("el => el.innerText === ''", arg=note.element_handle(), timeout=5000)
    assert dashboard.errors == []  # no 500 behind the notice


def test_a_drag_shows_intermediate_bars_and_ends_on_the_final_wine(dashboard, loaded_model):
    page = dashboard.page
    page.evaluate(RECORD_BARS, f"#{ids.PROBA_GRAPH} .js-plotly-plot")
    thumb = page.get_by_role("slider", name="Alcohol").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 41):  # a slow drag to the right, about a second and a half
        page.mouse.move(x + 6 * i, y)
        page.wait_for_timeout(35)
    during = page.evaluate("window.__barStates.length")
    page.mouse.up()
    page.wait_for_function(  # settled: no new bar state for half a second
        "() => { const n = window.__barStates.length; return new Promise(r => setTimeout(() => "
        "r(window.__barStates.length === n), 500)); }", timeout=10_000)
    states = [json.loads(s) for s in page.evaluate("window.__barStates")]
    assert during - 1 >= 3  # several states shown while the mouse button was still down

    wine = {f["name"]: float(page.locator(f"[data-label-id='{ids.label(f['name'])}'] [role=slider]")
                             .get_attribute("aria-valuenow")) for f in loaded_model.features} | {"color": "white"}
    scored = page.request.post(page.url.split("?")[0].rstrip("/") + "/api/predict", data=wine).json()
    assert states[-1] == pytest.approx([100 * scored["probabilities"][c] for c in loaded_model.classes], abs=1e-9)
    assert page.evaluate("window.__painted.at(-1)") == pytest.approx(states[-1], abs=0.01)  # on screen too
    assert wine["alcohol"] > 10.5  # the drag moved the slider
    assert dashboard.errors == []


def test_key_presses_draw_the_bars_the_model_answers_through_the_live_path(dashboard, loaded_model):
    """A key press on a slider posts the sliders' wine to the live route (assets/live.js) as well as running
    the callback: every state the bars settle on is /api/predict's answer for the wine the sliders show."""
    page = dashboard.page
    page.evaluate(RECORD_BARS, f"#{ids.PROBA_GRAPH} .js-plotly-plot")
    alcohol = page.get_by_role("slider", name="Alcohol")
    alcohol.focus()

    def shown_wine() -> dict:
        return {f["name"]: float(page.locator(f"[data-label-id='{ids.label(f['name'])}'] [role=slider]")
                                 .get_attribute("aria-valuenow")) for f in loaded_model.features} | {"color": "white"}

    def scored(wine: dict) -> list[float]:
        answer = page.request.post(page.url.split("?")[0].rstrip("/") + "/api/predict", data=wine).json()
        return [100 * answer["probabilities"][c] for c in loaded_model.classes]

    for key in ("End", "ArrowLeft", "ArrowLeft", "Home", "PageUp"):
        page.keyboard.press(key)
        page.wait_for_function(  # settled: no new bar state for half a second
            "() => { const n = window.__barStates.length; return new Promise(r => setTimeout(() => "
            "r(window.__barStates.length === n), 500)); }", timeout=10_000)
        shown = json.loads(page.evaluate("window.__barStates.at(-1)"))
        assert shown == pytest.approx(scored(shown_wine()), abs=1e-9), key
        assert page.evaluate("window.__painted.at(-1)") == pytest.approx(shown, abs=0.01), key  # on screen too
    live = page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.endsWith('/_live/bars')).length")
    assert live >= 5  # each press went through the live path too
    assert dashboard.errors == []


def test_quick_key_presses_reach_the_slider_in_order(dashboard, loaded_model):
    """assets/live.js gives a key to the slider once its live answer is drawn: keys pressed in quick succession
    still all arrive, in order, and the page ends on the callback's answer for the final value."""
    page = dashboard.page
    page.evaluate(RECORD_BARS, f"#{ids.PROBA_GRAPH} .js-plotly-plot")
    alcohol = page.get_by_role("slider", name="Alcohol")
    alcohol.focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-valuenow') !== null")
    page.wait_for_function(f"() => document.activeElement.getAttribute('aria-valuenow') === "
                           f"document.activeElement.getAttribute('aria-valuemin')")
    low = float(alcohol.get_attribute("aria-valuenow"))
    step = float(page.locator(f"[data-label-id='{ids.label('alcohol')}']").get_attribute("data-step"))
    for key in ("ArrowRight", "ArrowRight", "PageUp", "ArrowLeft", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)  # no wait in between
    expected = round(low + 13 * step, 6)
    page.wait_for_function("v => Math.abs(Number(document.activeElement.getAttribute('aria-valuenow')) - v) < 1e-9",
                           arg=expected, timeout=10_000)
    box = page.locator(f"[data-label-id='{ids.label('alcohol')}'] input")
    page.wait_for_function("([el, v]) => Math.abs(Number(el.value) - v) < 1e-9", arg=[box.element_handle(), expected])
    page.wait_for_function(  # settled: no new bar state for half a second
        "() => { const n = window.__barStates.length; return new Promise(r => setTimeout(() => "
        "r(window.__barStates.length === n), 500)); }", timeout=10_000)
    wine = {f["name"]: float(page.locator(f"[data-label-id='{ids.label(f['name'])}'] [role=slider]")
                             .get_attribute("aria-valuenow")) for f in loaded_model.features} | {"color": "white"}
    answer = page.request.post(page.url.split("?")[0].rstrip("/") + "/api/predict", data=wine).json()
    shown = json.loads(page.evaluate("window.__barStates.at(-1)"))
    assert shown == pytest.approx([100 * answer["probabilities"][c] for c in loaded_model.classes], abs=1e-9)
    # the slider took every key, and its box (a Dash callback) shows the committed value
    assert wine["alcohol"] == pytest.approx(expected)
    assert dashboard.errors == []


def test_a_held_key_given_to_its_slider_late_leaves_the_focus_where_the_person_moved_it(dashboard):
    """assets/live.js keeps a key from the slider until its live bars are drawn; the slider focuses the thumb a key
    moves. Focus moved on in the meantime (a screen reader, a script) stays there, so the next key goes to the
    slider the person is on: End on Chlorides, focus to Volatile acidity, End moves Volatile acidity."""
    page = dashboard.page
    stalled = []

    def stall(route) -> None:
        stalled.append(route)

    page.route("**/_live/bars", stall)  # the live answer never comes: the key is given after KEY_WAIT_MS
    chlorides, acidity = (page.get_by_role("slider", name=n) for n in ("Chlorides", "Volatile acidity"))
    before = acidity.get_attribute("aria-valuenow")
    page.evaluate("""() => window.addEventListener('keydown', e => {
        if (e.isTrusted && e.key === 'End') { setTimeout(() => document.querySelector(
            '[aria-labelledby="label-volatile-acidity"][role=slider]').focus(), 0); }
    }, { capture: true, once: true })""")
    chlorides.focus()
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('[aria-labelledby=\"label-chlorides\"][role=slider]')"
                           ".getAttribute('aria-valuenow') === document.querySelector("
                           "'[aria-labelledby=\"label-chlorides\"][role=slider]').getAttribute('aria-valuemax')")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == "label-volatile-acidity"
    assert acidity.get_attribute("aria-valuenow") == before  # the key moved Chlorides only
    page.keyboard.press("End")
    for route in stalled:
        route.continue_()  # late answers: only the last one asked is drawn
    page.unroute("**/_live/bars", stall)
    page.wait_for_function("() => { const t = document.querySelector('[aria-labelledby=\"label-volatile-acidity\"]"
                           "[role=slider]'); return t.getAttribute('aria-valuenow') === t.getAttribute('aria-valuemax'); }",
                           timeout=5_000)
    assert chlorides.get_attribute("aria-valuenow") == chlorides.get_attribute("aria-valuemax")
    assert dashboard.errors == []
