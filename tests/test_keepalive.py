"""A refused body does not break the connection it came on: gunicorn, as the Procfile starts it, answers every body
it could not discard (over 64 kB, or chunked) with "Connection: close", so a client's pool opens a new connection
for its next request instead of sending it down one that gunicorn is about to drop."""
from __future__ import annotations

import pytest
import requests

from test_serving import serving

pytestmark = pytest.mark.slow
JSON = {"Content-Type": "application/json"}
OVER_API_LIMIT = b"[" + b" " * 1_100_000 + b"]"  # over the 1 MB of /api/predict and the /_live/* routes
OVER_APP_LIMIT = b"[" + b" " * 5_000_000 + b"]"  # over the 4 MB cap on every route (a callback carries an upload)


@pytest.fixture(scope="module")
def base():
    with serving() as (url, _, _):
        yield url


def chunks(body: bytes, size: int = 65_536):
    for start_at in range(0, len(body), size):
        yield body[start_at:start_at + size]


REFUSALS = {
    "api body over 1 MB (413)": ("/api/predict", OVER_API_LIMIT, JSON, 413),
    "api body chunked, over 1 MB (413)": ("/api/predict", "chunked", JSON, 413),
    "api body as text/plain (415)": ("/api/predict", OVER_API_LIMIT, {"Content-Type": "text/plain"}, 415),
    "live bars body over 1 MB (413)": ("/_live/bars", OVER_API_LIMIT, JSON, 413),
    "live why body over 1 MB (413)": ("/_live/why", OVER_API_LIMIT, JSON, 413),
    "live sweeps body over 1 MB (413)": ("/_live/sweeps", OVER_API_LIMIT, JSON, 413),
    "callback body over 4 MB (413), an upload's route": ("/_dash-update-component", OVER_APP_LIMIT, JSON, 413),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_the_connection_survives_refused_bodies(base, kind, average_wine):
    path, body, headers, status = REFUSALS[kind]
    with requests.Session() as session:
        for _ in range(3):  # two refusals in a row broke the next request before
            data = chunks(OVER_API_LIMIT) if body == "chunked" else body
            refused = session.post(base + path, data=data, headers=headers, timeout=30)
            assert refused.status_code == status
            assert refused.headers["Connection"] == "close"
        answer = session.post(base + "/api/predict", json=average_wine, timeout=30)
        assert answer.status_code == 200
        assert "probabilities" in answer.json()


def test_a_small_body_keeps_the_connection_alive(base, average_wine):
    """Only bodies gunicorn cannot discard close the connection: ordinary requests keep it."""
    with requests.Session() as session:
        refused = session.post(base + "/api/predict", data=b"[" + b" " * 60_000 + b"]", headers={"Content-Type": "text/plain"},
                               timeout=30)
        assert refused.status_code == 415
        assert refused.headers["Connection"] == "keep-alive"
        for _ in range(2):
            answer = session.post(base + "/api/predict", json=average_wine, timeout=30)
            assert answer.status_code == 200
            assert answer.headers["Connection"] == "keep-alive"


def test_the_connection_survives_a_body_refused_at_the_password_gate(average_wine):
    """The gate answers 401 before anything reads the body; the next request, with credentials, is answered."""
    with serving(DASHBOARD_PASSWORD="s3cret") as (url, _, _):
        with requests.Session() as session:
            for _ in range(2):
                refused = session.post(url + "/api/predict", data=OVER_API_LIMIT[:500_000] + b"]", headers=JSON, timeout=30)
                assert refused.status_code == 401 and refused.headers["Connection"] == "close"
            answer = session.post(url + "/api/predict", json=average_wine, auth=("demo", "s3cret"), timeout=30)
            assert answer.status_code == 200
