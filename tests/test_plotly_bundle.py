"""The vendored plotly.js cartesian bundle: plotly.py's own plotly.js version, its license header, loaded by the
page (so dcc.Graph never fetches the full 4.8 MB plotly.min.js), every trace type the figures use is in it, and
its first line asks V8 to compile it whole while it downloads."""
from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor"
# the trace modules of plotly.js-cartesian-dist-min (its README)
# V8's explicit compile hint (Chrome 136 on): every function of the file compiled off the main thread while the file
# streams in, instead of on the main thread at its first call. A first visit's longest task fell from ~420 to
# ~270 ms (README, Performance); added as the file's first line when it is vendored.
COMPILE_HINT = "//# allFunctionsCalledOnLoad"
CARTESIAN_TRACES = {
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie",
    "scatter", "scatterternary", "violin",
}


def _bundle() -> Path:
    bundles = sorted(VENDOR.glob("plotly-*.min.js"))
    assert len(bundles) == 1, f"expected one plotly.js bundle in assets/vendor/, found {bundles}"
    return bundles[0]


def test_bundle_is_plotly_py_version_with_license_header():
    header = _bundle().read_text(encoding="utf-8")[:400]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in header, (
        "assets/vendor/ must hold plotly.js-cartesian-dist-min at the version plotly.py bundles; "
        f"`npm pack plotly.js-cartesian-dist-min@{get_plotlyjs_version()}`, with {COMPILE_HINT} as its first line"
    )
    assert "Licensed under the MIT license" in header
    assert (VENDOR / "plotly.js-LICENSE.txt").is_file()


def test_the_bundles_first_line_is_v8s_compile_hint_and_the_rest_is_the_file_as_published():
    first, rest = _bundle().read_text(encoding="utf-8").split("\n", 1)
    assert first == COMPILE_HINT
    assert rest.startswith("/**\n* plotly.js (cartesian - minified) v")


def test_page_loads_the_bundle_before_the_renderer(client):
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    bundle = next(i for i, s in enumerate(scripts) if s.startswith(f"/assets/vendor/{_bundle().name}"))
    renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    # a plain <script> in the page sets window.Plotly, which dcc.Graph uses instead of loading plotly.min.js
    assert bundle < renderer


def test_figures_use_only_trace_types_in_the_bundle():
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
    assert used <= CARTESIAN_TRACES, f"trace types not in the cartesian bundle: {sorted(used - CARTESIAN_TRACES)}"
