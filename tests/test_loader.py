"""model/loader.py: the artifact is verified before unpickling, and every failure is one clear line."""
from __future__ import annotations

import json
import shutil

import pytest
import sklearn

from model.loader import FAST_PATH_MAX_ROWS, MODEL_DIR, ArtifactError, load_model


@pytest.fixture
def artifact_copy(tmp_path):
    for name in ("manifest.json", "wine_gbm.pkl"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    return tmp_path


def _refused(model_dir) -> str:
    with pytest.raises(ArtifactError) as err:
        load_model(model_dir)
    message = str(err.value)
    assert "\n" not in message and "python -m model.train" in message
    assert err.value.__cause__ is None  # no pickle traceback chained in
    return message


def test_shipped_artifact_loads_and_matches_manifest(loaded_model):
    assert loaded_model.sha256 == loaded_model.manifest["model"]["sha256"]
    assert loaded_model.classes == ("poor", "average", "good")


def test_a_copy_loads(artifact_copy):
    assert load_model(artifact_copy).sha256 == json.loads((artifact_copy / "manifest.json").read_text())["model"]["sha256"]


def test_tampered_pickle_is_refused_before_unpickling(artifact_copy, monkeypatch):
    blob = bytearray((artifact_copy / "wine_gbm.pkl").read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (artifact_copy / "wine_gbm.pkl").write_bytes(bytes(blob))

    def never(*a, **k):
        raise AssertionError("a tampered pickle was unpickled")

    monkeypatch.setattr("pickle.loads", never)
    assert "does not match its manifest" in _refused(artifact_copy)


def test_a_malicious_pickle_is_never_run(artifact_copy, tmp_path):
    import pickle

    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (artifact_copy / "wine_gbm.pkl").write_bytes(pickle.dumps(Evil()))
    assert "refusing to unpickle" in _refused(artifact_copy)
    assert not marker.exists()


def test_wrong_sklearn_version_in_manifest_is_refused(artifact_copy):
    path = artifact_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["versions"]["scikit-learn"] = "0.24.2"
    path.write_text(json.dumps(manifest))
    message = _refused(artifact_copy)
    assert f"trained with scikit-learn 0.24.2 but {sklearn.__version__} is installed" in message


@pytest.mark.parametrize("missing", ["manifest.json", "wine_gbm.pkl"])
def test_missing_file_is_refused(artifact_copy, missing):
    (artifact_copy / missing).unlink()
    assert "not found" in _refused(artifact_copy)


def test_corrupt_manifest_is_refused(artifact_copy):
    (artifact_copy / "manifest.json").write_text("{not json")
    assert "not valid JSON" in _refused(artifact_copy)


def test_truncated_pickle_with_matching_checksum_is_refused_cleanly(artifact_copy):
    import hashlib

    blob = (artifact_copy / "wine_gbm.pkl").read_bytes()[:1000]
    (artifact_copy / "wine_gbm.pkl").write_bytes(blob)
    manifest = json.loads((artifact_copy / "manifest.json").read_text())
    manifest["model"]["sha256"] = hashlib.sha256(blob).hexdigest()
    (artifact_copy / "manifest.json").write_text(json.dumps(manifest))
    assert "could not be unpickled" in _refused(artifact_copy)


def _edit_manifest(model_dir, change) -> None:
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_a_patch_release_of_scikit_learn_is_refused_too(artifact_copy):
    major, minor, *_ = sklearn.__version__.split(".")
    other = f"{major}.{minor}.{99}"  # same major.minor, another patch: the pickle is still not guaranteed to load
    _edit_manifest(artifact_copy, lambda m: m["versions"].update({"scikit-learn": other}))
    assert f"trained with scikit-learn {other} but {sklearn.__version__} is installed" in _refused(artifact_copy)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda m: m.pop("features"), "'features' is missing"),
        (lambda m: m.pop("classes"), "'classes' is missing"),
        (lambda m: m.pop("metrics"), "'metrics' is missing"),
        (lambda m: m["metrics"]["test"].pop("accuracy"), "'metrics'['test']['accuracy'] is missing"),
        (lambda m: m["features"][3].pop("max"), "'features'[3]['max'] is missing"),
        (lambda m: m["features"][0].update(max="high"), "'features'[0]['max'] is not a number"),
        (lambda m: m["features"][5]["mean_by_color"].pop("red"), "'features'[5]['mean_by_color']['red'] is missing"),
        (lambda m: m["features"].pop(), "does not list the 11 measurements"),
        (lambda m: m.update(classes=["bad", "good"]), "'classes' is ['bad', 'good']"),
        (lambda m: m.pop("reference_wines"), "'reference_wines' is missing"),
        (lambda m: m["reference_wines"][0].update(probabilities=[1]), "is not 3 numbers"),
        (lambda m: m["model"].pop("sha256"), "'model'['sha256'] is missing"),
        (lambda m: m.update(features={}), "'features' is not a list"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_refused_in_one_line(artifact_copy, change, fragment):
    _edit_manifest(artifact_copy, change)
    assert fragment in _refused(artifact_copy)


def test_a_manifest_that_is_not_an_object_is_refused(artifact_copy):
    (artifact_copy / "manifest.json").write_text("[1, 2]")
    assert "the manifest is not an object" in _refused(artifact_copy)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a quick fit is enough here
def test_another_kind_of_model_with_a_matching_checksum_is_refused_in_one_line(artifact_copy, wine_split):
    import hashlib
    import pickle

    from sklearn.linear_model import LogisticRegression

    other = LogisticRegression(max_iter=50).fit(wine_split.X_train.head(300), wine_split.y_train[:300])
    blob = pickle.dumps(other)
    (artifact_copy / "wine_gbm.pkl").write_bytes(blob)
    _edit_manifest(artifact_copy, lambda m: m["model"].update(sha256=hashlib.sha256(blob).hexdigest()))
    assert "is a LogisticRegression, not the manifest's CalibratedClassifierCV" in _refused(artifact_copy)
    # even when the manifest names it: it is not a model this app can use
    _edit_manifest(artifact_copy, lambda m: m["model"].update(estimator="LogisticRegression"))
    assert "is a LogisticRegression" in _refused(artifact_copy)


# ---------------------------------------------------------------- every refusal's exact line, and the fast path's limit

def _repickled(model_dir, estimator) -> None:
    """Write `estimator` as the artifact, with the manifest's checksum and estimator name made to match."""
    import hashlib
    import pickle

    blob = pickle.dumps(estimator)
    (model_dir / "wine_gbm.pkl").write_bytes(blob)
    _edit_manifest(model_dir, lambda m: m["model"].update(sha256=hashlib.sha256(blob).hexdigest(),
                                                         estimator=type(estimator).__name__))


def test_a_tampered_pickle_is_named_with_both_checksums(artifact_copy):
    import hashlib

    path = artifact_copy / "wine_gbm.pkl"
    path.write_bytes(path.read_bytes() + b"x")
    got, expected = hashlib.sha256(path.read_bytes()).hexdigest(), json.loads(
        (artifact_copy / "manifest.json").read_text())["model"]["sha256"]
    assert _refused(artifact_copy) == (
        f"model file wine_gbm.pkl does not match its manifest (sha256 {got[:12]}..., expected {expected[:12]}...); "
        "refusing to unpickle it; retrain with `python -m model.train`")


def test_an_unreadable_pickle_names_the_error(artifact_copy):
    import hashlib

    blob = b"\x80\x05not a pickle"
    (artifact_copy / "wine_gbm.pkl").write_bytes(blob)
    _edit_manifest(artifact_copy, lambda m: m["model"].update(sha256=hashlib.sha256(blob).hexdigest()))
    assert _refused(artifact_copy) == ("model file wine_gbm.pkl could not be unpickled (UnpicklingError); "
                                       "retrain with `python -m model.train`")


@pytest.mark.parametrize("named", [True, False], ids=["other feature names", "no feature names"])
def test_a_model_fitted_on_other_features_is_refused(artifact_copy, wine_split, named):
    from sklearn.ensemble import GradientBoostingClassifier

    X = wine_split.X_train.head(200)
    X = X.rename(columns=lambda c: c.upper()) if named else X.to_numpy()
    _repickled(artifact_copy, GradientBoostingClassifier(n_estimators=2).fit(X, wine_split.y_train[:200]))
    assert _refused(artifact_copy) == ("model in wine_gbm.pkl does not have the expected features and classes; "
                                       "retrain with `python -m model.train`")


def test_a_model_that_cannot_be_compiled_is_refused_in_one_line(artifact_copy, monkeypatch):
    import model.loader

    def broken(estimator):
        raise ValueError("no trees")

    monkeypatch.setattr(model.loader, "CompiledForest", broken)
    assert _refused(artifact_copy) == ("model in wine_gbm.pkl cannot be compiled (ValueError: no trees); "
                                       "retrain with `python -m model.train`")


def test_the_loaded_model_knows_its_file(loaded_model):
    assert loaded_model.path == MODEL_DIR / "wine_gbm.pkl"


@pytest.mark.parametrize(("rows", "fast"), [(FAST_PATH_MAX_ROWS, True), (FAST_PATH_MAX_ROWS + 1, False)],
                         ids=["at the limit", "one past"])
def test_the_compiled_trees_score_up_to_their_row_limit(loaded_model, rows, fast):
    import numpy as np

    from model.loader import LoadedModel

    class Marked:
        def predict_proba(self, X):
            return "compiled trees"

    model = LoadedModel(loaded_model.estimator, loaded_model.manifest, loaded_model.sha256, loaded_model.path)
    model.__dict__["forest"] = Marked()
    X = np.array([[f["mean_by_color"]["white"] for f in loaded_model.features] + [0.0]] * rows)
    got = model.predict_proba(X)
    assert (got == "compiled trees") if fast else got.shape == (rows, 3)


@pytest.mark.parametrize("as_text", [False, True], ids=["Path", "str"])
def test_a_copy_loads_and_knows_its_own_file(artifact_copy, as_text):
    model = load_model(str(artifact_copy) if as_text else artifact_copy)
    assert model.path == artifact_copy / "wine_gbm.pkl" and model.path.is_file()
