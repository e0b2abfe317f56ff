"""What every chart shares: the Okabe-Ito bucket colours, type, the base layout and presentation scaling."""
from __future__ import annotations

# Okabe-Ito, a palette that stays distinguishable with every common colour-vision deficiency.
BUCKET_COLORS = {"poor": "#D55E00", "average": "#56B4E9", "good": "#009E73"}  # vermillion, sky blue, bluish green
INK, MUTED, GRID = "#1f2430", "#5b6172", "#e6e8ee"
FONT = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif"
HEAT_SCALE = [[0.0, "#f4f8fb"], [0.5, "#7fb8dc"], [1.0, "#0b4f7c"]]  # white to Okabe-Ito blue, monotone in lightness
DIMMED_ALPHA = 0.35
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}
PRESENTATION_SCALE = 1.4  # type in the charts on a projector, relative to a desk


def figure_scale(presenting: bool) -> float:
    """The `scale` every builder takes: PRESENTATION_SCALE in presentation mode, 1.0 on a desk."""
    return PRESENTATION_SCALE if presenting else 1.0


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _px(size: float, scale: float) -> int:
    return round(size * scale)


def _base_layout(scale: float = 1.0, **overrides) -> dict:
    layout = dict(
        template="none",
        font=dict(family=FONT, size=_px(15, scale), color=INK),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hoverlabel=dict(font=dict(family=FONT, size=_px(14, scale), color=INK), bgcolor="white", bordercolor=MUTED),
        uirevision="fixed",  # keep axes and zoom state across updates
    )
    return layout | overrides


def percent_label(p: float) -> str:
    """A probability as a short percentage: '64%', '<1%' for tiny non-zero values."""
    if 0 < p < 0.005:
        return "<1%"
    return f"{100 * p:.0f}%"
