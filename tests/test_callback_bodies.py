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
    bad["state"][1]["value"] = {"wine": {"alcohol": marker}, "label": "x"}
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
    bad["state"][0][0]["id"] = ids.slider("other")
    bad["state"][0][0]["value"] = ids.slider("other")
    status, detail = _post(client, bad)
    assert status == 400 and "names different components in different places" in detail


def test_the_edge_check_reads_the_app_callback_map(app, body):
    components = _component_index(app.layout)
    check_body(body, app.callback_map, components)
    assert {("type", ids.FEATURE_SLIDER), ids.COLOR} <= set(components)
    for broken, message in [
        ({**body, "output": "nope.data"}, "'output' names no callback of this app"),
        ({**body, "changedPropIds": [1]}, "'changedPropIds' must be a list of strings"),
        ({**body, "inputs": body["inputs"][:-1]}, "'inputs' must be a list of 4 entries"),
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


# ------------------------------------------------------------------ the check's parts, on a callback map of its own

def _map(inputs: list[str], outputs: str = "out.data") -> dict:
    """A callback map with one callback on `inputs` (spec ids as Dash writes them) and `outputs`."""
    return {outputs: {"callback": object(), "inputs": [{"id": i, "property": "value"} for i in inputs], "state": []}}


def _item(cid, value=1):
    return {"id": cid, "property": "value", "value": value}


def test_the_component_index_holds_the_layout_components(app):
    from dash import dcc

    components = _component_index(app.layout)
    assert isinstance(components[ids.COLOR], dcc.RadioItems) and components[ids.COLOR].id == ids.COLOR
    slider = components[("type", ids.FEATURE_SLIDER)]
    assert isinstance(slider, dcc.Slider) and slider.id["name"] in MEASUREMENT_NAMES


@pytest.mark.parametrize(
    ("given", "matches"),
    [({"name": "a", "type": "t"}, True), ({"name": 2, "type": "t"}, True), ({"name": 1.5, "type": "t"}, True),
     ({"name": True, "type": "t"}, False), ({"name": None, "type": "t"}, False), ({"name": [1], "type": "t"}, False),
     ({"name": "a", "type": "u"}, False), ({"name": "a"}, False), ({"name": "a", "type": "t", "x": 1}, False),
     ("t", False), (None, False)],
)
def test_a_pattern_id_matches_only_its_keys_and_plain_values(given, matches):
    from api.callback_bodies import _id_matches

    assert _id_matches({"name": ["ALL"], "type": "t"}, given) is matches
    assert _id_matches("wine-color", "wine-color") and not _id_matches("wine-color", "wine-colour")


def test_a_value_is_checked_against_options_only_for_the_value_property(app):
    from api.callback_bodies import _check_value

    components = _component_index(app.layout)
    _check_value({"id": ids.COLOR, "property": "className", "value": "segmented"}, ids.COLOR, components)
    long_value = "r" * 100
    with pytest.raises(BodyError) as refused:
        _check_value({"id": ids.COLOR, "property": "value", "value": long_value}, ids.COLOR, components)
    assert str(refused.value) == f"{ids.COLOR}.value: {repr(long_value)[:60]} is not among its options"


def test_allsmaller_inputs_are_lists_and_match_inputs_single_entries():
    callback_map = _map(['{"i":["ALLSMALLER"],"type":"t"}', '{"i":["MATCH"],"type":"u"}'])
    body = {"output": "out.data", "outputs": {"id": "out", "property": "data"},
            "inputs": [[_item({"i": 0, "type": "t"})], _item({"i": 0, "type": "u"})]}
    check_body(body, callback_map, {})


def test_two_all_patterns_may_name_different_components():
    callback_map = _map(['{"i":["ALL"],"type":"a"}', '{"i":["ALL"],"type":"b"}'])
    body = {"output": "out.data", "outputs": {"id": "out", "property": "data"},
            "inputs": [[_item({"i": 0, "type": "a"})], [_item({"i": 7, "type": "b"}), _item({"i": 8, "type": "b"})]]}
    check_body(body, callback_map, {})


def test_one_all_pattern_names_the_same_components_whatever_the_key_order(app, body):
    reordered = copy.deepcopy(body)
    reordered["state"][0] = [{"id": dict(reversed(list(i["id"].items()))), "property": "id", "value": i["value"]}
                             for i in reordered["state"][0]]
    check_body(reordered, app.callback_map, _component_index(app.layout))


OUT = '..{"i":["ALL"],"type":"o"}.data...{"index":1.5,"type":"p"}.figure..'


def _outputs_body(n: int) -> dict:
    return {"output": OUT, "inputs": [], "state": [],
            "outputs": [[{"id": {"i": k, "type": "o"}, "property": "data"} for k in range(n)],
                        {"id": {"index": 1.5, "type": "p"}, "property": "figure"}]}


@pytest.mark.parametrize(("n", "refused"), [(200, False), (201, True)], ids=["at the limit", "one past"])
def test_outputs_of_an_all_pattern_limit(n, refused):
    callback_map = {OUT: {"callback": object(), "inputs": [], "state": []}}
    if refused:
        with pytest.raises(BodyError, match="^'outputs': too many entries$"):
            check_body(_outputs_body(n), callback_map, {})
    else:
        check_body(_outputs_body(n), callback_map, {})


def test_an_output_with_the_right_property_but_another_id_is_refused():
    callback_map = {OUT: {"callback": object(), "inputs": [], "state": []}}
    body = _outputs_body(2)
    body["outputs"][1]["id"] = {"index": 2.5, "type": "p"}
    with pytest.raises(BodyError, match=r"^'outputs': expected \{\"index\":1.5,\"type\":\"p\"\}.figure$"):
        check_body(body, callback_map, {})


def test_a_callback_that_cannot_use_its_input_answers_no_update_and_logs_one_line(app, caplog):
    from dash.exceptions import PreventUpdate

    from api.callback_bodies import no_update_on_error

    with app.server.test_request_context(UPDATE, method="POST", json={"output": "wine-store.data"}):
        with pytest.raises(PreventUpdate), caplog.at_level("WARNING"):
            no_update_on_error(ValueError("boom"))
    assert [r.getMessage() for r in caplog.records] == [
        "callback wine-store.data could not use its input (ValueError: boom); answered no update"]
    caplog.clear()
    for raw in (b"[1]", b"not json"):
        caplog.clear()
        with app.server.test_request_context(UPDATE, method="POST", data=raw, content_type="application/json"):
            with pytest.raises(PreventUpdate), caplog.at_level("WARNING"):
                no_update_on_error(KeyError("k"))
        assert [r.getMessage() for r in caplog.records] == [
            "callback None could not use its input (KeyError: 'k'); answered no update"]


def test_the_pattern_of_an_output_is_the_same_as_in_the_inputs_whatever_its_key_order():
    callback_map = {'{"type":"o","i":["ALL"]}.data': {
        "callback": object(), "inputs": [{"id": '{"i":["ALL"],"type":"o"}', "property": "value"}], "state": []}}
    body = {"output": '{"type":"o","i":["ALL"]}.data',
            "outputs": [{"id": {"i": 0, "type": "o"}, "property": "data"}],
            "inputs": [[_item({"i": 1, "type": "o"})]]}
    with pytest.raises(BodyError, match="names different components in different places"):
        check_body(body, callback_map, {})
    body["inputs"] = [[_item({"i": 0, "type": "o"})]]
    check_body(body, callback_map, {})


def test_a_new_app_checks_its_update_bodies(loaded_model, body):
    from dashboard import create_app

    fresh = create_app({"TESTING": True}, model=loaded_model).server.test_client()
    assert _post(fresh, body)[0] == 200
    bad = copy.deepcopy(body)
    bad["inputs"][1]["value"] = "rose"
    status, detail = _post(fresh, bad)
    assert status == 400 and detail == f"not a callback request of this page: {ids.COLOR}.value: 'rose' is not among its options"


@pytest.mark.parametrize("pattern", ['{"i":["ALLSMALLER"],"type":"o"}', '{"i":["ALL"]}'])
def test_an_output_pattern_of_many_components_takes_a_list(pattern):
    callback_map = {f"{pattern}.data": {"callback": object(), "inputs": [], "state": []}}
    ids_ = [json.loads(pattern) | {"i": k} for k in range(3)]
    body = {"output": f"{pattern}.data", "inputs": [], "state": [],
            "outputs": [{"id": i, "property": "data"} for i in ids_]}
    check_body(body, callback_map, {})


def test_a_state_list_of_the_wrong_length_is_named(app, body):
    with pytest.raises(BodyError, match=r"^'state' must be a list of 2 entries$"):
        check_body({**body, "state": body["state"][:1]}, app.callback_map, _component_index(app.layout))
