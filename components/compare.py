"""A vs B: scenario A (a pinned wine) beside the wine on the sliders, each with its bars, and what differs."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import Patch, dcc, html

from components import ids
from components.controls import display_name, format_value, same_value, unit_of
from components.figures import FULL_LINE, GRAPH_CONFIG, INK, bucket_percent, percent_labels, type_px
from model.schema import COLOR


def differences(a: Mapping, b: Mapping, features: Sequence[Mapping]) -> list[Mapping]:
    """The measurements on which A and B differ, in slider order."""
    return [f for f in features if not same_value(a[f["name"]], b[f["name"]])]


def scenario_head(title: str, result: Mapping, color: str) -> list:
    bucket = result["bucket"]
    return [
        html.P(title, className="eyebrow"),
        html.P([html.B(bucket, className=f"bucket-text bucket-{bucket} compare-bucket"),
                f" {bucket_percent(result['probabilities'], bucket)} · {color} wine"], className="compare-verdict"),
    ]


BAR_WIDTH, NARROW, A_FROM, A_TO = 0.62, 0.42, 0.1, 0.4  # with A pinned: the bars narrow left, A's outline right
TALL = 0.85  # from here A's label sits inside its outline's top


def pinned_bars(proba_a: Sequence[float] | None, scale: float = 1.0) -> Patch:
    """A Patch of the probability bars: scenario A as dashed outlines beside the current bars (which narrow to
    make room), or back to the plain bars when nothing is pinned."""
    patch = Patch()
    if proba_a is None:
        patch["data"][0]["width"] = BAR_WIDTH
        patch["data"][0]["offset"] = None
        patch["layout"]["shapes"] = [FULL_LINE]
        patch["layout"]["annotations"] = []
        return patch
    patch["data"][0]["width"] = NARROW
    patch["data"][0]["offset"] = -NARROW + 0.06
    patch["layout"]["shapes"] = [FULL_LINE] + [
        dict(type="rect", xref="x", yref="y", x0=i + A_FROM, x1=i + A_TO, y0=0, y1=100 * float(p),
             line=dict(color=INK, width=2, dash="dot"), fillcolor="rgba(0,0,0,0)", layer="above")
        for i, p in enumerate(proba_a)
    ]
    # "A" over its percentage, on two lines as narrow as A's outline, so it never runs into the bar's own label;
    # inside the top of a tall outline, so it never crosses the chart's top edge
    patch["layout"]["annotations"] = [
        dict(x=i + (A_FROM + A_TO) / 2, y=100 * float(p), xref="x", yref="y", showarrow=False,
             yanchor="top" if p >= TALL else "bottom", text=f"A<br>{label}", font=dict(size=type_px(12, scale), color=INK))
        for i, (p, label) in enumerate(zip(proba_a, percent_labels(proba_a)))
    ]
    return patch


def pinned_line(a: Mapping, b: Mapping) -> list:
    """One line under the verdict: 'A (pinned) average 56% · now poor 61%', A's bars being the dotted ones."""
    return [
        html.Span("A", className="pin-tag"),
        html.Span(["dotted bars: ", html.B(a["bucket"], className=f"bucket-text bucket-{a['bucket']}"),
                   f" {bucket_percent(a['probabilities'], a['bucket'])} · now ",
                   html.B(b["bucket"], className=f"bucket-text bucket-{b['bucket']}"),
                   f" {bucket_percent(b['probabilities'], b['bucket'])}"], className="pin-text"),
        html.A("A vs B ↓", href=f"#{ids.COMPARE}", className="pin-more"),
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
