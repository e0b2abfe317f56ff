""""Make it good": the change predicts good, stays in range and colour, is minimal, and failure is plain."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.counterfactual import make_it_good
from model.schema import FEATURE_NAMES
from model.reference import scored_test_set, training_wines


@pytest.fixture(scope="module")
def ref(loaded_model):
    return training_wines(loaded_model)


@pytest.fixture(scope="module")
def not_good(loaded_model) -> np.ndarray:
    """Four white and four red test wines the model does not call good, poor ones first."""
    ts = scored_test_set(loaded_model)
    X, pred, colour = ts.X.to_numpy(), ts.pred, ts.color
    picks = [np.flatnonzero((pred == p) & (colour == c))[:2] for c in (0, 1) for p in (0, 1)]
    return X[np.concatenate(picks)]


@pytest.fixture(scope="module")
def results(ref, not_good):
    return [make_it_good(ref, x) for x in not_good]


def _predicts_good(loaded_model, X) -> np.ndarray:
    frame = pd.DataFrame(np.atleast_2d(X), columns=list(FEATURE_NAMES))
    return loaded_model.estimator.predict_proba(frame).argmax(axis=1) == 2


def test_make_it_good_result_predicts_good(loaded_model, not_good, results):
    assert not _predicts_good(loaded_model, not_good).any()
    for r in results:
        assert r.found and 1 <= len(r.moves) <= 4
        assert _predicts_good(loaded_model, r.wine).all()  # checked with scikit-learn itself
        np.testing.assert_allclose(r.proba, loaded_model.estimator.predict_proba(
            pd.DataFrame([r.wine], columns=list(FEATURE_NAMES)))[0], atol=1e-9)
        assert r.proba.argmax() == 2 and r.proba_before.argmax() != 2


def test_make_it_good_changes_only_its_moves_within_the_colour_range(ref, loaded_model, not_good, results):
    for x, r in zip(not_good, results):
        colour = int(x[-1])
        assert r.wine[-1] == x[-1]
        changed = np.flatnonzero(r.wine != x)
        assert sorted(m.index for m in r.moves) == list(changed)
        for m in r.moves:
            spec = loaded_model.features[m.index]
            assert m.feature == spec["name"] and m.before == x[m.index] and m.after == r.wine[m.index]
            assert ref.low[colour][m.index] <= m.after <= ref.high[colour][m.index]
            assert spec["min"] <= m.after <= spec["max"]
            assert round(m.after, spec["decimals"]) == m.after  # on the slider's step
            assert m.delta_std == pytest.approx((m.after - m.before) / spec["std"])
        assert r.cost_std == pytest.approx(sum(abs(m.delta_std) for m in r.moves))
        assert r.changes == {m.feature: m.after for m in r.moves}


def test_every_move_is_needed(loaded_model, not_good, results):
    for x, r in zip(not_good, results):
        undone = np.repeat(r.wine[None, :], len(r.moves), axis=0)
        for i, m in enumerate(r.moves):
            undone[i, m.index] = x[m.index]
        assert not _predicts_good(loaded_model, undone).any()


def test_one_move_suffices_when_one_slider_alone_can_make_it_good(ref, loaded_model, not_good, results):
    """Brute force over every slider step of every measurement (the colour's range), one at a time."""
    for x, r in list(zip(not_good, results))[:4]:
        colour, rows = int(x[-1]), []
        for j, spec in enumerate(loaded_model.features):
            values = np.arange(ref.low[colour][j], ref.high[colour][j] + spec["step"] / 2, spec["step"])
            block = np.repeat(x[None, :], len(values), axis=0)
            block[:, j] = np.round(values, spec["decimals"])
            rows.append(block)
        one_move_exists = (loaded_model.forest.predict_proba(np.concatenate(rows)).argmax(axis=1) == 2).any()
        assert (len(r.moves) == 1) == one_move_exists


def test_an_already_good_wine_needs_no_move(ref, loaded_model):
    ts = scored_test_set(loaded_model)
    x = ts.X.to_numpy()[np.flatnonzero(ts.pred == 2)[0]]
    r = make_it_good(ref, x)
    assert r.found and r.moves == () and r.cost_std == 0.0 and r.changes == {}
    np.testing.assert_array_equal(r.wine, x)
    assert "already" in r.message


@pytest.mark.parametrize("budget", [{"max_moves": 0}, {"max_moves": 1, "max_step_std": 0.01}])
def test_not_found_is_reported_plainly(ref, loaded_model, not_good, budget):
    x = not_good[0]
    r = make_it_good(ref, x, **budget)
    assert not r.found and r.moves == () and r.wine is None and r.changes == {}
    assert r.message.startswith("No change")
    np.testing.assert_allclose(r.proba, loaded_model.forest.predict_proba(x[None, :])[0])
    np.testing.assert_array_equal(r.proba, r.proba_before)


def test_a_step_budget_bounds_every_move(ref, not_good):
    r = make_it_good(ref, not_good[2], max_step_std=1.0)
    assert all(abs(m.delta_std) <= 1.0 + 1e-9 for m in r.moves)


def test_make_it_good_is_deterministic_and_batched(ref, loaded_model, not_good, results, monkeypatch):
    rows = []
    original = type(loaded_model).predict_proba
    monkeypatch.setattr(type(loaded_model), "predict_proba", lambda self, X: rows.append(len(X)) or original(self, X))
    again = make_it_good(ref, not_good[0])
    assert again.moves == results[0].moves
    np.testing.assert_array_equal(again.wine, results[0].wine)
    assert len(rows) <= 60 and sum(rows) <= 10_000  # a callback's budget: few, batched calls


# ---------- only real levers, and plausible wines first ----------

def test_make_it_good_moves_only_the_measurements_it_may(ref, loaded_model, not_good):
    from model.counterfactual import DEFAULT_MOVABLE

    assert "density" not in DEFAULT_MOVABLE and "pH" not in DEFAULT_MOVABLE and len(DEFAULT_MOVABLE) == 9
    for x in not_good[:4]:
        r = make_it_good(ref, x, movable=DEFAULT_MOVABLE)
        assert r.found and {m.feature for m in r.moves} <= set(DEFAULT_MOVABLE)
        assert _predicts_good(loaded_model, r.wine)[0]
    only = make_it_good(ref, not_good[0], movable=["alcohol"])
    assert {m.feature for m in only.moves} <= {"alcohol"}
    nothing = make_it_good(ref, not_good[0], movable=[])
    assert not nothing.found and nothing.moves == ()


def test_make_it_good_prefers_a_wine_the_guard_accepts(ref, loaded_model, not_good):
    from model.plausibility import plausibility

    for x in not_good:
        r = make_it_good(ref, x, prefer_plausible=True)
        assert r.found
        assert r.plausible == (not plausibility(ref, r.wine).is_implausible)
        if not r.plausible:
            assert r.message.startswith("Only a wine unlike real wines reaches good")
    # an unreal start: every measurement at the top of its range; what reaches good is said to be unreal
    extreme = np.array([f["max"] for f in loaded_model.features] + [0.0])
    r = make_it_good(ref, extreme, prefer_plausible=True)
    if r.found:
        assert r.plausible == (not plausibility(ref, r.wine).is_implausible)
