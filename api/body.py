"""Read a request body as strict JSON: right content type, size-capped, RFC 8259 numbers only, no duplicate keys."""
from __future__ import annotations

import json

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

from api.errors import ApiError

MAX_BODY_BYTES = 1_000_000  # 1 MB: about 3,000 wines of JSON, room for the 1,000-wine limit
MAX_WINES = 1_000
_INT_DIGITS = 18  # longer integer literals are parsed as floats, so "absurd" checks see a number, not an overflow


class _NonFinite(float):
    """NaN or ±Infinity read from a non-standard literal; its repr is that literal."""

    def __new__(cls, literal: str) -> _NonFinite:
        value = super().__new__(cls, literal.replace("Infinity", "inf"))
        value.literal = literal
        return value

    def __repr__(self) -> str:
        return self.literal


# Python's json accepts NaN, Infinity and -Infinity; JSON does not. They are kept as values so that the
# per-feature check refuses them by name ("'alcohol' must be a finite number, not NaN"), not as a bare parse error.
_constant = _NonFinite


def _integer(literal: str) -> int | float:
    return int(literal) if len(literal.lstrip("-")) <= _INT_DIGITS else float(literal)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise ApiError(422, f"field {key!r} is given twice", field=key)
        seen[key] = value
    return seen


def parse_json(raw: bytes):
    """Bytes -> JSON value; ApiError 400 for anything that is not strict, UTF-8 JSON."""
    try:
        text = raw.decode("utf-8")  # pragma: no mutate  ("UTF-8" names the same codec)
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"malformed JSON: the body is not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ApiError(400, "malformed JSON: the body is empty; send a wine object or a list of them")
    try:
        return json.loads(text, parse_constant=_constant, parse_int=_integer, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply") from None


def read_json(request: Request):
    """The request's body as strict JSON, checked for content type and size."""
    if request.mimetype != "application/json":
        got = request.mimetype or "no Content-Type"
        raise ApiError(415, f"send the wines as JSON with 'Content-Type: application/json', not {got}")
    # one byte over the limit: a Content-Length above it is refused before reading, and a chunked body
    # (which werkzeug silently truncates at the limit) shows itself by its length
    request.max_content_length = MAX_BODY_BYTES + 1
    try:
        raw = request.get_data(cache=False)  # pragma: no mutate  (cache=None is the same falsy flag)
    except RequestEntityTooLarge:
        raw = None
    if raw is None or len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"the body is over the limit of {MAX_BODY_BYTES:,} bytes; split the batch")
    return parse_json(raw)


def check_wines(wines, field: str | None = None):
    """A wine object or a non-empty list of at most MAX_WINES of them (their values are checked by the model)."""
    if isinstance(wines, list):
        if not wines:
            raise ApiError(422, "the list of wines is empty; send at least one wine", field=field)
        if len(wines) > MAX_WINES:
            raise ApiError(413, f"{len(wines):,} wines is over the limit of {MAX_WINES:,} per request; split the batch",
                           field=field)
    elif not isinstance(wines, dict):
        raise ApiError(422, f"expected a wine object or a list of them, not {type(wines).__name__}", field=field)
    return wines


def read_wines(request: Request):
    """The request's wine object or list of wines, checked for content type, size and count (not values)."""
    return check_wines(read_json(request))
