"""The vendored plotly.js bundle, built by tools/plotly_bundle: plotly.py's own plotly.js version, the trace types of
its recipe (entry.js) in its name and header, with plotly.js's license, loaded by the page (so dcc.Graph never fetches
the full 4.8 MB plotly.min.js), every trace type the figures use in it, and its first line asks V8 to compile it whole
while it downloads."""
from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor"
RECIPE = ROOT / "tools" / "plotly_bundle"
# V8's explicit compile hint (Chrome 136 on): every function of the file compiled off the main thread while the file
# streams in, instead of on the main thread at its first call. A first visit's longest task fell from ~420 to
# ~270 ms (README, Performance); tools/plotly_bundle/build.js writes it as the file's first line.
COMPILE_HINT = "//# allFunctionsCalledOnLoad"


def recipe_traces() -> list[str]:
    """The trace types tools/plotly_bundle/entry.js registers, after the core's scatter, in its order."""
    entry = (RECIPE / "entry.js").read_text(encoding="utf-8")
    return ["scatter"] + [name for name in re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry) if name != "core"]


def _bundle() -> Path:
    bundles = sorted(VENDOR.glob("plotly-*.min.js"))
    assert len(bundles) == 1, f"expected one plotly.js bundle in assets/vendor/, found {bundles}"
    return bundles[0]


def test_the_recipe_registers_bar_and_heatmap_on_the_core():
    assert recipe_traces() == ["scatter", "bar", "heatmap"]


def test_the_recipe_pins_plotly_py_s_plotly_js_and_its_build_tools():
    package = json.loads((RECIPE / "package.json").read_text(encoding="utf-8"))
    pins = package["devDependencies"]
    assert pins["plotly.js"] == get_plotlyjs_version()
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in pins.values()), pins  # exact versions
    lock = json.loads((RECIPE / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == get_plotlyjs_version()


def test_bundle_is_plotly_py_version_with_its_traces_and_license_header():
    version, traces = get_plotlyjs_version(), recipe_traces()
    assert _bundle().name == f"plotly-{'-'.join(traces)}-{version}.min.js"
    header = _bundle().read_text(encoding="utf-8")[:500]
    assert f"* plotly.js ({', '.join(traces)} - minified) v{version}\n" in header, (
        "assets/vendor/ must hold the bundle tools/plotly_bundle builds, at the plotly.js version plotly.py bundles: "
        "`make plotly-bundle`"
    )
    assert "Licensed under the MIT license" in header
    assert (VENDOR / "plotly.js-LICENSE.txt").is_file()


def test_the_bundles_first_line_is_v8s_compile_hint_then_its_header():
    first, rest = _bundle().read_text(encoding="utf-8").split("\n", 1)
    assert first == COMPILE_HINT
    assert rest.startswith("/**\n* plotly.js (")
    assert "var Plotly=" in rest[:1000]  # the IIFE sets the page's global Plotly, which dcc.Graph uses


def test_page_loads_the_bundle_before_the_renderer(client):
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    bundle = next(i for i, s in enumerate(scripts) if s.startswith(f"/assets/vendor/{_bundle().name}"))
    renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    # a plain <script> in the page sets window.Plotly, which dcc.Graph uses instead of loading plotly.min.js
    assert bundle < renderer


def test_the_figures_use_the_bundles_trace_types_and_no_other():
    used = set()
    for folder in ("components", "callbacks"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert "plotly.express" not in source, f"{path.name}: build figures with go.* so their traces can be checked"
            for name in re.findall(r"\bgo\.([A-Z]\w*)\(", source):
                cls = getattr(go, name)
                if isinstance(cls, type) and issubclass(cls, BaseTraceType):
                    used.add(cls().type)
    assert used, "no go.<Trace>(...) found in components/ or callbacks/"
    for path in (ROOT / "assets").glob("*.js"):  # traces the page's own scripts make
        used |= set(re.findall(r"""\btype: ?["'](\w+)["']""", path.read_text(encoding="utf-8")))
    assert used <= set(recipe_traces()), f"trace types not in the bundle: {sorted(used - set(recipe_traces()))}"
    assert set(recipe_traces()) <= used, f"bundled, never used: {sorted(set(recipe_traces()) - used)}"
