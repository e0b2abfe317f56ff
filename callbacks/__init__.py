"""register_all(app, model): each callbacks module's register, in order; the what-if ones get the training wines.

The page's update flow (one source of truth, the wine in CURRENT_WINE; the bars at once; every other panel from the
settled wine through its own store, only while on screen, one panel per idle slot) is described once, at the top of
assets/whatif.js."""
from __future__ import annotations

from callbacks import (advice, batch, compare, confusion, controls, decide, drilldown, explanation, guard,
                       prediction, presentation, presets, sensitivity, share)
from model.loader import LoadedModel
from model.reference import training_wines

MODULES = (presets, controls, prediction, sensitivity, explanation, confusion, drilldown, share, decide, compare,
           presentation, batch)
WHAT_IF_MODULES = (advice, guard)  # register(app, ref): they need the training wines, which carry the model


def register_all(app, model: LoadedModel) -> None:
    """Register every callback of the dashboard on `app`."""
    for module in MODULES:
        module.register(app, model)
    ref = training_wines(model)  # built once per loaded model, read-only
    for module in WHAT_IF_MODULES:
        module.register(app, ref)
