"""POST /api/decide and /api/decide/test-set: the Bayes decision under a cost policy, per wine and on the held-out wines."""
from __future__ import annotations

from flask import Blueprint, current_app, request

from api.body import check_wines, read_json
from api.errors import ApiError, json_response, register_error_handlers
from model.decision import Policy, PolicyError, decide, evaluate, expected_costs, parse_policy
from model.predict import WineInputError, predict_proba, wine_matrix
from model.reference import scored_test_set
from model.schema import CLASSES

bp = Blueprint("decide", __name__)
register_error_handlers(bp, catch_all=True)
KEYS = {"wines", "costs", "refer"}


def _body(allowed: set[str]) -> dict:
    body = read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, f"expected an object with 'costs' (and 'refer'), not {type(body).__name__}")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(422, f"unknown field {unknown[0]!r}; expected {', '.join(sorted(allowed))}", field=unknown[0])
    return body


def _policy(body: dict) -> Policy:
    try:
        return parse_policy(body.get("costs"), body.get("refer"))
    except PolicyError as exc:
        raise ApiError(422, str(exc), field=exc.field) from None


@bp.post("/api/decide")
def decide_wines():
    body = _body(KEYS)
    policy = _policy(body)
    if "wines" not in body:
        raise ApiError(422, "'wines' is missing: give 1 to 1,000 wine objects", field="wines")
    wines = check_wines(body["wines"], field="wines")
    try:
        X = wine_matrix(wines)
    except WineInputError as exc:
        raise ApiError(422, str(exc), exc.field, exc.index) from None
    proba = predict_proba(current_app.extensions["wine_model"], X)
    costs, chosen = expected_costs(proba, policy), decide(proba, policy)
    results = [
        {
            "probabilities": dict(zip(CLASSES, map(float, p))),
            "expected_costs": dict(zip(policy.actions, map(float, e))),
            "decision": policy.actions[d],
        }
        for p, e, d in zip(proba, costs, chosen)
    ]
    return json_response({"policy": policy.as_dict(), "results": results})


@bp.post("/api/decide/test-set")
def decide_test_set():
    policy = _policy(_body(KEYS - {"wines"}))
    ts = scored_test_set(current_app.extensions["wine_model"])
    return json_response(evaluate(ts.proba, ts.y, policy))
