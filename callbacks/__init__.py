"""register_all(app, model): each callbacks module's register(app, model), in order."""
from __future__ import annotations

from model.loader import LoadedModel


def register_all(app, model: LoadedModel) -> None:
    """Register every callback of the dashboard on `app`."""
