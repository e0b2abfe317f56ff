"""The prediction in words: bucket, confidence, which wine this is and, for a test wine, what tasters said."""
from __future__ import annotations

from collections.abc import Mapping

from dash import html

from components.figures import percent_label


def truth_line(truth: Mapping, predicted: str) -> html.P:
    agrees = truth["bucket"] == predicted
    return html.P(
        className="truth " + ("truth-agrees" if agrees else "truth-differs"),
        children=[
            "Tasters rated it ",
            html.B(truth["bucket"], className=f"bucket-text bucket-{truth['bucket']}"),
            f" (quality {truth['quality']}/10): ",
            "the model agrees." if agrees else "the model disagrees.",
        ],
    )


def verdict(result: Mapping, color: str, source: str | None = None, truth: Mapping | None = None) -> list:
    """Children of the verdict panel for one `model.predict.predict` result."""
    bucket = result["bucket"]
    children = [
        html.P("Predicted quality", className="eyebrow"),
        html.P(bucket, className=f"verdict-bucket bucket-text bucket-{bucket}"),
        html.P(f"{percent_label(result['probabilities'][bucket])} probability · {color} wine", className="verdict-sub"),
    ]
    if source:
        children.append(html.P(source, className="verdict-source"))
    if truth:
        children.append(truth_line(truth, bucket))
    if result.get("out_of_range_features"):
        names = ", ".join(result["out_of_range_features"])
        children.append(html.P(f"Outside the training data's range: {names}.", className="warning"))
    return children


def summary(result: Mapping) -> list:
    """Children of the compact verdict pinned to a phone's screen while the sliders are scrolled into view."""
    bucket = result["bucket"]
    return [
        html.Span("Predicted", className="eyebrow"),
        html.B(bucket, className=f"bucket-text bucket-{bucket}"),
        html.Span(percent_label(result["probabilities"][bucket])),
    ]


def colour_note(before: Mapping, after: Mapping, color: str) -> str:
    """How the model's answer changed when only the colour did: 'Same measurements as a red wine: average 56% → poor 61%'."""
    b, a = before["bucket"], after["bucket"]
    was, now = percent_label(before["probabilities"][b]), percent_label(after["probabilities"][a])
    move = f"{b} {was} → {now}" if a == b else f"{b} {was} → {a} {now}"
    return f"Same measurements as a {color} wine: {move}"
