"""Run a function on a QThreadPool and hear back on the GUI thread.

The function gets ``progress(fraction)`` and ``cancel() -> bool`` callables and must not touch
widgets. Results, failures and progress come back as signals of one QObject per runner that lives
on the GUI thread, so Qt queues them there; every task carries a number the caller can use to drop
answers it no longer wants.

Why one signals object per runner, not one per task: a per-task object was deleted (deleteLater)
once its task had reported, and deleting it released the callables connected to it. When one of
those held the last reference to the runner, the runner was deleted too, from inside its child's
destructor, and deleted that child a second time: a segfault (seen in CI; tests/gui/
test_worker.py reproduces it). The runner now keeps each task's callables itself and lets go of
them in an ordinary slot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
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


@dataclass
class _Callbacks:
    done: Callable[[int, Any, float], None]
    failed: Callable[[int, BaseException], None]
    progress: Callable[[int, float], None] | None


def _receiver_gone(fn: Callable[..., Any]) -> bool:
    """True for a bound method of a Qt object already deleted: a Qt connection to it would have
    been dropped with it, and so is this call."""
    owner = getattr(fn, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


class TaskRunner(QObject):
    """Starts tasks; hands each one's answer to the callables it was started with."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Created before the signals object, so deleted before it: a pool owned here waits for
        # its running tasks, which may still emit.
        self.pool = pool or QThreadPool(self)
        self._count = 0
        self._live: dict[int, _Callbacks] = {}
        self._signals = TaskSignals(self)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._signals.progress.connect(self._progress)

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
        self._live[number] = _Callbacks(on_done, on_failed, on_progress)
        self.pool.start(Task(number, job, cancel or (lambda: False), self._signals))
        return number

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    # ----- on the GUI thread
    def _finished(self, number: int, value: Any, seconds: float) -> None:
        callbacks = self._live.get(number)
        try:
            if callbacks is not None and not _receiver_gone(callbacks.done):
                callbacks.done(number, value, seconds)
        finally:
            self._live.pop(number, None)

    def _failed(self, number: int, exc: BaseException) -> None:
        callbacks = self._live.get(number)
        try:
            if callbacks is not None and not _receiver_gone(callbacks.failed):
                callbacks.failed(number, exc)
        finally:
            self._live.pop(number, None)

    def _progress(self, number: int, fraction: float) -> None:
        callbacks = self._live.get(number)
        if callbacks is not None and callbacks.progress is not None \
                and not _receiver_gone(callbacks.progress):
            callbacks.progress(number, fraction)
