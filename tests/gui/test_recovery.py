"""Never lose work: unsaved edits are autosaved, removed on save, restored after a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.core.storage import load_plan, sample_plan, save_plan
from planner.gui import dialogs
from planner.gui.files import recovery
from planner.gui.main_window import MainWindow


def start(qtbot: Any) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    return w


def test_edits_are_autosaved_and_removed_on_save(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    file = w.recovery.file
    assert not file.exists()
    w.doc.set_value("spending.annual", 71_000.0)
    qtbot.waitUntil(file.exists, timeout=5_000)
    assert recovery.read_recovery(file).plan.spending.annual == 71_000
    w.doc.undo_stack.undo()  # back to the saved state: nothing to recover
    assert not file.exists()
    w.doc.set_value("spending.annual", 72_000.0)
    qtbot.waitUntil(file.exists, timeout=5_000)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: tmp_path / "p.json")
    w.menus["save"].trigger()
    assert not file.exists()


def test_a_crash_is_offered_back_and_the_plan_has_the_edits(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan as last saved, then a session that edited it and crashed before saving.
    saved = save_plan(sample_plan().with_changes(name="Ours"), tmp_path / "ours.json")
    edited = load_plan(saved).with_changes(name="Ours, edited")
    crashed = recovery.recovery_dir() / "crashed-session.json"
    recovery.write_recovery(edited, saved, crashed)

    asked: list[tuple[str, str]] = []

    def restore(parent: Any, name: str, saved_at: str, path: str, change: str) -> bool:
        asked.append((name, path))
        return True

    monkeypatch.setattr(dialogs, "ask_restore", restore)
    w = start(qtbot)
    assert asked == [("Ours, edited", str(saved))]
    assert w.doc.plan == edited
    assert w.doc.path == saved  # Save goes back to the plan's own file...
    assert w.isWindowModified()  # ...and has not happened yet
    assert not crashed.exists()
    assert load_plan(saved).name == "Ours"  # the file on disk was never touched
    w.doc.undo_stack.undo()  # the restore is one undoable step
    assert w.doc.plan.name == "Ours"


def test_the_window_that_crashed_is_recovered_by_the_next(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.doc.set_value("people[0].retirement_age", 61)
    w.recovery.write_now()
    w.recovery.abandon()  # as a crash would: the file stays, the lock goes
    monkeypatch.setattr(dialogs, "ask_restore", lambda *a: True)
    again = start(qtbot)
    assert again.doc.plan.people[0].retirement_age == 61
    assert again.doc.path is None and again.isWindowModified()


def test_a_running_window_is_not_offered_and_a_declined_file_is_dropped(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.doc.set_value("spending.annual", 50_000.0)
    w.recovery.write_now()
    assert recovery.orphaned_files() == []  # its session is alive: not a crash
    w.recovery.abandon()
    assert recovery.orphaned_files() == [w.recovery.file]
    monkeypatch.setattr(dialogs, "ask_restore", lambda *a: False)
    again = start(qtbot)
    assert again.doc.plan.spending.annual != 50_000
    assert not w.recovery.file.exists()


def test_a_clean_close_leaves_no_recovery_file(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.doc.set_value("spending.annual", 52_000.0)
    w.recovery.write_now()
    assert w.recovery.file.exists()
    w.close()  # the fixture answers "discard"
    assert not w.recovery.file.exists()
    assert recovery.orphaned_files() == []
