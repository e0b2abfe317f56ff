"""gunicorn settings for `web: gunicorn dashboard:server` (Procfile), read from the working directory.

On Heroku: bind 0.0.0.0:$PORT, WEB_CONCURRENCY workers. Locally, with PORT unset: 127.0.0.1:8050.
HOST overrides the interface (as with Dash's own dev server), e.g. HOST=127.0.0.1 PORT=9000.
"""
import gc
import os

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
                client.get("/healthz")  # compiles the model's trees here, once, instead of in every worker
        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) the master's objects in workers
