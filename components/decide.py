"""The "Decide" controls beside the confusion matrix (cost editor, presets, taster), the decisions card's charts,
and the policy in words."""
from __future__ import annotations

from collections.abc import Mapping

from dash import dcc, html

from components import ids
from components.card import card
from components.figures import GRAPH_CONFIG
from components.figures.decision import (PR, ROC, coverage_cost_figure, coverage_lines_update, coverage_point_relayout,
                                        dots_relayout, one_vs_rest_figure)
from model.decision import PRESET_COSTS
from model.schema import CLASSES

LABELS = {"same": "Every mistake costs the same", "poor-as-good": "Selling a poor wine as good is 10× worse",
          "margin": "Missing a good wine costs a margin"}
PRESETS = {key: (LABELS[key], costs) for key, costs in PRESET_COSTS.items()}
DEFAULT_REFER = 0.3
NOUNS = {"poor": "poor", "average": "average", "good": "good", "refer": "to a taster"}


def _named_by(label_ids: str, box: dcc.Input) -> html.Div:
    """A number box named by visible text elsewhere (assets/a11y.js sets aria-labelledby from data-label-id)."""
    return html.Div(box, **{"data-label-id": label_ids})


def _cost_box(t: int, d: int, value: float) -> html.Div:
    box = dcc.Input(id=ids.decide_cost(t, d), type="number", min=0, step=0.1, value=value, debounce=True,
                    inputMode="decimal", className="cost-box")
    return _named_by(f"{ids.DECIDE_TITLE}-row-{t} {ids.DECIDE_TITLE}-col-{d}", box)  # "really poor sold as good"


def cost_editor(costs) -> html.Table:
    """3 x 3 number boxes: rows 'really …', columns 'sold as …'."""
    head = html.Tr([html.Th("")] + [html.Th(f"sold as {c}", scope="col", id=f"{ids.DECIDE_TITLE}-col-{d}")
                                    for d, c in enumerate(CLASSES)])
    rows = [html.Tr([html.Th(f"really {CLASSES[t]}", scope="row", id=f"{ids.DECIDE_TITLE}-row-{t}")]
                    + [html.Td(_cost_box(t, d, costs[t][d])) for d in range(3)]) for t in range(3)]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="cost-editor")


def decide_controls(summary: str = "") -> html.Div:
    """The policy editor: presets, the cost matrix, the taster, where a bad number is refused in words, and the
    `summary` of the policy in force."""
    costs = PRESETS["same"][1]
    return html.Div(className="decide", role="group", **{"aria-labelledby": ids.DECIDE_TITLE}, children=[
        html.H3("Decide: what does each mistake cost?", id=ids.DECIDE_TITLE, className="decide-title"),
        html.Div(className="button-row presets", children=[
            html.Button(label, id=ids.decide_preset(key), className="btn btn-small", n_clicks=0)
            for key, (label, _) in PRESETS.items()
        ]),
        cost_editor(costs),
        html.Div(className="decide-refer", children=[
            dcc.Checklist(id=ids.DECIDE_REFER_ON, options=[{"label": "Send doubtful wines to a taster", "value": "on"}],
                          value=[], className="check"),
            html.Span("at a cost per wine of", id=f"{ids.DECIDE_REFER}-label"),
            _named_by(f"{ids.DECIDE_REFER}-label", dcc.Input(
                id=ids.DECIDE_REFER, type="number", min=0, step=0.05, value=DEFAULT_REFER, debounce=True,
                inputMode="decimal", className="cost-box")),
        ]),
        html.P(id=ids.DECIDE_ERROR, className="decide-error", role="alert"),
        html.P(summary, id=ids.DECIDE_SUMMARY, className="decide-summary", **{"aria-live": "polite"}),
    ])


def decisions_card(curve_figure, roc_figure, pr_figure) -> html.Section:
    """Coverage against cost as the taster's fee varies, and one-vs-rest ROC and precision-recall per bucket,
    each with the policy in force marked."""
    return card(
        "decisions", "Deciding under costs", ids.DECIDE_CURVE + "-title",
        lead="On the held-out test wines. Left: the share decided by the model against the cost per wine as the "
             "taster's fee varies. Then each bucket against the rest, as ROC and as precision against recall. "
             "The dots mark the policy in force.",
        children=[html.Div(className="decisions-body", children=[
            dcc.Graph(id=ids.DECIDE_CURVE, figure=curve_figure, config=GRAPH_CONFIG, className="decide-graph"),
            dcc.Graph(id=ids.DECIDE_ROC, figure=roc_figure, config=GRAPH_CONFIG, className="decide-graph"),
            dcc.Graph(id=ids.DECIDE_PR, figure=pr_figure, config=GRAPH_CONFIG, className="decide-graph"),
            dcc.Store(id=ids.DECIDE_DRAW),  # no `data`: see components/layout.py's stores
        ])],
    )


def decision_figures(report: Mapping, scale: float = 1.0) -> tuple:
    """The coverage-cost, ROC and precision-recall figures of a `model.decision.test_set_report`."""
    return (coverage_cost_figure(report["curve"], report["current"], scale),
            *(one_vs_rest_figure(kind, report["curves"], report["points"], scale) for kind in (ROC, PR)))


def decision_draws(report: Mapping, lines: bool = True) -> dict:
    """What a new policy changes on `decision_figures`, as Plotly.update arguments by graph and part, which
    assets/decide.js draws one part per animation frame: the policy's dots (shapes: moving them redraws nothing
    else), and the coverage lines when `lines` (they follow the costs, not the taster's fee)."""
    draws = {"curve-point": coverage_point_relayout(report["current"]) | {"graph": ids.DECIDE_CURVE},
             "roc": dots_relayout(report["points"], ROC) | {"graph": ids.DECIDE_ROC},
             "pr": dots_relayout(report["points"], PR) | {"graph": ids.DECIDE_PR}}
    if lines:
        draws["curve-lines"] = coverage_lines_update(report["curve"], report["current"]) | {"graph": ids.DECIDE_CURVE}
    return draws


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def summary_text(result: Mapping) -> str:
    """'Under this policy: cost 0.22 per wine (0.31 if every wine took its most likely bucket); 62% decided by the
    model, 38% sent to a taster; of those decided, 91% right.'"""
    text = (f"Under this policy: cost {result['realized_cost_per_wine']:.2f} per wine "
            f"({result['argmax']['realized_cost_per_wine']:.2f} if every wine took its most likely bucket)")
    coverage = result["coverage"]
    if "refer" in result["columns"]:
        text += f"; {_pct(coverage)} decided by the model, {_pct(1 - coverage)} sent to a taster"
    if result["decided_accuracy"] is not None:
        text += f"; of those decided, {_pct(result['decided_accuracy'])} right."
    else:
        text += "; no wine is decided by the model."
    return text


def decision_act(decision: str, taster: str = "send to a taster") -> html.B:
    """'sell as average', or `taster`, in the decided bucket's colour."""
    return html.B(taster if decision == "refer" else f"sell as {decision}", className=f"bucket-text bucket-{decision}")


def decision_line(decision: str, expected: float, bucket: str, probability: str) -> list:
    """'Decision: sell as average (expected cost 0.42). Most likely: good 58%'."""
    return ["Decision: ", decision_act(decision), f" (expected cost {expected:.2f}). Most likely: {bucket} {probability}"]


def decision_short(decision: str) -> list:
    """The decision in the phone's pinned verdict, after the most likely bucket: '→ sell as average', '→ to a
    taster' (the whole bar on one line of a 360 px screen)."""
    return ["→ ", decision_act(decision, taster="to a taster")]
