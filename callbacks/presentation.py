"""Presentation mode: the switch -> the page's class (larger type, fewer details) and charts redrawn larger (their
text at PRESENTATION_MIN_TYPE px or more, as the page's)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import ALL, Input, Output, State, ctx

from callbacks.policy import confusion_under, policy_of
from components import ids
from components.decide import decision_figures
from components.figures import confusion_heatmap, figure_scale, probability_bars
from components.layout import SHELL_CLASS
from components.sensitivity import sensitivity_charts
from model.loader import LoadedModel
from model.decision import test_set_report
from model.predict import predict_proba
from model.reference import scored_test_set
from model.sensitivity import sensitivity
from model.whatif import as_vector


def presentation_outputs(model: LoadedModel, presenting: bool, wine: Mapping, mode: str, color: str,
                         names: Sequence[str], policy: Mapping | None = None, selected: Mapping | None = None):
    """Page class, probability bars, confusion heatmap (under the cost `policy`, the listed cell outlined), the
    sensitivity charts of `names` and the decision charts (coverage-cost, ROC, precision-recall) under the
    policy, at the mode's scale."""
    scale = figure_scale(presenting)
    proba = predict_proba(model, as_vector(wine)[None, :])[0]
    features = {f["name"]: f for f in model.features}
    counts, columns, _ = confusion_under(model, policy, color)
    ts = scored_test_set(model)
    return (
        SHELL_CLASS + (" presenting" if presenting else ""),
        probability_bars(proba, model.classes, scale),
        confusion_heatmap(counts, mode, model.classes, scale, selected, columns),
        sensitivity_charts([features[n] for n in names], sensitivity(model, wine), scale),
        *decision_figures(test_set_report(ts.proba, ts.y, policy_of(policy)), scale),
    )


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.APP_SHELL, "className"),
        Output(ids.PROBA_GRAPH, "figure", allow_duplicate=True),
        Output(ids.CONFUSION_GRAPH, "figure", allow_duplicate=True),
        Output(ids.sensitivity_graph(ALL), "figure", allow_duplicate=True),
        Output(ids.DECIDE_CURVE, "figure", allow_duplicate=True),
        Output(ids.DECIDE_ROC, "figure", allow_duplicate=True),
        Output(ids.DECIDE_PR, "figure", allow_duplicate=True),
        Input(ids.PRESENT, "value"),
        State(ids.CURRENT_WINE, "data"),
        State(ids.CONFUSION_MODE, "value"),
        State(ids.CONFUSION_FILTER, "value"),
        State(ids.POLICY, "data"),
        State(ids.DRILL_CELL, "data"),
        prevent_initial_call=True,
    )
    def toggle_presentation(present, wine, mode, color, policy, cell):
        names = [o["id"]["name"] for o in ctx.outputs_list[3]]
        return presentation_outputs(model, bool(present), wine, mode, color, names, policy, cell)
