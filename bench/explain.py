"""Explanations: time per wine, batch rate, the Procfile server's memory with the explainer loaded, and the
slider -> bars round trip while the Why this verdict? panel is on the page.

    python -m bench.explain [--wines 200] [--requests 300]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request

import numpy as np

from bench import boot, load
from model.loader import load_model
from model.reference import reference_data

BATCH = 1_000


def _ms(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(1000 * (time.perf_counter() - t))
    return out


def in_process(wines: int) -> dict:
    model = load_model()
    t = time.perf_counter()
    explainer = model.explainer
    build_s = time.perf_counter() - t
    X = reference_data(model).split.X_test.to_numpy()
    rows = [X[i : i + 1] for i in range(min(wines, len(X)))]
    explainer.explain(rows[0])  # warm
    one = _ms(explainer.explain, rows)
    batch = np.resize(X, (BATCH, X.shape[1]))
    t = time.perf_counter()
    explainer.explain(batch)
    batch_s = time.perf_counter() - t
    result = {"build_s": build_s, "tables_mb": explainer.nbytes / 1e6, "one_median_ms": statistics.median(one), "one_p95_ms": float(np.percentile(one, 95)),
              "batch_wines_per_s": BATCH / batch_s, "batch_s": batch_s}
    try:  # shap's own TreeExplainer on the same trees, if the dev requirements are installed
        import shap

        from model.explain import shap_trees

        shap_explainers = [shap.TreeExplainer(shap_trees(model.estimator, k), feature_perturbation="tree_path_dependent")
                           for k in range(explainer.n_classes)]
        ours, theirs = [], []
        for r in rows[:40]:  # alternating, so machine noise hits both alike
            ours += _ms(explainer.explain, [r])
            theirs += _ms(lambda x: [e.shap_values(x, check_additivity=False) for e in shap_explainers], [r])
        result["paired_ms"] = statistics.median(ours)
        result["shap_median_ms"] = statistics.median(theirs)
    except ImportError:
        pass
    return result


def served(requests: int) -> dict:
    process, base, _ = boot.start_server()
    try:
        idle = boot.memory(process, 2)
        wine = json.loads(urllib.request.urlopen(base + "/api/model", timeout=10).read())["features"]
        body = json.dumps([{f["name"]: f["mean_by_color"]["white"] for f in wine} | {"color": "white"}] * 10).encode()
        for _ in range(20):  # both workers explain a few batches
            request = urllib.request.Request(base + "/api/predict?explain=true", data=body,
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=30).read()
        explained = boot.memory(process, 2)
        latency = load.run_latency(load.callback_target(base + "/"), requests, warmup=30)
    finally:
        boot.stop_server(process)
    return {"idle": idle, "after_explaining": explained, "round_trip": latency}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__.splitlines()[0])
    parser.add_argument("--wines", type=int, default=200, help="test wines timed one at a time")
    parser.add_argument("--requests", type=int, default=300, help="slider callbacks for the round trip")
    args = parser.parse_args(argv)
    r = in_process(args.wines)
    print(f"explainer build {r['build_s']:.2f} s (once, in the gunicorn master), tables {r['tables_mb']:.1f} MB")
    print(f"explain 1 wine (all 3 buckets), median of {args.wines}: {r['one_median_ms']:.1f} ms (p95 "
          f"{r['one_p95_ms']:.1f} ms)")
    if "shap_median_ms" in r:
        print(f"  alternating with shap's TreeExplainer on the same trees, 40 wines: {r['paired_ms']:.1f} ms vs shap "
              f"{r['shap_median_ms']:.1f} ms ({r['shap_median_ms'] / r['paired_ms']:.2f}x)")
    print(f"explain a batch of {BATCH:,}: {r['batch_s']:.1f} s, {r['batch_wines_per_s']:.0f} wines/s")
    s = served(args.requests)
    ok = s["after_explaining"]["joint"] <= boot.MEMORY_TARGET_MB
    print(boot._mem_line("idle", s["idle"]))
    print(boot._mem_line("after explaining", s["after_explaining"]))
    rt = s["round_trip"]
    print(f"slider -> bars callback with the panel on the page, gunicorn 2 workers: median {rt.median_ms:.2f} ms, "
          f"p95 {rt.p95_ms:.2f} ms, errors {rt.errors}")
    return 0 if ok and rt.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
