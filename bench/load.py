"""A bounded load generator for 127.0.0.1: replays the slider -> probabilities Dash callback, or the Flask baseline.

The callback is discovered from the running server, as dash-renderer does it: `/` gives the page config
(path prefix, end_id), `/_dash-dependencies` the callbacks, `/_dash-layout` the components and their values.
The target callback is the server-side one whose inputs include an ALL pattern matching the feature sliders
(ids like {"type": ..., "name": ...}); each request moves one slider to a new value on its step grid.

    python -m bench.load latency                       # serve the dashboard with gunicorn, >= 500 sequential requests
    python -m bench.load throughput --clients 32 --seconds 30
    python -m bench.load latency --target flask        # the same against bench/flask_baseline.py
    python -m bench.load latency --url http://127.0.0.1:8050   # an already running server
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import random
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
MAX_REQUESTS = 200_000          # hard bound on any one run, whatever the duration
REQUEST_TIMEOUT = 10.0
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


# ---------------------------------------------------------------- targets: what one request is

@dataclass
class Target:
    """One kind of request: `body(rng, state)` makes a payload; `ok(status, data)` checks the answer."""

    name: str
    host: str
    port: int
    path: str
    body: Callable[[random.Random, dict], bytes]
    ok: Callable[[int, bytes], bool]
    description: str = ""
    headers: dict = field(default_factory=lambda: dict(JSON_HEADERS))


def _get(host: str, port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"GET {path} -> {resp.status}")
        return data
    finally:
        conn.close()


def stringify_id(id_) -> str:
    """dash-renderer's stringifyId: sorted keys, JSON values, no spaces."""
    if not isinstance(id_, dict):
        return id_
    return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(id_[k], separators=(',', ':'))}" for k in sorted(id_)) + "}"


def parse_id(id_str: str):
    """A dependency id string -> the id (a dict for pattern-matching ids, wildcards as ["ALL"])."""
    if isinstance(id_str, str) and id_str.startswith("{"):
        return json.loads(id_str)
    return id_str


def split_id_prop(s: str) -> tuple[object, str]:
    """'id.prop' -> (id, prop); ids may hold dots, props do not (as dash-renderer splits)."""
    dot = s.rindex(".")
    return parse_id(s[:dot]), s[dot + 1:]


def output_specs(output: str) -> list[tuple[object, str]]:
    if output.startswith(".."):
        return [split_id_prop(part) for part in output[2:-2].split("...")]
    return [split_id_prop(output)]


def _wild(v) -> str | None:
    return v[0] if isinstance(v, list) and len(v) == 1 and v[0] in WILDCARDS else None


def is_pattern(id_) -> bool:
    return isinstance(id_, dict) and any(_wild(v) for v in id_.values())


def matches(pattern: dict, id_) -> bool:
    return (isinstance(id_, dict) and id_.keys() == pattern.keys()
            and all(_wild(pv) or pv == id_[k] for k, pv in pattern.items()))


def walk_layout(node, found: list) -> list:
    """Every component (type, id, props) in layout order, including those inside non-children props."""
    if isinstance(node, list):
        for child in node:
            walk_layout(child, found)
    elif isinstance(node, dict):
        if "props" in node and "type" in node and "namespace" in node:
            props = node["props"] or {}
            found.append((node["type"], props.get("id"), props))
            for value in props.values():
                walk_layout(value, found)
        else:
            for value in node.values():
                walk_layout(value, found)
    return found


def page_config(host: str, port: int, prefix: str = "/") -> dict:
    """The `_dash-config` JSON the index page embeds."""
    html = _get(host, port, prefix).decode("utf-8", "replace")
    m = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)
    if not m:
        raise RuntimeError("no _dash-config in the index page: is this a Dash app?")
    return json.loads(m.group(1))


@dataclass
class SliderCallback:
    """What was discovered: the callback, its sliders and the values the request body starts from."""

    output: str
    inputs: list[dict]
    state: list[dict]
    sliders: list[tuple[object, str, dict]]      # (id, property, props) of the pattern-matched sliders
    components: list


def _is_slider(kind: str, props: dict) -> bool:
    return "Slider" in kind or all(k in props for k in ("min", "max"))


def find_slider_callback(deps: list[dict], components: list, output_hint: str | None = None) -> SliderCallback:
    """The server-side callback whose inputs include an ALL pattern over >= 2 slider components."""
    candidates = []
    for dep in deps:
        if dep.get("clientside_function") or dep.get("background") or dep.get("no_output"):
            continue
        if any(_wild(v) == "MATCH" for o, _ in output_specs(dep["output"]) if isinstance(o, dict) for v in o.values()):
            continue
        sliders = []
        for inp in dep["inputs"]:
            pattern = parse_id(inp["id"])
            if is_pattern(pattern) and any(_wild(v) == "ALL" for v in pattern.values()):
                sliders += [(cid, inp["property"], props) for kind, cid, props in components
                            if matches(pattern, cid) and _is_slider(kind, props)]
        if len(sliders) >= 2:
            hinted = output_hint is not None and output_hint in dep["output"]
            prob = "prob" in dep["output"].lower()
            candidates.append(((hinted, prob, len(sliders)), dep, sliders))
    if output_hint is not None:
        candidates = [c for c in candidates if c[0][0]]
    if not candidates:
        raise RuntimeError("no server-side callback takes the feature sliders (an ALL pattern) as inputs")
    candidates.sort(key=lambda c: c[0], reverse=True)
    _, dep, sliders = candidates[0]
    return SliderCallback(dep["output"], dep["inputs"], dep.get("state") or [], sliders, components)


def _resolve(deps: list[dict], components: list, values: dict) -> list:
    """Inputs or state as dash-renderer sends them: a list per ALL pattern, one entry per plain id."""
    out = []
    for dep in deps:
        id_, prop = parse_id(dep["id"]), dep["property"]
        if is_pattern(id_):
            out.append([_entry(cid, prop, props, values) for _, cid, props in components if matches(id_, cid)])
        else:
            props = next((p for _, cid, p in components if cid == id_), {})
            out.append(_entry(id_, prop, props, values))
    return out


def _entry(cid, prop: str, props: dict, values: dict) -> dict:
    entry = {"id": cid, "property": prop}
    key = (stringify_id(cid), prop)
    value = values.get(key, props.get(prop))
    if value is not None or prop in props:
        entry["value"] = value
    return entry


def _outputs(output: str, components: list):
    specs = []
    for id_, prop in output_specs(output):
        if is_pattern(id_):
            specs.append([{"id": cid, "property": prop} for _, cid, _ in components if matches(id_, cid)])
        else:
            specs.append({"id": id_, "property": prop})
    return specs if output.startswith("..") else specs[0]


def _snap(props: dict, rng: random.Random) -> float:
    lo, hi = float(props["min"]), float(props["max"])
    step = props.get("step")
    value = rng.uniform(lo, hi)
    if step:
        value = lo + round((value - lo) / step) * step
        decimals = max(0, -math.floor(math.log10(step)) + 1)
        value = round(min(max(value, lo), hi), decimals)
    return value


def callback_target(url: str, output_hint: str | None = None) -> Target:
    """Discover the slider -> probabilities callback on a running Dash server and build its requests."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    prefix = (parts.path.rstrip("/") or "") + "/"
    config = page_config(host, port, prefix)
    base = config.get("requests_pathname_prefix") or prefix
    deps = json.loads(_get(host, port, base + "_dash-dependencies"))
    components = walk_layout(json.loads(_get(host, port, base + "_dash-layout")), [])
    cb = find_slider_callback(deps, components, output_hint)
    outputs = _outputs(cb.output, components)
    path = base + "_dash-update-component"
    if config.get("end_id"):
        path += f"?endId={config['end_id']}"

    def body(rng: random.Random, values: dict) -> bytes:
        sid, prop, props = rng.choice(cb.sliders)
        values[(stringify_id(sid), prop)] = _snap(props, rng)      # the slider stays where the user left it
        changed = f"{stringify_id(sid)}.{prop}"
        payload = {
            "output": cb.output,
            "outputs": outputs,
            "inputs": _resolve(cb.inputs, components, values),
            "changedPropIds": [changed],
            "parsedChangedPropsIds": [sid],
        }
        if cb.state:
            payload["state"] = _resolve(cb.state, components, values)
        return json.dumps(payload, separators=(",", ":")).encode()

    def ok(status: int, data: bytes) -> bool:
        if status == 204:       # PreventUpdate: a valid answer, nothing to change
            return True
        return status == 200 and b'"response"' in data[:200]

    desc = f"POST {base}_dash-update-component  output={cb.output}  ({len(cb.sliders)} sliders)"
    return Target("callback", host, port, path, body, ok, desc)


def flask_target(url: str, wine: dict | None = None, ranges: dict | None = None) -> Target:
    """POST /predict on the Flask baseline with a JSON wine, one feature moved per request."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if wine is None or ranges is None:
        from bench.server import ROOT  # the manifest only: the load generator never unpickles
        manifest = json.loads((ROOT / "model" / "manifest.json").read_text())
        wine = {f["name"]: f["mean_by_color"]["white"] for f in manifest["features"]} | {"color": 0}
        ranges = {f["name"]: {"min": f["min"], "max": f["max"], "step": f["step"]} for f in manifest["features"]}

    def body(rng: random.Random, values: dict) -> bytes:
        name = rng.choice(list(ranges))
        values[name] = _snap(ranges[name], rng)
        return json.dumps(wine | values).encode()

    def ok(status: int, data: bytes) -> bool:
        return status == 200 and b"probabilities" in data

    return Target("flask", host, port, "/predict", body, ok, "POST /predict (Flask + pickle + predict_proba)")


# ---------------------------------------------------------------- the client

class Client:
    """One keep-alive connection; a request that finds it closed by the server is retried once, as browsers do."""

    def __init__(self, target: Target, seed: int) -> None:
        self.target, self.rng, self.values = target, random.Random(seed), {}
        self.conn: http.client.HTTPConnection | None = None
        self.reused = False
        self.stale_retries = 0

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.target.host, self.target.port, timeout=REQUEST_TIMEOUT)
            self.reused = False
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _send(self, body: bytes) -> tuple[int, bytes, bool]:
        conn = self._connection()
        reused = self.reused
        try:
            conn.request("POST", self.target.path, body, self.target.headers)
            resp = conn.getresponse()
            data = resp.read()
        except STALE:
            self.close()
            if reused:        # the server closed an idle keep-alive connection: not an answered request
                self.stale_retries += 1
                return self._send(body)
            raise
        if resp.will_close:
            self.close()
        else:
            self.reused = True
        return resp.status, data, True

    def request(self) -> tuple[float, str]:
        """One request: (seconds, outcome) where outcome is 'ok', 'bad <status>' or an exception name."""
        body = self.target.body(self.rng, self.values)
        t0 = time.perf_counter()
        try:
            status, data, _ = self._send(body)
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return time.perf_counter() - t0, type(exc).__name__
        elapsed = time.perf_counter() - t0
        return elapsed, "ok" if self.target.ok(status, data) else f"bad {status}"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


@dataclass
class Result:
    target: str
    mode: str
    n: int
    errors: int
    seconds: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    rps: float
    outcomes: dict
    stale_retries: int = 0
    # latency mode: seconds of each ok request; throughput mode with keep_records: (t_start, seconds, outcome)
    records: list = field(default_factory=list, repr=False)

    def line(self) -> str:
        rate = f"  {self.rps:7.1f} req/s" if self.mode == "throughput" else ""
        return (f"{self.target:<9} {self.mode:<10} n={self.n:<6} median {self.median_ms:6.2f} ms  "
                f"p95 {self.p95_ms:6.2f} ms{rate}  errors {self.errors}")


def pooled(results: list[Result]) -> Result:
    """One latency result from several runs against the same target (their samples pooled)."""
    outcomes = Counter()
    for r in results:
        outcomes.update(r.outcomes)
    lat = [x for r in results for x in r.records]
    return _summary(_Named(results[0].target), "latency", lat, outcomes, sum(r.seconds for r in results),
                    sum(r.stale_retries for r in results), lat)


@dataclass
class _Named:
    name: str


def _summary(target: Target, mode: str, lat: list[float], outcomes: Counter, seconds: float,
             stale: int, records: list | None = None) -> Result:
    ms = [x * 1000 for x in lat]
    n = sum(outcomes.values())
    ok = outcomes.get("ok", 0)
    return Result(target.name, mode, n, n - ok, seconds, statistics.median(ms) if ms else float("nan"),
                  percentile(ms, 95), percentile(ms, 99), ok / seconds if seconds else 0.0, dict(outcomes),
                  stale, records or [])


def run_latency(target: Target, n: int = 500, warmup: int = 50, max_seconds: float = 120.0) -> Result:
    """`n` sequential requests on one keep-alive connection, after `warmup`; bounded by `max_seconds`."""
    client = Client(target, seed=0)
    for _ in range(warmup):
        client.request()
    lat, outcomes = [], Counter()
    t0 = time.perf_counter()
    deadline = t0 + max_seconds
    for _ in range(min(n, MAX_REQUESTS)):
        seconds, outcome = client.request()
        outcomes[outcome] += 1
        if outcome == "ok":
            lat.append(seconds)
        if time.perf_counter() > deadline:
            break
    elapsed = time.perf_counter() - t0
    client.close()
    return _summary(target, "latency", lat, outcomes, elapsed, client.stale_retries, lat)


def run_throughput(target: Target, clients: int = 32, seconds: float = 30.0, keep_records: bool = False) -> Result:
    """`clients` threads, each a keep-alive client sending back-to-back for `seconds`."""
    stop_at = time.perf_counter() + seconds
    per_thread: list[list] = [[] for _ in range(clients)]
    stale = [0] * clients
    budget = MAX_REQUESTS // clients

    def worker(i: int) -> None:
        client = Client(target, seed=1000 + i)
        out = per_thread[i]
        for _ in range(budget):
            t = time.perf_counter()
            if t >= stop_at:
                break
            elapsed, outcome = client.request()
            out.append((t, elapsed, outcome))
        client.close()
        stale[i] = client.stale_retries

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 2 * REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - t0
    records = sorted((r for rs in per_thread for r in rs), key=lambda r: r[0])
    lat = [r[1] for r in records if r[2] == "ok"]
    outcomes = Counter(r[2] for r in records)
    rel = [(r[0] - t0, r[1], r[2]) for r in records] if keep_records else None
    return _summary(target, "throughput", lat, outcomes, elapsed, sum(stale), rel)


# ---------------------------------------------------------------- command line

def make_target(kind: str, url: str, output_hint: str | None = None) -> Target:
    return callback_target(url, output_hint) if kind == "callback" else flask_target(url)


def main(argv: list[str] | None = None) -> int:
    from bench import server as srv

    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["latency", "throughput"])
    parser.add_argument("--target", choices=["callback", "flask"], default="callback")
    parser.add_argument("--url", help="an already running server on 127.0.0.1 (default: start gunicorn)")
    parser.add_argument("--workers", type=int, default=srv.DEFAULT_WORKERS)
    parser.add_argument("-n", "--requests", type=int, default=500, help="latency mode: sequential requests")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--output", help="pick the callback whose output contains this text")
    args = parser.parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--url must be on 127.0.0.1")

    def run(url: str) -> Result:
        target = make_target(args.target, url, args.output)
        print(target.description, flush=True)
        if args.mode == "latency":
            return run_latency(target, args.requests)
        run_throughput(target, min(args.clients, 8), 2.0)          # warm both workers
        return run_throughput(target, args.clients, args.seconds)

    if args.url:
        result = run(args.url)
    else:
        app = srv.DASHBOARD_APP if args.target == "callback" else srv.BASELINE_APP
        with srv.serve(app, args.workers) as server:
            print(f"gunicorn {app} on {server.url}, {args.workers} workers", flush=True)
            result = run(server.url)
    print(result.line())
    if result.errors:
        print(f"outcomes: {result.outcomes}")
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
