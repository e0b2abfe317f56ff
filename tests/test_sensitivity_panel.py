"""The sensitivity card's small charts read in full at every width: each name with its unit, no "0%0" corner."""
from __future__ import annotations

import pytest

from components.controls import display_name
from components.figures import sensitivity_figure
from components.sensitivity import sens_head, short_unit
from model.sensitivity import sensitivity


def _text(component) -> str:
    children = component.children if isinstance(component.children, list) else [component.children]
    return "".join(c if isinstance(c, str) else _text(c) for c in children if c is not None)


@pytest.mark.parametrize("name", ["total sulfur dioxide", "free sulfur dioxide", "fixed acidity", "pH"])
def test_each_chart_is_headed_by_its_full_name_and_unit(loaded_model, name):
    feature = next(f for f in loaded_model.features if f["name"] == name)
    head = sens_head(feature)
    assert _text(head).strip() == f"{display_name(name)} {short_unit(feature)}".strip()
    assert "feature-head" not in head.className  # the sliders' rules cut a long name and hide units on a phone
    assert "feature-unit" not in str(head)


def test_no_zero_percent_tick_meets_the_x_axis_in_the_corner(loaded_model, average_wine):
    curve = sensitivity(loaded_model, average_wine).curves[2]  # citric acid: its x axis starts at 0
    feature = next(f for f in loaded_model.features if f["name"] == curve.feature)
    y = sensitivity_figure(curve, feature).layout.yaxis
    assert list(y.tickvals) == [50, 100] and list(y.ticktext) == ["50%", "100%"]
