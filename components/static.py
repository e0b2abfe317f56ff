"""The page's plain html as few Dash components.

Dash's renderer wraps every component of the layout, and every change of any store re-runs a selector for each of
them: on this page, some 60 store updates per committed value, over ~530 components, and the page's mount and the
first callbacks of a link pay the same per component. Most of those components are plain html elements that nothing
but the browser needs: text that never changes, and the divs, sections and rows that hold the page's controls.

- `shell` (the page's layout, dashboard.py): each maximal region of plain html elements with no id becomes ONE
  `Shell`, which draws the same elements in the browser as React elements around the Dash components inside the
  region, its children; those children's own regions are Shells in turn. The renderer walks ~215 components
  instead of ~530.
- `freeze` (what callbacks write: A vs B, the Why text, the guard): each maximal subtree of plain html elements with
  no id, and with nothing else inside, becomes one `StaticHtml`, drawn from an HTML string written here.

Either way, anything a callback, a test or a script finds by id, and any component that is not a plain html
element, stays a Dash component. The HTML is built only from the layout's own text (the manifest and the code),
escaped as React escapes it; the browser side of both is `assets/static_html.js`. tests/browser/test_static_html.py
checks that the browser draws the same elements, attributes and text all three ways."""
from __future__ import annotations

import html as escape
import re
from collections.abc import Iterator

from dash import html
from dash.development.base_component import Component

HTML_NAMESPACE = "dash_html_components"
VOID = {"br", "hr", "img", "wbr", "col"}
# Dash (React) prop name -> HTML attribute, for the props the page's static parts use; any other prop keeps the
# subtree a Dash component (see frozen_html)
ATTRIBUTES = {"className": "class", "title": "title", "scope": "scope", "role": "role", "href": "href",
              "target": "target", "rel": "rel", "lang": "lang", "colSpan": "colspan", "rowSpan": "rowspan",
              "htmlFor": "for", "tabIndex": "tabindex", "hidden": "hidden", "dir": "dir", "alt": "alt", "src": "src"}
UNITLESS = {"fontWeight", "lineHeight", "opacity", "zIndex", "flex", "flexGrow", "flexShrink", "order"}
MIN_NODES = 2  # a lone element gains nothing


class StaticHtml(Component):
    """An element (`tag`, with `id`, `className`, `style` and `attributes`) whose contents are the HTML string
    `html`, drawn once by the browser (assets/static_html.js). `source` keeps the tree it was made from, on the
    server only, for tests."""

    _namespace = "wine_static"
    _type = "Html"
    _base_nodes: list = []
    _valid_wildcard_attributes: list = []

    def __init__(self, tag: str = "div", html: str = "", id=Component.UNDEFINED,  # noqa: A002 - Dash's prop name
                 className=Component.UNDEFINED, style=Component.UNDEFINED, attributes=Component.UNDEFINED):
        self._prop_names = ["tag", "html", "id", "className", "style", "attributes"]
        given = {"id": id, "className": className, "style": style, "attributes": attributes}
        super().__init__(tag=tag, html=html, **{k: v for k, v in given.items() if v is not Component.UNDEFINED})


def _kebab(name: str) -> str:
    return name if name.startswith("--") else re.sub(r"[A-Z]", lambda m: "-" + m[0].lower(), name)


def css_text(style: dict) -> str:
    """A React style object as the style attribute React writes: kebab-case names, px on unit-bearing numbers."""
    parts = []
    for name, value in style.items():
        if value is None or value == "":
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name not in UNITLESS and value != 0:
            value = f"{value}px"
        parts.append(f"{_kebab(name)}: {value}")
    return "; ".join(parts) + (";" if parts else "")


def _props(component: Component) -> dict:
    return {k: v for k, v in component.to_plotly_json()["props"].items() if k != "children"}


def _children(component: Component) -> list:
    kids = getattr(component, "children", None)
    if kids is None:
        return []
    return list(kids) if isinstance(kids, (list, tuple)) else [kids]


def is_plain(node) -> bool:
    """A plain html element with no id and only known props: nothing but the browser needs it."""
    if not isinstance(node, Component) or node._namespace != HTML_NAMESPACE:
        return False
    # an id (a callback, a test or a script may want it), n_clicks, ...: not in ATTRIBUTES
    return all(k in ATTRIBUTES or k == "style" or k.startswith(("aria-", "data-")) for k in _props(node))


def is_static(node) -> bool:
    """Text, or a plain html element (is_plain) with static children."""
    if node is None or isinstance(node, (str, int, float)):
        return True
    if not is_plain(node):
        return False
    kids = _children(node)
    if node._type == "Table" and any(isinstance(c, html.Tr) for c in kids):
        return False  # the HTML parser would put a <tbody> around the rows, which React does not
    return all(is_static(c) for c in kids)


def _attributes(props: dict) -> Iterator[tuple[str, str]]:
    for name, value in props.items():
        if value is None or value is False:
            continue
        if name == "style":
            yield "style", css_text(value)
        else:
            yield ATTRIBUTES.get(name, name), "" if value is True else str(value)


def _quoted(value: str) -> str:
    return escape.escape(value, quote=True)  # pragma: no mutate  (quote=True is escape()'s default)


def to_html(node) -> str:
    """A static node (see is_static) as HTML: text escaped, attributes quoted, as React draws it."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, (str, int, float)):
        return escape.escape(str(node), quote=False)  # pragma: no mutate  (quote=None is the same: falsy)
    tag = node._type.lower()
    attrs = "".join(f' {name}="{_quoted(value)}"' for name, value in _attributes(_props(node)))
    if tag in VOID:
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{''.join(to_html(c) for c in _children(node))}</{tag}>"


def size(node) -> int:
    """How many Dash components the renderer walks in `node` (through children: no component on the page holds
    another in a prop of its own)."""
    if isinstance(node, (list, tuple)):
        return sum(size(c) for c in node)
    if not isinstance(node, Component):
        return 0
    return 1 + sum(size(c) for c in _children(node))


def frozen(node: Component) -> StaticHtml:
    """One static element as a StaticHtml drawing the same element and contents."""
    props = _props(node)
    root = {k: props.pop(k) for k in ("className", "style") if k in props}
    out = StaticHtml(tag=node._type.lower(), html="".join(to_html(c) for c in _children(node)),
                     attributes=props or Component.UNDEFINED, **root)
    out.source = node
    return out


def freeze(node):
    """`node` with every maximal static subtree of at least MIN_NODES components as one StaticHtml; ids, callbacks'
    targets and other components are kept as they are."""
    if isinstance(node, (list, tuple)):
        return [freeze(c) for c in node]
    if not isinstance(node, Component):
        return node
    if is_static(node) and size(node) >= MIN_NODES:
        return frozen(node)
    kids = getattr(node, "children", None)
    if isinstance(kids, (list, tuple, Component)):
        node.children = freeze(kids)
    return node


class Shell(Component):
    """Plain html elements drawn by the browser as React elements (assets/static_html.js), around the Dash
    components inside them, which are its children. `tree` is the elements: text or a number, an element
    {"t": tag, "p": its React props, "c": [nodes]}, or {"s": i}, the place of children[i]."""

    _namespace = "wine_static"
    _type = "Shell"
    _base_nodes = ["children"]
    _valid_wildcard_attributes: list = []

    def __init__(self, children=None, tree=None):
        self._prop_names = ["children", "tree"]
        super().__init__(children=children, tree=tree)


def _tree(node, slots: list):
    if node is None or isinstance(node, (str, int, float)):
        return node
    if is_plain(node):
        return {"t": node._type.lower(), "p": _props(node), "c": [_tree(c, slots) for c in _children(node)]}
    slots.append(shell(node))
    return {"s": len(slots) - 1}


def shell(node):
    """`node` with every maximal region of plain html elements (is_plain) as one Shell, whose children are the Dash
    components inside the region, each with its own regions as Shells in turn."""
    if isinstance(node, (list, tuple)):
        return [shell(c) for c in node]
    if not isinstance(node, Component):
        return node
    if is_plain(node):
        slots: list = []
        tree = _tree(node, slots)
        return Shell(children=slots, tree=tree)
    kids = getattr(node, "children", None)
    if isinstance(kids, (list, tuple, Component)):
        node.children = shell(kids)
    return node
