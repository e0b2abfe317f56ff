"""The live routes: one wine POSTed by the browser's live paths (assets/live.js, assets/whatif.js) -> an answer
they draw without Dash's renderer (the bars, the Why chart's arrays, the sensitivity sweeps); and, mid-drag, the
wine with what the verdict is written from (read_drag)."""
from __future__ import annotations

from collections.abc import Mapping

from flask import jsonify, request as http_request

from api.body import read_json, read_wines
from api.errors import ApiError
from model.decision import PolicyError, parse_policy
from model.predict import WineInputError
from model.schema import CLASSES

DRAG_KEYS = frozenset({"wine", "request", "policy"})
MAX_LABEL = 200          # characters of a wine's name (the page's own are under 60)
QUALITY = range(0, 11)   # the tasters' score, 0 to 10


def read_one_wine(request) -> dict:
    """One wine as /api/predict reads it (strict, size-capped); a list or anything else is a 400."""
    wine = read_wines(request)
    if not isinstance(wine, dict):
        raise ApiError(400, "expected one wine as a JSON object")
    return wine


def _bad(what: str) -> ApiError:
    return ApiError(400, f"expected {{\"wine\": {{...}}, \"request\": {{...}} or null, \"policy\": {{...}} or null}}: "
                         f"{what}")


def _wine_request(request) -> dict | None:
    """The WINE_REQUEST store's parts the verdict is written from (components/controls.py wine_request): the wine
    loaded, its name and, for a test wine, the tasters' bucket and score; None for none."""
    if request is None:
        return None
    if not isinstance(request, Mapping) or not isinstance(request.get("wine"), Mapping):
        raise _bad("'request' must be null or an object with the 'wine' loaded")
    label, truth = request.get("label"), request.get("truth")
    if not isinstance(label, str) or not 0 < len(label) <= MAX_LABEL:
        raise _bad(f"'request.label' must be a name of 1 to {MAX_LABEL} characters")
    if truth is not None and not (isinstance(truth, Mapping) and truth.get("bucket") in CLASSES
                                  and type(truth.get("quality")) is int and truth["quality"] in QUALITY):
        raise _bad(f"'request.truth' must be null or a bucket ({', '.join(CLASSES)}) and a quality from 0 to 10")
    return {"wine": dict(request["wine"]), "label": label,
            "truth": None if truth is None else {"bucket": truth["bucket"], "quality": truth["quality"]}}


def _policy(policy) -> dict | None:
    """The POLICY store: null, or costs (and a taster's fee) the decision rule takes."""
    if policy is None:
        return None
    if not isinstance(policy, Mapping):
        raise _bad("'policy' must be null or an object")
    try:
        parse_policy(policy.get("costs"), policy.get("refer"))
    except PolicyError as error:
        raise _bad(f"'policy': {error}") from None
    return {"costs": policy["costs"], "refer": policy.get("refer")}


def read_drag(request) -> dict:
    """{"wine", "request", "policy"} (strict JSON, size-capped): the wine as /api/predict reads it, the WINE_REQUEST
    store and the POLICY store, each checked for what the verdict reads of it; anything else is a 400."""
    body = read_json(request)
    if not isinstance(body, Mapping) or not set(body) <= DRAG_KEYS:
        raise _bad("an object with only these keys")
    if not isinstance(body.get("wine"), Mapping):
        raise _bad("'wine' must be a wine object")
    return {"wine": dict(body["wine"]), "request": _wine_request(body.get("request")),
            "policy": _policy(body.get("policy"))}


def live_route(app, path: str, answer, read=read_one_wine) -> None:
    """POST to `path` under Dash's routes prefix -> `answer(read(request))` as JSON. By default the body is one
    wine (the JSON object /api/predict takes, read by the API's strict, size-capped reader). What cannot be read is
    a 400 (or the reader's 413/415), what cannot be scored (the model functions validate the wine as /api/predict
    does) a 422."""
    def route():
        try:
            return jsonify(answer(read(http_request)))
        except ApiError as error:
            return jsonify(detail=error.detail), error.status
        except WineInputError as error:
            return jsonify(detail=str(error)), 422

    app.server.add_url_rule(app.config.routes_pathname_prefix + path, "live_" + path.rsplit("/", 1)[-1], route,
                            methods=["POST"])
