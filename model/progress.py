"""A training progress bar fed by GradientBoostingClassifier.fit(monitor=...): stage n of N, elapsed time, ETA.

    with FitProgress("fitting the reference GBM", total_stages=100) as progress:
        gbm.fit(X, y, monitor=progress)

The monitor is called once per boosting stage of every GBM fit it is passed to, including the out-of-fold fits
inside CalibratedClassifierCV (its fit routes `monitor` to each of them), so N counts the stages of all of them.
Those fits run in joblib workers: `fitting_threads()` keeps the workers in this process, so their calls reach this
object. It only reports: it never stops a fit early and is not stored on the fitted model.

On a terminal the bar is one line redrawn in place at every stage; otherwise a plain line at each tenth of the
stages (`lines`); quiet: nothing.
"""
from __future__ import annotations

import shutil
import sys
import threading
import time
from contextlib import AbstractContextManager
from typing import TextIO

from joblib import parallel_config

BAR_WIDTH = 30


def fitting_threads() -> AbstractContextManager:
    """scikit-learn's parallel fits as threads of this process (tree building releases the GIL), not processes."""
    return parallel_config(backend="threading")


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


class FitProgress:
    """Counts boosting stages as the fits report them and shows the count; use as the `monitor` of each fit."""

    def __init__(self, label: str, total_stages: int, quiet: bool = False, stream: TextIO | None = None,
                 lines: int = 10) -> None:
        self.label, self.total, self.quiet = label, max(1, total_stages), quiet
        self.stream = sys.stdout if stream is None else stream
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.lines = max(1, lines)
        self.stages = 0
        self.seconds = 0.0
        self._lock = threading.Lock()
        self._width = 0  # of the last redrawn line, to blank what a shorter one leaves behind

    def __enter__(self) -> FitProgress:
        self.start = time.perf_counter()
        self._write(f"{self.label}: {self.total} boosting stages\n")
        self._show()
        return self

    def __call__(self, i: int, estimator, env: dict | None = None) -> bool:
        """GradientBoostingClassifier's monitor: stage `i` (0-based) of `estimator` has just been fitted."""
        with self._lock:
            before = self.stages * self.lines // self.total
            self.stages += 1
            if self.tty or self.stages * self.lines // self.total > before:
                self._show()
        return False  # never stop early: the progress bar must not change the model

    def __exit__(self, exc_type, exc, tb) -> None:
        self.seconds = time.perf_counter() - self.start
        if self.tty:
            self._write("\n")
        outcome = "done in" if exc_type is None else f"stopped at stage {self.stages}/{self.total} after"
        self._write(f"{self.label}: {outcome} {self.seconds:.1f} s\n")

    def line(self, elapsed: float) -> str:
        """The progress as text: bar (terminal only), stage n of N, elapsed and ETA."""
        n, total = self.stages, self.total
        eta = _duration(elapsed * (total - n) / n) if n else "?"
        text = f"stage {n}/{total}, {_duration(elapsed)} elapsed, ETA {eta}"
        if not self.tty:
            return f"  {text}"
        filled = min(BAR_WIDTH, BAR_WIDTH * n // total)
        return f"  [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {100 * n // total:3d}% {text}"

    def _show(self) -> None:
        if self.quiet:
            return
        text = self.line(time.perf_counter() - self.start)
        if self.tty:
            text = text[: shutil.get_terminal_size().columns - 1]  # a wrapped line cannot be redrawn in place
            padded = text.ljust(self._width)
            self._width = len(text)
            self._write("\r" + padded)
        elif self.stages:
            self._write(text + "\n")

    def _write(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text)
            self.stream.flush()
