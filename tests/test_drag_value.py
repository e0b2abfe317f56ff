"""assets/drag_value.js drops a slider's own drag_value updates before they reach Dash's store. That is only right
while no callback reads a drag_value, and while the sliders commit `value` on the mouse-up alone."""
from __future__ import annotations

from pathlib import Path

from components import ids

ROOT = Path(__file__).resolve().parents[1]


def props_read(app) -> list[str]:
    return [f"{dep['id']}.{dep['property']}" for callback in app.callback_map.values()
            for dep in callback["inputs"] + callback["state"]]


def test_no_callback_reads_a_drag_value(app):
    read = props_read(app)
    assert len(read) > 50  # the page's callbacks are all here
    assert [prop for prop in read if prop.endswith(".drag_value")] == []


def test_every_slider_commits_its_value_on_the_mouse_up(app):
    sliders = []

    def walk(node):
        if isinstance(node, (list, tuple)):
            for child in node:
                walk(child)
        elif hasattr(node, "to_plotly_json"):
            if type(node).__name__ == "Slider":
                sliders.append(node)
            walk(getattr(node, "children", None))

    walk(app.layout() if callable(app.layout) else app.layout)
    assert len(sliders) == 11
    assert {s.updatemode for s in sliders} == {"mouseup"}
    assert {s.id["type"] for s in sliders} == {ids.slider("x")["type"]}


def test_the_asset_runs_before_dash_makes_its_store(client):
    """Dash's index lists the assets' scripts before the renderer's start, which makes the store."""
    html = client.get("/").get_data(as_text=True)
    assert 0 < html.index("/assets/drag_value.js") < html.index("new DashRenderer")
