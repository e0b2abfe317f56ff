"""What is derived from a loaded model: the reference split, its scored test set and the what-if training wines.

`LoadedModel` is only the verified artifact; this object holds the data scored with it, built on first use
and shared by every caller in the process (read-only, like the model itself).
"""
from __future__ import annotations

from functools import cached_property
from weakref import WeakKeyDictionary

from model import data
from model.loader import LoadedModel
from model.testset import TestSet, build_test_set
from model.whatif import TrainingWines


class ReferenceData:
    """The reference train/test split of data/, the test set scored by `model`, and the training wines."""

    def __init__(self, model: LoadedModel) -> None:
        self.model = model

    @cached_property
    def split(self) -> data.Split:
        """The training command's 80/20 split of data/ (read once, then shared)."""
        return data.split(data.load_wines())

    @cached_property
    def test_set(self) -> TestSet:
        return build_test_set(self.model, self.split)

    @cached_property
    def training_wines(self) -> TrainingWines:
        return TrainingWines.build(self.model, self.split)


_BY_MODEL: WeakKeyDictionary[LoadedModel, ReferenceData] = WeakKeyDictionary()


def reference_data(model: LoadedModel) -> ReferenceData:
    """The ReferenceData of this loaded model: one per model per process."""
    found = _BY_MODEL.get(model)
    if found is None:
        found = _BY_MODEL.setdefault(model, ReferenceData(model))
    return found


def scored_test_set(model: LoadedModel) -> TestSet:
    """The held-out test split scored by `model`."""
    return reference_data(model).test_set


def training_wines(model: LoadedModel) -> TrainingWines:
    """The what-if tools' view of the training split for `model`."""
    return reference_data(model).training_wines
