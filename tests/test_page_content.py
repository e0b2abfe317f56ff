"""What the page says, as plain functions: whole percentages that add up to 100 wherever one wine's three are shown,
batch results with the predictions first and the assumed colour said, "make it good" with nothing allowed to move,
a slider's own end left unflagged, a link value out of range called so, plain words, chart labels with room."""
from __future__ import annotations

import re

import pytest

from callbacks.advice import suggest
from callbacks.share import notice_text, restore_outputs
from components.batch import _size, preview_columns, preview_table, summary, too_large_message
from components.compare import pinned_bars
from components.controls import default_wine, feature_slider, slider_range
from components.drilldown import wines_table
from components.figures import bar_style, bucket_percent, percent_labels, whole_percents
from components.figures.explanations import Push, contribution_figure, reliability_figure
from components.model_card import claim_text, model_card, plain, source_lines
from components.verdict import beyond_sliders, summary as phone_summary, verdict
from model.batch import score_csv
from model.data import DataError, parse_wine_csv
from model.reference import scored_test_set, training_wines
from tests.dash_text import text_of

# ---------- one wine's three percentages: largest remainder, one function, used everywhere ----------


@pytest.mark.parametrize("proba, expected", [
    ([0.645, 0.315, 0.04], [65, 31, 4]),      # 64.5 + 31.5 + 4.0: the tied remainders, the first gets the point
    ([1 / 3, 1 / 3, 1 / 3], [34, 33, 33]),     # a tie goes to the first
    ([0.125, 0.125, 0.75], [13, 12, 75]),      # 12.5 + 12.5: plain rounding gives 12 + 12 + 75 = 99
    ([0.6648, 0.2950, 0.0402], [66, 30, 4]),   # the largest remainder (.50) gets the missing point, not the first
    ([0.335, 0.335, 0.33], [34, 33, 33]),      # plain rounding (half to even) 34 + 34 + 33 = 101
    ([1.0, 0.0, 0.0], [100, 0, 0]),
    ([0.0, 0.0, 0.0], [0, 0, 0]),
])
def test_whole_percents_add_up_to_100(proba, expected):
    got = whole_percents(proba)
    if sum(proba):
        assert sum(got) == 100
    assert got == expected


def test_whole_percents_at_the_edge_of_a_remainder():
    # 33.4 / 33.3 / 33.3: the one point missing goes to the largest remainder, not the first
    assert whole_percents([0.333, 0.334, 0.333]) == [33, 34, 33]
    # float noise: probabilities that add to 0.9999999 still make 100
    assert sum(whole_percents([0.4999999, 0.3, 0.2])) == 100


def test_a_tiny_probability_reads_below_one_percent_and_the_rest_still_add_up():
    assert percent_labels([0.996, 0.003, 0.001]) == ["100%", "<1%", "<1%"]
    assert percent_labels([0.5, 0.5, 0.0]) == ["50%", "50%", "0%"]
    assert bucket_percent({"poor": 0.125, "average": 0.125, "good": 0.75}, "poor") == "13%"
    assert bucket_percent({"poor": 0.125, "average": 0.125, "good": 0.75}, "average") == "12%"


def _numbers(texts) -> list[int]:
    return [int(re.sub(r"<[^>]+>|%", "", t)) for t in texts]


def test_bars_verdict_a_and_drill_down_show_the_same_percentages_that_add_up(loaded_model):
    proba = [0.125, 0.125, 0.75]
    assert sum(_numbers(bar_style(proba)["text"])) == 100
    annotations = pinned_bars(proba).to_plotly_json()["operations"]
    texts = next(op["params"]["value"] for op in annotations if op["location"][-1] == "annotations")
    assert [a["text"] for a in texts] == ["A<br>13%", "A<br>12%", "A<br>75%"]
    assert [a["yanchor"] for a in texts] == ["bottom"] * 3
    result = {"bucket": "good", "probabilities": dict(zip(("poor", "average", "good"), proba))}
    assert "75% probability" in text_of(verdict(result, "red"), " ")
    assert "75%" in text_of(phone_summary(result), " ")
    test_set = scored_test_set(loaded_model)
    table = text_of(wines_table(test_set, list(range(40)), loaded_model.features, loaded_model.classes), "|")
    rows = [[int(c.strip("<%")) if c[0] != "<" else 0 for c in re.findall(r"\|(<?\d+%)", row)]
            for row in table.split("#")[1:]]
    assert len(rows) == 40 and all(len(r) == 3 and sum(r) == 100 for r in rows)


@pytest.mark.parametrize("top, inside", [(0.84, False), (0.85, True), (1.0, True)])
def test_a_tall_pinned_bars_label_sits_inside_its_outline(top, inside):
    proba = [top, (1 - top) / 2, (1 - top) / 2]
    ops = pinned_bars(proba, 1.4).to_plotly_json()["operations"]
    first = next(op["params"]["value"] for op in ops if op["location"][-1] == "annotations")[0]
    assert first["yanchor"] == ("top" if inside else "bottom") and first["y"] == pytest.approx(100 * top)


# ---------- batch: predictions first, one numbering, the assumed colour said, readable sizes ----------

RED = ("fixed acidity;volatile acidity;citric acid;residual sugar;chlorides;free sulfur dioxide;total sulfur dioxide;"
       "density;pH;sulphates;alcohol\n7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4\n"
       "7.8;0.88;0;2.6;0.098;25;67;0.9968;3.2;0.68;9.8\n")


def test_batch_preview_puts_the_predictions_first_numbered_as_the_files_rows(loaded_model):
    frame = score_csv(loaded_model, RED.encode(), "reds.csv", "white")
    assert preview_columns(frame)[:4] == ["predicted bucket", "p(poor)", "p(average)", "p(good)"]
    table = preview_table(frame).children[0].children
    heads = [th.children for th in table.children[0].children.children]
    assert heads[:5] == ["row", "predicted", "poor %", "average %", "good %"]
    first = [td.children for td in table.children[1].children[0].children]
    assert first[0] == 2  # the header is row 1, as in the error messages
    assert sum(int(c.rstrip("%")) for c in first[2:5]) == 100
    assert first[-1] == "white (assumed)"


def test_a_file_without_colours_says_which_colour_was_assumed(loaded_model):
    frame = score_csv(loaded_model, RED.encode(), "reds.csv", "white")
    assert frame.attrs["assumed_color"] == [True, True]
    assert "The file gives no colour: scored as white" in text_of(summary(frame, "reds.csv"))
    coloured = RED.replace("alcohol\n", "alcohol;color\n").replace("9.4\n", "9.4;red\n").replace("9.8\n", "9.8;\n")
    frame = score_csv(loaded_model, coloured.encode(), "mixed.csv", "red")
    assert frame.attrs["assumed_color"] == [False, True]
    assert "1 wine has no colour: scored as red" in text_of(summary(frame, "mixed.csv"))
    given = coloured.replace("9.8;\n", "9.8;white\n")
    frame = score_csv(loaded_model, given.encode(), "given.csv", "red")
    assert not any(frame.attrs["assumed_color"]) and "no colour" not in text_of(summary(frame, "given.csv"))
    assert frame.to_csv(index=False).count("assumed") == 0  # the download stays a clean CSV


@pytest.mark.parametrize("n_bytes, text", [
    (1_000_000, "1 MB"), (1_000_001, "1.01 MB"), (1_100_010, "1.11 MB"), (1_100_000, "1.1 MB"),
    (999_999, "1000 kB"), (640_000, "640 kB"), (640_001, "640.01 kB"),
])
def test_sizes_read_with_at_most_two_decimals_rounded_up(n_bytes, text):
    assert _size(n_bytes) == text


def test_a_file_over_the_limit_never_reads_as_the_limit():
    assert "1.01 MB, over the 1 MB limit" in text_of(too_large_message("big.csv", 1_000_001, 1_000_000))


@pytest.mark.parametrize("cell, says", [("abc", "'abc' is not a number"), ("", "is empty")])
def test_a_bad_cell_is_said_in_plain_words(cell, says):
    text = "fixed acidity,pH\n7.0," + cell + "\n"
    with pytest.raises(DataError, match=f"row 2, column 'pH': {says}"):
        parse_wine_csv(text, "wines.csv", ["fixed acidity", "pH"])


# ---------- "make it good" with nothing allowed to move ----------

def test_with_nothing_ticked_make_it_good_says_nothing_may_move(loaded_model):
    wine = default_wine(loaded_model.features, "white")
    _, _, body = suggest(training_wines(loaded_model), wine, movable=[])
    text = text_of(body)
    assert "Nothing may move" in text and "up to 4" not in text


def test_with_one_measurement_ticked_it_says_so(loaded_model):
    wine = default_wine(loaded_model.features, "white") | {"alcohol": 8.0, "volatile acidity": 1.1}
    _, _, body = suggest(training_wines(loaded_model), wine, movable=["pH"])
    text = text_of(body)
    assert "No small change found" in text and "the measurement it may move" in text


# ---------- a slider's own end is data, never flagged ----------

def test_a_sliders_ends_are_not_flagged_and_one_step_past_is(loaded_model):
    features = loaded_model.features
    sulphates = next(f for f in features if f["name"] == "sulphates")
    lo, hi = slider_range(sulphates)
    wine = default_wine(features, "white")
    assert beyond_sliders(wine | {"sulphates": hi}, features) == []
    assert beyond_sliders(wine | {"sulphates": lo}, features) == []
    assert beyond_sliders(wine | {"sulphates": hi + sulphates["step"]}, features) == ["sulphates"]
    assert beyond_sliders(wine | {"sulphates": lo - sulphates["step"]}, features) == ["sulphates"]
    result = {"bucket": "average", "probabilities": {"poor": 0.2, "average": 0.7, "good": 0.1},
              "out_of_range_features": ["sulphates"], "beyond_sliders": []}
    assert "Outside" not in text_of(verdict(result, "white"))
    assert "Outside the range of the data: sulphates" in text_of(verdict(result | {"beyond_sliders": ["sulphates"]},
                                                                           "white"))


# ---------- number boxes, links, words ----------

def test_number_boxes_ask_for_a_decimal_keyboard(loaded_model):
    feature = loaded_model.features[0]
    box = feature_slider(feature, feature["mean"]).children[1].children[1]
    assert box.inputMode == "decimal"


def test_a_link_value_out_of_range_is_called_so_and_a_word_is_unreadable(loaded_model):
    text = restore_outputs(loaded_model.features, "?al=99&ph=abc&c=w", None, None)[2]
    assert "Alcohol 99 is outside the slider's 8.0 to 14.9 % vol, so it was left out." in text
    assert "could not be read and was left out: pH." in text
    assert "Alcohol" not in text.split("could not be read")[1]
    assert notice_text(["scenario A"]) == "Part of this link could not be read and was left out: scenario A."


def test_the_header_and_model_card_speak_plainly(loaded_model):
    manifest = loaded_model.manifest
    claim = claim_text(manifest["metrics"]["test"], manifest["metrics"]["test_without_twins"])
    assert "Macro precision" not in claim and claim == "Right 74% of the time it names a bucket; 63% on unseen wines"
    assert len(claim) <= len("Macro precision 74% on held-out wines (63% without duplicates)")  # the header keeps its height
    assert plain("fitted on out-of-fold scores, StratifiedKFold(5)") == "fitted on out-of-fold scores, 5-fold cross-validation"
    name, _, paper = source_lines("Repo, Wine Quality (Cortez et al., DSS 47(4):547-553, 2009)")
    assert name == "Repo, Wine Quality" and paper.children == "Cortez et al., DSS 47(4):547-553, 2009"
    card = text_of(model_card(manifest), "\n")
    for line in card.split("\n"):  # no bracket inside another bracket on any line of the card
        depth = deepest = 0
        for ch in line:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1 or "47(4)" in line, line


# ---------- charts: room for their labels ----------

def test_the_why_charts_caption_is_short_and_its_labels_have_room():
    figure = contribution_figure([Push("Alcohol 14.9 % vol", -0.84), Push("pH 3.19", 0.1)], "average")
    assert figure.layout.xaxis.title.text == "\u2190 away \u00b7 towards average \u2192"
    assert figure.layout.xaxis.range[0] <= -0.84 * 1.9 + 1e-9  # the label of the longest bar fits outside it


def test_the_reliability_diagrams_top_point_is_drawn_whole():
    curve = {"ece": 0.05, "bins": [{"confidence": 0.95, "accuracy": 1.0, "count": 200}]}
    figure = reliability_figure({"models": {"shipped": curve}})
    assert figure.layout.yaxis.range[1] > 1 and figure.data[1].cliponaxis is False
    assert list(figure.layout.yaxis.tickvals)[-1] == 1
