"""gunicorn.conf.py's shutdown: SIGTERM under load answers every request already sent, in flight or queued in the
listen backlog."""
from __future__ import annotations

import http.client
import os
import runpy
import signal
import socket
import time
from pathlib import Path
from types import SimpleNamespace

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


def _stopped(pid: int) -> bool:
    """Every thread of the process `pid` stopped (state T). A SIGSTOP takes effect as each thread next runs: a
    SIGTERM sent before then can be taken first (the lower number), handled, and no longer pending."""
    states = [Path(stat).read_text().rsplit(")", 1)[1].split()[0] for stat in Path(f"/proc/{pid}/task").glob("*/stat")]
    return bool(states) and all(state == "T" for state in states)


def _within(seconds: float, ready) -> bool:
    """Whether `ready()` held within `seconds` (looked at every 10 ms)."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    return ready()


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
            assert _within(10, lambda: _stopped(worker.pid)), "the worker did not stop"
            for _ in range(QUEUED):
                sent.append(http.client.HTTPConnection(srv.HOST, server.port, timeout=30))
                sent[-1].request("GET", "/healthz")
            server.proc.send_signal(signal.SIGTERM)  # the master passes it on to the stopped worker
            told = _within(10, lambda: bool(_pending_signals(worker.pid) & SIGTERM_BIT))
        finally:
            os.kill(worker.pid, signal.SIGCONT)
            outcomes = [_answer(conn) for conn in sent]
        assert told, f"the worker was never sent SIGTERM (answers: {outcomes})"
        assert outcomes == [200] * QUEUED, outcomes
        assert server.proc.wait(30) == 0


class _Worker:
    """What gunicorn.conf.py's gthread drain uses of a gthread worker: one real listener with `waiting` connections
    queued, `accept` taking one, and set_accept_enabled recording its calls."""

    def __init__(self, waiting: int, backlog: int, alive: bool = False):
        self.alive, self.cfg, self.accepted, self.enabled = alive, SimpleNamespace(backlog=backlog), [], []
        listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        listener.setblocking(False)  # as gunicorn sets it
        self.sockets = [listener]
        self.clients = [socket.create_connection(listener.getsockname()) for _ in range(waiting)]

    def accept(self, listener) -> None:
        self.accepted.append(listener.accept()[0])

    def set_accept_enabled(self, enabled: bool) -> None:
        self.enabled.append(enabled)

    def close(self) -> None:
        for s in [*self.sockets, *self.clients, *self.accepted]:
            s.close()


@pytest.mark.parametrize("waiting, backlog, accepted", [(3, 5, 3), (2, 2, 2), (3, 2, 2), (0, 2, 0)],
                         ids=["fewer-than-the-bound", "at-the-bound", "one-past-the-bound", "none-waiting"])
def test_the_gthread_drain_takes_what_waits_up_to_the_listen_backlog(waiting, backlog, accepted):
    drain = runpy.run_path(str(hostile.ROOT / "gunicorn.conf.py"))["_drain_gthread"]
    worker = _Worker(waiting, backlog)
    try:
        drain(worker)
        worker.set_accept_enabled(False)  # the shutdown's call
        assert len(worker.accepted) == accepted
        assert worker.enabled == [False]  # gunicorn's own then stops accepting
    finally:
        worker.close()


@pytest.mark.parametrize("alive, enabled", [(True, False), (False, True)], ids=["pool-full", "accepting-again"])
def test_the_gthread_drain_takes_nothing_but_at_shutdown(alive, enabled):
    drain = runpy.run_path(str(hostile.ROOT / "gunicorn.conf.py"))["_drain_gthread"]
    worker = _Worker(2, 8, alive=alive)
    try:
        drain(worker)
        worker.set_accept_enabled(enabled)
        assert worker.accepted == [] and worker.enabled == [enabled]
    finally:
        worker.close()
