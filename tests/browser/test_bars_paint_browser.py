"""assets/bars_paint.js: a live answer painted onto the probability bars is what Plotly draws for it, at every size the
page has; what cannot be painted is left to Plotly; and once the bars are quiet, Plotly's record of the chart
(gd.data, which hovering reads) and the painted bars agree again."""
from __future__ import annotations

import json
import random
import re

import pytest

from components import ids
from components.figures.bars import bar_style
from tests.browser.conftest import WIDE

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
GD = f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot')"

# what a person sees of the bars: each bar's outline, fill and label, and the tick labels
SEEN_JS = f"""() => {{
  const gd = {GD};
  const bars = [...gd.querySelectorAll('.barlayer .trace.bars .point')].map(p => {{
    const path = p.querySelector('path'), text = p.querySelector('text'), s = getComputedStyle(path);
    return {{d: path.getAttribute('d'), fill: s.fill, fillOpacity: s.fillOpacity, strokeWidth: s.strokeWidth,
             stroke: parseFloat(s.strokeWidth) > 0 ? s.stroke + ' ' + s.strokeOpacity : '',
             at: text.getAttribute('transform'), label: text.innerHTML, raw: text.getAttribute('data-unformatted')}};
  }});
  const ticks = [...gd.querySelectorAll('.xaxislayer-above .xtick text')].map(
    t => ({{label: t.innerHTML, raw: t.getAttribute('data-unformatted'), at: t.getAttribute('transform')}}));
  return {{bars, ticks}};
}}"""
PAINT_JS = f"style => window.dash_clientside.bars.paint({GD}, style)"
DRAW_JS = f"style => window.dash_clientside.bars.draw({GD}, style)"
PLOTLY_JS = f"""style => Plotly.update({GD}, {{y: [style.y], text: [style.text], 'marker.color': [style.colors],
  'marker.line.width': [style.line_widths]}}, {{'xaxis.ticktext': style.ticktext}})"""
DATA_Y_JS = f"() => {GD}.data[0].y"
NUMBER = re.compile(r"-?\d+\.\d+")


def rounded(seen: dict) -> str:
    """`seen` with every decimal number to 6 places: Plotly writes a label's position as float sums
    (121.24000000000001 for 128.24 - 7), which is the same place on screen."""
    return NUMBER.sub(lambda m: f"{float(m[0]):.6f}", json.dumps(seen))


def styles(n: int, seed: int) -> list[dict]:
    """Answers of every shape the model gives: any bucket ahead, near-ties, certainties, '<1%' labels."""
    rng = random.Random(seed)
    out = [bar_style([0.001, 0.998, 0.001]), bar_style([0.999, 0.0005, 0.0005]), bar_style([0.34, 0.33, 0.33]),
           bar_style([0.2, 0.3, 0.5]) | {"colors": ["#112233", "rgba(200,10,60,0.5)", "#ABCDEF"]}]  # any colours
    while len(out) < n:
        raw = [rng.random() ** rng.choice([1, 3, 6]) for _ in range(3)]
        out.append(bar_style([r / sum(raw) for r in raw]))
    return out


@pytest.mark.parametrize("viewport, query", [(WIDE, ""), (PROJECTOR, "?p=1"), (PHONE, "")],
                         ids=["1920x1080", "1280x720-presenting", "390-phone"])
def test_painted_bars_are_what_plotly_draws_for_the_same_answer(open_page, viewport, query):
    page = open_page(viewport, query).page
    page.wait_for_function(f"{GD}._fullLayout && !window.dash_clientside.charts.pending({GD})")
    page.wait_for_load_state("networkidle")
    for style in styles(30, seed=len(query) + viewport["width"]):
        assert page.evaluate(PAINT_JS, style) is True
        painted = page.evaluate(SEEN_JS)
        page.evaluate(PLOTLY_JS, style)
        drawn = page.evaluate(SEEN_JS)
        assert rounded(painted) == rounded(drawn), style
        assert page.evaluate(DATA_Y_JS) == style["y"]


def test_an_answer_paint_cannot_draw_is_left_to_plotly(dashboard):
    """Markup other than <b> in a label, a missing bar, a height that is not a number, a colour by name, a negative
    outline, one label for all: paint changes nothing and says so, and draw hands it to Plotly."""
    page = dashboard.page
    page.wait_for_load_state("networkidle")
    good = bar_style([0.2, 0.5, 0.3])
    odd = [good | {"text": ["<i>20%</i>", "<b>50%</b>", "30%"]}, good | {"y": good["y"][:2]},
           good | {"y": [20, None, 30]}, good | {"colors": ["red", "blue", "green"]},
           good | {"line_widths": [0, -1, 0]}, good | {"text": "20%"}]
    for style in odd:
        before = page.evaluate(SEEN_JS)
        assert page.evaluate(PAINT_JS, style) is False, style
        assert page.evaluate(SEEN_JS) == before
    page.evaluate(DRAW_JS, odd[0])
    page.wait_for_function(f"{GD}.data[0].text[0] === '<i>20%</i>'")  # Plotly drew it
    assert page.evaluate(f"() => {GD}.querySelector('.bartext i, .bartext tspan[style*=italic]') !== null")


def test_painted_bars_are_handed_to_plotly_once_quiet(dashboard):
    """Painted at once (Plotly's record still the answer before); SETTLE_MS later Plotly has drawn the painted
    answer, and what is on screen has not moved."""
    page = dashboard.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    before = page.evaluate(DATA_Y_JS)
    style = bar_style([0.15, 0.25, 0.6])
    y_then, settle_ms = page.evaluate(f"s => {{ window.dash_clientside.bars.draw({GD}, s); return [{GD}.data[0].y, "
                                      "window.dash_clientside.bars.settleMs]; }", style)
    painted = page.evaluate(SEEN_JS)
    assert y_then == before != style["y"]
    page.wait_for_function(f"y => JSON.stringify({GD}.data[0].y) === JSON.stringify(y)", arg=style["y"],
                           timeout=settle_ms + 2000)
    assert rounded(page.evaluate(SEEN_JS)) == rounded(painted)


def test_a_plotly_draw_after_the_paint_stands(dashboard):
    """A callback's answer drawn by Plotly after a paint is not undone by the paint's settling."""
    page = dashboard.page
    page.wait_for_load_state("networkidle")
    painted, dash = bar_style([0.15, 0.25, 0.6]), bar_style([0.5, 0.3, 0.2])
    page.evaluate(DRAW_JS, painted)
    page.evaluate(PLOTLY_JS, dash)
    shown = page.evaluate(SEEN_JS)
    page.wait_for_timeout(page.evaluate("window.dash_clientside.bars.settleMs") + 300)
    assert page.evaluate(DATA_Y_JS) == dash["y"]
    assert rounded(page.evaluate(SEEN_JS)) == rounded(shown)


def test_a_plotly_draw_with_nothing_new_still_ends_on_its_own_bars(dashboard):
    """Plotly.react with the figure Plotly already holds draws nothing, so the painted bars would stay on an
    answer that is not the chart's: once quiet, they are painted from Plotly's record again."""
    page = dashboard.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    held = page.evaluate(SEEN_JS)
    page.evaluate(DRAW_JS, bar_style([0.15, 0.25, 0.6]))
    assert page.evaluate(SEEN_JS) != held
    page.evaluate(f"() => Plotly.react({GD}, {GD}.data, {GD}.layout)")  # the same figure: nothing to draw
    page.wait_for_timeout(page.evaluate("window.dash_clientside.bars.settleMs") + 300)
    assert rounded(page.evaluate(SEEN_JS)) == rounded(held)


QUEUED_JS = f"""style => new Promise(done => {{
  const bars = {GD};
  const gd = document.createElement('div');
  gd.style.cssText = 'width: 500px; height: 400px';
  document.body.appendChild(gd);
  const figure = JSON.parse(JSON.stringify({{data: bars.data, layout: bars.layout}}));
  Plotly.react(gd, figure.data, figure.layout);   // its first draw, queued (assets/charts.js)
  const said = [window.dash_clientside.bars.paint(gd, style)];
  window.dash_clientside.charts.after(gd, () => {{
    said.push(window.dash_clientside.bars.paint(gd, style));  // drawn, with an older update still queued
  }});
  Plotly.update(gd, {{y: [[10, 20, 70]]}});
  window.dash_clientside.charts.after(gd, () => {{
    said.push(window.dash_clientside.bars.paint(gd, style));  // drawn, nothing queued
    gd.remove();
    done(said);
  }});
}})"""


def test_a_chart_with_draws_still_queued_is_not_painted(dashboard):
    """A paint while older Plotly calls on the chart wait in assets/charts.js's queue would be undone by them:
    not painted until the queue is through."""
    dashboard.page.wait_for_load_state("networkidle")
    assert dashboard.page.evaluate(QUEUED_JS, bar_style([0.3, 0.5, 0.2])) == [False, False, True]
    assert dashboard.errors == []


def test_painted_bars_settle_at_settle_ms_and_not_a_millisecond_before(dashboard_alone):
    """On the page's clock (faked): SETTLE_MS - 1 after the paint Plotly's record is still the answer before; at
    SETTLE_MS it is the painted answer."""
    page = dashboard_alone.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    settle_ms = page.evaluate("window.dash_clientside.bars.settleMs")
    assert settle_ms == 250
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # from here the page's time moves only when told
    style = bar_style([0.15, 0.25, 0.6])
    page.evaluate(DRAW_JS, style)
    page.clock.run_for(settle_ms - 1)
    assert page.evaluate(DATA_Y_JS) != style["y"]
    page.clock.run_for(1)
    assert page.evaluate(DATA_Y_JS) == style["y"]


HOVER_JS = f"() => [...{GD}.querySelectorAll('.hoverlayer .hovertext')].map(t => t.textContent)"


def hover_text(page, bar: int, y: list[float]) -> str:
    """What the bars' hover label (components/figures/bars.py) says of bar `bar` at heights `y`."""
    return f"{page.evaluate(f'() => {GD}.data[0].x')[bar]}: {y[bar]:.1f}%"


def bar_point(page, bar: int) -> tuple[float, float]:
    """A point on the bars' plot over bar `bar`, just above the x axis."""
    box = page.locator(f"#{ids.PROBA_GRAPH} .barlayer .point path").nth(bar).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] - 2


def test_a_hover_label_showing_is_redrawn_with_the_bars(dashboard_alone):
    """A label open over the bars while a live answer comes (the mouse resting on them, a key on a slider): the
    answer is drawn by Plotly, which writes the label again, so the label never reads the bars before."""
    page = dashboard_alone.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.mouse.move(*bar_point(page, 2))
    page.wait_for_function(f"() => ({HOVER_JS})().length === 1")
    before = page.evaluate(DATA_Y_JS)
    assert page.evaluate(HOVER_JS) == [hover_text(page, 2, before)]
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # from here the page's time moves only when told
    style = bar_style([0.15, 0.25, 0.6])
    page.evaluate(DRAW_JS, style)
    assert page.evaluate(DATA_Y_JS) == style["y"] != before  # drawn by Plotly at once, not painted
    page.clock.run_for(100)  # Plotly's hover throttle; still short of SETTLE_MS
    assert page.evaluate(HOVER_JS) == [hover_text(page, 2, style["y"])]


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "tap"])
def test_a_pointer_onto_painted_bars_settles_them_first(browser, live_server, touch):
    """On a paused page clock (no settling by time): the painted bars are put in step as the pointer comes onto
    them, a mouse's move or a finger's tap, so what Plotly's hover reads is the painted answer."""
    context = browser.new_context(viewport=PHONE if touch else WIDE, has_touch=touch)
    try:
        page = context.new_page()
        page.goto(live_server)
        page.wait_for_function(f"{GD} && {GD}._fullLayout && !window.dash_clientside.charts.pending({GD})")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        point = bar_point(page, 2)
        page.clock.install()
        page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # from here the page's time moves only when told
        style = bar_style([0.15, 0.25, 0.6])
        page.evaluate(DRAW_JS, style)
        before = page.evaluate(DATA_Y_JS)
        assert before != style["y"]  # painted, not settled
        page.clock.run_for(page.evaluate("window.dash_clientside.bars.settleMs") - 1)
        assert page.evaluate(DATA_Y_JS) == before  # still not settled by time
        if touch:
            page.touchscreen.tap(*point)
        else:
            page.mouse.move(*point)
        assert page.evaluate(DATA_Y_JS) == style["y"]
        if not touch:
            page.clock.run_for(100)
            assert page.evaluate(HOVER_JS) == [hover_text(page, 2, style["y"])]
    finally:
        context.close()


def test_a_pointer_elsewhere_leaves_the_paint_to_settle_in_time(dashboard_alone):
    """A pointer that does not come onto the bars changes nothing: the paint settles SETTLE_MS after, as before."""
    page = dashboard_alone.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.mouse.move(5, 5)
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    style = bar_style([0.15, 0.25, 0.6])
    page.evaluate(DRAW_JS, style)
    before = page.evaluate(DATA_Y_JS)
    x, y = bar_point(page, 2)
    page.mouse.move(x, 1060)  # below the bars' chart, on the page
    page.mouse.down()
    page.mouse.up()
    assert page.evaluate(DATA_Y_JS) == before != style["y"]
    page.clock.run_for(page.evaluate("window.dash_clientside.bars.settleMs"))
    assert page.evaluate(DATA_Y_JS) == style["y"]


def test_a_paint_after_a_pointer_settled_the_last_one_gets_its_whole_settle_ms(dashboard_alone):
    """The pointer settled a paint early; a paint after it still waits its own SETTLE_MS (the settled paint's
    timer does not cut it short)."""
    page = dashboard_alone.page
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.mouse.move(5, 5)
    settle_ms = page.evaluate("window.dash_clientside.bars.settleMs")
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    first, second = bar_style([0.15, 0.25, 0.6]), bar_style([0.6, 0.25, 0.15])
    page.evaluate(DRAW_JS, first)
    page.clock.run_for(100)
    page.mouse.move(*bar_point(page, 2))  # settles the first paint
    assert page.evaluate(DATA_Y_JS) == first["y"]
    page.mouse.move(5, 5)
    page.clock.run_for(100)  # the hover label goes
    assert page.evaluate(HOVER_JS) == []
    page.evaluate(DRAW_JS, second)  # painted, settle_ms - 200 before the first paint's timer was due
    assert page.evaluate(DATA_Y_JS) == first["y"]
    page.clock.run_for(settle_ms - 1)
    assert page.evaluate(DATA_Y_JS) == first["y"]
    page.clock.run_for(1)
    assert page.evaluate(DATA_Y_JS) == second["y"]
