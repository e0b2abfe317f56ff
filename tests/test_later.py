"""components/later.py: the three main cards and the panels under them are Later parts (each mounted in a task of its
own by assets/later.js); the stores and the header are in the first render, and the main cards are the first
screen's parts, which the skeleton waits for."""
from __future__ import annotations

import re
from pathlib import Path

from dash import dcc

from components import ids
from components.later import FIRST_SCREEN, NAMESPACE, Later

ROOT = Path(__file__).resolve().parents[1]


def walk(node, inside: str | None = None):
    """(component, the className of the Later it is in, or None) for every component under `node`."""
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child, inside)
    elif hasattr(node, "to_plotly_json"):
        yield node, inside
        yield from walk(getattr(node, "children", None), node.className if isinstance(node, Later) else inside)


def layout_of(app):
    return app.layout() if callable(app.layout) else app.layout


def test_a_later_part_is_a_div_of_its_namespace_with_its_children():
    part = Later([dcc.Store(id="x")], className="wide")
    assert part.to_plotly_json()["namespace"] == NAMESPACE == "wine_later"
    assert part.to_plotly_json()["type"] == "Later"
    assert part.className == "wide" and part.children[0].id == "x"
    assert "id" not in part.to_plotly_json()["props"]  # an id only when given
    assert Later(id="y").id == "y"


def test_each_main_card_and_the_wide_and_lower_parts_are_later_and_nothing_else_is(app):
    shell = layout_of(app)
    later = [node for node, _ in walk(shell) if isinstance(node, Later)]
    assert [part.className for part in later] == [FIRST_SCREEN] * 3 + ["wide", "lower"]
    assert [node for node, inside in walk(shell) if isinstance(node, Later) and inside is not None] == []  # none nested
    assert [child for child in shell.children if isinstance(child, Later)] == later[3:]
    cards = [part.children[0] for part in later[:3]]  # one card each, the part's only child
    assert [len(part.children) for part in later[:3]] == [1, 1, 1]
    # served as Shells (components/static.py): each one tree, a section of the card's class
    assert [(card.tree["t"], card.tree["p"]["className"]) for card in cards] == [
        ("section", "card controls"), ("section", "card prediction"), ("section", "card confusion")]


def test_the_first_render_has_the_stores_the_main_cards_come_first_then_the_panels_under_them(app):
    found = {}
    for node, inside in walk(layout_of(app)):
        key = node.id if isinstance(getattr(node, "id", None), str) else type(node).__name__
        found.setdefault(key, set()).add(inside)
    for first in (ids.WINE_REQUEST, ids.POLICY, ids.URL, ids.PRESENT, ids.SUMMARY):
        assert found[first] == {None}, first
    for card in (ids.PROBA_GRAPH, ids.VERDICT, ids.CONFUSION_GRAPH, "Slider"):
        assert found[card] == {FIRST_SCREEN}, card
    for panel, part in ((ids.COMPARE, "wide"), (ids.MODEL_CARD, "lower"), (ids.UPLOAD, "lower")):
        assert found[panel] == {part}, panel
    stores = [node for node, inside in walk(layout_of(app)) if isinstance(node, (dcc.Store, dcc.Location))]
    assert len(stores) > 10 and {inside for _, inside in walk(stores)} == {None}


def test_the_script_defines_the_namespace_and_the_style_keeps_room_for_a_pending_part():
    script = (ROOT / "assets" / "later.js").read_text()
    assert f"window.{NAMESPACE} = {{ Later: Later }}" in script
    css = (ROOT / "assets" / "theme.css").read_text()
    assert re.search(r"\.later-pending \{ min-height: 100vh; \}", css)
