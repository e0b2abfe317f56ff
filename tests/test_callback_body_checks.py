"""api/callback_bodies.py and api/prop_types.py at their edges: a /_dash-update-component body that does not fit the
page is a 400 before any callback runs, and one that fits reaches the callback with the values it carries."""
from __future__ import annotations

import math
import typing

import pytest

from api.callback_bodies import MAX_PATTERN_ITEMS
from api.prop_types import fits
from callbacks.presets import average_wine, controls_from_request
from components import ids
from model.schema import MEASUREMENT_NAMES
from test_callbacks import SLIDER_IDS, slider_callback_body


@pytest.fixture
def body(loaded_model) -> dict:
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    return slider_callback_body(values, color, request)


def post(client, body):
    return client.post("/_dash-update-component", json=body)


def refused(client, body, fragment: str) -> None:
    response = post(client, body)
    assert response.status_code == 400, response.data[:300]
    assert fragment in response.get_json()["detail"]


def test_the_unchanged_body_is_answered(client, body):
    assert post(client, body).status_code == 200


@pytest.mark.parametrize("flag", [True, False])
def test_a_boolean_where_a_slider_takes_a_number_is_refused(client, body, flag):
    body["inputs"][0][3]["value"] = flag
    refused(client, body, "a bool does not fit this property")


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf])
@pytest.mark.parametrize("hint", [float, int, typing.Union[typing.SupportsFloat, typing.SupportsInt]])
def test_a_boolean_or_non_finite_value_does_not_fit_a_number(value, hint):
    assert not fits(value, hint)
    assert fits(1, hint) and fits(0.5, hint)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_or_infinity_inside_a_store_is_refused(client, body, literal):
    import json

    body["state"][1]["value"]["wine"]["alcohol"] = "PLACEHOLDER"
    raw = json.dumps(body).replace('"PLACEHOLDER"', literal)
    response = client.post("/_dash-update-component", data=raw, content_type="application/json")
    assert response.status_code == 400 and "NaN and Infinity are not JSON" in response.get_json()["detail"]


def test_a_pattern_id_with_an_extra_key_is_refused(client, body):
    body["inputs"][0][0]["id"] = {**body["inputs"][0][0]["id"], "extra": 1}
    refused(client, body, "expected")


def test_a_pattern_id_missing_a_key_is_refused(client, body):
    body["inputs"][0][0]["id"] = {"type": body["inputs"][0][0]["id"]["type"]}
    refused(client, body, "expected")


def _with_sliders(body: dict, n: int) -> dict:
    """Every use of the sliders' ALL pattern names the same n sliders."""
    names = [f"{MEASUREMENT_NAMES[i % 11]}{i}" for i in range(n)]
    slider = [{"name": name, "type": ids.FEATURE_SLIDER} for name in names]
    body["inputs"][0] = [{"id": s, "property": "value", "value": 1.0} for s in slider]
    body["state"][0] = [{"id": s, "property": "id", "value": s} for s in slider]
    return body


def test_pattern_items_at_the_limit_pass_the_check(client, body):
    assert MAX_PATTERN_ITEMS == 200
    response = post(client, _with_sliders(body, MAX_PATTERN_ITEMS))
    assert response.status_code in (200, 204), response.data[:300]


def test_pattern_items_one_past_the_limit_are_refused(client, body):
    refused(client, _with_sliders(body, MAX_PATTERN_ITEMS + 1), f"at most {MAX_PATTERN_ITEMS} entries")


def _current_wine(client, body) -> dict:
    response = post(client, body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"][ids.CURRENT_WINE]["data"]
