"""The page-weight baseline: a Dash app with default settings (full plotly.js, no compression) and the same
kinds of components as the dashboard: labelled sliders, a probability bar chart and a heatmap.

    gunicorn bench.baseline_dash:server
"""
from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html

app = dash.Dash(__name__, title="Dash defaults")
app.layout = html.Main([
    html.H1("Dash defaults"),
    *[html.Label([f"feature {i}", dcc.Slider(0, 10, 0.1, value=5, id=f"slider-{i}")]) for i in range(11)],
    dcc.Graph(id="bars", figure=go.Figure(go.Bar(x=["poor", "average", "good"], y=[0.3, 0.5, 0.2]))),
    dcc.Graph(id="heatmap", figure=go.Figure(go.Heatmap(z=[[300, 80, 5], [90, 350, 60], [10, 70, 180]]))),
])
server = app.server
