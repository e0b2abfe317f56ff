"""Sensitivity: the settled wine, once the card is on screen (assets/whatif.js) -> the 11 sweeps' numbers from one
batched predict call, answered by the LIVE_SWEEPS route, which the browser draws one chart per frame (Plotly.update).
No figure travels, and no round goes through Dash's renderer: the charts' layout only changes with presentation mode
(callbacks/presentation.py)."""
from __future__ import annotations

from collections.abc import Mapping

from callbacks.live_route import live_route
from components.figures import sensitivity_patch, sweep_numbers
from model.loader import LoadedModel
from model.sensitivity import sensitivity

LIVE_SWEEPS = "_live/sweeps"  # under Dash's routes prefix, beside the live bars


def sensitivity_sweeps(model: LoadedModel, wine: Mapping) -> dict:
    """{measurement: the numbers its chart shows for `wine`} (components/figures/sweeps.sweep_numbers)."""
    features = {f["name"]: f for f in model.features}
    return {c.feature: sweep_numbers(c, features[c.feature]) for c in sensitivity(model, wine).curves}


def sensitivity_patches(model: LoadedModel, wine: Mapping, names) -> list:
    """One Patch per chart, in the order of `names`: the same numbers as `sensitivity_sweeps`, for a Dash output."""
    curves = {c.feature: c for c in sensitivity(model, wine).curves}
    features = {f["name"]: f for f in model.features}
    return [sensitivity_patch(curves[n], features[n]) for n in names]


def register(app, model: LoadedModel) -> None:
    live_route(app, LIVE_SWEEPS, lambda wine: sensitivity_sweeps(model, wine))
