"""The wine designer's controls: one labelled slider per measurement (from the manifest), colour switch, presets."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from dash import dcc, html
from dash.development.base_component import Component

from components import ids
from components.card import card
from model.scenario import (  # noqa: F401  (the value helpers the components share, defined on the model side)
    default_wine,
    display_name,
    format_value,
    same_value,
    same_wine,
    slider_range,
    snap,
)

COLOR_OPTIONS = [{"label": "White", "value": "white"}, {"label": "Red", "value": "red"}]
AVERAGE_LABEL = "The average {color} wine"
TEST_WINE_LABEL = "Test wine #{row}, {color}"
TYPICAL = ("0.01", "0.99")  # the shaded band on each slider: where 98% of real wines lie


def unit_of(feature: Mapping) -> str:
    """The unit to print after a value ('' for pH, whose unit is its name)."""
    return feature["unit"] if feature["unit"] != feature["name"] else ""


def wine_request(wine: Mapping, label: str, truth: Mapping | None = None, nonce: int = 0, preset: bool = False) -> dict:
    """The data of the WINE_REQUEST store: a wine to load into the controls, what to call it and, for a
    test wine, the tasters' verdict. `nonce` makes a repeated press a new value; `preset` marks the average
    wine and the test wines (flipping the colour of an unedited one loads the other colour's average wine)."""
    return {"wine": dict(wine), "label": label, "truth": dict(truth) if truth else None, "nonce": nonce,
            "preset": preset}


def _band(feature: Mapping) -> dict:
    lo, hi = slider_range(feature)
    q = feature.get("quantiles", {})
    start, end = (q.get(k, edge) for k, edge in zip(TYPICAL, (lo, hi)))
    pct = [max(0.0, min(100.0, 100 * (v - lo) / (hi - lo))) for v in (start, end)]
    return {"--band-from": f"{pct[0]:.1f}%", "--band-to": f"{pct[1]:.1f}%"}


def feature_slider(feature: Mapping, value: float) -> html.Div:
    """A slider with its name, unit and a number box (typed values count on Enter or Tab, clamped to the slider
    and snapped to its step: assets/controls.js); live while dragging (assets/live.js); keyboard operable."""
    name = feature["name"]
    lo, hi = slider_range(feature)
    unit = unit_of(feature)
    return html.Div(
        className="feature-control",
        role="group",
        style=_band(feature),
        title=f"{display_name(name)}: data range {lo:g} to {hi:g} {unit}".rstrip(),
        **{"aria-labelledby": ids.label(name), "data-label-id": ids.label(name), "data-step": str(feature["step"]),
           "data-feature": name},  # the measurement assets/live.js reads off this slider
        children=[
            html.Div(
                className="feature-head",
                children=[
                    html.Span(display_name(name), id=ids.label(name), className="feature-name"),
                    html.Span(unit, className="feature-unit"),
                    html.Span(id=ids.feature_note(name), className="feature-note", role="status"),
                ],
            ),
            html.Div(className="feature-row", children=[
                dcc.Slider(
                    id=ids.slider(name),
                    min=lo,
                    max=hi,
                    step=feature["step"],
                    value=value,
                    marks=None,
                    included=False,
                    updatemode="mouseup",  # value on the mouse-up; mid-drag assets/live.js scores the thumb
                    allow_direct_input=False,  # its built-in box drops a clamped value on blur; ours is beside it
                    className="feature-slider",
                ),
                dcc.Input(id=ids.feature_box(name), type="text", value=format_value(value, feature),
                          autoComplete="off", spellCheck=False, inputMode="decimal", className="feature-box"),
            ]),
        ],
    )


def color_switch(value: str = "white") -> html.Div:
    return html.Div(
        className="control-row",
        role="group",
        **{"aria-labelledby": ids.label(ids.COLOR)},
        children=[
            html.Span("Colour", id=ids.label(ids.COLOR), className="control-label"),
            dcc.RadioItems(id=ids.COLOR, options=COLOR_OPTIONS, value=value, inline=True, className="segmented"),
            html.Span(id=ids.COLOR_NOTE, className="color-note", role="status"),
        ],
    )


def preset_buttons() -> html.Div:
    return html.Div(
        className="button-row",
        children=[
            html.Button("Average wine", id=ids.AVERAGE_BUTTON, className="btn", n_clicks=0,
                        title="Set every slider to the mean wine of the chosen colour"),
            html.Button("Random test wine", id=ids.RANDOM_BUTTON, className="btn btn-primary", n_clicks=0,
                        title="Load a wine of the chosen colour from the held-out test set"),
        ],
    )


def sliders_block(features: list[Mapping], wine: Mapping, run: Callable[[Component], Component]) -> html.Div:
    """One slider per measurement, set to `wine`, in two runs (the first half, then the rest), each a `.sliders-run`
    (which takes no box of its own) wrapped as `run` makes it (components/layout.py mounts each run in a task of
    its own)."""
    sliders = [feature_slider(f, wine[f["name"]]) for f in features]
    half = (len(sliders) + 1) // 2
    return html.Div([run(html.Div(part, className="sliders-run")) for part in (sliders[:half], sliders[half:])],
                    className="sliders")


def controls_panel(color: str, sliders) -> html.Section:
    """The whole control card: colour (`color` chosen), presets, then `sliders` (the block holding one slider per
    measurement, sliders_block)."""
    return card(
        "controls", "Design a wine", ids.CONTROLS_TITLE,
        [
            color_switch(color),
            preset_buttons(),
            html.P(
                [html.Span(className="band-swatch", **{"aria-hidden": "true"}),
                 " shaded: where 98% of real wines lie"],
                className="hint",
            ),
            html.P(id=ids.INPUT_NOTICE, className="notice input-notice hidden", role="alert"),
            sliders,
        ],
    )
