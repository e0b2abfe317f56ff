"""The container image's figures: build time, size over its base, boot, one replica's memory and throughput, two
replicas behind nginx with one stopped under load, and how many replicas a load needs on paper.

    python -m bench.image [--fresh] [--boots 3] [--seconds 15]

Builds with podman as `make image` does (--fresh: drop the image and its cached layers first, to time a full build);
replicas run on the host network on free 127.0.0.1 ports, nginx as a plain process (deploy/replicas.py).
Memory counts a replica's master RSS plus each worker's USS, as bench.boot does for the Procfile's process.
"""
from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import threading
import time
import urllib.request
from types import SimpleNamespace

from bench import boot, load
from deploy import image as img
from deploy import replicas

UTILISATION = 0.7  # plan each replica at 70% of what it measured, for bursts and a replica restarting
LOADS = (50, 200, 1000, 5000)  # requests per second to plan for


def say(text: str = "") -> None:
    print(text, flush=True)


def replica_memory(r: replicas.Replica) -> dict[str, float]:
    pid = int(img.podman("inspect", "--format", "{{.State.Pid}}", r.name).strip())
    return boot.memory(SimpleNamespace(pid=pid), workers=2)


def wine(url: str) -> dict:
    card = json.loads(urllib.request.urlopen(f"{url}/api/model", timeout=10).read())
    return {f["name"]: f["mean_by_color"]["white"] for f in card["features"]} | {"color": "white"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.image", description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="time a build without cached layers")
    parser.add_argument("--boots", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15.0, help="each throughput run")
    args = parser.parse_args(argv)

    base_s = img.ensure_base()
    say(f"base {img.BASE}: {img.size_mb(img.BASE):.0f} MB" + ("" if base_s is None else f", built in {base_s:.0f} s"))
    if args.fresh:
        img.podman("rmi", "--force", img.IMAGE, check=False)
        img.podman("image", "prune", "--force", check=False)
    build_s = img.build(python=sys.executable)
    added = img.size_mb(img.IMAGE) - img.size_mb(img.BASE)
    say(f"build: {build_s:.0f} s ({'no cache' if args.fresh else 'layer cache as found'})")
    say(f"image: {img.size_mb(img.IMAGE):.0f} MB, adds {added:.0f} MB to its base (target <= {img.SIZE_TARGET_MB:.0f})")

    boots = []
    for _ in range(args.boots):
        with replicas.replica() as r:
            boots.append(r.boot_s if r.boot_s is not None else math.inf)
    say(f"boot, podman run -> /healthz 200: median {statistics.median(boots):.1f} s of {args.boots} "
        f"({', '.join(f'{b:.1f}' for b in boots)}; limit {replicas.BOOT_LIMIT_S:.0f} s)")

    with replicas.replica() as r:
        idle = replica_memory(r)
        body = json.dumps(wine(r.url)).encode()
        stop = threading.Event()
        timer = threading.Timer(args.seconds, stop.set)
        timer.start()
        api = replicas.post_load(f"{r.url}/api/predict", body, clients=8, stop=stop, limit_s=args.seconds + 5)
        callbacks = load.run_throughput(load.make_target("callback", r.url), clients=32, seconds=args.seconds)
        busy = replica_memory(r)
    say(f"one replica (2 workers x 2 threads), memory idle / after load: {idle['joint']:.0f} / {busy['joint']:.0f} MB")
    say(f"one replica, POST /api/predict, 8 clients x {args.seconds:.0f} s: {api.ok / api.seconds:.0f} req/s, "
        f"failed {sum(api.failures.values())}")
    say(f"one replica, slider callbacks, 32 clients x {args.seconds:.0f} s: {callbacks.rps:.0f} callbacks/s, "
        f"p95 {callbacks.p95_ms:.0f} ms, errors {callbacks.errors}")

    say("\ntwo replicas behind nginx, SIGTERM to one under load:")
    say(replicas.describe(replicas.sigterm_under_load(body, clients=8)))
    say("baseline, the same with proxy_next_upstream off:")
    say(replicas.describe(replicas.sigterm_under_load(body, clients=8, retry=False)))

    per_replica = min(callbacks.rps, api.ok / api.seconds) * UTILISATION
    say(f"\non paper: {per_replica:.0f} requests/s per replica ({UTILISATION:.0%} of the lower figure above), "
        f"{busy['joint']:.0f} MB each; one more replica than the load needs, so a deploy or a failure loses none")
    for rate in LOADS:
        n = math.ceil(rate / per_replica) + 1
        say(f"  {rate:>5} requests/s: {n} replicas, {n * busy['joint'] / 1000:.1f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
