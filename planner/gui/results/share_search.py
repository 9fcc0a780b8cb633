"""The largest crypto share that costs at most a few points of success (analysis.
max_crypto_share), searched on the worker when asked; a plan change stops the search and its
answer is never shown for a plan it was not asked for."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.engine import Cancelled
from planner.core.errors import PlanError
from planner.core.model import Plan
from planner.gui.extras import tables_mode
from planner.gui.results import crypto_tables as ct
from planner.gui.worker import Cancel, Progress, TaskRunner


class ShareSearch(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.plan: Plan | None = None  # the plan on screen, which a search is for
        self.paths = 0  # paths of each run (history counts its windows instead)
        self.runs: Any = None  # run_memo.Runs of the tables, whose sweep a search starts from
        self._search = 0  # number of the search we still want
        self._searching = False

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(QLabel("Largest crypto share within"))
        self.within = QDoubleSpinBox()
        self.within.setAccessibleName("Points of success allowed to be lost")
        self.within.setRange(0.0, 50.0)
        self.within.setDecimals(1)
        self.within.setSingleStep(0.5)
        self.within.setValue(2.0)
        self.within.setSuffix(" points")
        row.addWidget(self.within)
        row.addWidget(QLabel("of the success at 0%, in"))
        # Which accounts hold the share: those that hold crypto now (or, with none, every
        # account), or one the person picks (the "or the one the user picks").
        self.accounts = QComboBox()
        self.accounts.setAccessibleName("Accounts that hold the crypto share")
        self.accounts.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row.addWidget(self.accounts)
        self.find_button = QPushButton("Find")
        self.find_button.setAutoDefault(False)
        self.find_button.setToolTip("Search the crypto share, under your outlook, on the "
                                    "worker: a coarse grid, then bisection to a quarter of a "
                                    "point")
        self.find_button.clicked.connect(lambda _=False: self.toggle())
        row.addWidget(self.find_button)
        row.addStretch(1)
        self.answer = QLabel()
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # names accounts as written
        self.answer.setWordWrap(True)
        self.answer.setAccessibleName("Largest crypto share")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.answer)

    @property
    def searching(self) -> bool:
        return self._searching

    def set_plan(self, plan: Plan, paths: int, runs: Any = None) -> None:
        """The plan on screen (and the paths its tables used, and their runs: a
        run_memo.Runs, whose sweep a search starts from); another plan's search stops."""
        self.paths = paths
        self.runs = runs
        if plan != self.plan:
            self.plan = plan
            self.cancel()
            self.answer.setText("")
            self._fill_accounts(plan)

    def _fill_accounts(self, plan: Plan) -> None:
        """The choices: the default targets, then every account by name (kept if still
        there)."""
        chosen = self.accounts.currentData()
        holding = [a.name for a in plan.accounts if a.allocation.crypto > 0]
        default = ("the accounts that hold crypto" if holding else "every account")
        self.accounts.blockSignals(True)
        self.accounts.clear()
        self.accounts.addItem(default, ())
        for a in plan.accounts:
            self.accounts.addItem(a.name, (a.name,))
        index = self.accounts.findData(chosen) if chosen else 0
        self.accounts.setCurrentIndex(max(index, 0))
        self.accounts.blockSignals(False)

    def plan_changed(self, plan: Plan) -> None:
        """An edit: a search for another plan is stopped at once, its answer never shown."""
        if plan != self.plan and (self._searching or self.answer.text()):
            self.cancel()
            self.answer.setText("")

    def toggle(self) -> None:
        if self._searching:
            self.cancel()
            self.answer.setText("Search stopped.")
            return
        plan = self.plan
        if plan is None or self.paths <= 0:
            return
        self._search += 1
        number = self._search
        within = round(self.within.value() / 100, 6)
        mode, paths = tables_mode(plan), self.paths
        accounts = tuple(self.accounts.currentData() or ())
        made = self.runs.copy() if self.runs is not None else None

        def job(progress: Progress, cancel: Cancel) -> Any:
            from planner.core.analysis import max_crypto_share

            runs = 0

            def tick() -> bool:
                nonlocal runs
                runs += 1
                progress(float(runs))  # a count of runs, not a fraction: the total is unknown
                return cancel()

            answer = max_crypto_share(plan, within, mode=mode, paths=paths,
                                      seed=plan.simulation.seed, accounts=accounts,
                                      cancel=tick, runs=made)
            if cancel():
                raise Cancelled()
            return answer

        self._searching = True
        self.find_button.setText("Stop")
        self.answer.setText("Searching…")
        self.runner.start(
            job,
            on_done=lambda _n, answer, _s: self._found(number, answer),
            on_failed=lambda _n, exc: self._failed(number, exc),
            on_progress=lambda _n, runs: self._progress(number, runs),
            cancel=lambda: number != self._search,
        )

    def cancel(self) -> None:
        self._search += 1
        self._stopped()

    def _stopped(self) -> None:
        self._searching = False
        self.find_button.setText("Find")

    def _progress(self, number: int, runs: float) -> None:
        if number == self._search:
            self.answer.setText(f"Searching… ({int(runs)} runs so far)")

    def _found(self, number: int, answer: Any) -> None:
        if number != self._search:
            return
        self._stopped()
        self.answer.setText(ct.answer_text(answer))

    def _failed(self, number: int, exc: BaseException) -> None:
        if number != self._search or isinstance(exc, Cancelled):
            return
        self._stopped()
        lines = exc.lines() if isinstance(exc, PlanError) else [str(exc)]
        self.answer.setText("The search failed: " + "; ".join(lines))
