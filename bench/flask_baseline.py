"""The baseline: a minimal Flask /predict as the original book app did it, served by gunicorn like the dashboard.

It loads the pickle and calls scikit-learn's predict_proba on the JSON wine it receives; no verification, no
fast path, no Dash. `python -m bench.load --target flask` serves and measures it.

    gunicorn bench.flask_baseline:app
"""
from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
from flask import Flask, jsonify, request

MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "wine_gbm.pkl"

app = Flask(__name__)
with open(MODEL_PATH, "rb") as fh:
    model = pickle.load(fh)


@app.post("/predict")
def predict():
    wine = request.get_json()
    row = pd.DataFrame([wine])[list(model.feature_names_in_)]
    proba = model.predict_proba(row)[0]
    return jsonify({"probabilities": dict(zip(["poor", "average", "good"], proba.tolist()))})
