"""components/static.py: the page's static parts as one component each, the same elements and text, every id kept."""
from __future__ import annotations

import html as escape
import re

import pytest
from dash import dcc, html
from dash.development.base_component import Component

from components.layout import build_layout
from components.model_card import model_card
from components.static import MIN_NODES, Shell, StaticHtml, css_text, freeze, is_plain, is_static, shell, size, to_html
from dash_text import text_of

PAGE_BEFORE = 527  # components on the page before its static parts were frozen


def _ids(tree) -> list:
    return sorted(str(c.id) for c in [tree, *tree._traverse()] if getattr(c, "id", None) is not None)


def _non_html(tree) -> list:
    return sorted(f"{c._namespace}.{c._type}:{getattr(c, 'id', '')}" for c in tree._traverse()
                  if isinstance(c, Component) and c._namespace not in ("dash_html_components", "wine_static"))


def _tree_words(tree, slots: list) -> str:
    if isinstance(tree, dict) and "s" in tree:
        return _words(slots[tree["s"]])
    if isinstance(tree, dict):
        return " ".join(_tree_words(c, slots) for c in tree["c"])
    return "" if tree is None else str(tree)


def _words(node) -> str:
    """The text a person reads in `node`: a StaticHtml's from its HTML string, a Shell's from its tree and its
    children, anything else from its children."""
    if isinstance(node, StaticHtml):
        return escape.unescape(re.sub(r"<[^>]+>", " ", node.html))
    if isinstance(node, Shell):
        return _tree_words(node.tree, node.children)
    if isinstance(node, (list, tuple)):
        return " ".join(_words(c) for c in node)
    if isinstance(node, Component):
        return _words(getattr(node, "children", None))
    return "" if node is None else str(node)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pair(loaded_model, make) -> tuple:
    """The page as built, and `make` of another build of it (freeze and shell rewrite the tree they are given)."""
    return build_layout(loaded_model), make(build_layout(loaded_model))


def _keeps_every_id_and_every_other_component(built, after) -> None:
    assert _ids(after) == _ids(built)
    assert _non_html(after) == _non_html(built)


@pytest.fixture(scope="module")
def page(loaded_model):
    return _pair(loaded_model, freeze)


def test_the_frozen_page_keeps_every_id_and_every_other_component(page):
    built, frozen_page = page
    _keeps_every_id_and_every_other_component(built, frozen_page)
    assert all(c.source is not None for c in frozen_page._traverse() if isinstance(c, StaticHtml))


def test_the_renderer_walks_at_least_a_quarter_fewer_components(page):
    built, frozen_page = page
    assert size(built) == PAGE_BEFORE or size(built) > 400  # the page as built; the budget below is what counts
    assert size(frozen_page) <= 0.75 * size(built), (size(frozen_page), size(built))


@pytest.fixture(scope="module")
def shelled(loaded_model):
    return _pair(loaded_model, shell)


def test_the_shelled_page_keeps_every_id_every_other_component_and_its_words_in_order(shelled):
    built, shelled_page = shelled
    _keeps_every_id_and_every_other_component(built, shelled_page)
    assert _spaced(_words(shelled_page)) == _spaced(text_of(built, " "))


def test_the_dashboards_own_layout_is_the_shelled_one_with_no_plain_element_left(app):
    """dashboard.py serves the page through `shell`: no plain html component is left for the renderer to wrap, and
    it walks under 45% of the components of the page as built."""
    assert any(isinstance(c, Shell) for c in app.layout._traverse())
    assert not any(is_plain(c) for c in [app.layout, *app.layout._traverse()])
    assert size(app.layout) <= 0.45 * PAGE_BEFORE, size(app.layout)


def test_a_region_of_plain_elements_is_one_shell_holding_its_components_in_order():
    span, box = html.Span("a", id="x"), dcc.Input(id="i")
    out = shell(html.Div([html.H3("t", className="h"), span, html.P(["b ", box, 2.5, None])], className="c",
                         style={"gap": 2}, **{"aria-label": "l", "data-k": "v"}))
    assert isinstance(out, Shell)
    assert out.children == [span, box]
    assert out.tree == {"t": "div", "p": {"className": "c", "style": {"gap": 2}, "aria-label": "l", "data-k": "v"},
                        "c": [{"t": "h3", "p": {"className": "h"}, "c": ["t"]}, {"s": 0},
                              {"t": "p", "p": {}, "c": ["b ", {"s": 1}, 2.5, None]}]}


def test_a_components_own_plain_children_are_a_shell_of_their_own():
    out = shell(html.Div(html.Section([html.Div(html.B("x")), "y"], id="s"), className="c"))
    assert out.tree == {"t": "div", "p": {"className": "c"}, "c": [{"s": 0}]}
    section = out.children[0]
    assert section.id == "s" and isinstance(section.children, list)
    inner = section.children[0]
    assert isinstance(inner, Shell) and inner.children == []
    assert inner.tree == {"t": "div", "p": {}, "c": [{"t": "b", "p": {}, "c": ["x"]}]}
    assert section.children[1] == "y"


@pytest.mark.parametrize("node, plain", [
    (html.Div("a", className="c", title="t", style={"color": "red"}, **{"aria-label": "l", "data-k": "v"}), True),
    (html.Div("a", id="x"), False),                   # an id: a callback, a test or a script may want it
    (html.Button("go", n_clicks=0), False),           # a prop the page reacts to
    (html.Div("a", draggable="true"), False),         # a prop not in ATTRIBUTES
    (dcc.Graph(), False),                             # not a plain html element
    ("text", False),
])
def test_only_an_html_element_with_no_id_and_known_props_is_plain(node, plain):
    assert is_plain(node) is plain


def test_a_component_that_is_not_plain_keeps_its_props_and_its_children_are_shelled():
    button = shell(html.Button([html.B("go"), " now"], n_clicks=0, className="btn"))
    assert isinstance(button, html.Button) and button.n_clicks == 0 and button.className == "btn"
    assert isinstance(button.children[0], Shell) and button.children[1] == " now"


def test_the_model_card_keeps_its_words_in_the_same_order(loaded_model):
    frozen_card = freeze(model_card(loaded_model.manifest))
    assert sum(isinstance(c, StaticHtml) for c in frozen_card._traverse()) >= 2
    assert _spaced(_words(frozen_card)) == _spaced(text_of(model_card(loaded_model.manifest), " "))


def test_text_and_attributes_are_escaped_as_react_escapes_them():
    tree = html.Div([html.Span('<script>alert("x")</script> & more', title='say "hi" <b>')], className="a&b")
    out = to_html(tree)
    assert out == ('<div class="a&amp;b"><span title="say &quot;hi&quot; &lt;b&gt;">&lt;script&gt;alert("x")'
                   '&lt;/script&gt; &amp; more</span></div>')
    assert "<script>" not in out


def test_void_elements_numbers_and_empty_children():
    assert to_html(html.P(["a", html.Br(), 3, None, 2.5])) == "<p>a<br>32.5</p>"
    assert to_html(html.Td(colSpan=2, **{"aria-hidden": "true"})) == '<td colspan="2" aria-hidden="true"></td>'


@pytest.mark.parametrize("style, expected", [
    ({"fontSize": 12, "fontWeight": 600}, "font-size: 12px; font-weight: 600;"),
    ({"marginLeft": 0, "opacity": 0.5, "lineHeight": 1.2}, "margin-left: 0; opacity: 0.5; line-height: 1.2;"),
    ({"color": "var(--muted)", "--gapSize": "4px", "whiteSpace": None}, "color: var(--muted); --gapSize: 4px;"),
    ({"color": "", "borderTopWidth": None, "margin": "1px"}, "margin: 1px;"),  # empty values are left out, not the rest
    ({}, ""),
])
def test_styles_are_written_as_react_writes_them(style, expected):
    assert css_text(style) == expected


@pytest.mark.parametrize("node, static", [
    (html.Div([html.Span("a"), "b"]), True),
    (html.Div([html.Span("a", id="x")]), False),                   # an id: a callback or a script may want it
    (html.Div([html.Span("a", id={"type": "t", "name": "n"})]), False),
    (html.Div([dcc.Graph()]), False),                               # not a plain html element
    (html.Button("go", n_clicks=0), False),                         # a prop the page reacts to
    (html.Table(html.Tr(html.Td("a"))), False),                     # the parser would add a <tbody>
    (html.Table(html.Tbody(html.Tr(html.Td("a")))), True),
    (html.Div(html.Span("a"), style={"color": "red"}, title="t", **{"data-k": "v", "aria-label": "l"}), True),
])
def test_only_plain_html_with_no_id_and_known_props_is_static(node, static):
    assert is_static(node) is static


def test_a_lone_element_stays_as_it_is_and_two_are_frozen():
    lone = html.Div(html.P("one"), id="keep")
    assert size(html.P("one")) == MIN_NODES - 1
    assert not isinstance(freeze(lone).children, StaticHtml)
    pair = freeze(html.Div(html.P(html.B("two")), id="keep"))
    assert isinstance(pair.children, StaticHtml) and pair.children.tag == "p" and pair.children.html == "<b>two</b>"


def test_the_root_keeps_its_class_style_and_attributes_as_react_props():
    out = freeze(html.Div(html.Section([html.H3("t"), "x"], className="c", style={"gap": 2}, title="tt",
                                       **{"aria-label": "a"}), id="root")).children
    assert (out.tag, out.className, out.style, out.attributes) == ("section", "c", {"gap": 2},
                                                                  {"title": "tt", "aria-label": "a"})
    assert out.html == "<h3>t</h3>x"


def test_attributes_react_leaves_out_or_writes_bare():
    node = html.Div([html.Span("a", hidden=True, title=None, style={"fontSize": 12}),
                     html.Span("b", hidden=False, title="t")])  # hidden comes before title
    assert to_html(node) == '<div><span hidden="" style="font-size: 12px;">a</span><span title="t">b</span></div>'


def test_a_static_html_component_carries_exactly_its_props():
    full = StaticHtml(tag="p", html="<b>x</b>", id="i", className="c", style={"gap": 1}, attributes={"title": "t"})
    assert full.to_plotly_json() == {"type": "Html", "namespace": "wine_static", "props": {
        "tag": "p", "html": "<b>x</b>", "id": "i", "className": "c", "style": {"gap": 1}, "attributes": {"title": "t"}}}
    assert StaticHtml().to_plotly_json()["props"] == {"tag": "div", "html": ""}
    with pytest.raises(TypeError):
        StaticHtml(children="not a prop")


def test_size_counts_every_component_in_lists_and_children():
    assert size([html.Div(html.P("a")), html.B("b"), "text", None]) == 3
    assert size(html.Div([html.P(html.B("x")), dcc.Graph()])) == 4

