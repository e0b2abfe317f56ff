"""model/train.py and the shipped artifact: the reference reproduces, the shipped model meets its targets."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sklearn.ensemble import GradientBoostingClassifier

from model import data, train
from model.loader import MODEL_DIR, load_model
from model.metrics import evaluate, expected_calibration_error


@pytest.fixture(scope="module")
def reference_dir(tmp_path_factory):
    """The uncalibrated reference configuration, trained by the command's own function."""
    out = tmp_path_factory.mktemp("reference")
    train.train(out, data.DATA_DIR, calibrated=False, quiet=True, command="test")
    return out


@pytest.mark.slow
def test_reference_configuration_reproduces_macro_precision(reference_dir, wine_split):
    reference = load_model(reference_dir)
    est = reference.estimator
    assert isinstance(est, GradientBoostingClassifier)
    assert (est.learning_rate, est.max_depth, est.random_state) == (0.1, 10, 10)
    m = evaluate(est.predict_proba(wine_split.X_test), wine_split.y_test)
    assert m["macro_precision"] == pytest.approx(0.735, abs=0.005)
    assert m["accuracy"] == pytest.approx(0.725, abs=0.005)
    # the reference is overconfident: that is what the shipped model fixes
    assert m["ece"] > 0.1 and m["log_loss"] > 0.66


@pytest.mark.slow
def test_manifest_has_everything_the_ui_and_api_read(reference_dir):
    manifest = json.loads((reference_dir / train.MANIFEST_NAME).read_text())
    assert manifest["classes"] == ["poor", "average", "good"]
    assert [f["name"] for f in manifest["features"]][:2] == ["fixed acidity", "volatile acidity"]
    for spec in manifest["features"]:
        assert spec["min"] <= spec["quantiles"]["0.5"] <= spec["max"]
        assert set(spec["mean_by_color"]) == {"white", "red"} and spec["unit"]
    for part in ("test", "test_without_twins"):
        metrics = manifest["metrics"][part]
        assert {"macro_precision", "accuracy", "log_loss", "ece", "per_class", "confusion_matrix"} <= set(metrics)
    assert manifest["metrics"]["test_without_twins"]["n"] == 1300 - 361
    assert set(manifest["versions"]) == {"python", "scikit-learn", "numpy", "pandas"}
    assert set(manifest["data"]["files"]) == {"winequality-white.csv", "winequality-red.csv"}
    assert manifest["model"]["pickle_protocol"] == 5
    assert manifest["command"] == "test"
    assert manifest["model"]["calibration"] == {"method": "none"}


def test_shipped_model_is_a_calibrated_gbm(loaded_model):
    est = loaded_model.estimator
    assert type(est).__name__ == "CalibratedClassifierCV" and est.method == "temperature"
    gbm = est.calibrated_classifiers_[0].estimator
    assert isinstance(gbm, GradientBoostingClassifier)
    assert (gbm.learning_rate, gbm.max_depth) == (0.1, 10)


def test_shipped_model_meets_its_targets_recomputed_from_artifact_and_data(loaded_model, wine_split):
    proba = loaded_model.estimator.predict_proba(wine_split.X_test)
    m = evaluate(proba, wine_split.y_test)
    assert m["macro_precision"] >= 0.735
    assert expected_calibration_error(proba, wine_split.y_test) <= 0.05
    assert m["log_loss"] <= 0.62
    # and the manifest tells the truth about it
    assert m == loaded_model.manifest["metrics"]["test"]


def test_calibration_was_fitted_on_the_training_split_only(loaded_model):
    calibration = loaded_model.manifest["model"]["calibration"]
    assert calibration["method"] == "temperature"
    assert "training split" in calibration["fitted_on"]
    # the temperature is a learned parameter, not the identity
    assert 0 < calibration["inverse_temperature"] < 1


def test_manifest_records_provenance(loaded_model):
    manifest = loaded_model.manifest
    for name, info in manifest["data"]["files"].items():
        assert info["sha256"] == data.sha256_file(data.DATA_DIR / name)
    assert manifest["command"] == "python -m model.train"
    assert manifest["data"]["split"]["test_rows_with_train_twin"] == 361
    assert manifest["class_quality"] == {"poor": [3, 5], "average": [6, 6], "good": [7, 9]}


def test_ece_on_known_values():
    import numpy as np

    proba = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.2, 0.7, 0.1]])
    y = np.array([0, 1, 1, 1])
    # bin 0.9: confidence 0.9, accuracy 0.5 -> 0.4; bin 0.7: 0.7 vs 1.0 -> 0.3; weights 1/2 each
    assert expected_calibration_error(proba, y) == pytest.approx(0.35)


def test_training_command_has_help():
    out = subprocess.run([sys.executable, "-m", "model.train", "--help"], capture_output=True, text=True,
                         cwd=MODEL_DIR.parent, timeout=60)
    assert out.returncode == 0 and "--reference" in out.stdout and "--output-dir" in out.stdout


def test_training_command_reports_a_bad_data_dir(tmp_path):
    out = subprocess.run([sys.executable, "-m", "model.train", "--data-dir", str(tmp_path), "--output-dir",
                          str(tmp_path / "out")], capture_output=True, text=True, cwd=MODEL_DIR.parent, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip() == f"error: {tmp_path / 'winequality-white.csv'}: file not found"


# --- the model card's global views: importance and reliability, recomputed from the artifact and the data ---------


def test_manifest_mean_abs_contributions_recomputed(loaded_model, wine_split):
    from model import insight

    recorded = loaded_model.manifest["importance"]["mean_abs_contribution"]
    again = insight.mean_abs_contribution(loaded_model.estimator, wine_split.X_test)
    for bucket, per_feature in recorded.items():
        assert again[bucket] == pytest.approx(per_feature, abs=1e-6)
    assert set(recorded) == {"poor", "average", "good"} and len(recorded["good"]) == 12
    # alcohol is what the model leans on most for 'good', by a margin
    assert max(recorded["good"], key=recorded["good"].get) == "alcohol"


@pytest.mark.slow
def test_manifest_permutation_importance_recomputed(loaded_model, wine_split):
    from model import insight

    recorded = loaded_model.manifest["importance"]["permutation"]
    assert (recorded["scoring"], recorded["n_repeats"]) == ("precision_macro", 10)
    again = insight.permutation(loaded_model.estimator, wine_split.X_test, wine_split.y_test)
    assert again == recorded


def test_manifest_reliability_of_the_shipped_model_recomputed(loaded_model, wine_split):
    from model import insight

    proba = loaded_model.estimator.predict_proba(wine_split.X_test)
    recorded = loaded_model.manifest["reliability"]
    assert recorded["kind"] == "top label" and recorded["n_bins"] == 10
    shipped = recorded["models"]["shipped"]
    assert shipped == insight.reliability_curve(proba, wine_split.y_test)
    assert sum(b["count"] for b in shipped["bins"]) == 1300
    assert shipped["ece"] == pytest.approx(loaded_model.manifest["metrics"]["test"]["ece"], abs=1e-6)


@pytest.mark.slow
def test_manifest_reliability_of_the_reference_recomputed(loaded_model, reference_dir, wine_split):
    """The reference GBM fitted in the training run is the reference configuration: same curve, ECE 0.133."""
    from model import insight

    reference = load_model(reference_dir).estimator
    curve = insight.reliability_curve(reference.predict_proba(wine_split.X_test), wine_split.y_test)
    assert loaded_model.manifest["reliability"]["models"]["reference"] == curve
    assert curve["ece"] > 0.1
    # its expected costs miss what it pays: uncalibrated probabilities expect about half the realised cost
    costs = insight.decision_costs({"reference": (reference.predict_proba(wine_split.X_test), wine_split.y_test)})
    assert loaded_model.manifest["decision_costs"]["models"]["reference"] == costs["models"]["reference"]
    for row in costs["models"]["reference"].values():
        assert row["expected"] < 0.7 * row["realized"]


def test_manifest_decision_costs_of_the_shipped_model_recomputed(loaded_model, wine_split):
    """Expected against realised cost per wine under the presets: the calibrated model expects what it pays."""
    from model import insight
    from model.decision import PRESET_COSTS

    proba = loaded_model.estimator.predict_proba(wine_split.X_test)
    recorded = loaded_model.manifest["decision_costs"]
    again = insight.decision_costs({"shipped": (proba, wine_split.y_test)})
    assert recorded["models"]["shipped"] == again["models"]["shipped"]
    assert set(recorded["policies"]) == set(PRESET_COSTS) | {"poor-as-good+taster"}
    assert recorded["policies"]["poor-as-good+taster"] == {"costs": PRESET_COSTS["poor-as-good"], "refer": 0.3}
    for row in recorded["models"]["shipped"].values():
        assert abs(row["expected"] - row["realized"]) < 0.2 * row["realized"]
