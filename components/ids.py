"""Every component id on the page, defined once; pattern-matching ids for the per-feature sliders."""
from __future__ import annotations

import re

# the wine being designed
FEATURE_SLIDER = "feature-slider"          # pattern-matching type: {"type": FEATURE_SLIDER, "name": <UCI name>}
FEATURE_BOX = "feature-box"                # pattern-matching type: the slider's number box (typed, then Enter or Tab)
FEATURE_NOTE = "feature-note"              # pattern-matching type: what became of a typed value ("99 → 14.9")
LABEL_PREFIX = "label"                     # prefix of the DOM id of each control's visible label (see label())
COLOR = "wine-color"
COLOR_NOTE = "wine-color-note"             # after a flip of an edited wine: how the model's answer changed
AVERAGE_BUTTON = "average-wine-button"
RANDOM_BUTTON = "random-wine-button"
WINE_REQUEST = "wine-request"              # dcc.Store: a wine to load into the controls (presets, URL, drill-down, ...)
CURRENT_WINE = "current-wine"              # dcc.Store: the wine on the controls, written by the one slider callback
THROTTLED_WINE = "throttled-wine"          # dcc.Store: CURRENT_WINE once a drag has settled (assets/whatif.js)
WHY_WINE = "why-wine"                      # dcc.Store: the settled wine, for "Why", when on screen (assets/whatif.js)
COMPARE_WINE = "compare-wine"              # dcc.Store: the settled wine, for the A vs B card, when on screen
KEY_BURST = "key-burst"                    # dcc.Store: "off", or "hold" while a slider's keys come in a burst
APP_SHELL = "app-shell"                    # the page wrapper; its class switches presentation mode on

# the prediction
PROBA_GRAPH = "proba-graph"
WINE_VIEW = "wine-view"                    # wrapper whose class says colour and bucket (glass, badges)
VERDICT = "verdict"
GLASS_LABEL = "glass-label"
SUMMARY = "prediction-summary"             # compact verdict pinned to the bottom of a phone's screen
SUMMARY_MAIN = "prediction-summary-main"   # its bucket and probability
SUMMARY_DECISION = "prediction-summary-decision"  # and, under a cost policy, the decision
PREDICTION = "prediction-view"             # dcc.Store: the verdict's texts and classes, put on the page by assets/live.js

# the test-set confusion matrix
CONFUSION_GRAPH = "confusion-graph"
CONFUSION_MODE = "confusion-mode"
CONFUSION_FILTER = "confusion-filter"
CLASS_METRICS = "class-metrics"
CLASS_SCORE = "class-score"                # pattern-matching type: {"type": CLASS_SCORE, "row": bucket/"macro"/"all", "col": ...}
CONFUSION_HOVER = "confusion-hover"        # the hovered cell in words, under the heatmap (never over its numbers)

# batch scoring
UPLOAD = "batch-upload"
UPLOAD_COLOR = "batch-default-color"
BATCH_STATUS = "batch-status"
BATCH_RESULTS = "batch-results"
BATCH_DOWNLOAD_BUTTON = "batch-download-button"
BATCH_DOWNLOAD = "batch-download"
BATCH_SCORED = "batch-scored"              # dcc.Store: the scored file, ready for dcc.Download (scored once)
UPLOAD_REJECTED = "batch-upload-rejected"  # dcc.Store: a file the browser refused as too big (assets/batch.js)

# drill-down: the test wines in the clicked confusion-matrix cell
DRILL = "drill-down"                       # wrapper, hidden until a cell is clicked
DRILL_PICK = "drill-pick"                  # dropdown: the keyboard's way to a cell ("actual-predicted")
DRILL_CELL = "drill-cell"                  # dcc.Store: {"actual", "predicted", "page"} or None
DRILL_BODY = "drill-body"
DRILL_PREV = "drill-prev"
DRILL_NEXT = "drill-next"
DRILL_CLOSE = "drill-close"
DRILL_LOAD = "drill-load"                  # pattern-matching type: {"type": DRILL_LOAD, "position": <test-set row>}
CREATED_BY_CALLBACKS = (DRILL_LOAD,)       # pattern-matching types absent from the first layout (callbacks add them)

# sensitivity: one small chart per measurement
SENSITIVITY_GRAPH = "sensitivity-graph"    # pattern-matching type: {"type": SENSITIVITY_GRAPH, "name": <UCI name>}

# "make it good"
MAKE_GOOD_BUTTON = "make-good-button"
POLICY = "decision-policy"                 # dcc.Store: the cost policy in force ({"costs": 3x3, "refer": r or None})
DECIDE_COST = "decide-cost"                # pattern-matching type: {"type": DECIDE_COST, "t": true bucket, "d": decision}
DECIDE_PRESET = "decide-preset"            # pattern-matching type: {"type": DECIDE_PRESET, "name": <preset key>}
DECIDE_REFER_ON = "decide-refer-on"
DECIDE_REFER = "decide-refer"
DECIDE_ERROR = "decide-error"
DECIDE_SUMMARY = "decide-summary"
DECIDE_CURVE = "decide-curve"
DECIDE_ROC = "decide-roc"
DECIDE_PR = "decide-pr"
DECIDE_DRAW = "decide-draw"                # dcc.Store: what a new policy changes on the decision charts (assets/decide.js draws it)
DECIDE_TITLE = "decide-title"
VERDICT_DECISION = "verdict-decision"
SUGGESTION = "suggestion"                  # dcc.Store: the suggested wine and the wine it was found for
SUGGESTION_VIEW = "suggestion-view"        # wrapper; its class says hidden / shown / applied
SUGGESTION_BODY = "suggestion-body"
APPLY_BUTTON = "apply-suggestion-button"
MOVABLE = "movable-measurements"           # checklist: the measurements "make it good" may move (in the link: m=)

# why this verdict: contributions of each measurement (components/explanation.py)
WHY_BUCKET = "why-bucket"                  # which bucket to explain: "verdict" (the predicted one) or a bucket
WHY_GRAPH = "why-graph"
WHY_TEXT = "why-text"
WHY_TITLE = "why-title"

# plausibility guard
PLAUSIBILITY = "plausibility-notice"       # one line under the verdict; the nearest real wines one click away
GUARD_TEXT = "guard-text"                  # its words: the verdict as a guess
GUARD_POPOVER = "guard-popover"            # behind its "Why?": what it means and the nearest real wines
VERDICT_FRAME = "verdict-frame"            # glass, verdict, bars, notes; "guessing" mutes the verdict

# shareable scenarios
URL = "url"                                # dcc.Location, read once when the page opens
SHARE_SEARCH = "share-search"              # dcc.Store: the query string of the current scenario
INPUT_NOTICE = "input-notice"              # "Alcohol: enter a number ..." when a typed value cannot be scored
URL_NOTICE = "url-notice"                  # "some values in the link could not be used"
COPY_LINK = "copy-link-button"
COPY_STATUS = "copy-link-status"
PIN_BUTTON = "pin-a-button"
PINNED = "pinned-wine"                     # dcc.Store: scenario A, a wine
COMPARE = "compare-card"                   # wrapper, hidden until A is pinned
PINNED_LINE = "pinned-line"                # one line under the verdict: A beside the wine on the sliders
COMPARE_A_HEAD = "compare-a-head"
COMPARE_B_HEAD = "compare-b-head"
COMPARE_DIFF = "compare-diff"
COMPARE_A_GRAPH = "compare-a-graph"
COMPARE_B_GRAPH = "compare-b-graph"
LOAD_A_BUTTON = "load-a-button"
CLEAR_A_BUTTON = "clear-a-button"

# presentation mode
PRESENT = "presentation-mode"

MODEL_CARD = "model-card"
IMPORTANCE_GRAPH = "importance-graph"      # model card: mean |contribution| per feature and bucket
PERMUTATION_GRAPH = "permutation-graph"    # model card: permutation importance
RELIABILITY_GRAPH = "reliability-graph"    # model card: reliability diagram

# section headings, referenced by aria-labelledby
CONTROLS_TITLE = "controls-title"
PREDICTION_TITLE = "prediction-title"
CONFUSION_TITLE = "confusion-title"
MODEL_CARD_TITLE = "model-card-title"
BATCH_TITLE = "batch-title"
SENSITIVITY_TITLE = "sensitivity-title"
COMPARE_TITLE = "compare-title"
DRILL_TITLE = "drill-title"


def slider(name) -> dict:
    """The id of the slider for measurement `name` (or dash.ALL / MATCH)."""
    return {"type": FEATURE_SLIDER, "name": name}


def feature_box(name) -> dict:
    """The id of the number box beside the slider of measurement `name` (or dash.MATCH)."""
    return {"type": FEATURE_BOX, "name": name}


def feature_note(name) -> dict:
    """The id of the short note beside the name of measurement `name`, about what was typed (or dash.MATCH)."""
    return {"type": FEATURE_NOTE, "name": name}


def sensitivity_graph(name) -> dict:
    """The id of the sensitivity chart of measurement `name` (or dash.ALL)."""
    return {"type": SENSITIVITY_GRAPH, "name": name}


def drill_load(position) -> dict:
    """The id of the "Load" button of the test wine at `position` in the test set (or dash.ALL)."""
    return {"type": DRILL_LOAD, "position": position}


def decide_cost(t, d) -> dict:
    """The id of the cost box for true bucket `t` decided as `d` (indices; or dash.ALL)."""
    return {"type": DECIDE_COST, "t": t, "d": d}


def class_score(row, col) -> dict:
    """The id of one figure of the scores table beside the heatmap: `row` a bucket, "macro" or "all"; `col`
    "precision", "recall", "wines" or "accuracy" (or dash.ALL)."""
    return {"type": CLASS_SCORE, "row": row, "col": col}


def decide_preset(name) -> dict:
    """The id of the button of cost preset `name` (or dash.ALL)."""
    return {"type": DECIDE_PRESET, "name": name}


def label(name: str) -> str:
    """A plain-string DOM id for the visible label of a measurement or control (for aria-labelledby)."""
    return f"{LABEL_PREFIX}-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
