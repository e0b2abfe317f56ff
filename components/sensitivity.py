"""The sensitivity card: a legend and one small chart per measurement, in slider order."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import dcc, html

from components import ids
from components.card import card
from components.controls import display_name, unit_of
from components.figures import GRAPH_CONFIG, sensitivity_figure
from model.schema import CLASSES
from model.sensitivity import Sensitivity


def legend() -> html.Div:
    """The buckets' colours, once for all the charts, and what the dotted line means."""
    items = [html.Span([html.I(className=f"swatch swatch-{c}"), c], className="legend-item") for c in CLASSES]
    items.append(html.Span([html.I(className="swatch swatch-now"), "the wine on the sliders"], className="legend-item"))
    return html.Div(items, className="legend")


def short_unit(feature: Mapping) -> str:
    """'g/dm³' for 'g/dm³ tartaric acid': the small charts' headings stay on one line."""
    unit = unit_of(feature)
    return unit if len(unit) <= 8 else unit.split(" ")[0]


UNIT_STYLE = {"color": "var(--muted)", "fontSize": "0.82rem", "whiteSpace": "nowrap"}


def sens_head(feature: Mapping) -> html.Div:
    """The chart's name and unit, in full at every width: the line wraps before the unit rather than cutting either
    (the sliders' .feature-head rules cut a long name and hide the unit on a phone)."""
    return html.Div([html.Span(display_name(feature["name"]), className="sens-name", style={"fontWeight": 600}), " ",
                     html.Span(short_unit(feature), className="sens-unit", style=UNIT_STYLE)],
                    className="sens-head")


def sensitivity_charts(features: Sequence[Mapping], sens: Sensitivity, scale: float = 1.0) -> list:
    """The 11 figures, in the order of `features` (the sliders' order)."""
    curves = {c.feature: c for c in sens.curves}
    return [sensitivity_figure(curves[f["name"]], f, sens.classes, scale) for f in features]


def sensitivity_panel(features: Sequence[Mapping], sens: Sensitivity) -> html.Section:
    """The card: a legend, then each measurement's chart under its name and unit."""
    figures = sensitivity_charts(features, sens)
    cells = [
        html.Div(
            className="sens-cell",
            children=[
                sens_head(f),
                dcc.Graph(id=ids.sensitivity_graph(f["name"]), figure=fig, config=GRAPH_CONFIG, className="sens-graph"),
            ],
        )
        for f, fig in zip(features, figures)
    ]
    return card(
        "sensitivity", "What moves the verdict?", ids.SENSITIVITY_TITLE,
        lead="Each chart sweeps one measurement across its whole range while the others stay as they are on "
             "the sliders: the lines are the model's probability of each bucket.",
        children=[
            legend(),
            html.Div(cells, className="sens-grid"),
        ],
    )
