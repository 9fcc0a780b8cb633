"""Start-up choices, the error hook, and `python -m planner`."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest

import planner.__main__ as entry
from planner.core.storage import sample_plan, save_plan
from planner.gui import app, dialogs, ui_settings
from planner.gui.main_window import MainWindow


def new_window(qtbot: Any) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    return w


def test_first_start_shows_the_sample(qtbot: Any) -> None:
    w = new_window(qtbot)
    assert w.doc.plan == sample_plan()
    assert w.doc.path is None  # the bundled file is never saved over
    assert not w.isWindowModified()
    qtbot.waitUntil(lambda: w.results.result is not None, timeout=10_000)
    assert w.results.result.plan == sample_plan()  # type: ignore[union-attr]


def test_later_starts_reopen_the_last_plan(qtbot: Any, tmp_path: Path) -> None:
    plan = sample_plan().with_changes(name="Ours")
    path = save_plan(plan, tmp_path / "ours.json")
    ui_settings.add_recent(path)
    w = new_window(qtbot)
    assert w.doc.plan.name == "Ours"
    assert w.doc.path == path


def test_a_last_plan_that_no_longer_loads_falls_back_to_the_sample(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "gone.json"
    path.write_text("not json")
    ui_settings.add_recent(path)
    w = new_window(qtbot)  # quiet: no dialog at start-up (the fixture fails on any)
    assert w.doc.plan == sample_plan()
    assert path.read_text() == "not json"
    assert ui_settings.recent_files() == []


def test_excepthook_shows_a_message_and_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "show_unexpected_error", lambda text, details: shown.append(
        (text, details)))
    try:
        raise ValueError("boom")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            app.excepthook(ValueError, exc, exc.__traceback__)
    assert shown and "boom" in shown[0][0]
    assert "Traceback" in shown[0][1]
    assert "boom" in caplog.text


def test_main_module_dispatches(monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.cli
    import planner.gui.app

    calls: list[Any] = []
    monkeypatch.setattr(planner.gui.app, "main", lambda: calls.append("gui") or 0)
    monkeypatch.setattr(planner.cli, "main", lambda argv: calls.append(argv) or 0)
    assert entry.main([]) == 0
    assert entry.main(["validate", "x.json"]) == 0
    assert calls == ["gui", ["validate", "x.json"]]


def data_folder_file(tmp_path: Path) -> Path:
    file = tmp_path / "not a folder"
    file.write_text("a file where the data folder should be")
    return file


@pytest.mark.parametrize("where", ["file", "under a file"])
def test_an_unusable_data_folder_does_not_stop_the_start(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    file = data_folder_file(tmp_path)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(file if where == "file" else file / "data"))
    w = new_window(qtbot)
    assert w.doc.plan == sample_plan()
    # Autosave is off, and the status bar says so for as long as the window lives.
    assert not w.recovery.enabled
    assert w.autosave_off is not None and not w.autosave_off.isHidden()
    assert "Autosave" in w.autosave_off.text()
    assert str(file) in w.autosave_off.toolTip()
    # The library says it cannot use the folder instead of listing nothing silently.
    assert w.library.folder_problem
    assert "cannot be used" in w.library.empty.text()
    # Editing and autosaving's timer do no harm; saving elsewhere still works.
    w.doc.set_value("spending.annual", 55_000.0)
    w.recovery.write_now()
    assert file.read_text() == "a file where the data folder should be"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, s: tmp_path / "p.json")
    assert w.files.save()
    assert (tmp_path / "p.json").exists()
    w.close()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root may write to any folder")
def test_an_unwritable_data_folder_turns_autosave_off(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(folder))
    try:
        w = new_window(qtbot)
        assert not w.recovery.enabled and w.autosave_off is not None
        assert w.library.folder_problem
    finally:
        folder.chmod(0o700)


def test_a_usable_data_folder_keeps_autosave_on(qtbot: Any) -> None:
    w = new_window(qtbot)
    assert w.recovery.enabled and w.autosave_off is None
