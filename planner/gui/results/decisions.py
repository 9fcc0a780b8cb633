"""The Decisions panel: when to claim Social Security, how to convert to Roth, which account to
draw first (planner.core.optimize), searched on the worker when asked.

The answer is told in the words of planner.decision_text (the same as the CLI and the PDF),
with every candidate ranked in a table. An answer belongs to the plan it was searched for: an
edit marks it out of date (an undo that brings that plan back makes it current again), a
search still running for an older plan is stopped, and only current answers go into the PDF.
"Apply to a new scenario" saves the best choice as a new plan; the open plan is never changed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner import decision_text as dt
from planner.core.errors import PlanError
from planner.core.model import Plan
from planner.core.optimize import (
    SEARCH_PATHS,
    Answer,
    Cancelled,
    Decision,
    NothingToDecide,
    Objective,
    apply,
    optimize,
)
from planner.core.validate import validate
from planner.gui import theme
from planner.gui.results.answer_parts import RankingTable, hint, runs_words, stale_note, words
from planner.gui.results.run_bar import RunBar
from planner.gui.worker import Cancel, Progress, TaskRunner

SCENARIO_WORDS = {  # "<plan> – best claiming"
    Decision.CLAIMING: "best claiming",
    Decision.CONVERSIONS: "best conversions",
    Decision.ORDER: "best withdrawal order",
}
INTRO = ("Each choice is a full projection of your plan (taxes, IRMAA, the ACA credit, "
         "survivors and RMDs all count), every choice on the same random paths.")

SaveScenario = Callable[[Plan, str], Path | None]
OpenPath = Callable[[Path], bool]


def check_paths(plan: Plan) -> int:
    """Paths of the re-check of the best and the plan's choice: the plan's own (those of
    the window's full run), so the plan's choice re-checked is the success rate the summary
    shows."""
    return plan.simulation.paths


def message_of(exc: BaseException) -> str:
    """A failed search in words (NothingToDecide says why there is no choice)."""
    if isinstance(exc, NothingToDecide):
        text = str(exc)
        return f"Nothing to decide: {text[:1].upper()}{text[1:]}."
    if isinstance(exc, PlanError):
        return "The search could not run: " + "; ".join(exc.lines())
    return f"The search failed: {exc or type(exc).__name__}"


class DecisionsPanel(QGroupBox):
    answered = Signal()  # an answer is on screen

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("Decisions: the best choice of one kind", parent)
        self.plan: Plan | None = None  # the open plan
        self.answers: dict[Decision, tuple[Plan, Answer]] = {}  # the last answer of each
        self.save_scenario: SaveScenario | None = None  # set by the window (Scenarios)
        self.open_path: OpenPath | None = None
        self._run: tuple[Plan, Decision] | None = None  # the search running
        self._saved: Path | None = None

        self.decision = QComboBox()
        self.decision.setAccessibleName("Decision to search")
        for d, label in dt.DECISION_LABELS.items():
            self.decision.addItem(label, d)
        self.objective = QComboBox()
        self.objective.setAccessibleName("What to make best")
        for o, label in dt.OBJECTIVE_LABELS.items():
            self.objective.addItem(f"the highest {label}", o)
        self.floor_on = QCheckBox("keeping success at least")
        self.floor_on.setToolTip("Only choices whose success rate reaches this count; when "
                                 "none does, the answer says so")
        self.floor = QSpinBox()
        self.floor.setAccessibleName("Least success rate")
        self.floor.setRange(1, 100)
        self.floor.setValue(90)
        self.floor.setSuffix("%")
        self.bar = RunBar(runner, "decision search")
        self.bar.run_button.setToolTip("Search in the background; the window stays usable")

        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(QLabel("Find the best"))
        first.addWidget(self.decision)
        first.addWidget(QLabel("for"))
        first.addWidget(self.objective)
        first.addStretch(1)
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(self.floor_on)
        second.addWidget(self.floor)
        second.addStretch(1)
        second.addWidget(self.bar)

        self.status = hint(INTRO)
        self.status.setAccessibleName("Decision search status")
        self.stale = stale_note("This answer is for the plan before your last change: run "
                                "again for the plan as it is now.")
        self.caption = hint()
        self.headline = words("")
        self.headline.setAccessibleName("Decision answer")
        self.gain = words("")
        self.details = words("")
        self.details.setAccessibleName("Decision details")
        self.ranking_title = QLabel("Every choice tried, best first (today's dollars)")
        self.ranking_title.setStyleSheet("font-weight: 600;")
        self.ranking = RankingTable()
        self.apply_button = QPushButton("Apply to a new scenario…")
        self.apply_button.setAutoDefault(False)
        self.apply_button.setToolTip("Save a copy of this plan with the best choice as a new "
                                     "plan in your plans folder; this plan stays as it is")
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.saved.setTextFormat(Qt.TextFormat.RichText)
        self.saved.linkActivated.connect(lambda _link: self._open_saved())
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.apply_button)
        apply_row.addWidget(self.saved, 1)

        # The answer and what to do with it first; the evidence under it.
        self.answer_box = QWidget()
        box = QVBoxLayout(self.answer_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        for w in (self.caption, self.headline, self.gain):
            box.addWidget(w)
        box.addLayout(apply_row)
        for part in (self.details, self.ranking_title, self.ranking):
            box.addWidget(part)
        self.answer_box.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.status)
        layout.addWidget(self.stale)
        layout.addWidget(self.answer_box)

        self.bar.run_button.clicked.connect(lambda _=False: self.run())
        self.bar.cancel_button.clicked.connect(lambda _=False: self.cancel())
        self.apply_button.clicked.connect(lambda _=False: self.apply_best())
        self.decision.currentIndexChanged.connect(lambda _i: self._decision_changed())
        self.objective.currentIndexChanged.connect(lambda _i: self._floor_enabled())
        self.floor_on.toggled.connect(lambda _on: self._floor_enabled())
        self._floor_enabled()

    # ----- state
    def _say(self, text: str) -> None:
        """The status line: what runs, what stopped, why there is no answer (hidden when
        there is nothing to say)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    @property
    def running(self) -> bool:
        return self.bar.running

    def chosen(self) -> Decision:
        return Decision(self.decision.currentData())

    def set_plan(self, plan: Plan) -> None:
        """The open plan changed: a search for another plan stops, answers go out of date."""
        if plan == self.plan:
            return
        self.plan = plan
        if self._run is not None and self._run[0] != plan:
            self.bar.cancel()
            self._run = None
            self._controls(True)
            self._say("Search stopped: the plan changed. Run it again for the plan "
                                "as it is now.")
        self._show_answer()

    def answers_for(self, plan: Plan) -> tuple[Answer, ...]:
        """The answers searched for ``plan`` (what the PDF of that plan shows)."""
        found = (self.answers.get(d) for d in Decision)
        return tuple(pa[1] for pa in found if pa is not None and pa[0] == plan)

    # ----- running
    def run(self) -> None:
        plan = self.plan
        if plan is None or self.running:
            return
        decision = self.chosen()
        if validate(plan):
            self._say("The plan has problems (marked in red in the editor): fix "
                                "them, then run the search.")
            return
        objective = Objective(self.objective.currentData())
        floor = (self.floor.value() / 100 if self.floor_on.isChecked()
                 and self.floor_on.isEnabled() else None)
        checks = check_paths(plan)
        paths = min(SEARCH_PATHS, checks)

        def job(progress: Progress, cancel: Cancel) -> Answer | NothingToDecide:
            try:
                return optimize(plan, decision, objective, min_success=floor, paths=paths,
                                check_paths=checks, progress=progress, cancel=cancel)
            except NothingToDecide as exc:  # an answer in words, not a failure to log
                return exc

        self.answers.pop(decision, None)  # a new question: the old answer is replaced
        self._run = (plan, decision)
        self._controls(False)
        self._show_answer()
        self._say(f"Searching: {dt.DECISION_LABELS[decision]} "
                  f"({runs_words(plan.simulation.mode.value, paths)} for each choice)…")
        self.bar.start(job, self._found, self._failed, self._progressed)

    def cancel(self) -> None:
        if self.bar.cancel():
            self._run = None
            self._controls(True)
            self._say("Search cancelled: no answer. Run it again when you like.")
            self._show_answer()

    def _progressed(self, fraction: float) -> None:
        if fraction >= 0.99:
            self._say("Re-checking the best on more paths and in the other modes…")

    def _found(self, answer: Any) -> None:
        if isinstance(answer, NothingToDecide):
            self._failed(answer)
            return
        assert self._run is not None and isinstance(answer, Answer)
        plan, decision = self._run
        self._run = None
        self._controls(True)
        self.answers[decision] = (plan, answer)
        self._say("")
        self._select(decision)
        self._show_answer()
        self.answered.emit()

    def _failed(self, exc: BaseException) -> None:
        self._run = None
        self._controls(True)
        if not isinstance(exc, Cancelled):
            self._say(message_of(exc))

    def _controls(self, enabled: bool) -> None:
        for w in (self.decision, self.objective):
            w.setEnabled(enabled)
        self._floor_enabled()

    def _floor_enabled(self) -> None:
        # The floor means something only when the objective is not the success rate itself.
        free = not self.running and Objective(self.objective.currentData()) is not \
            Objective.SUCCESS
        self.floor_on.setEnabled(free)
        self.floor.setEnabled(free and self.floor_on.isChecked())

    def _select(self, decision: Decision) -> None:
        self.decision.blockSignals(True)
        self.decision.setCurrentIndex(self.decision.findData(decision))
        self.decision.blockSignals(False)

    def _decision_changed(self) -> None:
        self._say(INTRO)
        self._show_answer()

    # ----- showing
    def shown(self) -> tuple[Plan, Answer] | None:
        return self.answers.get(self.chosen())

    def _show_answer(self) -> None:
        pa = self.shown()
        self._saved = None
        self.saved.setText("")
        if pa is None:
            self.answer_box.hide()
            self.stale.hide()
            return
        plan, answer = pa
        current = plan == self.plan
        self.stale.setVisible(not current)
        all_lines = dt.lines(answer)
        head, gain = dt.headline(answer), dt.gain_text(answer)
        self.caption.setText(all_lines[0])
        self.headline.setText(head)
        tone = ("warn" if not answer.met and answer.min_success is not None else
                "ok" if answer.improves and not answer.gain.is_noise else "")
        colour = f" color: {theme.color(tone)};" if tone and current else ""
        self.headline.setStyleSheet(f"font-size: 14px; font-weight: 600;{colour}")
        self.gain.setText(gain)
        self.details.setText("\n".join(line for line in all_lines[1:]
                                       if line not in (head, gain)))
        self.ranking.show_answer(answer)
        self.apply_button.setEnabled(current and answer.improves
                                     and self.save_scenario is not None)
        self.apply_button.setToolTip(
            "Save a copy of this plan with the best choice as a new plan in your plans "
            "folder; this plan stays as it is" if answer.improves else
            "Your plan's choice is already the best: there is nothing to apply")
        self.answer_box.setEnabled(current)
        self.answer_box.show()

    # ----- applying
    def scenario_name(self) -> str:
        pa = self.shown()
        assert pa is not None
        name = pa[0].name.strip() or "Plan"
        return f"{name} \u2013 {SCENARIO_WORDS[pa[1].decision]}"

    def apply_best(self) -> Path | None:
        """Save the open plan with the best choice as a new scenario (the window asks for its
        name); the open plan is not changed."""
        pa = self.shown()
        if pa is None or pa[0] != self.plan or self.save_scenario is None:
            return None
        plan, answer = pa
        new = apply(plan, answer.decision, answer.best.settings)
        path = self.save_scenario(new, self.scenario_name())
        if path is not None:
            self._saved = path
            self.saved.setText(f"Saved as <b>{html.escape(path.stem)}</b> in your plans; this "
                               "plan is unchanged. <a href='open'>Open it</a>")
        return path

    def _open_saved(self) -> None:
        if self._saved is not None and self.open_path is not None:
            self.open_path(self._saved)
