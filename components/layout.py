"""The only module that places components on the page: header, the three main cards, A vs B, sensitivity,
model card, batch panel, and the stores that hold the page's state in the browser."""
from __future__ import annotations

import json

from dash import dcc, html

from components import ids
from components.card import card
from components.advice import movable_picker, suggestion_panel
from components.batch import batch_panel
from components.compare import compare_panel
from components.confusion_panel import confusion_panel
from components.decide import decide_controls, decision_figures, decisions_card, summary_text
from components.controls import AVERAGE_LABEL, controls_panel, default_wine, sliders_block, wine_request
from components.drilldown import drill_panel
from components.explanation import why_for, why_panel
from components.figures import GRAPH_CONFIG, probability_bars
from components.glass import view_class, wine_glass
from components.guard import plausibility_panel
from components.later import FIRST_SCREEN, PART, Later
from components.model_card import claim_text, model_card
from components.sensitivity import sensitivity_panel
from components.verdict import summary, verdict
from model.batch import MAX_ROWS, MAX_UPLOAD_BYTES
from model.decision import ZERO_ONE, test_set_report
from model.loader import LoadedModel
from model.reference import scored_test_set
from model.predict import predict
from model.sensitivity import sensitivity

SHELL_CLASS = "app-shell"  # plus " presenting" in presentation mode (assets/theme.css)


def header(manifest: dict) -> html.Header:
    test, fair = manifest["metrics"]["test"], manifest["metrics"].get("test_without_twins")
    claim = claim_text(test, fair)
    return html.Header(
        className="topbar",
        children=[
            html.Div(className="brand", children=[
                html.Span(className="brand-mark", **{"aria-hidden": "true"}),
                html.Div([
                    html.H1("Wine Quality Designer"),
                    html.P("Move the measurements of a wine and watch a trained model judge it.", className="tagline"),
                ]),
            ]),
            html.Div(className="toolbar", children=[
                html.A(claim, href=f"#{ids.MODEL_CARD}", className="claim"),
                html.Button("Copy link", id=ids.COPY_LINK, className="btn btn-header", n_clicks=0,
                            title="Copy a link that opens this page with the same wine (and scenario A)"),
                html.Span(id=ids.COPY_STATUS, className="copy-status", role="status"),
                dcc.Checklist(id=ids.PRESENT, options=[{"label": "Presentation mode", "value": "on"}], value=[],
                              className="switch"),
            ]),
        ],
    )


def actions() -> html.Div:
    return html.Div(className="button-row actions", children=[
        html.Button("What would make it good?", id=ids.MAKE_GOOD_BUTTON, className="btn btn-primary", n_clicks=0,
                    title="Ask the model for the smallest change to this wine that it would call good"),
        html.Button("Pin as A", id=ids.PIN_BUTTON, className="btn", n_clicks=0,
                    title="Keep this wine as scenario A and compare it with the sliders as you move them"),
    ])


def prediction_card(result: dict, color: str, probabilities: list[float], source: str, features: list,
                    why=None) -> html.Section:
    return card(
        "prediction", "The model's verdict", ids.PREDICTION_TITLE,
        [
            html.Div(id=ids.VERDICT_FRAME, className="verdict-frame", children=[
                html.Div(id=ids.WINE_VIEW, className=view_class(color, result["bucket"]), children=[
                    wine_glass(result["bucket"]),
                    html.Div(verdict(result, color, source), id=ids.VERDICT, className="verdict",
                             **{"aria-live": "polite"}),
                ]),
                dcc.Graph(id=ids.PROBA_GRAPH, figure=probability_bars(probabilities), config=GRAPH_CONFIG,
                          className="proba-graph"),
                # the notes under the bars, in room kept for them and never empty (the bars' caption until a note
                # shows): the bars sit right under the verdict, and nothing the notes say moves anything
                html.Div(className="verdict-notes", children=[
                    html.P("Probability of each bucket; the three add up to 100%.",
                           className="hint center bars-caption"),
                    # the verdict's longer lines (a test wine's tasters, values outside the data), shown here by
                    # assets/verdict_lines.js: beside the glass they would not fit (read out there, in the verdict)
                    html.Div(className="verdict-echo", **{"aria-hidden": "true"}),
                    html.Div(id=ids.PINNED_LINE, className="pinned-line hidden", **{"aria-live": "polite"}),
                    plausibility_panel(),
                    html.P(id=ids.VERDICT_DECISION, className="verdict-decision hidden", **{"aria-live": "polite"}),
                ]),
            ]),
            actions(),
            # the button's own settings and its answer right under it, before the "Why" panel
            movable_picker(features),
            suggestion_panel(),
            *([why] if why is not None else []),
        ],
    )


def stores(wine: dict, request: dict) -> list:
    """The page's state, kept in the browser: never in the server's memory."""
    return [
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.WINE_REQUEST, data=request),
        dcc.Store(id=ids.CURRENT_WINE, data=wine),
        dcc.Store(id=ids.THROTTLED_WINE, data=wine),
        *[dcc.Store(id=i, data=wine) for i in (ids.WHY_WINE, ids.COMPARE_WINE)],
        # Empty stores are given no `data` at all: a dcc.Store given None writes it again as it mounts, and that
        # write runs every callback that reads it (A's guard line, the A vs B card, the link, the heatmap's
        # outline: four answers, and two charts redrawn, on every page load). A callback reads a missing `data`
        # as None. KEY_BURST has a value of its own ("off") for the same reason.
        dcc.Store(id=ids.KEY_BURST, data="off"),
        *[dcc.Store(id=i) for i in (ids.PREDICTION, ids.PINNED, ids.SHARE_SEARCH, ids.SUGGESTION, ids.DRILL_CELL)],
        dcc.Store(id=ids.POLICY, data=ZERO_ONE.as_dict() | {"refer": None}),
    ]


FIGURES_WINE = "data-wine"  # on the app's shell: the wine its figures are made for (assets/whatif.js reads it)


def build_layout(model: LoadedModel) -> html.Div:
    """The page for `model`, showing the average white wine and the whole test set to start with."""
    wine = default_wine(model.features, "white")
    request = wine_request(wine, AVERAGE_LABEL.format(color="white"), preset=True)
    result = predict(model, wine)[0]
    probabilities = [result["probabilities"][c] for c in model.classes]
    test = scored_test_set(model)
    report = test_set_report(test.proba, test.y, ZERO_ONE)
    return html.Div(
        id=ids.APP_SHELL,
        className=SHELL_CLASS,
        # the wine the page's own figures are drawn for: a chart drawn with them once another wine has settled is
        # stale (assets/whatif.js)
        **{FIGURES_WINE: json.dumps(wine)},
        children=[
            *stores(wine, request),
            header(model.manifest),
            html.P(id=ids.URL_NOTICE, className="url-notice hidden", role="status"),
            html.Main(className="dashboard", children=[
                # the phone's pinned verdict ends the sliders' area, sticky at the screen's bottom while they show
                html.Div(className="controls-area", children=[
                    Later(className=FIRST_SCREEN, children=[controls_panel(wine["color"], sliders_block(
                        model.features, wine, run=lambda sliders: Later(className=FIRST_SCREEN, children=[sliders])))]),
                    html.Div([html.Span(summary(result), id=ids.SUMMARY_MAIN, className="summary-main"),
                              html.Span(id=ids.SUMMARY_DECISION, className="summary-decision hidden")],
                             id=ids.SUMMARY, className="summary-bar", **{"aria-hidden": "true"}),
                ]),
                Later(className=FIRST_SCREEN, children=[
                    prediction_card(result, wine["color"], probabilities, request["label"], model.features,
                                    Later(className=FIRST_SCREEN, children=[why_panel(*why_for(model, wine))]))]),
                Later(className=FIRST_SCREEN, children=[
                    confusion_panel(test.confusion("all"), drill=drill_panel(), decide=Later(
                        className=FIRST_SCREEN, children=[decide_controls(summary_text(report["result"]))]))]),
            ]),
            html.Div(className="wide", children=[Later(className=PART, children=[card]) for card in (
                decisions_card(*decision_figures(report)),
                compare_panel(),
                sensitivity_panel(model.features, sensitivity(model, wine)),
            )]),
            html.Div(className="lower", children=[Later(className=PART, children=[card]) for card in (
                model_card(model.manifest),
                batch_panel(MAX_UPLOAD_BYTES, MAX_ROWS),
            )]),
            html.Footer(["Data: ", model.manifest["data"]["source"], f" ({model.manifest['data'].get('license', '')})."],
                        className="footer"),
        ],
    )
