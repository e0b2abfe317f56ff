"""The verdict mid-drag (assets/verdict_paint.js, assets/live.js): what is painted is what React draws for the same
value; a value of another shape is not painted; a drag makes no callback round until the mouse-up, while the
verdict, glass, phone summary and decision follow the thumb's wine; and whatever the end (the callback's answer, a
drag back to where it began, a line that comes or goes), the page ends on what React draws for the final wine."""
from __future__ import annotations

import pytest

from components import ids
from components.figures import bucket_percent
from tests.browser import invariants as inv
from tests.browser.conftest import WIDE
from tests.dash_text import text_of

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# the outputs a drag paints: PREDICTION key -> (element id, prop); then the decision's, by position
OUTPUTS = {"view": (ids.WINE_VIEW, "className"), "bucket": (ids.GLASS_LABEL, "children"),
           "verdict": (ids.VERDICT, "children"), "summary": (ids.SUMMARY_MAIN, "children")}
DECISION = [(ids.VERDICT_DECISION, "children"), (ids.VERDICT_DECISION, "className"),
            (ids.SUMMARY_DECISION, "children"), (ids.SUMMARY_DECISION, "className")]
WARNING = {"namespace": "dash_html_components", "type": "P",
           "props": {"children": "Outside the range of the data: alcohol.", "className": "warning"}}
HTML_JS = "id => document.getElementById(id).outerHTML"
PAINT_JS = """([key, id, prop, value]) =>
  window.dash_clientside.verdict_paint.paint(key, document.getElementById(id), prop, value)"""
SET_PROPS_JS = """([id, prop, value]) => new Promise(done => {
  window.dash_clientside.set_props(id, {[prop]: value});
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""
WINE_JS = """() => { const w = {}; document.querySelectorAll('.feature-control[data-feature]').forEach(c => {
  w[c.getAttribute('data-feature')] = parseFloat(c.querySelector('[role=slider]').getAttribute('aria-valuenow')); });
  w.color = document.querySelector('#wine-color input:checked').value; return w; }"""
# what a person reads of the verdict: its words, the glass's badge, the colours (the wrapper's class), the pinned
# summary, the decision line, and the verdict's long lines echoed under the bars
READ_JS = f"""() => ({{verdict: document.getElementById('{ids.VERDICT}').innerText,
  glass: document.getElementById('{ids.GLASS_LABEL}').textContent,
  view: document.getElementById('{ids.WINE_VIEW}').className,
  summary: document.getElementById('{ids.SUMMARY_MAIN}').textContent,
  decision: document.getElementById('{ids.VERDICT_DECISION}').textContent,
  echo: document.querySelector('.verdict-echo').textContent}})"""
# requests to Dash's callback endpoint from now on, and every text the verdict shows
WATCH_JS = f"""() => {{ window.__rounds = 0; window.__verdicts = [];
  const fetch = window.fetch;
  window.fetch = function (url) {{
    if (String(url).includes('_dash-update-component')) window.__rounds += 1;
    return fetch.apply(this, arguments);
  }};
  const verdict = document.getElementById('{ids.VERDICT}');
  new MutationObserver(() => window.__verdicts.push(verdict.textContent))
    .observe(verdict, {{subtree: true, childList: true, characterData: true}});
}}"""


def url(page, path: str) -> str:
    return page.url.split("?")[0].rstrip("/") + path


def drag_answer(page, wine: dict) -> dict:
    """The drag route's answer for `wine` with the page's own stores, as assets/live.js posts it."""
    stores = page.evaluate("window.dash_clientside.live.stores()")
    return page.request.post(url(page, "/_live/drag"), data={"wine": wine} | stores).json()


def targets(view: dict) -> list[tuple[str, str, str, object]]:
    """(key, id, prop, value) of each output a PREDICTION store `view` gives a value."""
    out = [(key, i, prop, view[key]) for key, (i, prop) in OUTPUTS.items()]
    return out + [(f"decision{n}", i, prop, view["decision"][n]) for n, (i, prop) in enumerate(DECISION)
                  if "decision" in view]


def settle(page) -> None:
    """Every answer the last step set off is on the page (invariants.rest)."""
    inv.rest(page)


def expect_read(page, wine: dict) -> None:
    """What a person reads of the verdict is the model's answer for `wine` (/api/predict)."""
    answer = page.request.post(url(page, "/api/predict"), data=wine).json()
    bucket, percent = answer["bucket"], bucket_percent(answer["probabilities"], answer["bucket"])
    read = page.evaluate(READ_JS)
    assert f"{bucket.capitalize()}\n" in read["verdict"] and f"{percent} probability" in read["verdict"], read
    assert read["glass"] == bucket and f"bucket-{bucket}" in read["view"].split(), read
    assert read["summary"] == f"Predicted{bucket}{percent}", read


def react_draws_the_page_as_it_is(page, view: dict) -> None:
    """Giving each output its value through Dash changes nothing on the page: it shows what React draws."""
    for _, i, prop, value in targets(view):
        before = page.evaluate(HTML_JS, i)
        page.evaluate(SET_PROPS_JS, [i, prop, value])
        assert page.evaluate(HTML_JS, i) == before, (i, prop)


def grab_alcohol(page) -> tuple[float, float]:
    """The mouse down on the Alcohol thumb, as a drag begins -> where it is."""
    thumb = page.get_by_role("slider", name="Alcohol").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    return x, y


def move_along(page, x: float, y: float, dxs, ms: int = 16) -> None:
    """The mouse to x + each of `dxs` (px) at height y, `ms` apart: a hand drawing a drag."""
    for dx in dxs:
        page.mouse.move(x + dx, y)
        page.wait_for_timeout(ms)


def press(page, name: str, key: str) -> None:
    page.get_by_role("slider", name=name).focus()
    page.keyboard.press(key)


def use_costs(page) -> None:
    page.get_by_text("Selling a poor wine as good is 10").click()
    page.wait_for_function(f"document.getElementById('{ids.VERDICT_DECISION}').textContent.includes('Decision')")


def load_a_test_wine(page) -> None:
    page.get_by_text("Random test wine").click()
    page.wait_for_function(f"document.getElementById('{ids.VERDICT}').innerText.includes('Tasters rated it')")


@pytest.mark.parametrize("viewport, costs", [(WIDE, False), (WIDE, True), (PHONE, True)],
                         ids=["1920x1080", "1920x1080-costs", "390-phone-costs"])
def test_painted_outputs_are_what_react_draws_for_the_same_value(open_page, viewport, costs):
    board = open_page(viewport)
    page = board.page
    press(page, "Alcohol", "End")  # an edited wine: the verdict has the shape a drag's steps have
    if costs:
        use_costs(page)
    settle(page)
    wine = page.evaluate(WINE_JS)
    checked = 0
    for alcohol in (8.5, 10.2, 11.7, 13.1, 14.9):
        view = drag_answer(page, wine | {"alcohol": alcohol})["view"]
        for key, i, prop, value in targets(view):
            before = page.evaluate(HTML_JS, i)
            assert page.evaluate(PAINT_JS, [key, i, prop, value]) is True, (key, value)
            painted = page.evaluate(HTML_JS, i)
            page.evaluate("key => window.dash_clientside.verdict_paint.revert(key)", key)
            assert page.evaluate(HTML_JS, i) == before, key  # undone exactly
            page.evaluate(SET_PROPS_JS, [i, prop, value])
            assert page.evaluate(HTML_JS, i) == painted, (key, value)  # React draws what was painted
            checked += 1
    assert checked == 5 * (8 if costs else 4)
    assert board.errors == []


OTHER_SHAPES = [
    ("verdict", "an extra line", lambda v: v + [{"namespace": "dash_html_components", "type": "P",
                                                 "props": {"children": "x"}}]),
    ("verdict", "a line less", lambda v: v[:-1]),
    ("verdict", "another tag", lambda v: [dict(v[0], type="Span")] + v[1:]),
    ("verdict", "an id", lambda v: [dict(v[0], props=dict(v[0]["props"], id="x"))] + v[1:]),
    ("verdict", "a style", lambda v: [dict(v[0], props=dict(v[0]["props"], style={"color": "red"}))] + v[1:]),
    ("verdict", "another library", lambda v: [dict(v[0], namespace="dash_core_components")] + v[1:]),
    ("verdict", "a class that is not text", lambda v: [dict(v[0], props=dict(v[0]["props"], className=1))] + v[1:]),
    ("verdict", "a text for a list", lambda v: "Good"),
    ("verdict", "an element for a text", lambda v: [v[0], dict(v[1], props={"children": [v[0]]})] + v[2:]),
    ("summary", "a text where an element is", lambda v: ["Predicted"] + v[1:]),
    ("bucket", "a list for a text", lambda v: [v, v]),
    ("bucket", "an empty text for a text", lambda v: ""),
    ("view", "a class that is not text", lambda v: None),
    ("summary", "nothing", lambda v: None),
]


def test_a_value_of_another_shape_is_not_painted_and_changes_nothing(dashboard):
    page = dashboard.page
    press(page, "Alcohol", "End")
    settle(page)
    view = drag_answer(page, page.evaluate(WINE_JS) | {"alcohol": 9.0})["view"]
    painted = []
    for key, what, change in OTHER_SHAPES:
        i, prop = OUTPUTS[key]
        before = page.evaluate(HTML_JS, i)
        if page.evaluate(PAINT_JS, [key, i, prop, change(view[key])]) is not False:
            painted.append(f"{key}: {what} was painted")
        if page.evaluate(HTML_JS, i) != before:
            painted.append(f"{key}: {what} changed the page")
        if page.evaluate("key => window.dash_clientside.verdict_paint.painted(key)", key) is not False:
            painted.append(f"{key}: {what} left a record")
    assert painted == []
    for key, (i, prop) in OUTPUTS.items():  # while the values themselves are painted
        assert page.evaluate(PAINT_JS, [key, i, prop, view[key]]) is True, key


def test_a_drag_moves_the_verdict_with_the_thumb_and_no_callback_round_until_the_mouse_up(dashboard):
    page = dashboard.page
    settle(page)
    page.evaluate(WATCH_JS)
    start = page.evaluate(READ_JS)
    x, y = grab_alcohol(page)
    reads = []
    for i in range(1, 49):
        page.mouse.move(x + 5 * i, y)
        page.wait_for_timeout(16)
        if i % 12 == 0:  # the hand rests a moment: the verdict is the thumb's wine
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(150)
            expect_read(page, page.evaluate(WINE_JS))
            reads.append(page.evaluate(READ_JS))
    assert page.evaluate("window.__rounds") == 0  # the whole drag, with no round through Dash's renderer
    assert reads[-1]["verdict"] != start["verdict"]
    page.mouse.up()
    settle(page)
    assert page.evaluate("window.__rounds") >= 1  # the mouse-up commits the value
    wine = page.evaluate(WINE_JS)
    expect_read(page, wine)
    react_draws_the_page_as_it_is(page, drag_answer(page, wine)["view"])
    assert dashboard.errors == []


def on_the_steps(page, name: str) -> bool:
    """Whether the wine's `name` lies on its slider's steps (from the slider's least value), where a drag can
    put it."""
    slider = page.get_by_role("slider", name=name)
    low, now = (float(slider.get_attribute(a)) for a in ("aria-valuemin", "aria-valuenow"))
    step = float(page.locator(f"[data-label-id='{ids.label(name.lower())}'][data-step]").get_attribute("data-step"))
    return abs((now - low) / step - round((now - low) / step)) < 1e-6


def load_a_test_wine_a_drag_returns_to(page, tries: int = 40) -> None:
    """A random test wine whose alcohol lies on its slider's steps: a drag can end on it again. A test wine's
    value can lie between two steps (10.9667 % vol), where a drag back ends on a step beside it."""
    for _ in range(tries):
        before = page.evaluate(WINE_JS)
        load_a_test_wine(page)
        page.wait_for_function(f"before => JSON.stringify(({WINE_JS})()) !== JSON.stringify(before)", arg=before)
        if on_the_steps(page, "Alcohol"):
            return
    pytest.fail(f"no test wine on the alcohol slider's steps in {tries} tries")


@pytest.mark.parametrize("loaded", ["average", "test-wine-costs"])
def test_a_drag_back_to_where_it_began_ends_on_the_verdict_it_began_with(dashboard, loaded):
    """The value committed is the one before the drag: the callback's answer changes none of React's props, so
    the painted texts must already be the page's own."""
    page = dashboard.page
    if loaded != "average":
        load_a_test_wine_a_drag_returns_to(page)
        use_costs(page)
    settle(page)
    start, wine = page.evaluate(READ_JS), page.evaluate(WINE_JS)
    page.evaluate(WATCH_JS)
    x, y = grab_alcohol(page)
    move_along(page, x, y, range(6, 181, 6))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)
    away = page.evaluate(READ_JS)
    assert away["verdict"] != start["verdict"]
    if loaded != "average":  # the tasters' line went with the wine it described, here and under the bars
        assert "Tasters" in start["verdict"] and "Tasters" in start["echo"]
        assert "Tasters" not in away["verdict"] and "Tasters" not in away["echo"]
        # the decision line is the dragged wine's (a random wine may keep its words: the model is flat in places)
        assert start["decision"] == text_of(drag_answer(page, wine)["view"]["decision"][0])
        assert away["decision"] == text_of(drag_answer(page, page.evaluate(WINE_JS))["view"]["decision"][0])
    # back to the point the slider maps to the value it began at (a test wine's value may lie between the
    # thumb's centre and the next pixel): Radix maps the pointer linearly over the track, then snaps to the step
    track = page.locator(f"[data-label-id='{ids.label('alcohol')}'] .dash-slider-root").bounding_box()
    low, high = (float(page.get_by_role("slider", name="Alcohol").get_attribute(a))
                 for a in ("aria-valuemin", "aria-valuemax"))
    began = track["x"] + (wine["alcohol"] - low) / (high - low) * track["width"]
    move_along(page, x, y, [*range(174, 0, -6), began - x])
    page.mouse.up()
    settle(page)
    assert page.evaluate(WINE_JS) == wine
    assert page.evaluate(READ_JS) == start
    react_draws_the_page_as_it_is(page, drag_answer(page, wine)["view"])
    assert dashboard.errors == []


def test_the_callbacks_answer_never_shows_the_verdict_from_before_the_drag(dashboard):
    """As the mouse-up's answer comes, the painted texts are put in step by painting the answer, not by going back
    to what React had (the wine before the drag) and letting React write it: that would show the old verdict."""
    page = dashboard.page
    settle(page)
    start = page.evaluate(f"document.getElementById('{ids.VERDICT}').textContent")
    page.evaluate(WATCH_JS)
    x, y = grab_alcohol(page)
    move_along(page, x, y, range(8, 201, 8))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)
    seen = page.evaluate("window.__verdicts.length")
    assert seen > 0 and page.evaluate("window.__verdicts.at(-1)") != start
    page.mouse.up()
    settle(page)
    after = page.evaluate("window.__verdicts").__getitem__(slice(seen, None))
    assert start not in after
    expect_read(page, page.evaluate(WINE_JS))


def touch_drag(page, start: tuple[float, float], dxs: list[float], on_pause=None) -> None:
    """A finger on `start`, moved by each of `dxs` (px) through Chrome's own touch events, resting after the last."""
    cdp = page.context.new_cdp_session(page)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for dx in dxs:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx, "y": y}]})
        page.wait_for_timeout(16)
    if on_pause:
        on_pause()
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_on_a_phone_the_pinned_verdict_follows_a_finger_on_a_thumb(open_page, screenshots):
    page = open_page(PHONE).page
    thumb = page.get_by_role("slider", name="Alcohol")
    thumb.scroll_into_view_if_needed()
    settle(page)
    assert page.evaluate("document.body.classList.contains('verdict-offscreen')")  # the pinned verdict shows
    page.evaluate(WATCH_JS)
    box = thumb.bounding_box()
    seen = {}

    def mid_drag():
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(150)
        expect_read(page, page.evaluate(WINE_JS))
        seen["summary"], seen["rounds"] = page.evaluate(READ_JS)["summary"], page.evaluate("window.__rounds")
        page.screenshot(path=screenshots / "verdict-paint-390-touch-mid-drag.png")
        seen["problems"] = inv.answer_in_view(page, "mid-drag", ".summary-bar") + inv.cut_text(page, "mid-drag")

    before = page.evaluate(READ_JS)["summary"]
    touch_drag(page, (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
               [-6 * i for i in range(1, 30)], on_pause=mid_drag)
    assert seen["rounds"] == 0 and seen["summary"] != before  # read mid-drag, before the finger lifted
    assert seen["problems"] == []
    settle(page)
    expect_read(page, page.evaluate(WINE_JS))


@pytest.mark.parametrize("answer", ["what-react-shows", "the-painted-wine", "a-line-more"])
def test_a_callback_answer_puts_painted_texts_in_step(dashboard, answer):
    """Texts painted for another wine, then the render callback answers (here, the PREDICTION store given anew):
    for the wine React shows, the page goes back to React's own texts; for the painted wine, it shows that
    wine, as React draws it; for an answer of another shape (a line more), the painted texts are undone and
    React writes what changed from its own."""
    page = dashboard.page
    settle(page)
    wine = page.evaluate(WINE_JS)
    shown = page.evaluate(READ_JS)
    other = wine | {"alcohol": 14.9 if wine["alcohol"] < 12 else 8.0}
    painted = drag_answer(page, other)["view"]
    for key, i, prop, value in targets(painted):
        assert page.evaluate(PAINT_JS, [key, i, prop, value]) is True, key
    assert page.evaluate(READ_JS) != shown
    view = drag_answer(page, other if answer == "the-painted-wine" else wine)["view"]
    if answer == "a-line-more":
        view["verdict"] = view["verdict"] + [WARNING]
    page.evaluate(SET_PROPS_JS, [ids.PREDICTION, "data", view])
    page.wait_for_timeout(300)
    expect_read(page, other if answer == "the-painted-wine" else wine)
    react_draws_the_page_as_it_is(page, view)
    assert page.evaluate("k => window.dash_clientside.verdict_paint.painted(k)", "verdict") is False


PUT_JS = "view => window.dash_clientside.live.put(view)"


def test_a_line_that_comes_is_given_to_dash_over_texts_put_back_first(dashboard):
    """A drag's answer whose verdict has a line more than the page's is given to Dash, after the painted texts
    are undone: React then writes only what changed from its own, onto its own texts. The next answer, the
    page's wine again, takes the line away: React's record of the verdict is the line's."""
    page = dashboard.page
    press(page, "Alcohol", "End")
    settle(page)
    wine = page.evaluate(WINE_JS)
    other = drag_answer(page, wine | {"alcohol": 8.0})["view"]
    mine = drag_answer(page, wine)["view"]
    page.evaluate(PUT_JS, other)
    assert page.evaluate("k => window.dash_clientside.verdict_paint.painted(k)", "verdict") is True
    lined = mine | {"verdict": mine["verdict"] + [WARNING]}
    page.evaluate(PUT_JS, lined)
    page.wait_for_function("() => document.querySelector('.verdict-echo').textContent.includes('Outside')")
    expect_read(page, wine)
    react_draws_the_page_as_it_is(page, lined)
    page.evaluate(SET_PROPS_JS, [ids.PREDICTION, "data", mine])  # the callback's answer for the wine
    page.wait_for_function("() => !document.querySelector('.verdict-echo').textContent.includes('Outside')")
    expect_read(page, wine)
    react_draws_the_page_as_it_is(page, mine)
    assert dashboard.errors == []


def test_the_colour_flip_note_goes_at_a_drags_first_step(dashboard):
    page = dashboard.page
    press(page, "Alcohol", "End")
    page.wait_for_function(f"document.getElementById('{ids.VERDICT}').innerText.includes('Edited')")
    page.locator(f"#{ids.COLOR}").get_by_text("Red", exact=True).click()
    note = f"document.getElementById('{ids.COLOR_NOTE}').innerText"
    page.wait_for_function(f"{note}.startsWith('Same measurements as a red wine')")
    settle(page)
    page.evaluate(WATCH_JS)
    x, y = grab_alcohol(page)
    move_along(page, x, y, range(-6, -61, -6))
    page.wait_for_function(f"{note} === ''", timeout=3000)  # mid-drag: the note described the wine before
    assert page.evaluate("window.__rounds") == 0
    page.mouse.up()
    settle(page)
    assert page.evaluate(note) == ""


# answers read later by the page: the drag route's by 150 ms, Dash's callbacks' by 2 s
SLOW_JS = """() => { const fetch = window.fetch, later = (ms, answer) => answer.then(
    r => new Promise(done => setTimeout(() => done(r), ms)));
  window.fetch = function (url) {
    const answer = fetch.apply(this, arguments);
    if (String(url).includes('_live/drag')) return later(150, answer);
    return String(url).includes('_dash-update-component') ? later(2000, answer) : answer;
  }; }"""


def test_the_thumbs_last_wine_is_painted_with_its_bars_before_the_callback_answers(dashboard):
    """Answers slowed down (the live route by 150 ms, the callback by 2 s): the answer for the thumb's last wine
    comes after the mouse-up, and the verdict follows it with the bars, not the callback a round later."""
    page = dashboard.page
    settle(page)
    page.evaluate(WATCH_JS)
    page.evaluate(SLOW_JS)
    x, y = grab_alcohol(page)
    move_along(page, x, y, range(10, 201, 10), ms=5)
    page.mouse.up()
    page.wait_for_timeout(800)  # the live answers are in; the callback's is not
    wine = page.evaluate(WINE_JS)
    expect_read(page, wine)
    assert page.evaluate("window.__rounds") >= 1  # the mouse-up's callback request, still unanswered
    settle(page)
    expect_read(page, wine)
