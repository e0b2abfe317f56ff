"""model/decision.py: the Bayes rule over probabilities, policies, and a policy on the held-out wines."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from model.decision import (
    MAX_COST, REFER, ZERO_ONE, Policy, PolicyError, coverage_curve, decide, evaluate, expected_costs,
    one_vs_rest_curves, operating_points, parse_policy, refer_grid,
)
from model.reference import scored_test_set

# asymmetric on purpose: its transpose decides differently (see test_transposed_matrix_decides_differently)
ASYM = [[0, 2, 10], [1, 0, 3], [0.5, 1, 0]]


def brute_force(p, costs, refer):
    """The argmin written out: expected cost of each action by its definition, first of the cheapest."""
    actions = []
    for d in range(3):
        actions.append(sum(p[t] * costs[t][d] for t in range(3)))
    if refer is not None:
        actions.append(refer)
    best = min(actions)
    return actions.index(best), actions


def test_expected_cost_is_rows_true_columns_decision():
    p = np.array([[0.2, 0.5, 0.3]])
    e = expected_costs(p, parse_policy(ASYM))
    # deciding good: 0.2*10 + 0.5*3 + 0.3*0 = 3.5; deciding poor: 0.5*1 + 0.3*0.5 = 0.65
    assert e[0].tolist() == pytest.approx([0.65, 0.7, 3.5])
    assert decide(p, parse_policy(ASYM)).tolist() == [0]


def test_transposed_matrix_decides_differently():
    p = np.array([[0.2, 0.5, 0.3]])
    transposed = np.array(ASYM).T.tolist()
    assert decide(p, parse_policy(transposed)).tolist() != decide(p, parse_policy(ASYM)).tolist()


@pytest.mark.parametrize("seed", range(5))
def test_decisions_equal_brute_force_argmin(seed):
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet([1, 1, 1], size=300)
    for _ in range(20):
        costs = rng.uniform(0, 10, size=(3, 3)).round(1).tolist()
        refer = None if rng.random() < 0.3 else round(float(rng.uniform(0, 5)), 1)
        policy = parse_policy(costs, refer)
        got = decide(proba, policy)
        e = expected_costs(proba, policy)
        for i in range(0, 300, 7):
            want, actions = brute_force(proba[i], costs, refer)
            assert got[i] == want
            assert e[i].tolist() == pytest.approx(actions, abs=1e-12)


def test_ties_go_to_the_earlier_action():
    p = np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    assert decide(p, ZERO_ONE).tolist() == [0, 1, 0]
    # refer costs exactly what deciding does: the bucket comes first
    equal = parse_policy([[0, 1, 1], [1, 0, 1], [1, 1, 0]], refer=0.5)
    assert decide(np.array([[0.5, 0.5, 0.0]]), equal).tolist() == [0]
    assert decide(np.array([[0.5, 0.5, 0.0]]), parse_policy(equal.costs, 0.4999)).tolist() == [3]


def test_zero_one_is_argmax_on_the_test_set_and_random_wines(loaded_model):
    ts = scored_test_set(loaded_model)
    assert np.array_equal(decide(ts.proba, ZERO_ONE), ts.proba.argmax(axis=1))
    proba = np.random.default_rng(0).dirichlet([1, 1, 1], size=5000)
    assert np.array_equal(decide(proba, ZERO_ONE), proba.argmax(axis=1))


def test_zero_one_confusion_is_the_model_cards(loaded_model):
    ts = scored_test_set(loaded_model)
    result = evaluate(ts.proba, ts.y, ZERO_ONE)
    assert result["confusion"] == loaded_model.manifest["metrics"]["test"]["confusion_matrix"]
    assert result["columns"] == ["poor", "average", "good"]
    assert result["decided_accuracy"] == pytest.approx(loaded_model.manifest["metrics"]["test"]["accuracy"], abs=1e-6)
    assert result["realized_cost_per_wine"] == pytest.approx(1 - result["decided_accuracy"])


def test_taster_at_zero_refers_every_wine_and_at_the_largest_cost_none(loaded_model):
    ts = scored_test_set(loaded_model)
    everyone = evaluate(ts.proba, ts.y, parse_policy(ASYM, 0))
    assert everyone["coverage"] == 0 and everyone["decided_accuracy"] is None
    assert [row[3] for row in everyone["confusion"]] == np.bincount(ts.y, minlength=3).tolist()
    for r in (10, 10.5):  # the largest cost, and past it
        nobody = evaluate(ts.proba, ts.y, parse_policy(ASYM, r))
        assert nobody["coverage"] == 1 and all(row[3] == 0 for row in nobody["confusion"])
    # just under the largest cost of the column that decides: some wines go to the taster
    assert evaluate(ts.proba, ts.y, parse_policy(ASYM, 0.05))["coverage"] < 1


def test_coverage_and_realised_cost_add_up_from_the_matrix(loaded_model):
    ts = scored_test_set(loaded_model)
    policy = parse_policy(ASYM, 0.3)
    result = evaluate(ts.proba, ts.y, policy)
    m = np.array(result["confusion"])
    assert m.shape == (3, 4) and m.sum() == result["wines"] == len(ts.y)
    assert result["columns"] == ["poor", "average", "good", REFER]
    assert result["coverage"] == pytest.approx(m[:, :3].sum() / m.sum())
    assert result["realized_cost_per_wine"] == pytest.approx((m * policy.action_costs()).sum() / m.sum())
    assert result["decided_accuracy"] == pytest.approx(np.trace(m[:, :3]) / m[:, :3].sum())
    argmax_cost = np.array(ASYM)[ts.y, ts.proba.argmax(axis=1)].mean()
    assert result["argmax"]["realized_cost_per_wine"] == pytest.approx(argmax_cost)
    # the Bayes rule beats argmax in expectation on calibrated probabilities
    assert result["expected_cost_per_wine"] <= evaluate(ts.proba, ts.y, parse_policy(ASYM))["expected_cost_per_wine"]


def test_coverage_curve_runs_from_all_referred_to_none(loaded_model):
    ts = scored_test_set(loaded_model)
    policy = parse_policy(ASYM)
    grid = refer_grid(ts.proba, policy, 11)
    assert grid[0] == 0 and grid[-1] == 10 and len(grid) == 13
    assert all(a < b for a, b in zip(grid, grid[1:]))
    curve = coverage_curve(ts.proba, ts.y, policy, grid)
    assert curve["coverage"][0] == 0 and curve["coverage"][-1] == 1
    assert curve["error_rate"][0] is None
    assert all(a <= b for a, b in zip(curve["coverage"], curve["coverage"][1:]))
    assert curve["cost_per_wine"][0] == 0  # a free taster costs nothing
    # between the ends, the quantiles of the cheapest expected cost: about a tenth more decided at each step
    assert np.diff(curve["coverage"][1:-1]).max() < 0.2


def test_operating_points_and_curves(loaded_model):
    ts = scored_test_set(loaded_model)
    d = decide(ts.proba, ZERO_ONE)
    points = operating_points(ts.y, d)
    per_class = loaded_model.manifest["metrics"]["test"]["per_class"]
    for point in points:
        assert point["recall"] == pytest.approx(per_class[point["bucket"]]["recall"], abs=1e-6)
        assert point["precision"] == pytest.approx(per_class[point["bucket"]]["precision"], abs=1e-6)
        assert 0 <= point["fpr"] <= 1
    curves = one_vs_rest_curves(ts.proba, ts.y)
    assert [c["bucket"] for c in curves] == ["poor", "average", "good"]
    assert curves[0]["fpr"][0] == 0 and curves[0]["tpr"][-1] == 1
    from sklearn.metrics import roc_curve
    full_fpr, full_tpr, _ = roc_curve(ts.y == 2, ts.proba[:, 2])
    for c in curves:
        assert len(c["fpr"]) <= 120 and len(c["precision"]) <= 120
    # thinning keeps points of the full curve, both ends included
    assert curves[2]["fpr"][-1] == full_fpr[-1] and curves[2]["tpr"][0] == full_tpr[0]
    assert set(zip(curves[2]["fpr"], curves[2]["tpr"])) <= set(zip(full_fpr, full_tpr))


@pytest.mark.parametrize("costs, refer, field", [
    (None, None, "costs"),
    ("0,1,1", None, "costs"),
    ([[0, 1, 1], [1, 0, 1]], None, "costs"),
    ([[0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 1]], None, "costs"),
    ([[0, 1, 1], [1, 0], [1, 1, 0]], None, "costs[1]"),
    ([[0, 1, 1], [1, 0, 1], [1, 1, -0.01]], None, "costs[2][2]"),
    ([[0, 1, float("nan")], [1, 0, 1], [1, 1, 0]], None, "costs[0][2]"),
    ([[0, 1, float("inf")], [1, 0, 1], [1, 1, 0]], None, "costs[0][2]"),
    ([[0, True, 1], [1, 0, 1], [1, 1, 0]], None, "costs[0][1]"),
    ([[0, "1", 1], [1, 0, 1], [1, 1, 0]], None, "costs[0][1]"),
    ([[0, 1, 1], [1, 0, 1], [1, MAX_COST * 1.0001, 0]], None, "costs[2][1]"),
    ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], -0.01, "refer"),
    ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], "0.3", "refer"),
    ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], float("nan"), "refer"),
])
def test_bad_policies_name_the_field(costs, refer, field):
    with pytest.raises(PolicyError) as info:
        parse_policy(costs, refer)
    assert info.value.field == field
    assert field in str(info.value)


def test_limits_are_allowed_at_the_limit():
    policy = parse_policy([[0, 0, MAX_COST], [0, 0, 0], [0, 0, 0]], 0)
    assert policy.refer == 0 and policy.costs[0][2] == MAX_COST
    assert parse_policy([[0, 1, 1], [1, 0, 1], [1, 1, 0]]).is_zero_one
    assert not parse_policy([[0, 1, 1], [1, 0, 1], [1, 1, 0]], 0.5).is_zero_one
    assert not parse_policy(ASYM).is_zero_one
    assert Policy(ZERO_ONE.costs, 0.3).as_dict() == {"costs": [[0, 1, 1], [1, 0, 1], [1, 1, 0]], "refer": 0.3}
    assert "refer" not in ZERO_ONE.as_dict()


def test_every_permutation_of_a_matrix_is_told_apart():
    """Rows and columns are not interchangeable: each permutation of ASYM's rows decides some wine differently."""
    proba = np.random.default_rng(1).dirichlet([1, 1, 1], size=500)
    base = decide(proba, parse_policy(ASYM))
    for perm in itertools.permutations(range(3)):
        if perm == (0, 1, 2):
            continue
        swapped = [ASYM[i] for i in perm]
        assert not np.array_equal(decide(proba, parse_policy(swapped)), base)
