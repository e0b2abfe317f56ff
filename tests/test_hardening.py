"""Requests a browser or a script can send: none grows memory or gets a 5xx (compression cache, callback bodies)."""
from __future__ import annotations

import re

from dash.fingerprint import build_fingerprint, check_fingerprint
from flask_compress import Compress


def _compress_cache(server):
    [compress] = [f.__self__ for f in server.after_request_funcs[None] if isinstance(getattr(f, "__self__", None), Compress)]
    return compress.cache


def test_query_string_and_fingerprint_variants_of_a_bundle_share_one_cache_entry(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    vendor = re.findall(r'src="(/assets/vendor/plotly[^"?]+)', page)[0]
    suite = re.findall(r'src="(/_dash-component-suites/[^"?]+\.js)', page)[0]
    for path in (vendor, suite):
        client.get(path, headers={"Accept-Encoding": "br"})
    cache = _compress_cache(app.server)
    size = len(cache)
    first = client.get(vendor, headers={"Accept-Encoding": "br"}).get_data()
    for i in range(200):
        assert client.get(f"{vendor}?x={i}", headers={"Accept-Encoding": "br"}).get_data() == first
        fingerprinted = build_fingerprint(check_fingerprint(suite)[0], i, f"{i:x}")
        assert client.get(fingerprinted, headers={"Accept-Encoding": "br"}).status_code == 200
    assert len(cache) == size


def test_the_cache_is_bounded_whatever_the_keys(app):
    cache = type(_compress_cache(app.server))()
    for i in range(cache.MAX_ENTRIES * 3):
        cache.set(f"br;/assets/vendor/file{i}.js", b"x")
    assert len(cache) == cache.MAX_ENTRIES
