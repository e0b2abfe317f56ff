"""A slider's drag_value is kept out of Dash's store (assets/drag_value.js): a drag leaves the store as it was
until its mouse-up commits the value, and every other action still reaches the store."""
from __future__ import annotations

import pytest

from components import ids

pytestmark = pytest.mark.browser

ALCOHOL = ids.slider("alcohol")
# the Alcohol slider's props in Dash's store, and the store's layout kept to compare with later
STORE_JS = """([id, keep]) => {
  const state = window.dash_stores[0].getState();
  const found = state.paths.objs[Object.keys(id).sort().join(',')]
    .find(o => JSON.stringify(o.values) === JSON.stringify(Object.keys(id).sort().map(k => id[k])));
  let node = state.layout;
  found.path.forEach(key => { node = node[key]; });
  if (keep) { window.__layout = state.layout; }
  return {value: node.props.value, drag_value: node.props.drag_value === undefined ? null : node.props.drag_value,
          same_layout: window.__layout === state.layout, path: found.path};
}"""
# an action dispatched to the store as a component's setProps would (a thunk), or plainly -> the slider's props
DISPATCH_JS = """([path, props, internal, how]) => {
  const store = window.dash_stores[0];
  const action = {type: 'ON_PROP_CHANGE', payload: {itempath: path, props: props}};
  if (internal) { action.payload.renderType = 'internal'; }
  if (how === 'plain') { store.dispatch(action); }
  if (how === 'thunk') { store.dispatch(dispatch => dispatch(action)); }
  if (how === 'nested') { store.dispatch(dispatch => dispatch(inner => inner(action))); }
}"""


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def quiet(page, ms: int = 600) -> None:
    """Dash's store has not changed for `ms` (the panels the page opened with have all answered)."""
    page.wait_for_function("""ms => {
      const layout = window.dash_stores[0].getState().layout;
      if (window.__quiet === undefined || window.__quiet.layout !== layout) {
        window.__quiet = {layout: layout, since: performance.now()};
      }
      return performance.now() - window.__quiet.since >= ms;
    }""", arg=ms, polling=50, timeout=15_000)


def thumb_value(page) -> float:
    return float(page.get_by_role("slider", name="Alcohol").get_attribute("aria-valuenow"))


def test_a_drag_leaves_dashs_store_as_it_was_until_the_mouse_up_commits_the_value(dashboard):
    page = dashboard.page
    settle(page)
    quiet(page)  # on a busy machine the page's own first answers may still be landing
    before = page.evaluate(STORE_JS, [ALCOHOL, True])
    thumb = page.get_by_role("slider", name="Alcohol").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 31):
        page.mouse.move(x + 4 * i, y)
        page.wait_for_timeout(16)
    mid = page.evaluate(STORE_JS, [ALCOHOL, False])
    assert thumb_value(page) > before["value"]  # the thumb moved ...
    assert mid["same_layout"] and mid["value"] == before["value"]  # ... and Dash's store did not change
    assert mid["drag_value"] == before["drag_value"]
    page.mouse.up()
    settle(page)
    after = page.evaluate(STORE_JS, [ALCOHOL, False])
    assert after["value"] == thumb_value(page) and not after["same_layout"]  # the mouse-up committed it
    box = page.locator(f"[data-label-id='{ids.label('alcohol')}'] input.feature-box, "
                       f"[data-label-id='{ids.label('alcohol')}'] .feature-box input").first
    assert float(box.input_value()) == thumb_value(page)
    assert dashboard.errors == []


# (props, from the component itself, how it is dispatched, reaches the store): one page for all (the suite's time)
ACTIONS = {
    "own": ({"drag_value": 11.1}, True, "thunk", False),         # the slider's own drag_value: dropped
    "nested": ({"drag_value": 11.2}, True, "nested", False),     # ... from a thunk a thunk dispatched
    "plain": ({"drag_value": 11.3}, True, "plain", False),       # ... dispatched plainly
    "from-outside": ({"drag_value": 11.4}, False, "thunk", True),  # drag_value set from outside (set_props)
    "with-value": ({"drag_value": 11.5, "value": 11.5}, True, "thunk", True),  # with another prop (updatemode="drag")
    "value": ({"value": 11.6}, True, "thunk", True),              # any other prop
}


def test_only_the_sliders_own_drag_value_is_dropped(dashboard):
    page = dashboard.page
    settle(page)
    wrong = []
    for name, (props, internal, how, kept) in ACTIONS.items():
        before = page.evaluate(STORE_JS, [ALCOHOL, True])
        page.evaluate(DISPATCH_JS, [before["path"], props, internal, how])
        after = page.evaluate(STORE_JS, [ALCOHOL, False])
        now = {k: after[k] for k in props}
        if after["same_layout"] is kept or now != (props if kept else {k: before[k] for k in props}):
            wrong.append((name, now))
    assert wrong == []


def test_set_props_from_the_browser_still_reaches_the_store(dashboard):
    page = dashboard.page
    page.evaluate("id => window.dash_clientside.set_props(id, {drag_value: 12.3})", ALCOHOL)
    assert page.evaluate(STORE_JS, [ALCOHOL, False])["drag_value"] == 12.3
