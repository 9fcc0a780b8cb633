"""File menu behaviour: new, open, save, export, recent plans, and asking before discarding.

A file that fails to load is reported with every reason and never written to. Exports run on
the worker pool; the window stays responsive while a PDF is written.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from planner.core.errors import PlanError
from planner.core.result import Result
from planner.core.storage import load_plan, plans_dir, save_plan
from planner.gui import dialogs, ui_settings
from planner.gui.templates import blank_plan
from planner.gui.worker import Cancel, Progress, TaskRunner

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def safe_file_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_()" else " " for c in name)
    return " ".join(keep.split())[:80] or "plan"


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.exports = TaskRunner(parent=self)

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
    def new_plan(self) -> None:
        if self.maybe_discard():
            self.doc.reset(blank_plan(), None)
            self.window.status("A new plan: replace the example values with yours.")

    def open_plan(self) -> None:
        if not self.maybe_discard():
            return
        folder = self.doc.path.parent if self.doc.path else plans_dir()
        path = dialogs.ask_open_path(self.window, folder)
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True, quiet: bool = False) -> bool:
        if ask and not self.maybe_discard():
            return False
        try:
            plan = load_plan(path)
        except PlanError as exc:
            ui_settings.remove_recent(Path(path))
            if not quiet:
                dialogs.show_error(
                    self.window, "Cannot open plan", f"“{Path(path).name}” could not be opened. "
                    "The file was left as it is.", exc.lines()
                )
            return False
        self.doc.reset(plan, Path(path))
        ui_settings.add_recent(Path(path))
        self.window.status(f"Opened {path}")
        return True

    # ----- save
    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._write(self.doc.path)

    def save_as(self) -> bool:
        folder = self.doc.path.parent if self.doc.path else plans_dir()
        suggested = folder / f"{safe_file_name(self.doc.plan.name)}.json"
        path = dialogs.ask_save_path(self.window, suggested)
        return path is not None and self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            save_plan(self.doc.plan, path)
        except OSError as exc:
            dialogs.show_error(
                self.window, "Cannot save plan", f"The plan could not be saved to {path}.",
                [exc.strerror or str(exc)],
            )
            return False
        self.doc.mark_saved(Path(path))
        ui_settings.add_recent(Path(path))
        self.window.status(f"Saved {path}")
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
        folder = self.doc.path.parent if self.doc.path else plans_dir()
        suggested = folder / f"{safe_file_name(self.doc.plan.name)}.{what}"
        return dialogs.ask_export_path(self.window, suggested, what)

    def export_pdf(self) -> None:
        result = self._current_result()
        path = self._export_path("pdf") if result else None
        if result is None or path is None:
            return

        def job(progress: Progress, cancel: Cancel) -> Path:
            from planner.report import pdf  # imported late: matplotlib's PDF backend is slow

            pdf.write_report(result, path, progress=progress)
            return path

        self.window.begin_busy(f"Writing {path.name}…")
        self.exports.start(job, self._exported, self._export_failed, self._export_progress)

    def export_csv(self) -> None:
        result = self._current_result()
        path = self._export_path("csv") if result else None
        if result is None or path is None:
            return
        real = self.window.results.real

        def job(progress: Progress, cancel: Cancel) -> Path:
            from planner.report import csv_export

            csv_export.write_csv(result, path, real=real)
            return path

        self.window.begin_busy(f"Writing {path.name}…")
        self.exports.start(job, self._exported, self._export_failed)

    def _export_progress(self, _number: int, fraction: float) -> None:
        self.window.show_progress(fraction)

    def _exported(self, _number: int, path: Any, seconds: float) -> None:
        self.window.end_busy(f"Exported {path} ({seconds:.1f} s)")

    def _export_failed(self, _number: int, exc: BaseException) -> None:
        self.window.end_busy("Export failed")
        lines = exc.lines() if isinstance(exc, PlanError) else [str(exc) or type(exc).__name__]
        dialogs.show_error(self.window, "Export failed", "The file could not be written.", lines)
