"""Start and stop a gunicorn server on a free loopback port, the way the Procfile serves the app."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_APP = "dashboard:server"
BASELINE_APP = "bench.flask_baseline:app"
BASELINE_DASH_APP = "bench.baseline_dash:server"
DEFAULT_WORKERS = 2
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# The project's gunicorn.conf.py (when there is one), plus a hook that marks each worker once it has loaded
# the app, so a benchmark starts only when every worker can answer.
_CONFIG = """\
import os
_project = {project!r}
if os.path.isfile(_project):
    _ns = {{"__file__": _project, "__name__": "__config__"}}
    exec(compile(open(_project).read(), _project, "exec"), _ns)
    globals().update({{k: v for k, v in _ns.items() if not k.startswith("__")}})
_project_post_worker_init = globals().get("post_worker_init")


def post_worker_init(worker):
    if _project_post_worker_init is not None:
        _project_post_worker_init(worker)
    open(os.path.join({markers!r}, "worker-%d" % os.getpid()), "w").close()
"""


def write_config(folder: Path, root: Path = ROOT) -> Path:
    """The bench's gunicorn config in `folder` (markers of booted workers go to folder/markers)."""
    (folder / "markers").mkdir(exist_ok=True)
    config = folder / "gunicorn_bench.conf.py"
    config.write_text(_CONFIG.format(project=str(root / "gunicorn.conf.py"), markers=str(folder / "markers")))
    return config


def gunicorn_command(app: str, port: int, workers: int, config: Path) -> list[str]:
    """The production command with bind and worker count pinned (command-line flags override the config)."""
    return [sys.executable, "-m", "gunicorn", "--config", str(config),
            "--bind", f"{HOST}:{port}", "--workers", str(workers), app]


@dataclass
class Server:
    """A running gunicorn master; `workers()` lists its worker processes."""

    proc: subprocess.Popen
    port: int
    log_path: Path
    app: str
    markers: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children()
        except psutil.NoSuchProcess:
            return []

    def booted_workers(self) -> list[int]:
        """Pids of live workers that have loaded the app."""
        live = {w.pid for w in self.workers()}
        return sorted(pid for pid in (int(p.name.split("-")[1]) for p in self.markers.iterdir()) if pid in live)

    def wait_workers(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.booted_workers()) >= n:
                return True
            time.sleep(0.05)
        return False

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def http_status(port: int, path: str = "/", timeout: float = 5.0) -> int | None:
    """Status of one GET, or None when nothing answers."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the master we started (graceful), then SIGKILL its own process group if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the session we created in start(); nothing else
            proc.wait(5)


@contextmanager
def serve(app: str = DASHBOARD_APP, workers: int = DEFAULT_WORKERS, ready_path: str = "/",
          root: Path = ROOT, timeout: float = 90.0, env: dict | None = None):
    """Run gunicorn for `app` until the block ends; waits until every worker answers `ready_path`."""
    with tempfile.TemporaryDirectory(prefix="bench-gunicorn-") as tmp:
        tmp = Path(tmp)
        config = write_config(tmp, root)
        port = free_port()
        with open(tmp / "gunicorn.log", "w+") as log:
            proc = subprocess.Popen(
                gunicorn_command(app, port, workers, config), cwd=root, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})}, start_new_session=True,
            )
            server = Server(proc, port, tmp / "gunicorn.log", app, tmp / "markers")
            try:
                _wait_ready(server, workers, ready_path, timeout)
                yield server
            finally:
                stop(proc)


def _wait_ready(server: Server, workers: int, ready_path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn {server.app} exited with {server.proc.returncode}:\n{server.log_tail()}")
        if len(server.booted_workers()) >= workers:
            status = http_status(server.port, ready_path)
            if status is not None and status < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn {server.app} not ready after {timeout:.0f} s:\n{server.log_tail()}")


@contextmanager
def checkout(ref: str):
    """The project at git `ref` (committed files only) in a temporary folder, to serve beside this one."""
    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as tmp:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        yield Path(tmp)
