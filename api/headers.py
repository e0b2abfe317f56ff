"""Response headers for every route: security headers that leave Dash working, and gzip/brotli compression."""
from __future__ import annotations

from flask import Flask, Request, Response, request
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    # frame-ancestors only: a script-src policy would block Dash's inline renderer bootstrap
    "Content-Security-Policy": "frame-ancestors 'self'; base-uri 'self'; object-src 'none'",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
CACHED_PREFIX = "/_dash-component-suites/"
ASSETS_PREFIX = "/assets/"
VENDOR_PREFIX = "/assets/vendor/"  # the plotly.js bundle: 1.5 MB raw, ~0.5 MB compressed; cached compressed


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class _BundleCache:
    """Compressed copies of Dash's JS bundles and the vendored plotly.js, which never change while the process
    lives; nothing else. Keyed on the file (see _cache_key), and bounded in case that ever stops holding."""

    MAX_ENTRIES = 64  # the page loads about a dozen bundles, in two encodings

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._store.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key in self._store or len(self._store) >= self.MAX_ENTRIES:
            return
        if key.partition(";")[2].startswith((CACHED_PREFIX, VENDOR_PREFIX)):
            self._store[key] = value

    def __len__(self) -> int:
        return len(self._store)


def _cache_key(request: Request) -> str:
    """The file a bundle request names: its path without the query string or Dash's cache-busting fingerprint
    (`?x=1`, `?x=2`, ... and `.v1_2m3.js`, `.v9m9.js` all name one file, so a flood of variants adds nothing)."""
    path, _ = check_fingerprint(request.path)
    return path


def buffer_asset_file(response: Response) -> Response:
    """Read a streamed /assets/ file into the body (and close it) so compression can apply to it."""
    if request.path.startswith(ASSETS_PREFIX) and response.status_code == 200 and response.is_streamed:
        stream = response.response
        try:
            body = b"".join(stream)
        finally:
            getattr(stream, "close", lambda: None)()
        response.direct_passthrough = False
        response.set_data(body)
    return response


def register_headers(server: Flask) -> None:
    """Security headers on every response; brotli or gzip for text bodies over 500 bytes (JS, CSS, HTML, JSON)."""
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # streamed responses (send_file for /assets/) would be wrapped and never closed; compress whole bodies only
    server.config.setdefault("COMPRESS_STREAMS", False)
    server.config.setdefault("COMPRESS_CACHE_BACKEND", _BundleCache)
    server.config.setdefault("COMPRESS_CACHE_KEY", _cache_key)
    Compress(server)
    # after_request handlers run in reverse order: this one runs before compression
    server.after_request(buffer_asset_file)
    server.after_request(add_security_headers)
