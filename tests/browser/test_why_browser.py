"""Why this verdict? in headless Chromium: the panel follows the sliders, switches bucket, shows in presentation
mode and on a phone."""
from __future__ import annotations

import json
import re

import pytest

from callbacks.explanation import why_values
from components import ids
from tests.browser import invariants as inv
from tests.browser.conftest import open_dashboard
from tests.browser.test_verdict_paint_browser import WINE_JS

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def why_bars(page) -> dict:
    return page.evaluate(f"(() => {{ const d = document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0];"
                         " return {x: d.x, y: d.y}; })()")


def test_moving_a_slider_changes_the_panels_values(dashboard, screenshots):
    page = dashboard.page
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    before = why_bars(page)
    assert "Why average?" in page.locator(f"#{ids.WHY_TEXT}").inner_text()
    assert "Alcohol 10.5 % vol" in " ".join(before["y"])
    alcohol = page.get_by_role("slider", name="Alcohol")
    alcohol.focus()
    page.keyboard.press("End")  # the strongest wine in the data
    page.wait_for_function(
        "before => JSON.stringify(document.querySelector('#" + ids.WHY_GRAPH + " .js-plotly-plot').data[0].x)"
        " !== JSON.stringify(before)", arg=before["x"], timeout=5000)
    after = why_bars(page)
    label = next(y for y in after["y"] if y.startswith("Alcohol"))
    assert label == "Alcohol 14.9 % vol"
    # the words come from the server (the chart's numbers from the browser): they follow within the wait
    page.wait_for_function(f"(document.getElementById('{ids.WHY_TEXT}').innerText || '').includes('Alcohol 14.9')",
                           timeout=5000)
    assert "Alcohol 14.9 % vol pushes towards" in page.locator(f"#{ids.WHY_TEXT}").inner_text()
    page.locator(f"#{ids.WHY_GRAPH}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "why-1920x1080.png")

    page.locator(f"#{ids.WHY_BUCKET}").get_by_text("poor").click()
    page.wait_for_function(
        f"(document.getElementById('{ids.WHY_TEXT}').innerText || '').includes('against poor')", timeout=5000)
    assert "away from poor" in page.locator(f"#{ids.WHY_TEXT}").inner_text()
    assert dashboard.errors == []


def test_presentation_mode_and_the_phone_show_the_panel(open_page, screenshots):
    board = open_page(WIDE)
    page = board.page
    page.get_by_text("Presentation mode").click()
    page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    graph = page.locator(f"#{ids.WHY_GRAPH}")
    graph.scroll_into_view_if_needed()
    assert graph.is_visible() and page.get_by_text("Bars are in log-odds").is_visible()
    page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').layout.font.size > 14")
    page.screenshot(path=screenshots / "why-1920x1080-presentation.png")
    assert board.errors == []

    phone = open_page(PHONE)
    page = phone.page
    graph = page.locator(f"#{ids.WHY_GRAPH}")
    graph.scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    assert graph.is_visible() and page.get_by_text("Bars are in log-odds").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = graph.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # the sliders follow the verdict card closely: on a phone the panel is its chart, not the lists in words
    assert not page.locator(f"#{ids.WHY_TEXT}").is_visible()
    sliders = page.locator(".controls").bounding_box()
    assert 0 < sliders["y"] - (box["y"] + box["height"]) < 400
    page.screenshot(path=screenshots / "why-390x844.png")
    assert phone.errors == []


def test_the_model_card_draws_importance_and_reliability(dashboard, screenshots):
    page = dashboard.page
    page.locator(f"#{ids.RELIABILITY_GRAPH}").scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.RELIABILITY_GRAPH} .main-svg")
    page.wait_for_selector(f"#{ids.IMPORTANCE_GRAPH} .main-svg")
    traces = page.evaluate(f"document.querySelector('#{ids.RELIABILITY_GRAPH} .js-plotly-plot').data.length")
    assert traces == 3  # the diagonal, the shipped model, the reference
    page.screenshot(path=screenshots / "model-card-1920x1080-insight.png")
    assert dashboard.errors == []


def test_on_a_phone_a_bars_value_never_runs_into_the_labels(open_page, screenshots):
    """A narrow plot (the phone's, beside long labels) leaves a bar's value less room than the server's x range
    assumes: the browser widens the range until each value fits outside its bar. Alcohol 11.0 on the average white
    wine puts −0.11 on Volatile acidity, whose value ran into its label."""
    page = open_page(PHONE).page
    graph = page.locator(f"#{ids.WHY_GRAPH}")
    graph.scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    alcohol = page.get_by_role("slider", name="Alcohol")
    alcohol.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    graph.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y"
                           ".includes('Alcohol 11.0 % vol')", timeout=10_000)
    page.wait_for_timeout(300)  # the draw's frame
    assert "\u22120.11" in why_bars_text(page)
    assert [p for p in inv.cut_text(page, "phone") if "why-graph" in p] == []
    graph.screenshot(path=screenshots / "why-390x844-values.png")


def why_bars_text(page) -> list:
    return page.evaluate(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].text")


WHY_TEXT = f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].text"
# the Why chart once it has stopped changing: its range, and its width against its box's (a resize is over)
WHY_STATE = f"""() => {{ const gd = document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot');
  return {{range: gd.layout.xaxis.range, width: gd._fullLayout.width, box: gd.clientWidth, text: gd.data[0].text}}; }}"""


def settled_why(page) -> dict:
    """The Why chart after a resize or a redraw has run its course: every chart is drawn at its box's width
    (invariants.charts_resized), and the Why chart holds still for 300 ms."""
    inv.charts_resized(page)
    state = page.evaluate(WHY_STATE)
    for _ in range(20):
        page.wait_for_timeout(300)
        now = page.evaluate(WHY_STATE)
        if now == state:
            return now
        state = now
    raise AssertionError(f"the Why chart kept changing: {state}")


def test_a_narrowed_window_keeps_the_values_clear_of_the_labels(open_page, screenshots):
    """The range is fitted to the plot's width after every drawing of the chart, not only when the browser draws a
    wine: a phone's window narrowed from 390 to 360 px (CI caught −0.08 in "Volatile acidity 0.28 g/dm³", drawn for
    390 px), through 375, and a new bucket's Patch (the server's range) at 360, leave every value clear of its
    label; widened again, the bars get their length back."""
    board = open_page(PHONE)
    page = board.page
    graph = page.locator(f"#{ids.WHY_GRAPH}")
    graph.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].text"
                           ".includes('\u22120.08')", timeout=10_000)
    at_390 = settled_why(page)
    assert [p for p in inv.cut_text(page, "390 px") if "why-graph" in p] == []
    ranges = {}
    for width in (375, 360):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        graph.scroll_into_view_if_needed()
        ranges[width] = settled_why(page)["range"][1]
        assert [p for p in inv.cut_text(page, f"{width} px") if "why-graph" in p] == [], width
    assert at_390["range"][1] <= ranges[375] <= ranges[360] and at_390["range"][1] < ranges[360]  # as it narrowed
    graph.screenshot(path=screenshots / "why-360x844-narrowed.png")
    before = settled_why(page)["text"]
    page.locator(f"#{ids.WHY_BUCKET}").get_by_text("poor").click()
    page.wait_for_function(f"t => JSON.stringify({WHY_TEXT}) !== t", arg=json.dumps(before, ensure_ascii=False, separators=(",", ":")),
                           timeout=10_000)
    settled_why(page)
    assert [p for p in inv.cut_text(page, "360 px, poor") if "why-graph" in p] == []
    page.locator(f"#{ids.WHY_BUCKET}").get_by_text("The verdict").click()
    page.wait_for_function(f"t => JSON.stringify({WHY_TEXT}) === t", arg=json.dumps(before, ensure_ascii=False, separators=(",", ":")),
                           timeout=10_000)
    page.set_viewport_size(PHONE)
    graph.scroll_into_view_if_needed()
    assert settled_why(page)["range"] == at_390["range"]  # narrowed back: the bars as long as before
    assert board.errors == []


def test_the_servers_first_figure_is_fitted_to_a_narrow_phone(warm, live_server, screenshots):
    """The page's own first figure for the Why chart (the server's range, drawn before any answer of the live route)
    is fitted too, at its first drawing: at 360 px, with the live route held unanswered, no value runs into its
    label."""
    def hold_why(page):
        page.route("**/_live/why**", lambda route: None)  # never answered: the chart keeps the server's figure

    board = open_dashboard(warm, live_server, {"width": 360, "height": PHONE["height"]}, before=hold_why)
    try:
        page = board.page
        graph = page.locator(f"#{ids.WHY_GRAPH}")
        graph.scroll_into_view_if_needed()
        page.wait_for_function(f"({WHY_TEXT} || []).includes('\u22120.08')", timeout=10_000)
        state = settled_why(page)
        assert [p for p in inv.cut_text(page, "360 px, the first figure") if "why-graph" in p] == []
        assert state["range"][1] > 0.19  # the server's range for this wine, widened
        graph.screenshot(path=screenshots / "why-360x844-first-figure.png")
        assert board.errors == []
    finally:
        board.close()


LINK_WINE = {"fixed acidity": 7.4, "volatile acidity": 0.7, "citric acid": 0.0, "residual sugar": 1.9,
             "chlorides": 0.076, "free sulfur dioxide": 11.0, "total sulfur dioxide": 34.0, "density": 0.9978,
             "pH": 3.51, "sulphates": 0.56, "alcohol": 9.4, "color": "red"}
LINK = "?fa=7.4&va=0.7&ca=0&rs=1.9&cl=0.076&fs=11&ts=34&de=0.9978&ph=3.51&su=0.56&al=9.4&c=r"
WHY_GD = f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot')"
# the Why chart's arrays, and how many drawing calls were made on it (assets/charts.js)
WHY_DRAWN = f"""() => {{ const gd = {WHY_GD}; const t = gd.data[0];
  return {{x: t.x, y: t.y, text: t.text, colors: t.marker.color, title: gd.layout.xaxis.title.text,
           calls: window.dash_clientside.charts.calls(gd)}}; }}"""


def link_numbers(model) -> dict:
    values = why_values(model, LINK_WINE, "verdict")
    return {key: values[key] for key in ("x", "y", "text", "colors", "title")}


# Before the page's scripts: at every animation frame, the Why chart's alcohol label as drawn on the page (what a
# person sees), each new one noted once.
WHY_FRAMES = f"""(() => {{
  window.__whyLabels = [];
  const look = () => {{
    const label = [...document.querySelectorAll('#{ids.WHY_GRAPH} .ytick text')]
      .map(t => t.textContent).find(t => t.startsWith('Alcohol'));
    if (label && window.__whyLabels[window.__whyLabels.length - 1] !== label) {{ window.__whyLabels.push(label); }}
    requestAnimationFrame(look);
  }};
  requestAnimationFrame(look);
}})()"""


@pytest.mark.parametrize("viewport, mode, calls", [(WIDE, "", 1), ({"width": 1280, "height": 720}, "&p=1", 2)],
                         ids=["1920x1080", "1280x720-presenting"])
def test_a_links_why_chart_is_drawn_once_with_the_links_wine(warm, live_server, loaded_model, screenshots,
                                                             viewport, mode, calls):
    """A link's wine reaches the Why panel as it is restored, and its numbers come before the chart's first draw,
    which waits for them: the chart is drawn once, as the link's wine, never first as the page's own wine (a chart
    that would describe another wine than the sliders, for the time it takes the link's numbers to come). A
    presentation link also draws the presenting figure when it comes after the chart mounted (the server made it
    for the page's first wine): the link's numbers go into it too (charts.own), so it never shows the page's first
    wine either."""
    board = open_dashboard(warm, live_server + LINK + mode, viewport,
                           before=lambda page: page.add_init_script(WHY_FRAMES))
    page = board.page
    try:
        page.wait_for_function(f"{WHY_GD} && {WHY_GD}.data && {WHY_GD}.data[0].y.includes('Alcohol 9.4 % vol')",
                               timeout=15_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # any redraw would have come by now
        assert page.evaluate("window.__whyLabels") == ["Alcohol 9.4 % vol"]  # every frame: the link's wine
        drawn = page.evaluate(WHY_DRAWN)
        assert 1 <= drawn.pop("calls") <= calls
        assert drawn == link_numbers(loaded_model)
        assert page.evaluate(f"{WHY_GD}.layout.font.size > 14") == bool(mode)  # presenting: the projector's type
        assert "Alcohol 9.4 % vol" in page.locator(f"#{ids.WHY_TEXT}").text_content()  # hidden when presenting
        page.locator(f"#{ids.WHY_GRAPH}").screenshot(path=screenshots / f"why-{viewport['width']}-link.png")
        assert board.errors == []
    finally:
        board.close()


SLOW_ANSWER_S = 3  # a busy server's answer to a link's Why numbers: past the 1.5 s the chart once waited at most


def test_a_links_why_chart_waits_for_a_slow_answer_and_never_shows_the_pages_own_wine(warm, live_server,
                                                                                    loaded_model):
    """The link's numbers held back SLOW_ANSWER_S (a busy server): the chart, on screen, is not drawn meanwhile (it
    was drawn as the page's own wine after 1.5 s, then again as the link's); once they come, it is drawn once,
    as the link's wine, and every frame showed only that."""
    held = []

    def hold_why(page):
        page.add_init_script(WHY_FRAMES)
        page.route("**/_live/why**", lambda route: held.append(route))

    board = open_dashboard(warm, live_server + LINK, WIDE, before=hold_why)
    page = board.page
    try:
        page.wait_for_timeout(SLOW_ANSWER_S * 1000)
        assert len(held) == 1
        assert page.locator(f"#{ids.WHY_GRAPH}").bounding_box()["y"] < WIDE["height"]  # on screen
        assert page.evaluate(f"{WHY_GD} === null || {WHY_GD}._fullLayout === undefined")  # not drawn meanwhile
        held.pop().continue_()
        page.unroute("**/_live/why**")
        page.wait_for_function(f"{WHY_GD} && {WHY_GD}.data && {WHY_GD}.data[0].y.includes('Alcohol 9.4 % vol')",
                               timeout=10_000)
        page.wait_for_timeout(500)  # any redraw would have come by now
        assert page.evaluate("window.__whyLabels") == ["Alcohol 9.4 % vol"]  # every frame: the link's wine
        drawn = page.evaluate(WHY_DRAWN)
        assert drawn.pop("calls") == 1
        assert drawn == link_numbers(loaded_model)
        assert board.errors == []
    finally:
        board.close()


def test_a_links_why_chart_whose_numbers_are_refused_is_drawn_with_the_figure_it_has(warm, live_server):
    """A refused answer (a 503 here) ends the wait: the chart is drawn with the figure the page has, the page's own
    wine, rather than left empty; the refusal is the one error on the page."""
    def refuse_why(page):
        page.route("**/_live/why**", lambda route: route.fulfill(status=503, body="busy"))

    board = open_dashboard(warm, live_server + LINK, WIDE, before=refuse_why)
    page = board.page
    try:
        page.wait_for_function(f"{WHY_GD} && {WHY_GD}._fullLayout && {WHY_GD}.data[0].y.includes('Alcohol 10.5 % vol')",
                               timeout=10_000)
        assert [e for e in board.errors if "503" not in e] == []
        assert len(board.errors) == 1
    finally:
        board.close()


NARROW_PHONE = {"width": 320, "height": 700}  # the narrowest phones in use (and a 400 px one zoomed to 125%)
# Before the page's scripts: at every animation frame, whether the Why chart is drawn, whether it is in view and its
# alcohol label (spaces dropped: on a 320 px phone a label takes two lines), each new state noted once.
WHY_SEEN = f"""(() => {{
  window.__whySeen = [];
  const look = () => {{
    const gd = {WHY_GD};
    if (gd && gd._fullLayout) {{
      const r = gd.getBoundingClientRect();
      const label = [...gd.querySelectorAll('.ytick text')].map(t => t.textContent).find(t => t.startsWith('Alcohol'));
      const now = (r.top < innerHeight && r.bottom > 0 ? 'in view: ' : 'off screen: ') + (label || '').replace(/ /g, '');
      if (window.__whySeen[window.__whySeen.length - 1] !== now) {{ window.__whySeen.push(now); }}
    }}
    requestAnimationFrame(look);
  }};
  requestAnimationFrame(look);
}})()"""


def test_a_links_why_chart_below_a_phones_screen_shows_only_the_links_wine_as_it_scrolls_in(warm, live_server,
                                                                                           loaded_model):
    """On a 320 px phone the Why chart is below the screen as a link opens, so its numbers are asked only as it
    nears the screen. Its first draw waits for them: it is never drawn with the page's own wine, which would show
    for a moment as it scrolled in. Scrolled to, every frame shows the link's wine."""
    board = open_dashboard(warm, live_server + LINK, NARROW_PHONE,
                           before=lambda page: page.add_init_script(WHY_SEEN))
    page = board.page
    try:
        page.wait_for_timeout(SLOW_ANSWER_S * 1000)  # numbers asked at once would have come
        graph = page.locator(f"#{ids.WHY_GRAPH}")
        assert graph.bounding_box()["y"] > NARROW_PHONE["height"] + 200  # below the screen, past the panels' margin
        assert page.evaluate("window.__whySeen") == []  # not drawn meanwhile
        page.mouse.move(160, 350)
        for _ in range(100):  # a person scrolling down to it, until its top is near the screen's
            if page.evaluate(f"document.getElementById('{ids.WHY_GRAPH}').getBoundingClientRect().top") <= 100:
                break
            page.mouse.wheel(0, 120)
            page.wait_for_timeout(16)
        page.wait_for_function(f"{WHY_GD} && {WHY_GD}._fullLayout", timeout=10_000)
        page.wait_for_timeout(500)
        seen = page.evaluate("window.__whySeen")
        assert "in view: Alcohol9.4%vol" in seen and {state.split(": ")[1] for state in seen} == {"Alcohol9.4%vol"}, seen
        drawn = page.evaluate(WHY_DRAWN)
        drawn.pop("calls")
        want = link_numbers(loaded_model)
        assert drawn == want | {"y": [two_lines(label) for label in want["y"]]}
        assert board.errors == []
    finally:
        board.close()


def test_on_a_320_px_phone_the_page_fits_and_each_why_label_takes_two_lines(warm, live_server, loaded_model,
                                                                            screenshots):
    """At 320 px whole labels ("Total sulfur dioxide 138 mg/dm³") leave the Why chart's values no room: each label
    takes two lines, in a taller chart, and every value is clear of its label. The page does not scroll sideways
    and no text is cut. Widened to 390 px the labels are whole again; narrowed back, two lines again."""
    board = open_dashboard(warm, live_server, NARROW_PHONE)
    try:
        page = board.page
        graph = page.locator(f"#{ids.WHY_GRAPH}")
        graph.scroll_into_view_if_needed()
        settled_why(page)
        page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y"
                               ".every(y => y.includes('<br>'))", timeout=10_000)
        labels = why_bars(page)["y"]
        assert "Total sulfur dioxide<br>138 mg/dm³" in labels and "Alcohol<br>10.5 % vol" in labels, labels
        graph.screenshot(path=screenshots / "why-320x700.png")
        assert page.evaluate("document.documentElement.scrollWidth") == NARROW_PHONE["width"]
        assert inv.cut_text(page, "320 px") == []  # the whole page: the units, the tables, every chart's labels
        page.set_viewport_size({"width": PHONE["width"], "height": NARROW_PHONE["height"]})
        settled_why(page)
        page.wait_for_function(f"!document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y"
                               ".some(y => y.includes('<br>'))", timeout=10_000)
        assert "Total sulfur dioxide 138 mg/dm³" in why_bars(page)["y"]
        assert [p for p in inv.cut_text(page, "390 px") if "why-graph" in p] == []
        page.set_viewport_size(NARROW_PHONE)
        settled_why(page)
        page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y"
                               ".every(y => y.includes('<br>'))", timeout=10_000)
        assert [p for p in inv.cut_text(page, "320 px again") if "why-graph" in p] == []
        # a new wine: its own numbers, with its labels in two lines (none of the wine before)
        alcohol = page.get_by_role("slider", name="Alcohol")
        alcohol.focus()
        page.keyboard.press("End")
        graph.scroll_into_view_if_needed()
        page.wait_for_function(f"document.querySelector('#{ids.WHY_GRAPH} .js-plotly-plot').data[0].y"
                               ".includes('Alcohol<br>14.9 % vol')", timeout=10_000)
        settled_why(page)
        wine = page.evaluate(WINE_JS)
        values = why_values(loaded_model, wine, "verdict")
        drawn = why_bars(page)
        assert drawn == {"x": values["x"], "y": [two_lines(label) for label in values["y"]]}
        assert [p for p in inv.cut_text(page, "320 px, a new wine") if "why-graph" in p] == []
        assert board.errors == []
    finally:
        board.close()


def two_lines(label: str) -> str:
    """A Why label as the 320 px chart shows it: broken before its first number (assets/whatif.js twoLines)."""
    return re.sub(r" (?=[\u2212+-]?[0-9.])", "<br>", label, count=1)


# assets/whatif.js whyLabels, at its limit: a chart exactly as wide as whole labels and the value's room on both sides
# of zero (the plot leaves the value 0 px), and one px wider
LABELS_AT_JS = """extra => {
  const charts = window.dash_clientside.charts, font = {size: 13, family: 'Arial'};
  const y = ['Alcohol 11.0 % vol'], text = ['+0.05'], right = 10;
  const width = charts.labelRoom(y, font) + right + 2 * (charts.textWidths(text, font)[0] + 8) + extra;
  return window.dash_clientside.whatif.whyLabels(y, text, font, width, right).y;
}"""


@pytest.mark.parametrize("extra, labels", [(0, ["Alcohol<br>11.0 % vol"]), (1, ["Alcohol 11.0 % vol"])],
                         ids=["no-room-two-lines", "a-px-more-whole"])
def test_why_labels_take_two_lines_only_when_whole_ones_leave_a_value_no_room(dashboard, extra, labels):
    assert dashboard.page.evaluate(LABELS_AT_JS, extra) == labels


@pytest.mark.parametrize("width, height", [(359, 320), (360, 240)])
def test_the_why_chart_is_taller_below_360_px_where_its_labels_take_two_lines(open_page, width, height):
    page = open_page({"width": width, "height": 700}).page
    assert page.evaluate(f"document.getElementById('{ids.WHY_GRAPH}').getBoundingClientRect().height") == height
