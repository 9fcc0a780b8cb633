"""Every dialog the window opens, as small functions that tests replace with monkeypatch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

PLAN_FILTER = "Plans (*.json);;All files (*)"
Button = QMessageBox.StandardButton


def ask_open_path(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open plan", str(folder), PLAN_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save plan", str(suggested), PLAN_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".json")


def ask_export_path(parent: QWidget | None, suggested: Path, what: str) -> Path | None:
    """``what`` is "pdf" or "csv"; the file name gets that extension if it has none."""
    filters = {"pdf": "PDF report (*.pdf)", "csv": "CSV table (*.csv)"}
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export {what.upper()}", str(suggested), filters[what]
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(f".{what}")


def ask_discard(parent: QWidget | None, name: str) -> str:
    """Unsaved changes: returns "save", "discard" or "cancel"."""
    box = QMessageBox(parent)
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
    parent: QWidget | None, title: str, text: str, lines: list[str] | None = None
) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if lines:
        shown = lines[:12] + ([f"… and {len(lines) - 12} more"] if len(lines) > 12 else [])
        box.setInformativeText("\n".join(shown))
        box.setDetailedText("\n".join(lines))
    box.exec()


def show_about(parent: QWidget | None, text: str) -> None:
    QMessageBox.about(parent, "About planner", text)
