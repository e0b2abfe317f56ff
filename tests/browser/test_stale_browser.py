"""A panel off screen as the wine changes is sent the wine only as it nears the screen (assets/whatif.js), so until
then its charts show the wine before. Brought into view faster than its numbers come (a flick on a phone, a jump
to a card), a chart is hidden, its box kept, until it is drawn with the newest wine's numbers, and the words a
callback writes of the wine (the Why words, A vs B's B) until that answer comes: no frame shows the old wine's. A
chart on screen as the wine changes is never hidden; a chart whose numbers are refused shows what it has."""
from __future__ import annotations

import json

import pytest

from components import ids
from model.predict import predict
from tests.browser.conftest import open_dashboard
from tests.browser.test_verdict_paint_browser import WINE_JS

WIDE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 320, "height": 700}
SLOW_MS = 400  # the panel's answer held this long: a jump to the panel always comes before it

SWEEP = f"[id*='\"name\":\"alcohol\"'][id*='{ids.SENSITIVITY_GRAPH}']"  # the alcohol sweep's dcc.Graph
WHY = f"#{ids.WHY_GRAPH}"
# what a chart shows of the alcohol: the sweep's marker line, the Why chart's alcohol label (spaces dropped: on a
# 320 px phone the label takes two lines)
VALUE = {
    SWEEP: "String(gd.layout.shapes[0].x0)",
    WHY: "([...gd.querySelectorAll('.ytick text')].map(t => t.textContent).find(t => t.startsWith('Alcohol')) || '')"
         ".replace(/ /g, '')",
}
ROUTE = {SWEEP: "**/_live/sweeps**", WHY: "**/_live/why**"}


def frames(selector: str) -> str:
    """Before the page's scripts: at every animation frame, the chart's state once drawn ("off", "hidden" or "shown",
    with its alcohol value), each new state noted once."""
    return f"""(() => {{
  window.__frames = [];
  const look = () => {{
    const gd = document.querySelector({json.dumps(selector + " .js-plotly-plot")});
    if (gd && gd._fullLayout) {{
      const r = gd.getBoundingClientRect();
      const state = r.top >= innerHeight || r.bottom <= 0 ? 'off' : getComputedStyle(gd).visibility === 'hidden'
        ? 'hidden' : 'shown';
      const now = state + ' ' + {VALUE[selector]};
      if (window.__frames[window.__frames.length - 1] !== now) {{ window.__frames.push(now); }}
    }}
    requestAnimationFrame(look);
  }};
  requestAnimationFrame(look);
}})()"""


def slow(page, pattern: str, ms: int = SLOW_MS) -> None:
    """Answers from the routes matching `pattern` reach the page `ms` late."""
    def later(route):
        page.wait_for_timeout(ms)
        route.continue_()
    page.route(pattern, later)


def open_board(browser, warm, url: str, viewport: dict, selector: str):
    """The dashboard at `url`, recording `selector`'s frames: on a phone, in a touch context of its own."""
    touch = viewport["width"] < 900
    where = browser.new_context(viewport=viewport, has_touch=True, is_mobile=True) if touch else warm
    board = open_dashboard(where, url, viewport, before=lambda page: page.add_init_script(frames(selector)))
    board.own_context = touch  # closed with the page
    return board


def alcohol_to_end(page) -> str:
    """The alcohol slider to its top value with the End key, once the page has settled: the value it shows."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    thumb = page.locator(f"[data-label-id='{ids.label('alcohol')}'] [role=slider]")
    thumb.focus()
    page.keyboard.press("End")
    page.wait_for_function(f"document.querySelector({json.dumps(SWEEP + ' .js-plotly-plot')}) !== null")
    page.wait_for_timeout(700)  # settled, and handed to the panels on screen
    return thumb.get_attribute("aria-valuenow")


@pytest.mark.parametrize("viewport, selector", [(WIDE, SWEEP), (PHONE, SWEEP), (NARROW_PHONE, WHY)],
                         ids=["1920x1080-sensitivity", "390-phone-sensitivity", "320-phone-why"])
def test_a_chart_jumped_to_before_its_numbers_come_never_shows_the_old_wine(browser, warm, live_server, viewport,
                                                                            selector, screenshots):
    board = open_board(browser, warm, live_server, viewport, selector)
    page = board.page
    try:
        value = alcohol_to_end(page)
        assert value == "14.9"
        box = page.locator(selector).bounding_box()
        # off the screen (the keys scrolled to the slider), past the panels' margin: not sent the wine
        assert box["y"] > viewport["height"] + 200 or box["y"] + box["height"] < -200, box
        assert page.locator(selector).get_attribute("data-stale") == ""  # marked as the wine changed
        slow(page, ROUTE[selector])
        page.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
        want = "shown " + (f"Alcohol{value}%vol" if selector == WHY else value)
        page.wait_for_function(f"window.__frames[window.__frames.length - 1] === {json.dumps(want)}",
                               timeout=10_000)
        seen = page.evaluate("window.__frames")
        assert "hidden " + ("Alcohol10.5%vol" if selector == WHY else "10.5") in seen, seen  # it came before them
        assert [s for s in seen if s.startswith("shown")] == [want], seen  # every frame in view: the new wine
        assert page.locator(selector).get_attribute("data-stale") is None
        page.locator(selector).screenshot(path=screenshots / f"stale-{viewport['width']}-after.png")
        assert board.errors == []
    finally:
        board.close()


def test_a_chart_on_screen_as_the_wine_changes_is_never_hidden(open_page):
    """The Why chart is on a desk's first screen: a new wine redraws it in place, every frame shows it."""
    board = open_page(WIDE)
    page = board.page
    page.add_init_script(frames(WHY))  # for the reload below
    page.reload()
    page.wait_for_selector(f"{WHY} .main-svg")
    value = alcohol_to_end(page)
    page.wait_for_function(f"window.__frames[window.__frames.length - 1] === 'shown Alcohol{value}%vol'",
                           timeout=10_000)
    seen = page.evaluate("window.__frames")
    shown = seen.index("shown Alcohol10.5%vol")  # the page's own wine, once the skeleton has gone
    assert seen[shown:] == ["shown Alcohol10.5%vol", f"shown Alcohol{value}%vol"], seen
    assert board.errors == []


def test_a_stale_chart_whose_numbers_are_refused_shows_what_it_has(browser, warm, live_server):
    """A refused answer (a 503) ends the wait: the chart shows the numbers it has rather than staying hidden."""
    board = open_board(browser, warm, live_server, PHONE, SWEEP)
    page = board.page
    try:
        alcohol_to_end(page)
        assert page.locator(SWEEP).get_attribute("data-stale") == ""
        page.route(ROUTE[SWEEP], lambda route: route.fulfill(status=503, body="busy"))
        page.evaluate(f"document.querySelector({json.dumps(SWEEP)}).scrollIntoView({{block: 'center'}})")
        page.wait_for_function(f"window.__frames[window.__frames.length - 1] === 'shown 10.5'", timeout=10_000)
        assert page.locator(SWEEP).get_attribute("data-stale") is None
        assert [e for e in board.errors if "503" not in e] == []
    finally:
        board.close()


def words(selector: str, value_js: str) -> str:
    """Before the page's scripts: at every animation frame, the element's state once it has text ("off", "hidden" or
    "shown", with `value_js` of it, `el`), each new state noted once."""
    return f"""(() => {{
  window.__words = [];
  const look = () => {{
    const el = document.querySelector({json.dumps(selector)});
    if (el && el.textContent.trim()) {{
      const r = el.getBoundingClientRect();
      const state = r.top >= innerHeight || r.bottom <= 0 || r.width === 0 ? 'off'
        : getComputedStyle(el).visibility === 'hidden' ? 'hidden' : 'shown';
      const now = state + ' ' + {value_js};
      if (window.__words[window.__words.length - 1] !== now) {{ window.__words.push(now); }}
    }}
    requestAnimationFrame(look);
  }};
  requestAnimationFrame(look);
}})()"""


WHY_WORDS = f"#{ids.WHY_TEXT}"
B_HEAD = f"#{ids.COMPARE_B_HEAD} .compare-verdict"
ALCOHOL_IN_WORDS = "((el.textContent.match(/Alcohol [0-9.]+/) || [''])[0])"


def test_the_why_words_off_screen_as_the_wine_changes_show_only_the_new_wine_when_jumped_to(open_page):
    """At 1920×1080 the Why panel is on the first screen: with the page scrolled to its end and a key on the alcohol
    slider (focused without scrolling), it is off screen as the wine changes. Jumped to, with the words' answer
    held, the words are hidden until they come, then show the new wine: no frame shows the old one."""
    board = open_page(WIDE)
    page = board.page
    page.add_init_script(words(WHY_WORDS, ALCOHOL_IN_WORDS))
    page.reload()
    page.wait_for_selector(f"{WHY} .main-svg")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("window.__words.length > 0")
    assert page.evaluate("window.__words")[-1].endswith(" Alcohol 10.5")  # just under the first screen
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    assert page.locator(WHY_WORDS).bounding_box()["y"] + page.locator(WHY_WORDS).bounding_box()["height"] < -200
    page.evaluate(f"document.querySelector(\"[data-label-id='{ids.label('alcohol')}'] [role=slider]\")"
                  ".focus({preventScroll: true})")
    since = page.evaluate("window.__words.length")
    page.keyboard.press("End")
    page.wait_for_timeout(800)  # settled: the panels on screen have it
    assert page.locator(WHY_WORDS).get_attribute("data-stale") == ""
    slow(page, "**/_dash-update-component", SLOW_MS)  # every callback answer, the words' with them
    page.evaluate(f"document.querySelector({json.dumps(WHY_WORDS)}).scrollIntoView({{block: 'center'}})")
    page.wait_for_function("window.__words[window.__words.length - 1] === 'shown Alcohol 14.9'", timeout=10_000)
    seen = page.evaluate("n => window.__words.slice(n)", since)
    assert "hidden Alcohol 10.5" in seen, seen  # in view before the words came
    assert [s for s in seen if s.startswith("shown")] == ["shown Alcohol 14.9"], seen  # never the old wine's
    assert board.errors == []


def test_b_off_screen_as_the_wine_changes_shows_only_the_new_wine_when_jumped_to(open_page, loaded_model):
    """A pinned, then the wine changed at the sliders with the A vs B card below the screen: jumped to, with its
    answer held, B's verdict is hidden until it comes, then shows the new wine's."""
    board = open_page(WIDE)
    page = board.page
    page.add_init_script(words(B_HEAD, "el.textContent"))
    page.reload()
    page.wait_for_selector(f"{WHY} .main-svg")
    page.wait_for_load_state("networkidle")
    page.locator(f"#{ids.PIN_BUTTON}").click()
    page.wait_for_function("window.__words.length > 0")
    before = page.evaluate("window.__words")[-1].split(" ", 1)[1]
    value = alcohol_to_end(page)
    box = page.locator(f"#{ids.COMPARE}").bounding_box()
    assert box["y"] > WIDE["height"] + 200, box  # below the screen, past the panels' margin
    assert page.locator(f"#{ids.COMPARE_B_HEAD}").get_attribute("data-stale") == ""
    slow(page, "**/_dash-update-component", SLOW_MS)
    page.evaluate(f"document.getElementById('{ids.COMPARE}').scrollIntoView({{block: 'center'}})")
    page.wait_for_function(f"document.getElementById('{ids.COMPARE_B_HEAD}').getAttribute('data-stale') === null",
                           timeout=10_000)
    page.wait_for_timeout(300)
    seen = page.evaluate("window.__words")
    after = seen[-1].split(" ", 1)[1]
    wine = page.evaluate(WINE_JS)
    want = predict(loaded_model, wine)[0]
    assert wine["alcohol"] == float(value) and want["bucket"] in after and after != before, (before, after)
    assert [s for s in seen if s.startswith("shown")] == [f"shown {after}"], seen  # never B's old verdict in view
    assert f"hidden {before}" in seen, seen
    assert board.errors == []


# the label a stale chart shows once it has stayed stale past a moment (assets/theme.css): its text and opacity
STALE_NOTE = "sel => { const s = getComputedStyle(document.querySelector(sel), '::after'); " \
             "return {text: s.content, opacity: s.opacity, visibility: s.visibility}; }"


def test_a_chart_waiting_long_for_its_numbers_says_it_is_updating(browser, warm, live_server, screenshots):
    """Brought into view while its numbers are slow to come (a busy server), a sweep's box is not left blank: it
    says "Updating for this wine…" until they are drawn, then shows the chart alone."""
    board = open_board(browser, warm, live_server, WIDE, SWEEP)
    page = board.page
    try:
        alcohol_to_end(page)
        assert page.locator(SWEEP).get_attribute("data-stale") == ""
        slow(page, ROUTE[SWEEP], 3000)
        page.evaluate(f"document.querySelector({json.dumps(SWEEP)}).scrollIntoView({{block: 'center'}})")
        page.wait_for_function(f"(n => n.text !== 'none' && n.opacity === '1')(({STALE_NOTE})({json.dumps(SWEEP)}))", timeout=10_000)
        note = page.evaluate(STALE_NOTE, SWEEP)
        assert note["text"] == '"Updating for this wine\u2026"' and note["visibility"] == "visible", note
        assert page.evaluate(f"getComputedStyle(document.querySelector({json.dumps(SWEEP + ' .js-plotly-plot')}))"
                             ".visibility") == "hidden"  # the old wine's chart stays hidden behind it
        # the page, not the element: Playwright waits for a hidden element to show before taking its picture
        page.screenshot(path=screenshots / "stale-1920-updating.png", clip=page.locator(SWEEP).bounding_box())
        page.wait_for_function(f"window.__frames[window.__frames.length - 1] === 'shown 14.9'", timeout=10_000)
        assert page.locator(SWEEP).get_attribute("data-stale") is None
        assert page.evaluate(STALE_NOTE, SWEEP)["text"] == "none"  # the label goes with the mark
        assert board.errors == []
    finally:
        board.close()


# the chart `selector` brought into view, then its label ("Updating for this wine…") looked at every frame for `ms`:
# whether it showed (a content, and an opacity above 0), frame by frame
SCROLL_AND_WATCH = """async ({selector, ms}) => {
  const el = document.querySelector(selector);
  el.scrollIntoView({block: 'center'});
  const start = performance.now(), seen = [];
  while (performance.now() - start < ms) {
    await new Promise(r => requestAnimationFrame(r));
    const s = getComputedStyle(el, '::after');
    seen.push(s.content !== 'none' && parseFloat(s.opacity) > 0);
  }
  return seen;
}"""


def test_a_chart_marked_stale_off_screen_says_nothing_as_it_comes_into_view(browser, warm, live_server):
    """A sweep left stale off screen for longer than its label's moment is brought into view: for that moment it
    says nothing, since a quick answer shows the chart without a word in between. Its moment counts from the asking,
    not from the mark (it said "Updating for this wine…" at once, the label's delay spent off screen); a slow answer
    then gets the label, and the chart shows alone."""
    board = open_board(browser, warm, live_server, WIDE, SWEEP)
    page = board.page
    try:
        alcohol_to_end(page)
        assert page.locator(SWEEP).get_attribute("data-stale") == ""  # marked, not asked: off screen
        page.wait_for_timeout(800)  # stale for longer than the label's moment (shown from 0.4 s, whole at 0.6 s)
        slow(page, ROUTE[SWEEP], 2000)
        seen = page.evaluate(SCROLL_AND_WATCH, {"selector": SWEEP, "ms": 300})
        assert len(seen) >= 2 and not any(seen), seen
        assert page.locator(SWEEP).get_attribute("data-stale") == "asked"
        page.wait_for_function(f"(n => n.text !== 'none' && n.opacity === '1')(({STALE_NOTE})({json.dumps(SWEEP)}))", timeout=10_000)
        page.wait_for_function(f"window.__frames[window.__frames.length - 1] === 'shown 14.9'", timeout=10_000)
        assert page.locator(SWEEP).get_attribute("data-stale") is None
        assert board.errors == []
    finally:
        board.close()
