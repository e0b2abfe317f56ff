"""gunicorn.conf.py's shutdown: SIGTERM under load answers every request already sent, in flight or queued."""
from __future__ import annotations

import pytest

from bench import hostile


@pytest.mark.slow
def test_sigterm_under_load_answers_every_request_already_sent():
    result = hostile.part_sigterm(hostile.ROOT)  # 48 clients on 127.0.0.1, SIGTERM after 2 s, bounded
    assert result["lost"] == 0, result["outcomes"]
    assert result["outcomes"].get("answered", 0) > hostile.SIGTERM_CLIENTS
    assert result["exit_code"] == 0
