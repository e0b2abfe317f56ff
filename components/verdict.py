"""The prediction in words: bucket, confidence, which wine this is and, for a test wine, what tasters said."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import html

from components.figures import bucket_percent
from model.scenario import slider_range


def beyond_sliders(wine: Mapping, features: Sequence[Mapping]) -> list[str]:
    """The measurements of `wine` outside their slider's range: what the verdict flags. A slider's own end is real
    data (its range is the data's, test wines included), so it is never flagged."""
    flagged = []
    for f in features:
        lo, hi = slider_range(f)
        if not lo <= float(wine[f["name"]]) <= hi:
            flagged.append(f["name"])
    return flagged


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
        html.P(f"{bucket_percent(result['probabilities'], bucket)} probability · {color} wine", className="verdict-sub"),
    ]
    if source:
        children.append(html.P(source, className="verdict-source"))
    if truth:
        children.append(truth_line(truth, bucket))
    if result.get("beyond_sliders"):
        names = ", ".join(result["beyond_sliders"])
        children.append(html.P(f"Outside the range of the data: {names}.", className="warning"))
    return children


def summary(result: Mapping) -> list:
    """Children of the compact verdict pinned to a phone's screen while the sliders are scrolled into view."""
    bucket = result["bucket"]
    return [
        html.Span("Predicted", className="eyebrow"),
        html.B(bucket, className=f"bucket-text bucket-{bucket}"),
        html.Span(bucket_percent(result["probabilities"], bucket)),
    ]


def colour_note(before: Mapping, after: Mapping, color: str) -> str:
    """How the model's answer changed when only the colour did: 'Same measurements as a red wine: average 56% → poor 61%'."""
    b, a = before["bucket"], after["bucket"]
    was, now = bucket_percent(before["probabilities"], b), bucket_percent(after["probabilities"], a)
    move = f"{b} {was} → {now}" if a == b else f"{b} {was} → {a} {now}"
    return f"Same measurements as a {color} wine: {move}"
