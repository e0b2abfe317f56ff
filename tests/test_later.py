"""components/later.py: the panels under the main cards are Later parts (mounted a task after the rest by
assets/later.js), and nothing the first render needs is in them."""
from __future__ import annotations

import re
from pathlib import Path

from dash import dcc

from components import ids
from components.later import NAMESPACE, Later

ROOT = Path(__file__).resolve().parents[1]


def walk(node, inside: bool = False):
    """(component, inside a Later) for every component under `node`."""
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child, inside)
    elif hasattr(node, "to_plotly_json"):
        yield node, inside
        yield from walk(getattr(node, "children", None), inside or isinstance(node, Later))


def layout_of(app):
    return app.layout() if callable(app.layout) else app.layout


def test_a_later_part_is_a_div_of_its_namespace_with_its_children():
    part = Later([dcc.Store(id="x")], className="wide")
    assert part.to_plotly_json()["namespace"] == NAMESPACE == "wine_later"
    assert part.to_plotly_json()["type"] == "Later"
    assert part.className == "wide" and part.children[0].id == "x"
    assert "id" not in part.to_plotly_json()["props"]  # an id only when given
    assert Later(id="y").id == "y"


def test_the_wide_and_lower_parts_are_later_and_nothing_else_is(app):
    shell = layout_of(app)
    later = [child for child in shell.children if isinstance(child, Later)]
    assert [part.className for part in later] == ["wide", "lower"]
    assert [node for node, _ in walk(shell) if isinstance(node, Later)] == later  # none nested, none elsewhere


def test_the_first_render_has_the_main_cards_the_stores_and_the_sliders(app):
    found = {}
    for node, inside in walk(layout_of(app)):
        key = node.id if isinstance(getattr(node, "id", None), str) else type(node).__name__
        found.setdefault(key, set()).add(inside)
    for first in (ids.PROBA_GRAPH, ids.VERDICT, ids.CONFUSION_GRAPH, ids.WINE_REQUEST, ids.POLICY, ids.URL, "Slider"):
        assert found[first] == {False}, first
    for later in (ids.COMPARE, ids.MODEL_CARD, ids.UPLOAD):
        assert found[later] == {True}, later
    stores = [node for node, inside in walk(layout_of(app)) if isinstance(node, (dcc.Store, dcc.Location))]
    assert len(stores) > 10


def test_the_script_defines_the_namespace_and_the_style_keeps_room_for_a_pending_part():
    script = (ROOT / "assets" / "later.js").read_text()
    assert f"window.{NAMESPACE} = {{ Later: Later }}" in script
    css = (ROOT / "assets" / "theme.css").read_text()
    assert re.search(r"\.later-pending \{ min-height: 100vh; \}", css)
