"""Load the model artifact once, after verifying it: checksum and scikit-learn version before unpickling.

The pickle is the project's own file, committed beside its manifest. Unpickling runs code, so nothing is
unpickled unless its sha256 equals the manifest's and the running scikit-learn is the one that trained it.
Every failure is one `ArtifactError` line that says what is wrong and how to fix it.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from model.fastpath import CompiledForest
from model.schema import CLASSES, FEATURE_NAMES

MODEL_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "manifest.json"
FIX = "retrain with `python -m model.train`"
FAST_PATH_MAX_ROWS = 64  # bench/model.py: the compiled trees win below ~100 rows, scikit-learn above


class ArtifactError(RuntimeError):
    """The model artifact is missing, corrupt, tampered with or from another scikit-learn."""


@dataclass(frozen=True)
class LoadedModel:
    """The verified estimator, its manifest and a compiled copy of its trees; read-only."""

    estimator: object
    manifest: dict
    sha256: str
    path: Path = field(repr=False)

    @cached_property
    def forest(self) -> CompiledForest:
        return CompiledForest(self.estimator)

    @cached_property
    def explainer(self):
        """Exact per-wine contributions (model/explain.py); built once, before the workers fork (gunicorn.conf.py)."""
        from model.explain import TreeExplainer

        return TreeExplainer(self.estimator)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities for validated rows in model order: the compiled trees for a few rows (no per-call
        overhead), scikit-learn's own predict_proba for large batches (its Cython loop wins past ~100 rows)."""
        if len(X) <= FAST_PATH_MAX_ROWS:
            return self.forest.predict_proba(X)
        return self.estimator.predict_proba(pd.DataFrame(X, columns=list(FEATURE_NAMES)))

    @cached_property
    def split(self):
        """The reference train/test split of data/ this model was evaluated on (read once, then shared)."""
        from model import data

        return data.split(data.load_wines())

    @cached_property
    def test_set(self):
        """The held-out test split scored by this model (built on first use, then shared)."""
        from model.testset import build_test_set

        return build_test_set(self)

    @cached_property
    def training_wines(self):
        """The what-if tools' view of the training split (model/whatif.py; built on first use, then shared)."""
        from model.whatif import TrainingWines

        return TrainingWines.build(self)

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.manifest["classes"])

    @property
    def features(self) -> list[dict]:
        return self.manifest["features"]


def _read_manifest(path: Path) -> dict:
    if not path.is_file():
        raise ArtifactError(f"model manifest not found at {path}; {FIX}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["model"]["file"], manifest["model"]["sha256"], manifest["versions"]["scikit-learn"]
    except (ValueError, KeyError, TypeError):
        raise ArtifactError(f"model manifest {path} is not valid JSON with model and versions; {FIX}") from None
    return manifest


def load_model(model_dir: Path = MODEL_DIR) -> LoadedModel:
    """Verify and unpickle the artifact in `model_dir`; raise ArtifactError with a one-line reason."""
    model_dir = Path(model_dir)
    manifest = _read_manifest(model_dir / MANIFEST_NAME)
    pickle_path = model_dir / Path(manifest["model"]["file"]).name
    if not pickle_path.is_file():
        raise ArtifactError(f"model file not found at {pickle_path}; {FIX}")
    trained_with = manifest["versions"]["scikit-learn"]
    if trained_with != sklearn.__version__:
        raise ArtifactError(
            f"model was trained with scikit-learn {trained_with} but {sklearn.__version__} is installed; "
            f"install scikit-learn=={trained_with} (pip install -r requirements.txt) or {FIX}"
        )
    blob = pickle_path.read_bytes()
    sha = hashlib.sha256(blob).hexdigest()
    if sha != manifest["model"]["sha256"]:
        raise ArtifactError(
            f"model file {pickle_path.name} does not match its manifest (sha256 {sha[:12]}..., "
            f"expected {manifest['model']['sha256'][:12]}...); refusing to unpickle it; {FIX}"
        )
    try:
        estimator = pickle.loads(blob)
    except Exception as exc:  # a verified file should never fail; say so in one line
        raise ArtifactError(f"model file {pickle_path.name} could not be unpickled ({type(exc).__name__}); {FIX}") from None
    if list(getattr(estimator, "feature_names_in_", [])) != list(FEATURE_NAMES) or tuple(manifest["classes"]) != CLASSES:
        raise ArtifactError(f"model in {pickle_path.name} does not have the expected features and classes; {FIX}")
    return LoadedModel(estimator=estimator, manifest=manifest, sha256=sha, path=pickle_path)
