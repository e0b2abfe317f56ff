"""model/manifest_schema.py: a manifest of the wrong shape is named in one line; the shipped one passes."""
from __future__ import annotations

import copy
import json

import pytest

from model.loader import MODEL_DIR
from model.manifest_schema import manifest_problem

SHIPPED = json.loads((MODEL_DIR / "manifest.json").read_text())


def _changed(change) -> dict:
    manifest = copy.deepcopy(SHIPPED)
    change(manifest)
    return manifest


def test_the_shipped_manifest_has_the_shape():
    assert manifest_problem(SHIPPED) is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m["features"][3].update(max=True), "'features'[3]['max'] is not a number"),
        (lambda m: m["features"][0].update(decimals=True), "'features'[0]['decimals'] is not a int"),
        (lambda m: m["features"][0].update(decimals=2.0), "'features'[0]['decimals'] is not a int"),
        (lambda m: m["features"][0].update(name=3), "'features' does not list the 11 measurements in order"),
        (lambda m: m["features"][0]["mean_by_color"].pop("red"), "'features'[0]['mean_by_color']['red'] is missing"),
        (lambda m: m["metrics"]["test"].update(n=True), "'metrics'['test']['n'] is not a int"),
        (lambda m: m["metrics"]["test"].update(accuracy="0.7"), "'metrics'['test']['accuracy'] is not a number"),
        (lambda m: m["model"].update(sha256=None), "'model'['sha256'] is not a str"),
        (lambda m: m.update(reference_wines=[]), "'reference_wines' is empty"),
        (lambda m: m["reference_wines"][0]["probabilities"].append(0.0),
         "'reference_wines'[0]['probabilities'] is not 3 numbers"),
        (lambda m: m["reference_wines"][0]["probabilities"].pop(), "'reference_wines'[0]['probabilities'] is not 3 numbers"),
        (lambda m: m["reference_wines"][0]["probabilities"].__setitem__(1, True),
         "'reference_wines'[0]['probabilities'] is not 3 numbers"),
        (lambda m: m["reference_wines"][-1].pop("wine"), f"'reference_wines'[{len(SHIPPED['reference_wines']) - 1}]['wine'] is missing"),
        (lambda m: m["reference_wines"].append("x"), f"'reference_wines'[{len(SHIPPED['reference_wines'])}] is not an object"),
        (lambda m: m.update(classes=["poor", "good", "average"]),
         "'classes' is ['poor', 'good', 'average'], not ['poor', 'average', 'good']"),
        (lambda m: m.update(features={}), "'features' is not a list"),
        (lambda m: m.update(features=["alcohol"] * 11), "'features' does not list the 11 measurements in order"),
        (lambda m: m.pop("versions"), "'versions' is missing"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_named(change, problem):
    assert manifest_problem(_changed(change)) == problem


@pytest.mark.parametrize("manifest", [[], None, "x"])
def test_a_manifest_that_is_not_an_object(manifest):
    assert manifest_problem(manifest) == "the manifest is not an object"


def test_numbers_may_be_ints_and_every_reference_probability_a_number():
    assert manifest_problem(_changed(lambda m: m["features"][3].update(max=int(m["features"][3]["max"]) + 1))) is None
    assert manifest_problem(_changed(lambda m: m["reference_wines"][0].update(probabilities=[0, 1, 0]))) is None
