"""The Goals panel: for a target success rate, how much the household can spend, how much more
it must save and when it can retire (planner.core.goals.seek), searched on the worker when
asked and told in the words of planner.outcome_text (the same as the CLI and the PDF).

As with the Decisions panel, the answer belongs to the plan it was sought for: an edit marks
it out of date, a search for an older plan is stopped, and only a current answer goes into
the PDF.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner import format as fmt
from planner import outcome_text as ot
from planner.core.errors import PlanError
from planner.core.goals import Cancelled, Goals, seek
from planner.core.model import Plan
from planner.core.validate import validate
from planner.gui.results.answer_parts import hint, runs_words, stale_note, words
from planner.gui.results.run_bar import RunBar
from planner.gui.worker import Cancel, Progress, TaskRunner

GOALS_PATHS = 1000  # paths of every run of the three searches
INTRO = ("Three questions for one target: the most you can spend in retirement, what to "
         "save until then, and the earliest you can retire.")
QUESTIONS = ("Spending in retirement", "Saving until then", "Retiring")


class GoalsPanel(QGroupBox):
    answered = Signal()  # an answer is on screen

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Goals: what reaches a target success rate", parent)
        self.plan: Plan | None = None  # the open plan
        self.goals: tuple[Plan, Goals] | None = None  # the last answer and its plan
        self._run: Plan | None = None  # the plan of the search running

        self.target = QSpinBox()
        self.target.setAccessibleName("Target success rate")
        self.target.setRange(1, 100)
        self.target.setValue(90)
        self.target.setSuffix("%")
        self.bar = RunBar(runner, "goal search")
        self.bar.run_button.setToolTip("Search all three goals in the background; the window "
                                       "stays usable")
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(QLabel("Target success rate"))
        row.addWidget(self.target)
        row.addStretch(1)
        row.addWidget(self.bar)

        self.status = hint(INTRO)
        self.status.setAccessibleName("Goal search status")
        self.stale = stale_note("These goals are for the plan before your last change: run "
                                "again for the plan as it is now.")
        self.caption = hint()
        self.answers = [words("") for _ in QUESTIONS]
        for label, question in zip(self.answers, QUESTIONS, strict=True):
            label.setAccessibleName(question)
        self.answer_box = QWidget()
        form = QFormLayout(self.answer_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.caption)
        for label, question in zip(self.answers, QUESTIONS, strict=True):
            title = QLabel(question)
            title.setStyleSheet("font-weight: 600;")
            form.addRow(title, label)
        self.answer_box.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.stale)
        layout.addWidget(self.answer_box)

        self.bar.run_button.clicked.connect(lambda _=False: self.run())
        self.bar.cancel_button.clicked.connect(lambda _=False: self.cancel())

    def _say(self, text: str) -> None:
        """The status line: what runs, what stopped, why there is no answer (hidden when
        there is nothing to say)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    @property
    def running(self) -> bool:
        return self.bar.running

    def set_plan(self, plan: Plan) -> None:
        """The open plan changed: a search for another plan stops, the answer goes out of
        date."""
        if plan == self.plan:
            return
        self.plan = plan
        if self._run is not None and self._run != plan:
            self.bar.cancel()
            self._run = None
            self.target.setEnabled(True)
            self._say("Search stopped: the plan changed. Run it again for the plan "
                                "as it is now.")
        self._show()

    def goals_for(self, plan: Plan) -> Goals | None:
        """The goals sought for ``plan`` (what the PDF of that plan shows)."""
        return self.goals[1] if self.goals is not None and self.goals[0] == plan else None

    def run(self) -> None:
        plan = self.plan
        if plan is None or self.running:
            return
        if validate(plan):
            self._say("The plan has problems (marked in red in the editor): fix "
                                "them, then run the search.")
            return
        target = self.target.value() / 100
        paths = GOALS_PATHS

        def job(progress: Progress, cancel: Cancel) -> Goals:
            return seek(plan, target, paths=paths, progress=progress, cancel=cancel)

        self.goals = None
        self._run = plan
        self.target.setEnabled(False)
        self._show()
        self._say(f"Searching for {fmt.pct(target)} success "
                            f"({runs_words(plan.simulation.mode.value, paths)})…")
        self.bar.start(job, self._found, self._failed, self._progressed)

    def cancel(self) -> None:
        if self.bar.cancel():
            self._run = None
            self.target.setEnabled(True)
            self._say("Search cancelled: no answer. Run it again when you like.")

    def _progressed(self, fraction: float) -> None:
        step = min(int(fraction * 3), 2)
        if fraction < 1:
            self._say(f"Searching: {QUESTIONS[step].lower()} ({step + 1} of 3)…")

    def _found(self, goals: Any) -> None:
        assert self._run is not None and isinstance(goals, Goals)
        self.goals = (self._run, goals)
        self._run = None
        self.target.setEnabled(True)
        self._say("")
        self._show()
        self.answered.emit()

    def _failed(self, exc: BaseException) -> None:
        self._run = None
        self.target.setEnabled(True)
        if isinstance(exc, Cancelled):
            return
        why = "; ".join(exc.lines()) if isinstance(exc, PlanError) else str(exc)
        self._say(f"The search failed: {why or type(exc).__name__}")

    def _show(self) -> None:
        if self.goals is None:
            self.answer_box.hide()
            self.stale.hide()
            return
        plan, g = self.goals
        current = plan == self.plan
        names = tuple(p.name for p in plan.people)
        texts = (ot.spending_goal_text(g), ot.saving_goal_text(g),
                 ot.retire_goal_text(g, names))
        for label, text in zip(self.answers, texts, strict=True):
            label.setText(text)
        self.caption.setText(f"For {fmt.pct(g.target)} success ({runs_words(g.mode, g.paths)}):")
        self.stale.setVisible(not current)
        self.answer_box.setEnabled(current)
        self.answer_box.show()

    def texts(self) -> list[str]:
        return [label.text() for label in self.answers]
