"""Edits in, results out: debounce, validate, a quick preview, then the full run, then extras.

Each edit restarts a short timer, so typing "65" runs once, not twice. When it fires the plan
is validated on the GUI thread (cheap); a valid plan is projected on a pool thread in stages:

1. preview: Monte Carlo with ``preview_paths`` (1,000) so the charts follow an edit within a
   quarter of a second, shown as a preview; only when the plan asks for more paths than that
   (expected and historical runs, and smaller Monte Carlo runs, go straight to 2);
2. full: the plan's own path count (Simulation ▸ Paths) and seed, with progress, which the
   person may cancel (the preview stays on screen). The same count and seed give the same
   figures in the library, Compare, the PDF report and ``planner-cli``: one truth;
3. extras: the crypto-share sensitivity and the worst historical window, for their charts;
   the plan under every crypto outlook and under each stress test, for their tables.

Every stage carries the generation number it was started for. A newer edit bumps the
generation, which both cancels the running stage (the engine polls ``cancel``) and makes any
answer it still sends ignored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from planner.core.engine import Cancelled, project
from planner.core.errors import PlanError, Problem
from planner.core.model import Mode, Plan
from planner.core.outcomes import delivered_range
from planner.core.result import Result
from planner.core.validate import validate
from planner.gui.extras import Extras, extras_job, tables_mode
from planner.gui.results.table_model import TableData, table_data
from planner.gui.worker import Cancel, Progress, TaskRunner

__all__ = ["Extras", "ProjectionController", "tables_mode"]

# Edits in a burst (a key held on a spin box, fast typing) run once this long after the last
# of them; an edit after a pause runs at the next turn of the event loop, which still joins
# the changes one action makes at once. Every ms here is a ms before the answer: waiting
# the 30 ms after every edit was 30 of the 178-227 ms from an edit to its summary.
DEBOUNCE_MS = 30
GATE_POLL_MS = 15
GATE_MAX_MS = 500
PREVIEW_PATHS = 1_000


class ProjectionController(QObject):
    validated = Signal(list)  # list[Problem] for the plan just checked ([] when valid)
    started = Signal(str)  # "preview", "full" or "extras"
    progress = Signal(float)
    finished = Signal(object, float)  # Result, seconds (after the preview and the full run)
    extras_ready = Signal(object)  # Extras
    idle = Signal(str)  # every stage is done ("done"), or the person cancelled ("cancelled")
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.preview_paths = PREVIEW_PATHS
        # None: the plan's own count. Tests set a number to make a run long or short.
        self.full_paths: int | None = None
        self.extras_paths: int | None = None
        self.extras_enabled = True
        # The full run waits while this says the preview is still being drawn (the chart is
        # drawn on a worker too; both at once would slow the preview's chart down).
        self.gate: Callable[[], bool] = lambda: False
        self._gate_timer = QTimer(self)
        self._gate_timer.setInterval(GATE_POLL_MS)
        self._gate_timer.timeout.connect(self._gate_poll)
        self._gated: tuple[str, Plan, int, float] | None = None
        self.generation = 0
        self.problems: list[Problem] = []
        self.stage = ""  # the stage running now ("" when idle)
        self.last_stage = ""  # the stage of the last result sent
        self.last_tables: dict[bool, TableData] = {}  # its year tables, by today's dollars
        self._task: int | None = None  # the runner's number of the run we still want
        self._plan: Plan | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._last_edit = float("-inf")  # time.monotonic() of the last schedule()

    # ----- asking
    def schedule(self, plan: Plan) -> None:
        """The plan changed: run it once the person pauses."""
        self._plan = plan
        self.generation += 1  # anything running is now stale; let it stop early
        self._task = None
        self.stage = ""
        now = time.monotonic()
        in_burst = self._timer.isActive() or now - self._last_edit < DEBOUNCE_MS / 1000
        self._last_edit = now
        self._timer.start(DEBOUNCE_MS if in_burst else 0)

    def run_now(self, plan: Plan | None = None) -> None:
        self._timer.stop()
        plan = plan or self._plan
        if plan is None:
            return
        self._plan = plan
        self.generation += 1
        self._task = None
        self.stage = ""
        try:
            self.problems = validate(plan)
        except Exception as exc:  # noqa: BLE001 - a checker bug must not take the window down
            self.problems = [Problem("", f"the plan could not be checked ({exc})")]
        self.validated.emit(self.problems)
        if self.problems:
            return
        if plan.simulation.mode is Mode.MONTE_CARLO and self.preview_paths < self.paths(plan):
            self._start("preview", plan)
        else:
            self._start("full", plan)

    def paths(self, plan: Plan) -> int:
        """Paths of the full Monte Carlo run: the plan's."""
        return plan.simulation.paths if self.full_paths is None else self.full_paths

    def cancel(self) -> None:
        """Stop whatever runs (the Cancel button; closing the window)."""
        self._timer.stop()
        was_running = self._task is not None
        self.generation += 1
        self._task = None
        self.stage = ""
        if was_running:
            self.idle.emit("cancelled")

    @property
    def pending(self) -> bool:
        """True while a preview or full run waits for the timer or the worker."""
        return self._timer.isActive() or (
            self._task is not None and self.stage in ("preview", "full")
        )

    @property
    def busy(self) -> bool:
        """True while any stage, extras included, is still to come."""
        return self._timer.isActive() or self._task is not None

    # ----- the stages
    def _job(self, stage: str, plan: Plan) -> Any:
        if stage == "extras":
            return extras_job(plan, self.paths(plan) if self.extras_paths is None
                              else self.extras_paths)
        paths = self.preview_paths if stage == "preview" else self.paths(plan)

        def job(progress: Progress, cancel: Cancel) -> Prepared:
            result = project(plan, paths=paths, progress=progress, cancel=cancel)
            return prepare(result)

        return job

    def _start_after_gate(self, stage: str, plan: Plan, generation: int) -> None:
        self._gated = (stage, plan, generation, time.perf_counter() + GATE_MAX_MS / 1000)
        self.stage = stage  # already counted as running: ``pending`` stays True
        self._task = -1
        self._gate_poll()
        if self._gated is not None:
            self._gate_timer.start()

    def _gate_poll(self) -> None:
        if self._gated is None:
            self._gate_timer.stop()
            return
        stage, plan, generation, deadline = self._gated
        if generation != self.generation:  # a newer edit: this chain is over
            self._gated = None
            self._gate_timer.stop()
            return
        if self.gate() and time.perf_counter() < deadline:
            return
        self._gated = None
        self._gate_timer.stop()
        self._start(stage, plan)

    def _start(self, stage: str, plan: Plan) -> None:
        generation = self.generation
        self.stage = stage
        self.started.emit(stage)
        self._task = self.runner.start(
            self._job(stage, plan),
            on_done=self._done,
            on_failed=self._failed,
            on_progress=self._progress,
            cancel=lambda: self.generation != generation,
        )

    def _is_current(self, number: int) -> bool:
        return number == self._task

    def _progress(self, number: int, fraction: float) -> None:
        if self._is_current(number) and self.stage in ("full", "extras"):
            self.progress.emit(fraction)

    def _done(self, number: int, value: object, seconds: float) -> None:
        if not self._is_current(number):
            return
        self._task = None
        stage, self.stage = self.stage, ""
        plan = self._plan
        assert plan is not None
        if stage == "extras":
            self.extras_ready.emit(value)
            self.idle.emit("done")
            return
        self.last_stage = stage
        assert isinstance(value, Prepared)
        self.last_tables = value.tables
        generation = self.generation
        self.finished.emit(value.result, seconds)
        if self.generation != generation:
            return  # a slot of ``finished`` scheduled something newer: stop this chain
        if stage == "preview":
            self._start_after_gate("full", plan, generation)
        elif self.extras_enabled:
            self._start("extras", plan)
        else:
            self.idle.emit("done")

    def _failed(self, number: int, exc: BaseException) -> None:
        if not self._is_current(number):
            return
        self._task = None
        stage, self.stage = self.stage, ""
        if isinstance(exc, Cancelled):
            return
        if stage == "extras":  # the main result stands; only its extra charts are missing
            if self._plan is not None:
                self.extras_ready.emit(Extras(self._plan))
            self.idle.emit("done")
            return
        if isinstance(exc, PlanError):
            self.failed.emit("; ".join(exc.lines()))
        else:
            self.failed.emit(f"The projection failed: {exc}")
        self.idle.emit("done")


@dataclass(frozen=True)
class Prepared:
    """A result with what showing it needs computed on the worker, not the GUI thread."""

    result: Result
    tables: dict[bool, TableData]  # the year table in today's (True) and future dollars


def prepare(result: Result) -> Prepared:
    _ = result.summary  # cached on the result
    # Percentiles over every path (tens of ms for 10,000 paths): remembered for the last
    # result asked about, which the summary and the Spending chart ask for next.
    delivered_range(result)
    tables = {real: table_data(result.year_columns(real=real)) for real in (True, False)}
    return Prepared(result, tables)
