"""The page's plotly.js (tools/plotly_bundle) in Chromium: it registers the recipe's trace types and no other, and
the page draws every chart with it, with no error."""
from __future__ import annotations

import pytest

from components import ids
from tests.browser.conftest import WIDE, open_dashboard
from tests.test_plotly_bundle import recipe_traces

pytestmark = pytest.mark.browser


def test_the_bundle_registers_the_recipes_traces_and_the_page_draws_with_it(warm, live_server):
    board = open_dashboard(warm, live_server, WIDE)
    page = board.page
    try:
        page.wait_for_selector(f"#{ids.MODEL_CARD}", state="attached")
        page.wait_for_load_state("networkidle")
        registered = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
        assert registered == sorted(recipe_traces())
        assert page.evaluate("Plotly.version") == page.evaluate(
            "document.querySelector('script[src*=\"/assets/vendor/plotly-\"]').src.match(/-(\\d+\\.\\d+\\.\\d+)\\.min\\.js/)[1]")
        # every chart on the page drawn, with its traces, from the first screen to the model card
        graphs = page.locator(".dash-graph")
        assert graphs.count() >= 15
        drawn = page.evaluate("""[...document.querySelectorAll('.dash-graph .js-plotly-plot')]
          .map(gd => gd._fullData ? gd._fullData.map(t => t.type) : null)""")
        assert len(drawn) == graphs.count() and None not in drawn
        assert {kind for types in drawn for kind in types} == set(recipe_traces())
        assert board.errors == []
    finally:
        board.close()
