"""Browser fixtures: the app on a live server (free 127.0.0.1 port, own thread) and Debian's headless Chromium."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from components import ids
import invariants as inv

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"  # gitignored; named in the README
WIDE = {"width": 1920, "height": 1080}
# The bars as a person sees them, whoever drew them (assets/bars_paint.js paints a live answer onto the chart;
# Plotly draws the rest): `key` changes whenever a bar's path or Plotly's record of the chart changes; `painted`
# is each bar's height in % read back from its path (to ~0.01); `y` is Plotly's record, exact once quiet.
BAR_STATE_JS = """gd => {
  const ya = gd._fullLayout.yaxis;
  const paths = [...gd.querySelectorAll('.barlayer .trace.bars .point path')].map(p => p.getAttribute('d'));
  const y = gd.data[0].y;
  return {key: paths.join('|') + JSON.stringify(y), y: y,
          painted: paths.map(d => ya.p2c(parseFloat(/V([^H]+)H/.exec(d)[1])))};
}"""
# Record, from now on, every state of the bars `sel` as a person sees them (BAR_STATE_JS): window.__barStates is
# Plotly's record (JSON) from the state at the start, window.__painted the painted heights beside it, and
# window.__bars each change after the start with the alcohol thumb's value then.
RECORD_BARS = f"""sel => {{
  const gd = document.querySelector(sel);
  const thumb = document.querySelector("[data-label-id='{ids.label('alcohol')}'] [role=slider]");
  const state = {BAR_STATE_JS};
  const first = state(gd);
  let last = first.key;
  const states = window.__barStates = [JSON.stringify(first.y)];
  window.__painted = [first.painted];
  window.__bars = [];
  new MutationObserver(() => {{
    const now = state(gd);
    if (now.key !== last) {{
      last = now.key;
      states.push(JSON.stringify(now.y));
      window.__painted.push(now.painted);
      window.__bars.push({{y: now.y, painted: now.painted, alcohol: parseFloat(thumb.getAttribute('aria-valuenow'))}});
    }}
  }}).observe(gd, {{subtree: true, childList: true, attributes: true, characterData: true}});
}}"""


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def live_app(loaded_model):
    """The app as the browser sees it: the production configuration."""
    from dashboard import create_app

    return create_app({"TESTING": True}, model=loaded_model)


@contextmanager
def serving(wsgi_app, name: str = "live-server") -> Iterator[str]:
    """Serve a WSGI app on a free 127.0.0.1 port in a thread of its own; yields its base URL."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def serve():
    """`serving`, for tests that start an app of their own (with other settings)."""
    return serving


@pytest.fixture(scope="session")
def live_server(live_app):
    with serving(live_app.server) as url:
        yield url


@pytest.fixture(scope="session")
def warm(tmp_path_factory) -> Iterator[BrowserContext]:
    """Debian's headless Chromium, launched with a profile of its own on disk. This context's pages share an HTTP
    cache and V8's code cache, as a person's tabs do, so a page opened in it does not fetch and compile the page's
    scripts again: 1.5-1.7 s an open here, against 2.3-2.8 s in a new context. Each page is still the test's own;
    a test that changes what the context holds for all its pages (a faked clock, a permission) takes a context of
    its own (`dashboard_alone`, `browser`)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Debian chromium not found at {CHROMIUM}; run `make browser`")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
            viewport=WIDE)
        yield context
        context.close()


@pytest.fixture(scope="session")
def browser(warm) -> Browser:
    """The same Chromium, for a context of a test's own (new, empty: a first visit, touch, credentials)."""
    return warm.browser


@dataclass
class Dashboard:
    """A loaded page plus every console error and uncaught exception seen on it."""

    page: Page
    errors: list[str] = field(default_factory=list)
    own_context: bool = True  # the page's context was made for it (open_dashboard given a Browser)

    def close(self) -> None:
        if self.own_context:
            self.page.context.close()
        else:
            self.page.close()

    def bars(self) -> list[float]:
        return self.page.evaluate(f"document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y")

    def heatmap(self) -> dict:
        return self.page.evaluate(
            f"(() => {{ const d = document.querySelector('#{ids.CONFUSION_GRAPH} .js-plotly-plot').data[0];"
            " return {z: d.z, text: d.text}; })()"
        )

    def wait_until_bars_differ(self, before: list[float]) -> None:
        self.page.wait_for_function(
            f"before => JSON.stringify(document.querySelector('#{ids.PROBA_GRAPH} .js-plotly-plot').data[0].y)"
            " !== JSON.stringify(before)",
            arg=before,
            timeout=5000,
        )


def new_page(where: Browser | BrowserContext, viewport: dict) -> Page:
    """A new page at `viewport`: of the context `where` (`warm`, or a test's own), or of a new context of its own
    if `where` is a Browser."""
    if isinstance(where, Browser):
        page = where.new_context(viewport=viewport).new_page()
    else:
        page = where.new_page()
        page.set_viewport_size(viewport)
    inv.watch_rest(page)  # tests wait for the page at rest (invariants.rest)
    return page


def open_dashboard(where: Browser | BrowserContext, url: str, viewport: dict,
                   before: Callable[[Page], None] | None = None) -> Dashboard:
    """The dashboard at `url`, once it has drawn, in a new page (`new_page`). `before(page)` runs before the page is
    opened (an init script, a route)."""
    page = new_page(where, viewport)
    board = Dashboard(page, own_context=isinstance(where, Browser))
    page.on("console", lambda msg: board.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: board.errors.append(f"uncaught: {exc}"))
    if before is not None:
        before(page)
    page.goto(url)
    page.wait_for_selector(f"#{ids.PROBA_GRAPH} .main-svg")
    page.wait_for_selector(f"#{ids.CONFUSION_GRAPH} .main-svg")
    # a11y.js has named every slider thumb after its label
    page.wait_for_function("document.querySelectorAll('[role=slider][aria-labelledby]').length === 11")
    return board


@pytest.fixture
def open_page(warm, live_server):
    """Open the dashboard at a viewport size ({"width", "height"}), optionally with a query string ("?al=12"), in
    a new page of the `warm` context; closed after the test."""
    opened: list[Dashboard] = []

    def _open(viewport: dict = WIDE, query: str = "") -> Dashboard:
        opened.append(open_dashboard(warm, live_server + query, viewport))
        return opened[-1]

    yield _open
    for board in opened:
        board.close()


@pytest.fixture
def dashboard(open_page) -> Dashboard:
    """The dashboard at 1920 x 1080."""
    return open_page(WIDE)


@pytest.fixture
def dashboard_alone(browser, live_server) -> Iterator[Dashboard]:
    """The dashboard at 1920 x 1080 in a context of its own, for a test that changes what a context holds for
    every page of it (a faked clock, a permission); closed after the test."""
    board = open_dashboard(browser, live_server, WIDE)
    yield board
    board.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
