"""A part of the page that React mounts a task after the rest (assets/later.js).

Dash mounts its whole layout in one React render, which React always does in one task: ~380 components, 54-68 ms
while a link loads (bench/feel.py), the page taking no key or click. The page's parts are each wrapped in a `Later`:
the first render draws each as its own empty element, and each then mounts its children in a task of its own. Their
props and callbacks are Dash's as before: the layout in Dash's store is the same, only its drawing waits a task.

- The `FIRST_SCREEN` parts: the three main cards and, inside them, the heaviest blocks of the first screen (the
  sliders, in two runs of about half each, components/controls.py's sliders_block; the Why panel; the cost editor),
  so that no card's mount is one long task on a first visit. (The eleven sliders mounted at once took 34-60 ms as
  a link loaded; each run takes 19-42.) Until every one of them is mounted, the page's skeleton stays on screen
  and the app's shell is hidden (components/skeleton.py's ROOT_MARKS, assets/theme.css), so no one sees a card or
  a block missing. They take their turns first, in the page's order; a block inside a card is queued when its
  card mounts, ahead of the parts under the cards.
- The `PART`s: each card under the main ones (decisions, A vs B, sensitivity, the model card, a batch), then.

Once mounted, a `Later`'s element takes no box of its own (`display: contents`), so each card is its grid's item and
each block its card's, as before."""
from __future__ import annotations

from dash.development.base_component import Component

NAMESPACE = "wine_later"  # window.wine_later in assets/later.js
PENDING = "later-pending"  # the class of a Later not mounted yet (assets/later.js)
FIRST_SCREEN = "later-first"  # the class of the first screen's `Later`s, which the skeleton waits for
PART = "later-part"  # the class of the `Later` of each card under the main ones


class Later(Component):
    """A `div` (with `id` and `className`) whose `children` are mounted a task after the page's first render."""

    _namespace = NAMESPACE
    _type = "Later"
    _valid_wildcard_attributes: list = []

    def __init__(self, children=None, id=Component.UNDEFINED, className=Component.UNDEFINED):  # noqa: A002
        self._prop_names = ["children", "id", "className"]
        given = {"id": id, "className": className}
        super().__init__(children=children, **{k: v for k, v in given.items() if v is not Component.UNDEFINED})
