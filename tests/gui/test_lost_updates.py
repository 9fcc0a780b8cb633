"""No lost updates: a plan file another window or program changed since this window opened or
saved it is never silently written over; saving asks (overwrite, reload, save as, cancel); the
library notices the change; the recovery file knows which version its edits were made on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from planner.core.storage import load_plan, sample_plan, save_plan
from planner.gui import dialogs
from planner.gui.files import library, recovery
from planner.gui.files.file_state import FileState, file_hash
from planner.gui.main_window import MainWindow


def opened(w: MainWindow, path: Path) -> MainWindow:
    assert w.files.open_path(path, ask=False)
    return w


def other_writer(path: Path, name: str) -> None:
    """Another window or program saves its own version of the plan."""
    save_plan(load_plan(path).with_changes(name=name), path)
    # A second write in the same clock tick still differs in content (and size here).


def answer(monkeypatch: pytest.MonkeyPatch, choice: str) -> list[str]:
    asked: list[str] = []

    def ask(parent: Any, name: str) -> str:
        asked.append(name)
        return choice

    monkeypatch.setattr(dialogs, "ask_conflict", ask)
    return asked


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return save_plan(sample_plan().with_changes(name="Shared"), tmp_path / "shared.json")


def test_saving_over_a_file_changed_on_disk_asks_and_cancel_keeps_theirs(
    window: MainWindow, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = opened(window, shared)
    w.doc.set_value("spending.annual", 61_000.0)
    other_writer(shared, "Theirs")
    asked = answer(monkeypatch, "cancel")
    assert not w.files.save()
    assert asked == ["Shared"]
    assert load_plan(shared).name == "Theirs"  # their edits are still there
    assert w.doc.modified and w.doc.plan.spending.annual == 61_000  # and so are ours


def test_overwrite_writes_ours_and_the_next_save_does_not_ask(
    window: MainWindow, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = opened(window, shared)
    w.doc.set_value("spending.annual", 62_000.0)
    other_writer(shared, "Theirs")
    asked = answer(monkeypatch, "overwrite")
    assert w.files.save()
    assert load_plan(shared).spending.annual == 62_000 and load_plan(shared).name == "Shared"
    w.doc.set_value("spending.annual", 63_000.0)
    assert w.files.save()  # our own save is the version we know now
    assert asked == ["Shared"]


def test_reload_opens_their_version_and_drops_ours(
    window: MainWindow, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = opened(window, shared)
    w.doc.set_value("spending.annual", 64_000.0)
    other_writer(shared, "Theirs")
    answer(monkeypatch, "reload")
    assert not w.files.save()
    assert w.doc.plan.name == "Theirs" and not w.doc.modified
    assert load_plan(shared).name == "Theirs"


def test_save_as_keeps_both(
    window: MainWindow, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = opened(window, shared)
    w.doc.set_value("spending.annual", 65_000.0)
    other_writer(shared, "Theirs")
    answer(monkeypatch, "save_as")
    mine = tmp_path / "mine.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: mine)
    assert w.files.save()
    assert load_plan(shared).name == "Theirs"
    assert load_plan(mine).spending.annual == 65_000
    assert w.doc.path == mine


def test_two_windows_on_one_plan_never_lose_an_edit(
    qtbot: Any, window: MainWindow, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = opened(window, shared)
    second = MainWindow(sample_plan(), None)
    qtbot.addWidget(second)
    opened(second, shared)
    first.doc.set_value("spending.annual", 66_000.0)
    second.doc.set_value("people[0].retirement_age", 63)
    assert second.files.save()  # nobody else wrote it: no question
    asked = answer(monkeypatch, "cancel")
    assert not first.files.save()  # today the last save silently wins
    assert asked and load_plan(shared).people[0].retirement_age == 63
    second.projection.cancel()
    second.library.stop()
    second.runner.wait()


def test_saving_an_unchanged_or_only_touched_file_does_not_ask(
    window: MainWindow, shared: Path
) -> None:
    w = opened(window, shared)  # the fixture fails if ask_conflict opens
    w.doc.set_value("spending.annual", 67_000.0)
    assert w.files.save()
    stat = shared.stat()
    os.utime(shared, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # `touch`
    w.doc.set_value("spending.annual", 68_000.0)
    assert w.files.save()
    assert load_plan(shared).spending.annual == 68_000


def test_the_library_notices_a_change_to_the_open_plan(
    qtbot: Any, window: MainWindow, shared: Path
) -> None:
    w = opened(window, shared)
    other_writer(shared, "Theirs")
    qtbot.waitUntil(lambda: library.CHANGED_NOTE in w.status_label.text(), timeout=10_000)


def test_our_own_save_is_not_noted_as_a_change(
    qtbot: Any, window: MainWindow, shared: Path
) -> None:
    w = opened(window, shared)
    w.doc.set_value("spending.annual", 70_000.0)
    assert w.files.save()
    qtbot.wait(800)  # the watcher's signal and the library's refresh have come and gone
    assert library.CHANGED_NOTE not in w.status_label.text()


def test_file_state_compares_content_not_time(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("one")
    state = FileState()
    state.remember(path)
    assert not state.changed(path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not state.changed(path)
    path.write_text("two")
    assert state.changed(path)
    assert not state.changed(tmp_path / "other.json")  # not the file it knows
    path.unlink()
    assert not state.changed(path)  # gone: saving puts it back, nothing to lose


# ----- recovery files


def test_the_recovery_file_records_the_plan_files_hash(
    qtbot: Any, window: MainWindow, shared: Path
) -> None:
    w = opened(window, shared)
    digest = file_hash(shared)
    w.doc.set_value("spending.annual", 69_000.0)
    w.recovery.write_now()
    rec = recovery.read_recovery(w.recovery.file)
    assert rec.plan_hash == digest and rec.file_change() == "same"
    other_writer(shared, "Theirs")
    assert recovery.read_recovery(w.recovery.file).file_change() == "changed"


def test_the_restore_dialog_says_truthfully_that_the_file_changed(
    qtbot: Any, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = load_plan(shared).with_changes(name="Shared, edited")
    crashed = recovery.recovery_dir() / "crashed-session.json"
    recovery.write_recovery(edited, shared, crashed, file_hash(shared))
    other_writer(shared, "Theirs")  # after the crash, someone else saved the plan
    told: list[str] = []

    def restore(parent: Any, name: str, saved_at: str, path: str, change: str) -> bool:
        told.append(dialogs.restore_note(path, change))
        return True

    monkeypatch.setattr(dialogs, "ask_restore", restore)
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    assert len(told) == 1
    assert "has been changed since" in told[0] and "not been changed" not in told[0]
    assert w.doc.plan.name == "Shared, edited"
    asked = answer(monkeypatch, "cancel")
    assert not w.files.save()  # the edits were made on the older version: it asks
    assert asked and load_plan(shared).name == "Theirs"
    w.projection.cancel()
    w.library.stop()
    w.runner.wait()


def test_restore_notes_say_what_is_known() -> None:
    assert "not been changed" in dialogs.restore_note("/p.json", "same")
    assert "has been changed since" in dialogs.restore_note("/p.json", "changed")
    assert "no longer there" in dialogs.restore_note("/p.json", "missing")
    assert "cannot tell" in dialogs.restore_note("/p.json", "unknown")
    assert dialogs.restore_note("", "unknown") == "It was never saved."


def test_a_recovery_file_that_cannot_be_parsed_is_kept_and_its_place_told(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = recovery.recovery_dir() / "crashed-session.json"
    crashed.write_text('{"format": "planner-recovery", "plan": {"schema_ver')
    content = crashed.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, lines=None: shown.append(text))
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    kept = [p for p in recovery.recovery_dir().iterdir() if p.read_bytes() == content]
    assert len(kept) == 1  # not deleted
    assert len(shown) == 1 and str(kept[0]) in shown[0]  # and the person knows where
    assert w.doc.plan == sample_plan()
    again = MainWindow()  # not offered (nor complained about) at every later start
    qtbot.addWidget(again)
    again.open_startup_plan()
    assert len(shown) == 1 and kept[0].exists()


@pytest.mark.parametrize("content", ["[" * 100_000, '{"format": "planner-recovery", "plan": '
                                     '{"schema_version": 1' + "1" * 5000 + "}}"])
def test_a_hostile_recovery_file_does_not_stop_the_start(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    crashed = recovery.recovery_dir() / "crashed-session.json"
    crashed.write_text(content)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, lines=None: shown.append(text))
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    assert w.doc.plan == sample_plan() and len(shown) == 1
