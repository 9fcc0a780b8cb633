"""The main window: plan library and editor on the left, results on the right, menus and the
status bar with the background run's progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QSplitter, QToolButton, QWidget

import planner
from planner.core.errors import PlanError, Problem
from planner.core.model import Mode, Plan
from planner.core.result import Result
from planner.core.storage import load_plan, sample_plan_path
from planner.gui import dialogs, ui_settings, window_state
from planner.gui.document import PlanDocument
from planner.gui.editor.plan_editor import PlanEditor
from planner.gui.files import recovery
from planner.gui.files.file_actions import FileActions
from planner.gui.files.file_state import FileState, Stamp, regular_file_problem
from planner.gui.files.import_returns import import_returns
from planner.gui.files.library import PlanLibrary
from planner.gui.files.scenarios import Scenarios
from planner.gui.menus import build_menus
from planner.gui.projection import Extras, ProjectionController
from planner.gui.results.results_view import ResultsView
from planner.gui.status_bar import StatusBar
from planner.gui.templates import blank_plan
from planner.gui.worker import TaskRunner
from planner.run_counts import runs_text

MODES = (
    (Mode.EXPECTED, "Expected", "One path with each asset class's median return", "Ctrl+1"),
    (Mode.MONTE_CARLO, "Monte Carlo", "Many random paths drawn from returns and volatilities",
     "Ctrl+2"),
    (Mode.HISTORICAL, "History", "Every sequence of real market years since 1872", "Ctrl+3"),
)
DEFAULT_SIZE = (1400, 900)


def first_size(window: QWidget) -> tuple[int, int]:
    """The window's size before any saved one: 1400 x 900, or the screen's free area when
    smaller (on a 1366 x 768 laptop the window must not open past the screen's edges)."""
    screen = window.screen()
    if screen is None:
        return DEFAULT_SIZE
    free = screen.availableGeometry()
    return min(DEFAULT_SIZE[0], free.width()), min(DEFAULT_SIZE[1], free.height())


STAGE_TEXT = {
    "preview": "Quick preview…",
    "full": "Full run",
    "extras": "Crypto outlooks and stress tests…",
}


HOLD_MS = 900  # typing pauses longer than this between digits only when it is done


class MainWindow(QMainWindow):
    def __init__(self, plan: Plan | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.doc = PlanDocument(plan or blank_plan(), path, self)
        self.runner = TaskRunner(parent=self)
        self.projection = ProjectionController(self.runner, self)
        self.disk = FileState()  # the open plan's file as last opened or saved here
        self.recovery = recovery.RecoveryWriter(self.doc, self, self.disk)
        self.editor = PlanEditor(self.doc)
        # Wide enough for every topic's tab: a tab cut off at the edge is a topic lost.
        self.editor.setMinimumWidth(max(460, self.editor.tabs_width()))
        self.results = ResultsView(self.runner)
        self.files = FileActions(self)
        self.library = PlanLibrary(self)
        self.scenarios = Scenarios(self)
        self.results.decisions.bind(self.doc, self.scenarios.save_new, self.files.open_path)

        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.setObjectName("left_splitter")
        self.left.addWidget(self.library)
        self.left.addWidget(self.editor)
        self.left.setStretchFactor(0, 0)
        self.left.setStretchFactor(1, 1)
        self.left.setSizes([130, 770])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([max(500, self.editor.minimumWidth()), 900])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self.status_bar = StatusBar(
            self.statusBar(), self.editor.reveal, self.cancel_run,
            (self.real_action, self.nominal_action),
        )
        self.status_label = self.status_bar.label
        self.progress = self.status_bar.progress
        self.menus = build_menus(self)
        self.autosave_off = recovery.warn_if_off(self.recovery, self.statusBar())

        self.doc.changed.connect(self._plan_changed)
        self.doc.modified_changed.connect(self.setWindowModified)
        self.doc.path_changed.connect(self._update_title)
        self.doc.path_changed.connect(self.library.mark_current)
        self.projection.gate = lambda: self.results.chart_pane.busy
        # A problem of the field being typed in waits for a pause (HOLD_MS) or its end.
        self._held: list[Problem] | None = None
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_MS)
        self._hold.timeout.connect(self._show_held)
        self.doc.edit_ended.connect(self._show_held)
        self.projection.validated.connect(self._validated)
        self.projection.started.connect(self._started)
        self.projection.progress.connect(self.status_bar.set_fraction)
        self.projection.finished.connect(self._finished)
        self.projection.extras_ready.connect(self._extras)
        self.projection.idle.connect(self._idle)
        self.projection.failed.connect(self._failed)
        self.resize(*first_size(self))
        self._plan_changed()
        self.projection.run_now(self.doc.plan)

    # ----- construction
    def _build_actions(self) -> None:
        self.mode_group = QActionGroup(self)
        self.mode_actions: dict[Mode, QAction] = {}
        for mode, text, tip, key in MODES:
            action = QAction(text, self, checkable=True, toolTip=f"{tip} ({key})", statusTip=tip)
            action.setShortcut(key)
            action.triggered.connect(
                lambda _=False, m=mode: self.doc.set_value("simulation.mode", m)
            )
            self.mode_group.addAction(action)
            self.mode_actions[mode] = action
        self.dollar_group = QActionGroup(self)
        self.real_action = QAction("Today's $", self, checkable=True, checked=True)
        self.real_action.setToolTip("Show amounts in today's dollars (adjusted for inflation)")
        self.real_action.setShortcut("Ctrl+T")
        self.nominal_action = QAction("Future $", self, checkable=True)
        self.nominal_action.setToolTip("Show amounts in the dollars of each future year")
        self.nominal_action.setShortcut("Ctrl+Shift+T")
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
            button.setAccessibleName(f"Returns: {action.text()}")
            row.addWidget(button)
        self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
        corner.show()

    # ----- state → widgets
    def _plan_changed(self) -> None:
        plan = self.doc.plan
        self.mode_actions[plan.simulation.mode].setChecked(True)
        self.results.crypto.search.plan_changed(plan)
        self._update_title()
        self.projection.schedule(plan)

    def _update_title(self) -> None:
        name = self.doc.plan.name.strip() or "Untitled"
        self.setWindowTitle(f"{name}[*] — planner")
        self.setWindowModified(self.doc.modified)

    def status(self, text: str) -> None:
        self.status_bar.show(text)

    def note(self, text: str, link: tuple[str, str] | None = None) -> None:
        """A note above the editor that stays until closed or another plan is opened;
        ``link`` (words of ``text``, a field path) leads to a field."""
        self.editor.notice.show_text(text, link)

    def show_progress(self, fraction: float) -> None:
        self.status_bar.set_fraction(fraction)

    def begin_busy(self, text: str, cancellable: bool = False) -> None:
        self.status_bar.begin_busy(text, cancellable)

    def end_busy(self, text: str) -> None:
        self.status_bar.end_busy()
        self.status(text)

    def cancel_run(self) -> None:
        """The Cancel button: stop the background run (or an export); keep what is shown."""
        if self.files.cancel_export():
            return
        self.projection.cancel()

    def import_returns(self) -> None:
        """File ▸ Import Returns…: the plan's own return series from a CSV file."""
        import_returns(self, self.doc, self.status, self.note)

    def recompute(self) -> None:
        self.projection.run_now(self.doc.plan)

    # ----- projection results
    def _validated(self, problems: list[Problem]) -> None:
        """Show the plan's problems, but not one of the field being typed in until the
        typing pauses or ends: "6" on the way to "65" is not an error worth a red flash."""
        self._hold.stop()
        typing = self.editor.typing_path()
        if typing is not None and any(self.editor.concerns(p, typing) for p in problems):
            self._held = problems
            self._hold.start()
            return
        self._show_problems(problems)

    @property
    def problems_held(self) -> bool:
        """True while a problem of the field being typed in waits to be shown."""
        return self._held is not None

    def _show_held(self) -> None:
        self._hold.stop()
        if self._held is not None:
            self._show_problems(self._held)

    def _show_problems(self, problems: list[Problem]) -> None:
        self._held = None
        self.editor.show_problems(problems)
        if not problems:
            return
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        label = self.editor.describe(first.field)
        self.status_bar.show_error(f"{label}: {first.message}", more, first.field or None)
        self.status_bar.end_busy()
        self.results.set_stale(
            True,
            "These results are for the plan before your last change. "
            "Fix the fields marked in red to update them.",
        )

    def _started(self, stage: str) -> None:
        if stage == "full" and self.doc.plan.simulation.mode is Mode.MONTE_CARLO:
            paths = self.projection.paths(self.doc.plan)
            self.status_bar.begin_busy(f"Full run, {paths:,} paths…")
        elif stage == "extras":
            self.results.set_extras(self.results.extras, pending=True)
            self.status_bar.begin_busy(STAGE_TEXT[stage])
        else:
            self.status_bar.begin_busy(STAGE_TEXT.get(stage, "Computing…"))
        if stage != "extras" and self.results.result is None:
            self.status("Computing…")

    def _finished(self, result: Result, seconds: float) -> None:
        self.results.show_result(result, self.projection.last_tables)
        plan = result.plan
        paths = "" if result.n_paths == 1 else f", {runs_text(result)}"
        what = "Preview" if self.projection.last_stage == "preview" else "Projected"
        last = int(result.years[int(result.end_index.max())])
        span = (f"{plan.start_year} to each path's last death (ages drawn; {last} at the "
                "latest)" if result.deaths_drawn else f"{plan.start_year}–{last}")
        mode = next((label for m, label, _tip, _key in MODES if m.value == result.mode),
                    result.mode)
        self.status(f"{what} {span}: {mode}{paths}, in {seconds * 1000:.0f} ms")

    def _extras(self, extras: Extras) -> None:
        self.results.set_extras(extras)

    def _idle(self, why: str) -> None:
        self.status_bar.end_busy()
        if why == "cancelled":
            self.results.set_extras(self.results.extras, pending=False)
            self.status("Cancelled: the results shown are the quick preview.")

    def _failed(self, message: str) -> None:
        self.status_bar.end_busy()
        self.status_bar.show_error(message)
        self.results.set_stale(True, "The projection could not be run: " + message)

    # ----- start-up and closing
    def open_startup_plan(self) -> None:
        """Restore after a crash if asked; else reopen the last plan; else the sample."""
        if self.offer_recovery():
            return
        recent = ui_settings.recent_files()
        if recent and self.files.open_path(recent[0], ask=False, quiet=True):
            return
        first_run = not ui_settings.settings().value("welcome/shown", False, type=bool)
        if first_run:
            ui_settings.settings().setValue("welcome/shown", True)
            choice = dialogs.show_welcome(self)
            if choice in ("guided", "blank") and self.files.new_plan(blank=choice == "blank"):
                return
        self.open_sample()

    def open_sample(self) -> None:
        try:
            self.doc.reset(load_plan(sample_plan_path()), None)
            self.status("This is a sample plan. Change anything; save it as your own.")
        except PlanError as exc:
            self.status("The sample plan could not be loaded: " + exc.message)

    def offer_recovery(self) -> bool:
        """Offer the newest recovery file a crashed session left; True if restored."""
        for file in recovery.orphaned_files()[:1]:
            try:
                rec = recovery.read_recovery(file)
            except PlanError as exc:  # kept, never deleted: the person may want it
                kept = recovery.set_aside(file)
                dialogs.show_error(
                    self, "Unsaved changes could not be restored",
                    "planner did not close normally, but the file with its unsaved changes "
                    f"could not be read. It was kept at {kept}.", exc.lines())
                continue
            info = recovery.describe(rec)
            if not dialogs.ask_restore(self, info["name"], info["saved_at"], info["path"],
                                       info["change"]):
                recovery.discard(file)
                return False
            base = rec.plan
            if rec.path is not None and not regular_file_problem(rec.path):
                try:
                    base = load_plan(rec.path)
                except Exception:  # noqa: BLE001 - any damage: the edits are all there is
                    base = rec.plan
            self.doc.restore(rec.plan, rec.path if base is not rec.plan else None, base)
            if base is not rec.plan and info["change"] == "changed":
                # The edits were made on an older version: saving asks before replacing.
                self.disk.remember(rec.path, Stamp(0, 0, rec.plan_hash))
            elif base is not rec.plan:
                self.disk.remember(rec.path)
            if base is rec.plan:  # the original is gone: the edits are all there is
                self.doc.undo_stack.resetClean()
            recovery.discard(file)
            self.recovery.write_now()
            self.status("Restored your unsaved changes. Save them to keep them.")
            return True
        return False

    def restore_geometry(self) -> None:
        window_state.restore(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_discard():
            event.ignore()
            return
        self.stop_work()
        window_state.save(self)
        self.recovery.close()
        event.accept()

    def stop_work(self) -> None:
        """Cancel every job on a worker thread and wait for them: none may still run Python
        when the interpreter shuts down (Qt's pool then aborts the process)."""
        self.projection.cancel()
        self.results.crypto.search.cancel()
        self.results.decisions.cancel()
        self.files.cancel_export()
        self.library.stop()
        self.runner.wait()
        self.files.exports.wait()
        self.results.chart_pane.stop()  # and a chart still drawing on its worker

    def about(self) -> None:
        dialogs.show_about(
            self,
            f"<h2>planner {planner.__version__}</h2><p>A private desktop retirement planner. "
            "Your plans stay on this computer.</p>",
        )
