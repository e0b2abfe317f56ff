"""The page's update flow (assets/whatif.js): a settled wine sends numbers or Patches, never a whole figure, to a
chart whose layout did not change; each what-if panel follows its own store; the figures they end on are exact."""
from __future__ import annotations

import copy

import pytest
from dash import Patch, no_update

from callbacks.compare import bars_update, card_update, line_update, text_update
from callbacks.explanation import LIVE_WHY, why_outputs
from callbacks.guard import guard_update, verdict_lines
from callbacks.sensitivity import LIVE_SWEEPS, sensitivity_sweeps
from components import ids
from components.figures import SENSITIVITY_MARKERS, sensitivity_figure
from model.reference import training_wines
from model.sensitivity import sensitivity
from tests.test_figures import apply_patch

WINE_STORES = (ids.THROTTLED_WINE, ids.WHY_WINE, ids.COMPARE_WINE)
CRAFTED = (b"", b"{", b"[]", b'{"alcohol": NaN}', b"[" * 5_000 + b"]" * 5_000)


def draw_sweep(figure: dict, numbers: dict) -> dict:
    """What drawSweeps (assets/whatif.js) does to one chart with Plotly.update, on a figure dict."""
    out = copy.deepcopy(figure)
    for k, y in enumerate(numbers["lines"]):
        out["data"][k]["x"], out["data"][k]["y"] = numbers["x"], y
    out["data"][SENSITIVITY_MARKERS]["x"] = [numbers["current"]] * len(numbers["here"])
    out["data"][SENSITIVITY_MARKERS]["y"] = numbers["here"]
    out["layout"]["shapes"][0]["x0"] = out["layout"]["shapes"][0]["x1"] = numbers["current"]
    return out


@pytest.fixture(scope="module")
def two_wines(average_wine):
    return average_wine, average_wine | {"alcohol": 12.9, "volatile acidity": 0.61, "chlorides": 0.2}


def test_a_settled_wine_sends_the_sensitivity_charts_numbers_only(loaded_model, two_wines):
    before, after = two_wines
    sweeps = sensitivity_sweeps(loaded_model, after)
    features = {f["name"]: f for f in loaded_model.features}
    assert list(sweeps) == [f["name"] for f in loaded_model.features]
    assert all(set(s) == {"x", "lines", "current", "here"} for s in sweeps.values())  # no layout, no style
    old = {c.feature: c for c in sensitivity(loaded_model, before).curves}
    new = {c.feature: c for c in sensitivity(loaded_model, after).curves}
    for name, numbers in sweeps.items():
        drawn = draw_sweep(sensitivity_figure(old[name], features[name]).to_plotly_json(), numbers)
        assert drawn == sensitivity_figure(new[name], features[name]).to_plotly_json(), name


def test_the_sweeps_route_answers_the_exact_numbers_from_the_preloaded_model(client, loaded_model, two_wines):
    """assets/whatif.js posts the settled wine here and draws the answer: the same numbers as sensitivity()."""
    response = client.post(f"/{LIVE_SWEEPS}", json=two_wines[1])
    assert response.status_code == 200
    assert response.get_json() == sensitivity_sweeps(loaded_model, two_wines[1])


@pytest.mark.parametrize("body, status", [
    (b'[{"alcohol": 1}]', 400),  # a list, not one wine
    (b'{"alcohol": 1}', 422),  # missing fields: what cannot be scored
    *((body, None) for body in CRAFTED),  # any client error
])
def test_the_sweeps_route_refuses_what_is_not_one_wine_with_a_client_error(client, body, status):
    response = client.post(f"/{LIVE_SWEEPS}", data=body, content_type="application/json")
    assert response.status_code == status if status else 400 <= response.status_code < 500
    assert response.get_json()["detail"]  # a JSON answer with a message, never an HTML error page


def test_the_sweeps_route_refuses_an_absurd_value(client, two_wines):
    response = client.post(f"/{LIVE_SWEEPS}", json=two_wines[0] | {"alcohol": 1e308})
    assert response.status_code == 422 and "alcohol" in response.get_json()["detail"]


@pytest.mark.parametrize("choice", ["verdict", "good", "poor"])
def test_a_settled_wine_patches_the_why_chart_into_the_exact_figure(loaded_model, two_wines, choice):
    before, after = two_wines
    patch, words = why_outputs(loaded_model, after, choice, whole=False)
    assert isinstance(patch, Patch)
    locations = {tuple(op["location"][:2]) for op in patch.to_plotly_json()["operations"]}
    assert locations <= {("data", 0), ("layout", "xaxis")}
    start = why_outputs(loaded_model, before, "verdict")[0].to_plotly_json()
    whole, whole_words = why_outputs(loaded_model, after, choice)
    assert apply_patch(start, patch) == whole.to_plotly_json()
    assert repr(words) == repr(whole_words)


def draw_why(figure: dict, values: dict) -> dict:
    """What drawWhy (assets/whatif.js) does to the Why chart with Plotly.update, on a figure dict (less the margin,
    which it measures in the browser)."""
    out = copy.deepcopy(figure)
    bars = out["data"][0]
    bars["x"], bars["y"], bars["text"], bars["marker"]["color"] = (values[k] for k in ("x", "y", "text", "colors"))
    out["layout"]["xaxis"]["range"] = values["range"]
    out["layout"]["xaxis"]["title"]["text"] = values["title"]
    return out


@pytest.mark.parametrize("choice", ["verdict", "good", "poor", "not-a-bucket"])
def test_the_why_route_answers_the_arrays_of_the_exact_figure(client, loaded_model, two_wines, choice):
    """assets/whatif.js draws this on a new wine: the chart ends as the whole figure for that wine and bucket (a bucket
    that is not one explains the verdict, as the callback does)."""
    before, after = two_wines
    response = client.post(f"/{LIVE_WHY}?bucket={choice}", json=after)
    assert response.status_code == 200
    start = why_outputs(loaded_model, before, "verdict")[0].to_plotly_json()
    assert draw_why(start, response.get_json()) == why_outputs(loaded_model, after, choice)[0].to_plotly_json()


def test_a_settled_wine_sends_the_why_words_and_no_figure(loaded_model, two_wines):
    figure, words = why_outputs(loaded_model, two_wines[1], "verdict", whole=False, chart=False)
    assert figure is no_update
    assert repr(words) == repr(why_outputs(loaded_model, two_wines[1], "verdict")[1])


def test_presentation_mode_alone_sends_a_whole_why_figure(loaded_model, two_wines):
    figure, _ = why_outputs(loaded_model, two_wines[1], "verdict", presenting=True)
    assert not isinstance(figure, Patch) and figure.layout.font.size > 13


def _callbacks_on(app, store: str) -> list[dict]:
    return [cb for cb in app.callback_map.values() if any(i["id"] == store for i in cb["inputs"])]


def test_each_what_if_panel_follows_its_own_store_and_no_wine_store_redraws_a_sensitivity_figure(app):
    outputs = {s: " ".join(cb["output"] if isinstance(cb["output"], str) else str(cb["output"])
                           for cb in _callbacks_on(app, s)) for s in WINE_STORES}
    assert ids.WHY_TEXT in outputs[ids.WHY_WINE] and ids.WHY_GRAPH not in outputs[ids.THROTTLED_WINE]
    assert ids.COMPARE_B_GRAPH in outputs[ids.COMPARE_WINE] and ids.COMPARE_B_GRAPH not in outputs[ids.THROTTLED_WINE]
    assert ids.PINNED_LINE in outputs[ids.THROTTLED_WINE]  # the verdict's own line never waits for the card
    assert all(ids.SENSITIVITY_GRAPH not in o for o in outputs.values())
    per_step = " ".join(str(cb["output"]) for cb in _callbacks_on(app, ids.CURRENT_WINE))
    assert ".figure" not in per_step  # per committed value and drag step: words at most, never a chart


def test_a_settled_wine_patches_b_in_the_a_vs_b_card_and_a_pin_draws_it_whole(loaded_model, two_wines):
    before, after = two_wines
    patch = bars_update(loaded_model, ids.COMPARE_WINE, after, before, False, patch_on=ids.COMPARE_WINE)
    assert isinstance(patch, Patch)
    start = bars_update(loaded_model, ids.PINNED, before, before, False, patch_on=ids.COMPARE_WINE)
    whole = bars_update(loaded_model, ids.PINNED, after, before, False, patch_on=ids.COMPARE_WINE)
    assert not isinstance(whole, Patch)
    assert apply_patch(start.to_plotly_json(), patch) == whole.to_plotly_json()
    assert bars_update(loaded_model, ids.COMPARE_WINE, after, None, False, patch_on=ids.COMPARE_WINE) is no_update


def test_hidden_panels_send_nothing_while_they_stay_hidden(loaded_model, average_wine):
    assert text_update(loaded_model, ids.COMPARE_WINE, average_wine, None) == (no_update,) * 4
    assert text_update(loaded_model, ids.PINNED, average_wine, None)[0] == "card compare hidden"  # Clear A hides it
    assert line_update(loaded_model, ids.THROTTLED_WINE, average_wine, None) == (no_update, no_update)
    assert line_update(loaded_model, ids.PINNED, average_wine, None) == (None, "pinned-line hidden")


def test_the_guard_sends_nothing_while_its_line_stays_hidden(loaded_model, average_wine):
    ref = training_wines(loaded_model)
    assert guard_update(ref, average_wine, "guard-line hidden") == (no_update,) * 4
    assert guard_update(ref, average_wine, "guard-line") == (None, None, "guard-line hidden", "verdict-frame")


def test_the_a_vs_b_card_answers_a_new_wine_with_its_words_and_a_patch_of_b_only(loaded_model, two_wines):
    before, after = two_wines
    css, a_head, b_head, diff, a, b = card_update(loaded_model, ids.COMPARE_WINE, after, before, False)
    assert css == "card compare" and a is no_update and isinstance(b, Patch)
    pinned = card_update(loaded_model, ids.PINNED, after, before, False)
    assert not isinstance(pinned[4], Patch) and not isinstance(pinned[5], Patch)  # a new A: both charts whole
    assert card_update(loaded_model, ids.PRESENT, after, before, True)[:4] == (no_update,) * 4
    assert card_update(loaded_model, ids.COMPARE_WINE, after, None, False) == (no_update,) * 6


def test_the_verdicts_two_lines_follow_the_settled_wine_in_one_answer(app):
    """The guard's line and the line about A: one callback on the settled wine, so one round per settle."""
    lines = [cb for cb in _callbacks_on(app, ids.THROTTLED_WINE)
             if ids.PLAUSIBILITY in str(cb["output"]) or ids.PINNED_LINE in str(cb["output"])]
    assert len(lines) == 1
    assert ids.PLAUSIBILITY in str(lines[0]["output"]) and ids.PINNED_LINE in str(lines[0]["output"])


@pytest.mark.parametrize("triggered, guard, line", [
    ({ids.THROTTLED_WINE}, True, False),  # a new wine, nothing pinned: the guard only (the A line stays hidden)
    ({ids.PINNED}, False, True),  # Clear A: the A line only
    ({ids.THROTTLED_WINE, ids.PINNED}, True, True),  # a link brings both
])
def test_the_verdicts_lines_answer_only_what_changed(loaded_model, average_wine, triggered, guard, line):
    ref = training_wines(loaded_model)
    salty = average_wine | {"chlorides": 0.6, "volatile acidity": 1.5}  # the guard's line shows
    out = verdict_lines(ref, triggered, salty, None, "guard-line hidden")
    assert (out[:4] != (no_update,) * 4) is guard
    assert (out[4:] == (None, "pinned-line hidden")) is line and (out[4:] == (no_update,) * 2) is not line


def test_the_guards_notice_comes_as_a_few_static_components_with_the_same_words(loaded_model, average_wine):
    """Rewritten on every settle while it shows: the popover's ~50 elements as three components, so the renderer
    mounts three nodes, not one per table cell. A person reads the same words."""
    import html as escape
    import re

    from callbacks.guard import guard_outputs
    from components.static import StaticHtml, size
    from dash_text import text_of

    ref = training_wines(loaded_model)
    salty = average_wine | {"chlorides": 0.6, "volatile acidity": 1.5}
    words, popover = verdict_lines(ref, {ids.THROTTLED_WINE}, salty, None, "guard-line hidden")[:2]
    plain_words, plain_popover = guard_outputs(ref, salty)[:2]
    assert size(plain_popover) >= 40 and size(popover) == 3  # a lone <p> of text stays as it is
    assert sum(isinstance(c, StaticHtml) for c in popover) == 2
    seen = " ".join(escape.unescape(re.sub(r"<[^>]+>", " ", c.html)) if isinstance(c, StaticHtml) else text_of(c)
                    for c in popover)
    assert re.sub(r"\s+", " ", seen).strip() == re.sub(r"\s+", " ", text_of(plain_popover, " ")).strip()
    assert text_of(words) == text_of(plain_words) and text_of(words).startswith("The model guesses ")


def test_a_settled_wine_brings_the_a_vs_b_words_and_the_a_line_as_static_html_with_the_same_text(loaded_model,
                                                                                                   two_wines):
    """Rewritten on every settle while A is pinned: the table of differences and the line under the verdict come as a
    few StaticHtml components (the table was 18), saying what the plain components said."""
    import html as escape
    import re

    from callbacks.compare import line_outputs, text_update
    from components.static import StaticHtml, size
    from dash_text import text_of

    def words(node) -> str:
        if isinstance(node, StaticHtml):
            return escape.unescape(re.sub(r"<[^>]+>", "", node.html))
        if isinstance(node, (list, tuple)):
            return "".join(words(c) for c in node)
        return text_of(node) if not hasattr(node, "children") else words(node.children)

    before, after = two_wines
    *_, diff = card_update(loaded_model, ids.COMPARE_WINE, after, before, False)[:4]
    plain_diff = text_update(loaded_model, ids.COMPARE_WINE, after, before)[3]
    assert size(plain_diff) >= 10 and size(diff) == 1 and words(diff) == text_of(plain_diff)
    line = verdict_lines(training_wines(loaded_model), {ids.THROTTLED_WINE}, after, before, "guard-line hidden")[4]
    plain_line = line_outputs(loaded_model, after, before)[0]
    assert size(line) < size(plain_line) and words(line) == text_of(plain_line)
