"""components/figures: probability bars and their Patch, the confusion-matrix heatmap, sensitivity charts."""
from __future__ import annotations

import copy

import numpy as np
import plotly.graph_objects as go
import pytest

from components.controls import slider_range
from components.figures import (
    BUCKET_COLORS,
    CONFUSION_MODES,
    SENSITIVITY_MARKERS,
    bar_style,
    cell_sentence,
    confusion_heatmap,
    normalize,
    percent_label,
    probability_bars,
    probability_patch,
    sensitivity_figure,
    sensitivity_patch,
)
from model.sensitivity import Curve

COUNTS = np.array([[212, 95, 4], [107, 431, 41], [1, 99, 142]])


def apply_patch(figure: dict, patch) -> dict:
    """Apply a dash.Patch's Assign operations to a figure dict, as the browser does."""
    out = copy.deepcopy(figure)
    for op in patch.to_plotly_json()["operations"]:
        assert op["operation"] == "Assign", op
        target = out
        for key in op["location"][:-1]:
            target = target[key]
        target[op["location"][-1]] = op["params"]["value"]
    return out


@pytest.mark.parametrize("p, label", [(0.6449, "64%"), (0.0, "0%"), (0.004, "<1%"), (1.0, "100%")])
def test_percent_label(p, label):
    assert percent_label(p) == label


def test_probability_bars_show_percentages_on_a_fixed_axis_and_highlight_the_prediction():
    fig = probability_bars([0.2, 0.15, 0.65])
    assert isinstance(fig, go.Figure)
    (bar,) = fig.data
    assert list(bar.x) == ["poor", "average", "good"]
    assert list(bar.y) == pytest.approx([20, 15, 65])
    assert list(bar.text) == ["20%", "15%", "<b>65%</b>"]
    assert tuple(fig.layout.yaxis.range) == (0, 100) and fig.layout.yaxis.fixedrange
    # only the predicted bar is solid and outlined
    assert bar.marker.color[2] == BUCKET_COLORS["good"]
    assert all(c.startswith("rgba(") for c in bar.marker.color[:2])
    assert list(bar.marker.line.width) == [0, 0, 2.5]
    assert list(fig.layout.xaxis.ticktext) == ["poor", "average", "<b>good</b>"]


def test_patch_turns_one_prediction_into_another_without_touching_the_axes():
    before, after = [0.7, 0.2, 0.1], [0.1, 0.3, 0.6]
    patched = apply_patch(probability_bars(before).to_plotly_json(), probability_patch(after))
    expected = probability_bars(after).to_plotly_json()
    assert patched == expected
    # and the patch carries only the changing fields, not the layout
    locations = {tuple(op["location"]) for op in probability_patch(after).to_plotly_json()["operations"]}
    assert all(loc[0] == "data" or loc[:2] == ("layout", "xaxis") for loc in locations)


def test_bar_style_highlights_the_largest_probability():
    assert bar_style([0.3, 0.5, 0.2])["line_widths"] == [0, 2.5, 0]


def test_normalize_by_actual_rows_and_predicted_columns():
    np.testing.assert_allclose(normalize(COUNTS, "actual").sum(axis=1), 100)
    np.testing.assert_allclose(normalize(COUNTS, "predicted").sum(axis=0), 100)
    assert normalize(COUNTS, "counts").sum() == pytest.approx(100)
    with_empty_row = np.array([[0, 0, 0], [1, 2, 3], [0, 0, 4]])
    assert normalize(with_empty_row, "actual")[0].tolist() == [0, 0, 0]
    assert normalize(with_empty_row, "predicted")[:, 0].tolist() == [0, 100, 0]
    with pytest.raises(ValueError, match="unknown confusion-matrix mode"):
        normalize(COUNTS, "bogus")


def test_cell_sentences_say_what_a_cell_means():
    assert cell_sentence(COUNTS, 1, 0, "counts") == "107 wines rated average were predicted poor (9% of all 1,132)"
    assert cell_sentence(COUNTS, 2, 0, "counts").startswith("1 wine rated good was predicted poor")
    assert cell_sentence(COUNTS, 1, 0, "actual") == "18% of the 579 wines rated average were predicted poor (107)"
    assert cell_sentence(COUNTS, 1, 0, "predicted") == "33% of the 320 wines predicted poor were rated average (107)"
    assert cell_sentence(COUNTS, 1, 1, "counts").endswith("— correct")


@pytest.mark.parametrize("mode", list(CONFUSION_MODES))
def test_confusion_heatmap_cells_show_count_and_percent(mode):
    fig = confusion_heatmap(COUNTS, mode)
    (heat,) = fig.data
    pct = normalize(COUNTS, mode)
    assert heat.text[1][0] == f"<b>107</b><br>{pct[1, 0]:.0f}%"
    assert heat.text[2][0] == f"<b>1</b><br>{pct[2, 0]:.1f}%"  # under 1% keeps a decimal
    expected_z = COUNTS if mode == "counts" else pct
    np.testing.assert_allclose(np.array(heat.z, dtype=float), expected_z, atol=0.005)
    assert heat.zmin == 0 and heat.zmax == (COUNTS.max() if mode == "counts" else 100)
    assert heat.hovertext[1][0] == cell_sentence(COUNTS, 1, 0, mode)
    assert fig.layout.yaxis.autorange == "reversed"  # actual 'poor' on top, as a matrix is read
    assert len(fig.layout.shapes) == 3  # the diagonal (correct predictions) is outlined


def test_confusion_heatmap_layout_is_the_same_in_every_mode():
    layouts = [confusion_heatmap(COUNTS, m).layout.to_plotly_json() for m in CONFUSION_MODES]
    assert layouts[0] == layouts[1] == layouts[2]


def test_every_builder_scales_its_type_for_presentation_mode():
    small, large = probability_bars([0.2, 0.3, 0.5]), probability_bars([0.2, 0.3, 0.5], scale=1.5)
    assert large.layout.font.size == round(1.5 * small.layout.font.size)
    assert large.data[0].textfont.size > small.data[0].textfont.size
    assert large.layout.xaxis.tickfont.size > small.layout.xaxis.tickfont.size
    assert confusion_heatmap(COUNTS, scale=1.5).data[0].textfont.size > confusion_heatmap(COUNTS).data[0].textfont.size
    # the data never depends on the scale
    assert large.data[0].y == small.data[0].y


# ---------- sensitivity ----------

ALCOHOL = {"name": "alcohol", "unit": "% vol", "step": 0.1, "decimals": 1, "min": 8.0, "max": 14.9}


def curve(current: float, shift: float = 0.0) -> Curve:
    """A made-up sweep over the alcohol range with `current` inserted, as model.sensitivity builds it."""
    grid = np.unique(np.append(np.linspace(ALCOHOL["min"], ALCOHOL["max"], 9), current))
    good = np.clip((grid - 8) / 7 + shift, 0, 1)
    proba = np.column_stack([(1 - good) * 0.6, (1 - good) * 0.4, good])
    return Curve("alcohol", grid, proba, current, int(np.flatnonzero(grid == current)[0]))


def test_sensitivity_figure_draws_each_bucket_across_the_slider_range_and_marks_the_wine():
    c = curve(10.5)
    fig = sensitivity_figure(c, ALCOHOL)
    lines, markers = fig.data[:SENSITIVITY_MARKERS], fig.data[SENSITIVITY_MARKERS]
    assert [t.name for t in lines] == ["poor", "average", "good"]
    assert [t.line.color for t in lines] == [BUCKET_COLORS[b] for b in ("poor", "average", "good")]
    for k, line in enumerate(lines):
        np.testing.assert_allclose(line.x, c.grid, atol=0.01)
        np.testing.assert_allclose(line.y, 100 * c.proba[:, k], atol=0.05)  # percent, like the bars
    assert list(markers.x) == [10.5] * 3
    np.testing.assert_allclose(markers.y, 100 * c.proba[c.current_index], atol=0.05)
    (now,) = fig.layout.shapes
    assert now.x0 == now.x1 == 10.5 and now.line.dash == "dot"
    assert tuple(fig.layout.xaxis.range) == slider_range(ALCOHOL)  # the same ends as the slider above it
    assert tuple(fig.layout.yaxis.range) == (0, 100) and fig.layout.yaxis.fixedrange


def test_sensitivity_patch_turns_one_wine_into_another_without_touching_the_layout():
    before, after = curve(9.3), curve(12.1, shift=0.2)
    patched = apply_patch(sensitivity_figure(before, ALCOHOL).to_plotly_json(), sensitivity_patch(after, ALCOHOL))
    assert patched == sensitivity_figure(after, ALCOHOL).to_plotly_json()
    locations = {tuple(op["location"]) for op in sensitivity_patch(after, ALCOHOL).to_plotly_json()["operations"]}
    assert all(loc[0] == "data" or loc[:2] == ("layout", "shapes") for loc in locations)
