"""register_all(app, model): each callbacks module's register(app, model), in order."""
from __future__ import annotations

from callbacks import batch, confusion, prediction, presets
from model.loader import LoadedModel

MODULES = (presets, prediction, confusion, batch)


def register_all(app, model: LoadedModel) -> None:
    """Register every callback of the dashboard on `app`."""
    for module in MODULES:
        module.register(app, model)
