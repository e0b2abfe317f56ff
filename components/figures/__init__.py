"""Pure figure builders, one module per chart family: bars, confusion, sweeps (and their Patches).

Every builder takes `scale`, the factor presentation mode applies to type and margins (1.0 on a desk).
"""
from components.figures.bars import FULL_LINE, bar_style, probability_bars, probability_patch
from components.figures.base import (
    BUCKET_COLORS,
    DIMMED_ALPHA,
    FONT,
    GRAPH_CONFIG,
    GRID,
    HEAT_SCALE,
    INK,
    MUTED,
    PRESENTATION_SCALE,
    type_px,
    figure_scale,
    bucket_percent,
    percent_label,
    percent_labels,
    whole_percents,
)
from components.figures.confusion import (
    CONFUSION_MODES,
    SELECTED_COLOR,
    TASTER,
    cell_sentence,
    confusion_heatmap,
    confusion_patch,
    confusion_shapes,
    normalize,
    selected_cell_patch,
)
from components.figures.sweeps import SENSITIVITY_MARKERS, sensitivity_figure, sensitivity_patch, sweep_numbers

__all__ = [
    "BUCKET_COLORS", "CONFUSION_MODES", "DIMMED_ALPHA", "FONT", "FULL_LINE", "GRAPH_CONFIG", "GRID",
    "HEAT_SCALE", "INK", "MUTED", "PRESENTATION_SCALE", "SELECTED_COLOR", "TASTER", "SENSITIVITY_MARKERS", "bar_style",
    "cell_sentence", "confusion_heatmap", "confusion_patch", "confusion_shapes", "figure_scale", "normalize", "percent_label",
    "percent_labels", "whole_percents", "bucket_percent", "type_px",
    "probability_bars", "probability_patch", "selected_cell_patch", "sensitivity_figure", "sensitivity_patch",
    "sweep_numbers",
]
