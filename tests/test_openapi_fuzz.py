"""Fuzz every operation of /api/openapi.json with schemathesis through the WSGI app: never a server error.

Valid (positive) and schema-violating (negative) requests, a bounded number of each per operation.
The cases come from `APIOperation.as_strategy` under a plain hypothesis test: schemathesis' lazy pytest
loader (`schemathesis.pytest.from_fixture`) does not work with pytest 9.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 100
OPERATIONS = [
    ("POST", "/api/predict"),
    ("POST", "/api/decide"),
    ("POST", "/api/decide/test-set"),
    ("GET", "/api/model"),
    ("GET", "/api/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/health"),
]
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
# positive cases must also match the document; negative ones (schema-violating bodies) only must not be a 5xx:
# the API accepts some bodies the document cannot express (aliases mixed with UCI names, "RED", "colour")
CHECKS = {
    POSITIVE: [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    NEGATIVE: [not_a_server_error, status_code_conformance, content_type_conformance],
}


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app.server)


def test_document_covers_the_operations(api_schema):
    documented = {(m.upper(), p) for p, item in api_schema.raw_schema["paths"].items() for m in item}
    assert documented == set(OPERATIONS)


# a GET without parameters or body has nothing to violate: negative cases only for the POST
FUZZ = [(method, path, POSITIVE) for method, path in OPERATIONS] + [
    (method, path, NEGATIVE) for method, path in OPERATIONS if method == "POST"]


@pytest.mark.parametrize(("method", "path", "mode"), FUZZ, ids=[f"{m} {p} {g}" for m, p, g in FUZZ])
def test_fuzz_operation(api_schema, method, path, mode):
    operation = api_schema[path][method]
    statuses: list[int] = []
    explain: list = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def fuzz(case):
        response = case.call(headers={"Accept-Encoding": "identity"})  # the WSGI transport does not decode
        statuses.append(response.status_code)
        explain.append((case.query or {}).get("explain"))
        case.validate_response(response, checks=CHECKS[mode])

    fuzz()
    assert statuses and max(statuses) < 500
    if mode is POSITIVE:
        assert 200 in statuses
    else:
        assert any(400 <= s < 500 for s in statuses)
    if path == "/api/predict":  # the explain parameter is fuzzed too, both ways
        assert {True, False} <= {str(v).lower() == "true" for v in explain if v is not None}
