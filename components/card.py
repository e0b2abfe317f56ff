"""The card: a titled page section, named by its heading for screen readers."""
from __future__ import annotations

from dash import html


def card(kind: str, title: str, title_id: str, children: list, lead=None, **attrs) -> html.Section:
    """A `card <kind>` section: heading `title` (id `title_id`), an optional lead paragraph, then `children`."""
    head = [html.H2(title, id=title_id, className="card-title")]
    if lead is not None:
        head.append(html.P(lead, className="card-lead"))
    return html.Section(className=f"card {kind}", **{"aria-labelledby": title_id}, **attrs, children=head + children)
