"""Crafted `/_dash-update-component` bodies for every server-side callback: a valid one built from the layout, then
wrong types, missing keys, stores holding the wrong shape, unknown ids and malformed JSON. Bounded and deterministic.

Used by tests/test_hardening.py (Flask test client) and bench/hostile.py (gunicorn on 127.0.0.1).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator

BAD_VALUES = (None, True, -1, 1e308, "x", "", [], [1, "a"], {}, {"wine": 5}, {"wine": {"alcohol": "x"}, "nonce": "n"},
              {"color": "purple"}, [[1]], "9" * 5000)
MALFORMED = (
    (b"{", "application/json"), (b"", "application/json"), (b"[]", "application/json"), (b"null", "application/json"),
    (b'"output"', "application/json"), (b'{"output": 1}', "application/json"), (b"\xff\xfe", "application/json"),
    (b'{"output": NaN}', "application/json"), (b"output=x", "application/x-www-form-urlencoded"),
    (b"[" * 5000 + b"]" * 5000, "application/json"),
)


def _index(layout) -> dict:
    """Every component in the layout with an id, by its id as Dash writes it in a callback's spec."""
    found, stack = {}, [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if not hasattr(node, "_prop_names"):
            continue
        cid = getattr(node, "id", None)
        if cid is not None:
            found[json.dumps(cid, sort_keys=True, separators=(",", ":")) if isinstance(cid, dict) else cid] = node
        stack.append(getattr(node, "children", None))
    return found


def _entries(spec_id: str, prop: str, components: dict):
    """The body entry (or list of entries, for an ALL pattern) of one input or state, with the layout's values."""
    if not spec_id.startswith("{"):
        return {"id": spec_id, "property": prop, "value": getattr(components.get(spec_id), prop, None)}
    pattern = json.loads(spec_id)
    matching = [c for c in components.values() if isinstance(getattr(c, "id", None), dict)
                and all(c.id.get(k) == v for k, v in pattern.items() if not isinstance(v, list))
                and set(c.id) == set(pattern)]
    return [{"id": c.id, "property": prop, "value": getattr(c, prop, None)} for c in matching]


def _outputs(output: str, components: dict):
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outs = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        entries = _entries(cid, prop, components)  # the page sends a duplicate output's property with its @hash
        outs.append([{"id": e["id"], "property": e["property"]} for e in entries] if isinstance(entries, list)
                    else {"id": entries["id"], "property": entries["property"]})
    return outs if output.startswith("..") else outs[0]


def valid_body(app, output: str) -> dict:
    """The body the page would send for the callback `output`, with the layout's initial values."""
    spec, components = app.callback_map[output], _index(app.layout)
    inputs = [_entries(d["id"], d["property"], components) for d in spec["inputs"]]
    first = inputs[0][0] if isinstance(inputs[0], list) and inputs[0] else inputs[0]
    changed = [f"{json.dumps(first['id'], separators=(',', ':')) if isinstance(first['id'], dict) else first['id']}"
               f".{first['property']}"] if isinstance(first, dict) else []
    return {"output": output, "outputs": _outputs(output, components), "inputs": inputs, "changedPropIds": changed,
            "state": [_entries(d["id"], d["property"], components) for d in spec["state"]]}


def server_callbacks(app) -> list[str]:
    """The outputs of every callback that runs on the server (clientside ones have no Python function)."""
    return [output for output, spec in app.callback_map.items() if "callback" in spec]


def _mutations(body: dict) -> Iterator[dict]:
    for key in ("output", "outputs", "inputs", "state", "changedPropIds"):
        bad = copy.deepcopy(body)
        del bad[key]
        yield bad
        for junk in (None, 7, "x", {}, [[]]):
            yield {**copy.deepcopy(body), key: junk}
    yield {**copy.deepcopy(body), "output": "nope.children"}
    yield {**copy.deepcopy(body), "inputs": body["inputs"] + [{"id": "nope", "property": "value", "value": 1}]}
    yield {**copy.deepcopy(body), "inputs": body["inputs"][:-1]}
    for where in ("inputs", "state"):
        for i, entry in enumerate(body[where]):
            entries = entry if isinstance(entry, list) else [entry]
            for value in BAD_VALUES:
                bad = copy.deepcopy(body)
                target = bad[where][i]
                for e in (target if isinstance(target, list) else [target]):
                    e["value"] = value
                yield bad
            for change in ({"id": "nope"}, {"property": "nope"}, {"id": {"type": "x", "name": 1}}):
                bad = copy.deepcopy(body)
                bad[where][i] = [{**e, **change} for e in entries] if isinstance(entry, list) else {**entry, **change}
                yield bad
            for junk in (None, "x", 3, [] if not isinstance(entry, list) else {}):
                bad = copy.deepcopy(body)
                bad[where][i] = junk
                yield bad


def crafted_bodies(app) -> Iterator[tuple[str, bytes, str]]:
    """(callback output, raw body, content type): every mutation of every server-side callback's valid body,
    then the malformed ones (bodies that are not a callback request at all)."""
    for output in server_callbacks(app):
        base = valid_body(app, output)
        yield output, json.dumps(base).encode(), "application/json"
        for bad in _mutations(base):
            yield output, json.dumps(bad).encode(), "application/json"
    for raw, content_type in MALFORMED:
        yield "(malformed)", raw, content_type
