"""callbacks/presets.colour_flip: an unedited preset flips to the other colour's average; an edited wine keeps its
measurements and says how the model's answer changed."""
from __future__ import annotations

from dash import no_update

from callbacks.presets import average_wine, colour_flip, held_out_wine
from components import ids
from components.controls import AVERAGE_LABEL
from model.schema import MEASUREMENT_NAMES

SLIDER_IDS = [ids.slider(n) for n in MEASUREMENT_NAMES]


def values_of(wine: dict) -> list[float]:
    return [wine[n] for n in MEASUREMENT_NAMES]


def test_an_unedited_average_wine_flips_to_the_other_colours_average(loaded_model):
    request = average_wine(loaded_model, "white")
    new, note = colour_flip(loaded_model, "red", request, values_of(request["wine"]), SLIDER_IDS, nonce=7)
    assert new["wine"] == average_wine(loaded_model, "red")["wine"] and note == ""
    assert new["label"] == AVERAGE_LABEL.format(color="red") and new["preset"] and new["nonce"] == 7


def test_an_unedited_test_wine_flips_to_the_other_colours_average(loaded_model):
    request = held_out_wine(loaded_model, 5)
    other = "white" if request["wine"]["color"] == "red" else "red"
    new, _ = colour_flip(loaded_model, other, request, values_of(request["wine"]), SLIDER_IDS)
    assert new["wine"] == average_wine(loaded_model, other)["wine"]


def test_an_edited_wine_keeps_its_measurements_and_says_what_changed(loaded_model):
    request = average_wine(loaded_model, "white")
    edited = values_of(request["wine"])
    edited[-1] = 12.5  # alcohol
    new, note = colour_flip(loaded_model, "red", request, edited, SLIDER_IDS)
    assert new is no_update
    assert note.startswith("Same measurements as a red wine: ") and "→" in note


def test_a_wine_loaded_with_its_colour_says_nothing(loaded_model):
    request = held_out_wine(loaded_model, 5)
    new, note = colour_flip(loaded_model, request["wine"]["color"], request, values_of(request["wine"]), SLIDER_IDS)
    assert new is no_update and note == ""
