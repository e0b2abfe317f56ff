"""The live routes: one wine POSTed by the browser's live paths (assets/live.js, assets/whatif.js) -> an answer
they draw without Dash's renderer (the bars, the Why chart's arrays, the sensitivity sweeps)."""
from __future__ import annotations

from flask import jsonify, request as http_request

from api.body import read_wines
from api.errors import ApiError
from model.predict import WineInputError


def live_route(app, path: str, answer) -> None:
    """POST one wine (the JSON object /api/predict takes, read by the API's strict, size-capped reader) to `path`
    under Dash's routes prefix -> `answer(wine)` as JSON; what cannot be read is a 400, what cannot be scored (the
    model functions validate the wine as /api/predict does) a 422."""
    def route():
        try:
            wine = read_wines(http_request)
            if not isinstance(wine, dict):
                raise ApiError(400, "expected one wine as a JSON object")
            return jsonify(answer(wine))
        except ApiError as error:
            return jsonify(detail=error.detail), error.status
        except WineInputError as error:
            return jsonify(detail=str(error)), 422

    app.server.add_url_rule(app.config.routes_pathname_prefix + path, "live_" + path.rsplit("/", 1)[-1], route,
                            methods=["POST"])
