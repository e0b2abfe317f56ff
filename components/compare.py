"""A vs B: scenario A (a pinned wine) beside the wine on the sliders, each with its bars, and what differs."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import dcc, html

from components import ids
from components.controls import display_name, format_value, same_value, unit_of
from components.figures import GRAPH_CONFIG, percent_label
from model.schema import COLOR


def differences(a: Mapping, b: Mapping, features: Sequence[Mapping]) -> list[Mapping]:
    """The measurements on which A and B differ, in slider order."""
    return [f for f in features if not same_value(a[f["name"]], b[f["name"]])]


def scenario_head(title: str, result: Mapping, color: str) -> list:
    bucket = result["bucket"]
    return [
        html.P(title, className="eyebrow"),
        html.P([html.B(bucket, className=f"bucket-text bucket-{bucket} compare-bucket"),
                f" {percent_label(result['probabilities'][bucket])} · {color} wine"], className="compare-verdict"),
    ]


def diff_table(a: Mapping, b: Mapping, features: Sequence[Mapping]) -> html.Div:
    """Measurement, A, B and the change from A to B, for what differs; a sentence when nothing does."""
    changed = differences(a, b, features)
    if not changed and a[COLOR] == b[COLOR]:
        return html.P("A and B are the same wine: move a slider to compare.", className="hint")
    rows = []
    if a[COLOR] != b[COLOR]:
        rows.append(html.Tr([html.Th("Colour", scope="row"), html.Td(a[COLOR]), html.Td(b[COLOR]), html.Td("")]))
    for f in changed:
        delta = b[f["name"]] - a[f["name"]]
        rows.append(html.Tr([
            html.Th(display_name(f["name"]), scope="row"),
            html.Td(format_value(a[f["name"]], f)),
            html.Td(format_value(b[f["name"]], f)),
            html.Td(f"{'+' if delta > 0 else '−'}{format_value(abs(delta), f)} {unit_of(f)}".rstrip()),
        ]))
    head = html.Tr([html.Th("What differs", scope="col"), html.Th("A", scope="col"), html.Th("B", scope="col"),
                    html.Th("B − A", scope="col")])
    return html.Table([html.Thead(head), html.Tbody(rows)], className="scores diff")


def compare_panel() -> html.Section:
    """Hidden until a wine is pinned as A."""
    def column(head_id: str, graph_id: str) -> html.Div:
        return html.Div([html.Div(id=head_id), dcc.Graph(id=graph_id, config=GRAPH_CONFIG, className="compare-graph")],
                        className="compare-col")

    return html.Section(
        id=ids.COMPARE,
        className="card compare hidden",
        **{"aria-labelledby": ids.COMPARE_TITLE},
        children=[
            html.Div(className="card-head", children=[
                html.H2("A vs B", id=ids.COMPARE_TITLE, className="card-title"),
                html.Div(className="button-row", children=[
                    html.Button("Load A into the sliders", id=ids.LOAD_A_BUTTON, className="btn btn-small", n_clicks=0),
                    html.Button("Clear A", id=ids.CLEAR_A_BUTTON, className="btn btn-small btn-quiet", n_clicks=0),
                ]),
            ]),
            html.P("A is the wine you pinned; B is the wine on the sliders now.", className="card-lead"),
            html.Div([column(ids.COMPARE_A_HEAD, ids.COMPARE_A_GRAPH), column(ids.COMPARE_B_HEAD, ids.COMPARE_B_GRAPH)],
                     className="compare-cols"),
            html.Div(id=ids.COMPARE_DIFF, **{"aria-live": "polite"}),
        ],
    )
