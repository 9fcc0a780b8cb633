"""The main window: plan editor on the left, results on the right, menus and status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolButton,
    QWidget,
)

import planner
from planner.core.errors import PlanError, Problem
from planner.core.model import Mode, Plan
from planner.core.result import Result
from planner.core.storage import load_plan, sample_plan_path
from planner.gui import dialogs, ui_settings
from planner.gui.document import PlanDocument
from planner.gui.editor import PlanEditor
from planner.gui.file_actions import FileActions
from planner.gui.menus import build_menus
from planner.gui.projection import ProjectionController
from planner.gui.results import ResultsView
from planner.gui.templates import blank_plan
from planner.gui.worker import TaskRunner

MODES = (
    (Mode.EXPECTED, "Expected", "One path with each asset class's median return"),
    (Mode.MONTE_CARLO, "Monte Carlo", "Many random paths drawn from returns and volatilities"),
    (Mode.HISTORICAL, "History", "Every sequence of real market years since 1871"),
)


class MainWindow(QMainWindow):
    def __init__(self, plan: Plan | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.doc = PlanDocument(plan or blank_plan(), path, self)
        self.runner = TaskRunner(parent=self)
        self.projection = ProjectionController(self.runner, self)
        self.editor = PlanEditor(self.doc)
        self.editor.setMinimumWidth(460)
        self.results = ResultsView()
        self.files = FileActions(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 900])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self.menus = build_menus(self)
        self._build_status_bar()

        self.doc.changed.connect(self._plan_changed)
        self.doc.modified_changed.connect(self.setWindowModified)
        self.doc.path_changed.connect(self._update_title)
        self.projection.validated.connect(self._validated)
        self.projection.started.connect(self._started)
        self.projection.progress.connect(self.show_progress)
        self.projection.finished.connect(self._finished)
        self.projection.failed.connect(self._failed)
        self.resize(1400, 900)
        self._plan_changed()
        self.projection.run_now(self.doc.plan)

    # ----- construction
    def _build_actions(self) -> None:
        self.mode_group = QActionGroup(self)
        self.mode_actions: dict[Mode, QAction] = {}
        for mode, text, tip in MODES:
            action = QAction(text, self, checkable=True, toolTip=tip, statusTip=tip)
            action.triggered.connect(
                lambda _=False, m=mode: self.doc.set_value("simulation.mode", m)
            )
            self.mode_group.addAction(action)
            self.mode_actions[mode] = action
        self.dollar_group = QActionGroup(self)
        self.real_action = QAction("Today's $", self, checkable=True, checked=True)
        self.real_action.setToolTip("Show amounts in today's dollars (adjusted for inflation)")
        self.nominal_action = QAction("Future $", self, checkable=True)
        self.nominal_action.setToolTip("Show amounts in the dollars of each future year")
        for action in (self.real_action, self.nominal_action):
            self.dollar_group.addAction(action)
            action.toggled.connect(lambda _on: self.results.set_real(self.real_action.isChecked()))

        # The returns mode sits at the right end of the menu bar, as in the design sketch.
        corner = self.mode_bar = QWidget(self.menuBar())
        row = QHBoxLayout(corner)
        row.setContentsMargins(0, 2, 8, 2)
        row.setSpacing(2)
        row.addWidget(QLabel("Returns:"))
        for action in self.mode_actions.values():
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            row.addWidget(button)
        self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
        corner.show()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.linkActivated.connect(self.editor.reveal)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        for action in (self.real_action, self.nominal_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            bar.addPermanentWidget(button)

    # ----- state → widgets
    def _plan_changed(self) -> None:
        plan = self.doc.plan
        self.mode_actions[plan.simulation.mode].setChecked(True)
        self._update_title()
        self.projection.schedule(plan)

    def _update_title(self) -> None:
        name = self.doc.plan.name.strip() or "Untitled"
        self.setWindowTitle(f"{name}[*] — planner")
        self.setWindowModified(self.doc.modified)

    def status(self, text: str) -> None:
        self.status_label.setText(_escape(text))

    def show_progress(self, fraction: float) -> None:
        self.progress.show()
        self.progress.setValue(int(fraction * 1000))

    def begin_busy(self, text: str) -> None:
        self.status(text)
        self.show_progress(0.0)

    def end_busy(self, text: str) -> None:
        self.progress.hide()
        self.status(text)

    # ----- projection results
    def _validated(self, problems: list[Problem]) -> None:
        self.editor.show_problems(problems)
        if not problems:
            return
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        label = first.field.rsplit(".", 1)[-1].replace("_", " ") if first.field else "plan"
        self.status_label.setText(
            f"<span style='color:#b3261e'>{_escape(label)}: {_escape(first.message)}</span>"
            f"{more} &nbsp;<a href='{first.field}'>Show</a>"
        )
        self.progress.hide()
        self.results.set_stale(
            True,
            "These results are for the plan before your last change. "
            "Fix the fields marked in red to update them.",
        )

    def _started(self) -> None:
        self.status("Computing…")

    def _finished(self, result: Result, seconds: float) -> None:
        self.progress.hide()
        self.results.show_result(result)
        plan = result.plan
        paths = "" if result.n_paths == 1 else f", {result.n_paths:,} paths"
        self.status(
            f"Projected {plan.start_year}–{plan.end_year} ({result.mode}{paths}) "
            f"in {seconds * 1000:.0f} ms"
        )

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.status_label.setText(f"<span style='color:#b3261e'>{_escape(message)}</span>")
        self.results.set_stale(True, "The projection could not be run: " + message)

    # ----- start-up and closing
    def open_startup_plan(self) -> None:
        """Reopen the last plan if it still loads; otherwise show the bundled sample."""
        recent = ui_settings.recent_files()
        if recent and self.files.open_path(recent[0], ask=False, quiet=True):
            return
        try:
            self.doc.reset(load_plan(sample_plan_path()), None)
            self.status("This is a sample plan. Change anything; save it as your own.")
        except PlanError as exc:
            self.status("The sample plan could not be loaded: " + exc.message)

    def restore_geometry(self) -> None:
        geometry = ui_settings.settings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_discard():
            event.ignore()
            return
        self.projection.cancel()
        self.runner.wait()
        self.files.exports.wait()
        ui_settings.settings().setValue("window/geometry", self.saveGeometry())
        event.accept()

    def about(self) -> None:
        dialogs.show_about(
            self,
            f"<b>planner {planner.__version__}</b><p>A private desktop retirement planner. "
            "Your plans stay on this computer.</p>",
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
