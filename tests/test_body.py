"""api/body.py: the strict JSON reader, its exact messages, and a body over the limit refused before it is read."""
from __future__ import annotations

import io

import pytest

from api.body import MAX_BODY_BYTES, parse_json, read_wines
from api.errors import ApiError


@pytest.mark.parametrize(("literal", "kind"), [("1" * 18, int), ("-" + "1" * 18, int), ("1" * 19, float),
                                               ("-" + "1" * 19, float), ("9" * 5000, float)],
                         ids=["18 digits", "-18 digits", "19 digits", "-19 digits", "5000 digits"])
def test_integer_literals_longer_than_18_digits_are_read_as_floats(literal, kind):
    value = parse_json(literal.encode())
    assert type(value) is kind and value == kind(literal)


def test_non_standard_constants_are_kept_by_their_literal():
    assert repr(parse_json(b"[NaN, Infinity, -Infinity]")) == "[NaN, Infinity, -Infinity]"


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"  ", "malformed JSON: the body is empty; send a wine object or a list of them"),
     (b"[" * 100_000, "malformed JSON: nested too deeply"),
     (b"\x80", "malformed JSON: the body is not UTF-8 (byte 0)"),
     (b'{"a": 1, "a": 2}', "field 'a' is given twice")],
)
def test_a_body_that_is_not_strict_json_is_named(raw, message):
    with pytest.raises(ApiError) as refused:
        parse_json(raw)
    assert refused.value.detail == message


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [(b"[]", "application/json", 422, "the list of wines is empty; send at least one wine"),
     (b"{}", None, 415, "send the wines as JSON with 'Content-Type: application/json', not no Content-Type"),
     (b"{}", "text/plain", 415, "send the wines as JSON with 'Content-Type: application/json', not text/plain"),
     (b"3", "application/json", 422, "expected a wine object or a list of them, not int")],
)
def test_a_body_of_the_wrong_kind_is_named(app, body, content_type, status, detail):
    headers = {} if content_type is None else {"Content-Type": content_type}
    with app.server.test_request_context("/api/predict", method="POST", data=body, headers=headers):
        from flask import request

        with pytest.raises(ApiError) as refused:
            read_wines(request)
    assert (refused.value.status, refused.value.detail) == (status, detail)


class _Recording(io.BytesIO):
    """A request body that remembers how much of it the app read."""


@pytest.mark.parametrize("declared", [MAX_BODY_BYTES + 2, 2 * MAX_BODY_BYTES], ids=["two past", "2 MB"])
def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(app, declared):
    stream = _Recording(b"x" * declared)
    environ = {"CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(declared), "wsgi.input": stream}
    with app.server.test_request_context("/api/predict", method="POST", environ_overrides=environ):
        from flask import request

        with pytest.raises(ApiError) as refused:
            read_wines(request)
    assert refused.value.status == 413 and stream.tell() == 0


def test_the_body_is_read_once_and_not_kept(app):
    with app.server.test_request_context("/api/predict", method="POST", data=b'{"alcohol": 10}',
                                         content_type="application/json"):
        from flask import request

        assert read_wines(request) == {"alcohol": 10}
        assert request.get_data() == b""
