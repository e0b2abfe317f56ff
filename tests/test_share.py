"""model/scenario.py and callbacks/share.py: the scenario in the URL: exact round trips, bad and garbled links, the restore callback."""
from __future__ import annotations

from urllib.parse import parse_qs

import numpy as np
import pytest
from dash import no_update

from callbacks.presets import average_wine, controls_from_request, held_out_wine
from callbacks.share import LINK_LABEL, restore_outputs
from components import ids
from model.predict import predict_proba
from model.scenario import decode_scenario, default_wine, scenario_search, slider_range
from model.schema import MEASUREMENT_NAMES, MEASUREMENTS
from model.whatif import as_vector
from model.reference import scored_test_set

SLIDER_IDS = [ids.slider(n) for n in MEASUREMENT_NAMES]


@pytest.fixture(scope="module")
def features(loaded_model):
    return loaded_model.features


def on_sliders(model, wine: dict) -> dict:
    """The wine as the sliders hold it after loading it (values clamped to the sliders' ranges)."""
    values, color = controls_from_request({"wine": wine}, SLIDER_IDS, model.features)
    return dict(zip(MEASUREMENT_NAMES, values)) | {"color": color}


def test_a_link_is_short_readable_and_on_slider_stops(loaded_model, features):
    search = scenario_search(average_wine(loaded_model, "white")["wine"], None, features)
    params = parse_qs(search[1:])
    keys = {f.key for f in MEASUREMENTS}
    assert len(keys) == len(MEASUREMENTS)
    assert search.startswith("?") and len(search) < 130
    assert set(params) == keys | {"c"} and params["c"] == ["w"]
    assert params["de"] == ["0.9940"] and params["fs"] == ["35"]  # as the number boxes and tables write them


def test_every_test_wine_round_trips_exactly_to_the_same_probabilities(loaded_model, features):
    """Open the link of any wine on the sliders and you get the very same wine and prediction."""
    ts = scored_test_set(loaded_model)
    for position in range(0, len(ts.y), 7):
        wine = on_sliders(loaded_model, held_out_wine(loaded_model, position)["wine"])
        pinned = on_sliders(loaded_model, held_out_wine(loaded_model, len(ts.y) - 1 - position)["wine"])
        scenario = decode_scenario(scenario_search(wine, pinned, features), features)
        assert scenario.problems == ()
        assert scenario.wine == wine and scenario.pinned == pinned  # exactly equal floats, not approximately
        both = np.array([as_vector(wine), as_vector(scenario.wine)])
        p = predict_proba(loaded_model, both)
        assert (p[0] == p[1]).all()


def test_test_wines_keep_their_extra_digits_and_slider_values_stay_short(loaded_model, features):
    """Real test wines are not all on slider stops (density 0.99064): their links keep every digit."""
    ts = scored_test_set(loaded_model)
    position = int(np.flatnonzero(np.abs(ts.X["density"].round(4) - ts.X["density"]) > 1e-9)[0])
    wine = held_out_wine(loaded_model, position)["wine"]
    params = parse_qs(scenario_search(wine, None, features)[1:])
    assert float(params["de"][0]) == wine["density"] and len(params["de"][0]) <= 8
    noisy = default_wine(features) | {"volatile acidity": 0.1 + 0.2}  # float noise from arithmetic
    assert parse_qs(scenario_search(noisy, None, features)[1:])["va"] == ["0.30"]


def test_hand_edited_values_are_taken_as_written_and_colour_words_are_accepted(features):
    scenario = decode_scenario("?al=11.04&c=red", features)
    assert scenario.problems == () and scenario.wine["alcohol"] == 11.04 and scenario.wine["color"] == "red"
    # what the link leaves out is the average wine of its colour
    assert scenario.wine["pH"] == default_wine(features, "red")["pH"]


@pytest.mark.parametrize(
    "search, bad",
    [
        ("?al=abc", ["Alcohol"]),
        ("?al=nan&ph=inf", ["PH", "Alcohol"]),
        ("?al=1e308&de=-1", ["Density", "Alcohol"]),
        ("?al=99", ["Alcohol"]),
        ("?al=&c=rose", ["colour", "Alcohol"]),
        ("?al=%FF%FE&fa=%00", ["Fixed acidity", "Alcohol"]),
        ("?A=w_1_2", ["scenario A"]),
        ("?A=x" + "_1" * 11, ["scenario A"]),
        ("?al=12&" + "&".join(f"x{i}=1" for i in range(100)), ["the link"]),
    ],
)
def test_bad_values_are_reported_and_left_at_the_defaults(features, search, bad):
    scenario = decode_scenario(search, features)
    assert sorted(scenario.problems) == sorted(p if p != "PH" else "pH" for p in bad)
    if scenario.wine:
        for name in MEASUREMENT_NAMES:
            lo, hi = slider_range(next(f for f in features if f["name"] == name))
            assert lo <= scenario.wine[name] <= hi


@pytest.mark.parametrize("search", [None, 12, "", "?", "?utm_source=mail&fbclid=x", "?&&==&", "?%%%", "#al=12"])
def test_links_without_a_scenario_change_nothing(features, search):
    assert decode_scenario(search, features).wine is None
    assert restore_outputs(features, search, None, None) == (no_update, no_update, no_update, no_update)


def test_restore_loads_the_linked_wine_and_a_once(loaded_model, features):
    wine = on_sliders(loaded_model, held_out_wine(loaded_model, 3)["wine"])
    pinned = on_sliders(loaded_model, held_out_wine(loaded_model, 4)["wine"])
    search = scenario_search(wine, pinned, features)
    request, new_pin, notice, notice_class = restore_outputs(features, search, default_wine(features), None)
    assert request["wine"] == wine and request["label"] == LINK_LABEL and new_pin == pinned
    assert notice is no_update and notice_class is no_update
    # the page writes the same link back: nothing to restore then (no loop, no jump back while dragging)
    assert restore_outputs(features, search, wine, pinned) == (no_update, no_update, no_update, no_update)


def test_restore_keeps_the_good_values_and_says_which_were_ignored(features):
    request, new_pin, notice, notice_class = restore_outputs(features, "?al=12.5&ph=oops&c=r", None, None)
    assert request["wine"]["alcohol"] == 12.5 and request["wine"]["color"] == "red"
    assert request["wine"]["pH"] == default_wine(features, "red")["pH"]
    assert new_pin is no_update
    assert "pH" in notice and "could not be read" in notice and notice_class == "url-notice"


@pytest.mark.parametrize("query", ["?al=abc&c=%ZZ", "?A=" + "_" * 5000, "?al=%FF%FE%FD", "?al=1&al=2&al=x"])
def test_garbled_links_open_the_page_and_never_500(app, client, query):
    assert client.get("/" + query).status_code == 200
    # the restore callback, through Dash's endpoint as the browser calls it when the page opens
    output = next(k for k, v in app.callback_map.items() if any(d["id"] == ids.URL for d in v["inputs"]))
    outputs = [part.split("@")[0].split(".", 1) for part in output.strip(".").split("...")]
    body = {
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": ids.URL, "property": "search", "value": query}],
        "state": [{"id": ids.CURRENT_WINE, "property": "data", "value": None},
                  {"id": ids.PINNED, "property": "data", "value": None}],
        "changedPropIds": [f"{ids.URL}.search"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.data[:300]


def test_presentation_mode_travels_in_the_link(loaded_model):
    from callbacks.share import presentation_from_link

    features = loaded_model.features
    wine = average_wine(loaded_model, "red")["wine"]
    on = scenario_search(wine, None, features, presenting=True)
    assert on.endswith("&p=1") and "p=1" not in scenario_search(wine, None, features)
    assert presentation_from_link(on) == ["on"]
    assert presentation_from_link("?al=10&p=0") == []
    for silent in (None, "", "?al=10", "?p=yes", "?" + "&".join(f"k{i}=1" for i in range(200))):
        assert presentation_from_link(silent) is no_update
    assert decode_scenario(on, features).wine == decode_scenario(on.replace("&p=1", ""), features).wine


def test_the_measurements_make_it_good_may_move_travel_in_the_link(loaded_model):
    from model.counterfactual import DEFAULT_MOVABLE
    from model.scenario import movable_in

    features = loaded_model.features
    wine = average_wine(loaded_model, "white")["wine"]
    assert "m=" not in scenario_search(wine, None, features, movable=list(DEFAULT_MOVABLE))  # the default: short
    chosen = ["volatile acidity", "sulphates", "alcohol"]
    search = scenario_search(wine, None, features, movable=chosen)
    assert "m=va.su.al" in search and movable_in(search, features) == chosen
    assert movable_in(scenario_search(wine, None, features, movable=[]), features) == []
    for silent in (None, "", "?al=10", "?m=va.zz", "?" + "&".join(f"k{i}=1" for i in range(200))):
        assert movable_in(silent, features) is None


def test_one_number_format_for_boxes_tables_suggestions_and_the_link(features):
    from model.scenario import format_value

    density = next(f for f in features if f["name"] == "density")
    assert format_value(0.994, density) == "0.9940" and format_value(0.99064, density) == "0.99064"
    alcohol = next(f for f in features if f["name"] == "alcohol")
    assert format_value(10.5, alcohol) == "10.5" and format_value(0.1 + 10.4, alcohol) == "10.5"
    wine = default_wine(features) | {"density": 0.99064}
    assert parse_qs(scenario_search(wine, None, features)[1:])["de"] == [format_value(0.99064, density)]
