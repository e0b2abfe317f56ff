"""Hostile input, measured: upload timings for hostile CSV headers, worker memory under a flood of query-string
variants, crafted callback bodies against gunicorn, and SIGTERM under load. Everything goes to 127.0.0.1, every
loop is bounded in count and time.

    python -m bench.hostile                          # all four parts (about a minute)
    python -m bench.hostile --only upload flood
    python -m bench.hostile --root /tmp/old-checkout # the same measurements against another checkout (a baseline)
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench import server as srv

ROOT = Path(__file__).resolve().parent.parent
UPLOAD_CASE_TIMEOUT = 30.0   # the old code took >25 s on the widest header: stop there
FLOOD_REQUESTS = 400
SIGTERM_CLIENTS = 48
SIGTERM_AFTER = 2.0          # seconds of load before SIGTERM
PARTS = ("upload", "flood", "fuzz", "sigterm")


def say(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- uploads: time one callback's work per file

_UPLOAD_CHILD = r"""
import base64, json, sys, time
sys.path.insert(0, sys.argv[1])
from model.loader import load_model
from callbacks.batch import batch_outputs
model = load_model()
raw = sys.stdin.buffer.read()
url = "data:text/csv;base64," + base64.b64encode(raw).decode()
times, last = [], None
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    out = batch_outputs(model, url, "hostile.csv", "white")
    times.append(time.perf_counter() - t)
    last = out[0]
    if times[0] > 1.0:  # one run is enough to show a slow case
        break
print(json.dumps({"seconds": sorted(times)[len(times) // 2], "says": str(last)[:160]}))
"""


def upload_cases() -> dict[str, bytes]:
    red = (ROOT / "data" / "winequality-red.csv").read_bytes()
    return {
        "shipped red file (1,599 wines)": red,
        "10,000 wines (the row limit)": b"\n".join([red.splitlines()[0]] + (red.splitlines()[1:] * 7)[:10_000]),
        "valid header, a row of 50,000 fields": red.splitlines()[0] + b"\n" + b"1," * 49_999 + b"1\n",
        "header of 20,000 'a' fields": ("a," * 19_999 + "a\n1\n").encode(),
        "header of 50,000 'a' fields": ("a," * 49_999 + "a\n1\n").encode(),
        "header of 60,000 distinct names": (",".join(f"c{i}" for i in range(60_000)) + "\n1\n").encode(),
    }


def time_upload(root: Path, raw: bytes, repeats: int) -> dict:
    """Median seconds of the upload callback's work on `raw`, in a fresh process on `root`'s code (bounded)."""
    try:
        done = subprocess.run([sys.executable, "-c", _UPLOAD_CHILD, str(root), str(repeats)], input=raw,
                              capture_output=True, timeout=UPLOAD_CASE_TIMEOUT, cwd=root)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "says": f"still busy after {UPLOAD_CASE_TIMEOUT:.0f} s (stopped)"}
    if done.returncode != 0:
        return {"seconds": None, "says": "crashed: " + done.stderr.decode(errors="replace").strip().splitlines()[-1]}
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def part_upload(root: Path) -> dict:
    say(f"\n== uploads: the upload callback's work per file (median of 3 runs, one if over 1 s; fresh process; {root}) ==")
    out = {}
    for name, raw in upload_cases().items():
        result = time_upload(root, raw, repeats=3)
        out[name] = result
        took = "—" if result["seconds"] is None else f"{result['seconds'] * 1000:,.1f} ms"
        says = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", result["says"]))[:110]
        say(f"{name:<34} {len(raw):>9,} bytes  {took:>10}  {says}")
    return out


# ---------------------------------------------------------------- memory: a flood of query-string variants

def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection(srv.HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "br"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _rss_mb(server: srv.Server) -> float:
    return sum(w.memory_info().rss for w in server.workers()) / 1e6


def part_flood(root: Path) -> dict:
    say(f"\n== memory: {FLOOD_REQUESTS} GETs of the plotly bundle with ?x=1, ?x=2, ... (gunicorn, 2 workers, {root}) ==")
    with srv.serve(root=root) as server:
        page = srv.http_status(server.port, "/")
        conn = http.client.HTTPConnection(srv.HOST, server.port, timeout=10)
        conn.request("GET", "/")
        html = conn.getresponse().read().decode()
        conn.close()
        bundle = re.findall(r'src="(/assets/vendor/plotly[^"?]+)', html)[0]
        for _ in range(4):  # both workers have served and cached the bundle once
            _get(server.port, bundle)
        time.sleep(0.5)
        before = _rss_mb(server)
        statuses = Counter(_get(server.port, f"{bundle}?x={i}") for i in range(1, FLOOD_REQUESTS + 1))
        time.sleep(0.5)
        after = _rss_mb(server)
    say(f"worker RSS (sum of 2): before {before:,.0f} MB, after {after:,.0f} MB (+{after - before:,.0f} MB); "
        f"statuses {dict(statuses)}; page {page}")
    return {"rss_before_mb": before, "rss_after_mb": after, "statuses": dict(statuses)}


# ---------------------------------------------------------------- crafted callback bodies against gunicorn

_BODIES_CHILD = r"""
import base64, importlib.util, json, sys
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("fuzz_bodies", sys.argv[2])
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)
from dashboard import create_app
for output, raw, content_type in fuzz.crafted_bodies(create_app({"TESTING": True})):
    print(json.dumps([output, base64.b64encode(raw).decode(), content_type]))
"""


def _bodies_for(root: Path) -> list[tuple[str, bytes, str]]:
    """bench/fuzz_bodies.py's crafted bodies, built from `root`'s own callbacks and layout (in a child process)."""
    done = subprocess.run([sys.executable, "-c", _BODIES_CHILD, str(root), str(ROOT / "bench" / "fuzz_bodies.py")],
                          capture_output=True, timeout=120, cwd=root, check=True)
    rows = [json.loads(line) for line in done.stdout.decode().splitlines() if line.startswith("[")]
    return [(output, base64.b64decode(raw), content_type) for output, raw, content_type in rows]


def part_fuzz(root: Path) -> dict:
    say(f"\n== crafted /_dash-update-component bodies against gunicorn (2 workers, {root}) ==")
    bodies = _bodies_for(root)
    statuses: Counter = Counter()
    with srv.serve(root=root) as server:
        deadline = time.monotonic() + 120
        for _, raw, content_type in bodies:
            if time.monotonic() > deadline:
                break
            conn = http.client.HTTPConnection(srv.HOST, server.port, timeout=10)
            try:
                conn.request("POST", "/_dash-update-component", body=raw, headers={"Content-Type": content_type})
                response = conn.getresponse()
                response.read()
                statuses[response.status] += 1
            except (OSError, http.client.HTTPException):
                statuses["no answer"] += 1
            finally:
                conn.close()
        log = server.log_path.read_text(errors="replace")
    tracebacks = log.count("Traceback (most recent call last)")
    five = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    say(f"{sum(statuses.values()):,} bodies: {dict(sorted(statuses.items(), key=str))}; 5xx {five}; "
        f"tracebacks in the log {tracebacks}")
    return {"statuses": {str(k): v for k, v in statuses.items()}, "5xx": five, "tracebacks": tracebacks}


# ---------------------------------------------------------------- SIGTERM under load

def part_sigterm(root: Path, gunicorn_args: str = "") -> dict:
    say(f"\n== SIGTERM under load: {SIGTERM_CLIENTS} clients, SIGTERM to the master after {SIGTERM_AFTER:.0f} s; "
        f"clients send nothing new after it (as the router would), every request already sent must be answered ==")
    wine = {"fixed acidity": 7.0, "volatile acidity": 0.27, "citric acid": 0.36, "residual sugar": 20.7,
            "chlorides": 0.045, "free sulfur dioxide": 45, "total sulfur dioxide": 170, "density": 1.001,
            "pH": 3.0, "sulphates": 0.45, "alcohol": 8.8, "color": "white"}
    body = json.dumps([wine] * 200).encode()  # ~5 ms of work: a backlog builds up behind 2 workers
    outcomes: Counter = Counter()
    stopped = threading.Event()
    lock = threading.Lock()

    def client(port: int) -> None:
        for _ in range(10_000):
            if stopped.is_set():
                return
            conn = http.client.HTTPConnection(srv.HOST, port, timeout=30)
            try:
                conn.request("POST", "/api/predict", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                kind = "answered" if response.status == 200 else f"status {response.status}"
            except ConnectionRefusedError:
                kind = "refused (sent after the listener closed)"
            except (OSError, http.client.HTTPException) as exc:
                kind = f"lost ({type(exc).__name__})"
            finally:
                conn.close()
            with lock:
                outcomes[kind] += 1

    with srv.serve(root=root, env={"GUNICORN_CMD_ARGS": gunicorn_args} if gunicorn_args else None) as server:
        threads = [threading.Thread(target=client, args=(server.port,), daemon=True) for _ in range(SIGTERM_CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(SIGTERM_AFTER)
        t0 = time.perf_counter()
        stopped.set()
        server.proc.send_signal(signal.SIGTERM)  # the master we started
        for t in threads:
            t.join(40)
        try:
            server.proc.wait(40)
        except subprocess.TimeoutExpired:
            pass
        exit_s = time.perf_counter() - t0
        code = server.proc.returncode
    lost = sum(n for k, n in outcomes.items() if k.startswith("lost"))
    say(f"outcomes {dict(outcomes)}; lost {lost}; master exited {code} after {exit_s:.2f} s")
    return {"outcomes": dict(outcomes), "lost": lost, "exit_code": code, "exit_seconds": exit_s}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=PARTS, default=list(PARTS))
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--gunicorn-args", default="", help='extra gunicorn flags for the SIGTERM part, e.g. '
                        '"--worker-class gthread --threads 4"')
    args = parser.parse_args(argv)
    root = args.root.resolve()
    results = {}
    for part in args.only:
        extra = {"gunicorn_args": args.gunicorn_args} if part == "sigterm" else {}
        results[part] = globals()[f"part_{part}"](root, **extra)
    return results


if __name__ == "__main__":
    main()
