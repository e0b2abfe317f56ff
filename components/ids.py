"""Every component id on the page, defined once; pattern-matching ids for the per-feature sliders."""
from __future__ import annotations

import re

# the wine being designed
FEATURE_SLIDER = "feature-slider"          # pattern-matching type: {"type": FEATURE_SLIDER, "name": <UCI name>}
LABEL_PREFIX = "label"                     # prefix of the DOM id of each control's visible label (see label())
COLOR = "wine-color"
AVERAGE_BUTTON = "average-wine-button"
RANDOM_BUTTON = "random-wine-button"
WINE_REQUEST = "wine-request"              # dcc.Store: a wine to load into the controls (presets, later URL/drill-down)

# the prediction
PROBA_GRAPH = "proba-graph"
WINE_VIEW = "wine-view"                    # wrapper whose class says colour and bucket (glass, badges)
VERDICT = "verdict"
GLASS_LABEL = "glass-label"
SUMMARY = "prediction-summary"             # compact verdict pinned to the bottom of a phone's screen

# the test-set confusion matrix
CONFUSION_GRAPH = "confusion-graph"
CONFUSION_MODE = "confusion-mode"
CONFUSION_FILTER = "confusion-filter"
CLASS_METRICS = "class-metrics"

# batch scoring
UPLOAD = "batch-upload"
UPLOAD_COLOR = "batch-default-color"
BATCH_STATUS = "batch-status"
BATCH_RESULTS = "batch-results"
BATCH_DOWNLOAD_BUTTON = "batch-download-button"
BATCH_DOWNLOAD = "batch-download"

MODEL_CARD = "model-card"

# section headings, referenced by aria-labelledby
CONTROLS_TITLE = "controls-title"
PREDICTION_TITLE = "prediction-title"
CONFUSION_TITLE = "confusion-title"
MODEL_CARD_TITLE = "model-card-title"
BATCH_TITLE = "batch-title"


def slider(name) -> dict:
    """The id of the slider for measurement `name` (or dash.ALL / MATCH)."""
    return {"type": FEATURE_SLIDER, "name": name}


def label(name: str) -> str:
    """A plain-string DOM id for the visible label of a measurement or control (for aria-labelledby)."""
    return f"{LABEL_PREFIX}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
