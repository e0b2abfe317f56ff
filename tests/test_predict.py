"""model/predict.py: one wine or many, by UCI name or alias; bad input raises a clear WineInputError."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from model.predict import WineInputError, predict, predict_proba, wine_matrix, wine_vector
from model.schema import FEATURE_NAMES


def test_one_wine_gives_three_probabilities_and_the_argmax_bucket(loaded_model, average_wine):
    [result] = predict(loaded_model, average_wine)
    probs = result["probabilities"]
    assert list(probs) == ["poor", "average", "good"]
    assert sum(probs.values()) == pytest.approx(1.0)
    assert result["bucket"] == max(probs, key=probs.get)
    assert result["out_of_range"] is False and result["out_of_range_features"] == []


def test_predictions_agree_with_the_pickled_estimator(loaded_model, wine_split):
    rows = wine_split.X_test.iloc[:50]
    results = predict(loaded_model, rows)
    expected = loaded_model.estimator.predict_proba(rows)
    got = np.array([list(r["probabilities"].values()) for r in results])
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_many_wines_as_mappings_or_dataframe_agree(loaded_model, wine_split):
    frame = wine_split.X_test.iloc[:5]
    as_records = predict(loaded_model, frame.to_dict(orient="records"))
    as_frame = predict(loaded_model, frame)
    assert as_records == as_frame and len(as_frame) == 5


def test_aliases_and_colour_spellings_are_accepted(average_wine):
    snake = {k.lower().replace(" ", "_"): v for k, v in average_wine.items()}
    assert "free_sulfur_dioxide" in snake and "ph" in snake
    assert wine_vector(snake) == wine_vector(average_wine)
    for white in ("white", "WHITE", 0):
        assert wine_vector({**average_wine, "color": white})[-1] == 0
    for red in ("red", 1, 1.0):
        assert wine_vector({**average_wine, "color": red})[-1] == 1


def test_colour_changes_the_prediction(loaded_model, average_wine):
    white = predict_proba(loaded_model, wine_matrix(average_wine))
    red = predict_proba(loaded_model, wine_matrix({**average_wine, "color": "red"}))
    assert not np.allclose(white, red)


def test_out_of_range_is_flagged_not_refused(loaded_model, average_wine):
    [result] = predict(loaded_model, {**average_wine, "alcohol": 20.0})
    assert result["out_of_range"] is True and result["out_of_range_features"] == ["alcohol"]


@pytest.mark.parametrize(
    "change, field, fragment",
    [
        ({"alcohol": "12"}, "alcohol", "must be a number, not str"),
        ({"alcohol": None}, "alcohol", "must be a number, not null"),
        ({"alcohol": True}, "alcohol", "must be a number"),
        ({"alcohol": math.nan}, "alcohol", "finite"),
        ({"density": math.inf}, "density", "finite"),
        ({"alcohol": 10**400}, "alcohol", "finite"),
        ({"chlorides": -0.1}, "chlorides", "outside the possible range"),
        ({"total sulfur dioxide": 1e9}, "total sulfur dioxide", "outside the possible range"),
        ({"color": "rosé"}, "color", "must be \"red\", \"white\""),
        ({"color": 2}, "color", "must be \"red\", \"white\""),
        ({"vintage": 1999}, "vintage", "unknown field 'vintage'"),
        ({"fixed_acidity": 7.0}, "fixed acidity", "given twice"),
    ],
)
def test_bad_values_name_the_field(average_wine, change, field, fragment):
    with pytest.raises(WineInputError) as err:
        wine_vector({**average_wine, **change})
    assert err.value.field == field
    assert fragment in str(err.value)


def test_missing_fields_are_listed(average_wine):
    wine = {k: v for k, v in average_wine.items() if k not in ("pH", "color")}
    with pytest.raises(WineInputError, match="missing field\\(s\\): pH, color"):
        wine_vector(wine)


def test_the_bad_wine_in_a_list_is_named_by_index(average_wine):
    with pytest.raises(WineInputError, match="^wine 2: 'alcohol'") as err:
        wine_matrix([average_wine, average_wine, {**average_wine, "alcohol": "x"}])
    assert err.value.index == 2


@pytest.mark.parametrize("wines", [[], "alcohol", 42, [1, 2]])
def test_not_wines_are_refused(wines):
    with pytest.raises(WineInputError):
        wine_matrix(wines)


def test_matrix_is_in_model_feature_order(average_wine):
    shuffled = dict(reversed(list(average_wine.items())))
    X = wine_matrix(shuffled)
    assert X.shape == (1, len(FEATURE_NAMES))
    assert X[0, FEATURE_NAMES.index("alcohol")] == average_wine["alcohol"]
    assert isinstance(pd.DataFrame(X, columns=FEATURE_NAMES), pd.DataFrame)


# ---------------------------------------------------------------- which wine, and the possible range at its end

def _wine_at(average_wine, **changes) -> dict:
    return {**average_wine, **changes}


@pytest.mark.parametrize(("change", "field"), [({"color": "rose"}, "color"), ({"alcohol": float("nan")}, "alcohol"),
                                               ({"alcohol": "x"}, "alcohol"), ({"alcohol": -0.01}, "alcohol")])
def test_a_bad_wine_in_a_list_is_named_by_its_index(average_wine, change, field):
    from model.predict import WineInputError, wine_matrix

    with pytest.raises(WineInputError) as refused:
        wine_matrix([average_wine, average_wine, _wine_at(average_wine, **change)])
    assert (refused.value.index, refused.value.field) == (2, field)
    assert str(refused.value) == f"wine 2: {refused.value.reason}"
    with pytest.raises(WineInputError) as alone:
        wine_matrix(_wine_at(average_wine, **change))
    assert alone.value.index is None and str(alone.value) == alone.value.reason


def test_the_possible_range_includes_its_end(average_wine):
    from model.predict import WineInputError, wine_matrix
    from model.schema import BY_NAME

    top = BY_NAME["alcohol"].hard_max
    assert wine_matrix(_wine_at(average_wine, alcohol=top))[0][list(BY_NAME).index("alcohol")] == top
    with pytest.raises(WineInputError, match="is outside the possible range"):
        wine_matrix(_wine_at(average_wine, alcohol=top + 1e-9))


@pytest.mark.parametrize(("wines", "message"), [([], "no wines given"),
                                                ("wine", "expected a wine object or a list of them, not str"),
                                                (3, "expected a wine object or a list of them, not int")])
def test_what_is_not_a_wine_or_a_list_is_named(wines, message):
    from model.predict import WineInputError, wine_matrix

    with pytest.raises(WineInputError) as refused:
        wine_matrix(wines)
    assert str(refused.value) == message


@pytest.mark.parametrize(("wine", "kind"), [(1, "int"), ("alcohol", "str"), (None, "NoneType"), ([1.0], "list")])
def test_a_wine_that_is_not_an_object_is_named_by_its_type(wine, kind):
    from model.predict import WineInputError, wine_matrix

    with pytest.raises(WineInputError) as refused:
        wine_matrix([wine])
    assert str(refused.value) == f"wine 0: a wine must be an object of named features, not {kind}"


@pytest.mark.parametrize(
    ("change", "reason", "field"),
    [
        (lambda w: w | {"grape": "riesling"}, "unknown field 'grape'", "grape"),
        (lambda w: w | {1: 2}, "unknown field 1", "1"),
        (lambda w: w | {"fixed_acidity": 7.0}, "field 'fixed acidity' is given twice", "fixed acidity"),
        (lambda w: {k: v for k, v in w.items() if k not in ("pH", "alcohol")}, "missing field(s): pH, alcohol", "pH"),
    ],
    ids=["unknown name", "not a name", "alias of a given field", "missing"],
)
def test_a_wine_with_a_field_too_many_or_too_few_is_named_by_its_index(average_wine, change, reason, field):
    with pytest.raises(WineInputError) as refused:
        wine_matrix([average_wine, change(average_wine)])
    assert (str(refused.value), refused.value.index, refused.value.field) == (f"wine 1: {reason}", 1, field)
