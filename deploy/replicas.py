"""Run the image's replicas on 127.0.0.1 and nginx in front of them, as compose.yaml does on a real host.

Used by tests/test_image.py and bench/image.py. Standard library only; podman reads deploy/containers.conf.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import string
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.image import IMAGE, env, podman

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
BOOT_LIMIT_S = 15.0  # /healthz must answer 200 within this after `podman run`
NAME_PREFIX = "wine-quality-replica-"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, timeout: float = 5) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def wait_healthy(url: str, limit_s: float, alive=lambda: True) -> float | None:
    """Poll `url`/healthz until it answers 200; the seconds it took, or None after `limit_s` (or once dead)."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s and alive():
        try:
            if get_json(f"{url}/healthz", timeout=2)[0] == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    return None


@dataclass
class Replica:
    name: str
    port: int
    url: str
    boot_s: float | None

    def running(self) -> bool:
        return podman("inspect", "--format", "{{.State.Running}}", self.name, check=False).strip() == "true"

    def logs(self) -> str:
        done = subprocess.run(["podman", "logs", self.name], env=env(), capture_output=True, text=True)
        return done.stdout + done.stderr

    def stop(self, timeout_s: int = 30) -> float:
        """SIGTERM (the image's stop signal), SIGKILL after `timeout_s`; the seconds until the container exited."""
        start = time.monotonic()
        podman("stop", "--time", str(timeout_s), self.name)
        return time.monotonic() - start


@contextmanager
def replica(image: str = IMAGE, port: int | None = None, limit_s: float = BOOT_LIMIT_S, **environ: str) -> Iterator[Replica]:
    """`podman run` the image on the host network with PORT set; wait for /healthz; remove it afterwards."""
    port = port or free_port()
    name = f"{NAME_PREFIX}{port}"
    podman("rm", "--force", name, check=False)
    args = [arg for key, value in environ.items() for arg in ("--env", f"{key}={value}")]
    # the HEALTHCHECK stays in the image; podman's periodic runner needs systemd, which this host lacks
    start = time.monotonic()
    podman("run", "--detach", "--name", name, "--network", "host", "--health-interval", "disable",
           "--env", f"PORT={port}", *args, image)
    r = Replica(name, port, f"http://127.0.0.1:{port}", None)
    try:
        booted = wait_healthy(r.url, limit_s - (time.monotonic() - start), r.running)
        r.boot_s = None if booted is None else time.monotonic() - start
        yield r
    finally:
        podman("rm", "--force", "--time", "0", name, check=False)


def render_nginx(listen: int, upstreams: list[int], access_log: Path, retry: bool = True) -> str:
    """The repo's nginx template with 127.0.0.1 ports filled in (nginx's own $variables untouched).
    retry=False turns proxy_next_upstream off: the baseline that shows what it is for."""
    servers = " ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstreams)
    text = NGINX_TEMPLATE.read_text()
    if not retry:
        text = re.sub(r"proxy_next_upstream [^;]*;", "proxy_next_upstream off;", text)
    return string.Template(text).safe_substitute(
        NGINX_PORT=f"127.0.0.1:{listen}", WEB_SERVERS=servers, NGINX_ACCESS_LOG=str(access_log))


@dataclass
class Nginx:
    url: str
    access_log: Path

    def upstreams(self) -> list[str]:
        """The upstream of each logged request (`a, b` when nginx moved it from a to b)."""
        return re.findall(r" upstream=(.*?) upstream_status=", self.access_log.read_text())

    def settled_upstreams(self, expected: int, limit_s: float = 2.0) -> list[str]:
        """upstreams() once `expected` lines are in the log, or after `limit_s`: nginx writes a request's line just
        after the client has its answer, so the last few lines can trail the client by a moment."""
        deadline = time.monotonic() + limit_s
        while len(found := self.upstreams()) < expected and time.monotonic() < deadline:
            time.sleep(0.02)
        return found

    def served_by(self) -> Counter:
        """Requests answered by each replica: the last upstream nginx tried."""
        return Counter(u.split(", ")[-1] for u in self.upstreams())


@contextmanager
def nginx(upstreams: list[int], listen: int | None = None, retry: bool = True) -> Iterator[Nginx]:
    """Debian's nginx as a plain foreground process on 127.0.0.1, with the repo's template as its http config."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    listen = listen or free_port()
    with tempfile.TemporaryDirectory(prefix="wine-nginx-") as tmp:
        prefix = Path(tmp)
        access_log = prefix / "access.log"
        (prefix / "wine.conf").write_text(render_nginx(listen, upstreams, access_log, retry))
        temp_paths = "".join(f"    {kind}_temp_path {prefix / kind};\n"
                             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (prefix / "nginx.conf").write_text(
            f"worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
            f"events {{ worker_connections 256; }}\nhttp {{\n{temp_paths}    include {prefix / 'wine.conf'};\n}}\n")
        process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                    "-g", "daemon off; master_process on;"], stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", listen), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            if process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {(prefix / 'error.log').read_text()}")
            yield Nginx(f"http://127.0.0.1:{listen}", access_log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class LoadResult:
    ok: int
    failures: Counter  # what went wrong, e.g. {"502": 3, "ConnectionResetError": 1}
    seconds: float

    @property
    def requests(self) -> int:
        return self.ok + sum(self.failures.values())


def post_load(url: str, body: bytes, clients: int, stop, limit_s: float = 60.0) -> LoadResult:
    """`clients` threads POST `body` to `url` on keep-alive connections until `stop` is set (or `limit_s` passes);
    a request fails unless it gets a 200 with JSON probabilities."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    ok, failures, lock = [0], Counter(), threading.Lock()
    start = time.monotonic()

    def client() -> None:
        connection = None
        while not stop.is_set() and time.monotonic() - start < limit_s:
            try:
                connection = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                connection.request("POST", parts.path, body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                data = response.read()
                good = response.status == 200 and "probabilities" in json.loads(data)
                outcome = None if good else str(response.status)
            except (OSError, http.client.HTTPException, ValueError) as error:
                outcome, connection = type(error).__name__, None
            with lock:
                if outcome is None:
                    ok[0] += 1
                else:
                    failures[outcome] += 1
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(limit_s + 35)
    return LoadResult(ok[0], failures, time.monotonic() - start)


def sigterm_under_load(body: bytes, clients: int = 8, before_s: float = 3.0, after_s: float = 3.0,
                       image: str = IMAGE, retry: bool = True) -> dict:
    """Two replicas behind nginx; `clients` clients post `body` to /api/predict through nginx; after `before_s` one
    replica gets SIGTERM (`podman stop`), and the load goes on `after_s` past its exit. Returns the figures."""
    import threading

    with replica(image) as first, replica(image) as second, nginx([first.port, second.port], retry=retry) as lb:
        if first.boot_s is None or second.boot_s is None:
            raise RuntimeError(f"a replica did not boot:\n{first.logs()[-2000:]}\n{second.logs()[-2000:]}")
        stop = threading.Event()
        results: list[LoadResult] = []
        loader = threading.Thread(target=lambda: results.append(post_load(f"{lb.url}/api/predict", body, clients,
                                                                         stop, before_s + after_s + 60)))
        loader.start()
        time.sleep(before_s)
        logged_before = len(lb.upstreams())
        stop_s = first.stop()
        time.sleep(after_s)
        stop.set()
        loader.join()
        upstreams = lb.settled_upstreams(results[0].requests)
    after = upstreams[logged_before:]
    first_addr, second_addr = f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"
    load = results[0]
    return {
        "requests": load.requests, "ok": load.ok, "failures": dict(load.failures), "seconds": load.seconds,
        "requests_per_s": load.requests / load.seconds, "stop_s": stop_s, "boot_s": [first.boot_s, second.boot_s],
        "before": Counter(u.split(", ")[-1] for u in upstreams[:logged_before]),
        "after": Counter(u.split(", ")[-1] for u in after),
        "moved": sum(1 for u in after if u.startswith(first_addr + ", ")),
        "first": first_addr, "second": second_addr, "logged": len(upstreams), "clients": clients,
    }


def describe(f: dict) -> str:
    """The figures of sigterm_under_load in a few lines."""
    failures = ", ".join(f"{n} x {what}" for what, n in f["failures"].items()) or "0"
    first, second, before, after = f["first"], f["second"], f["before"], f["after"]
    return "\n".join([
        f"{f['clients']} clients x {f['seconds']:.1f} s through nginx: {f['requests']} requests "
        f"({f['requests_per_s']:.0f}/s), failed: {failures}",
        f"replicas booted (podman run -> /healthz 200) in {f['boot_s'][0]:.1f} s and {f['boot_s'][1]:.1f} s",
        f"before SIGTERM: {first} served {before[first]}, {second} served {before[second]}",
        f"SIGTERM to {first}: exited {f['stop_s']:.2f} s later; from then on {second} served {after[second]} of "
        f"{sum(after.values())} ({first} finished {after[first]} already in flight; nginx moved {f['moved']} "
        f"to {second})",
    ])
