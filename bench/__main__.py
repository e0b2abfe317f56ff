"""`python -m bench`: every performance and reliability figure of issue 6, each beside a baseline from the same run.

    python -m bench              # about 3-4 minutes; fit times read from the manifests
    python -m bench --train      # also retrains both models to time the fits (+1-2 min)
    python -m bench --quick      # shorter runs, for a smoke test (not for the README)

Servers are gunicorn on 127.0.0.1 with the project's gunicorn.conf.py and 2 workers; results are also written
to bench/out/results.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import psutil

from bench import load, model as model_bench, page, reliability, server as srv

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"callback_median_ms": 5.0, "callback_vs_flask": 2.0, "callbacks_per_s": 300.0, "page_bytes": 1_000_000,
           "predict_1_ms": 0.5, "memory_growth_pct": 10.0}


def say(text: str = "") -> None:
    print(text, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def interleaved_latency(targets: list[load.Target], total: int, blocks: int = 5) -> list[load.Result]:
    """Sequential latency for each target, alternating in blocks so machine noise hits both alike."""
    per_block = max(total // blocks, 1)
    runs = {t.name: [] for t in targets}
    for _ in range(blocks):
        for t in targets:
            runs[t.name].append(load.run_latency(t, per_block, warmup=20))
    return [load.pooled(runs[t.name]) for t in targets]


def section_model(args) -> dict:
    say("== 1d / issue 2 item 10: the model in-process (shipped model/ vs uncalibrated reference) ==")
    results = model_bench.measure(skip_train=not args.train, loads=3, runs=100 if args.quick else 300)
    say(model_bench.report(results))
    results["sensitivity"] = sensitivity_batch(runs=20 if args.quick else 50)
    s = results["sensitivity"]
    if s:
        say(f"sensitivity batch ({s['rows']} wines): fast path {s['fast_ms']:.2f} ms, sklearn predict_proba "
            f"{s['sklearn_ms']:.2f} ms ({s['fast_ms'] / s['sklearn_ms']:.2f}x); whole sensitivity() call {s['call_ms']:.2f} ms")
    p = results["shipped"]["predict"]
    base = results["reference"]["predict"]["sklearn_1"]["median_ms"]
    ok = p["fast_1"]["median_ms"] <= TARGETS["predict_1_ms"]
    say(f"-> 1 wine: fast path {p['fast_1']['median_ms']:.3f} ms vs sklearn on the reference {base:.3f} ms "
        f"({base / p['fast_1']['median_ms']:.0f}x faster); target <= 0.5 ms: {verdict(ok)}")
    return results | {"ok": ok}


def sensitivity_batch(runs: int) -> dict | None:
    """The what-if sensitivity sweep: its batch through the fast path and through scikit-learn."""
    try:
        from model.sensitivity import sensitivity
    except ImportError:
        return None
    import numpy as np
    import pandas as pd

    from model import data
    from model.loader import load_model
    from model.sensitivity import N_POINTS, sweep_grid

    m = load_model()
    x = data.split(data.load_wines()).X_test.to_numpy()[0]
    grids = [sweep_grid(spec, x[j], N_POINTS) for j, spec in enumerate(m.features)]
    rows = np.repeat(x[None, :], sum(len(g) for g in grids), axis=0)
    rows[np.arange(len(rows)), np.repeat(np.arange(len(grids)), [len(g) for g in grids])] = np.concatenate(grids)
    frame = pd.DataFrame(rows, columns=m.estimator.feature_names_in_)
    return {
        "rows": len(rows),
        "fast_ms": model_bench.time_calls(lambda: m.forest.predict_proba(rows), runs)["median_ms"],
        "sklearn_ms": model_bench.time_calls(lambda: m.estimator.predict_proba(frame), runs)["median_ms"],
        "call_ms": model_bench.time_calls(lambda: sensitivity(m, x), runs)["median_ms"],
    }


def section_serving(args) -> dict:
    out: dict = {}
    n = 200 if args.quick else 500
    seconds = 8.0 if args.quick else 30.0
    with srv.serve(srv.DASHBOARD_APP) as dash_server, srv.serve(srv.BASELINE_APP) as flask_server:
        cb = load.callback_target(dash_server.url)
        fl = load.flask_target(flask_server.url)
        say(f"\n== 1a: live callback over HTTP, gunicorn {srv.DEFAULT_WORKERS} workers on loopback ==")
        say(f"dashboard: {cb.description}\nbaseline:  {fl.description}   (bench/flask_baseline.py)")
        cb_lat, fl_lat = interleaved_latency([cb, fl], n)
        ratio = cb_lat.median_ms / fl_lat.median_ms
        say(cb_lat.line() + "\n" + fl_lat.line())
        ok = cb_lat.median_ms <= TARGETS["callback_median_ms"] and ratio <= TARGETS["callback_vs_flask"] and cb_lat.errors == 0
        say(f"-> callback/baseline median {ratio:.2f}x; targets median <= 5 ms and <= 2x: {verdict(ok)}")
        out["latency"] = {"callback": vars(cb_lat) | {"records": None}, "flask": vars(fl_lat) | {"records": None},
                          "ratio": ratio, "ok": ok}

        say(f"\n== 1b: throughput, 32 clients x {seconds:.0f} s; 2: worker memory under that load ==")
        load.run_throughput(cb, 8, 2.0)
        cb_tp, growth = reliability.memory_under_load(dash_server, cb, 32, seconds)
        load.run_throughput(fl, 8, 2.0)
        fl_tp, fl_growth = reliability.memory_under_load(flask_server, fl, 32, seconds)
        say(cb_tp.line() + "\n" + fl_tp.line())
        ok_tp = cb_tp.rps >= TARGETS["callbacks_per_s"] and cb_tp.errors == 0
        say(f"-> {cb_tp.rps:.0f} callbacks/s ({cb_tp.rps / fl_tp.rps:.2f}x the baseline), {cb_tp.errors} errors; "
            f"target >= 300/s with 0 errors: {verdict(ok_tp)}")
        say("dashboard workers:\n" + reliability.report_memory(cb_tp, growth).split("\n", 1)[1])
        say("baseline workers:\n" + reliability.report_memory(fl_tp, fl_growth).split("\n", 1)[1])
        ok_mem = bool(growth) and all(g["rss_growth_pct"] <= TARGETS["memory_growth_pct"] for g in growth.values())
        say(f"-> worker RSS growth <= 10%: {verdict(ok_mem)}")
        out["throughput"] = {"callback": vars(cb_tp) | {"records": None}, "flask": vars(fl_tp) | {"records": None},
                             "ok": ok_tp}
        out["memory"] = {"workers": growth, "baseline_workers": fl_growth, "ok": ok_mem}

        say("\n== 2: SIGKILL a worker mid-load, 3 times (32 clients, 12 s) ==")
        kill = reliability.kill_worker_under_load(dash_server, cb, 32, 12.0)
        say(reliability.report_kill(kill))
        ok_kill = reliability.kill_ok(kill)
        say(f"-> at most the in-flight request lost per kill, every worker replaced: {verdict(ok_kill)}")
        out["kill"] = kill | {"ok": ok_kill}
    return out


def section_page(args) -> dict:
    visits = 3 if args.quick else 5
    say(f"\n== 1c: page weight and first chart, headless Chromium, {visits} fresh visits each ==")
    with srv.serve(srv.DASHBOARD_APP) as server:
        result = page.measure(server.url + "/", visits)
    with srv.serve(srv.BASELINE_DASH_APP) as server:
        baseline = page.measure(server.url + "/", visits)
    say(page.report(result, baseline))
    ok = result["js_css_json_bytes"] <= TARGETS["page_bytes"]
    say(f"-> {result['js_css_json_bytes'] / 1e6:.2f} MB; target <= 1.0 MB: {verdict(ok)}")
    return {"dashboard": result, "baseline": baseline, "ok": ok}


def section_artifact() -> dict:
    say("\n== 2: missing / corrupt / tampered artifact -> the server refuses to start ==")
    result = reliability.artifact_refusals()
    say(reliability.report_refusals(result))
    ok = all(r["ok"] for r in result["cases"])
    say(f"-> non-zero exit, one clear line, nothing served: {verdict(ok)}")
    return result | {"ok": ok}


def section_boot() -> dict:
    say("\n== issue 4: boot time and footprint of the Procfile's process (bench/boot.py) ==")
    from bench import boot

    return {"ok": boot.main([]) == 0}


def section_feel(args) -> dict:
    say("\n== issue 11: live feel, the bars following a slider in headless Chromium, beside a naive Dash app ==")
    from bench import feel

    presses, drags, rounds = (6, 1, 1) if args.quick else (24, 3, 3)
    result = feel.run(presses, drags, rounds)
    text, checks = feel.report(result["plain"], result["panels"], result["found"])
    say(text)
    return result | {"checks": checks, "ok": all(checks.values())}


def section_whatif() -> dict:
    say("\n== issue 5: what-if functions in-process (bench/whatif.py) ==")
    from bench import whatif

    whatif.main()
    return {}


def section_hostile() -> dict:
    say("\n== issue 12: hostile input and shutdown (bench/hostile.py) ==")
    from bench import hostile

    found = hostile.main([])
    ok = found["fuzz"]["5xx"] == 0 and found["fuzz"]["tracebacks"] == 0 and found["sigterm"]["lost"] == 0
    say(f"-> no 5xx, no traceback, no request lost on SIGTERM: {verdict(ok)}")
    return {"ok": ok}


def section_explain() -> dict:
    say("\n== issue 9: explanations: time per wine, batch rate, memory, slider round trip (bench/explain.py) ==")
    from bench import explain

    return {"ok": explain.main([]) == 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="retrain both models to time the fits")
    parser.add_argument("--quick", action="store_true", help="shorter runs (smoke test)")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["model", "serving", "page", "feel", "artifact", "boot", "whatif", "hostile", "explain"])
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    say(f"bench: {platform.python_version()}, {psutil.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.1f}' for x in psutil.getloadavg())}{' (quick)' if args.quick else ''}")
    results = {}
    sections = {"model": lambda: section_model(args), "serving": lambda: section_serving(args),
                "page": lambda: section_page(args), "feel": lambda: section_feel(args), "artifact": section_artifact,
                "boot": section_boot, "whatif": section_whatif, "hostile": section_hostile,
                "explain": section_explain}
    for name, run in sections.items():
        if name in args.skip:
            continue
        try:
            results[name] = run()
        except Exception as exc:  # noqa: BLE001 - report the failure, keep measuring the rest
            say(f"!! {name} failed: {type(exc).__name__}: {exc}")
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    elapsed = time.perf_counter() - t0
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    oks = [v["ok"] for section in results.values() for v in section.values() if isinstance(v, dict) and "ok" in v]
    oks += [section["ok"] for section in results.values() if "ok" in section]
    say(f"\nbench done in {elapsed:.0f} s; {sum(oks)}/{len(oks)} checks pass; results in {OUT / 'results.json'}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
