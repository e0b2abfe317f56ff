"""The page as a person meets it: the main features walked at 1920x1080, on a 1280x720 projector in presentation
mode (?p=1) and on a 390x844 phone with touch, and after each step the whole page checked (tests/browser/
invariants.py): no layout shift, the answer in view, no text cut, a swipe that scrolls, no stale note, axe-core."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components import ids
import invariants as inv
from tests.browser.conftest import BAR_STATE_JS, new_page
from test_demo_browser import wait_for_bars_of_shown_wine

pytestmark = pytest.mark.browser

WIDE = {"viewport": {"width": 1920, "height": 1080}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 1}
SIZES = [(WIDE, "", "1920x1080"), (PROJECTOR, "?p=1", "1280x720-presentation"), (PHONE, "", "390x844")]
TYPE_FLOOR = 18      # px: presentation type on a 1280 px projector (20 px from 1401 px)
GAP_LIMIT = 24       # px between the verdict's glass and words and the bars' plot area


@pytest.fixture
def open_at(warm, browser, live_server):
    """A page with `options` (a new context's): a page of the warm context for a viewport alone, or of a context
    of its own (touch)."""
    opened = []

    def _open(options: dict, query: str = ""):
        if set(options) == {"viewport"}:
            page = new_page(warm, options["viewport"])
            opened.append(page)
        else:
            context = browser.new_context(**options)
            opened.append(context)
            page = context.new_page()
            inv.watch_rest(page)  # as new_page does
        inv.watch_layout_shift(page)
        page.goto(live_server + query)
        page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
        page.wait_for_function("document.querySelectorAll('[role=slider][aria-labelledby]').length === 11")
        inv.rest(page)
        return page

    yield _open
    for each in opened:
        each.close()


# the bars' heights as a person sees them (in %), whoever drew them
BARS_DRAWN = f"({BAR_STATE_JS})(document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot')).painted"


def settle(page, ms: int) -> None:
    """A scroll's or a swipe's own time (the page's work after a step: invariants.rest)."""
    page.wait_for_timeout(ms)


class Walk:
    """Steps on one page; after each, the whole page's invariants, every problem kept with its step's name."""

    def __init__(self, page, name: str, screenshots):
        self.page, self.name, self.screenshots = page, name, screenshots
        self.problems: list[str] = []
        self.seen: set[str] = set()
        self.shift, problems = inv.layout_shift(page, f"{name} first byte until settled")
        problems += inv.small_type(page, f"{name} loaded", TYPE_FLOOR) if "presentation" in name else []
        self.keep(problems + inv.cut_text(page, f"{name} loaded"))

    def keep(self, problems: list[str]) -> None:
        """Each problem once, at the first step that meets it."""
        for problem in problems:
            what = problem.split(": ", 1)[-1]
            if what not in self.seen:
                self.seen.add(what)
                self.problems.append(problem)

    def step(self, label: str, action, answer: str | None = None, control: str | None = None) -> None:
        """`control`: what was clicked; a second click must land on it, so it keeps its place."""
        if control:
            self.page.locator(control).first.scroll_into_view_if_needed()
        where = self.page.locator(control).first.bounding_box() if control else None
        action()
        inv.rest(self.page)
        step = f"{self.name} {label}"
        self.shift, problems = inv.layout_shift(self.page, step, self.shift)
        if control:
            problems += inv.kept_its_place(step, control, where, self.page.locator(control).first.bounding_box())
        if answer:
            problems += inv.answer_in_view(self.page, step, answer)
        if "presentation" in self.name:
            problems += inv.small_type(self.page, step, TYPE_FLOOR)
        self.keep(problems + inv.cut_text(self.page, step))

    def shot(self, group: str) -> None:
        self.page.screenshot(path=self.screenshots / f"experience-{self.name}-{group}.png")


def press_end(page, name: str):
    return lambda: (page.get_by_role("slider", name=name).focus(), page.keyboard.press("End"))


def click(page, selector: str):
    return lambda: page.locator(selector).first.click()


@pytest.mark.parametrize("options, query, name", SIZES, ids=[s[2] for s in SIZES])
def test_walking_the_main_features_keeps_the_page_whole(open_at, screenshots, options, query, name):
    page = open_at(options, query)
    walk = Walk(page, name, screenshots)
    walk.problems += inv.accessibility(page, f"{name} loaded")
    walk.shot("loaded")
    verdict = f"#{ids.VERDICT}, #{ids.SUMMARY}"  # on a phone the pinned summary answers while the sliders show
    walk.step("slider to its end", press_end(page, "Alcohol"), verdict)
    walk.step("average wine", click(page, f"#{ids.AVERAGE_BUTTON}"), verdict)
    walk.step("what would make it good", click(page, f"#{ids.MAKE_GOOD_BUTTON}"), f"#{ids.SUGGESTION_VIEW}")
    walk.shot("make-it-good")
    # its answer: the dotted A outlines beside the bars and the line under the verdict
    walk.step("pin as A", click(page, f"#{ids.PIN_BUTTON}"), f"#{ids.PINNED_LINE}, #{ids.PROBA_GRAPH}")
    walk.step("copy link", click(page, f"#{ids.COPY_LINK}"), f"#{ids.COPY_STATUS}", control=f"#{ids.COPY_LINK}")
    walk.step("red", lambda: page.get_by_role("radio", name="Red").first.click(), verdict)
    walk.shot("pinned-red")
    walk.problems += inv.accessibility(page, f"{name} after the walk")
    assert walk.problems == [], "\n".join(walk.problems)


def test_a_swipe_on_a_slider_row_scrolls_and_a_drag_moves_the_thumb(open_at, screenshots, live_server):
    page = open_at(PHONE)
    row = page.locator(".dash-slider-root").nth(3)
    row.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    settle(page, 300)
    problems = []
    for track in (page.locator(".dash-slider-root").nth(3), page.locator(".dash-slider-root").nth(4)):
        box = track.bounding_box()
        before, scrolled, bars = inv.slider_values(page), page.evaluate("scrollY"), page.evaluate(BARS_DRAWN)
        x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2  # on the track, away from the thumb
        inv.touch_swipe(page, (x, y), (x + 4, y - 240))
        try:
            inv.rest(page, timeout=5000)
        except PlaywrightTimeout:
            problems.append("[touch] after a vertical swipe the page never came to rest: a drag still going on?")
        if inv.slider_values(page) != before:
            problems.append(f"[touch] a vertical swipe changed a slider: {before} -> {inv.slider_values(page)}")
        if page.evaluate(BARS_DRAWN) != bars:  # nor were the bars painted for the value under the finger
            problems.append(f"[touch] a vertical swipe changed the bars: {bars} -> {page.evaluate(BARS_DRAWN)}")
        if page.evaluate("scrollY") - scrolled < 100:
            problems.append(f"[touch] a vertical swipe scrolled {page.evaluate('scrollY') - scrolled} px, not the page")
    track = page.locator(".dash-slider-root").nth(6)
    track.scroll_into_view_if_needed()
    box, before = track.bounding_box(), inv.slider_values(page)
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2
    inv.touch_swipe(page, (x, y), (x + 100, y + 2))
    inv.rest(page)
    if inv.slider_values(page)[6] == before[6]:
        problems.append("[touch] a horizontal drag along a track did not move its slider")
    thumb = page.locator(".dash-slider-thumb").nth(5)
    thumb.scroll_into_view_if_needed()
    box, before = thumb.bounding_box(), inv.slider_values(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    inv.touch_swipe(page, (x, y), (x + 120, y + 3))
    inv.rest(page)
    if inv.slider_values(page)[5] == before[5]:
        problems.append("[touch] a horizontal drag of a thumb did not move it")
    track = page.locator(".dash-slider-root").nth(7)  # a tap on a track: the value under the finger, bars and all
    track.scroll_into_view_if_needed()
    box, before = track.bounding_box(), inv.slider_values(page)
    page.touchscreen.tap(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    inv.rest(page)
    if inv.slider_values(page)[7] == before[7]:
        problems.append("[touch] a tap on a track did not move its slider")
    wait_for_bars_of_shown_wine(page, live_server)
    page.screenshot(path=screenshots / "experience-390x844-touch.png")
    assert problems == [], "\n".join(problems)


def test_notes_that_describe_the_wine_follow_it(open_at):
    page = open_at(WIDE)
    press_end(page, "Alcohol")()
    inv.rest(page)
    page.get_by_role("radio", name="Red").first.click()  # an edited wine flipped: the note says what changed
    page.wait_for_function(f"document.getElementById('{ids.COLOR_NOTE}').innerText.includes('%')")
    inv.rest(page)
    page.locator(f"#{ids.MAKE_GOOD_BUTTON}").click()
    page.wait_for_selector(f"#{ids.SUGGESTION_VIEW}:not(.hidden)")
    before = page.locator(f"#{ids.VERDICT}").inner_text()
    page.get_by_role("slider", name="Alcohol").focus()
    page.keyboard.press("Home")  # the wine changes again
    page.wait_for_function(f"b => document.getElementById('{ids.VERDICT}').innerText !== b", arg=before, timeout=10000)
    inv.rest(page)
    verdict = page.locator(f"#{ids.VERDICT}").inner_text()
    problems = []
    note = page.locator(f"#{ids.COLOR_NOTE}")
    said = note.inner_text().strip() if note.is_visible() else ""
    # the note's answer ("... → poor 61%") must be the verdict's bucket and percentage, or the note gone
    last = re.findall(r"(?:(good|average|poor) )?(\d+)%", said)
    if said and (not last or f"{last[-1][1]}%" not in verdict or (last[-1][0] and last[-1][0] not in verdict.lower())):
        problems.append(f"[stale] the colour note says '{said}' while the verdict says '{' '.join(verdict.split())}'")
    view = page.locator(f"#{ids.SUGGESTION_VIEW}")
    classes = view.get_attribute("class") or ""
    if view.is_visible() and "stale" not in classes and "applied" not in classes:
        problems.append(f"[stale] the suggestion for the old wine still shows: {view.inner_text()[:80]!r}")
    assert problems == [], "\n".join(problems)


def test_the_phones_pinned_verdict_shows_beside_the_sliders_only_and_says_when_it_guesses(open_at):
    page = open_at(PHONE)
    summary = page.locator(f"#{ids.SUMMARY}")
    for name in ("Chlorides", "Volatile acidity"):
        page.get_by_role("slider", name=name).focus()
        page.keyboard.press("End")
    page.wait_for_selector(f"#{ids.VERDICT_FRAME}.guessing")
    page.get_by_role("slider", name="Density").scroll_into_view_if_needed()
    inv.rest(page)
    assert summary.is_visible()
    said = page.evaluate(f"getComputedStyle(document.querySelector('#{ids.SUMMARY} .eyebrow'), '::after').content")
    assert "guess" in said
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # past the sliders: the page's end is its own
    inv.rest(page)
    assert not summary.is_visible()


def raise_notes(page) -> None:
    """A wine the model has seen few of (its guess line under the bars) and A pinned (A's line)."""
    for name in ("Chlorides", "Volatile acidity"):
        page.get_by_role("slider", name=name).focus()
        page.keyboard.press("End")
    page.wait_for_selector(f"#{ids.VERDICT_FRAME}.guessing")
    page.locator(f"#{ids.PIN_BUTTON}").click()
    page.wait_for_selector(f"#{ids.PINNED_LINE}:not(.hidden) .pin-tag")
    inv.rest(page)


# a line of text set at `size` px in the verdict card: the floor's own limit, at it and one past
TYPE_PROBES = [(TYPE_FLOOR, False), (TYPE_FLOOR - 1, True)]


def test_presentation_type_is_18_px_or_more_and_long_units_wrap_whole(open_at, screenshots):
    page = open_at(PROJECTOR, "?p=1")
    raise_notes(page)
    page.screenshot(path=screenshots / "experience-1280x720-presentation-type.png", full_page=True)
    problems = inv.small_type(page, "notes raised", TYPE_FLOOR) + inv.cut_text(page, "notes raised")
    units = page.evaluate("[...document.querySelectorAll('.feature-unit')].map(u => u.innerText)")
    assert "g/dm³ potassium sulphate" in units  # said in full, on a line of its own if it must
    for size, flagged in TYPE_PROBES:
        page.evaluate("""size => { const p = document.createElement('p'); p.id = 'type-probe';
          p.textContent = 'probe'; p.style.setProperty('font-size', size + 'px', 'important');
          document.getElementById('verdict').appendChild(p); }""", size)
        probe = [p for p in inv.small_type(page, "probe", TYPE_FLOOR) if "type-probe" in p]
        page.evaluate("document.getElementById('type-probe').remove()")
        if bool(probe) != flagged:
            problems.append(f"[small-type] a {size} px line {'passed' if flagged else 'was flagged'}")
    assert problems == [], "\n".join(problems)


def bars_top(page) -> float:
    return page.evaluate(f"document.getElementById('{ids.PROBA_GRAPH}').getBoundingClientRect().top + scrollY")


@pytest.mark.parametrize("options, query, name", SIZES, ids=[s[2] for s in SIZES])
def test_the_bars_sit_right_under_the_verdict_and_stay_when_notes_appear(open_at, options, query, name):
    page = open_at(options, query)
    problems, top = [], bars_top(page)
    gap = inv.verdict_gap(page)
    if gap > GAP_LIMIT:
        problems.append(f"[gap] {name} loaded: {gap:.0f} px between the verdict and its bars > {GAP_LIMIT}")
    raise_notes(page)
    if abs(bars_top(page) - top) > 1:
        problems.append(f"[gap] {name}: the bars moved {bars_top(page) - top:+.0f} px when the notes appeared")
    gap = inv.verdict_gap(page)
    if gap > GAP_LIMIT:
        problems.append(f"[gap] {name} with notes: {gap:.0f} px between the verdict and its bars > {GAP_LIMIT}")
    # the measure at its limit and one past: the bars pushed down to leave exactly GAP_LIMIT px, then one more
    graph = f"document.getElementById('{ids.PROBA_GRAPH}')"
    for extra, over in ((0, False), (1, True)):
        page.evaluate(f"px => {graph}.style.marginTop = (parseFloat(getComputedStyle({graph}).marginTop) + px) + 'px'",
                      GAP_LIMIT - gap + extra)
        gap = inv.verdict_gap(page)
        if (gap > GAP_LIMIT) != over:
            problems.append(f"[gap] the measure read {gap:.2f} px with the bars {GAP_LIMIT + extra} px down")
    assert problems == [], "\n".join(problems)


def test_scrolling_past_the_sliders_the_phones_pinned_verdict_covers_no_other_card(open_at, screenshots):
    page = open_at(PHONE)
    page.locator(".card.controls").scroll_into_view_if_needed()
    page.mouse.move(195, 300)
    end = page.evaluate("document.querySelector('.card.controls').getBoundingClientRect().bottom + scrollY")
    problems, shown, last_above = [], 0, False
    for step in range(60):  # a real scroll, 40 px a wheel step, until the next card fills the screen
        if page.evaluate("scrollY + innerHeight") > end + 400:
            break
        page.mouse.wheel(0, 40)
        settle(page, 150)
        covered = inv.under_the_bar(page, f"wheel step {step}")
        if covered:
            page.screenshot(path=screenshots / "experience-390x844-bar-covers.png")
        problems += covered
        shown += page.locator(f"#{ids.SUMMARY}").is_visible()
        last_above |= page.evaluate(f"""() => {{
          const bar = document.getElementById('{ids.SUMMARY}').getBoundingClientRect();
          const rows = document.querySelectorAll('.feature-control'), r = rows[rows.length - 1].getBoundingClientRect();
          const shows = getComputedStyle(document.getElementById('{ids.SUMMARY}')).visibility === 'visible';
          return shows && bar.height > 0 && r.top >= 0 && r.bottom <= bar.top; }}""")
    assert shown, "the pinned verdict never showed beside the sliders"
    assert last_above, "the last slider was never wholly above the pinned verdict"
    assert problems == [], "\n".join(problems)
