"""The held-out test split with the model's predictions on it: what the confusion matrix and drill-down show."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.data import Split
from model.metrics import scores
from model.schema import CLASSES, COLOR


@dataclass(frozen=True)
class TestSet:
    X: pd.DataFrame          # features in model order, index = row id in the merged data
    y: np.ndarray            # true bucket index
    quality: np.ndarray      # true 0-10 quality score
    proba: np.ndarray        # model probabilities, n x 3
    has_twin: np.ndarray     # an identical wine is in the training split

    @property
    def pred(self) -> np.ndarray:
        return self.proba.argmax(axis=1)

    @property
    def color(self) -> np.ndarray:
        return self.X[COLOR].to_numpy().astype(int)

    def mask(self, color: str = "all") -> np.ndarray:
        """Rows of one colour ('red', 'white') or all of them."""
        if color == "all":
            return np.ones(len(self.y), dtype=bool)
        return self.color == {"white": 0, "red": 1}[color]

    def confusion(self, color: str = "all") -> np.ndarray:
        """Counts, rows = actual bucket, columns = predicted bucket."""
        m = self.mask(color)
        k = len(CLASSES)
        return np.bincount(self.y[m] * k + self.pred[m], minlength=k * k).reshape(k, k)

    def scores(self, color: str = "all") -> dict:
        """Precision, recall, macro precision and accuracy of the model on the test wines of `color`."""
        return scores(self.confusion(color))


def build_test_set(model, sp: Split) -> TestSet:
    """The training command's test split `sp.X_test`, scored with `model` (a LoadedModel)."""
    proba = model.predict_proba(sp.X_test.to_numpy())
    return TestSet(sp.X_test, sp.y_test, sp.quality_test, proba, sp.test_twins())
