"""What a person reads on the page, at 1920x1080, on a 1280x720 projector (?p=1) and on a 390x844 phone with touch:
notes that wrap instead of being cut, chart labels that neither collide nor cross the chart's edge, percentages that
add up to 100, batch results with the predictions first, controls that announce what they are, a pop-up that closes."""
from __future__ import annotations

import pytest

from components import ids
import invariants as inv
from test_experience import raise_notes as unreal_and_pinned  # the guard's line shows, and A's

pytestmark = pytest.mark.browser

WIDE = {"width": 1920, "height": 1080}
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}

# every text of a chart as a box: bar labels, annotations, tick labels, axis titles; which overlap, which leave the svg
CHART_TEXT = """id => {
  const root = document.querySelector('#' + id + ' .main-svg');
  const edge = root.getBoundingClientRect();
  const picks = ['.bartext', '.annotation-text', '.xtick text', '.ytick text', '.g-xtitle text', '.g-ytitle text'];
  const boxes = [];
  document.querySelectorAll(picks.map(p => '#' + id + ' ' + p).join(',')).forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && el.textContent.trim()) { boxes.push({text: el.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}); }
  });
  const problems = [];
  boxes.forEach((a, i) => {
    if (a.l < edge.left - 0.5 || a.r > edge.right + 0.5 || a.t < edge.top - 0.5 || a.b > edge.bottom + 0.5) {
      problems.push('crosses the edge: ' + a.text);
    }
    boxes.slice(i + 1).forEach(b => {
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 1 && h > 1) { problems.push('overlap: ' + a.text + ' | ' + b.text); }
    });
  });
  return problems;
}"""

# elements whose text is cut: an ellipsis or hidden overflow on a line that does not fit
CUT_TEXT = """selector => Array.from(document.querySelectorAll(selector)).filter(el => {
  const s = getComputedStyle(el);
  return el.offsetParent !== null && (el.scrollWidth > el.clientWidth + 1)
    && (s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis');
}).map(el => el.className + ': ' + el.textContent)"""


def open_at(open_page, viewport, query=""):
    board = open_page(viewport, query)
    if "p=1" in query:
        board.page.wait_for_selector(f"#{ids.APP_SHELL}.presenting")
    return board


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1"), (PHONE, "")],
                         ids=["1920x1080", "1280x720-presentation", "390x844"])
def test_the_guard_and_pinned_lines_wrap_instead_of_being_cut(open_page, screenshots, viewport, query):
    board = open_at(open_page, viewport, query)
    page = board.page
    unreal_and_pinned(page)
    page.locator(f"#{ids.PLAUSIBILITY}").scroll_into_view_if_needed()
    name = f"content-{viewport['width']}x{viewport['height']}-guard-and-pin.png"
    page.screenshot(path=screenshots / name)
    cut = page.evaluate(CUT_TEXT, f"#{ids.PLAUSIBILITY} *, #{ids.PINNED_LINE} *")
    assert cut == [], cut
    assert "it has seen few wines like this" in page.locator(f"#{ids.PLAUSIBILITY}").inner_text()
    # the bars' labels with A pinned: no collision ("82%A 87%"), nothing over the chart's edge
    assert page.evaluate(CHART_TEXT, ids.PROBA_GRAPH) == []
    assert board.errors == []


BARS_TOP = f"document.getElementById('{ids.PROBA_GRAPH}').getBoundingClientRect().top + scrollY"


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1"), (PHONE, "")],
                         ids=["1920x1080", "1280x720-presentation", "390x844"])
def test_a_test_wines_tasters_line_shows_whole_under_the_bars_and_goes_with_the_wine(open_page, screenshots,
                                                                                      viewport, query):
    board = open_at(open_page, viewport, query)
    page = board.page
    top = page.evaluate(BARS_TOP)
    page.locator(f"#{ids.RANDOM_BUTTON}").click()
    page.wait_for_selector(f"#{ids.VERDICT} .truth", state="attached")
    inv.rest(page)
    page.locator(f"#{ids.PROBA_GRAPH}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"content-{viewport['width']}x{viewport['height']}-test-wine.png")
    assert page.evaluate(inv.VERDICT_OVERRUN) <= 1, "the verdict's words run past their box, hidden"
    said = page.locator(".verdict-echo .truth")
    assert said.is_visible() and said.inner_text().startswith("Tasters rated it ")
    assert said.text_content() == page.locator(f"#{ids.VERDICT} .truth").text_content()
    assert abs(page.evaluate(BARS_TOP) - top) <= 1
    page.locator(f"#{ids.AVERAGE_BUTTON}").click()  # not a test wine: no tasters to speak of
    page.wait_for_function("!document.querySelector('.verdict-echo').textContent")
    assert board.errors == []


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1"), (PHONE, "")],
                         ids=["1920x1080", "1280x720-presentation", "390x844"])
def test_the_bars_and_why_chart_labels_fit(open_page, screenshots, viewport, query):
    board = open_at(open_page, viewport, query)
    page = board.page
    page.get_by_role("slider", name="Alcohol").focus()
    page.keyboard.press("End")  # one long bar
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    inv.rest(page)
    labels = page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].text")
    assert sum(int(t.replace("<b>", "").replace("</b>", "").rstrip("%").lstrip("<")) for t in labels) == 100
    assert page.evaluate(CHART_TEXT, ids.PROBA_GRAPH) == []
    assert page.evaluate(CHART_TEXT, ids.WHY_GRAPH) == []
    page.locator(f"#{ids.WHY_GRAPH}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"content-{viewport['width']}x{viewport['height']}-why.png")


def test_the_why_chart_of_a_wine_with_small_pushes_fits_a_phone(open_page, screenshots):
    """Small pushes (a link to a wine near the average) give the Why chart ticks of tenths; on a phone's narrow plot
    Plotly turned them on end, into the caption under the axis."""
    board = open_at(open_page, PHONE, "?al=9&cl=0.05")
    page = board.page
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    inv.rest(page)
    page.locator(f"#{ids.WHY_GRAPH}").scroll_into_view_if_needed()
    inv.rest(page)
    ticks = page.evaluate(f"Array.from(document.querySelectorAll('#{ids.WHY_GRAPH} .xtick text'), t => t.textContent)")
    assert any("." in t for t in ticks), ticks  # ticks of tenths: the case that turned them
    assert page.evaluate(CHART_TEXT, ids.WHY_GRAPH) == []
    page.screenshot(path=screenshots / "content-390x844-why-small-pushes.png")
    assert board.errors == []


def test_presentation_mode_asks_no_question_it_does_not_answer(open_page):
    board = open_at(open_page, PROJECTOR, "?p=1")
    page = board.page
    page.wait_for_selector(f"#{ids.WHY_GRAPH} .main-svg")
    question = page.locator(f"#{ids.WHY_TEXT} .why-question")
    assert not question.is_visible() or page.locator(f"#{ids.WHY_TEXT} .why-block").first.is_visible()
    # a confusion cell: either its click lists something that shows, or it cannot be clicked
    graph = page.locator(f"#{ids.CONFUSION_GRAPH}")
    graph.scroll_into_view_if_needed()
    box = page.locator(f"#{ids.CONFUSION_GRAPH} .nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(f"#{ids.CONFUSION_HOVER}")
    page.wait_for_function(f"document.getElementById('{ids.CONFUSION_HOVER}').innerText.includes('predicted')")
    assert hover.is_visible()  # a hovered cell is described in presentation mode too
    page.mouse.click(box["x"] + box["width"] / 6, box["y"] + box["height"] / 6)
    inv.rest(page)
    outlined = page.evaluate(f"document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').layout.shapes.length")
    assert outlined == 3 or page.locator(f"#{ids.DRILL}").is_visible()
    assert board.errors == []


def test_number_boxes_bring_up_a_decimal_keyboard(open_page):
    page = open_at(open_page, PHONE).page
    modes = page.evaluate("Array.from(document.querySelectorAll('.feature-box input')).map(i => i.inputMode)")
    assert modes == ["decimal"] * 11


def test_the_phone_drill_down_fits_the_screen(open_page, screenshots):
    board = open_at(open_page, PHONE)
    page = board.page
    page.locator(f"#{ids.DRILL_PICK}").scroll_into_view_if_needed()
    page.locator(f"#{ids.DRILL_PICK}").click()
    page.get_by_text("Rated poor, predicted poor").click()
    page.wait_for_selector(f"#{ids.DRILL} .drill-table")
    page.locator(f"#{ids.DRILL} .drill-table").scroll_into_view_if_needed()
    inv.rest(page)
    page.screenshot(path=screenshots / "content-390x844-drill-down.png")
    overflow = page.evaluate("""() => Array.from(document.querySelectorAll('.drill-table td, .drill-table th'))
        .filter(el => el.getBoundingClientRect().right + window.scrollX > document.documentElement.clientWidth + 0.5)
        .map(el => el.textContent)""")
    assert overflow == [], overflow
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Hover" not in page.locator(f"#{ids.CONFUSION_HOVER}").inner_text()
    assert board.errors == []


def test_the_why_pop_up_closes_on_escape_and_a_click_outside(open_page):
    board = open_at(open_page, WIDE)
    page = board.page
    unreal_and_pinned(page)
    why = page.locator(f"#{ids.PLAUSIBILITY} .guard-why")
    why.click()
    popover = page.locator(f"#{ids.PLAUSIBILITY} .guard-popover")
    popover.wait_for(state="visible")
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden", timeout=2000)
    assert page.evaluate("document.activeElement.classList.contains('guard-why')")
    why.click()
    popover.wait_for(state="visible")
    page.mouse.click(5, 600)  # the page beside the card
    popover.wait_for(state="hidden", timeout=2000)
    assert board.errors == []


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1")], ids=["1920x1080", "1280x720-presentation"])
def test_the_why_pop_up_opens_in_view(open_page, viewport, query):
    """The nearest real wines are the answer to "Why?": the whole pop-up is on screen once it opens (it ran past the
    bottom of the screen at both sizes), with room to spare below it (its scroll-margin, 12 px; it ended flush with
    the screen's edge, 0.09 px past it), and shows its whole table without scrolling."""
    board = open_at(open_page, viewport, query)
    page = board.page
    unreal_and_pinned(page)
    page.locator(f"#{ids.PLAUSIBILITY} .guard-why").click()
    popover = page.locator(f"#{ids.PLAUSIBILITY} .guard-popover")
    popover.wait_for(state="visible")
    inv.rest(page)  # the scroll, if any, and what it brought into view
    box = popover.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] - 11.5, (box, viewport)
    # the whole table, with no row cut at the pop-up's edge (at 1280x720 it held 430 of its 525 px)
    assert popover.evaluate("p => p.scrollHeight <= p.clientHeight + 1"), popover.evaluate("p => [p.scrollHeight, p.clientHeight]")
    assert page.locator(f"#{ids.PLAUSIBILITY} .guard-why").is_visible()
    assert board.errors == []


def test_an_open_why_stays_open_while_its_wine_changes_and_shows_the_new_one(open_page):
    """The notice is rewritten on every settle (as static HTML, components/static.py): an open "Why?" stays open,
    and its table shows the wine on the sliders now."""
    board = open_at(open_page, WIDE)
    page = board.page
    unreal_and_pinned(page)
    page.locator(f"#{ids.PLAUSIBILITY} .guard-why").click()
    popover = page.locator(f"#{ids.PLAUSIBILITY} .guard-popover")
    popover.wait_for(state="visible")
    mine = page.locator(f"#{ids.PLAUSIBILITY} tr.this-wine")
    before = mine.inner_text()
    slider = page.get_by_role("slider", name="Chlorides")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"document.querySelector('#{ids.PLAUSIBILITY} tr.this-wine').innerText !== {before!r}",
                           timeout=10_000)
    value = slider.get_attribute("aria-valuenow")
    assert popover.is_visible() and page.locator(f"#{ids.PLAUSIBILITY} details[open]").count() == 1
    assert value.rstrip("0").rstrip(".") in mine.inner_text()
    assert board.errors == []


def test_controls_announce_what_they_are(open_page):
    page = open_at(open_page, WIDE).page
    switch = page.get_by_role("switch", name="Presentation mode")
    assert switch.count() == 1 and not switch.is_checked()
    assert page.get_by_role("radiogroup", name="Colour", exact=True).count() == 1
    assert page.get_by_role("radio", name="Red").count() >= 1
    page.get_by_role("radio", name="Red").first.click()  # Dash marks the chosen option again: still no list option
    inv.rest(page)
    assert page.locator(".dash-radioitems [role=option], .dash-radioitems [aria-selected]").count() == 0
    assert page.get_by_role("combobox", name="List the wines of a cell").count() == 1
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    assert upload.get_attribute("aria-label") or upload.get_attribute("aria-labelledby")
    assert "Macro precision" not in page.get_by_role("banner").inner_text()
    presenting = open_at(open_page, PROJECTOR, "?p=1").page
    assert presenting.get_by_role("switch", name="Presentation mode").is_checked()


RED_FILE = ("fixed acidity;volatile acidity;citric acid;residual sugar;chlorides;free sulfur dioxide;"
            "total sulfur dioxide;density;pH;sulphates;alcohol\n"
            "7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4\n"
            "7.8;0.88;0;2.6;0.098;25;67;0.9968;3.2;0.68;9.8\n")


def test_batch_results_show_the_predictions_first_and_say_the_colour_assumed(open_page, screenshots):
    board = open_at(open_page, WIDE)
    page = board.page
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "reds.csv", "mimeType": "text/csv", "buffer": RED_FILE.encode()}])
    page.wait_for_selector(f"#{ids.BATCH_RESULTS} table")
    heads = page.locator(f"#{ids.BATCH_RESULTS} thead th").all_inner_texts()
    assert heads[1].lower().startswith("predicted")
    first = page.locator(f"#{ids.BATCH_RESULTS} tbody tr").first.locator("td").all_inner_texts()
    assert first[0] == "2" and first[-1] == "white (assumed)"  # the file's row 2: the header is row 1
    status = page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    assert "white" in status and "colour" in status
    page.locator(f"#{ids.BATCH_RESULTS}").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "content-1920x1080-batch.png")
    # an error names the row as the table numbers it: the second wine is row 3
    bad = RED_FILE.replace("7.8;0.88", "7.8;abc")
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.wait_for_selector(f"#{ids.BATCH_STATUS} .alert-error")
    assert "row 3, column 'volatile acidity'" in page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    assert board.errors == []


def test_a_sliders_own_end_is_not_flagged_outside_the_data(open_page):
    page = open_at(open_page, WIDE).page
    page.get_by_role("slider", name="Sulphates").focus()
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('[data-feature=sulphates] input').value === '2.00'")
    inv.rest(page)
    assert "Outside the training data" not in page.locator(f"#{ids.VERDICT}").inner_text()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1920x1080", "390x844"])
def test_the_reliability_diagrams_points_are_drawn_whole(open_page, viewport):
    page = open_at(open_page, viewport).page
    graph = page.locator(f"#{ids.RELIABILITY_GRAPH}")
    graph.scroll_into_view_if_needed()
    page.wait_for_selector(f"#{ids.RELIABILITY_GRAPH} .point")
    # a marker that reaches above the plot area is halved by the plot's clip
    cut = page.evaluate(f"""() => {{
      const g = document.querySelector('#{ids.RELIABILITY_GRAPH} .js-plotly-plot');
      const area = g.querySelector('.nsewdrag').getBoundingClientRect();
      return Array.from(g.querySelectorAll('.point')).filter(p => p.getBoundingClientRect().top < area.top - 0.5)
        .length; }}""")
    assert cut == 0
    assert page.evaluate(CHART_TEXT, ids.RELIABILITY_GRAPH) == []


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1920x1080", "390x844"])
def test_the_model_cards_policies_read_as_written(open_page, loaded_model, viewport):
    """The "Does it pay what it expects?" rows are sentences: "Missing a good wine costs a margin", not "Missing A
    Good Wine Costs A Margin" (the tables' bucket names are capitalised)."""
    from components.insight import POLICY_NAMES

    page = open_at(open_page, viewport).page
    rows = page.locator(".decision-costs tbody th")
    rows.first.scroll_into_view_if_needed()
    inv.rest(page)
    policies = loaded_model.manifest["decision_costs"]["policies"]
    assert rows.all_inner_texts() == [POLICY_NAMES[p] for p in policies]
    assert page.locator(f"#{ids.CLASS_METRICS} tbody th").first.inner_text() == "Poor"  # a bucket: capitalised



# each policy row of "Does it pay what it expects?": its name's box, its figures' boxes, and its name's line height
POLICY_ROWS = """() => Array.from(document.querySelectorAll('.decision-costs tbody tr')).map(tr => {
  const th = tr.querySelector('th'), s = getComputedStyle(th), box = el => el.getBoundingClientRect().toJSON();
  return {name: box(th), row: box(tr), figures: Array.from(tr.querySelectorAll('td')).map(box),
          text: parseFloat(s.lineHeight) * 2 + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)};
})"""


@pytest.mark.parametrize("width", [320, 390, 600, 601, 1920])
def test_on_a_phone_each_policy_reads_on_a_line_of_its_own_over_its_figures(open_page, loaded_model, width,
                                                                            screenshots):
    """Beside its two figures, a policy's name had a column three words wide on a phone: five lines a name. Up to
    600 px wide, each name spans its row, in one or two lines, over its figures; from 601 px the table is as on a
    desktop, a name beside its figures. At every width the page scrolls no way but down, and it is still a table to
    a screen reader, its "Policy" header included."""
    from components.insight import POLICY_NAMES

    page = open_at(open_page, {"width": width, "height": 844 if width <= 600 else 1080}).page
    table = page.locator(".decision-costs table")
    table.scroll_into_view_if_needed()
    inv.rest(page)
    rows = page.evaluate(POLICY_ROWS)
    assert len(rows) == len(loaded_model.manifest["decision_costs"]["policies"]) and rows
    for row in rows:
        name, figures = row["name"], row["figures"]
        if width <= 600:
            assert name["width"] >= row["row"]["width"] - 1, row  # the whole row's width
            assert name["height"] <= row["text"] + 0.5, row  # in one or two lines
            assert all(name["bottom"] <= f["top"] + 0.5 for f in figures), row  # over its figures
        else:
            assert all(abs(f["left"] - name["right"]) < 40 and f["bottom"] > name["top"] for f in figures[:1]), row
            assert all(f["top"] < name["bottom"] for f in figures), row  # beside them
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    tree = table.aria_snapshot()
    assert 'columnheader "Policy"' in tree and all(f'rowheader "{n}"' in tree for n in POLICY_NAMES.values()), tree
    if width == 390:
        page.screenshot(path=screenshots / "content-390-policies.png", clip=table.bounding_box())

PHONE_WIDTHS = (320, 359, 360, 390, 412)  # the narrow phones' type (below 360 px), and the phones' from 360


def test_an_edited_wines_source_line_shows_whole_beside_the_glass_on_every_phone(open_page, screenshots):
    """"Edited from the average white wine" (and the longest, "Edited from the wine from a shared link") takes two
    lines beside the glass on a phone, whose row keeps one height: both lines show whole, none scrolls inside the
    verdict, at each phone width."""
    board = open_at(open_page, {"width": PHONE_WIDTHS[0], "height": 844}, "?al=12.5")
    page = board.page
    alcohol = page.get_by_role("slider", name="Alcohol")
    for source, preset in (("Edited from the wine from a shared link", None),
                           ("Edited from the average white wine", f"#{ids.AVERAGE_BUTTON}")):
        if preset:
            page.locator(preset).click()
            page.wait_for_function(f"document.getElementById('{ids.VERDICT}').innerText.includes('The average')")
        alcohol.focus()
        page.keyboard.press("End")
        page.wait_for_function(f"t => document.getElementById('{ids.VERDICT}').innerText.includes(t)", arg=source)
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            inv.rest(page)  # what the resize set off
            overrun = page.evaluate(inv.VERDICT_OVERRUN)
            assert overrun <= 1, f"{source!r} at {width} px runs {overrun} px past the verdict's box, hidden"
        page.evaluate("scrollTo(0, 0)")
        page.locator(f"#{ids.WINE_VIEW}").screenshot(path=screenshots / f"content-{PHONE_WIDTHS[-1]}-edited.png")
    assert board.errors == []
