"""components/: the page built from the manifest: sliders, model card, batch panel, ids, offline assets."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from dash import dcc, html

from components import ids
from components.controls import default_wine, slider_range, snap
from components.layout import FIGURES_WINE, build_layout
from components.model_card import model_card
from model.batch import MAX_UPLOAD_BYTES
from dash_text import text_of

ASSETS = Path(__file__).resolve().parent.parent / "assets"




@pytest.fixture(scope="module")
def layout(loaded_model):
    return build_layout(loaded_model)


@pytest.fixture(scope="module")
def components(layout):
    return list(layout._traverse())


def by_id(components, component_id):
    (found,) = [c for c in components if getattr(c, "id", None) == component_id]
    return found


def test_ids_are_defined_once():
    values = [v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)]
    assert len(values) == len(set(values))


def test_one_labelled_live_slider_per_measurement_covering_the_data(loaded_model, components):
    sliders = [c for c in components if isinstance(c, dcc.Slider)]
    assert [s.id for s in sliders] == [ids.slider(f["name"]) for f in loaded_model.features]
    for feature, slider in zip(loaded_model.features, sliders):
        assert slider.min <= feature["min"] and slider.max >= feature["max"], feature["name"]
        assert slider.max - slider.min < (feature["max"] - feature["min"]) + 2 * feature["step"] + 1e-9
        assert slider.step == feature["step"] and slider.updatemode == "mouseup"  # live from the thumb as it moves (assets/live.js)
        assert slider.min <= slider.value <= slider.max
        label = by_id(components, ids.label(feature["name"]))
        assert feature["name"].lower() == text_of(label, " ").lower()
    groups = [c for c in components if getattr(c, "className", None) == "feature-control"]
    assert len(groups) == len(sliders)
    for group, feature in zip(groups, loaded_model.features):
        assert getattr(group, "aria-labelledby") == ids.label(feature["name"]) == getattr(group, "data-label-id")
        if feature["unit"] != feature["name"]:
            assert feature["unit"] in text_of(group, " ")


def test_density_moves_in_steps_of_a_ten_thousandth(components):
    density = by_id(components, ids.slider("density"))
    assert density.step == 0.0001


@pytest.mark.parametrize(
    "feature, expected",
    [
        ({"min": 0.98711, "max": 1.03898, "step": 0.0001, "decimals": 4}, (0.9871, 1.039)),
        ({"min": 3.8, "max": 15.9, "step": 0.1, "decimals": 1}, (3.8, 15.9)),
        ({"min": 1.0, "max": 289.0, "step": 1.0, "decimals": 0}, (1.0, 289.0)),
    ],
)
def test_slider_range_is_whole_steps_around_the_data(feature, expected):
    assert slider_range(feature) == expected


def test_snap_moves_a_value_to_the_nearest_stop_inside_the_range():
    density = {"min": 0.98711, "max": 1.03898, "step": 0.0001, "decimals": 4}
    assert snap(0.99476, density) == 0.9948
    assert snap(0.5, density) == 0.9871 and snap(2.0, density) == 1.039


def test_default_wine_is_the_mean_white_wine_on_slider_stops(loaded_model):
    wine = default_wine(loaded_model.features)
    assert wine["color"] == "white"
    for f in loaded_model.features:
        assert wine[f["name"]] == pytest.approx(f["mean_by_color"]["white"], abs=f["step"] / 2 + 1e-9)


def test_controls_have_colour_switch_and_preset_buttons(components):
    switch = by_id(components, ids.COLOR)
    assert [o["value"] for o in switch.options] == ["white", "red"] and switch.value == "white"
    assert text_of(by_id(components, ids.AVERAGE_BUTTON), " ") == "Average wine"
    assert text_of(by_id(components, ids.RANDOM_BUTTON), " ") == "Random test wine"


def _pct(x):
    return f"{100 * x:.1f}%"


def test_model_card_reports_the_manifest(loaded_model, components):
    m = loaded_model.manifest
    card = text_of(by_id(components, ids.MODEL_CARD), " ")
    name, paper = m["data"]["source"].split(" (", 1)  # on two lines: no bracket inside another
    assert name in card and paper.rstrip(")") in card and f"{m['data']['rows']:,}" in card
    assert m["model"]["estimator"] in card and m["model"]["sha256"][:12] in card
    for key in ("test", "test_without_twins"):
        metrics = m["metrics"][key]
        for value in (_pct(metrics["macro_precision"]), _pct(metrics["accuracy"]), _pct(metrics["ece"]),
                      f"{metrics['log_loss']:.3f}", f"n = {metrics['n']:,}"):
            assert value in card, (key, value)


def test_model_card_is_not_hardcoded(loaded_model):
    manifest = copy.deepcopy(loaded_model.manifest)
    manifest["metrics"]["test_without_twins"]["log_loss"] = 1.2345
    manifest["metrics"]["test"]["ece"] = 0.0421
    manifest["model"]["calibration"] = {"method": "temperature", "fitted_on": "out-of-fold scores"}
    card = text_of(model_card(manifest), " ")
    assert "1.234" in card and "4.2%" in card and "temperature, fitted on out-of-fold scores" in card


def test_header_claim_comes_from_the_manifest(loaded_model, layout):
    claim = f"{loaded_model.manifest['metrics']['test']['macro_precision']:.0%}"
    header = next(c for c in layout._traverse() if isinstance(c, html.Header))
    assert claim in text_of(header, " ")


def test_batch_panel_states_its_limit(components):
    assert isinstance(by_id(components, ids.UPLOAD), dcc.Upload)
    assert isinstance(by_id(components, ids.BATCH_DOWNLOAD), dcc.Download)
    assert by_id(components, ids.BATCH_DOWNLOAD_BUTTON).disabled is True
    panel_text = text_of([c for c in components if getattr(c, "className", "") == "card batch"], " ")
    assert f"Up to {MAX_UPLOAD_BYTES / 1_000_000:g} MB" in panel_text


def test_the_what_if_panels_wait_hidden_until_needed(loaded_model, components):
    for hidden in (ids.PLAUSIBILITY, ids.SUGGESTION_VIEW, ids.COMPARE, ids.DRILL, ids.URL_NOTICE):
        assert "hidden" in by_id(components, hidden).className.split(), hidden
    assert by_id(components, ids.CURRENT_WINE).data == default_wine(loaded_model.features)
    assert isinstance(by_id(components, ids.URL), dcc.Location) and by_id(components, ids.URL).refresh is False
    assert by_id(components, ids.PRESENT).value == []
    for button, words in ((ids.MAKE_GOOD_BUTTON, "What would make it good?"), (ids.PIN_BUTTON, "Pin as A"),
                          (ids.COPY_LINK, "Copy link")):
        assert text_of(by_id(components, button), " ") == words


def test_one_sensitivity_chart_per_slider_in_the_same_order(loaded_model, components):
    charts = [c for c in components if isinstance(c, dcc.Graph) and isinstance(c.id, dict)]
    assert [c.id for c in charts] == [ids.sensitivity_graph(f["name"]) for f in loaded_model.features]
    for chart, feature in zip(charts, loaded_model.features):
        assert tuple(chart.figure.layout.xaxis.range) == slider_range(feature)


def test_everything_is_served_locally(app):
    assert not app.config.external_stylesheets and not app.config.external_scripts
    assert app.scripts.config.serve_locally and app.css.config.serve_locally
    for path in ASSETS.iterdir():
        if path.suffix in {".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            assert "http://" not in text and "https://" not in text and "@import" not in text, path.name
    assert not [c for c in app.layout._traverse() if isinstance(c, html.Img)]


def test_no_style_rule_looks_through_the_whole_page_from_its_root():
    """A `:has()` on html, body or :root makes every style recalculation on the page look through the whole page
    (style work while a link loads was about 2.5 times what it is without); the root's marks come from
    components/skeleton.py ROOT_MARKS instead."""
    css = re.sub(r"/\*.*?\*/", "", (ASSETS / "theme.css").read_text(), flags=re.S)
    selectors = [sel.strip() for head in re.findall(r"([^{}]+)\{", css) for sel in head.split(",")]
    on_root = re.compile(r"(^|[\s>+~(])(html|body|:root)([.#\[:][^\s>+~]*)?:has\(")
    assert [s for s in selectors if on_root.search(s)] == []
    assert any(":has(" in s for s in selectors)  # the check reads the rules: other :has() rules are there
    assert on_root.search("html:has(.app-shell.presenting)") and on_root.search("body.x:has(#a .b) .c")


def test_no_store_is_given_none(components):
    """A dcc.Store given None writes it again as it mounts, and that write runs every callback that reads it: an
    empty store is given no `data` at all (a callback reads it as None)."""
    stores = [c for c in components if isinstance(c, dcc.Store)]
    assert len(stores) >= 15
    given_none = [s.id for s in stores if "data" in s.to_plotly_json()["props"] and s.data is None]
    assert given_none == []
    assert ids.PINNED in {s.id for s in stores}


def test_the_shell_names_the_wine_its_figures_are_drawn_for(loaded_model, layout, components):
    """assets/whatif.js reads it: a chart drawn with the page's own figure once another wine has settled is stale."""
    assert layout.id == ids.APP_SHELL
    wine = json.loads(getattr(layout, FIGURES_WINE))
    assert wine == default_wine(loaded_model.features, "white")
    assert wine == by_id(components, ids.WHY_WINE).data == by_id(components, ids.CURRENT_WINE).data
    assert f'getElementById("{ids.APP_SHELL}")' in (ASSETS / "whatif.js").read_text(encoding="utf-8")
    assert f"dataset.{FIGURES_WINE.removeprefix('data-')}" in (ASSETS / "whatif.js").read_text(encoding="utf-8")
