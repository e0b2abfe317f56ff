"""A scenario: the wine on the sliders (and scenario A) as values on the sliders' stops, and as a shareable
query string.

    ?fa=6.9&va=0.28&...&al=10.5&c=w&A=r_8.3_0.53_..._10.4

Each measurement's short key is its `Feature.key` in model/schema.py. Values are written as the page writes them
everywhere (`format_value`: the slider step's decimals, a real test wine's extra digits kept, e.g. density
0.99064) and read back as written, so a link restores
exactly the same wine and probabilities. A link with bad values still opens: they are reported, not used.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from model.counterfactual import DEFAULT_MOVABLE
from model.decision import Policy, PolicyError, parse_policy
from model.schema import BY_NAME, COLOR

COLOR_KEY, PINNED_KEY, PRESENT_KEY = "c", "A", "p"  # p=1: open in presentation mode
MOVABLE_KEY = "m"  # the measurements "make it good" may move, e.g. m=va.su.al (left out: the default)
COSTS_KEY, TASTER_KEY = "k", "t"  # a cost policy: k=0_1_10_1_0_1_1_1_0 (rows true bucket), t=0.3 (left out: zero-one)
LIST_SEPARATOR = "."
COLOR_CODES = {"white": "w", "red": "r"}
COLOR_NAMES = {"w": "white", "white": "white", "r": "red", "red": "red"}
SEPARATOR = "_"  # between the colour and values of scenario A
MAX_FIELDS = 64


# ---------- values on the sliders ----------

def slider_range(feature: Mapping) -> tuple[float, float]:
    """The slider's ends: the data's min and max, widened to whole steps so every stop is a round number."""
    step, decimals = feature["step"], feature["decimals"]
    lo = math.floor(feature["min"] / step + 1e-9) * step
    hi = math.ceil(feature["max"] / step - 1e-9) * step
    return round(lo, decimals), round(hi, decimals)


def snap(value: float, feature: Mapping) -> float:
    """`value` moved to the nearest slider stop inside the slider's range."""
    lo, hi = slider_range(feature)
    step = feature["step"]
    value = min(max(float(value), lo), hi)
    return round(lo + round((value - lo) / step) * step, feature["decimals"])


def same_value(a: float, b: float) -> bool:
    """Equal but for float noise (a slider rounds in JavaScript, Python in Python)."""
    return math.isclose(
        a, b,
        rel_tol=1e-9,  # pragma: no mutate  (math.isclose's default, written out: leaving it out changes nothing)
        abs_tol=1e-12,
    )


def same_wine(a: Mapping | None, b: Mapping | None, features: Sequence[Mapping]) -> bool:
    """Whether two wines have the same colour and the same value of every measurement."""
    if not a or not b or a.get("color") != b.get("color"):
        return False
    return all(same_value(a[f["name"]], b[f["name"]]) for f in features)


def format_value(value: float, feature: Mapping) -> str:
    """A measurement as the page writes it everywhere (number boxes, tables, suggestions, the link): the slider
    step's decimals, e.g. '0.9940', '35', '10.5'; a value off the slider's stops (a real test wine's density
    0.99064) with every digit it needs. assets/controls.js writes the boxes the same way."""
    text = f"{value:.{feature['decimals']}f}"
    return text if same_value(float(text), value) else repr(float(value))


def display_name(name: str) -> str:
    """A measurement's name as a heading: 'Alcohol', 'Free sulfur dioxide', 'pH'."""
    return name if name == "pH" else name[0].upper() + name[1:]


def default_wine(features: Sequence[Mapping], color: str = "white") -> dict:
    """The mean wine of `color`, snapped to slider stops, keyed by UCI name plus 'color'."""
    wine = {f["name"]: snap(f["mean_by_color"][color], f) for f in features}
    return wine | {"color": color}


# ---------- the query string ----------

def key_of(feature: Mapping) -> str:
    return BY_NAME[feature["name"]].key


@dataclass(frozen=True)
class Scenario:
    """What a query string holds: the wine (None if it names none), scenario A, and what could not be read."""

    wine: dict | None = None
    pinned: dict | None = None
    problems: tuple[str, ...] = field(default=())


def encode_pinned(wine: Mapping, features: Sequence[Mapping]) -> str:
    return SEPARATOR.join([COLOR_CODES[wine[COLOR]], *(format_value(wine[f["name"]], f) for f in features)])


def link_params(search: str | None) -> dict[str, list[str]]:
    """A query string's keys and values, blank values kept; ValueError past MAX_FIELDS fields."""
    if not search:
        return {}
    return parse_qs(str(search).lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)


def policy_params(policy: Policy | None) -> dict:
    """The link's keys for a cost policy: none for zero-one costs without a taster."""
    if policy is None or policy.is_zero_one:
        return {}
    params = {COSTS_KEY: SEPARATOR.join(f"{v:g}" for row in policy.costs for v in row)}
    if policy.refer is not None:
        params[TASTER_KEY] = f"{policy.refer:g}"
    return params


def policy_in(search: str | None) -> Policy | None:
    """The cost policy a link carries; None when it carries none or it cannot be read."""
    try:
        params = link_params(search)
        parts = params[COSTS_KEY][0].split(SEPARATOR) if COSTS_KEY in params else ["0", "1", "1", "1", "0", "1",
                                                                                    "1", "1", "0"]
        if len(parts) != 9 or (COSTS_KEY not in params and TASTER_KEY not in params):
            return None
        costs = [[float(v) for v in parts[i : i + 3]] for i in (0, 3, 6)]
        refer = float(params[TASTER_KEY][0]) if TASTER_KEY in params else None
        return parse_policy(costs, refer)
    except (ValueError, PolicyError):
        return None


def scenario_search(wine: Mapping, pinned: Mapping | None, features: Sequence[Mapping], presenting: bool = False,
                    movable: Sequence[str] | None = None, policy: Policy | None = None) -> str:
    """The query string ('?...') for the wine on the sliders, scenario A if pinned, the measurements "make it good"
    may move unless they are the default ones, the cost policy unless zero-one, and presentation mode if on."""
    params = {key_of(f): format_value(wine[f["name"]], f) for f in features} | {COLOR_KEY: COLOR_CODES[wine[COLOR]]}
    if pinned:
        params[PINNED_KEY] = encode_pinned(pinned, features)
    if movable is not None and set(movable) != set(DEFAULT_MOVABLE):
        params[MOVABLE_KEY] = LIST_SEPARATOR.join(key_of(f) for f in features if f["name"] in movable)
    params |= policy_params(policy)
    if presenting:
        params[PRESENT_KEY] = "1"
    return "?" + urlencode(params, safe=SEPARATOR)  # pragma: no mutate  (urlencode never escapes '_' anyway)


def presentation_in(search: str | None) -> bool | None:
    """What a link says about presentation mode: True (p=1), False (p=0), or None when it says nothing."""
    try:
        flag = link_params(search).get(PRESENT_KEY, [None])[0]
    except ValueError:
        return None
    return {"1": True, "0": False}.get(flag)


def movable_in(search: str | None, features: Sequence[Mapping]) -> list[str] | None:
    """The measurements a link lets "make it good" move (UCI names, slider order), or None when it says nothing
    or cannot be read."""
    try:
        params = link_params(search)
    except ValueError:
        return None
    if MOVABLE_KEY not in params:
        return None
    keys = [k for k in params[MOVABLE_KEY][0].split(LIST_SEPARATOR) if k]
    by_key = {key_of(f): f["name"] for f in features}
    if any(k not in by_key for k in keys):
        return None
    return [f["name"] for f in features if key_of(f) in keys]


def parse_value(text: str, feature: Mapping) -> float | None:
    """A measurement from the URL, as written; None when it is not a number within the slider's range."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    lo, hi = slider_range(feature)
    if not math.isfinite(value) or not lo <= value <= hi:
        return None
    return value


def decode_pinned(text: str, features: Sequence[Mapping]) -> dict | None:
    parts = text.split(SEPARATOR)
    if len(parts) != len(features) + 1 or parts[0].lower() not in COLOR_NAMES:
        return None
    values = [parse_value(p, f) for p, f in zip(parts[1:], features)]
    if any(v is None for v in values):
        return None
    return {f["name"]: v for f, v in zip(features, values)} | {COLOR: COLOR_NAMES[parts[0].lower()]}


def decode_scenario(search: str | None, features: Sequence[Mapping]) -> Scenario:
    """The scenario in a query string. Keys that are not ours are ignored; ours with bad values are reported."""
    if not isinstance(search, str):
        return Scenario()
    try:
        params = link_params(search)
    except ValueError:  # more fields than any link of ours has
        return Scenario(problems=("the link",))
    wine_keys = [key_of(f) for f in features] + [COLOR_KEY]
    problems, wine, pinned = [], None, None
    if any(k in params for k in wine_keys):
        color = COLOR_NAMES.get(params[COLOR_KEY][0].lower()) if COLOR_KEY in params else "white"
        if color is None:
            problems.append("colour")
        wine = default_wine(features, color or "white")
        for f in features:
            if key_of(f) in params:
                value = parse_value(params[key_of(f)][0], f)
                if value is None:
                    problems.append(display_name(f["name"]))
                else:
                    wine[f["name"]] = value
    if PINNED_KEY in params:
        pinned = decode_pinned(params[PINNED_KEY][0], features)
        if pinned is None:
            problems.append("scenario A")
    if (COSTS_KEY in params or TASTER_KEY in params) and policy_in(search) is None:
        problems.append("the costs")
    return Scenario(wine, pinned, tuple(problems))
