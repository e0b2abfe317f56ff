"""Drill-down: a click on a confusion-matrix cell lists its test wines; a row's button loads that wine."""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from dash import ALL, Input, Output, State, ctx, no_update

from callbacks.presets import held_out_wine
from components import ids
from components.drilldown import drill_body
from model.loader import LoadedModel


def clicked_cell(click: Mapping | None, classes: Sequence[str]) -> dict | None:
    """{"actual", "predicted", "page": 0} for a heatmap clickData (x = predicted, y = actual), else None."""
    try:
        point = click["points"][0]
        return {"actual": classes.index(point["y"]), "predicted": classes.index(point["x"]), "page": 0}
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def next_cell(trigger, click: Mapping | None, cell: Mapping | None, classes: Sequence[str]) -> dict | None:
    """The cell to show after `trigger` (the id of what changed): a click, a page turn, close or the filter."""
    if trigger == ids.CONFUSION_GRAPH:
        return clicked_cell(click, classes) or (dict(cell) if cell else None)
    if not cell or trigger == ids.DRILL_CLOSE:
        return None
    step = {ids.DRILL_PREV: -1, ids.DRILL_NEXT: 1}.get(trigger)
    return dict(cell) | {"page": cell.get("page", 0) + step if step else 0}


def drill_outputs(model: LoadedModel, cell: Mapping | None, color: str):
    """Cell store, wrapper class, list, and whether 'Previous' and 'Next' are disabled."""
    if cell is None:
        return None, "drill hidden", None, True, True
    body, pages = drill_body(model.test_set, cell, color, model.features, model.classes)
    page = min(max(cell.get("page", 0), 0), pages - 1)
    return dict(cell) | {"page": page}, "drill", body, page == 0, page >= pages - 1


def load_request(model: LoadedModel, trigger, clicks: int | None, nonce: int):
    """The request for the test wine whose 'Load' was pressed (nothing when a new list merely appeared)."""
    if not isinstance(trigger, Mapping) or not clicks:
        return no_update
    return held_out_wine(model, int(trigger["position"]), nonce)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.DRILL_CELL, "data"),
        Output(ids.DRILL, "className"),
        Output(ids.DRILL_BODY, "children"),
        Output(ids.DRILL_PREV, "disabled"),
        Output(ids.DRILL_NEXT, "disabled"),
        Input(ids.CONFUSION_GRAPH, "clickData"),
        Input(ids.DRILL_PREV, "n_clicks"),
        Input(ids.DRILL_NEXT, "n_clicks"),
        Input(ids.DRILL_CLOSE, "n_clicks"),
        Input(ids.CONFUSION_FILTER, "value"),
        State(ids.DRILL_CELL, "data"),
        prevent_initial_call=True,
    )
    def update_drill(click, _prev, _next, _close, color, cell):
        return drill_outputs(model, next_cell(ctx.triggered_id, click, cell, model.classes), color)

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Input(ids.drill_load(ALL), "n_clicks"),
        prevent_initial_call=True,
    )
    def load_drilled(_clicks):
        clicks = ctx.triggered[0]["value"] if ctx.triggered else None
        return load_request(model, ctx.triggered_id, clicks, time.time_ns())
