"""The Why this verdict? builders as plain functions: ranking, words, figure, and the panel's callback output."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from dash import Patch, no_update

from callbacks.explanation import why_outputs, why_update
from components import ids
from components.explanation import UNITS_LINE, VERDICT, feature_label, sentence, why_panel
from components.figures.explanations import Push, contribution_figure, ranked, signed
from components.static import freeze
from dash_text import text_of
from model.schema import CLASSES, FEATURE_NAMES

LABELS = [f"f{j}" for j in range(12)]


def test_ranked_keeps_the_six_largest_by_size_then_sums_the_rest():
    phi = np.array([0.1, -0.9, 0.3, 0.05, -0.2, 0.6, 0.0, 0.01, -0.02, 0.4, 0.03, -0.5])
    pushes = ranked(phi, LABELS)
    assert [p.label for p in pushes[:6]] == ["f1", "f5", "f11", "f9", "f2", "f4"]
    assert pushes[6].rest == 6 and pushes[6].label == "The other 6 together"
    assert pushes[6].phi == sum(phi[[0, 3, 6, 7, 8, 10]])
    assert abs(sum(p.phi for p in pushes) - phi.sum()) < 1e-12


def test_signed_and_sentence_read_plainly():
    assert signed(0.844) == "+0.84" and signed(-0.12) == "\u22120.12" and signed(0.001) == "0.00"
    assert sentence(Push("Alcohol 12.8 % vol", 0.84), "good") == "Alcohol 12.8 % vol pushes towards good (+0.84)"
    assert sentence(Push("The other 6 together", -0.1, 6), "good") == \
        "The other 6 inputs together push away from good (\u22120.10)"


def test_feature_label_has_the_value_and_unit(loaded_model):
    features = {f["name"]: f for f in loaded_model.features}
    wine = {"alcohol": 12.8, "pH": 3.18, "chlorides": 0.046, "density": 0.99064, "color": "red"}
    assert feature_label("alcohol", wine, features) == "Alcohol 12.8 % vol"
    assert feature_label("pH", wine, features) == "pH 3.18"
    assert feature_label("chlorides", wine, features) == "Chlorides 0.046 g/dm³"
    # one number format everywhere: a real test wine's extra digits are kept, as in the boxes and the link
    assert feature_label("density", wine, features) == "Density 0.99064 g/cm³"
    assert feature_label("color", wine, features) == "Colour red"


def test_contribution_figure_colours_towards_and_away():
    fig = contribution_figure([Push("a", 0.5), Push("b", -0.3), Push("rest", 0.1, 6)], "good")
    assert isinstance(fig, go.Figure)
    bar = fig.data[0]
    assert list(bar.x) == [0.5, -0.3, 0.1] and list(bar.y) == ["a", "b", "rest"]
    assert bar.marker.color[0] == "#009E73" and bar.marker.color[1] != bar.marker.color[0]
    assert fig.layout.yaxis.autorange == "reversed"  # largest first, at the top


def test_why_outputs_follow_the_wine_and_the_chosen_bucket(loaded_model, average_wine):
    fig, words = why_outputs(loaded_model, average_wine, VERDICT)
    from model.predict import predict

    predicted = predict(loaded_model, average_wine)[0]["bucket"]
    assert f"Why {predicted}?" in text_of(words)
    assert len(fig.data[0].x) == 7
    # the bars add up, with the base, to the logit of the explained bucket
    e = loaded_model.explainer.explain(np.array([[average_wine[f] if f != "color" else 0 for f in FEATURE_NAMES]]))
    k = CLASSES.index(predicted)
    assert abs(sum(fig.data[0].x) - e.phi[0, k].sum()) < 1e-9
    strong = average_wine | {"alcohol": 14.0}
    fig2, words2 = why_outputs(loaded_model, strong, "good", presenting=True)
    assert "Alcohol 14.0 % vol pushes towards good" in text_of(words2)
    assert fig2.layout.font.size > fig.layout.font.size
    assert "What speaks for and against good" in text_of(words2) or "Why good?" in text_of(words2)


def test_the_panel_says_what_the_units_mean(loaded_model, average_wine):
    panel = why_panel(*why_outputs(loaded_model, average_wine, VERDICT))
    assert UNITS_LINE in text_of(panel) and "log-odds" in UNITS_LINE and "not the wine's chemistry" in UNITS_LINE


def test_model_card_shows_importance_and_reliability_from_the_manifest(loaded_model):
    from components import ids
    from components.model_card import model_card

    card = model_card(loaded_model.manifest)
    graphs = {}

    def walk(node):
        if getattr(node, "id", None) in (ids.IMPORTANCE_GRAPH, ids.PERMUTATION_GRAPH, ids.RELIABILITY_GRAPH):
            graphs[node.id] = node.figure
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(card)
    assert set(graphs) == {ids.IMPORTANCE_GRAPH, ids.PERMUTATION_GRAPH, ids.RELIABILITY_GRAPH}
    assert [t.name for t in graphs[ids.IMPORTANCE_GRAPH].data] == list(CLASSES)
    assert graphs[ids.PERMUTATION_GRAPH].data[0].y[0] == "Alcohol"  # the largest drop first
    names = [t.name for t in graphs[ids.RELIABILITY_GRAPH].data if t.name]
    assert names == ["Shipped model (ECE 0.046)", "Reference GBM (ECE 0.133)"]
    assert "What matters to the model overall" in text_of(card)


@pytest.mark.parametrize("triggered, sent", [
    ({ids.WHY_WINE}, None),                      # a new wine alone: the browser draws its numbers
    ({ids.WHY_BUCKET}, Patch),                   # a new bucket: the bars' arrays
    ({ids.WHY_BUCKET, ids.WHY_WINE}, Patch),     # both in one round: the bucket's arrays still go
])
def test_the_why_callback_answers_every_input_that_changed(loaded_model, average_wine, triggered, sent):
    chart, words = why_update(loaded_model, triggered, average_wine, VERDICT)
    if sent is None:
        assert chart is no_update
    else:
        assert isinstance(chart, sent)
    assert repr(words) == repr(freeze(why_outputs(loaded_model, average_wine, VERDICT, whole=False)[1]))
    assert "Alcohol 10.514267 % vol pushes towards average" in repr(words)
