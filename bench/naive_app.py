"""The "live feel" baseline: a Dash app as the Dash tutorial would have one write it, over the book's model.

Eleven sliders (live while dragging), a colour switch and one callback that rebuilds a whole `go.Figure` with
scikit-learn's `predict_proba` on a one-row DataFrame of the reference pickle (the uncalibrated GBM of
`python -m model.train --reference`, cached in bench/out/reference/). Every other setting is Dash's default.
`python -m bench.feel` serves it beside the dashboard.

    WINE_NAIVE_PICKLE=bench/out/reference/wine_gbm.pkl gunicorn bench.naive_app:server
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

HERE = Path(__file__).resolve().parent
PICKLE = Path(os.environ.get("WINE_NAIVE_PICKLE", HERE / "out" / "reference" / "wine_gbm.pkl"))
DATA = HERE.parent / "data"

with open(PICKLE, "rb") as fh:
    model = pickle.load(fh)

white = pd.read_csv(DATA / "winequality-white.csv")
red = pd.read_csv(DATA / "winequality-red.csv")
wines = pd.concat([white, red])
columns = [c for c in model.feature_names_in_ if c != "color"]

app = Dash(__name__)
app.layout = html.Div([
    html.H1("Wine quality"),
    dcc.RadioItems(["white", "red"], "white", id="color", inline=True),
    *[html.Div([
        html.Label(c),
        dcc.Slider(wines[c].min(), wines[c].max(), value=white[c].mean(), id=f"slider-{i}", marks=None,
                   updatemode="drag"),
    ]) for i, c in enumerate(columns)],
    dcc.Graph(id="bars"),
])


@app.callback(Output("bars", "figure"), Input("color", "value"), *[Input(f"slider-{i}", "value") for i in range(11)])
def update(color, *values):
    row = pd.DataFrame([dict(zip(columns, values), color=1 if color == "red" else 0)])[list(model.feature_names_in_)]
    proba = model.predict_proba(row)[0]
    fig = go.Figure(go.Bar(x=["poor", "average", "good"], y=proba * 100, text=[f"{p:.0%}" for p in proba]))
    fig.update_layout(yaxis_range=[0, 100])
    return fig


server = app.server

if __name__ == "__main__":
    app.run(debug=False)
