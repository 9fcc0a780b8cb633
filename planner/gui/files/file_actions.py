"""File menu behaviour: new, open, save, export, recent plans, and asking before discarding.

A file that fails to load is reported with every reason and never written to. Exports run on
the worker pool; the window stays responsive while a PDF is written. Exports go to the folder
of the last export, or Documents; they are written beside the target and moved into place
(planner.atomic), so a cancelled or failed export leaves no file and any earlier one intact.

No lost updates: the open plan's file is remembered as it was opened or saved (file_state);
saving over a file another window or program has changed since asks first (overwrite, reload,
save as, or cancel). Only regular files are opened: a pipe or device would never end.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from planner.core.engine import Cancelled
from planner.core.errors import PlanError
from planner.core.model import Plan
from planner.core.result import Result
from planner.core.storage import load_plan, older_schema, plans_dir, save_plan
from planner.gui import collector, dialogs, ui_settings
from planner.gui.files.file_state import regular_file_problem, stamp
from planner.gui.templates import blank_plan
from planner.gui.worker import Cancel, Job, Progress, TaskRunner

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

log = logging.getLogger(__name__)


PREMIUMS_LINK = ("Health ▸ Model marketplace and Medicare premiums", "health.premiums")


def upgrade_note(plan: Plan, old: int) -> str:
    """What an upgrade changed that the person should know (schema 3: health care;
    schema 4: crypto outlooks and persistent inflation)."""
    notes = []
    if old < 3 and not plan.health.premiums:
        notes.append("Health premiums are off, because its spending already covered health "
                     f"insurance: to model them on top of spending, turn on "
                     f"{PREMIUMS_LINK[0]}.")
    if old < 4:
        from planner.core.outlooks import label

        notes.append(f"Its crypto assumption is kept as the \"{label(plan.assumptions.crypto)}\" "
                     "outlook, and inflation stays independent from year to year, so its "
                     "results are unchanged; Assumptions offers the other crypto outlooks and "
                     "the persistence fitted to 1926-2024 inflation (0.62).")
    return " ".join(notes)


def plans_folder() -> Path:
    """Where Open and Save As start: the plans folder, or the home folder when the data
    folder cannot be used (a file in its place, no permission)."""
    try:
        return plans_dir()
    except OSError:
        return Path.home()


def safe_file_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_()" else " " for c in name)
    return " ".join(keep.split())[:80] or "plan"


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.disk = window.disk
        self.exports = TaskRunner(parent=self)
        self._generation = 0

    # ----- asking
    def maybe_discard(self) -> bool:
        """True when it is fine to replace the open plan (saved, or the person agreed)."""
        if not self.doc.modified:
            return True
        answer = dialogs.ask_discard(self.window, self.doc.plan.name or "Untitled")
        if answer == "save":
            return self.save()
        return answer == "discard"

    # ----- new / open
    def new_plan(self, blank: bool = False) -> bool:
        """File ▸ New and Guided Setup…: the guided setup, whose first page also offers a
        blank plan (``blank`` skips it: the welcome's "Start a blank plan"). The plan opens
        unsaved and projects as any plan does; True if one was opened."""
        if not self.maybe_discard():
            return False
        plan = blank_plan() if blank else dialogs.ask_setup(self.window)
        if plan is None:
            return False  # cancelled: the open plan stays
        from planner.gui.templates import is_blank

        self.doc.reset(plan, None)
        if is_blank(plan):
            self.window.status("A new plan: replace the example values with yours.")
        else:
            self.window.status("Your plan from the guided setup: change anything in the "
                               "editor, and save it (Ctrl+S) to keep it.")
        return True

    def open_plan(self) -> None:
        if not self.maybe_discard():
            return
        folder = self.doc.path.parent if self.doc.path else plans_folder()
        path = dialogs.ask_open_path(self.window, folder)
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True, quiet: bool = False) -> bool:
        if ask and not self.maybe_discard():
            return False
        # Taken before reading: if the file changes in between, saving asks (never the
        # reverse, a change that saving would not notice).
        before = stamp(Path(path))
        try:
            problem = regular_file_problem(Path(path))
            if problem:  # never opened: a pipe would block the window for good
                raise PlanError(f"{path}: {problem}")
            plan = load_plan(path)
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, the app goes on
            ui_settings.remove_recent(Path(path))
            if not quiet:
                lines = (exc.lines() if isinstance(exc, PlanError)
                         else [f"{type(exc).__name__}: {str(exc)[:300]}"])
                dialogs.show_error(
                    self.window, "Cannot open plan", f"“{Path(path).name}” could not be opened. "
                    "The file was left as it is.", lines
                )
            return False
        old = older_schema(Path(path))
        self.doc.reset(plan, Path(path))
        self.disk.remember(Path(path), before)
        ui_settings.add_recent(Path(path))
        if old is None:
            self.window.status(f"Opened {path}")
        else:
            upgraded = (f"A plan from an older version of planner: it is upgraded when you "
                        f"save, and the original kept as {Path(path).name}.v{old}.bak.")
            note = upgrade_note(plan, old)
            self.window.status(f"Opened {path}. {upgraded} {note}".rstrip())
            self.window.note(f"{upgraded} {note}".rstrip(), PREMIUMS_LINK if note else None)
        return True

    # ----- save
    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        if self.disk.changed(self.doc.path):
            return self._resolve_conflict(self.doc.path)
        return self._write(self.doc.path)

    def _resolve_conflict(self, path: Path) -> bool:
        """The file changed on disk since this window opened or saved it: do what the person
        chooses. True only if the plan was saved."""
        answer = dialogs.ask_conflict(self.window, self.doc.plan.name or path.stem)
        if answer == "overwrite":
            return self._write(path)
        if answer == "save_as":
            return self.save_as()
        if answer == "reload":
            if self.open_path(path, ask=False):
                self.window.status(f"Reloaded {path} as it is on disk; your unsaved changes "
                                   "were dropped.")
            return False
        self.window.status("Not saved: the plan file changed on disk.")
        return False

    def file_changed(self) -> bool:
        """True when the open plan's file was changed on disk by someone else since this
        window opened or saved it."""
        return self.disk.changed(self.doc.path)

    def save_as(self) -> bool:
        folder = self.doc.path.parent if self.doc.path else plans_folder()
        suggested = folder / f"{safe_file_name(self.doc.plan.name)}.json"
        path = dialogs.ask_save_path(self.window, suggested)
        return path is not None and self._write(path)

    def _write(self, path: Path) -> bool:
        old = older_schema(Path(path))
        try:
            save_plan(self.doc.plan, path)
        except OSError as exc:
            dialogs.show_error(
                self.window, "Cannot save plan", f"The plan could not be saved to {path}.",
                [exc.strerror or str(exc)],
            )
            return False
        self.disk.remember(Path(path))
        self.doc.mark_saved(Path(path))
        ui_settings.add_recent(Path(path))
        self.window.library.refresh()
        kept = "" if old is None else f" (the older original is kept as {path}.v{old}.bak)"
        self.window.status(f"Saved {path}{kept}")
        return True

    # ----- export
    def _current_result(self) -> Result | None:
        result = self.window.results.result
        if result is None or result.plan != self.doc.plan:
            dialogs.show_error(
                self.window, "Nothing to export yet",
                "The results do not match the plan: fix the marked fields (or wait for the "
                "projection to finish), then export again.",
            )
            return None
        return result

    def _export_path(self, what: str) -> Path | None:
        """Ask where to export: the dialog opens in the folder of the last export, or in
        Documents (never in the hidden folder the plans live in); the folder chosen is
        remembered for the next export."""
        suggested = ui_settings.export_folder() / f"{safe_file_name(self.doc.plan.name)}.{what}"
        path = dialogs.ask_export_path(self.window, suggested, what)
        if path is not None:
            ui_settings.set_export_folder(path.parent)
        return path

    def export_pdf(self) -> None:
        """The same document as ``planner report``: report_inputs + write_report, off the GUI
        thread, for the plan and mode of the results on screen with the plan's own path count
        and seed (the figure ``planner-cli report`` prints, whatever size the window's run
        is), and the decisions and goals last searched for that plan. The runs on screen
        (the full run, the crypto and stress tables) are used when they are those runs;
        only what is missing is computed."""
        result = self._current_result()
        path = self._export_path("pdf") if result else None
        if result is None or path is None:
            return
        plan, mode = result.plan, result.mode
        paths, seed = plan.simulation.paths, plan.simulation.seed
        real = self.window.results.real
        # The Decisions and Goals panels' answers, if they were searched for this very plan.
        asked = self.window.results.decisions
        decisions, goals = asked.answers_for(plan), asked.goals_for(plan)
        on_screen = (result, self.window.results.extras)

        def job(progress: Progress, cancel: Cancel) -> Path:
            # Imported late: matplotlib's PDF backend takes a while to load.
            from planner.report.inputs import report_inputs
            from planner.report.pdf import write_report

            inputs = report_inputs(
                plan, mode=mode, paths=paths, seed=seed,
                progress=lambda f: progress(0.5 * f), cancel=cancel,
                known=known_runs(plan, *on_screen),
            )
            if cancel():
                raise Cancelled()
            inputs = dataclasses.replace(inputs, decisions=decisions, goals=goals)
            # Written beside the target and moved into place only if not cancelled meanwhile.
            write_report(inputs, path, progress=lambda f: progress(0.5 + 0.5 * f), real=real,
                         cancel=cancel)
            return path

        self._start_export(path, job)

    def export_table(self, what: str) -> None:
        """The year table's shown columns, in the shown dollars, as .csv or .xlsx."""
        result = self._current_result()
        path = self._export_path(what) if result else None
        if result is None or path is None:
            return
        real = self.window.results.real
        columns = self.window.results.table.visible_columns()

        def job(progress: Progress, cancel: Cancel) -> Path:
            from planner.report.table_export import write_table

            return write_table(result, path, columns=columns, real=real, cancel=cancel)

        self._start_export(path, job)

    def export_csv(self) -> None:
        self.export_table("csv")

    def export_xlsx(self) -> None:
        self.export_table("xlsx")

    def _start_export(self, path: Path, job: Job) -> None:
        # The exports' year tables are pandas DataFrames. The window itself never needs
        # pandas (a third of a second at start-up): it is imported here, on the GUI thread,
        # at the first export, never first on the export's worker (a first import of pandas
        # on a worker once coincided with a crash in a GUI test).
        import pandas  # noqa: F401

        self._generation += 1
        generation = self._generation
        self.window.status_bar.begin_busy(f"Writing {path.name}…")
        self.exports.start(
            job,
            lambda n, value, sec: self._exported(n, value, sec)
            if generation == self._generation else None,
            lambda n, exc: self._export_failed(n, exc)
            if generation == self._generation else None,
            lambda _n, f: self.window.status_bar.set_fraction(f)
            if generation == self._generation else None,
            cancel=lambda: self._generation != generation,
        )

    def cancel_export(self) -> bool:
        """Stop a running export; True if there was one."""
        if not self.exports.busy:
            return False
        self._generation += 1
        self.window.end_busy("Export cancelled")
        return True

    def _exported(self, _number: int, path: Any, seconds: float) -> None:
        self.window.end_busy(f"Exported {path} ({seconds:.1f} s)")
        collector.freeze_late_imports()  # the report code the first export imported

    def _export_failed(self, _number: int, exc: BaseException) -> None:
        self.window.end_busy("Export failed")
        if isinstance(exc, PlanError):
            why, lines = "The plan could not be projected.", exc.lines()
        elif isinstance(exc, OSError):
            why, lines = "The file could not be written.", [str(exc) or type(exc).__name__]
        else:  # a fault of planner's, not of the disk: said as such (and logged by the worker)
            why = ("planner met an internal error while making the file; nothing was written. "
                   "The log has the details.")
            lines = [f"{type(exc).__name__}: {exc}"]
        dialogs.show_error(self.window, "Export failed", why, lines)


def known_runs(plan: Plan, result: Result, extras: Any) -> Any:
    """The window's runs of ``plan`` as report_inputs can use them (report.inputs.Known):
    the full run, made with the plan's own seed (a preview or a run of another size is told
    apart by its path count), and the background tables (gui.extras.Extras) when they are
    this plan's. Their sweep is always Monte Carlo; their outlooks and stresses run in
    ``extras.mode`` (a failed or cancelled set of extras has no mode and counts for nothing).
    Their runs' headlines go too: the report's share search starts on the sweep's shares."""
    from planner.report.inputs import Known, RunSettings

    seed = plan.simulation.seed
    if extras is None or extras.plan != plan or not extras.mode:
        return Known(plan, result=result, result_seed=seed)
    sweep = RunSettings("monte-carlo", extras.paths, seed)
    tables = RunSettings(extras.mode, extras.paths, seed)
    return Known(plan, result=result, result_seed=seed,
                 sensitivity=tuple(extras.sensitivity) if extras.sensitivity is not None
                 else None, sensitivity_runs=sweep,
                 outlooks=extras.outlooks, stresses=extras.stress, tables_runs=tables,
                 worst=extras.worst_history, worst_known=True, runs=extras.runs)
