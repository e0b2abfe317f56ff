"""The only module that places components on the page: header, the three main cards, model card, batch panel."""
from __future__ import annotations

from dash import dcc, html

from components import ids
from components.batch import batch_panel
from components.confusion_panel import confusion_panel
from components.controls import AVERAGE_LABEL, controls_panel, default_wine, wine_request
from components.figures import GRAPH_CONFIG, probability_bars
from components.glass import view_class, wine_glass
from components.model_card import model_card
from components.verdict import summary, verdict
from model.batch import MAX_ROWS, MAX_UPLOAD_BYTES
from model.loader import LoadedModel
from model.predict import predict


def header(manifest: dict) -> html.Header:
    test, fair = manifest["metrics"]["test"], manifest["metrics"].get("test_without_twins")
    claim = f"Macro precision {test['macro_precision']:.0%} on held-out wines"
    if fair:
        claim += f" ({fair['macro_precision']:.0%} without duplicates)"
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
            html.A(claim, href=f"#{ids.MODEL_CARD}", className="claim"),
        ],
    )


def prediction_card(result: dict, color: str, probabilities: list[float], source: str) -> html.Section:
    return html.Section(
        className="card prediction",
        **{"aria-labelledby": ids.PREDICTION_TITLE},
        children=[
            html.H2("The model's verdict", id=ids.PREDICTION_TITLE, className="card-title"),
            html.Div(id=ids.WINE_VIEW, className=view_class(color, result["bucket"]), children=[
                wine_glass(result["bucket"]),
                html.Div(verdict(result, color, source), id=ids.VERDICT, className="verdict",
                         **{"aria-live": "polite"}),
            ]),
            dcc.Graph(id=ids.PROBA_GRAPH, figure=probability_bars(probabilities), config=GRAPH_CONFIG,
                      className="proba-graph"),
            html.P("Probability of each bucket; the three add up to 100%.", className="hint center"),
        ],
    )


def build_layout(model: LoadedModel) -> html.Div:
    """The page for `model`, showing the average white wine and the whole test set to start with."""
    wine = default_wine(model.features, "white")
    request = wine_request(wine, AVERAGE_LABEL.format(color="white"))
    result = predict(model, wine)[0]
    probabilities = [result["probabilities"][c] for c in model.classes]
    return html.Div(
        className="app-shell",
        children=[
            dcc.Store(id=ids.WINE_REQUEST, data=request),
            header(model.manifest),
            html.Main(className="dashboard", children=[
                controls_panel(model.features, wine),
                prediction_card(result, wine["color"], probabilities, request["label"]),
                confusion_panel(model.test_set.confusion("all")),
            ]),
            html.Div(className="lower", children=[
                model_card(model.manifest),
                batch_panel(MAX_UPLOAD_BYTES, MAX_ROWS),
            ]),
            html.Div(summary(result), id=ids.SUMMARY, className="summary-bar", **{"aria-hidden": "true"}),
            html.Footer(["Data: ", model.manifest["data"]["source"], f" ({model.manifest['data'].get('license', '')})."],
                        className="footer"),
        ],
    )
