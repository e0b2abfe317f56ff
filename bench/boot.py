"""Boot time and memory of the Procfile's server: start -> first 200 on /, and master + workers' memory idle and
after 1,000 requests. Targets: boot <= 10 s; master + 2 workers <= 400 MB resident (a basic dyno has 512 MB).

    python -m bench.boot [--boots 3] [--requests 1000]

Runs gunicorn exactly as the Procfile does, on a free 127.0.0.1 port. Memory is judged on the processes' joint
footprint: the master's RSS plus each worker's USS (pages only that worker holds), i.e. every resident page
counted once, as a dyno's memory limit counts them. Also printed: the plain RSS sum (counts the pages the forked
workers share with the master once per process, so it overstates) and the PSS sum (shared pages split between
sharers; on a busy machine it understates, since other Python processes share the library pages too).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from itertools import cycle
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BOOT_TARGET_S = 10.0
MEMORY_TARGET_MB = 400.0
WAIT_S = 60.0  # Heroku's boot limit; every wait below is bounded by it
MB = 1e6


def _command() -> list[str]:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    return shlex.split(line.removeprefix("web:"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, body: bytes | None = None) -> int:
    headers = {"Accept-Encoding": "br, gzip"} | ({"Content-Type": "application/json"} if body else {})
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=10) as response:
        response.read()
        return response.status


def start_server(workers: int = 2) -> tuple[subprocess.Popen, str, float]:
    """Start the Procfile command; return it, its base URL and the seconds from start to the first 200 on /."""
    port = _free_port()
    env = os.environ | {
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": str(workers),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    process = subprocess.Popen(_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while time.monotonic() - started < WAIT_S:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
        try:
            if _request(base + "/") == 200:
                return process, base, time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    stop_server(process)
    raise SystemExit(f"no 200 on / within {WAIT_S:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def memory(process: subprocess.Popen, workers: int) -> dict[str, float]:
    """MB: joint footprint (master RSS + workers' USS), RSS sum, PSS sum, and the master's RSS."""
    master = psutil.Process(process.pid)
    deadline = time.monotonic() + WAIT_S
    while len(master.children()) < workers and time.monotonic() < deadline:
        time.sleep(0.1)
    procs = [master, *master.children()]
    infos = [p.memory_full_info() for p in procs]
    return {
        "processes": len(procs),
        "joint": (infos[0].rss + sum(i.uss for i in infos[1:])) / MB,
        "rss": sum(i.rss for i in infos) / MB,
        "pss": sum(i.pss for i in infos) / MB,
        "master_rss": infos[0].rss / MB,
    }


def _workload(base: str) -> list[tuple[str, bytes | None]]:
    """What a browser and an API client ask for: the page, its bundles, Dash's JSON, health, predictions."""
    page = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    card = json.loads(urllib.request.urlopen(base + "/api/model", timeout=10).read())
    wine = {f["name"]: f["mean_by_color"]["white"] for f in card["features"]} | {"color": "white"}
    batch = [wine | {"alcohol": 9 + i % 5, "color": ("red", "white")[i % 2]} for i in range(100)]
    return (
        [("/", None), ("/_dash-layout", None), ("/_dash-dependencies", None), ("/healthz", None), ("/api/model", None)]
        + [(b, None) for b in bundles]
        + [("/api/predict", json.dumps(wine).encode())] * 4
        + [("/api/predict", json.dumps(batch).encode())]
    )


def hammer(base: str, n: int) -> tuple[float, dict[int, int]]:
    """n requests, in turn, round the workload; returns the seconds taken and the count of each status."""
    statuses: dict[int, int] = {}
    workload = cycle(_workload(base))
    started = time.monotonic()
    for _ in range(n):
        path, body = next(workload)
        try:
            status = _request(base + path, body)
        except urllib.error.HTTPError as exc:
            status = exc.code
        statuses[status] = statuses.get(status, 0) + 1
    return time.monotonic() - started, statuses


def _mem_line(label: str, m: dict[str, float]) -> str:
    verdict = "ok" if m["joint"] <= MEMORY_TARGET_MB else "OVER"
    return (f"  {label:<22} joint {m['joint']:5.0f} MB ({verdict})   master RSS {m['master_rss']:4.0f} MB   "
            f"RSS sum {m['rss']:5.0f} MB   PSS sum {m['pss']:5.0f} MB   [{m['processes']} processes]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boots", type=int, default=3, help="cold starts to time (default 3)")
    parser.add_argument("--requests", type=int, default=1000, help="requests before the second memory reading")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    print(f"serving: {' '.join(_command())} (Procfile), WEB_CONCURRENCY={args.workers}, 127.0.0.1")
    boots = []
    for i in range(max(1, args.boots)):
        process, base, seconds = start_server(args.workers)
        boots.append(seconds)
        if i < args.boots - 1:
            stop_server(process)
    try:
        verdict = "ok" if max(boots) <= BOOT_TARGET_S else "OVER"
        print(f"boot, process start -> first 200 on /: median {statistics.median(boots):.2f} s, "
              f"max {max(boots):.2f} s over {len(boots)} starts ({verdict}; target <= {BOOT_TARGET_S:.0f} s)")
        time.sleep(1.0)  # let the workers settle
        idle = memory(process, args.workers)
        seconds, statuses = hammer(base, args.requests)
        after = memory(process, args.workers)
    finally:
        stop_server(process)
    print(f"memory, master + {args.workers} workers (target <= {MEMORY_TARGET_MB:.0f} MB for the joint footprint, "
          "master RSS + workers' USS):")
    print(_mem_line("idle", idle))
    print(_mem_line(f"after {args.requests:,} requests", after))
    print(f"  {args.requests:,} requests in {seconds:.1f} s ({args.requests / seconds:.0f}/s, one at a time), "
          f"statuses {dict(sorted(statuses.items()))}")
    fits = max(idle["joint"], after["joint"]) <= MEMORY_TARGET_MB
    ok = max(boots) <= BOOT_TARGET_S and fits and set(statuses) == {200}
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
