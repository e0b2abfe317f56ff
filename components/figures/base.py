"""What every chart shares: the Okabe-Ito bucket colours, type, the base layout and presentation scaling."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

# Okabe-Ito, a palette that stays distinguishable with every common colour-vision deficiency.
BUCKET_COLORS = {"poor": "#D55E00", "average": "#56B4E9", "good": "#009E73"}  # vermillion, sky blue, bluish green
INK, MUTED, GRID = "#1f2430", "#5b6172", "#e6e8ee"
FONT = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"
HEAT_SCALE = [[0.0, "#f4f8fb"], [0.5, "#7fb8dc"], [1.0, "#0b4f7c"]]  # white to Okabe-Ito blue, monotone in lightness
DIMMED_ALPHA = 0.35
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}
PRESENTATION_SCALE = 1.4  # type in the charts on a projector, relative to a desk
PRESENTATION_MIN_TYPE = 18  # px: no chart text smaller on a projector, as no page text is
# The margins of a chart whose horizontal legend sits outside its plot, as Plotly sizes them with the legend in at
# 1920x1080: given from the start, the legend fits and Plotly does not push the margin and draw the chart again
# (a narrower screen wraps the legend into more rows, and Plotly still pushes as much as it needs)
LEGEND_ABOVE_PX = 46  # a legend row over the plot: its top margin
LEGEND_BELOW_PX = 108  # the x axis's title and a legend row under the plot: its bottom margin


def figure_scale(presenting: bool) -> float:
    """The `scale` every builder takes: PRESENTATION_SCALE in presentation mode, 1.0 on a desk."""
    return PRESENTATION_SCALE if presenting else 1.0


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _px(size: float, scale: float) -> int:
    return round(size * scale)


def type_px(size: float, scale: float) -> int:
    """A chart's text size: `size` px on a desk; scaled on a projector, and never under PRESENTATION_MIN_TYPE."""
    px = _px(size, scale)
    return max(px, PRESENTATION_MIN_TYPE) if scale > 1 else px


def _base_layout(scale: float = 1.0, **overrides) -> dict:
    layout = dict(
        template="none",
        font=dict(family=FONT, size=type_px(15, scale), color=INK),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(family=FONT, size=type_px(14, scale), color=INK), bgcolor="white", bordercolor=MUTED),
        uirevision="fixed",  # keep axes and zoom state across updates
    )
    return layout | overrides


def percent_label(p: float) -> str:
    """A probability as a short percentage: '64%', '<1%' for tiny non-zero values. For one wine's three
    probabilities use `percent_labels`, whose whole percentages add up to 100."""
    if 0 < p < 0.005:
        return "<1%"
    return f"{100 * p:.0f}%"


def whole_percents(proba: Sequence[float]) -> list[int]:
    """Probabilities that add up to 1 as whole percentages that add up to 100: each rounded down, then the points
    still missing go to the largest remainders (ties to the first)."""
    exact = [100 * max(float(p), 0.0) for p in proba]
    total = sum(exact)
    if total <= 0:
        return [0] * len(exact)
    exact = [100 * x / total for x in exact]  # float noise: 0.999999 in all must still make 100
    floors = [math.floor(x) for x in exact]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def percent_labels(proba: Sequence[float]) -> list[str]:
    """One wine's probabilities as labels that add up to 100%: '64%', '31%', '5%'; a probability that rounds to
    0 but is not zero reads '<1%'."""
    return ["<1%" if n == 0 and p > 0 else f"{n}%" for n, p in zip(whole_percents(proba), proba)]


def bucket_percent(probabilities: Mapping[str, float], bucket: str) -> str:
    """The label of `bucket` among a wine's probabilities ({bucket: p}), as `percent_labels` writes it."""
    names = list(probabilities)
    return percent_labels([probabilities[c] for c in names])[names.index(bucket)]
