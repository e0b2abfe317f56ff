"""Reliability, measured: worker memory under load, SIGKILL of a worker mid-load, and refusal to start on a bad
artifact (missing, corrupt, tampered, wrong scikit-learn), each against gunicorn on 127.0.0.1.

    python -m bench.reliability                  # all three (about a minute)
    python -m bench.reliability --only artifact
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench import load, server as srv

COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", "out", "node_modules", ".pytest_cache",
                                     ".hypothesis", "screenshots", "*.pyc")
REFUSAL_TIMEOUT = 30.0


# ---------------------------------------------------------------- memory under load

class MemorySampler:
    """Samples each worker's RSS and USS once a second in a thread (bounded by `max_seconds`)."""

    def __init__(self, server: srv.Server, interval: float = 1.0, max_seconds: float = 120.0) -> None:
        self.server, self.interval, self.max_seconds = server, interval, max_seconds
        self.samples: dict[int, list[tuple[float, int, int]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        t = time.perf_counter()
        for w in self.server.workers():
            try:
                mem = w.memory_full_info()
            except Exception:  # noqa: BLE001 - a worker may vanish between listing and reading
                continue
            self.samples.setdefault(w.pid, []).append((t, mem.rss, mem.uss))

    def _run(self) -> None:
        end = time.perf_counter() + self.max_seconds
        while not self._stop.wait(self.interval) and time.perf_counter() < end:
            self.sample()

    def __enter__(self):
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sample()

    def growth(self) -> dict[int, dict]:
        """Per worker: RSS and USS at the first and last sample, and the growth in percent."""
        out = {}
        for pid, s in self.samples.items():
            if len(s) < 2:
                continue
            (_, rss0, uss0), (_, rss1, uss1) = s[0], s[-1]
            out[pid] = {"rss_start_mb": rss0 / 1e6, "rss_end_mb": rss1 / 1e6, "rss_growth_pct": 100 * (rss1 - rss0) / rss0,
                        "uss_start_mb": uss0 / 1e6, "uss_end_mb": uss1 / 1e6, "uss_growth_pct": 100 * (uss1 - uss0) / uss0,
                        "peak_rss_mb": max(x[1] for x in s) / 1e6}
        return out


def memory_under_load(server: srv.Server, target: load.Target, clients: int = 32, seconds: float = 30.0):
    """The throughput run with memory sampled throughout: (load.Result, per-worker growth)."""
    with MemorySampler(server) as sampler:
        result = load.run_throughput(target, clients, seconds)
    return result, sampler.growth()


# ---------------------------------------------------------------- SIGKILL a worker mid-load

def kill_worker_under_load(server: srv.Server, target: load.Target, clients: int = 32, seconds: float = 12.0,
                           kills: int = 3, first_at: float = 2.0, every: float = 3.0) -> dict:
    """SIGKILL a worker `kills` times during a `seconds` run; count failed requests and time each replacement.

    A sync worker has one request in flight, so each kill may cost at most that one request (a request
    still in the listen backlog is picked up by the other worker or the replacement).
    """
    events: list[dict] = []

    def killer() -> None:
        for k in range(kills):
            time.sleep(max(0.0, first_at + k * every - (time.perf_counter() - t0)))
            before = server.booted_workers()
            if not before:
                return
            victim = before[0]
            event = {"victim": victim, "at": time.perf_counter() - t0}
            os.kill(victim, signal.SIGKILL)   # a worker of the gunicorn we started, by pid
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                now = server.booted_workers()
                if len(now) >= len(before) and victim not in now:
                    event["replaced_after_s"] = time.perf_counter() - t0 - event["at"]
                    event["replacement"] = sorted(set(now) - set(before))
                    break
                time.sleep(0.02)
            events.append(event)

    t0 = time.perf_counter()
    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    result = load.run_throughput(target, clients, seconds, keep_records=True)
    thread.join(25)
    failed = [(t, t + elapsed, outcome) for t, elapsed, outcome in result.records if outcome != "ok"]
    failures = [(round(start, 3), outcome) for start, _, outcome in failed]
    replaced = all("replaced_after_s" in e for e in events) and len(events) == kills
    # a failure is explained by a kill when the request was in flight at that moment (50 ms of clock slack)
    unexplained = [f for f in failed if not any(f[0] - 0.05 <= e["at"] <= f[1] + 0.05 for e in events)]
    last = max((e["at"] + e.get("replaced_after_s", 99) for e in events), default=seconds)
    after = [r for r in result.records if r[0] > last]
    return {
        "kills": events,
        "requests": result.n,
        "failed": result.errors,
        "failures": failures[:20],
        "unexplained_failures": len(unexplained),
        "failed_after_last_replacement": sum(1 for r in after if r[2] != "ok"),
        "ok_after_last_replacement": sum(1 for r in after if r[2] == "ok"),
        "stale_keepalive_retries": result.stale_retries,
        "replaced": replaced,
        "rps": result.rps,
    }


def kill_ok(info: dict) -> bool:
    """Every kill replaced; at most one lost request per kill (a sync worker's in-flight one); none after."""
    return (info["replaced"] and info["failed"] <= len(info["kills"]) and info["unexplained_failures"] == 0
            and info["failed_after_last_replacement"] == 0)


# ---------------------------------------------------------------- refusing a bad artifact

def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _wrong_version(path: Path) -> None:
    manifest = json.loads(path.read_text())
    manifest["versions"]["scikit-learn"] = "0.0.1"
    path.write_text(json.dumps(manifest))


CASES = {
    "missing pickle": lambda m: (m / "wine_gbm.pkl").unlink(),
    "missing manifest": lambda m: (m / "manifest.json").unlink(),
    "tampered pickle (1 bit)": lambda m: _flip_byte(m / "wine_gbm.pkl"),
    "truncated pickle": lambda m: (m / "wine_gbm.pkl").write_bytes((m / "wine_gbm.pkl").read_bytes()[:1000]),
    "corrupt manifest": lambda m: (m / "manifest.json").write_text("{not json"),
    "wrong scikit-learn": lambda m: _wrong_version(m / "manifest.json"),
}


def refuses_to_start(case: str, project: Path, workers: int = srv.DEFAULT_WORKERS) -> dict:
    """Start gunicorn on a copy of the project with a broken artifact: it must exit non-zero, say why, serve nothing."""
    model_dir = project / "model"
    pristine = project.parent / "model.pristine"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    shutil.copytree(pristine, model_dir)
    CASES[case](model_dir)
    port = srv.free_port()
    with tempfile.TemporaryDirectory(prefix="bench-refuse-") as tmp:
        config = srv.write_config(Path(tmp), project)
        log_path = Path(tmp) / "gunicorn.log"
        with open(log_path, "w") as log:
            t0 = time.perf_counter()
            proc = subprocess.Popen(srv.gunicorn_command(srv.DASHBOARD_APP, port, workers, config), cwd=project,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            served = None
            deadline = time.monotonic() + REFUSAL_TIMEOUT
            while proc.poll() is None and time.monotonic() < deadline:
                status = srv.http_status(port, "/", timeout=1.0)
                if status is not None:
                    served = status
                    break
                time.sleep(0.2)
            exited = proc.poll() is not None
            seconds = time.perf_counter() - t0
            srv.stop(proc, grace=5)
        text = log_path.read_text(errors="replace")
    message = next((line.strip() for line in text.splitlines() if "cannot start" in line), None)
    return {
        "case": case,
        "exit_code": proc.returncode if exited else None,
        "exited": exited,
        "seconds": seconds,
        "served_status": served,
        "worker_boots": text.count("Booting worker"),
        "message": message,
        "ok": exited and proc.returncode not in (0, None) and served is None and message is not None,
    }


def baseline_with_tampered_pickle(project: Path, wines: int = 50) -> dict:
    """The book-style Flask baseline on the same 1-bit-tampered pickle: does it start, and what does it serve?"""
    import http.client

    import numpy as np

    from model import data
    from model.loader import load_model

    model_dir = project / "model"
    shutil.rmtree(model_dir)
    shutil.copytree(project.parent / "model.pristine", model_dir)
    CASES["tampered pickle (1 bit)"](model_dir)
    X = data.split(data.load_wines()).X_test.iloc[:wines]
    truth = load_model().estimator.predict_proba(X)
    try:
        with srv.serve(srv.BASELINE_APP, 1, root=project, timeout=30) as server:
            served = []
            for row in X.to_dict(orient="records"):
                conn = http.client.HTTPConnection(srv.HOST, server.port, timeout=10)
                conn.request("POST", "/predict", json.dumps(row), {"Content-Type": "application/json"})
                resp = conn.getresponse()
                body = resp.read()
                conn.close()
                proba = json.loads(body)["probabilities"] if resp.status == 200 else None
                served.append([proba[c] for c in ("poor", "average", "good")] if proba else None)
    except RuntimeError as exc:
        return {"started": False, "detail": str(exc).splitlines()[0]}
    ok_rows = [i for i, p in enumerate(served) if p is not None]
    got = np.array([served[i] for i in ok_rows]) if ok_rows else np.empty((0, 3))
    diff = np.abs(got - truth[ok_rows]).max(axis=1) if ok_rows else np.array([])
    return {
        "started": True,
        "answered_200": len(ok_rows),
        "errors": len(served) - len(ok_rows),
        "max_abs_diff": float(diff.max()) if len(diff) else None,
        "rows_changed": int((diff > 1e-9).sum()),
        "bucket_changed": int((got.argmax(axis=1) != truth[ok_rows].argmax(axis=1)).sum()) if ok_rows else 0,
        "wines": len(served),
    }


def artifact_refusals(cases: list[str] | None = None, baseline: bool = True) -> dict:
    """Every bad-artifact case on a throwaway copy of the project (the repository is never touched)."""
    with tempfile.TemporaryDirectory(prefix="bench-artifact-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(srv.ROOT, project, ignore=COPY_IGNORE)
        shutil.copytree(project / "model", Path(tmp) / "model.pristine")
        rows = [refuses_to_start(case, project) for case in (cases or list(CASES))]
        return {"cases": rows, "baseline": baseline_with_tampered_pickle(project) if baseline else None}


# ---------------------------------------------------------------- reports

def report_memory(result: load.Result, growth: dict) -> str:
    lines = [result.line()]
    for pid, g in sorted(growth.items()):
        verdict = "flat" if g["rss_growth_pct"] <= 10 else "GROWS"
        lines.append(f"  worker {pid}: RSS {g['rss_start_mb']:.0f} -> {g['rss_end_mb']:.0f} MB "
                     f"({g['rss_growth_pct']:+.1f}%, {verdict}), USS {g['uss_start_mb']:.0f} -> {g['uss_end_mb']:.0f} MB "
                     f"({g['uss_growth_pct']:+.1f}%)")
    return "\n".join(lines)


def report_kill(info: dict) -> str:
    kills = "; ".join(
        f"t={e['at']:.1f} s pid {e['victim']} -> " + (f"{e['replacement']} in {e['replaced_after_s']:.2f} s"
                                                     if "replaced_after_s" in e else "NOT replaced in 20 s")
        for e in info["kills"])
    outcomes = sorted({o for _, o in info["failures"]})
    return (f"{len(info['kills'])} SIGKILLs under load: {info['failed']} failed of {info['requests']} requests "
            f"({', '.join(outcomes) or 'none'}; {info['unexplained_failures']} not at a kill); {kills}\n"
            f"after the last replacement: {info['ok_after_last_replacement']} ok, "
            f"{info['failed_after_last_replacement']} failed")


def report_refusals(result: dict) -> str:
    rows, base = result["cases"], result.get("baseline")
    lines = []
    for r in rows:
        if r["exited"]:
            outcome = f"exit {r['exit_code']} in {r['seconds']:.1f} s"
        else:
            outcome = f"STILL RUNNING after {r['seconds']:.0f} s ({r['worker_boots']} worker boots; stopped)"
        served = f", SERVED HTTP {r['served_status']}" if r["served_status"] else ""
        lines.append(f"  {'ok  ' if r['ok'] else 'FAIL'} {r['case']:<24} {outcome}{served}: {r['message'] or '(no clear message)'}")
    if base is not None:
        if not base["started"]:
            lines.append(f"  baseline (bench/flask_baseline.py) on the tampered pickle: did not start ({base['detail']})")
        else:
            diff = f"{base['max_abs_diff']:.2g}" if base["max_abs_diff"] is not None else "-"
            lines.append(f"  baseline (bench/flask_baseline.py) on the tampered pickle: starts and serves; "
                         f"{base['answered_200']}/{base['wines']} wines answered, {base['rows_changed']} with changed "
                         f"probabilities (max |diff| {diff}), {base['bucket_changed']} with a changed bucket, "
                         f"{base['errors']} errors")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["memory", "kill", "artifact"])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the memory run")
    args = parser.parse_args(argv)
    ok = True
    if args.only in (None, "memory", "kill"):
        with srv.serve(srv.DASHBOARD_APP) as server:
            target = load.callback_target(server.url)
            load.run_throughput(target, 8, 2.0)
            if args.only in (None, "memory"):
                result, growth = memory_under_load(server, target, 32, args.seconds)
                print("memory under load:\n" + report_memory(result, growth))
                ok &= all(g["rss_growth_pct"] <= 10 for g in growth.values())
            if args.only in (None, "kill"):
                info = kill_worker_under_load(server, target)
                print(report_kill(info))
                ok &= kill_ok(info)
    if args.only in (None, "artifact"):
        result = artifact_refusals()
        print("bad artifact -> server refuses to start:\n" + report_refusals(result))
        ok &= all(r["ok"] for r in result["cases"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
