"""bench/load.py replays the real slider callback: the figures in the README measure what the page sends."""
from __future__ import annotations

import json
import random
import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from bench import load
from components import ids


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def served_app(app):
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def test_the_load_tool_finds_and_replays_the_slider_callback(served_app):
    target = load.callback_target(served_app)
    body = json.loads(target.body(random.Random(0), {}))
    assert [o["id"] for o in body["outputs"]][:2] == [ids.PROBA_GRAPH, ids.CURRENT_WINE]
    assert len(body["inputs"][0]) == 11 and body["inputs"][1]["id"] == ids.COLOR  # all sliders, then the colour
    result = load.run_latency(target, n=20, warmup=2, max_seconds=30)
    assert result.errors == 0 and result.n == 20 and result.median_ms > 0
