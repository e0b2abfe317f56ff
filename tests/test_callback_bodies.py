"""api/callback_bodies.py and api/prop_types.py: what the edge check of `/_dash-update-component` refuses, by name."""
from __future__ import annotations

import copy
import json
import typing

import pytest

from api.callback_bodies import BodyError, _component_index, check_body
from api.prop_types import fits, option_values
from callbacks.presets import average_wine as preset_wine, controls_from_request
from components import ids
from model.schema import MEASUREMENT_NAMES
from test_callbacks import SLIDER_IDS, slider_callback_body

UPDATE = "/_dash-update-component"


@pytest.fixture(scope="module")
def body(loaded_model) -> dict:
    request = preset_wine(loaded_model, "white")
    values, _ = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    return slider_callback_body(values, "red", request)


def _post(client, body) -> tuple[int, str]:
    text = body if isinstance(body, str) else json.dumps(body)
    response = client.post(UPDATE, data=text, content_type="application/json")
    detail = response.get_json().get("detail", "") if response.status_code == 400 else ""
    return response.status_code, detail


def test_the_unchanged_body_is_answered(client, body):
    assert _post(client, body)[0] == 200


@pytest.mark.parametrize("value", [True, False], ids=["true", "false"])
def test_a_boolean_where_a_slider_number_goes_is_a_400(client, body, value):
    bad = copy.deepcopy(body)
    bad["inputs"][0][0]["value"] = value
    status, detail = _post(client, bad)
    assert status == 400 and "a bool does not fit this property" in detail


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_or_infinity_inside_a_store_is_a_400(client, body, literal):
    marker = "__NONFINITE__"
    bad = copy.deepcopy(body)
    bad["state"][2]["value"] = {"wine": {"alcohol": marker}, "label": "x"}
    status, detail = _post(client, json.dumps(bad).replace(f'"{marker}"', literal))
    assert status == 400 and detail == "not a callback request of this page: NaN and Infinity are not JSON"


def test_a_pattern_id_with_an_extra_key_is_a_400(client, body):
    bad = copy.deepcopy(body)
    bad["inputs"][0][0]["id"] = {**bad["inputs"][0][0]["id"], "index": 0}
    status, detail = _post(client, bad)
    assert status == 400 and "expected" in detail


def test_a_pattern_id_missing_a_key_is_a_400(client, body):
    bad = copy.deepcopy(body)
    bad["inputs"][0][0]["id"] = {"type": ids.FEATURE_SLIDER}
    assert _post(client, bad)[0] == 400


@pytest.mark.parametrize("name", [True, None, [1], {"a": 1}], ids=["bool", "null", "list", "object"])
def test_a_wildcard_key_that_is_not_a_string_or_number_is_a_400(client, body, name):
    bad = copy.deepcopy(body)
    bad["inputs"][0][0]["id"] = {"name": name, "type": ids.FEATURE_SLIDER}
    assert _post(client, bad)[0] == 400


def test_an_all_pattern_naming_other_components_elsewhere_is_a_400(client, body):
    bad = copy.deepcopy(body)
    bad["state"][1][0]["id"] = ids.slider("other")
    bad["state"][1][0]["value"] = ids.slider("other")
    status, detail = _post(client, bad)
    assert status == 400 and "names different components in different places" in detail


def test_the_edge_check_reads_the_app_callback_map(app, body):
    components = _component_index(app.layout)
    check_body(body, app.callback_map, components)
    assert {("type", ids.FEATURE_SLIDER), ids.COLOR} <= set(components)
    for broken, message in [
        ({**body, "output": "nope.data"}, "'output' names no callback of this app"),
        ({**body, "changedPropIds": [1]}, "'changedPropIds' must be a list of strings"),
        ({**body, "inputs": body["inputs"][:-1]}, "'inputs' must be a list of 3 entries"),
        ({**body, "outputs": body["outputs"][:-1]}, "'outputs' must describe the 3 output(s)"),
        ([body], "the body must be a JSON object"),
    ]:
        with pytest.raises(BodyError) as refused:
            check_body(broken, app.callback_map, components)
        assert str(refused.value).startswith(message)


# ------------------------------------------------------------------ prop types

@pytest.mark.parametrize(
    ("value", "hint", "expected"),
    [(1, float, True), (1.5, int, True), (True, float, False), (True, int, False), (float("nan"), float, False),
     (float("inf"), typing.Union[typing.SupportsFloat, typing.SupportsInt], False),
     (True, typing.Union[typing.SupportsFloat, typing.SupportsInt], False),
     (2, typing.Union[typing.SupportsFloat, typing.SupportsInt], True),
     (True, bool, True), (1, bool, False), ("a", str, True), (1, str, False), (None, type(None), True),
     (0, type(None), False), ("b", typing.Literal["a", "b"], True), ("c", typing.Literal["a", "b"], False),
     ({}, dict, True), ([], dict, False), ({}, typing.Dict[str, int], True),
     ([1, 2], typing.List[int], True), ([1, "x"], typing.List[int], False), ((1,), list, False),
     ([1, "x"], typing.Sequence, True), ("x", typing.Optional[int], False), (None, typing.Optional[int], True),
     ("x", typing.Annotated[int, "meta"], False), (3, typing.Annotated[int, "meta"], True),
     ("anything", typing.Any, True), ("anything", "SomeForwardRef", True), ("anything", complex, True)],
)
def test_fits_reads_dash_prop_annotations(value, hint, expected):
    assert fits(value, hint) is expected


def test_option_values_of_options_as_dicts_or_plain_values():
    class Radio:
        options = [{"label": "Red", "value": "red"}, "white", 3]

    class NoOptions:
        options = None

    assert option_values(Radio()) == ["red", "white", 3]
    assert option_values(NoOptions()) is None and option_values(object()) is None


def test_a_colour_that_is_not_among_the_options_is_a_400(client, body):
    bad = copy.deepcopy(body)
    bad["inputs"][1]["value"] = "rose"
    status, detail = _post(client, bad)
    assert status == 400 and "is not among its options" in detail


def test_every_slider_of_the_body_is_a_measurement(body):
    assert [i["id"]["name"] for i in body["inputs"][0]] == list(MEASUREMENT_NAMES)
