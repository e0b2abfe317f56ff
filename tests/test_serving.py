"""The Procfile's process for real: gunicorn on a free loopback port serves / and /healthz, and refuses to start
on a missing, corrupt or tampered model artifact with a clear message and a non-zero exit."""
from __future__ import annotations

import base64
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "model"
BOOT_TIMEOUT = 60  # Heroku's limit for binding $PORT

pytestmark = pytest.mark.slow


def procfile_command() -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return shlex.split(line.removeprefix("web:"))
    raise AssertionError("Procfile has no web process")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, **env: str) -> subprocess.Popen:
    """The Procfile's web command as Heroku runs it (PORT set), on loopback, with the venv's tools first on PATH."""
    environ = os.environ | {
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    } | env
    environ.pop("DASH_DEBUG", None)
    return subprocess.Popen(
        procfile_command(), cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


def wait_until_up(process: subprocess.Popen, url: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < BOOT_TIMEOUT:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: {process.stderr.read()}")
        try:
            if get(url)[0] == 200:
                return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"no 200 from {url} within {BOOT_TIMEOUT} s")


def stop(process: subprocess.Popen) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # what Heroku sends; gunicorn shuts down gracefully
    try:
        return process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate(timeout=10)


@contextmanager
def serving(ready: str = "/healthz", **env: str):
    """The Procfile's server on a free loopback port, up (200 on `ready`) until the block ends; yields the base url,
    the process and the boot time. Its stdout and stderr are left on process.output after the stop."""
    port = free_port()
    process = start(port, **env)
    base = f"http://127.0.0.1:{port}"
    try:
        boot = wait_until_up(process, base + ready)
        yield base, process, boot
    finally:
        process.output = stop(process)


@pytest.fixture(scope="module")
def server():
    with serving("/") as (base, process, boot):
        yield base, process, boot
    out, err = process.output
    assert process.returncode == 0, err
    assert "GET /healthz" in out, "gunicorn's access log goes to stdout"


def test_procfile_runs_gunicorn_on_dashboard_server():
    assert procfile_command() == ["gunicorn", "-c", "gunicorn.conf.py", "dashboard:server"]


def test_serves_the_dashboard_and_health(server, loaded_model):
    base, process, boot = server
    status, headers, body = get(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"react-entry-point" in body
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "SAMEORIGIN"
    status, headers, body = get(base + "/healthz")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert b'"status":"ok"' in body and loaded_model.sha256.encode() in body
    # how long the boot takes is bench.boot's to measure (a noisy machine), never a timed assertion here


def test_master_and_two_preloaded_workers_on_loopback(server):
    base, process, boot = server
    master = psutil.Process(process.pid)
    # "gunicorn -c gunicorn.conf.py dashboard:server", or with setproctitle (a dependency of mutmut in the dev
    # tools) its retitled "gunicorn: master [dashboard:server]"
    assert "dashboard:server" in " ".join(master.cmdline())
    deadline = time.monotonic() + 10  # workers may still be forking after the first 200
    while len(master.children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(master.children()) == 2
    listening = {c.laddr for c in master.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN}
    assert listening == {(("127.0.0.1", int(base.rsplit(":", 1)[1])))}


def test_bundles_go_out_compressed(server):
    base, process, boot = server
    body = get(base + "/")[2].decode()
    bundle = body.split('src="/_dash-component-suites/', 1)[1].split('"', 1)[0]
    status, headers, _ = get(f"{base}/_dash-component-suites/{bundle}", {"Accept-Encoding": "gzip, br"})
    assert status == 200 and headers["Content-Encoding"] == "br"


def _artifact_copy(tmp_path: Path, damage: str) -> Path:
    """A copy of the shipped artifact with one thing wrong with it."""
    target = tmp_path / "model"
    target.mkdir()
    manifest = (MODEL_DIR / "manifest.json").read_text()
    (target / "manifest.json").write_text("{ not json" if damage == "corrupt-manifest" else manifest)
    pickle_name = json.loads(manifest)["model"]["file"]
    blob = bytearray((MODEL_DIR / pickle_name).read_bytes())
    if damage == "tampered":
        blob[len(blob) // 2] ^= 0xFF
    if damage != "missing-pickle":
        (target / pickle_name).write_bytes(bytes(blob))
    return target


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("tampered", "does not match its manifest"),
        ("missing-pickle", "model file not found"),
        ("corrupt-manifest", "is not valid JSON"),
    ],
)
def test_bad_artifact_stops_the_server_with_a_clear_message(tmp_path, damage, reason):
    process = start(free_port(), WINE_MODEL_DIR=str(_artifact_copy(tmp_path, damage)))
    try:
        out, err = process.communicate(timeout=BOOT_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode != 0
    message = err.strip().splitlines()[-1]
    assert message.startswith("Wine Quality Designer cannot start:") and reason in message
    assert "Traceback" not in err and "Booting worker" not in err


def test_a_private_server_logs_the_user_and_never_the_password():
    """DASHBOARD_PASSWORD set: / asks for credentials, the API answers with them, /healthz stays open; gunicorn's
    access log names the user only."""
    user, password = "board", "never-in-a-log-3f9a"
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    with serving(DASHBOARD_PASSWORD=password, DASHBOARD_USER=user) as (base, process, _):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(base + "/")
        refused.value.close()
        assert refused.value.code == 401 and refused.value.headers["WWW-Authenticate"].startswith("Basic ")
        assert get(base + "/api/model", {"Authorization": f"Basic {token}"})[0] == 200
    out, err = process.output
    assert process.returncode == 0, err
    assert f' - {user} [' in out and '"GET /api/model HTTP/1.1" 200' in out
    assert password not in out + err and token not in out + err
