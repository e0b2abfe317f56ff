"""Test helper: apply a dash.Patch to a figure as the renderer does (Assign operations only)."""
from __future__ import annotations

import json


def apply_patch(figure, patch) -> dict:
    """`figure` (a go.Figure or its dict) with the Patch's Assign operations applied; a new dict."""
    figure = json.loads(figure.to_json()) if hasattr(figure, "to_json") else json.loads(json.dumps(figure))
    for op in patch.to_plotly_json()["operations"]:
        assert op["operation"] == "Assign", op
        *path, last = op["location"]
        node = figure
        for key in path:
            node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
        node[last] = op["params"]["value"]
    return figure
