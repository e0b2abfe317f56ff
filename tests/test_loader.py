"""model/loader.py: the artifact is verified before unpickling, and every failure is one clear line."""
from __future__ import annotations

import json
import shutil

import pytest
import sklearn

from model.loader import MODEL_DIR, ArtifactError, load_model


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
