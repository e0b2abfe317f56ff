"""gunicorn settings for the Procfile's `gunicorn -c gunicorn.conf.py dashboard:server` (also app.yaml's entrypoint).

On Heroku: bind 0.0.0.0:$PORT, WEB_CONCURRENCY workers. Locally, with PORT unset: 127.0.0.1:8050.
HOST overrides the interface (as with Dash's own dev server), e.g. HOST=127.0.0.1 PORT=9000.
"""
import ctypes
import ctypes.util
import gc
import os
import select
import signal
import sys

_port = os.environ.get("PORT")
_host = os.environ.get("HOST") or ("0.0.0.0" if _port else "127.0.0.1")
bind = [f"{_host}:{_port or 8050}"]

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# gthread, as in Heroku's reference configuration: each worker serves 2 requests at once (the model's work holds the
# GIL, so more threads measured no better), and keeps idle connections open longer than the Heroku router's 90 s,
# so the router never reuses one that gunicorn is closing. bench.load against sync workers: lower latency and over
# twice the throughput (README, Serving). With gthread, `timeout` below is a worker heartbeat, not a request limit.
worker_class = "gthread"
threads = 2
keepalive = 95
# load and verify the model once in the master, before forking: workers share its memory, and a missing
# or tampered artifact stops the master itself with a non-zero exit instead of a crash loop of workers
preload_app = True
timeout = 25  # under the Heroku router's 30 s, so gunicorn logs the slow request before the router drops it
# Shutdown (SIGTERM: Heroku sends it on every restart and deploy, then SIGKILL 30 s later): each worker finishes its
# request in flight and then every connection already waiting in the listen backlog (post_worker_init below),
# and exits when the backlog is empty; whatever is still running after graceful_timeout is killed.
graceful_timeout = 25
accesslog = "-"
# worker heartbeats in RAM rather than on the dyno's disk
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn >= 25 opens a control socket under $HOME by default; a dyno has no use for it, and two local
# servers would fight over the one path
control_socket_disable = True


def when_ready(server):
    """In the master, before the first fork: warm the model and freeze the heap so workers share it."""
    if server.cfg.preload_app:
        app = server.app.wsgi()
        if hasattr(app, "test_client"):  # a Flask app, as dashboard:server is
            with app.test_client() as client:
                client.get("/healthz")  # compiles the trees and builds the explainer here, once, not in every worker
        gc.collect()
        _release_freed_heap()
        gc.freeze()  # keep the collector from touching (and so copying) the master's objects in workers


def _drain_sync(worker) -> None:
    """A sync worker: on SIGTERM keep accepting until the backlog is empty, then exit."""
    accept, draining = worker.accept, []

    def accept_until_drained(listener):
        try:
            accept(listener)
        except BlockingIOError:
            if draining:  # nothing left in the backlog: leave the way gunicorn's own quick exit does
                sys.exit(0)
            raise

    worker.accept = accept_until_drained
    signal.signal(signal.SIGTERM, lambda signum, frame: draining.append(signum))


def _drain_gthread(worker) -> None:
    """A gthread worker: on SIGTERM, take every connection already waiting in the backlog into its pool before it
    stops accepting; gunicorn's own shutdown then answers them with the requests in flight."""
    stop_accepting = worker.set_accept_enabled

    def accept_the_backlog_first(enabled):
        if not enabled and not worker.alive:  # the shutdown's, not a full pool's
            for listener in worker.sockets:
                for _ in range(worker.cfg.backlog):  # no more can be waiting; nothing new is sent after SIGTERM
                    if not select.select([listener], [], [], 0)[0]:
                        break
                    worker.accept(listener)
        stop_accepting(enabled)

    worker.set_accept_enabled = accept_the_backlog_first


def post_worker_init(worker):
    """On SIGTERM, answer the connections already queued in the listen backlog before the worker exits.

    Both of gunicorn's worker classes used here stop accepting at once, and the queued connections are reset when
    the last copy of the listening socket closes: a sync worker lost 46 per SIGTERM under load here; a gthread
    worker takes each connection into its pool as it arrives, but those queued in the moment before SIGTERM (its
    loop not yet run since they came, on a busy machine) were lost too, 3 or 8 now and then. A sync worker keeps
    accepting until the backlog is empty; a gthread worker takes the whole backlog into its pool first.
    """
    from gunicorn.workers.gthread import ThreadWorker
    from gunicorn.workers.sync import SyncWorker

    if type(worker) is SyncWorker:
        _drain_sync(worker)
    elif type(worker) is ThreadWorker:
        _drain_gthread(worker)


# gunicorn discards at most 64 kB of a body the app left unread before it serves the next request on the connection;
# past that it drops the connection, after its answer already said keep-alive, so the client's next request there
# gets no answer. The app refuses bodies unread (413 over a size limit, 415, 401 at the password gate), so any
# body that gunicorn could not discard is answered with "Connection: close": the client then opens a new connection.
DRAIN_BYTES = 64 * 1024


def pre_request(worker, req):
    """Close the connection after a request whose body is chunked or over DRAIN_BYTES (see DRAIN_BYTES)."""
    for name, value in req.headers:
        if name == "TRANSFER-ENCODING" or (name == "CONTENT-LENGTH" and (not value.isdigit() or int(value) > DRAIN_BYTES)):
            req.must_close = True


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None


def _fixed_mmap_threshold() -> None:
    """Arrays over 128 kB (an explanation's temporaries: a few MB each) always get their own mapping, which is
    returned to the OS when freed. glibc would otherwise raise the threshold after the first such free and
    keep later ones on a heap that only grows, in the master and in every worker. A no-op off glibc."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def _release_freed_heap() -> None:
    """Give the master's freed heap back to the OS before forking (glibc keeps it after the explainer's build,
    ~200 MB of temporaries): the workers then share only what the model really holds. A no-op off glibc."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


M_MMAP_THRESHOLD = -3  # mallopt parameter, glibc's malloc.h
MMAP_THRESHOLD_BYTES = 128 * 1024
_fixed_mmap_threshold()  # in the master, before the app is loaded; forked workers inherit it
