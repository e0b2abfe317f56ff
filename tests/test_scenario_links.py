"""model/scenario.py: what a link carries beside the wine (the cost policy k= and t=, presentation mode p=, the
measurements "make it good" may move m=, scenario A) and the limits every reader of a link shares: a table per limit,
at the limit and one past it."""
from __future__ import annotations

import pytest

from model.decision import MAX_COST, ZERO_ONE, parse_policy
from model.scenario import (
    MAX_FIELDS, decode_scenario, default_wine, display_name, encode_pinned, format_value, key_of, movable_in, policy_in,
    policy_params, presentation_in, scenario_search, slider_range,
)
from model.schema import MEASUREMENT_NAMES

ASYM = [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]]  # every cell different, so a cell read from the wrong place shows
ASYM_KEYS = "k=0_2_10_1_0_3_0.5_1_0"
ZERO_ONE_KEYS = "k=0_1_1_1_0_1_1_1_0"


@pytest.fixture(scope="module")
def features(loaded_model):
    return loaded_model.features


@pytest.fixture(scope="module")
def wine(features):
    return default_wine(features)


# ---------- the cost policy: k= (nine costs, rows true bucket) and t= (the taster's fee) ----------

@pytest.mark.parametrize(
    ("policy", "keys"),
    [
        (parse_policy(ASYM, 0.3), ASYM_KEYS + "&t=0.3"),
        (parse_policy(ASYM), ASYM_KEYS),
        (parse_policy(ZERO_ONE.costs, 0.4), ZERO_ONE_KEYS + "&t=0.4"),
        (parse_policy(ZERO_ONE.costs, 0), ZERO_ONE_KEYS + "&t=0"),  # a free taster is still a taster
    ],
    ids=["costs and taster", "costs only", "zero-one with a taster", "free taster"],
)
def test_a_cost_policy_travels_in_the_link_and_comes_back_equal(features, wine, policy, keys):
    search = scenario_search(wine, None, features, policy=policy)
    assert search.endswith("&" + keys)
    assert policy_params(policy) == dict(pair.split("=") for pair in keys.split("&"))
    assert policy_in(search) == policy
    assert decode_scenario(search, features).problems == ()


@pytest.mark.parametrize("policy", [None, ZERO_ONE, parse_policy(ZERO_ONE.costs)], ids=["none", "zero-one", "parsed"])
def test_zero_one_costs_without_a_taster_leave_the_link_short(features, wine, policy):
    assert policy_params(policy) == {}
    search = scenario_search(wine, None, features, policy=policy)
    assert "k=" not in search and "t=" not in search


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        (None, None),
        ("", None),
        ("?", None),
        ("?al=10&c=r", None),  # a wine, no policy
        ("?t=0.4", parse_policy(ZERO_ONE.costs, 0.4)),  # a fee alone: zero-one costs and the taster
        ("t=0.4", parse_policy(ZERO_ONE.costs, 0.4)),  # without the '?'
        ("?" + ZERO_ONE_KEYS, ZERO_ONE),  # zero-one costs written out
        ("?" + ASYM_KEYS, parse_policy(ASYM)),
        (f"?{ASYM_KEYS}&k=1_1_1_1_1_1_1_1_1&t=0.3&t=5", parse_policy(ASYM, 0.3)),  # a key given twice: the first
        ("?Xk=1_1_1_1_1_1_1_1_1&Xt=5&al=10", None),  # longer keys are not ours
        ("?Xt=5&t=0.4", parse_policy(ZERO_ONE.costs, 0.4)),
    ],
)
def test_the_policy_a_link_carries(search, expected):
    assert policy_in(search) == expected


@pytest.mark.parametrize(
    "search",
    [
        "?k=", "?k=&t=0.4", "?t=", f"?{ZERO_ONE_KEYS}&t=", "?t=abc", "?t=-1", "?t=nan",
        "?k=0_1_1_1_0_1_1_1_-1", "?k=a_1_1_1_0_1_1_1_0", "?k=0_1_1_1_0_1_1_1_nan", "?k=0.1.1.1.0.1.1.1.0",
    ],
)
def test_an_unreadable_policy_is_reported_and_not_used(features, search):
    assert policy_in(search) is None
    assert decode_scenario(search, features).problems == ("the costs",)


@pytest.mark.parametrize(("cells", "readable"), [(8, False), (9, True), (10, False)])
def test_the_cost_matrix_has_exactly_nine_cells(features, cells, readable):
    search = "?k=" + "_".join(["2"] * cells)
    assert policy_in(search) == (parse_policy([[2] * 3] * 3) if readable else None)
    assert decode_scenario(search, features).problems == (() if readable else ("the costs",))


@pytest.mark.parametrize(("fee", "readable"), [(f"{MAX_COST:.0f}", True), (f"{MAX_COST + 1:.0f}", False)])
def test_the_taster_fee_in_a_link_is_bounded_like_any_cost(fee, readable):
    assert policy_in("?t=" + fee) == (parse_policy(ZERO_ONE.costs, MAX_COST) if readable else None)


def test_the_largest_costs_survive_the_link_written_with_an_exponent(features, wine):
    policy = parse_policy([[MAX_COST] * 3] * 3, MAX_COST)
    search = scenario_search(wine, None, features, policy=policy)
    assert "t=1e%2B06" in search and policy_in(search) == policy  # '+' escaped, or it would read as a space


# ---------- presentation mode (p=) and the measurements "make it good" may move (m=) ----------

@pytest.mark.parametrize(
    ("search", "flag"),
    [
        ("?p=1", True), ("p=1", True), ("?p=0", False), ("?p=1&p=0", True), ("?al=10&p=0", False),
        ("?p=", None), ("?p=yes", None), ("?al=10", None), ("?Xp=1", None), ("", None), (None, None),
    ],
)
def test_what_a_link_says_about_presentation_mode(search, flag):
    assert presentation_in(search) is flag


@pytest.mark.parametrize(
    ("search", "movable"),
    [
        ("?m=va.al", ["volatile acidity", "alcohol"]),
        ("m=al.va", ["volatile acidity", "alcohol"]),  # in slider order, whatever the link's
        ("?m=va..al.", ["volatile acidity", "alcohol"]),  # empty pieces are skipped
        ("?m=", []),  # nothing may move
        ("?m=va.zz", None), ("?Xm=va", None), ("?al=10", None), ("", None), (None, None),
    ],
)
def test_what_a_link_says_make_it_good_may_move(features, search, movable):
    assert movable_in(search, features) == movable


# ---------- limits every reader shares ----------

@pytest.mark.parametrize(("fields", "readable"), [(MAX_FIELDS, True), (MAX_FIELDS + 1, False)])
def test_a_link_is_read_up_to_its_field_limit(features, fields, readable):
    ours = [ASYM_KEYS, "t=0.3", "p=1", "m=va.al", "al=12.5", "c=r"]
    search = "?" + "&".join(ours + [f"x{i}=1" for i in range(fields - len(ours))])
    assert search.count("&") + 1 == fields
    assert policy_in(search) == (parse_policy(ASYM, 0.3) if readable else None)
    assert presentation_in(search) is (True if readable else None)
    assert movable_in(search, features) == (["volatile acidity", "alcohol"] if readable else None)
    scenario = decode_scenario(search, features)
    assert scenario.problems == (() if readable else ("the link",))
    assert (scenario.wine["alcohol"] if readable else scenario.wine) == (12.5 if readable else None)


@pytest.mark.parametrize("name", MEASUREMENT_NAMES)
@pytest.mark.parametrize(
    ("end", "steps_past", "taken"),
    [("min", 0, True), ("min", -1, False), ("max", 0, True), ("max", 1, False)],
    ids=["at min", "below min", "at max", "above max"],
)
def test_a_linked_value_is_taken_up_to_each_end_of_its_slider(features, wine, name, end, steps_past, taken):
    feature = next(f for f in features if f["name"] == name)
    lo, hi = slider_range(feature)
    value = round((lo if end == "min" else hi) + steps_past * feature["step"], feature["decimals"])
    scenario = decode_scenario(f"?{key_of(feature)}={format_value(value, feature)}", features)
    assert scenario.wine[name] == (value if taken else wine[name])
    assert scenario.problems == (() if taken else (display_name(name),))
    pinned = decode_scenario("?A=" + encode_pinned(wine | {name: value}, features), features).pinned
    assert pinned == (wine | {name: value} if taken else None)


def test_scenario_a_needs_a_colour_and_exactly_one_value_per_measurement(features, wine):
    good = encode_pinned(wine, features)
    assert decode_scenario("?A=" + good, features).pinned == wine
    assert decode_scenario("?A=R" + good[1:], features).pinned == wine | {"color": "red"}
    for bad in (good.rsplit("_", 1)[0], good + "_1", "x" + good[1:], ""):  # one value short, one more, no colour
        scenario = decode_scenario("?A=" + bad, features)
        assert scenario.pinned is None and scenario.problems == ("scenario A",)


# ---------- values on the sliders ----------

@pytest.mark.parametrize(
    ("data_min", "data_max", "step", "decimals", "ends"),
    [
        (0.3, 1.1, 0.1, 1, (0.3, 1.1)),  # on stops, though 0.3 / 0.1 is 2.9999999999999996 in floats
        (0.25, 0.75, 0.1, 1, (0.2, 0.8)),  # off stops: widened to the next whole steps
        (3, 7, 1.0, 0, (3.0, 7.0)),
        (0.98711, 1.03898, 0.0001, 4, (0.9871, 1.039)),
    ],
)
def test_a_slider_runs_between_whole_steps_around_the_data(data_min, data_max, step, decimals, ends):
    assert slider_range({"min": data_min, "max": data_max, "step": step, "decimals": decimals}) == ends


@pytest.mark.parametrize(("value", "text"), [(0.1 + 0.2 - 0.3, "0.00"), (1e-12, "0.00"), (2e-12, "2e-12")],
                         ids=["float noise", "at the tolerance", "past it"])
def test_float_noise_around_zero_is_written_as_zero(features, value, text):
    citric_acid = next(f for f in features if f["name"] == "citric acid")
    assert format_value(value, citric_acid) == text
