"""Print median latencies of the what-if functions: sensitivity, "make it good", plausibility (bounded loops).

    python -m bench.whatif      (or python bench/whatif.py)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from model.counterfactual import make_it_good  # noqa: E402
from model.loader import load_model  # noqa: E402
from model.plausibility import plausibility  # noqa: E402
from model.sensitivity import sensitivity  # noqa: E402
from model.reference import reference_data, training_wines  # noqa: E402
from model.whatif import TrainingWines  # noqa: E402

WINES = 40  # test wines per figure


def _ms(fn, items) -> np.ndarray:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return np.array(out)


def _line(label: str, ms: np.ndarray) -> None:
    print(f"{label:<44} median {np.median(ms):7.1f} ms   p90 {np.percentile(ms, 90):7.1f} ms   max {ms.max():7.1f} ms")


def main() -> None:
    model = load_model()
    start = time.perf_counter()
    TrainingWines.build(model, reference_data(model).split)
    print(f"{'TrainingWines.build (once per process)':<44} {(time.perf_counter() - start) * 1000:7.1f} ms")
    ref = training_wines(model)
    ts = reference_data(model).test_set
    X = ts.X.to_numpy()
    order = np.random.default_rng(0).permutation(len(X))
    wines = X[order[:WINES]]
    not_good = X[order[ts.pred[order] != 2][:WINES]]
    extremes = [np.array([f[end] for f in model.features] + [c]) for end in ("min", "max") for c in (0, 1)]
    sensitivity(model, wines[0])  # warm up
    _line(f"sensitivity (11 x 34 rows, {WINES} wines)", _ms(lambda x: sensitivity(model, x), wines))
    _line(f"make_it_good (not-good test wines, {WINES})", _ms(lambda x: make_it_good(ref, x), not_good))
    _line("make_it_good (all sliders at min/max, 4)", _ms(lambda x: make_it_good(ref, x), extremes))
    found = [make_it_good(ref, x) for x in not_good]
    moves = np.bincount([len(r.moves) for r in found if r.found], minlength=5)
    print(f"  found {sum(r.found for r in found)}/{len(found)}; by number of moves {dict(enumerate(moves.tolist()))};"
          f" median cost {np.median([r.cost_std for r in found if r.found]):.2f} std")
    _line(f"plausibility ({WINES} wines)", _ms(lambda x: plausibility(ref, x), wines))


if __name__ == "__main__":
    main()
