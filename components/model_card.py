"""The model card: data source and size, training configuration and test metrics, all read from the manifest."""
from __future__ import annotations

import re
from collections.abc import Mapping

from dash import html

from components import ids
from components.card import card
from components.insight import insight_views

METRICS = (  # (key, label, how to read it, as percent?)
    ("macro_precision", "Right when it names a bucket", "macro precision: the three buckets' average; higher is better",
     True),
    ("accuracy", "Accuracy", "higher is better", True),
    ("log_loss", "Log loss", "lower is better", False),
    ("ece", "Calibration error (ECE)", "lower is better", True),
)


def claim_text(test: Mapping, fair: Mapping | None = None) -> str:
    """The header's one claim, in a stakeholder's words: how often a bucket it names is right, on held-out test wines
    (macro precision), and on those with no twin in training. As short as the words it replaces."""
    claim = f"Right {test['macro_precision']:.0%} of the time it names a bucket"
    return claim + (f"; {fair['macro_precision']:.0%} on unseen wines" if fair else "")


def plain(text: str) -> str:
    """Manifest text without a code name in brackets: 'StratifiedKFold(5)' -> '5-fold cross-validation'."""
    return re.sub(r"StratifiedKFold\((\d+)\)", r"\1-fold cross-validation", text)


def source_lines(source: str) -> list:
    """'Repository, Dataset (Authors, Journal 47(4), 2009)' as two lines, so no bracket sits inside another."""
    match = re.fullmatch(r"(.*?) \((.*)\)", source)
    return [match[1], html.Br(), html.Span(match[2], className="muted")] if match else [source]


def _fmt(value: float, percent: bool) -> str:
    return f"{100 * value:.1f}%" if percent else f"{value:.3f}"


def _facts(pairs: list[tuple[str, object]]) -> html.Dl:
    items = []
    for term, detail in pairs:
        items += [html.Dt(term), html.Dd(detail)]
    return html.Dl(items, className="facts")


def data_facts(manifest: Mapping) -> html.Div:
    d = manifest["data"]
    split = d.get("split", {})
    by_color = d.get("rows_by_color", {})
    buckets = ", ".join(f"{c} {lo}–{hi}" if lo != hi else f"{c} {lo}" for c, (lo, hi) in manifest["class_quality"].items())
    pairs = [
        ("Source", source_lines(d["source"])),
        ("Licence", d.get("license", "")),
        ("Wines", f"{d['rows']:,} ({by_color.get('white', 0):,} white, {by_color.get('red', 0):,} red); "
                  f"{d.get('exact_duplicate_rows', 0):,} are exact duplicates"),
        ("Buckets (tasters' quality 0–10)", buckets),
        ("Split", f"{split.get('train_rows', 0):,} training / {split.get('test_rows', 0):,} test wines "
                  f"({split.get('test_size', 0):.0%} held out, seed {split.get('random_state', '?')})"),
    ]
    return html.Div([html.H3("Data"), _facts(pairs)], className="card-col")


def training_facts(manifest: Mapping) -> html.Div:
    m, versions = manifest["model"], manifest.get("versions", {})
    params = ", ".join(f"{k}={v}" for k, v in m.get("gbm_params", {}).items())
    calibration = m.get("calibration", {})
    method = calibration.get("method", "none")
    if method != "none" and calibration.get("fitted_on"):
        method = plain(f"{method}, fitted on {calibration['fitted_on']}")
    pairs = [
        ("Estimator", m["estimator"]),
        ("Gradient boosting", params or "defaults"),
        ("Calibration", method),
        ("Software", f"scikit-learn {versions.get('scikit-learn', '?')}, Python {versions.get('python', '?')}"),
        ("Artifact", f"{m['file']} · sha256 {m['sha256'][:12]}… (verified at start-up)"),
    ]
    if manifest.get("command"):
        pairs.append(("Trained with", html.Code(manifest["command"])))
    return html.Div([html.H3("Training"), _facts(pairs)], className="card-col")


def metrics_table(metrics: Mapping) -> html.Table:
    """Headline test metrics, for all test wines and for those without a duplicate twin in training."""
    columns = [("test", "All test wines"), ("test_without_twins", "Without training twins")]
    columns = [(k, label) for k, label in columns if k in metrics]
    head = html.Tr([html.Th("Metric", scope="col")] + [
        html.Th([label, html.Br(), html.Span(f"n = {metrics[k]['n']:,}", className="muted")], scope="col")
        for k, label in columns
    ])
    rows = [
        html.Tr([html.Th([label, html.Br(), html.Span(hint, className="muted")], scope="row")]
                + [html.Td(_fmt(metrics[k][key], pct)) for k, _ in columns])
        for key, label, hint, pct in METRICS
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="scores metrics")


def metrics_facts(manifest: Mapping) -> html.Div:
    split = manifest["data"].get("split", {})
    twins = split.get("test_rows_with_train_twin")
    note = (
        f"{twins:,} of the {split.get('test_rows', 0):,} test wines have an identical twin in the training data. "
        "The figures without them are the fairer estimate for a wine the model has never seen."
        if twins is not None else ""
    )
    return html.Div([html.H3("Test metrics"), metrics_table(manifest["metrics"]), html.P(note, className="hint")],
                    className="card-col")


def model_card(manifest: Mapping) -> html.Section:
    return card(
        "model-card", "Model card", ids.MODEL_CARD_TITLE, id=ids.MODEL_CARD,
        children=[
            html.Div([metrics_facts(manifest), data_facts(manifest), training_facts(manifest)], className="card-cols"),
            *[v for v in (insight_views(manifest),) if v is not None],
        ],
    )
