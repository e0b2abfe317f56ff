"""components/later.py: the three main cards, the sliders (in two runs), the Why panel and the cost editor inside
them, and each card under them are Later parts (each mounted in a task of its own by assets/later.js); the stores and the header are in the
first render, and the first screen's parts are those the skeleton waits for."""
from __future__ import annotations

import re
from pathlib import Path

from dash import dcc

from components import ids
from components.later import FIRST_SCREEN, NAMESPACE, PART, Later
from model.schema import MEASUREMENT_NAMES

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


def test_the_main_cards_their_blocks_and_each_card_under_them_are_later_and_nothing_else_is(app):
    shell = layout_of(app)
    later = [(node, inside) for node, inside in walk(shell) if isinstance(node, Later)]
    # in the page's order: controls (with its sliders in it, in two runs), prediction (with the Why panel),
    # confusion (with the cost editor), then the five cards under them
    assert [(part.className, inside) for part, inside in later] == [
        (FIRST_SCREEN, None), (FIRST_SCREEN, FIRST_SCREEN), (FIRST_SCREEN, FIRST_SCREEN), (FIRST_SCREEN, None),
        (FIRST_SCREEN, FIRST_SCREEN), (FIRST_SCREEN, None), (FIRST_SCREEN, FIRST_SCREEN)] + [(PART, None)] * 5
    runs = [later[i][0] for i in (1, 2)]
    # the sliders' two runs: the first half, then the rest, in the page's order
    assert [[node.id["name"] for node, _ in walk(run.children) if isinstance(node, dcc.Slider)] for run in runs] \
        == [list(MEASUREMENT_NAMES[:6]), list(MEASUREMENT_NAMES[6:])]
    assert [run.children[0].tree["p"]["className"] for run in runs] == ["sliders-run"] * 2
    assert all(len(part.children) == 1 for part, _ in later)  # one card or block each, the part's only child
    main = [later[i][0].children[0] for i in (0, 3, 5)]
    # served as Shells (components/static.py): each one tree, a section of the card's class
    assert [(card.tree["t"], card.tree["p"]["className"]) for card in main] == [
        ("section", "card controls"), ("section", "card prediction"), ("section", "card confusion")]
    blocks = [later[i][0].children[0] for i in (4, 6)]
    assert [block.tree["p"]["className"] if hasattr(block, "tree") else block.className for block in blocks] == [
        "why", "decide"]
    under = [later[i][0].children[0] for i in range(7, 12)]  # a Shell, or a Section where the card has an id
    classes = [card.tree["p"]["className"] if hasattr(card, "tree") else card.className for card in under]
    assert [c.split()[:2] for c in classes] == [
        ["card", "decisions"], ["card", "compare"], ["card", "sensitivity"], ["card", "model-card"], ["card", "batch"]]


def test_the_first_render_has_the_stores_the_main_cards_come_first_then_the_panels_under_them(app):
    found = {}
    for node, inside in walk(layout_of(app)):
        key = node.id if isinstance(getattr(node, "id", None), str) else type(node).__name__
        found.setdefault(key, set()).add(inside)
    for first in (ids.WINE_REQUEST, ids.POLICY, ids.URL, ids.PRESENT, ids.SUMMARY):
        assert found[first] == {None}, first
    for card in (ids.PROBA_GRAPH, ids.VERDICT, ids.CONFUSION_GRAPH, "Slider"):
        assert found[card] == {FIRST_SCREEN}, card
    for block in (ids.WHY_GRAPH, ids.DECIDE_TITLE):
        assert found[block] == {FIRST_SCREEN}, block
    for panel in (ids.DECIDE_CURVE, ids.COMPARE, ids.MODEL_CARD, ids.UPLOAD):
        assert found[panel] == {PART}, panel
    stores = [node for node, inside in walk(layout_of(app)) if isinstance(node, (dcc.Store, dcc.Location))]
    assert len(stores) > 10 and {inside for _, inside in walk(stores)} == {None}


def test_the_script_defines_the_namespace_and_the_style_keeps_room_for_a_pending_part():
    script = (ROOT / "assets" / "later.js").read_text()
    assert f"window.{NAMESPACE} = {{ Later: Later }}" in script
    css = (ROOT / "assets" / "theme.css").read_text()
    assert re.search(r"\.later-pending \{ min-height: 100vh; \}", css)
