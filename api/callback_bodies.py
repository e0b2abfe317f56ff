"""Check `/_dash-update-component` bodies at the server's edge: a body that does not fit the app's callback map and
layout (shape, ids, properties, value types, options) is answered 400 before any callback runs.

Generic: driven by `app.callback_map`, the layout's components and their Dash prop types, never one check per callback.
"""
from __future__ import annotations

import json
import math

import dash
from dash.exceptions import PreventUpdate
from flask import current_app, request

from api.body import parse_json
from api.errors import ApiError, problem
from api.prop_types import fits, option_values, prop_type

UPDATE_PATH = "/_dash-update-component"
MAX_PATTERN_ITEMS = 200  # entries of one ALL pattern (the page has 11 sliders)
_WILDCARDS = (["ALL"], ["MATCH"], ["ALLSMALLER"])


class BodyError(ValueError):
    """The body is not a callback request this app can answer."""


def _component_index(layout) -> dict:
    """Layout components by their id; pattern-matching ones also by their `type` key (the component class)."""
    found, stack = {}, [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dash.development.base_component.Component):
            cid = getattr(node, "id", None)
            if isinstance(cid, dict):
                found.setdefault(("type", cid.get("type")), node)
            elif cid is not None:
                found[cid] = node
            stack.append(getattr(node, "children", None))
    return found


def _spec_id(raw: str):
    return json.loads(raw) if raw.startswith("{") else raw


def _id_matches(spec_id, given) -> bool:
    if isinstance(spec_id, str):
        return given == spec_id
    if not isinstance(given, dict) or set(given) != set(spec_id):
        return False
    for key, wanted in spec_id.items():
        value = given[key]
        if wanted in _WILDCARDS:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                return False
        elif value != wanted:
            return False
    return True


def _check_value(item: dict, spec_id, components: dict) -> None:
    if "value" not in item:
        return
    value, prop = item["value"], item["property"]
    key = ("type", spec_id.get("type")) if isinstance(spec_id, dict) else spec_id
    component = components.get(key)
    if component is None:
        return
    if not fits(value, prop_type(type(component), prop)):
        raise BodyError(f"{item['id']}.{prop}: a {type(value).__name__} does not fit this property")
    allowed = option_values(component) if prop == "value" else None
    chosen = value if isinstance(value, list) else [] if value is None else [value]  # a checklist's value is a list
    if allowed is not None and any(v not in allowed for v in chosen):
        raise BodyError(f"{item['id']}.{prop}: {repr(value)[:60]} is not among its options")


def _key(cid) -> str:
    return json.dumps(cid, sort_keys=True)


def _check_entries(given, specs: list[dict], where: str, components: dict, seen: dict) -> None:
    if not isinstance(given, list) or len(given) != len(specs):
        raise BodyError(f"'{where}' must be a list of {len(specs)} entries")
    for entry, spec in zip(given, specs):
        spec_id, prop = _spec_id(spec["id"]), spec["property"]
        many = isinstance(spec_id, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in spec_id.values())
        items = entry if many else [entry]
        if many and (not isinstance(entry, list) or len(entry) > MAX_PATTERN_ITEMS):
            raise BodyError(f"'{where}': {spec['id']}.{prop} must be a list of at most {MAX_PATTERN_ITEMS} entries")
        for item in items:
            if not isinstance(item, dict) or item.get("property") != prop or not _id_matches(spec_id, item.get("id")):
                raise BodyError(f"'{where}': expected {spec['id']}.{prop}")
            _check_value(item, spec_id, components)
        if many:
            _same_components(seen, spec["id"], [item["id"] for item in items])


def _same_components(seen: dict, pattern: str, found: list) -> None:
    """Every use of one ALL pattern in a body names the same components (the page has one set of them)."""
    keys = sorted(_key(cid) for cid in found)
    if seen.setdefault(pattern, keys) != keys:
        raise BodyError(f"{pattern} names different components in different places")


def _check_outputs(outputs, output: str, seen: dict) -> None:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    given = outputs if output.startswith("..") else [outputs]
    if not isinstance(given, list) or len(given) != len(parts):
        raise BodyError(f"'outputs' must describe the {len(parts)} output(s) of {output}")
    for item, part in zip(given, parts):
        raw_id, prop = part.rsplit(".", 1)
        spec_id, prop = _spec_id(raw_id), prop.split("@")[0]
        many = isinstance(spec_id, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in spec_id.values())
        items = item if many and isinstance(item, list) else [item]
        if many and len(items) > MAX_PATTERN_ITEMS:
            raise BodyError("'outputs': too many entries")
        for one in items:
            given_prop = one.get("property") if isinstance(one, dict) else None
            if not isinstance(given_prop, str) or given_prop.split("@")[0] != prop or not _id_matches(spec_id, one.get("id")):
                raise BodyError(f"'outputs': expected {part}")
        if many:
            _same_components(seen, json.dumps(spec_id, sort_keys=True, separators=(",", ":")), [o["id"] for o in items])


def check_body(body, callback_map: dict, components: dict) -> None:
    """Raise BodyError unless `body` is a request for one of the app's server-side callbacks, in its shape."""
    if not isinstance(body, dict):
        raise BodyError("the body must be a JSON object")
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        raise BodyError("'output' names no callback of this app")
    seen: dict[str, list[str]] = {}
    _check_outputs(body.get("outputs"), output, seen)
    _check_entries(body.get("inputs"), spec["inputs"], "inputs", components, seen)
    _check_entries(body.get("state", []), spec["state"], "state", components, seen)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BodyError("'changedPropIds' must be a list of strings")


def _finite(node) -> bool:
    if isinstance(node, float):
        return math.isfinite(node)
    if isinstance(node, dict):
        return all(_finite(v) for v in node.values())
    if isinstance(node, list):
        return all(_finite(v) for v in node)
    return True


def no_update_on_error(exc: Exception) -> None:
    """Dash's app-wide on_error: a callback that cannot use a value (a store of the wrong shape, crafted by a
    script) answers "no update", so the page keeps what it shows; one log line, no traceback."""
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    current_app.logger.warning("callback %s could not use its input (%s: %s); answered no update",
                               output, type(exc).__name__, exc)
    raise PreventUpdate


def register_body_check(app: dash.Dash) -> None:
    """Answer 400 to any update body that does not fit `app`'s callbacks (checked before Dash reads it)."""
    components = _component_index(app.layout)
    # pragma: a mutant's lstrip("XX/XX") strips the same leading "/" (the path has no X)
    update_path = app.config.requests_pathname_prefix + UPDATE_PATH.lstrip("/")  # pragma: no mutate

    @app.server.before_request
    def check_update_body():
        if request.path != update_path or request.method != "POST":
            return None
        try:
            if request.mimetype != "application/json":
                raise BodyError("send the callback request as application/json")
            body = parse_json(request.get_data(cache=True))
            if not _finite(body):
                raise BodyError("NaN and Infinity are not JSON")
            check_body(body, app.callback_map, components)
        except (BodyError, ApiError) as exc:
            return problem(400, "Bad Request", f"not a callback request of this page: {getattr(exc, 'detail', exc)}")
        except RecursionError:
            return problem(400, "Bad Request", "not a callback request of this page: nested too deeply")
        return None
