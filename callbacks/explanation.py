"""Why this verdict: the settled wine, once the panel is on screen (WHY_WINE, assets/whatif.js), and the chosen
bucket -> ranked contributions, from one exact explanation of the wine. A new wine or bucket sends a Patch of the
bars' arrays; only presentation mode, which changes the type and margins, sends a whole figure."""
from __future__ import annotations

from collections.abc import Mapping

from dash import Input, Output, ctx

from components import ids
from components.explanation import chosen_bucket, explanation_text, pushes_for, why_content
from components.figures import figure_scale
from components.figures.explanations import contribution_patch
from model.loader import LoadedModel
from model.predict import wine_matrix
from model.schema import CLASSES


def why_outputs(model: LoadedModel, wine: Mapping, choice: str | None, presenting: bool = False,
                whole: bool = True):
    """The panel's figure (a Patch unless `whole`) and words for `wine`."""
    explanation = model.explainer.explain(wine_matrix(wine))
    features = {f["name"]: f for f in model.features}
    if whole:
        return why_content(explanation, choice, wine, features, figure_scale(presenting))
    k = chosen_bucket(choice, explanation)
    pushes = pushes_for(explanation, k, wine, features)
    predicted = k == int(explanation.logits[0].argmax())
    patch = contribution_patch(pushes, CLASSES[k])
    return patch, explanation_text(pushes, CLASSES[k], predicted)


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.WHY_GRAPH, "figure"),
        Output(ids.WHY_TEXT, "children"),
        Input(ids.WHY_WINE, "data"),
        Input(ids.WHY_BUCKET, "value"),
        Input(ids.PRESENT, "value"),
        prevent_initial_call=True,
    )
    def update_why(wine, choice, present):
        return why_outputs(model, wine, choice, bool(present), whole=ctx.triggered_id == ids.PRESENT)
