"""model/manifest_schema.py: the manifest's shape, one wrong value at a time (no file needed)."""
from __future__ import annotations

import copy

import pytest

from model.manifest_schema import manifest_problem


@pytest.fixture
def manifest(loaded_model) -> dict:
    return copy.deepcopy(loaded_model.manifest)


def test_the_shipped_manifest_fits(manifest):
    assert manifest_problem(manifest) is None


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda m: m["features"][0].update(max=True), "'features'[0]['max'] is not a number"),
        (lambda m: m["features"][2].update(min=False), "'features'[2]['min'] is not a number"),
        (lambda m: m["features"][1].update(decimals=True), "'features'[1]['decimals'] is not a int"),
        (lambda m: m["features"][1].update(decimals=1.0), "'features'[1]['decimals'] is not a int"),
        (lambda m: m["metrics"]["test"].update(n=True), "'metrics'['test']['n'] is not a int"),
        (lambda m: m["metrics"]["test"].update(accuracy="0.8"), "'metrics'['test']['accuracy'] is not a number"),
        (lambda m: m.update(reference_wines=[]), "'reference_wines' is empty"),
        (lambda m: m["reference_wines"][0].update(probabilities=[0.25, 0.25, 0.25, 0.25]), "is not 3 numbers"),
        (lambda m: m["reference_wines"][0].update(probabilities=[0.5, 0.5]), "is not 3 numbers"),
        (lambda m: m["reference_wines"][1].update(probabilities=[0.5, True, 0.5]), "'reference_wines'[1]['probabilities'] is not 3 numbers"),
        (lambda m: m["reference_wines"][0].update(probabilities=[0.5, "0.2", 0.3]), "is not 3 numbers"),
        (lambda m: m["reference_wines"][0].pop("wine"), "'reference_wines'[0]['wine'] is missing"),
        (lambda m: m["reference_wines"].insert(1, 5), "'reference_wines'[1] is not an object"),
        (lambda m: m["features"][4].update(name="nope"), "does not list the 11 measurements"),
        (lambda m: m["features"].__setitem__(0, "fixed acidity"), "does not list the 11 measurements"),
        (lambda m: m["model"].update(file=None), "'model'['file'] is not a str"),
    ],
)
def test_one_wrong_value_is_named(manifest, change, fragment):
    change(manifest)
    problem = manifest_problem(manifest)
    assert problem is not None and fragment in problem, problem


def test_three_numbers_of_any_real_kind_fit(manifest):
    manifest["reference_wines"][0]["probabilities"] = [0, 1, 0.0]
    manifest["features"][0]["max"] = 15
    assert manifest_problem(manifest) is None
