"""The wine feature schema: names, units, slider steps, aliases and the three quality buckets."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    """One physicochemical measurement, as UCI names it."""

    name: str
    unit: str
    step: float
    hard_max: float  # anything above is not a wine; the API refuses it
    decimals: int
    key: str  # its short key in a shared link, e.g. ?al=10.5 (model/scenario.py)

    @property
    def alias(self) -> str:
        """snake_case spelling accepted by the API, e.g. free_sulfur_dioxide."""
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")


# UCI column order. hard_max is a physical bound well past the data (roughly 3x the largest
# value seen), not a statistical one: values between the data's max and hard_max are accepted
# but flagged as out of the training range.
MEASUREMENTS: tuple[Feature, ...] = (
    Feature("fixed acidity", "g/dm³ tartaric acid", 0.1, 50.0, 1, "fa"),
    Feature("volatile acidity", "g/dm³ acetic acid", 0.01, 5.0, 2, "va"),
    Feature("citric acid", "g/dm³", 0.01, 5.0, 2, "ca"),
    Feature("residual sugar", "g/dm³", 0.1, 200.0, 1, "rs"),
    Feature("chlorides", "g/dm³ sodium chloride", 0.001, 2.0, 3, "cl"),
    Feature("free sulfur dioxide", "mg/dm³", 1.0, 500.0, 0, "fs"),
    Feature("total sulfur dioxide", "mg/dm³", 1.0, 1500.0, 0, "ts"),
    Feature("density", "g/cm³", 0.0001, 1.2, 4, "de"),
    Feature("pH", "pH", 0.01, 14.0, 2, "ph"),
    Feature("sulphates", "g/dm³ potassium sulphate", 0.01, 6.0, 2, "su"),
    Feature("alcohol", "% vol", 0.1, 25.0, 1, "al"),
)
MEASUREMENT_NAMES: tuple[str, ...] = tuple(f.name for f in MEASUREMENTS)
COLOR = "color"
COLORS = {"white": 0, "red": 1}
FEATURE_NAMES: tuple[str, ...] = MEASUREMENT_NAMES + (COLOR,)
TARGET = "quality"

CLASSES: tuple[str, ...] = ("poor", "average", "good")
# quality score -> bucket: 3-5 poor, 6 average, 7-9 good (scores 3-9 occur in the data; bucket_of and
# data.buckets put anything below 6 in poor and above 6 in good)
BUCKET_EDGES = {"poor": (3, 5), "average": (6, 6), "good": (7, 9)}

ALIASES: dict[str, str] = {f.alias: f.name for f in MEASUREMENTS} | {"colour": COLOR}
BY_NAME: dict[str, Feature] = {f.name: f for f in MEASUREMENTS}


def canonical_name(key: str) -> str | None:
    """The UCI name for a feature key given by UCI name or snake_case alias, else None."""
    if key in FEATURE_NAMES:
        return key
    return ALIASES.get(key)


def named_wine(measurements, color: str) -> dict:
    """Values in MEASUREMENT_NAMES order and a colour name -> a wine as the page holds it (UCI names, floats)."""
    return {name: float(v) for name, v in zip(MEASUREMENT_NAMES, measurements)} | {COLOR: color}


def bucket_of(quality: int) -> int:
    """Bucket index (0 poor, 1 average, 2 good) for a 0-10 quality score."""
    return 0 if quality <= 5 else (1 if quality == 6 else 2)
