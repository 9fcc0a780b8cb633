"""Start-up choices, the error hook, and `python -m planner`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

import planner.__main__ as entry
from planner.core.storage import sample_plan, save_plan
from planner.gui import app, ui_settings
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
