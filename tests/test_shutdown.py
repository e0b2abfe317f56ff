"""gunicorn.conf.py's shutdown: SIGTERM under load answers every request already sent, in flight or queued in the
listen backlog."""
from __future__ import annotations

import http.client
import os
import signal
import time
from pathlib import Path

import pytest

from bench import hostile
from bench import server as srv


@pytest.mark.slow
def test_sigterm_under_load_answers_every_request_already_sent():
    result = hostile.part_sigterm(hostile.ROOT)  # 48 clients on 127.0.0.1, SIGTERM after 2 s, bounded
    assert result["lost"] == 0, result["outcomes"]
    assert result["outcomes"].get("answered", 0) > hostile.SIGTERM_CLIENTS
    assert result["exit_code"] == 0


QUEUED = 8  # requests sent while the worker cannot run
SIGTERM_BIT = 1 << (signal.SIGTERM - 1)


def _pending_signals(pid: int) -> int:
    """The signals sent to the process `pid` and not yet handled (its /proc status, shared and its own)."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["ShdPnd"], 16) | int(status["SigPnd"], 16)


def _answer(conn: http.client.HTTPConnection) -> int | str:
    """The status of the answer on `conn`, or the error in its place; the connection closed."""
    try:
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        conn.close()


@pytest.mark.slow
def test_sigterm_answers_the_connections_still_queued_in_the_backlog():
    """Requests sent while the worker cannot run (stopped: a busy machine's worst case) wait in the listen backlog,
    not accepted; SIGTERM comes before the worker has run again. Every one of them is still answered: before this,
    the worker took one (its loop's last accept) and the other seven were reset."""
    with srv.serve(workers=1) as server:
        (worker,) = server.workers()
        os.kill(worker.pid, signal.SIGSTOP)
        sent = []
        try:
            for _ in range(QUEUED):
                sent.append(http.client.HTTPConnection(srv.HOST, server.port, timeout=30))
                sent[-1].request("GET", "/healthz")
            server.proc.send_signal(signal.SIGTERM)  # the master passes it on to the stopped worker
            deadline = time.monotonic() + 10
            while not _pending_signals(worker.pid) & SIGTERM_BIT and time.monotonic() < deadline:
                time.sleep(0.01)
            told = bool(_pending_signals(worker.pid) & SIGTERM_BIT)
        finally:
            os.kill(worker.pid, signal.SIGCONT)
            outcomes = [_answer(conn) for conn in sent]
        assert told, "the worker was never sent SIGTERM"
        assert outcomes == [200] * QUEUED, outcomes
        assert server.proc.wait(30) == 0
