"""Run and Cancel buttons with a progress bar, for one long search on the worker pool (the
Decisions and Goals panels).

The search runs on the window's TaskRunner; the GUI thread never waits for it. Each run has
a number: Cancel (or a new run) moves the number on, which both tells the search to stop at
its next check and drops anything it still sends, so an answer is only ever shown for the
run that is still wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from planner.gui.worker import Job, TaskRunner

STEPS = 1000  # of the progress bar


class RunBar(QWidget):
    def __init__(self, runner: TaskRunner, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._number = 0  # the run still wanted (0: none)
        self._running = False
        self.run_button = QPushButton("Run")
        self.run_button.setAutoDefault(False)
        self.run_button.setAccessibleName(f"Run the {what}")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setAccessibleName(f"Cancel the {what}")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(f"Progress of the {what}")
        self.progress.setRange(0, STEPS)
        self.progress.setFixedWidth(150)
        # Shown only while a search runs; its room is kept so the buttons never move.
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.progress)  # left of the buttons, which stay at the edge
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, job: Job, done: Callable[[Any], None],
              failed: Callable[[BaseException], None],
              progressed: Callable[[float], None] | None = None) -> None:
        """Run ``job`` on the worker; ``done``, ``failed`` and ``progressed`` are called on the
        GUI thread, and only for this run while it is still wanted."""
        self._number += 1
        number = self._number
        self._set_running(True)
        self.progress.setValue(0)

        def finished(_n: int, value: Any, _seconds: float) -> None:
            if number == self._number:
                self._set_running(False)
                self.progress.reset()  # the answer says it is done
                done(value)

        def failure(_n: int, exc: BaseException) -> None:
            if number == self._number:
                self._set_running(False)
                self.progress.reset()
                failed(exc)

        def moved(_n: int, fraction: float) -> None:
            if number == self._number:
                self.progress.setValue(round(max(0.0, min(fraction, 1.0)) * STEPS))
                if progressed is not None:
                    progressed(fraction)

        self.runner.start(job, finished, failure, moved, cancel=lambda: number != self._number)

    def cancel(self) -> bool:
        """Stop the run (its answer is dropped); True if one was running."""
        was = self._running
        self._number += 1
        self._set_running(False)
        self.progress.reset()
        return was

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
