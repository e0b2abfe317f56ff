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
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import GradientBoostingClassifier

from model.fastpath import CompiledForest
from model.manifest_schema import manifest_problem
from model.schema import CLASSES, FEATURE_NAMES

MODEL_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "manifest.json"
FIX = "retrain with `python -m model.train`"
ESTIMATORS = (CalibratedClassifierCV, GradientBoostingClassifier)  # what model/train.py writes
FAST_PATH_MAX_ROWS = 64  # bench/model.py: the compiled trees win below ~100 rows, scikit-learn above


class ArtifactError(RuntimeError):
    """The model artifact is missing, corrupt, tampered with or from another scikit-learn."""


@dataclass(frozen=True, eq=False)
class LoadedModel:
    """The verified estimator, its manifest and a compiled copy of its trees; read-only.

    Only the artifact: what is scored with it (split, test set, training wines) is model/reference.py."""

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
        manifest = json.loads(path.read_text(encoding="utf-8"))  # pragma: no mutate  (None: the locale's, UTF-8)
    except (ValueError, UnicodeDecodeError):
        raise ArtifactError(f"model manifest {path} is not valid JSON; {FIX}") from None
    problem = manifest_problem(manifest)
    if problem:
        raise ArtifactError(f"model manifest {path}: {problem}; {FIX}")
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
    if type(estimator).__name__ != manifest["model"]["estimator"] or not isinstance(estimator, ESTIMATORS):
        raise ArtifactError(
            f"model in {pickle_path.name} is a {type(estimator).__name__}, not the manifest's "
            f"{manifest['model']['estimator']} (a gradient-boosting model); {FIX}"
        )
    if list(getattr(estimator, "feature_names_in_", [])) != list(FEATURE_NAMES) or tuple(manifest["classes"]) != CLASSES:
        raise ArtifactError(f"model in {pickle_path.name} does not have the expected features and classes; {FIX}")
    model = LoadedModel(estimator=estimator, manifest=manifest, sha256=sha, path=pickle_path)
    try:
        model.forest  # compile the trees now: a model that cannot be compiled fails here, in one line
    except Exception as exc:  # noqa: BLE001 - any failure is the artifact's, and is reported as such
        raise ArtifactError(f"model in {pickle_path.name} cannot be compiled ({type(exc).__name__}: {exc}); {FIX}") from None
    return model
