"""First-visit page weight and time to first chart, in headless Debian Chromium against gunicorn on 127.0.0.1.

Bytes are counted as the browser receives them (compressed, headers included): the sum of CDP
`Network.loadingFinished.encodedDataLength`, split by resource type. "First chart painted" is the first
animation frame in which a dcc.Graph holds a drawn trace, measured from navigation start; each visit is
a fresh browser context (empty cache). The baseline is bench/baseline_dash.py: a Dash app with default settings.

    python -m bench.page                 # serve the dashboard and the default-Dash baseline, 5 visits each
    python -m bench.page --url http://127.0.0.1:8050 --visits 3
"""
from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",   # loopback only
]
TARGET_BYTES = 1_000_000
VISIT_TIMEOUT_MS = 30_000

# Installed before any page script: marks the first frame in which some dcc.Graph has a drawn trace.
FIRST_CHART_JS = """
(() => {
  const drawn = () => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      if (gd._fullData && gd._fullData.length && gd.querySelector('.main-svg .trace, .main-svg .hm, .main-svg image'))
        return true;
    }
    return false;
  };
  const tick = (now) => {
    if (drawn()) { window.__firstChartAt = now; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

KINDS = {"Script": "js", "Stylesheet": "css", "Document": "html", "Font": "font", "Image": "image"}


def _kind(resource_type: str, mime: str) -> str:
    if resource_type in ("XHR", "Fetch"):
        return "json" if "json" in mime else "xhr"
    return KINDS.get(resource_type, resource_type.lower())


def visit(browser, url: str) -> dict:
    """One first visit in a fresh context: bytes by kind, ms to first chart, requests and their encodings."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(FIRST_CHART_JS)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    responses, finished, outside = {}, {}, []
    cdp.on("Network.responseReceived", lambda e: responses.__setitem__(e["requestId"], e))
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
    try:
        page.goto(url, wait_until="load", timeout=VISIT_TIMEOUT_MS)
        page.wait_for_function("window.__firstChartAt !== undefined", timeout=VISIT_TIMEOUT_MS, polling=50)
        first_chart = page.evaluate("window.__firstChartAt")
        page.wait_for_load_state("networkidle", timeout=VISIT_TIMEOUT_MS)
        page.wait_for_timeout(300)
    finally:
        by_kind, files = defaultdict(int), []
        for rid, size in finished.items():
            resp = responses.get(rid)
            if resp is None:
                continue
            r = resp["response"]
            kind = _kind(resp["type"], r.get("mimeType", ""))
            by_kind[kind] += size
            encoding = {k.lower(): v for k, v in r.get("headers", {}).items()}.get("content-encoding", "identity")
            files.append((size, kind, encoding, r["url"]))
        context.close()
    return {"first_chart_ms": first_chart, "bytes": dict(by_kind), "files": sorted(files, reverse=True),
            "outside_requests": outside}


def measure(url: str, visits: int = 5) -> dict:
    """`visits` fresh first visits: median time to first chart; bytes of the first visit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            runs = [visit(browser, url) for _ in range(visits)]
        finally:
            browser.close()
    first = runs[0]
    weight = sum(v for k, v in first["bytes"].items() if k in ("js", "css", "json"))
    return {
        "url": url,
        "first_chart_ms": [r["first_chart_ms"] for r in runs],
        "first_chart_median_ms": statistics.median(r["first_chart_ms"] for r in runs),
        "js_css_json_bytes": weight,
        "all_bytes": sum(first["bytes"].values()),
        "bytes_by_kind": first["bytes"],
        "largest": first["files"][:6],
        "outside_requests": sorted({u for r in runs for u in r["outside_requests"]}),
    }


def report(result: dict, baseline: dict | None = None) -> str:
    def row(label: str, r: dict) -> str:
        kinds = "  ".join(f"{k} {v / 1e3:.0f} kB" for k, v in sorted(r["bytes_by_kind"].items(), key=lambda kv: -kv[1]))
        return (f"{label:<10} JS+CSS+JSON {r['js_css_json_bytes'] / 1e6:5.2f} MB  (all {r['all_bytes'] / 1e6:.2f} MB: "
                f"{kinds})\n{'':<10} first chart painted: median {r['first_chart_median_ms']:.0f} ms "
                f"of {[round(x) for x in r['first_chart_ms']]}")

    lines = [row("dashboard", result)]
    verdict = "meets" if result["js_css_json_bytes"] <= TARGET_BYTES else "MISSES"
    lines.append(f"{'':<10} target <= {TARGET_BYTES / 1e6:.1f} MB: {verdict}")
    for size, kind, enc, url in result["largest"]:
        lines.append(f"{'':<12}{size / 1e3:8.0f} kB  {kind:<4} {enc:<8} {urlsplit(url).path}")
    if result["outside_requests"]:
        lines.append(f"{'':<10} requests outside 127.0.0.1 (blocked): {result['outside_requests']}")
    if baseline:
        lines.append(row("baseline", baseline) + "   <- bench/baseline_dash.py, Dash defaults")
        lines.append(f"{'':<10} ratio dashboard/baseline: bytes {result['js_css_json_bytes'] / baseline['js_css_json_bytes']:.2f}x"
                     f", first chart {result['first_chart_median_ms'] / baseline['first_chart_median_ms']:.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bench import server as srv

    parser = argparse.ArgumentParser(prog="python -m bench.page", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an already running dashboard on 127.0.0.1 (default: start gunicorn)")
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--url must be on 127.0.0.1")
    baseline = None
    if args.url:
        result = measure(args.url, args.visits)
    else:
        with srv.serve(srv.DASHBOARD_APP) as server:
            result = measure(server.url + "/", args.visits)
    if not args.no_baseline:
        with srv.serve(srv.BASELINE_DASH_APP) as server:
            baseline = measure(server.url + "/", args.visits)
    print(report(result, baseline))
    return 0 if result["js_css_json_bytes"] <= TARGET_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
