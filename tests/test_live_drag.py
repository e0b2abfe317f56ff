"""The drag's live route (callbacks/prediction.py LIVE_DRAG, read by callbacks/live_route.py read_drag): it answers
the bars `/_live/bars` answers and the PREDICTION store the slider callback writes for the same wine, request and
policy; a body that is not what the page sends is a 4xx with the reason, never a 500."""
from __future__ import annotations

import json
import random

import pytest

from callbacks.live_route import MAX_LABEL, live_route
from callbacks.presets import average_wine, held_out_wine
from components import ids
from model.decision import PolicyError, parse_policy
from model.predict import WineInputError, canonical_wine
from model.schema import MEASUREMENT_NAMES
from test_callbacks import SLIDER_IDS, ZERO_ONE_COSTS, slider_callback_body

DRAG = "/_live/drag"
POLICY = {"costs": [[0, 2, 6], [1, 0, 3], [8, 2, 0]], "refer": 0.5}


def callback_view(client, wine: dict, request: dict | None, policy: dict | None) -> dict:
    """The PREDICTION store the slider callback writes for the sliders at `wine`, through Dash's endpoint."""
    values = [wine[name] for name in MEASUREMENT_NAMES]
    body = slider_callback_body(values, wine["color"], request, policy)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"][ids.PREDICTION]["data"]


def drag(client, body) -> tuple[int, dict]:
    response = client.post(DRAG, json=body)
    return response.status_code, response.get_json()


@pytest.fixture(scope="module")
def test_wine(loaded_model) -> dict:
    return held_out_wine(loaded_model, 3)


@pytest.mark.parametrize("edited", [False, True], ids=["as-loaded", "edited"])
@pytest.mark.parametrize("policy", [None, POLICY], ids=["zero-one", "costs"])
@pytest.mark.parametrize("which", ["none", "average", "test-wine"])
def test_a_drag_step_answers_what_the_callback_and_the_bars_route_do(client, loaded_model, test_wine, which,
                                                                      policy, edited):
    request = {"none": None, "average": average_wine(loaded_model, "red"), "test-wine": test_wine}[which]
    wine = dict((request or average_wine(loaded_model, "white"))["wine"])
    if edited:
        wine["alcohol"] = round(wine["alcohol"] + 1.3, 1)
    status, answer = drag(client, {"wine": wine, "request": request, "policy": policy})
    assert status == 200, answer
    assert answer["view"] == callback_view(client, wine, request, policy)
    assert answer["bars"] == client.post("/_live/bars", json=wine).get_json()
    if request and not edited:
        assert request["label"] in json.dumps(answer["view"]["verdict"])  # the wine as loaded, by its name
    if request and edited:
        assert "Edited from" in json.dumps(answer["view"]["verdict"])
    assert ("decision" in answer["view"]) is (policy is not None)


def test_a_wine_in_any_form_the_api_takes_is_written_as_the_page_holds_it(client, loaded_model):
    """snake_case names and colour 1 are the same wine as UCI names and "red": the same answer."""
    wine = average_wine(loaded_model, "red")["wine"]
    aliased = {name.replace(" ", "_"): value for name, value in wine.items()} | {"color": 1}
    assert drag(client, {"wine": aliased}) == drag(client, {"wine": wine, "request": None, "policy": None})
    assert "red wine" in json.dumps(drag(client, {"wine": aliased})[1]["view"]["verdict"])
    assert canonical_wine(aliased) == {name: float(v) for name, v in wine.items() if name != "color"} | {"color": "red"}
    assert canonical_wine(wine | {"color": 0})["color"] == "white"


def test_the_page_sends_its_whole_stores(client, loaded_model, test_wine):
    """The WINE_REQUEST store also holds a nonce and a preset flag: read, and not in the way."""
    body = {"wine": test_wine["wine"], "request": test_wine,
            "policy": {"costs": ZERO_ONE_COSTS, "refer": None}}
    assert set(test_wine) > {"wine", "label", "truth"}
    status, answer = drag(client, body)
    assert status == 200 and "decision" not in answer["view"]


PREFIX = 'expected {"wine": {...}, "request": {...} or null, "policy": {...} or null}: '


def _bad(client, body, says: str) -> None:
    """A 400 whose message is PREFIX and then exactly `says`."""
    status, answer = drag(client, body)
    assert (status, answer) == (400, {"detail": PREFIX + says})


def _with(test_wine, **request) -> dict:
    return {"wine": test_wine["wine"], "request": test_wine | request}


@pytest.mark.parametrize("n", [1, MAX_LABEL])
def test_a_name_of_1_to_max_label_characters_is_read(client, test_wine, n):
    status, answer = drag(client, _with(test_wine, label="é" * n))
    assert status == 200 and "é" * n in json.dumps(answer["view"]["verdict"], ensure_ascii=False)


@pytest.mark.parametrize("label", ["", "x" * (MAX_LABEL + 1), None, 7, ["a"]], ids=["0", "max+1", "null", "int", "list"])
def test_a_name_out_of_bounds_or_not_text_is_a_400(client, test_wine, label):
    assert MAX_LABEL == 200
    _bad(client, _with(test_wine, label=label), "'request.label' must be a name of 1 to 200 characters")


@pytest.mark.parametrize("truth", [None, {"bucket": "good", "quality": 0}, {"bucket": "poor", "quality": 10},
                                   {"bucket": "average", "quality": 6, "extra": 1}])
def test_the_tasters_verdict_is_read_at_its_limits(client, test_wine, truth):
    status, answer = drag(client, _with(test_wine, truth=truth))
    assert status == 200
    said = json.dumps(answer["view"]["verdict"])
    assert ("Tasters rated it" in said) is (truth is not None)
    if truth:
        assert f"(quality {truth['quality']}/10)" in said and '"extra"' not in said


@pytest.mark.parametrize("truth", [
    {"bucket": "good", "quality": -1}, {"bucket": "good", "quality": 11}, {"bucket": "good", "quality": 5.0},
    {"bucket": "good", "quality": True}, {"bucket": "great", "quality": 7}, {"bucket": "good"}, {"quality": 7},
    ["good", 7], "good",
], ids=["-1", "11", "float", "bool", "bucket", "no-quality", "no-bucket", "list", "text"])
def test_a_tasters_verdict_out_of_bounds_is_a_400(client, test_wine, truth):
    _bad(client, _with(test_wine, truth=truth),
         "'request.truth' must be null or a bucket (poor, average, good) and a quality from 0 to 10")


@pytest.mark.parametrize("request_", [[], "wine", 1, {}, {"label": "x"}, {"wine": [1], "label": "x"}],
                         ids=["list", "text", "number", "empty", "no-wine", "wine-list"])
def test_a_request_that_is_not_a_loaded_wine_is_a_400(client, test_wine, request_):
    _bad(client, {"wine": test_wine["wine"], "request": request_},
         "'request' must be null or an object with the 'wine' loaded")


@pytest.mark.parametrize("policy", [
    {}, {"costs": [[0, 1], [1, 0]]}, {"costs": ZERO_ONE_COSTS, "refer": -1},
    {"costs": [[0, 1, 1], [1, 0, 1], [1, 1, "a"]]},
])
def test_a_policy_the_rule_cannot_take_is_a_400_in_the_rules_words(client, test_wine, policy):
    with pytest.raises(PolicyError) as refused:
        parse_policy(policy.get("costs"), policy.get("refer"))
    _bad(client, {"wine": test_wine["wine"], "policy": policy}, f"'policy': {refused.value}")


@pytest.mark.parametrize("policy", [[], "costs", 1])
def test_a_policy_that_is_not_an_object_is_a_400(client, test_wine, policy):
    _bad(client, {"wine": test_wine["wine"], "policy": policy}, "'policy' must be null or an object")


def test_a_policy_is_read_with_and_without_a_tasters_fee(client, test_wine):
    for policy in ({"costs": ZERO_ONE_COSTS}, {"costs": ZERO_ONE_COSTS, "refer": 0}, POLICY):
        assert drag(client, {"wine": test_wine["wine"], "policy": policy})[0] == 200


@pytest.mark.parametrize("body, says", [
    ([], "an object with only these keys"), ("wine", "an object with only these keys"),
    ({"wine": {}, "extra": 1}, "an object with only these keys"), ({}, "'wine' must be a wine object"),
    ({"wine": [1]}, "'wine' must be a wine object"), ({"wine": None}, "'wine' must be a wine object"),
])
def test_a_body_of_another_shape_is_a_400(client, body, says):
    _bad(client, body, says)


def test_a_wine_that_cannot_be_scored_is_a_422(client, test_wine):
    status, answer = drag(client, {"wine": test_wine["wine"] | {"alcohol": "strong"}})
    assert status == 422 and "alcohol" in answer["detail"]


def test_the_body_is_read_as_the_api_reads_one(client, test_wine):
    """Strict JSON, the JSON content type, the size cap: the API's own reader (api/body.py)."""
    assert client.post(DRAG, data=json.dumps({"wine": test_wine["wine"]}), content_type="text/plain").status_code == 415
    assert client.post(DRAG, data=b'{"wine": {"alcohol": NaN}}', content_type="application/json").status_code == 422
    too_big = b'{"wine": {}, "request": {"wine": {}, "label": "' + b"x" * 1_000_001 + b'"}}'
    assert client.post(DRAG, data=too_big, content_type="application/json").status_code == 413
    assert client.post(DRAG, data=b'{"wine": {}, "wine": {}}', content_type="application/json").status_code == 422


def test_crafted_bodies_get_a_4xx_or_an_answer_never_a_500(client, loaded_model, test_wine):
    """Bounded: 300 bodies made from the page's own by replacing one part with another JSON value."""
    rng = random.Random(7)
    values = [None, True, 0, -1, 1e308, "", "x" * 300, [], {}, [1, 2], {"a": 1}, "NaN"]
    paths = [("wine",), ("wine", "alcohol"), ("wine", "color"), ("request",), ("request", "wine"),
             ("request", "label"), ("request", "truth"), ("request", "truth", "bucket"), ("request", "truth", "quality"),
             ("policy",), ("policy", "costs"), ("policy", "refer"), ("policy", "costs", 0)]
    for _ in range(300):
        body = json.loads(json.dumps({"wine": test_wine["wine"], "request": test_wine, "policy": POLICY}))
        *parents, last = rng.choice(paths)
        node = body
        for key in parents:
            node = node[key]
        node[last] = rng.choice(values)
        status = client.post(DRAG, json=body).status_code
        assert status in (200, 400, 413, 422), (body, status)


def test_the_slider_callback_no_longer_reads_drag_values(app):
    """Mid-drag nothing runs the callback: it has no drag tick to listen to, and reads no slider's drag_value."""
    callback = next(c for key, c in app.callback_map.items() if f"{ids.PREDICTION}.data" in key)
    names = [i["property"] for group in (callback["inputs"], callback["state"]) for i in group]
    assert "drag_value" not in names
    assert [i["id"] for i in callback["inputs"][1:]] == [ids.COLOR, ids.KEY_BURST, ids.POLICY]  # no drag tick


def test_live_route_answers_what_its_function_gives_and_says_what_it_refuses():
    """live_route on an app of its own: POST under the routes prefix, the reader's value to the function, its
    answer as JSON; the reader's refusal and a wine that cannot be scored as 4xx with the reason."""
    import dash

    app = dash.Dash(__name__, routes_pathname_prefix="/p/", requests_pathname_prefix="/p/")
    app.layout = dash.html.Div()

    def answer(wine):
        if wine.get("alcohol") == "strong":
            raise WineInputError("'alcohol' must be a number", "alcohol")
        return {"got": wine}

    live_route(app, "_live/echo", answer)
    live_route(app, "_live/read", lambda body: {"read": body}, read=lambda request: "by the reader")
    live_route(app, "_live/a/deep", answer)
    client = app.server.test_client()
    assert {"live_echo", "live_read", "live_deep"} <= set(app.server.view_functions)  # named by the path's last part
    ok = client.post("/p/_live/echo", json={"a": 1})
    assert (ok.status_code, ok.get_json()) == (200, {"got": {"a": 1}})
    listed = client.post("/p/_live/echo", json=[{"a": 1}])
    assert (listed.status_code, listed.get_json()) == (400, {"detail": "expected one wine as a JSON object"})
    unscored = client.post("/p/_live/echo", json={"alcohol": "strong"})
    assert (unscored.status_code, unscored.get_json()) == (422, {"detail": "'alcohol' must be a number"})
    assert client.post("/p/_live/echo", data="{}", content_type="text/plain").status_code == 415
    assert client.post("/_live/echo", json={"a": 1}).status_code == 404  # only under the prefix
    read = client.post("/p/_live/read", json={})
    assert (read.status_code, read.get_json()) == (200, {"read": "by the reader"})
