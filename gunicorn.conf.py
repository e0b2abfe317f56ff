"""gunicorn settings for `web: gunicorn dashboard:server` (Procfile), read from the working directory.

On Heroku: bind 0.0.0.0:$PORT, WEB_CONCURRENCY workers. Locally, with PORT unset: 127.0.0.1:8050.
HOST overrides the interface (as with Dash's own dev server), e.g. HOST=127.0.0.1 PORT=9000.
"""
import ctypes
import ctypes.util
import gc
import os

_port = os.environ.get("PORT")
_host = os.environ.get("HOST") or ("0.0.0.0" if _port else "127.0.0.1")
bind = [f"{_host}:{_port or 8050}"]

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# load and verify the model once in the master, before forking: workers share its memory, and a missing
# or tampered artifact stops the master itself with a non-zero exit instead of a crash loop of workers
preload_app = True
timeout = 25  # under the Heroku router's 30 s, so gunicorn logs the slow request before the router drops it
graceful_timeout = 25  # Heroku sends SIGKILL 30 s after SIGTERM
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
