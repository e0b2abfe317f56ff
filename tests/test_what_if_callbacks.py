"""The what-if callbacks called plainly: drill-down, sensitivity, "make it good", plausibility guard, A vs B,
presentation mode."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from dash import Patch, html, no_update

from callbacks.advice import SUGGESTION_LABEL, apply_request, follow, suggest, suggestion_outputs
from callbacks.compare import compare_outputs, pinned_after
from callbacks.drilldown import clicked_cell, drill_outputs, load_request, next_cell, picked_cell
from callbacks.guard import guard_outputs
from callbacks.presentation import presentation_outputs
from callbacks.presets import held_out_wine
from callbacks.sensitivity import sensitivity_patches
from components import ids
from components.advice import suggestion_body, suggestion_panel
from components.controls import default_wine
from components.drilldown import PAGE_SIZE, cell_positions
from components.figures import PRESENTATION_SCALE, normalize, sensitivity_figure
from model.counterfactual import Counterfactual, make_it_good
from model.predict import predict
from model.schema import CLASSES, MEASUREMENT_NAMES
from model.sensitivity import sensitivity
from model.reference import scored_test_set, training_wines
from test_figures import apply_patch
from dash_text import text_of


@pytest.fixture(scope="module")
def ref(loaded_model):
    return training_wines(loaded_model)


@pytest.fixture(scope="module")
def white(loaded_model) -> dict:
    return default_wine(loaded_model.features, "white")


@pytest.fixture(scope="module")
def unusual(white) -> dict:
    """The average white wine with salty, strong measurements no real white wine has together."""
    return white | {"chlorides": 0.3, "alcohol": 14.2}




def click(actual: str, predicted: str) -> dict:
    return {"points": [{"curveNumber": 0, "x": predicted, "y": actual, "z": 5}]}


def buttons(component) -> list:
    return [c for c in component._traverse() if isinstance(c, html.Button)] if hasattr(component, "_traverse") else []


# ---------- drill-down ----------

def test_a_click_on_a_cell_selects_it_and_a_bad_click_changes_nothing():
    assert clicked_cell(click("average", "poor"), CLASSES) == {"actual": 1, "predicted": 0, "page": 0}
    for bad in (None, {}, {"points": []}, {"points": [{"x": "great", "y": "poor"}]}):
        assert clicked_cell(bad, CLASSES) is None
    shown = {"actual": 2, "predicted": 2, "page": 3}
    assert next_cell(ids.CONFUSION_GRAPH, {"points": []}, shown, CLASSES) == shown


@pytest.mark.parametrize("color", ["all", "red", "white"])
def test_the_cell_lists_its_test_wines_under_the_colour_filter_surest_first(loaded_model, color):
    ts = scored_test_set(loaded_model)
    counts = ts.confusion(color)
    positions = cell_positions(ts, 1, 0, color)
    assert len(positions) == counts[1, 0]
    assert (ts.y[positions] == 1).all() and (ts.pred[positions] == 0).all() and ts.mask(color)[positions].all()
    assert (np.diff(ts.proba[positions, 0]) <= 0).all()


def test_drill_down_pages_through_a_cell_and_creates_a_load_button_per_wine(loaded_model):
    ts = scored_test_set(loaded_model)
    cell = next_cell(ids.CONFUSION_GRAPH, click("average", "poor"), None, CLASSES)
    stored, css, body, prev_disabled, next_disabled, picked = drill_outputs(loaded_model, cell, "white")
    assert picked == "1-0"  # the dropdown shows the clicked cell
    positions = cell_positions(ts, 1, 0, "white")
    assert css == "drill" and prev_disabled and not next_disabled and stored["page"] == 0
    text = text_of(body)
    assert f"{len(positions)} white wines rated average, predicted poor" in text
    assert f"Wines 1–{PAGE_SIZE} of {len(positions)}" in text
    loads = [b for part in body for b in buttons(part) if isinstance(b.id, dict)]
    assert [b.id for b in loads] == [ids.drill_load(int(p)) for p in positions[:PAGE_SIZE]]
    assert all(b.id["type"] in ids.CREATED_BY_CALLBACKS for b in loads)
    first_row_id = int(ts.X.index[positions[0]])
    assert f"#{first_row_id} white" in text

    last = next_cell(ids.DRILL_NEXT, None, stored | {"page": 10_000}, CLASSES)
    stored, _, body, prev_disabled, next_disabled, _ = drill_outputs(loaded_model, last, "white")
    assert stored["page"] == -(-len(positions) // PAGE_SIZE) - 1 and not prev_disabled and next_disabled
    # another filter starts again at the first page; close hides it
    assert next_cell(ids.CONFUSION_FILTER, None, stored, CLASSES)["page"] == 0
    assert drill_outputs(loaded_model, next_cell(ids.DRILL_CLOSE, None, stored, CLASSES), "all")[:3] == (
        None, "drill hidden", None)



def test_a_page_of_listed_wines_is_a_few_components_for_dashs_renderer(loaded_model):
    """A page of eight wines was 394 html components, each walked by Dash's renderer (a task of 50-70 ms on a click
    or a page turn). Each wine's plain rows are now drawn from one StaticHtml each (components/static.py): the
    renderer walks at most six components a wine, and each "Load" button stays a component, with its id."""
    from components.static import StaticHtml, size

    body = drill_outputs(loaded_model, {"actual": 0, "predicted": 0, "page": 0}, "all")[2]
    loads = [b for part in body for b in buttons(part) if isinstance(b.id, dict)]
    assert len(loads) == PAGE_SIZE and all(isinstance(b, html.Button) for b in loads)
    assert size(body) <= 6 * PAGE_SIZE + 10, size(body)
    frozen = [c for part in body for c in part._traverse() if isinstance(c, StaticHtml)] if body else []
    assert len(frozen) >= 2 * PAGE_SIZE  # a wine's row, and its measurements
    assert "Alcohol" in text_of(body) and "Load" in text_of(body)

def test_load_puts_the_chosen_test_wine_on_the_sliders_and_ignores_new_buttons(loaded_model):
    request = load_request(loaded_model, ids.drill_load(17), 1, nonce=5)
    assert request == held_out_wine(loaded_model, 17, nonce=5)
    assert load_request(loaded_model, ids.drill_load(17), 0, nonce=5) is no_update  # a list was just drawn
    assert load_request(loaded_model, None, None, nonce=5) is no_update


# ---------- sensitivity ----------

def test_sensitivity_patches_follow_the_order_of_the_charts(loaded_model, white):
    names = list(reversed(MEASUREMENT_NAMES))
    patches = sensitivity_patches(loaded_model, white | {"alcohol": 12.0}, names)
    assert len(patches) == 11 and all(isinstance(p, Patch) for p in patches)
    sens = sensitivity(loaded_model, white | {"alcohol": 12.0})
    features = {f["name"]: f for f in loaded_model.features}
    curve = next(c for c in sens.curves if c.feature == "alcohol")
    start = sensitivity_figure(next(c for c in sensitivity(loaded_model, white).curves if c.feature == "alcohol"),
                               features["alcohol"]).to_plotly_json()
    assert apply_patch(start, patches[0]) == sensitivity_figure(curve, features["alcohol"]).to_plotly_json()


# ---------- "make it good" ----------

def test_make_it_good_lists_moves_in_words_and_apply_reaches_good(loaded_model, ref, white):
    store, css, body = suggestion_outputs(ref, ids.MAKE_GOOD_BUTTON, white, None)
    cf = make_it_good(ref, white)
    assert cf.found and cf.moves and css == "suggestion can-apply"
    text = text_of(body)
    for move in cf.moves:
        assert move.feature.capitalize() in text or move.feature in text
        assert f"{abs(move.delta_std):.1f} sd)" in text
    assert "→" in text and "not winemaking advice" in text_of(suggestion_panel())  # always beside it
    assert store["base"] == white and predict(loaded_model, store["wine"])[0]["bucket"] == "good"

    request = apply_request(store, nonce=1)
    assert request["wine"] == store["wine"] and request["label"] == SUGGESTION_LABEL
    assert apply_request(None, 1) is no_update and apply_request({"base": white, "wine": None}, 1) is no_update


def test_the_suggestion_follows_the_sliders(loaded_model, white):
    features = loaded_model.features
    store = {"base": white, "wine": white | {"alcohol": 12.0}}
    assert follow(features, white, store) == (no_update, no_update, no_update)                 # unchanged
    assert follow(features, white | {"alcohol": 12.0}, store) == (no_update, "suggestion applied", no_update)
    assert follow(features, white | {"pH": 3.5}, store) == (None, "suggestion hidden", None)   # moved on
    assert follow(features, white, None) == (no_update, no_update, no_update)


def test_make_it_good_says_so_plainly_when_already_good_or_impossible(loaded_model, ref):
    ts = scored_test_set(loaded_model)
    good = held_out_wine(loaded_model, int(np.flatnonzero(ts.pred == 2)[0]))["wine"]
    store, css, body = suggest(ref, good)
    assert store["wine"] is None and css == "suggestion" and "already predicts this wine as good" in text_of(body)

    p = np.array([0.7, 0.2, 0.1])
    nothing = Counterfactual(False, (), None, p, p, 0.0, "No change of up to 4 measurement(s) ...")
    text = text_of(suggestion_body(nothing, loaded_model.features, CLASSES, "red"))
    assert "No small change found" in text and "real red wines" in text


def test_make_it_good_warns_when_the_suggestion_is_unusual(loaded_model, ref, unusual):
    store, css, body = suggest(ref, unusual)
    if store["wine"] is None:
        pytest.skip("no suggestion for this wine")
    from model.plausibility import plausibility

    warned = "seen few wines like the suggested one" in text_of(body)
    assert warned == plausibility(ref, store["wine"]).is_implausible


# ---------- plausibility guard ----------

def test_the_guard_is_hidden_for_a_typical_wine(ref, white):
    assert guard_outputs(ref, white) == (None, None, "guard-line hidden", "verdict-frame")


def test_the_guard_shows_the_nearest_real_wines_with_their_quality(ref, unusual):
    words, popover, css, frame = guard_outputs(ref, unusual)
    children = [*words, *popover]
    text = text_of(children)
    assert css == "guard-line" and "The model has seen few wines like this" in text
    # the verdict itself admits a guess: muted, and in words
    bucket = predict(ref.model, unusual)[0]["bucket"]
    assert frame == "verdict-frame guessing" and text.startswith(f"The model guesses {bucket} (")
    assert "This wine" in text and "chlorides" in text.lower()
    rows = [c for part in children if hasattr(part, "_traverse") for c in part._traverse() if isinstance(c, html.Tr)]
    real = [r.children for r in rows if text_of(r.children[0]).startswith("#")]
    assert len(real) == 5
    nearest = ref.frames[0].loc[[int(text_of(cells[0]).lstrip("#")) for cells in real]]
    for cells, (quality, bucket) in zip(real, nearest[["quality", "bucket"]].itertuples(index=False)):
        assert text_of(cells[1]) == f"{quality} {bucket}"  # the tasters' quality of each real wine


# ---------- A vs B ----------

def test_pin_and_clear(white):
    assert pinned_after(ids.PIN_BUTTON, white) == white
    assert pinned_after(ids.CLEAR_A_BUTTON, white) is None


def test_compare_shows_both_scenarios_and_what_differs(loaded_model, white):
    b = white | {"alcohol": 12.4, "color": "white"}
    css, a_head, b_head, a_fig, b_fig, diff, line, line_css = compare_outputs(loaded_model, b, white, presenting=False)
    pa, pb = predict(loaded_model, [white, b])
    assert css == "card compare"
    assert pa["bucket"] in text_of(a_head) and pb["bucket"] in text_of(b_head)
    np.testing.assert_allclose(np.array(a_fig.data[0].y) / 100, [pa["probabilities"][c] for c in CLASSES])
    np.testing.assert_allclose(np.array(b_fig.data[0].y) / 100, [pb["probabilities"][c] for c in CLASSES])
    text = text_of(diff)
    assert "Alcohol" in text and "+1.9 % vol" in text and "PH" not in text and "pH" not in text

    # the line under the verdict: A's bucket, then the current one
    assert line_css == "pinned-line" and text_of(line).index(pa["bucket"]) < text_of(line).rindex(pb["bucket"])

    same = compare_outputs(loaded_model, white, copy.deepcopy(white), presenting=True)
    assert "same wine" in text_of(same[5])
    assert same[3].layout.font.size > a_fig.layout.font.size
    assert compare_outputs(loaded_model, white, None, presenting=False)[0] == "card compare hidden"
    assert compare_outputs(loaded_model, white, None, presenting=False)[-1] == "pinned-line hidden"


def test_a_is_drawn_as_dotted_outlines_beside_the_bars(loaded_model, white):
    from callbacks.compare import pinned_bars_patch

    on = pinned_bars_patch(loaded_model, white, presenting=False).to_plotly_json()["operations"]
    shapes = next(op["params"]["value"] for op in on if op["location"] == ["layout", "shapes"])
    pa = predict(loaded_model, white)[0]
    shapes = [s for s in shapes if s["type"] == "rect"]
    assert [s["y1"] for s in shapes] == pytest.approx([100 * pa["probabilities"][c] for c in CLASSES])
    assert all(s["line"]["dash"] == "dot" for s in shapes)
    off = pinned_bars_patch(loaded_model, None, presenting=False).to_plotly_json()["operations"]
    assert all(s["type"] == "line" for s in next(
        op["params"]["value"] for op in off if op["location"] == ["layout", "shapes"]))


# ---------- presentation mode ----------

def test_presentation_mode_enlarges_every_chart_and_marks_the_page(loaded_model, white):
    names = list(MEASUREMENT_NAMES)
    on = presentation_outputs(loaded_model, True, white, "actual", "red", names)
    off = presentation_outputs(loaded_model, False, white, "actual", "red", names)
    assert on[0] == "app-shell presenting" and off[0] == "app-shell"
    for big, small in zip(on[1:3], off[1:3]):
        assert big.layout.font.size == round(PRESENTATION_SCALE * small.layout.font.size)
    assert len(on[3]) == 11 and on[3][0].layout.font.size > off[3][0].layout.font.size
    # the charts still show the wine on the sliders and the matrix the toggles chose
    p = predict(loaded_model, white)[0]["probabilities"]
    np.testing.assert_allclose(on[1].data[0].y, [100 * p[c] for c in CLASSES])
    expected = normalize(scored_test_set(loaded_model).confusion("red"), "actual")
    np.testing.assert_allclose(np.array(on[2].data[0].z, dtype=float), expected, atol=0.005)


def test_the_cell_dropdown_opens_the_same_drill_down_as_a_click():
    assert picked_cell("1-0", CLASSES) == {"actual": 1, "predicted": 0, "page": 0}
    for bad in (None, "", "1", "1-9", "a-b", "-1-0", "1-0-2"):
        assert picked_cell(bad, CLASSES) is None, bad
    shown = {"actual": 2, "predicted": 2, "page": 3}
    assert next_cell(ids.DRILL_PICK, None, shown, CLASSES, "0-1") == {"actual": 0, "predicted": 1, "page": 0}
    assert next_cell(ids.DRILL_PICK, None, shown, CLASSES, None) is None  # cleared: the list closes
