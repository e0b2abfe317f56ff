"""A training progress bar fed by GradientBoostingClassifier.fit(monitor=...): stage n of N, elapsed time, ETA.

    with FitProgress("fitting the reference GBM", total_stages=100) as progress:
        gbm.fit(X, y, monitor=progress.monitor)

The monitor is called once per boosting stage of every GBM fit it is passed to, including the out-of-fold fits
that CalibratedClassifierCV runs in joblib's worker processes (its fit routes `monitor` to each of them), so N counts
the stages of all of them. The monitor travels to those processes with the fit's parameters and reports each stage
through a multiprocessing manager's queue; a thread of this process reads the queue and draws the bar. The fits run
exactly as without it: the monitor never stops a fit early and is not stored on the fitted model.

On a terminal the bar is one line redrawn in place at every stage; otherwise a plain line at each tenth of the
stages (`lines`); quiet: nothing.
"""
from __future__ import annotations

import shutil
import signal
import sys
import threading
import time
from multiprocessing.managers import SyncManager
from typing import TextIO

BAR_WIDTH = 30


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


def _ignore_interrupts() -> None:
    """In the manager's process: Ctrl-C stops the training command, which then shuts the manager down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class StageMonitor:
    """GradientBoostingClassifier's `monitor`: reports each fitted stage to the queue; picklable, so it reaches the
    fits in joblib's worker processes too."""

    def __init__(self, queue) -> None:
        self.queue = queue

    def __call__(self, i: int, estimator, env: dict | None = None) -> bool:
        self.queue.put(i)
        return False  # never stop early: the progress bar must not change the model


class FitProgress:
    """Counts boosting stages as the fits report them and shows the count; pass `monitor` to each fit."""

    def __init__(self, label: str, total_stages: int, quiet: bool = False, stream: TextIO | None = None,
                 lines: int = 10) -> None:
        self.label, self.total, self.quiet = label, max(1, total_stages), quiet
        self.stream = sys.stdout if stream is None else stream
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.lines = max(1, lines)
        self.stages = 0
        self.seconds = 0.0
        self._width = 0  # of the last redrawn line, to blank what a shorter one leaves behind

    def __enter__(self) -> FitProgress:
        self._manager = SyncManager()
        self._manager.start(_ignore_interrupts)
        queue = self._manager.Queue()
        self.monitor = StageMonitor(queue)
        self._reader = threading.Thread(target=self._read, args=(queue,), name="fit-progress", daemon=True)
        self.start = time.perf_counter()
        self._write(f"{self.label}: {self.total} boosting stages\n")
        self._show()
        self._reader.start()
        return self

    def _read(self, queue) -> None:
        while queue.get() is not None:
            self._stage()

    def _stage(self) -> None:
        before = self.stages * self.lines // self.total
        self.stages += 1
        if self.tty or self.stages * self.lines // self.total > before:
            self._show()

    def __exit__(self, exc_type, exc, tb) -> None:
        # every stage was queued before the fit returned: the reader draws them all, then meets the end mark
        self.monitor.queue.put(None)
        self._reader.join()
        self._manager.shutdown()
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
