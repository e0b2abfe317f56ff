""""Make it good" in words: the model's smallest change to reach good, its probabilities, and honest caveats."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dash import dcc, html

from components import ids
from components.controls import display_name, format_value, unit_of
from components.figures import percent_labels
from model.counterfactual import DEFAULT_MOVABLE, MAX_MOVES, Counterfactual, Move
from model.plausibility import Plausibility

CAVEAT = ("The model's view, not winemaking advice: real wines do not change one measurement at a time. "
          "sd: a standard deviation of that measurement among real wines.")


def move_text(move: Move, feature: Mapping) -> str:
    """'Alcohol 9.8 → 11.2 % vol (+1.1 sd)'."""
    unit = unit_of(feature)
    before, after = format_value(move.before, feature), format_value(move.after, feature)
    sign = "+" if move.delta_std >= 0 else "−"
    return f"{display_name(move.feature)} {before} → {after}{' ' + unit if unit else ''} ({sign}{abs(move.delta_std):.1f} sd)"


def probability_chips(proba: Sequence[float], classes: Sequence[str]) -> html.Div:
    """Three small labelled percentages, the predicted bucket emphasised."""
    best = max(range(len(classes)), key=lambda k: proba[k])
    labels = percent_labels(proba)
    return html.Div(
        className="chips",
        children=[
            html.Span([c, " ", html.B(label)],
                      className=f"chip bucket-{c}" + (" chip-best" if k == best else ""))
            for k, (c, label) in enumerate(zip(classes, labels))
        ],
    )


def not_found_text(color: str, movable: Sequence[str] | None = None) -> list:
    """Why there is no suggestion: nothing may move, or no small change of what may move reaches good."""
    if movable is not None and not movable:
        return [html.B("Nothing may move. "), "None of the measurements is ticked under \"Which measurements may it "
                "move?\", so the model may not change any; tick at least one."]
    n = MAX_MOVES if movable is None else min(MAX_MOVES, len(movable))
    which = ("the measurement it may move" if n == 1 and movable is not None and len(movable) == 1
             else f"up to {n} of the measurements it may move")
    return [html.B("No small change found. "),
            f"The model found no change of {which}, within the range of real {color} wines, that it would call good."]


def suggestion_body(cf: Counterfactual, features: Sequence[Mapping], classes: Sequence[str], color: str,
                    plaus: Plausibility | None = None, movable: Sequence[str] | None = None) -> list:
    """Children of the suggestion panel for one make_it_good result (`movable`: what it was allowed to move)."""
    if not cf.found:
        return [html.P(not_found_text(color, movable))]
    if not cf.moves:
        return [html.P([html.B("Already good. "), "The model already predicts this wine as good."])]
    by_name = {f["name"]: f for f in features}
    n = len(cf.moves)
    children = [] if cf.plausible else [
        html.P([html.B("Only a wine unlike real wines reaches good. "),
                "No change the model has seen in real wines is enough; this is the smallest one it found."],
               className="notice-line"),
    ]
    children += [
        html.P(html.B("One change is enough for the model to predict good:" if n == 1
                      else f"{n} changes are enough for the model to predict good:")),
        html.Ul([html.Li(move_text(m, by_name[m.feature])) for m in cf.moves], className="moves"),
        html.Div([html.Span("Then", className="eyebrow"), probability_chips(cf.proba, classes)], className="then"),
    ]
    if cf.plausible and plaus is not None and plaus.is_implausible:
        children.append(html.P("The model has seen few wines like the suggested one, so take its verdict on it "
                               "with extra care.", className="notice-line"))
    return children


def movable_picker(features: Sequence[Mapping]) -> html.Details:
    """Which measurements "make it good" may move: density and pH are left out at first (they follow from the
    others); the choice travels in the link."""
    options = [{"label": display_name(f["name"]), "value": f["name"]} for f in features]
    return html.Details(className="movable", children=[
        html.Summary("Which measurements may it move?"),
        dcc.Checklist(id=ids.MOVABLE, options=options, value=list(DEFAULT_MOVABLE), className="movable-list",
                      inline=True),
        html.P("Density and pH follow from the other measurements, so they are left out at first.", className="hint"),
    ])


def suggestion_panel() -> html.Div:
    """Hidden until asked; the Apply button and the 'applied' note are always there so callbacks can use them."""
    return html.Div(
        id=ids.SUGGESTION_VIEW,
        className="suggestion hidden",
        **{"aria-live": "polite"},
        children=[
            html.Div(id=ids.SUGGESTION_BODY),
            html.Div(className="button-row", children=[
                html.Button("Apply to the sliders", id=ids.APPLY_BUTTON, className="btn btn-primary apply", n_clicks=0),
                html.Span("✓ Applied: the sliders show the suggestion.", className="applied-note"),
            ]),
            html.P(CAVEAT, className="hint"),
        ],
    )
