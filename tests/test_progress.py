"""model/progress.py: the training progress bar, fed by real GBM fits through their monitor hook."""
from __future__ import annotations

import io
import json
import pickle
import re

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold

from model import train
from model.progress import FitProgress

STAGES = 12


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(240, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1).astype(int)
    return X, y


def small_gbm() -> GradientBoostingClassifier:
    return GradientBoostingClassifier(n_estimators=STAGES, max_depth=2, subsample=0.8, random_state=1)


def calibrated_gbm(folds: int = 3) -> CalibratedClassifierCV:
    return CalibratedClassifierCV(small_gbm(), method="temperature", cv=StratifiedKFold(folds), ensemble=False,
                                  n_jobs=-1)


def test_plain_lines_when_the_output_is_not_a_terminal(small_data):
    out = io.StringIO()
    with FitProgress("fitting", STAGES, stream=out, lines=4) as progress:
        small_gbm().fit(*small_data, monitor=progress.monitor)
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and "#" not in out.getvalue()
    assert lines[0] == f"fitting: {STAGES} boosting stages"
    # one line at each quarter of the stages, counted from the fit's own calls
    assert [re.match(r"  stage (\d+)/12, \d+ s elapsed, ETA \d+ s$", x).group(1) for x in lines[1:-1]] == [
        "3", "6", "9", "12"]
    assert re.fullmatch(r"fitting: done in \d+\.\d s", lines[-1])
    assert progress.stages == STAGES and progress.seconds > 0


def test_one_line_redrawn_in_place_on_a_terminal(small_data):
    out = Terminal()
    with FitProgress("fitting", STAGES, stream=out) as progress:
        small_gbm().fit(*small_data, monitor=progress.monitor)
    text = out.getvalue()
    header, bar, done = text.split("\n")[:3]
    assert header == f"fitting: {STAGES} boosting stages"
    frames = bar.split("\r")[1:]
    assert len(frames) == STAGES + 1  # the empty bar, then one redraw per stage
    assert frames[0].startswith("  [" + "." * 30 + "]   0% stage 0/12") and "ETA ?" in frames[0]
    assert frames[6].startswith("  [" + "#" * 15 + "." * 15 + "]  50% stage 6/12")
    assert frames[-1].startswith("  [" + "#" * 30 + "] 100% stage 12/12") and "ETA 0 s" in frames[-1]
    assert done.startswith("fitting: done in")


def test_quiet_prints_nothing(small_data):
    for out in (io.StringIO(), Terminal()):
        with FitProgress("fitting", STAGES, quiet=True, stream=out) as progress:
            small_gbm().fit(*small_data, monitor=progress.monitor)
        assert out.getvalue() == "" and progress.stages == STAGES


def test_an_interrupted_fit_says_where_it_stopped():
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        with FitProgress("fitting", STAGES, stream=out) as progress:
            progress.monitor(0, None)
            raise KeyboardInterrupt
    assert out.getvalue().splitlines()[-1].startswith("fitting: stopped at stage 1/12 after")


def test_every_fit_inside_the_calibration_reports_to_one_bar(small_data):
    """CalibratedClassifierCV routes the monitor to its 3 out-of-fold fits, in joblib's worker processes, and the
    final one in this process."""
    out = io.StringIO()
    with FitProgress("fitting", 4 * STAGES, stream=out) as progress:
        calibrated_gbm().fit(*small_data, monitor=progress.monitor)
    assert progress.stages == 4 * STAGES
    assert out.getvalue().splitlines()[-2].startswith(f"  stage {4 * STAGES}/{4 * STAGES},")


def test_the_monitor_changes_nothing_in_the_fitted_model(small_data):
    """Same probabilities, same pickle bytes: the monitor is neither stored nor able to stop a fit early."""
    plain = calibrated_gbm().fit(*small_data)
    with FitProgress("fitting", 4 * STAGES, quiet=True) as progress:
        watched = calibrated_gbm().fit(*small_data, monitor=progress.monitor)
    assert np.array_equal(plain.predict_proba(small_data[0]), watched.predict_proba(small_data[0]))
    assert pickle.dumps(plain, protocol=5) == pickle.dumps(watched, protocol=5)


@pytest.fixture
def tiny_shipped_model(monkeypatch):
    """The training command's own configuration, cut to a few small trees so that it trains in a second: the
    shipped GBM's, and the reference GBM's that the command fits for the reliability diagram."""
    small = {"n_estimators": 5, "max_depth": 2}
    monkeypatch.setattr(train, "SHIPPED_PARAMS", train.SHIPPED_PARAMS | small)
    monkeypatch.setattr(train, "REFERENCE_PARAMS", train.REFERENCE_PARAMS | small)


def test_the_training_command_shows_every_stage_of_every_fit(tiny_shipped_model, tmp_path, capsys):
    assert train.main(["--output-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    total = 5 * (train.CALIBRATION_FOLDS + 1)
    assert f"fitting the GBM and 5 out-of-fold GBMs for the temperature: {total} boosting stages" in out
    assert re.search(rf"^  stage {total}/{total}, \d+ s elapsed, ETA 0 s$", out, re.M)
    manifest = json.loads((tmp_path / train.MANIFEST_NAME).read_text())
    assert manifest["model"]["fit_seconds"] >= 0


def test_the_training_command_with_quiet_shows_only_the_model_card(tiny_shipped_model, tmp_path, capsys):
    assert train.main(["--output-dir", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "stage" not in out and "boosting stages" not in out
    assert out.startswith("model: CalibratedClassifierCV") and "pickle sha256" in out
