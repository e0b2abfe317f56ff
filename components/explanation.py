"""The "Why this verdict?" panel: which measurements push this wine towards a bucket and which push it away."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from dash import dcc, html

from components import ids
from components.controls import display_name, format_value
from components.figures import GRAPH_CONFIG
from components.sensitivity import short_unit
from components.figures.explanations import Push, contribution_figure, ranked, signed
from model.explain import Explanation
from model.loader import LoadedModel
from model.predict import wine_matrix
from model.schema import CLASSES, COLOR

VERDICT = "verdict"  # the bucket selector's default: explain whichever bucket the model predicts
UNITS_LINE = ("Bars are in log-odds: +1 makes the odds of that bucket about 2.7× higher, other things equal. "
              "They explain the model, not the wine's chemistry.")
BASIS_LINE = ("Each bar compares this wine with the average training wine, and splits the difference exactly among the "
              "12 inputs (TreeSHAP). Measurements that move together, like alcohol and density, share the credit.")


def feature_label(name: str, wine: Mapping, features: Mapping[str, Mapping]) -> str:
    """'Alcohol 12.8 % vol', 'pH 3.18', 'Chlorides 0.046 g/dm³', 'Colour red': a feature with this wine's value and
    its short unit."""
    if name == COLOR:
        value = wine[COLOR]
        return f"Colour {value if isinstance(value, str) else ('red' if value else 'white')}"
    feature = features[name]
    return f"{display_name(name)} {format_value(float(wine[name]), feature)} {short_unit(feature)}".rstrip()


def chosen_bucket(choice: str | None, explanation: Explanation, i: int = 0) -> int:
    """The bucket index to explain: the predicted one for VERDICT, else the chosen one."""
    if choice in CLASSES:
        return CLASSES.index(choice)
    return int(np.argmax(explanation.logits[i]))


def pushes_for(explanation: Explanation, k: int, wine: Mapping, features: Mapping[str, Mapping],
               i: int = 0) -> list[Push]:
    labels = [feature_label(f, wine, features) for f in explanation.features]
    return ranked(explanation.phi[i, k], labels)


def sentence(push: Push, bucket: str) -> str:
    """'Alcohol 12.8 % vol pushes towards good (+0.84)'."""
    verb = "push" if push.rest else "pushes"
    direction = "towards" if push.phi >= 0 else "away from"
    label = f"The other {push.rest} inputs together" if push.rest else push.label
    return f"{label} {verb} {direction} {bucket} ({signed(push.phi)})"


def explanation_text(pushes: Sequence[Push], bucket: str, predicted: bool) -> list:
    """Two short lists in words, towards and away, largest first, then what the numbers are."""
    towards = [p for p in pushes if p.phi >= 0]
    away = [p for p in pushes if p.phi < 0]
    head = f"Why {bucket}?" if predicted else f"What speaks for and against {bucket}"

    def block(title: str, items: list[Push], kind: str):
        if not items:
            return None
        return html.Div(className=f"why-block why-{kind}", children=[
            html.P(title, className="why-heading"),
            html.Ul([html.Li(sentence(p, bucket)) for p in items]),
        ])

    return [c for c in (
        html.P(head, className="why-question"),
        block(f"Towards {bucket}", towards, "towards"),
        block(f"Away from {bucket}", away, "away"),
    ) if c is not None]


def bucket_selector() -> html.Div:
    label_id = ids.label(ids.WHY_BUCKET)
    options = [{"label": "The verdict", "value": VERDICT}] + [{"label": c, "value": c} for c in CLASSES]
    return html.Div(className="control-row why-control", role="group", **{"aria-labelledby": label_id}, children=[
        html.Span("Explain", id=label_id, className="control-label"),
        dcc.RadioItems(id=ids.WHY_BUCKET, options=options, value=VERDICT, inline=True, className="segmented"),
    ])


def why_panel(figure, text: list) -> html.Div:
    """The panel inside the verdict card: bucket selector, ranked bars, the same in words, what the units mean."""
    return html.Div(className="why", role="region", **{"aria-labelledby": ids.WHY_TITLE}, children=[
        html.H3("Why this verdict?", id=ids.WHY_TITLE, className="why-title"),
        bucket_selector(),
        dcc.Graph(id=ids.WHY_GRAPH, figure=figure, config=GRAPH_CONFIG, className="why-graph"),
        html.Div(text, id=ids.WHY_TEXT, className="why-text", **{"aria-live": "polite"}),
        html.P(UNITS_LINE, className="hint why-units"),
        html.P(BASIS_LINE, className="hint why-basis"),
    ])


def why_content(explanation: Explanation, choice: str | None, wine: Mapping, features: Mapping[str, Mapping],
                scale: float = 1.0):
    """Figure and text for wine 0 of `explanation`, for the bucket `choice` (or the verdict's)."""
    k = chosen_bucket(choice, explanation)
    bucket = CLASSES[k]
    pushes = pushes_for(explanation, k, wine, features)
    predicted = k == int(np.argmax(explanation.logits[0]))
    return contribution_figure(pushes, bucket, scale), explanation_text(pushes, bucket, predicted)


def why_for(model: LoadedModel, wine: Mapping, choice: str | None = VERDICT, scale: float = 1.0):
    """Figure and words of the panel for one wine (UCI names plus 'color'), explained exactly by `model`."""
    explanation = model.explainer.explain(wine_matrix(wine))
    features = {f["name"]: f for f in model.features}
    return why_content(explanation, choice, wine, features, scale)
