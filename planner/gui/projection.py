"""Edits in, results out: debounce, validate, project on a worker, drop stale answers.

Each edit restarts a short timer, so typing "65" runs one projection, not two. When it fires
the plan is validated on the GUI thread (cheap); a valid plan is projected on a pool thread
with a generation number. A newer edit bumps the generation, which both cancels the running
projection (the engine polls ``cancel``) and makes any answer it still sends ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from planner.core.engine import Cancelled, project
from planner.core.errors import PlanError, Problem
from planner.core.model import Plan
from planner.core.result import Result
from planner.core.validate import validate
from planner.gui.worker import Cancel, Progress, TaskRunner

DEBOUNCE_MS = 150


class ProjectionController(QObject):
    validated = Signal(list)  # list[Problem] for the plan just checked ([] when valid)
    started = Signal()
    progress = Signal(float)
    finished = Signal(object, float)  # Result, seconds
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.generation = 0
        self.problems: list[Problem] = []
        self._task: int | None = None  # the runner's number of the run we still want
        self._plan: Plan | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)

    def schedule(self, plan: Plan) -> None:
        """The plan changed: run it once the person pauses."""
        self._plan = plan
        self.generation += 1  # anything running is now stale; let it stop early
        self._task = None
        self._timer.start()

    def run_now(self, plan: Plan | None = None) -> None:
        self._timer.stop()
        plan = plan or self._plan
        if plan is None:
            return
        self._plan = plan
        self.generation += 1
        generation = self.generation
        try:
            self.problems = validate(plan)
        except Exception as exc:  # noqa: BLE001 - a checker bug must not take the window down
            self.problems = [Problem("", f"the plan could not be checked ({exc})")]
        self._task = None
        self.validated.emit(self.problems)
        if self.problems:
            return

        def job(progress: Progress, cancel: Cancel) -> Result:
            return project(plan, progress=progress, cancel=cancel)

        self.started.emit()
        self._task = self.runner.start(
            job,
            on_done=self._done,
            on_failed=self._failed,
            on_progress=self._progress,
            cancel=lambda: self.generation != generation,
        )

    def cancel(self) -> None:
        self._timer.stop()
        self.generation += 1
        self._task = None

    @property
    def pending(self) -> bool:
        """True while a run is waiting for the timer or the worker."""
        return self._timer.isActive() or self._task is not None

    def _is_current(self, number: int) -> bool:
        return number == self._task

    def _progress(self, number: int, fraction: float) -> None:
        if self._is_current(number):
            self.progress.emit(fraction)

    def _done(self, number: int, result: object, seconds: float) -> None:
        if self._is_current(number):
            self._task = None
            self.finished.emit(result, seconds)

    def _failed(self, number: int, exc: BaseException) -> None:
        if not self._is_current(number):
            return
        self._task = None
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, PlanError):
            self.failed.emit("; ".join(exc.lines()))
        else:
            self.failed.emit(f"The projection failed: {exc}")
