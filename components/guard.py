"""The plausibility guard on the page: when the wine on the sliders is unlike the real wines, the verdict says it is a
guess, in one line under it, with the nearest real wines one click away."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from dash import html

from components import ids
from components.controls import display_name, format_value
from components.figures import bucket_percent
from model.plausibility import Plausibility
from model.schema import MEASUREMENT_NAMES

SHOWN_MEASUREMENTS = 3  # columns of the nearest-wines table: the measurements where the wine stands out most


def unusual_measurements(wine: Mapping, nearest, std: np.ndarray, k: int = SHOWN_MEASUREMENTS) -> list[str]:
    """The `k` measurements where `wine` is furthest, in standard units, from its nearest real wines' average."""
    x = np.array([wine[n] for n in MEASUREMENT_NAMES], dtype=float)
    gap = np.abs(x - nearest[list(MEASUREMENT_NAMES)].to_numpy(dtype=float).mean(axis=0)) / std
    return [MEASUREMENT_NAMES[j] for j in np.argsort(-gap, kind="stable")[:k]]


def nearest_table(wine: Mapping, plaus: Plausibility, shown: Sequence[str], features: Sequence[Mapping]) -> html.Table:
    by_name = {f["name"]: f for f in features}
    head = html.Tr([html.Th("Wine", scope="col"), html.Th("Rated", scope="col")]
                   + [html.Th(display_name(n), scope="col") for n in shown])
    mine = html.Tr([html.Th("This wine", scope="row"), html.Td("—")]
                   + [html.Td(html.B(format_value(wine[n], by_name[n]))) for n in shown], className="this-wine")
    rows = [
        html.Tr([html.Th(f"#{row_id}", scope="row"),
                 html.Td([f"{int(r['quality'])} ", html.Span(r["bucket"], className=f"bucket-text bucket-{r['bucket']}")])]
                + [html.Td(format_value(float(r[n]), by_name[n])) for n in shown])
        for row_id, r in plaus.nearest.iterrows()
    ]
    return html.Table([html.Thead(head), html.Tbody([mine, *rows])], className="scores nearest")


def guess_line(result: Mapping) -> str:
    """The verdict as a guess: 'The model guesses good (58%)'."""
    bucket = result["bucket"]
    return f"The model guesses {bucket} ({bucket_percent(result['probabilities'], bucket)})"


def plausibility_notice(wine: Mapping, plaus: Plausibility, std: np.ndarray, features: Sequence[Mapping],
                        result: Mapping) -> tuple[list, list]:
    """The guard line's two parts: its words (the verdict as a guess) and, behind its "Why?", what that means and the
    most similar real wines (over the page, so that opening it moves nothing)."""
    shown = unusual_measurements(wine, plaus.nearest, std)
    names = " and ".join(shown[:2])  # UCI names are lower case already ("pH" stays as it is)
    words = [html.B(guess_line(result)), html.Span(": it has seen few wines like this.", className="guard-rest")]
    popover = [
        html.P([html.B("The model has seen few wines like this. "),
                f"This combination is further from the real {wine['color']} wines it learned from than 99 "
                f"in 100 real wines are, so read its verdict as a guess. It stands out most in {names}."]),
        html.P(f"The {len(plaus.nearest)} most similar real wines and the tasters' quality:", className="hint"),
        html.Div(nearest_table(wine, plaus, shown, features), className="table-scroll"),
    ]
    return words, popover


def plausibility_panel() -> html.Div:
    """The guard's line, hidden until a wine is unlike the real ones. Its <details> stays on the page and only its
    contents change with the wine, so a "Why?" that is open stays open while the sliders move."""
    return html.Div(id=ids.PLAUSIBILITY, className="guard-line hidden", role="status", children=[
        html.Span(id=ids.GUARD_TEXT, className="guard-text"),
        html.Details(className="guard-details", children=[
            html.Summary("Why?", className="guard-why"),
            html.Div(id=ids.GUARD_POPOVER, className="guard-popover"),
        ]),
    ])
