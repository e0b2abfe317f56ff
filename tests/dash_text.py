"""Test helper: the visible text of a Dash component tree."""
from __future__ import annotations


def text_of(component, sep: str = "") -> str:
    """All the text in a component tree (or list of them), pieces joined by `sep`; also in its JSON, as Dash and
    the live routes send it ({"props": {"children": ...}, ...})."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return sep.join(text_of(c, sep) for c in component)
    if isinstance(component, dict):
        return text_of(component.get("props", {}).get("children"), sep)
    if getattr(component, "source", None) is not None:  # a StaticHtml (components/static.py): the tree it draws
        return text_of(component.source, sep)
    return text_of(getattr(component, "children", None), sep)
