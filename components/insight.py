"""The model card's global views, read from the manifest: what matters to the model overall, and how well its
confidence matches how often it is right."""
from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from components import ids
from components.controls import display_name
from components.figures import GRAPH_CONFIG
from components.figures.explanations import importance_figure, permutation_figure, reliability_figure


def feature_labels(manifest: Mapping) -> dict[str, str]:
    return {f: display_name(f) for f in manifest.get("feature_order", [])} | {"color": "Colour"}


def importance_views(manifest: Mapping) -> html.Div | None:
    importance = manifest.get("importance")
    if not importance:
        return None
    labels, perm = feature_labels(manifest), importance["permutation"]
    return html.Div(className="card-col insight-col", children=[
        html.H3("What matters to the model overall"),
        html.P(f"How far each input moves the model's score on average, per bucket, over the {importance['on']}: the mean "
               "size of its contributions in log-odds, whatever their direction.", className="hint"),
        dcc.Graph(id=ids.IMPORTANCE_GRAPH, figure=importance_figure(importance, labels), config=GRAPH_CONFIG, className="insight-graph"),
        html.P(f"How much worse the model gets when one input is shuffled across the test wines: the drop in macro "
               f"precision, mean and spread over {perm['n_repeats']} shuffles. Inputs that carry the same information "
               "(alcohol and density) can each look unimportant here, because the other stands in.", className="hint"),
        dcc.Graph(id=ids.PERMUTATION_GRAPH, figure=permutation_figure(perm, labels), config=GRAPH_CONFIG, className="insight-graph"),
    ])


def reliability_view(manifest: Mapping) -> html.Div | None:
    reliability = manifest.get("reliability")
    if not reliability:
        return None
    return html.Div(className="card-col insight-col", children=[
        html.H3("When it says 70%, is it right 70% of the time?"),
        html.P(f"Test wines grouped by the model's confidence in its top bucket ({reliability['n_bins']} bins; "
               "bigger dots hold more wines). On the dashed diagonal, confidence matches how often it is right; "
               "below it, the model is overconfident. This is the picture behind the ECE figures.", className="hint"),
        dcc.Graph(id=ids.RELIABILITY_GRAPH, figure=reliability_figure(reliability), config=GRAPH_CONFIG, className="insight-graph reliability"),
    ])


POLICY_NAMES = {"same": "Every mistake costs the same", "poor-as-good": "Poor sold as good is 10× worse",
                "margin": "Missing a good wine costs a margin", "poor-as-good+taster": "10× worse, taster at 0.3"}
MODEL_NAMES = {"shipped": "Shipped (calibrated)", "reference": "Reference (uncalibrated)"}


def decision_costs_view(manifest: Mapping) -> html.Div | None:
    """Expected against realised cost per wine on the held-out wines, per preset policy and model."""
    costs = manifest.get("decision_costs")
    if not costs:
        return None
    models = [m for m in MODEL_NAMES if m in costs["models"]]
    head = html.Tr([html.Th("Policy", scope="col")] + [html.Th(f"{MODEL_NAMES[m]}: expected / paid", scope="col")
                                                       for m in models])
    rows = [html.Tr([html.Th(POLICY_NAMES.get(p, p), scope="row")] + [
        html.Td(f"{costs['models'][m][p]['expected']:.2f} / {costs['models'][m][p]['realized']:.2f}") for m in models])
        for p in costs["policies"]]
    return html.Div(className="card-col insight-col decision-costs", children=[
        html.H3("Does it pay what it expects?"),
        html.P("Cost per held-out wine when each wine gets the decision of least expected cost: what the model "
               "expected to pay, and what it paid. Calibration matters here: the rule trusts the probabilities, so "
               "an overconfident model expects to pay far less than it does.", className="hint"),
        html.Table([html.Thead(head), html.Tbody(rows)], className="scores"),
    ])


def insight_views(manifest: Mapping) -> html.Div | None:
    views = [v for v in (importance_views(manifest), reliability_view(manifest), decision_costs_view(manifest))
             if v is not None]
    return html.Div(views, className="card-cols insight-cols") if views else None
