"""Run a function on a QThreadPool and hear back on the GUI thread.

The function gets ``progress(fraction)`` and ``cancel() -> bool`` callables and must not touch
widgets. Results, failures and progress come back as signals of a QObject that lives on the
GUI thread, so Qt queues them there; every task carries a number the caller can use to drop
answers it no longer wants.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
Cancel = Callable[[], bool]
Job = Callable[[Progress, Cancel], Any]


class TaskSignals(QObject):
    progress = Signal(int, float)  # task number, fraction done
    finished = Signal(int, object, float)  # task number, return value, seconds
    failed = Signal(int, object)  # task number, the exception


class Task(QRunnable):
    def __init__(self, number: int, job: Job, cancel: Cancel, signals: TaskSignals) -> None:
        super().__init__()
        self.number = number
        self.job = job
        self.cancel = cancel
        self.signals = signals

    def run(self) -> None:  # on a pool thread: no widgets here
        started = time.perf_counter()
        try:
            value = self.job(lambda f: self.signals.progress.emit(self.number, f), self.cancel)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
            if not self.cancel():
                log.error("background task failed", exc_info=exc)
            self.signals.failed.emit(self.number, exc)
        else:
            self.signals.finished.emit(self.number, value, time.perf_counter() - started)


class TaskRunner(QObject):
    """Starts tasks; keeps their signal objects alive until they report."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._count = 0
        self._live: dict[int, TaskSignals] = {}

    def start(
        self,
        job: Job,
        on_done: Callable[[int, Any, float], None],
        on_failed: Callable[[int, BaseException], None],
        on_progress: Callable[[int, float], None] | None = None,
        cancel: Cancel | None = None,
    ) -> int:
        self._count += 1
        number = self._count
        signals = TaskSignals(self)
        signals.finished.connect(on_done)
        signals.failed.connect(on_failed)
        if on_progress is not None:
            signals.progress.connect(on_progress)
        signals.finished.connect(lambda *_: self._forget(number))
        signals.failed.connect(lambda *_: self._forget(number))
        self._live[number] = signals
        self.pool.start(Task(number, job, cancel or (lambda: False), signals))
        return number

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def _forget(self, number: int) -> None:
        signals = self._live.pop(number, None)
        if signals is not None:
            signals.deleteLater()
