"""Drill-down: a click on a confusion-matrix cell lists its test wines; a row's button loads that wine."""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from dash import ALL, Input, Output, State, ctx, no_update

from callbacks.policy import confusion_under, policy_of
from callbacks.presets import held_out_wine
from components import ids
from components.drilldown import drill_body
from components.figures import TASTER
from components.static import freeze
from model.loader import LoadedModel
from model.reference import scored_test_set


def clicked_cell(click: Mapping | None, classes: Sequence[str]) -> dict | None:
    """{"actual", "predicted", "page": 0} for a heatmap clickData (x = predicted or decided, y = actual), else
    None. The taster's column, under a cost policy, comes after the classes."""
    try:
        point = click["points"][0]
        return {"actual": classes.index(point["y"]), "predicted": [*classes, TASTER].index(point["x"]), "page": 0}
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def picked_cell(value: str | None, classes: Sequence[str]) -> dict | None:
    """{"actual", "predicted", "page": 0} for the cell dropdown's "actual-predicted" value, else None."""
    try:
        actual, predicted = (int(part) for part in str(value).split("-"))
    except ValueError:
        return None
    n = len(classes)
    return {"actual": actual, "predicted": predicted, "page": 0} if 0 <= actual < n and 0 <= predicted < n else None


def next_cell(trigger, click: Mapping | None, cell: Mapping | None, classes: Sequence[str],
              picked: str | None = None) -> dict | None:
    """The cell to show after `trigger` (the id of what changed): a click, the dropdown, a page turn, close or
    the filter."""
    if trigger == ids.CONFUSION_GRAPH:
        return clicked_cell(click, classes) or (dict(cell) if cell else None)
    if trigger == ids.DRILL_PICK:
        return picked_cell(picked, classes)
    if not cell or trigger == ids.DRILL_CLOSE:
        return None
    step = {ids.DRILL_PREV: -1, ids.DRILL_NEXT: 1}.get(trigger)
    return dict(cell) | {"page": cell.get("page", 0) + step if step else 0}


def drill_outputs(model: LoadedModel, cell: Mapping | None, color: str, policy: Mapping | None = None):
    """Cell store, wrapper class, list, whether 'Previous' and 'Next' are disabled, and the dropdown's value
    (kept in step with the cell shown, however it was chosen). Under a cost `policy` the columns are decisions."""
    if cell is None:
        return None, "drill hidden", None, True, True, None
    decisions = None if policy_of(policy).is_zero_one else confusion_under(model, policy, color)[2]
    body, pages = drill_body(scored_test_set(model), cell, color, model.features, model.classes, decisions)
    body = freeze(body)  # a page of eight wines is 394 html components: as 48 (components/static.py)
    page = min(max(cell.get("page", 0), 0), pages - 1)
    picked = f"{cell['actual']}-{cell['predicted']}"
    return dict(cell) | {"page": page}, "drill", body, page == 0, page >= pages - 1, picked


def drill_under(model: LoadedModel, cell: Mapping | None, color: str, policy: Mapping | None) -> tuple:
    """`drill_outputs` for a new cost `policy`: the listed cell's wines as now decided (closed when it was the
    taster's column and the taster is gone); nothing at all when no cell is listed."""
    if not cell:
        return (no_update,) * 6
    return drill_outputs(model, _kept(cell, policy), color, policy)


def _kept(cell: Mapping | None, policy: Mapping | None) -> Mapping | None:
    return cell if cell and cell["predicted"] < len(policy_of(policy).actions) else None


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
        Output(ids.DRILL_PICK, "value"),
        Input(ids.CONFUSION_GRAPH, "clickData"),
        Input(ids.DRILL_PREV, "n_clicks"),
        Input(ids.DRILL_NEXT, "n_clicks"),
        Input(ids.DRILL_CLOSE, "n_clicks"),
        Input(ids.CONFUSION_FILTER, "value"),
        Input(ids.DRILL_PICK, "value"),
        State(ids.DRILL_CELL, "data"),
        State(ids.POLICY, "data"),  # a new policy redoes the list in callbacks/decide.py's one answer
        prevent_initial_call=True,
    )
    def update_drill(click, _prev, _next, _close, color, picked, cell, policy):
        cell = next_cell(ctx.triggered_id, click, cell, model.classes, picked)
        return drill_outputs(model, _kept(cell, policy), color, policy)

    @app.callback(
        Output(ids.WINE_REQUEST, "data", allow_duplicate=True),
        Input(ids.drill_load(ALL), "n_clicks"),
        prevent_initial_call=True,
    )
    def load_drilled(_clicks):
        clicks = ctx.triggered[0]["value"] if ctx.triggered else None
        return load_request(model, ctx.triggered_id, clicks, time.time_ns())
