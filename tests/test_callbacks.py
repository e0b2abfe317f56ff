"""callbacks/: the module-level functions called plainly, and the callback graph checked against the layout."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from dash import Patch, no_update

from callbacks.batch import batch_outputs, rejected_outputs
from callbacks.confusion import confusion_outputs
from callbacks.prediction import (BURST_HOLD, BURST_OFF, COMMIT, PASS, TICK, prediction_outputs, provenance,
                                  run_kind, wine_from_controls)
from callbacks.presets import average_wine, controls_from_request, held_out_wine, random_test_wine
from components import ids
from components.controls import slider_range
from model.data import DATA_DIR
from model.predict import predict
from model.schema import MEASUREMENT_NAMES
from model.reference import scored_test_set
from dash_text import text_of
from dash_patch import apply_patch
from components.figures import confusion_heatmap

SLIDER_IDS = [ids.slider(n) for n in MEASUREMENT_NAMES]




def data_url(raw: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


# ---------- presets and the one slider callback ----------

def test_average_wine_request_is_the_mean_of_the_colour(loaded_model):
    request = average_wine(loaded_model, "red", nonce=3)
    assert request["wine"]["color"] == "red" and request["nonce"] == 3 and request["truth"] is None
    for f in loaded_model.features:
        assert request["wine"][f["name"]] == pytest.approx(f["mean_by_color"]["red"], abs=f["step"] / 2 + 1e-9)
    assert request["label"] == "The average red wine"


def test_random_test_wine_has_the_chosen_colour_and_its_true_bucket(loaded_model):
    ts = scored_test_set(loaded_model)
    request = random_test_wine(loaded_model, "red", np.random.default_rng(7))
    assert request["wine"]["color"] == "red"
    position = ts.X.index.get_loc(int(request["label"].split("#")[1].split(",")[0]))
    assert request["truth"] == {"bucket": loaded_model.classes[ts.y[position]], "quality": int(ts.quality[position])}


def test_a_test_wine_on_the_controls_gets_the_test_sets_prediction(loaded_model):
    """The page and the confusion matrix agree: loading a test wine reproduces its scored probabilities."""
    ts = scored_test_set(loaded_model)
    for position in (0, 17, len(ts.y) - 1):
        request = held_out_wine(loaded_model, position)
        values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
        patch, *_ = prediction_outputs(loaded_model, values, SLIDER_IDS, color, request)
        y = patch.to_plotly_json()["operations"][0]["params"]["value"]
        np.testing.assert_allclose(np.array(y) / 100, ts.proba[position], atol=1e-9)


def test_controls_follow_the_slider_order_and_stay_in_range(loaded_model):
    request = average_wine(loaded_model, "white")
    request["wine"]["alcohol"] = 99.0
    reversed_ids = SLIDER_IDS[::-1]
    values, color = controls_from_request(request, reversed_ids, loaded_model.features)
    assert color == "white"
    assert values[0] == slider_range(next(f for f in loaded_model.features if f["name"] == "alcohol"))[1]
    assert values[-1] == request["wine"]["fixed acidity"]


def test_prediction_outputs_for_the_average_wine(loaded_model):
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    patch, wine, view = prediction_outputs(loaded_model, values, SLIDER_IDS, color, request)
    expected = predict(loaded_model, request["wine"])[0]
    assert wine == request["wine"] and view["notice"] == "" and "hidden" in view["notice_class"]
    assert isinstance(patch, Patch)
    assert view["view"] == f"wine-view is-white bucket-{expected['bucket']}" and view["bucket"] == expected["bucket"]
    assert expected["bucket"] in text_of(view["verdict"]) and "The average white wine" in text_of(view["verdict"])
    assert expected["bucket"] in text_of(view["summary"])


def test_verdict_shows_the_true_bucket_only_while_the_test_wine_is_unchanged(loaded_model):
    request = held_out_wine(loaded_model, 5)
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    verdict = prediction_outputs(loaded_model, values, SLIDER_IDS, color, request)[2]["verdict"]
    assert "Tasters rated it" in text_of(verdict) and f"quality {request['truth']['quality']}/10" in text_of(verdict)

    values[-1] += 0.5  # alcohol moved
    verdict = prediction_outputs(loaded_model, values, SLIDER_IDS, color, request)[2]["verdict"]
    assert "Tasters rated it" not in text_of(verdict)
    assert "Edited from test wine #" in text_of(verdict)


def test_provenance_without_a_request():
    wine = wine_from_controls([1.0], [ids.slider("alcohol")], "red")
    assert wine == {"alcohol": 1.0, "color": "red"}
    assert provenance(None, wine) == (None, None)


# ---------- confusion matrix ----------

@pytest.mark.parametrize("color", ["all", "red", "white"])
def test_confusion_outputs_follow_the_filter(loaded_model, color):
    patch, table = confusion_outputs(loaded_model, "counts", color)
    counts = scored_test_set(loaded_model).confusion(color)
    fig = apply_patch(confusion_heatmap(scored_test_set(loaded_model).confusion("all")), patch)
    np.testing.assert_array_equal(np.array(fig["data"][0]["z"]), counts)
    assert f"{counts.sum():,} test wines" in text_of(table)


def test_confusion_scores_match_the_manifest(loaded_model):
    """Precision and recall beside the matrix agree with the metrics the training command recorded."""
    _, table = confusion_outputs(loaded_model, "actual", "all")
    test = loaded_model.manifest["metrics"]["test"]
    text = text_of(table)
    assert f"{100 * test['macro_precision']:.1f}%" in text
    for name, scores in test["per_class"].items():
        assert f"{100 * scores['precision']:.1f}%" in text and f"{100 * scores['recall']:.1f}%" in text


# ---------- batch scoring ----------

def test_a_good_upload_is_summarised_and_its_scored_file_kept_for_download(loaded_model):
    raw = b"\n".join((DATA_DIR / "winequality-red.csv").read_bytes().splitlines()[:21])
    status, results, scored, disabled = batch_outputs(loaded_model, data_url(raw), "reds.csv", "red")
    assert "Scored 20 wines from reds.csv" in text_of(status) and "agrees with the tasters" in text_of(status)
    assert disabled is False and "First 8 of 20 rows" in text_of(results)
    assert scored["filename"] == "reds-scored.csv" and scored["type"] == "text/csv"
    lines = scored["content"].splitlines()
    assert len(lines) == 21 and "predicted bucket" in lines[0]


@pytest.mark.parametrize("chosen", ["red", "white"])
def test_the_download_scores_wines_without_a_colour_as_the_user_chose(loaded_model, chosen):
    rows = (DATA_DIR / "winequality-red.csv").read_text().splitlines()[:6]  # no colour column
    _, _, scored, _ = batch_outputs(loaded_model, data_url("\n".join(rows).encode()), "reds.csv", chosen)
    lines = scored["content"].splitlines()
    header = lines[0].split(",")
    assert {line.split(",")[header.index("color")] for line in lines[1:]} == {chosen}
    names = rows[0].split(",")[:-1]  # the 11 measurements; quality last
    wines = [dict(zip(names, map(float, r.split(",")[:-1]))) | {"color": chosen} for r in rows[1:]]
    expected = predict(loaded_model, wines)
    got = [float(line.split(",")[header.index("p(poor)")]) for line in lines[1:]]
    assert got == pytest.approx([round(e["probabilities"]["poor"], 4) for e in expected], abs=1e-9)


def test_a_file_the_browser_refused_as_too_big_says_so(loaded_model):
    status, results, scored, disabled = rejected_outputs({"filename": "big.csv", "bytes": 3_400_000})
    assert "big.csv is 3.4 MB, over the 1 MB limit" in text_of(status) and "cannot be scored" in text_of(status)
    assert results is None and scored is None and disabled is True


@pytest.mark.parametrize(
    "contents, fragment",
    [
        (data_url(b"alcohol,pH\n1,2\n"), "missing column(s)"),
        (data_url(b""), "the file is empty"),
        ("data:text/csv;base64,@@not base64@@", "damaged"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_no_download(loaded_model, contents, fragment):
    status, results, scored, disabled = batch_outputs(loaded_model, contents, "bad.csv", "white")
    assert fragment in text_of(status) and "cannot be scored" in text_of(status)
    assert results is None and scored is None and disabled is True


# ---------- the callback graph ----------

def layout_ids(app) -> list:
    """Every id in the layout, the root's included."""
    return [c.id for c in [app.layout, *app.layout._traverse()] if getattr(c, "id", None) is not None]


def _as_id(component_id):
    """Dash stores pattern-matching ids in callback_map as JSON strings."""
    return json.loads(component_id) if isinstance(component_id, str) and component_id.startswith("{") else component_id


def _callback_deps(app):
    """(id, property) of every output, input and state in the app's callback graph."""
    for spec in app.callback_map.values():
        outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
        for output in outputs:
            yield _as_id(output.component_id_str()), output.component_property
        for dep in spec["inputs"] + spec["state"]:
            yield _as_id(dep["id"]), dep["property"]


def test_every_id_in_the_callback_graph_exists_in_the_layout(app):
    present = layout_ids(app)
    strings = {i for i in present if isinstance(i, str)}
    dicts = [i for i in present if isinstance(i, dict)]
    assert len(strings) + len(dicts) == len(present) == len(set(map(str, present))), "duplicate ids"
    deps = list(_callback_deps(app))
    assert deps
    for component_id, _ in deps:
        if isinstance(component_id, dict):
            if component_id["type"] in ids.CREATED_BY_CALLBACKS:
                continue  # e.g. the drill-down's "Load" buttons; test_drill_down_* checks they are created
            wanted = {k: v for k, v in component_id.items() if not isinstance(v, list)}
            assert any(wanted.items() <= d.items() for d in dicts), component_id
        else:
            assert component_id in strings, component_id


def test_one_pattern_matching_callback_drives_the_prediction_from_all_sliders(app):
    slider_inputs = [
        (_as_id(d["id"]), d["property"]) for spec in app.callback_map.values() for d in spec["inputs"]
        if isinstance(_as_id(d["id"]), dict) and _as_id(d["id"]).get("type") == ids.FEATURE_SLIDER
    ]
    # plus ONE clientside callback that keeps every number box on its slider's value (assets/live.js boxes): a
    # preset that sets all eleven sliders runs it once, not once per slider
    assert slider_inputs == [({"name": ["ALL"], "type": ids.FEATURE_SLIDER}, "value"),
                             ({"name": ["ALL"], "type": ids.FEATURE_SLIDER}, "value")]


def test_a_bad_upload_cannot_touch_the_sliders_or_charts(app):
    outputs = [out for out, spec in app.callback_map.items() if any(d["id"] == ids.UPLOAD for d in spec["inputs"])]
    assert outputs == [
        f"..{ids.BATCH_STATUS}.children...{ids.BATCH_RESULTS}.children...{ids.BATCH_SCORED}.data"
        f"...{ids.BATCH_DOWNLOAD_BUTTON}.disabled.."
    ]


def test_the_page_is_served_with_its_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    for asset in ("theme.css", "a11y.js", "summary.js", "share.js", "whatif.js", "batch.js", "live.js", "controls.js"):
        with client.get(f"/assets/{asset}") as response:
            assert response.status_code == 200, asset
    assert b"Wine Quality Designer" in page.data


ZERO_ONE_COSTS = [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
SLIDER_CALLBACK_OUTPUTS = [(ids.PROBA_GRAPH, "figure"), (ids.CURRENT_WINE, "data"), (ids.PREDICTION, "data")]
ALCOHOL_CHANGED = f'{{"name":"alcohol","type":"{ids.FEATURE_SLIDER}"}}.value'  # as dash-renderer names the trigger


def slider_callback_body(values: list, color: str, request: dict, policy: dict | None = None,
                         burst: str = BURST_OFF) -> dict:
    """The POST body dash-renderer sends for the slider callback (the POLICY store as the page opens with it,
    zero-one costs, unless `policy` is given; no burst of keys unless `burst` is given)."""
    return {
        "output": "".join(f"..{i}.{p}" for i, p in SLIDER_CALLBACK_OUTPUTS).replace("..", "...")[1:] + "..",
        "outputs": [{"id": i, "property": p} for i, p in SLIDER_CALLBACK_OUTPUTS],
        "inputs": [
            [{"id": i, "property": "value", "value": v} for i, v in zip(SLIDER_IDS, values)],
            {"id": ids.COLOR, "property": "value", "value": color},
            {"id": ids.KEY_BURST, "property": "data", "value": burst},
            {"id": ids.POLICY, "property": "data", "value": policy or {"costs": ZERO_ONE_COSTS, "refer": None}},
        ],
        "state": [
            [{"id": i, "property": "id", "value": i} for i in SLIDER_IDS],
            {"id": ids.WINE_REQUEST, "property": "data", "value": request},
        ],
        "changedPropIds": [ALCOHOL_CHANGED],
    }


def test_slider_callback_via_dash_endpoint(client, loaded_model):
    """One round trip through Dash's own endpoint, as the browser sends it."""
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    response = client.post("/_dash-update-component", json=slider_callback_body(values, "red", request))
    assert response.status_code == 200, response.data[:500]
    payload = response.get_json()["response"]
    assert payload[ids.PREDICTION]["data"]["view"].startswith("wine-view is-red bucket-")
    assert "__dash_patch_update" in payload[ids.PROBA_GRAPH]["figure"]
    assert payload[ids.CURRENT_WINE]["data"] == dict(zip(MEASUREMENT_NAMES, values)) | {"color": "red"}
    assert "decision" not in payload[ids.PREDICTION]["data"]  # zero-one costs: the decision line stays hidden


def test_the_slider_answer_brings_the_verdicts_decision_under_the_policy_in_force(client, loaded_model):
    """Under a cost policy, the decision for the new wine comes in the same answer as its verdict (no second round)."""
    request = average_wine(loaded_model, "white")
    values, _ = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    policy = {"costs": [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]], "refer": 0.3}
    response = client.post("/_dash-update-component", json=slider_callback_body(values, "white", request, policy))
    assert response.status_code == 200, response.data[:500]
    line, css, short, short_css = response.get_json()["response"][ids.PREDICTION]["data"]["decision"]
    assert css == "verdict-decision" and line[0] == "Decision: " and "expected cost 0.30" in line[2]
    assert line[1]["props"]["children"] == "send to a taster"
    assert short_css == "summary-decision" and short[1]["props"]["children"] == "to a taster"


@pytest.mark.parametrize("policy, shown", [({"costs": [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]], "refer": 0.3}, True),
                                           (None, False)], ids=["costs", "zero-one"])
def test_a_new_policy_runs_the_slider_callback_for_the_verdicts_decision_only(client, loaded_model, policy, shown):
    """A new POLICY store alone (the editor's answer, a link's costs) runs the slider callback without the bars: its
    answer is the PREDICTION store with the decision for the wine on the sliders, shown under costs and hidden again
    under zero-one."""
    request = average_wine(loaded_model, "white")
    values, _ = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    body = slider_callback_body(values, "white", request, policy) | {"changedPropIds": [f"{ids.POLICY}.data"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    answer = response.get_json()["response"]
    assert ids.PROBA_GRAPH not in answer  # no bars: the wine has not changed
    line, css, short, short_css = answer[ids.PREDICTION]["data"]["decision"]
    assert (css, short_css) == (("verdict-decision", "summary-decision") if shown
                                else ("verdict-decision hidden", "summary-decision hidden"))
    assert (line is None) is (not shown) and (short is None) is (not shown)


def test_text_in_a_slider_value_is_refused_at_the_boundary(client, loaded_model):
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    values[-1] = "abc"  # no browser sends this: a slider's value is a number
    response = client.post("/_dash-update-component", json=slider_callback_body(values, color, request))
    assert response.status_code == 400 and "does not fit this property" in response.get_json()["detail"]


@pytest.mark.parametrize("typed", [None, -5.0, 99999.0])
def test_an_emptied_or_absurd_number_box_never_gets_a_server_error(client, loaded_model, typed):
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    values[-1] = typed
    response = client.post("/_dash-update-component", json=slider_callback_body(values, color, request))
    assert response.status_code == 200, response.data[:500]
    payload = response.get_json()["response"]
    assert set(payload) == {ids.PREDICTION}  # nothing else on screen changes
    assert payload[ids.PREDICTION]["data"]["notice"].startswith("Alcohol: type a number")


@pytest.mark.parametrize("typed", [None, -5.0, 99999.0])
def test_a_value_that_cannot_be_scored_keeps_the_screen_and_says_why(loaded_model, typed):
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    values[-1] = typed  # the alcohol number box emptied, negative or absurd
    *kept, view = prediction_outputs(loaded_model, values, SLIDER_IDS, color, request)
    assert all(output is no_update for output in kept) and set(view) == {"notice", "notice_class"}
    notice, notice_class = view["notice"], view["notice_class"]
    assert notice.startswith("Alcohol: type a number from ") and notice.endswith("The last verdict stays on screen.")
    assert "% vol" in notice and "hidden" not in notice_class


def test_live_bars_route_answers_what_the_callback_patch_sets(client, loaded_model):
    """assets/live.js draws this on a key press and a click: the same numbers as the callback's Patch and
    /api/predict, from the same model."""
    wine = average_wine(loaded_model, "white")["wine"] | {"alcohol": 13.0}
    response = client.post("/_live/bars", json=wine)
    assert response.status_code == 200
    style = response.get_json()
    scored = client.post("/api/predict", json=wine).get_json()
    assert style["y"] == pytest.approx([100 * scored["probabilities"][c] for c in loaded_model.classes], abs=1e-12)
    values = list(wine.values())[:-1]
    patch = prediction_outputs(loaded_model, values, SLIDER_IDS, "white", None)[0]
    operations = {tuple(op["location"]): op["params"]["value"] for op in patch.to_plotly_json()["operations"]}
    assert operations[("data", 0, "y")] == style["y"]
    assert operations[("data", 0, "text")] == style["text"]
    assert operations[("data", 0, "marker", "color")] == style["colors"]
    assert operations[("layout", "xaxis", "ticktext")] == style["ticktext"]


def test_live_bars_route_refuses_what_cannot_be_scored(client, loaded_model):
    assert client.post("/_live/bars", data="not json", content_type="application/json").status_code == 400
    assert client.post("/_live/bars", json=[1, 2]).status_code == 400
    wine = average_wine(loaded_model, "white")["wine"] | {"alcohol": "strong"}
    assert client.post("/_live/bars", json=wine).status_code == 422


@pytest.mark.parametrize("body", [
    b"", b"null", b"[]", b'"wine"', b"1e999", b"{", b'{"alcohol": NaN}', b'{"alcohol": {"a": 1}}',
    b'{"' + b"x" * 100_000 + b'": 1}', b"[" * 5_000 + b"]" * 5_000,
    b'{"fixed acidity": 7, "volatile acidity": 0.3, "citric acid": 0.3, "residual sugar": 5, "chlorides": 0.05,'
    b' "free sulfur dioxide": 30, "total sulfur dioxide": 120, "density": 0.995, "pH": 3.2, "sulphates": 0.5,'
    b' "alcohol": 1e308, "color": "white"}',
])
@pytest.mark.parametrize("path", ["/_live/bars", "/_live/why", "/_live/sweeps"])
def test_live_routes_answer_crafted_bodies_with_a_client_error(client, path, body):
    response = client.post(path, data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    detail = response.get_json()["detail"]  # a JSON answer with a message, never an HTML error page
    assert isinstance(detail, str) and detail


ALCOHOL_SLIDER = ids.slider("alcohol")


@pytest.mark.parametrize("trigger, burst, kind", [
    (ALCOHOL_SLIDER, BURST_OFF, COMMIT),        # a key, a click, a preset: the wine is committed
    (ALCOHOL_SLIDER, BURST_HOLD, PASS),         # a key in a burst: the live path has drawn its bars
    (ids.KEY_BURST, BURST_HOLD, PASS),          # the burst begins
    (ids.KEY_BURST, BURST_OFF, COMMIT),         # the burst ends: the final wine is committed
    (ALCOHOL_SLIDER, None, COMMIT),
    (ids.COLOR, BURST_HOLD, COMMIT),            # a colour flip always commits
    (ALCOHOL_SLIDER, "score", COMMIT),          # anything but BURST_HOLD is no burst (an older page's "score")
    (ids.KEY_BURST, "score", COMMIT),
    (ALCOHOL_SLIDER, "HOLD", COMMIT),
    (ALCOHOL_SLIDER, True, COMMIT),
    (ALCOHOL_SLIDER, 0, COMMIT),
])
def test_what_one_run_of_the_slider_callback_does(trigger, burst, kind):
    assert run_kind(trigger, burst) == kind


@pytest.mark.parametrize("trigger, burst, kind", [
    (ids.POLICY, BURST_OFF, TICK),              # a new policy alone: the verdict's decision, no bars
    (ids.POLICY, BURST_HOLD, TICK),
    (ids.POLICY, "score", TICK),
    (ALCOHOL_SLIDER, BURST_HOLD, TICK),         # with a key in a burst: the decision still follows the policy
    (ALCOHOL_SLIDER, BURST_OFF, COMMIT),        # with a committed key or a colour flip: the bars too
    (ALCOHOL_SLIDER, "score", COMMIT),
    (ids.COLOR, BURST_HOLD, COMMIT),
])
def test_a_new_policy_scores_at_least(trigger, burst, kind):
    assert run_kind(trigger, burst, new_policy=True) == kind


@pytest.mark.parametrize("burst, changed, status, bars", [
    (BURST_OFF, ALCOHOL_CHANGED, 200, True),
    (BURST_HOLD, ALCOHOL_CHANGED, 204, False),
    ("score", ALCOHOL_CHANGED, 200, True),  # no burst value: a commit
    (BURST_OFF, f"{ids.KEY_BURST}.data", 200, True),
    (BURST_HOLD, f"{ids.COLOR}.value", 200, True),
])
def test_a_burst_of_keys_costs_one_answer_with_the_bars(client, loaded_model, burst, changed, status, bars):
    """Through Dash's endpoint: a key in a burst is passed (204: no output changes; the live path paints its bars
    and verdict), and the burst's end, like any commit, brings the bars for the wine."""
    request = average_wine(loaded_model, "white")
    values, color = controls_from_request(request, SLIDER_IDS, loaded_model.features)
    body = slider_callback_body(values, color, request, burst=burst)
    body["changedPropIds"] = [changed]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == status, response.data[:500]
    if status == 200:
        payload = response.get_json()["response"]
        assert (ids.PROBA_GRAPH in payload) is bars
        assert payload[ids.CURRENT_WINE]["data"] == dict(zip(MEASUREMENT_NAMES, values)) | {"color": color}
        assert payload[ids.PREDICTION]["data"]["view"].startswith(f"wine-view is-{color} bucket-")
