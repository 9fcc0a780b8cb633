"""Scenarios: duplicate the open plan under a new name in the plans folder, and compare plans."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.core.model import Plan
from planner.core.storage import plans_dir, save_plan
from planner.gui import dialogs, ui_settings
from planner.gui.files.file_actions import safe_file_name

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow
    from planner.gui.results.compare import CompareDialog


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name.json``, or ``name 2.json``... when taken: a duplicate never overwrites."""
    base = safe_file_name(name)
    path = folder / f"{base}.json"
    n = 2
    while path.exists():
        path = folder / f"{base} {n}.json"
        n += 1
    return path


def scenario_name(name: str, taken: set[str]) -> str:
    base = name.strip() or "Plan"
    n = 2
    candidate = f"{base} (scenario)"
    while candidate in taken:
        candidate = f"{base} (scenario {n})"
        n += 1
    return candidate


def free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name 2``... when a plan of that name is in the library."""
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name} {n}"
        n += 1
    return candidate


class Scenarios(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: CompareDialog | None = None

    def duplicate(self) -> Path | None:
        """Save the open plan (with its edits) as a new plan in the plans folder; open it.

        The plan it came from stays as it was last saved, so both can be compared."""
        w = self.window
        taken = {it.text(0) for it in w.library.items()}
        name = dialogs.ask_text(
            w, "Duplicate as Scenario",
            "Name of the new scenario (a copy of this plan, saved in the plans folder):",
            scenario_name(w.doc.plan.name, taken),
        )
        if name is None:
            return None
        plan = w.doc.plan.with_changes(name=name)
        path = self._save(plan)
        if path is None:
            return None
        w.doc.reset(plan, path)
        w.disk.remember(path)  # saving it later asks if someone else changes it meanwhile
        ui_settings.add_recent(path)
        w.library.refresh()
        w.status(f"Saved the scenario “{name}” as {path.name}. Change it, then compare "
                 "(Ctrl+K).")
        return path

    def save_new(self, plan: Plan, suggested: str) -> Path | None:
        """Save ``plan`` (the open plan with a decision applied) as a new scenario in the plans
        folder, under a name the person confirms; the open plan stays open and unchanged."""
        w = self.window
        taken = {it.text(0) for it in w.library.items()}
        name = dialogs.ask_text(
            w, "Apply to a New Scenario",
            "Name of the new scenario (saved in the plans folder; the open plan is not "
            "changed):", free_name(suggested, taken),
        )
        if name is None:
            return None
        path = self._save(plan.with_changes(name=name))
        if path is not None:
            w.library.refresh()
            w.status(f"Saved the scenario “{name}” as {path.name}; the open plan is "
                     "unchanged. Compare them with Ctrl+K.")
        return path

    def _save(self, plan: Plan) -> Path | None:
        """Write ``plan`` to a new file of the plans folder (never over another)."""
        w = self.window
        path = None
        try:
            path = unique_path(plans_dir(), plan.name)
            save_plan(plan, path)
        except OSError as exc:  # the plans folder cannot be used, or the disk is full
            where = path if path is not None else "the plans folder"
            dialogs.show_error(w, "Cannot save the scenario",
                               f"The scenario could not be saved to {where}.",
                               [exc.strerror or str(exc)])
            return None
        return path

    def compare(self, paths: list[Path] | None = None) -> CompareDialog:
        from planner.gui.results.compare import CompareDialog

        if self.dialog is None:
            self.dialog = CompareDialog(self.window)
        self.dialog.load_choices(paths)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.run_if_ready()
        return self.dialog
