"""Model figures, shipped model (model/) beside the uncalibrated reference: training time, artifact size, load
time and predict latency (scikit-learn predict_proba and the compiled fast path) for 1 and 300 wines.

    python -m bench.model                 # retrains both into a temporary folder to time the fits (~1-2 min)
    python -m bench.model --skip-train    # fit times from the manifests; reference reused from bench/out/
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "model"
OUT_DIR = ROOT / "bench" / "out"
REFERENCE_CACHE = OUT_DIR / "reference"
BATCH = 300

_LOAD_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from model.loader import load_model
t1 = time.perf_counter()
m = load_model(sys.argv[1])
t2 = time.perf_counter()
m.forest
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "compile": t3 - t2}))
"""


def train(output_dir: Path, reference: bool) -> float:
    """Run the training command into `output_dir`; returns its wall-clock seconds."""
    cmd = [sys.executable, "-m", "model.train", "--output-dir", str(output_dir), "--quiet"]
    if reference:
        cmd.append("--reference")
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def reference_artifact(skip_train: bool, tmp: Path) -> tuple[Path, float | None]:
    """The reference artifact: reused from bench/out/ with --skip-train when it matches this scikit-learn."""
    import sklearn

    if skip_train and (REFERENCE_CACHE / "manifest.json").is_file():
        manifest = json.loads((REFERENCE_CACHE / "manifest.json").read_text())
        if manifest["versions"]["scikit-learn"] == sklearn.__version__:
            return REFERENCE_CACHE, None
    target = REFERENCE_CACHE if skip_train else tmp / "reference"
    if target.exists():
        shutil.rmtree(target)
    seconds = train(target, reference=True)
    return target, seconds


def load_times(model_dir: Path, runs: int) -> dict:
    """Median over `runs` fresh processes of: verify + unpickle (load_model), and compiling the fast path."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _LOAD_SNIPPET, str(model_dir)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        samples.append(json.loads(out.strip().splitlines()[-1]))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def time_calls(fn, runs: int, max_seconds: float = 10.0) -> dict:
    """Median and p95 of `runs` calls (after a few warm-up calls), in ms; stops early after `max_seconds`."""
    for _ in range(5):
        fn()
    samples = []
    deadline = time.perf_counter() + max_seconds
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t0) / 1e6)
        if time.perf_counter() > deadline:
            break
    samples.sort()
    return {"median_ms": statistics.median(samples), "p95_ms": samples[int(0.95 * (len(samples) - 1))],
            "runs": len(samples)}


def predict_latency(model_dir: Path, runs: int) -> dict:
    """scikit-learn predict_proba (on a DataFrame with feature names) and the fast path, 1 and 300 wines."""
    from model import data
    from model.loader import load_model

    model = load_model(model_dir)
    X_test = data.split(data.load_wines()).X_test
    one_df, batch_df = X_test.iloc[:1], X_test.iloc[:BATCH]
    one, batch = one_df.to_numpy(), batch_df.to_numpy()
    est, forest = model.estimator, model.forest
    diff = float(np.abs(forest.predict_proba(X_test.to_numpy()) - est.predict_proba(X_test)).max())
    return {
        "sklearn_1": time_calls(lambda: est.predict_proba(one_df), runs),
        "sklearn_300": time_calls(lambda: est.predict_proba(batch_df), max(runs // 5, 20)),
        "fast_1": time_calls(lambda: forest.predict_proba(one), runs * 4),
        "fast_300": time_calls(lambda: forest.predict_proba(batch), max(runs // 2, 50)),
        "max_abs_diff_test_set": diff,
        "trees": int(forest.roots.size),
        "nodes": int(forest.left.size),
    }


def measure(skip_train: bool = False, loads: int = 5, runs: int = 300) -> dict:
    """Every model figure for the shipped model and the reference, as a dict."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        tmp = Path(tmp)
        ref_dir, ref_wall = reference_artifact(skip_train, tmp)
        ship_wall = None if skip_train else train(tmp / "shipped", reference=False)
        for name, model_dir, wall in (("shipped", MODEL_DIR, ship_wall), ("reference", ref_dir, ref_wall)):
            manifest = json.loads((model_dir / "manifest.json").read_text())
            pickle_path = model_dir / manifest["model"]["file"]
            fit = manifest["model"]["fit_seconds"]
            if name == "shipped" and not skip_train:
                fit = json.loads((tmp / "shipped" / "manifest.json").read_text())["model"]["fit_seconds"]
            results[name] = {
                "estimator": manifest["model"]["estimator"],
                "fit_seconds": fit,
                "train_command_seconds": wall,
                "pickle_bytes": pickle_path.stat().st_size,
                "manifest_bytes": (model_dir / "manifest.json").stat().st_size,
                "load": load_times(model_dir, loads),
                "predict": predict_latency(model_dir, runs),
                "metrics": {k: manifest["metrics"]["test"][k] for k in ("macro_precision", "log_loss", "ece")},
            }
    return results


def _ratio(a: float, b: float) -> str:
    return f"{a / b:5.2f}x" if b else "   - "


def report(results: dict) -> str:
    s, r = results["shipped"], results["reference"]
    rows = [
        ("estimator", s["estimator"], r["estimator"], ""),
        ("fit time (s)", f"{s['fit_seconds']:.1f}", f"{r['fit_seconds']:.1f}", _ratio(s["fit_seconds"], r["fit_seconds"])),
        ("pickle size (MB)", f"{s['pickle_bytes'] / 1e6:.2f}", f"{r['pickle_bytes'] / 1e6:.2f}",
         _ratio(s["pickle_bytes"], r["pickle_bytes"])),
        ("load: verify + unpickle (ms)", f"{s['load']['load'] * 1e3:.0f}", f"{r['load']['load'] * 1e3:.0f}",
         _ratio(s["load"]["load"], r["load"]["load"])),
        ("load: compile fast path (ms)", f"{s['load']['compile'] * 1e3:.0f}", f"{r['load']['compile'] * 1e3:.0f}", ""),
        ("load: import model.loader (ms)", f"{s['load']['import'] * 1e3:.0f}", f"{r['load']['import'] * 1e3:.0f}", ""),
    ]
    for key, label in (("sklearn_1", "sklearn predict_proba, 1 wine"), ("fast_1", "fast path, 1 wine"),
                       ("sklearn_300", f"sklearn predict_proba, {BATCH} wines"), ("fast_300", f"fast path, {BATCH} wines")):
        a, b = s["predict"][key]["median_ms"], r["predict"][key]["median_ms"]
        rows.append((f"{label} (ms, median)", f"{a:.3f}", f"{b:.3f}", _ratio(a, b)))
    for name in ("shipped", "reference"):
        p = results[name]["predict"]
        rows.append((f"{name}: sklearn / fast path, 1 | {BATCH}",
                     f"{p['sklearn_1']['median_ms'] / p['fast_1']['median_ms']:.1f}x",
                     f"{p['sklearn_300']['median_ms'] / p['fast_300']['median_ms']:.1f}x", ""))
    rows.append(("max |fast - sklearn| on test set", f"{s['predict']['max_abs_diff_test_set']:.1e}",
                 f"{r['predict']['max_abs_diff_test_set']:.1e}", ""))
    rows.append(("trees / nodes", f"{s['predict']['trees']} / {s['predict']['nodes']}",
                 f"{r['predict']['trees']} / {r['predict']['nodes']}", ""))
    rows.append(("test log loss / ECE", f"{s['metrics']['log_loss']:.3f} / {s['metrics']['ece']:.3f}",
                 f"{r['metrics']['log_loss']:.3f} / {r['metrics']['ece']:.3f}", ""))
    width = max(len(row[0]) for row in rows)
    lines = [f"{'':<{width}}  {'shipped':>22}  {'reference':>22}  {'ratio':>6}"]
    lines += [f"{a:<{width}}  {b:>22}  {c:>22}  {d:>6}" for a, b, c, d in rows]
    if s["train_command_seconds"] is not None:
        lines.append(f"(training commands, wall clock: shipped {s['train_command_seconds']:.1f} s, "
                     f"reference {r['train_command_seconds']:.1f} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__.splitlines()[0])
    parser.add_argument("--skip-train", action="store_true",
                        help="read fit times from the manifests (reference artifact cached in bench/out/)")
    parser.add_argument("--loads", type=int, default=5, help="fresh-process loads per model (median)")
    parser.add_argument("--runs", type=int, default=300, help="predict calls per measurement (median)")
    args = parser.parse_args(argv)
    print(report(measure(args.skip_train, args.loads, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
