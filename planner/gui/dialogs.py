"""Every dialog the window opens, as small functions that tests replace with monkeypatch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from planner.core.model import Plan

PLAN_FILTER = "Plans (*.json);;All files (*)"
RETURNS_FILTER = "Yearly returns (*.csv *.txt);;All files (*)"
Button = QMessageBox.StandardButton


def ask_open_path(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open plan", str(folder), PLAN_FILTER)
    return Path(name) if name else None


def ask_returns_path(parent: QWidget | None, folder: Path) -> Path | None:
    """A CSV of yearly returns to import (File ▸ Import Returns…)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import yearly returns", str(folder),
                                          RETURNS_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save plan", str(suggested), PLAN_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".json")


def ask_export_path(parent: QWidget | None, suggested: Path, what: str) -> Path | None:
    """``what`` is "pdf", "csv" or "xlsx"; the file name gets that extension if it has none.
    ``suggested`` is a full path: the dialog opens in its folder (the caller picks Documents
    or the last export's folder, see ui_settings.export_folder)."""
    filters = {
        "pdf": "PDF report (*.pdf)", "csv": "CSV table (*.csv)", "xlsx": "Excel workbook (*.xlsx)"
    }
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export {what.upper()}", str(suggested), filters[what]
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(f".{what}")


def confirm(parent: QWidget | None, title: str, text: str, informative: str,
            action: str) -> bool:
    """A yes-or-no question about something hard to undo; ``action`` names the button that
    goes ahead ("Delete"). Cancel is the default, so Enter never destroys anything."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names as written, never markup
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(Button.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


def ask_discard(parent: QWidget | None, name: str) -> str:
    """Unsaved changes: returns "save", "discard" or "cancel"."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names as written, never markup
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("If you don't save, your changes will be lost.")
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    answer = box.exec()
    if answer == Button.Save:
        return "save"
    if answer == Button.Discard:
        return "discard"
    return "cancel"


def show_error(
    parent: QWidget | None, title: str, text: str, lines: list[str] | None = None,
    limit: int = 12,
) -> None:
    """A warning with its reasons, one a line (the first ``limit`` shown, all under Details)."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names as written, never markup
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if lines:
        more = [f"… and {len(lines) - limit} more"] if len(lines) > limit else []
        shown = lines[:limit] + more
        box.setInformativeText("\n".join(shown))
        box.setDetailedText("\n".join(lines))
    box.exec()


def show_about(parent: QWidget | None, text: str) -> None:
    from planner.gui.about import AboutDialog

    AboutDialog(text, parent).exec()


def show_welcome(parent: QWidget | None) -> str:
    """First start and Help ▸ Welcome: returns "sample" (explore the sample plan), "guided"
    (set up one's own plan with the guided setup, ``ask_setup``), "blank" (start afresh),
    or "" when closed without a choice."""
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    from planner.gui.about import WelcomeDialog

    dialog = WelcomeDialog(parent)
    chosen: list[str] = []
    buttons = dialog.findChild(QDialogButtonBox)
    if buttons is not None:
        # The dialog's own buttons: Accept explores the sample, Reject starts blank (and
        # so would Escape: a choice is only what a button says).
        for button in buttons.buttons():
            if buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.clicked.connect(lambda: chosen.append("blank"))
        guided = QPushButton("Set Up My Plan…")
        guided.setToolTip("A few short questions (household, savings, income, Social "
                          "Security, spending) that build your plan")
        guided.setAutoDefault(False)
        buttons.addButton(guided, QDialogButtonBox.ButtonRole.ActionRole)

        def set_up() -> None:
            chosen.append("guided")
            dialog.accept()

        guided.clicked.connect(set_up)
    answer = dialog.choice()
    return chosen[0] if chosen else "sample" if answer == "sample" else ""


def ask_setup(parent: QWidget | None) -> Plan | None:
    """The guided setup (File ▸ New, File ▸ Guided Setup…, the welcome): the plan built from
    the answers, or the blank plan if the person chose Blank Plan; None when cancelled."""
    from planner.gui.setup_wizard import SetupWizard

    wizard = SetupWizard(parent)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.plan()


def restore_note(path: str, change: str = "same") -> str:
    """What the offer to restore says of the plan file; ``change`` is what the recovery file
    tells (recovery.Recovered.file_change): "same", "changed", "missing" or "unknown"."""
    if not path:
        return "It was never saved."
    if change == "same":
        return f"The plan file {path} has not been changed since."
    if change == "changed":
        return (f"The plan file {path} has been changed since (by another window or "
                "program): restoring replaces those changes in the window, and saving will "
                "ask before writing over them.")
    if change == "missing":
        return f"The plan file {path} is no longer there."
    return f"planner cannot tell whether the plan file {path} has been changed since."


def ask_restore(parent: QWidget | None, name: str, saved_at: str, path: str,
                change: str = "same") -> bool:
    """After a crash: restore the unsaved edits found in a recovery file?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved changes?")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"planner did not close normally. Unsaved changes to “{name}” were kept "
                f"({saved_at}).")
    box.setInformativeText(f"{restore_note(path, change)} Restore the changes?")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def ask_conflict(parent: QWidget | None, name: str) -> str:
    """Saving, but the plan's file changed on disk since it was opened or last saved here
    (another window or program wrote it). Returns "overwrite", "reload", "save_as" or
    "cancel"; Cancel is the default, so Enter never writes over someone else's edits."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The plan file has changed")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"The file of “{name}” was changed by another window or program since you "
                "opened or last saved it.")
    box.setInformativeText("Overwrite replaces those changes with yours; Reload opens the "
                           "file as it is now and drops your unsaved changes; Save As keeps "
                           "both.")
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    reload = box.addButton("Reload", QMessageBox.ButtonRole.ResetRole)
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(Button.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return "overwrite"
    if clicked is reload:
        return "reload"
    if clicked is save_as:
        return "save_as"
    return "cancel"


def ask_text(parent: QWidget | None, title: str, label: str, text: str) -> str | None:
    """One line of text (a scenario's name); None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    value = value.strip()
    return value if ok and value else None
