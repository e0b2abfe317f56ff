"""What a presenter does, in headless Chromium: what is on screen is what is scored, nothing jumps, and the
projector shows the numbers."""
from __future__ import annotations

import pytest

from components import ids
from model.schema import BY_NAME, MEASUREMENT_NAMES

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def number_box(page, name: str):
    return page.locator(f"[data-label-id='{ids.label(name)}'] .feature-box input")


def shown_wine(page) -> dict:
    """The wine as the page shows it: the text of the 11 boxes, and the colour switch."""
    wine = {name: float(number_box(page, name).input_value()) for name in MEASUREMENT_NAMES}
    color = page.locator(f"#{ids.COLOR} input:checked").get_attribute("value")
    return wine | {"color": color}


def wait_until_settled(page, name: str, first: str | None = None) -> None:
    """The box, its slider and the link hold the same number (whatever it is). The address is written once the wine
    changes: an address with no query string is the page's first wine, whose value here is `first` (when given)."""
    page.wait_for_function(
        """([group, key, first]) => {
            const box = document.querySelector(`[data-label-id='${group}'] .feature-box input`);
            const thumb = document.querySelector(`[data-label-id='${group}'] [role=slider]`);
            const link = location.search === '' ? first : new URLSearchParams(location.search).get(key);
            return document.activeElement !== box && box.value !== '' && link !== null
                && Number(box.value) === Number(thumb.getAttribute('aria-valuenow'))
                && Number(box.value) === Number(link);
        }""",
        arg=[ids.label(name), BY_NAME[name].key, first], timeout=5000,
    )


def wait_for_bars_of_shown_wine(page, live_server) -> list[float]:
    """The probabilities /api/predict gives for the wine the boxes show; waits until the bars are those."""
    response = page.request.post(live_server + "api/predict", data=shown_wine(page))
    assert response.ok, response.text()
    expected = [100 * response.json()["probabilities"][c] for c in ("poor", "average", "good")]
    page.wait_for_function(
        "([sel, want]) => { const y = document.querySelector(sel).data[0].y;"
        " return y.every((v, i) => Math.abs(v - want[i]) < 1e-6); }",
        arg=[f"#{ids.PROBA_GRAPH} .js-plotly-plot", expected], timeout=5000)
    return expected


def wait_for_charts(page) -> None:
    """Every visible chart has been drawn at its container's size (after a layout change)."""
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')].filter(g => g.offsetParent && g._fullLayout)"
        ".every(g => Math.abs(g._fullLayout.width - g.clientWidth) < 2"
        " && Math.abs(g._fullLayout.height - g.clientHeight) < 2)", timeout=5000)


def type_into(page, name: str, text: str, delay: float = 60) -> None:
    box = number_box(page, name)
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text, delay=delay)


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("99", "14.9"),           # huge: clamped to the slider's end
        ("3", "8.0"),             # below the data: clamped to the start
        ("-4", "8.0"),            # negative
        ("1e308", "14.9"),        # absurdly huge
        ("12.34567", "12.3"),     # many decimals: snapped to the step
        ("", "10.5"),             # blank: refused, the value in force stays
        ("strong", "10.5"),       # not a number: refused
        ("13.7", "13.7"),         # an ordinary value
    ],
)
def test_a_typed_value_is_what_the_box_shows_the_link_holds_and_the_bars_score(open_page, live_server, typed, shown):
    board = open_page(WIDE)
    page = board.page
    assert number_box(page, "alcohol").input_value() == "10.5"
    assert page.evaluate("location.search") == ""  # nothing has changed: the address is the page's first wine
    type_into(page, "alcohol", typed)
    page.keyboard.press("Tab")
    wait_until_settled(page, "alcohol", first="10.5")
    assert number_box(page, "alcohol").input_value() == shown
    wait_for_bars_of_shown_wine(board.page, live_server)
    note = page.locator(f"[data-label-id='{ids.label('alcohol')}'] .feature-note").inner_text()
    assert bool(note) == (shown != typed), note  # what was changed or refused is said beside the name
    assert board.errors == []


def test_typing_fast_then_dragging_ends_on_the_dragged_value(dashboard, live_server):
    page = dashboard.page
    type_into(page, "alcohol", "12.8", delay=0)
    page.keyboard.press("Enter")
    type_into(page, "volatile acidity", "0.9", delay=0)   # typed, not committed: then the slider is dragged
    thumb = page.get_by_role("slider", name="Volatile acidity").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y, steps=8)
    page.mouse.up()
    wait_until_settled(page, "volatile acidity")
    wait_until_settled(page, "alcohol")
    assert number_box(page, "alcohol").input_value() == "12.8"
    dragged = page.get_by_role("slider", name="Volatile acidity").get_attribute("aria-valuenow")
    assert float(number_box(page, "volatile acidity").input_value()) == float(dragged)
    wait_for_bars_of_shown_wine(dashboard.page, live_server)
    assert dashboard.errors == []


def positions(page) -> dict:
    """Where the verdict and the bars are on the page (not the screen: a focused slider may scroll it)."""
    scrolled = page.evaluate("window.scrollY")
    boxes = {name: page.locator(sel).bounding_box() for name, sel in
             (("verdict", f"#{ids.VERDICT}"), ("bars", f"#{ids.PROBA_GRAPH}"), ("glass", f"#{ids.GLASS_LABEL}"))}
    return {name: box | {"y": box["y"] + scrolled} for name, box in boxes.items()}


def assert_nothing_moved(before: dict, after: dict) -> None:
    for name, box in before.items():
        assert abs(after[name]["y"] - box["y"]) <= 2 and abs(after[name]["height"] - box["height"]) <= 2, (
            name, box, after[name])


@pytest.mark.parametrize("mode, query", [("desk", ""), ("presentation", "?p=1")])
def test_an_unreal_wine_moves_neither_the_verdict_nor_the_bars(open_page, screenshots, mode, query):
    board = open_page(WIDE, query)
    page = board.page
    if query:
        page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    wait_for_charts(page)
    before = positions(page)
    for name in ("chlorides", "volatile acidity"):  # a salty, vinegary wine
        page.get_by_role("slider", name=name.capitalize()).focus()
        page.keyboard.press("End")
    page.wait_for_selector(f"#{ids.VERDICT_FRAME}.guessing")
    line = page.locator(f"#{ids.PLAUSIBILITY}")
    assert line.is_visible() and line.inner_text().startswith("The model guesses ")
    wait_for_charts(page)
    assert_nothing_moved(before, positions(page))
    page.screenshot(path=screenshots / f"demo-1920x1080-{mode}-unreal-wine.png")

    line.get_by_text("Why?").click()  # the details open over the page
    page.wait_for_selector(f"#{ids.PLAUSIBILITY} .guard-popover", state="visible")
    assert page.locator(f"#{ids.PLAUSIBILITY} tbody tr").count() == 6  # this wine and the 5 nearest real ones
    assert_nothing_moved(before, positions(page))
    page.screenshot(path=screenshots / f"demo-1920x1080-{mode}-unreal-wine-details.png")
    assert board.errors == []


@pytest.mark.parametrize("viewport", [PROJECTOR, WIDE], ids=["1280x720", "1920x1080"])
def test_presentation_mode_shows_the_values_units_verdict_and_bars_on_one_screen(open_page, screenshots, viewport):
    board = open_page(viewport, "?p=1")
    page = board.page
    page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    wait_for_charts(page)
    page.screenshot(path=screenshots / f"demo-{viewport['width']}x{viewport['height']}-presentation.png")
    assert page.evaluate("window.scrollY") == 0

    def inside(selector: str) -> None:
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, selector
        assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], (
            selector, box)

    inside(f"#{ids.VERDICT}")
    inside(f"#{ids.PROBA_GRAPH}")
    for name in MEASUREMENT_NAMES:
        group = f"[data-label-id='{ids.label(name)}']"
        inside(f"{group} .feature-box input")
        inside(f"{group} [role=slider]")
        unit = page.locator(f"{group} .feature-unit")
        if BY_NAME[name].unit != name:
            assert unit.is_visible() and unit.inner_text(), name
            inside(f"{group} .feature-unit")
    # readable from the back of the room: the names and values at 18 px or more
    sizes = page.evaluate("[...document.querySelectorAll('.feature-name, .feature-box input')]"
                          ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 17.5, sizes
    assert board.errors == []


def test_the_colour_switch_loads_the_other_average_or_keeps_an_edited_wine(dashboard, loaded_model, screenshots):
    from model.scenario import default_wine, format_value

    page = dashboard.page
    alcohol = BY_NAME["alcohol"]
    feature = next(f for f in loaded_model.features if f["name"] == "alcohol")
    page.locator(f"#{ids.COLOR}").get_by_text("Red", exact=True).click()  # from the unedited average white wine
    page.wait_for_function(f"document.getElementById('{ids.VERDICT}').innerText.includes('The average red wine')")
    red = default_wine(loaded_model.features, "red")
    page.wait_for_function(f"new URLSearchParams(location.search).get('{alcohol.key}') !== null")
    assert number_box(page, "alcohol").input_value() == format_value(red["alcohol"], feature)

    type_into(page, "alcohol", "13.5")  # edit it, then flip: the measurements stay
    page.keyboard.press("Tab")
    wait_until_settled(page, "alcohol")
    page.locator(f"#{ids.COLOR}").get_by_text("White", exact=True).click()
    page.wait_for_function(f"document.getElementById('{ids.COLOR_NOTE}').innerText.startsWith("
                           "'Same measurements as a white wine')")
    assert number_box(page, "alcohol").input_value() == "13.5"
    page.wait_for_function(f"document.getElementById('{ids.WINE_VIEW}').className.includes('is-white')")
    page.screenshot(path=screenshots / "demo-1920x1080-colour-note.png")
    assert dashboard.errors == []


def test_make_it_good_moves_only_the_chosen_measurements_and_the_choice_travels(open_page, screenshots):
    board = open_page(WIDE)
    page = board.page
    wait_for_charts(page)
    before = positions(page)
    page.get_by_text("Which measurements may it move?").click()
    picker = page.locator(f"#{ids.MOVABLE}")
    assert not picker.get_by_label("Density").is_checked() and not picker.get_by_label("pH", exact=True).is_checked()
    picker.get_by_label("Alcohol").uncheck()
    page.wait_for_function("(new URLSearchParams(location.search).get('m') || '').length > 0")
    assert "al" not in page.evaluate("new URLSearchParams(location.search).get('m')").split(".")
    page.get_by_role("button", name="What would make it good?").click()
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}:not(.hidden)")
    moves = page.locator(f"#{ids.SUGGESTION_BODY} .moves").inner_text()
    wait_for_charts(page)
    assert_nothing_moved(before, positions(page))  # the suggestion and the levers open below the bars
    for fixed in ("Alcohol", "Density", "PH"):
        assert not any(line.startswith(fixed) for line in moves.splitlines()), moves
    page.screenshot(path=screenshots / "demo-1920x1080-make-it-good-levers.png")
    link = page.evaluate("location.search")

    again = open_page(WIDE, link)  # the link keeps the choice
    again.page.wait_for_function(
        f"!document.querySelector('#{ids.MOVABLE} input[value=\"alcohol\"]').checked", timeout=5000)
    assert again.page.locator(f"#{ids.MOVABLE}").get_by_label("Sulphates").is_checked()
    assert board.errors == [] and again.errors == []


def test_on_a_phone_the_verdict_comes_first_then_the_sliders_with_large_touch_targets(open_page, screenshots):
    board = open_page(PHONE)
    page = board.page
    prediction, controls, confusion = (page.locator(s).bounding_box() for s in (".prediction", ".controls", ".confusion"))
    assert prediction["y"] < controls["y"] < confusion["y"]
    assert controls["y"] - (prediction["y"] + prediction["height"]) < 30  # the sliders follow the verdict directly
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "demo-390x844.png")
    small = page.evaluate("""() => [...document.querySelectorAll(
            '.topbar button, .prediction button, .prediction summary, .controls button, .controls input[type=text],'
            + ' .controls [role=slider], .segmented .dash-options-list-option')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim() || e.getAttribute('aria-labelledby') || e.tagName, e.getBoundingClientRect()])
        .filter(([, r]) => r.height < 32 || r.width < 32)
        .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []
    page.get_by_role("slider", name="Alcohol").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.SUMMARY}", state="visible")  # the sticky verdict stays
    page.screenshot(path=screenshots / "demo-390x844-sliders.png")
    assert board.errors == []


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1")], ids=["1920x1080", "1280x720-p1"])
def test_pin_as_a_shows_where_the_presenter_is_looking(open_page, loaded_model, screenshots, viewport, query):
    board = open_page(viewport, query)
    page = board.page
    wait_for_charts(page)
    before = positions(page)
    page.get_by_role("button", name="Pin as A").click()
    line = page.locator(f"#{ids.PINNED_LINE}")
    line.wait_for(state="visible", timeout=5000)
    page.wait_for_function(f"(document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.shapes || [])"
                           ".filter(s => s.type === 'rect').length === 3")
    page.get_by_role("slider", name="Alcohol").focus()
    page.keyboard.press("End")  # B moves away from A
    wait_until_settled(page, "alcohol")
    page.wait_for_function("el => el.innerText.includes('now')", arg=line.element_handle())
    wait_for_charts(page)
    assert_nothing_moved(before, positions(page))
    page.evaluate("window.scrollTo(0, 0)")  # as the page opened
    for selector in (f"#{ids.PINNED_LINE}", f"#{ids.PROBA_GRAPH}"):
        box = page.locator(selector).bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (selector, box)
    # A's outlines are at A's probabilities; the bars are B's
    shapes = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.shapes"
                           ".filter(s => s.type === 'rect').map(s => s.y1)")
    a_bars = page.evaluate(f"document.querySelector('#{ids.COMPARE_A_GRAPH} .js-plotly-plot').data[0].y")
    assert shapes == pytest.approx(a_bars)
    page.screenshot(path=screenshots / f"demo-{viewport['width']}x{viewport['height']}-pinned-a.png")
    assert board.errors == []


def test_the_first_paint_is_a_styled_skeleton_not_loading_text(browser, live_server, screenshots):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    try:
        page.route("**/_dash-component-suites/**", lambda route: route.abort())  # as if the scripts were slow
        page.goto(live_server)
        skeleton = page.locator(".boot-skeleton")
        assert skeleton.is_visible()
        assert "gradient" in skeleton.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundImage")
        assert page.locator(".boot-skeleton .card").count() == 3
        assert not page.get_by_text("Loading...").is_visible()
        page.screenshot(path=screenshots / "demo-1920x1080-first-paint.png")
    finally:
        context.close()


def test_the_skeleton_gives_way_to_the_page(dashboard):
    assert not dashboard.page.locator(".boot-skeleton").is_visible()
    assert dashboard.errors == []


def root_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


@pytest.mark.parametrize("viewport, size, desk", [(PROJECTOR, 18, 16), (WIDE, 20, 17)], ids=["1280x720", "1920x1080"])
def test_a_presentation_links_skeleton_is_painted_in_presentation_type(browser, live_server, viewport, size, desk):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.route("**/_dash-component-suites/**", lambda route: route.abort())  # the skeleton stays
        page.goto(live_server + "/?p=1")
        assert page.locator(".boot-skeleton.presenting").is_visible()
        assert root_px(page) == size
        page.goto(live_server + "/")
        assert page.locator(".boot-skeleton").is_visible()
        assert root_px(page) == desk
    finally:
        context.close()


# every frame from the navigation on: the root's type size, which layout is on screen (skeleton, then the app) and
# how many of the main cards the app has
FRAMES_JS = """
window.__frames = [];
requestAnimationFrame(function frame() {
  requestAnimationFrame(frame);
  if (!document.documentElement) { return; }
  const shell = document.getElementById('app-shell');
  const skeleton = document.querySelector('.boot-skeleton');
  window.__frames.push({px: parseFloat(getComputedStyle(document.documentElement).fontSize),
                        app: shell !== null && getComputedStyle(shell).visibility !== 'hidden',
                        cards: shell ? shell.querySelectorAll('.card.controls, .card.prediction, .card.confusion').length : 0,
                        presenting: shell ? shell.classList.contains('presenting') : null,
                        skeleton: skeleton !== null && getComputedStyle(skeleton).display !== 'none'
                                  && getComputedStyle(skeleton).visibility !== 'hidden'});
});
"""


@pytest.mark.parametrize("viewport, size", [(PROJECTOR, 18), (WIDE, 20)], ids=["1280x720", "1920x1080"])
def test_a_presentation_link_paints_every_frame_in_presentation_type(browser, live_server, viewport, size):
    """From the skeleton to the app and its charts, no frame shows the desk's layout or type size."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.add_init_script(FRAMES_JS)
        page.goto(live_server + "/?al=12.5&c=r&p=1")
        page.wait_for_selector(f"#{ids.PROBA_GRAPH} .js-plotly-plot .bars")
        page.wait_for_timeout(500)
        frames = page.evaluate("window.__frames")
        # frames before the parser reaches the body show neither; from the first that shows anything, each shows one
        shown = frames[next(i for i, f in enumerate(frames) if f["skeleton"] or f["app"]):]
        assert shown[0]["skeleton"] and shown[-1]["app"] and not shown[-1]["skeleton"]
        assert [f for f in shown if not (f["skeleton"] or f["app"])] == []
        assert [f for f in frames if f["px"] != size or f["presenting"] is False or (f["app"] and f["skeleton"])] == []
        # the app shows with its three main cards, never one missing (each mounts in a task of its own)
        assert [f for f in frames if f["app"] and f["cards"] != 3] == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport, size, desk", [(PROJECTOR, 18, 16), (WIDE, 20, 17)], ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("query", ["", "?p=1"], ids=["desk-link", "presentation-link"])
def test_the_root_type_size_follows_presentation_mode_both_ways(open_page, viewport, size, desk, query):
    """The root's size is a mark kept on <html> in step with the app's shell (components/skeleton.py ROOT_MARKS):
    read at once after the shell's class changes, it has already followed."""
    board = open_page(viewport, query)
    page = board.page
    switch = page.get_by_role("switch", name="Presentation mode")
    presenting = bool(query)
    page.wait_for_selector(f"#{ids.APP_SHELL}{'.presenting' if presenting else ':not(.presenting)'}")
    for _ in range(3):
        assert root_px(page) == (size if presenting else desk)
        switch.click()
        presenting = not presenting
        page.wait_for_selector(f"#{ids.APP_SHELL}{'.presenting' if presenting else ':not(.presenting)'}")
    assert root_px(page) == (size if presenting else desk)
    assert not page.locator(".boot-skeleton").is_visible()
    assert board.errors == []


def click_cell(page, actual: int, predicted: int) -> None:
    area = page.locator(f"#{ids.CONFUSION_GRAPH} .nsewdrag").bounding_box()
    page.mouse.click(area["x"] + area["width"] * (predicted + 0.5) / 3, area["y"] + area["height"] * (actual + 0.5) / 3)


def test_the_clicked_cell_stays_outlined_and_its_wines_read_without_sideways_scrolling(dashboard, screenshots):
    page = dashboard.page
    heat = f"#{ids.CONFUSION_GRAPH} .js-plotly-plot"
    assert page.evaluate(f"document.querySelector('{heat}').data[0].hoverinfo") == "none"  # no box over numbers
    page.locator(f"#{ids.CONFUSION_GRAPH}").scroll_into_view_if_needed()  # below the cost editor, as a person scrolls
    area = page.locator(f"#{ids.CONFUSION_GRAPH} .nsewdrag").bounding_box()
    page.mouse.move(area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.5)
    page.wait_for_function(f"document.getElementById('{ids.CONFUSION_HOVER}').innerText.includes('rated average')")

    # as a person does: onto the cell (its sentence shows under the heatmap), then click
    page.mouse.move(area["x"] + area["width"] * 1.5 / 3, area["y"] + area["height"] * 2.5 / 3)
    page.wait_for_function(f"document.getElementById('{ids.CONFUSION_HOVER}').innerText.includes('rated good')")
    click_cell(page, actual=2, predicted=1)
    page.wait_for_selector(f"#{ids.DRILL}:not(.hidden)")
    page.wait_for_function(f"document.querySelector('{heat}').layout.shapes.length === 4")
    selected = page.evaluate(f"document.querySelector('{heat}').layout.shapes[3]")
    assert (selected["x0"] + selected["x1"]) / 2 == pytest.approx(1)  # predicted average
    assert (selected["y0"] + selected["y1"]) / 2 == pytest.approx(2)  # rated good
    page.mouse.move(5, 5)  # the outline stays when the mouse leaves
    scroller = page.locator(f"#{ids.DRILL_BODY} .table-scroll")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    measures = page.locator(f"#{ids.DRILL_BODY} .measures").first
    assert measures.locator(".measure").count() == 11 and measures.is_visible()
    page.locator(f"#{ids.DRILL}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "demo-1920x1080-drill-down.png")
    # the probability bars have their 100% gridline
    shapes = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').layout.shapes")
    assert any(s["type"] == "line" and s["y0"] == 100 for s in shapes)
    assert dashboard.errors == []
