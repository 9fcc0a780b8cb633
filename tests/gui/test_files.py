"""File menu: save/open round trip, unreadable files, unsaved changes, exports."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from planner.core.storage import load_plan
from planner.gui import dialogs, ui_settings
from planner.gui.main_window import MainWindow


def test_save_and_open_round_trip(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    target = tmp_path / "mine.json"
    w.doc.set_value("spending.annual", 55_000.0)
    assert w.isWindowModified()

    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    w.menus["save"].trigger()  # an unsaved plan: Save asks where
    assert target.exists()
    assert w.doc.path == target
    assert not w.isWindowModified()
    assert load_plan(target) == w.doc.plan
    assert ui_settings.recent_files()[0] == target.resolve()

    saved = w.doc.plan
    w.menus["new"].trigger()
    assert w.doc.path is None
    assert w.doc.plan != saved
    settle(w)
    assert w.projection.problems == []  # the template is valid

    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: target)
    w.menus["open"].trigger()
    assert w.doc.plan == saved
    assert w.doc.path == target
    assert w.editor.field("spending.annual").spin.value() == 55_000  # type: ignore[attr-defined]
    assert w.windowTitle().startswith(saved.name)
    settle(w)
    assert w.results.result is not None and w.results.result.plan == saved

    # Save again goes to the same file without asking.
    w.doc.set_value("spending.annual", 56_000.0)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: pytest.fail("asked again"))
    w.menus["save"].trigger()
    assert load_plan(target).spending.annual == 56_000


def test_a_bad_file_is_reported_and_left_alone(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    bad = tmp_path / "broken.json"
    bad.write_bytes(b'{"schema_version": 1, "name": "broken')
    before = bad.read_bytes()
    before_plan = w.doc.plan
    shown: list[tuple[str, str, list[str]]] = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: bad)
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text, lines=None: shown.append(
            (title, text, list(lines or []))
        )
    )
    w.menus["open"].trigger()
    assert len(shown) == 1
    title, text, lines = shown[0]
    assert title == "Cannot open plan"
    assert "broken.json" in text
    assert any("not valid JSON" in line for line in lines)
    assert bad.read_bytes() == before
    assert w.doc.plan is before_plan
    assert w.doc.path is None

    # A file with the right shape but wrong types: every field at fault is listed.
    typed = tmp_path / "typed.json"
    typed.write_text('{"schema_version": 1, "name": 3, "start_year": "x", "people": []}')
    typed_before = typed.read_bytes()
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder: typed)
    w.menus["open"].trigger()
    assert len(shown) == 2
    assert any("name" in line for line in shown[1][2])
    assert any("start_year" in line for line in shown[1][2])
    assert typed.read_bytes() == typed_before


def test_unsaved_changes_are_asked_about(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window
    w.doc.set_value("spending.annual", 61_000.0)
    answers = ["cancel"]
    asked: list[str] = []

    def ask(parent: Any, name: str) -> str:
        asked.append(name)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_discard", ask)
    w.menus["new"].trigger()
    assert asked and w.doc.plan.spending.annual == 61_000  # cancelled: nothing replaced

    answers.append("save")
    target = tmp_path / "kept.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    w.menus["new"].trigger()
    assert load_plan(target).spending.annual == 61_000  # saved first...
    assert w.doc.plan.name == "New plan"  # ...then replaced

    w.doc.set_value("spending.annual", 1.0)
    answers.append("cancel")
    assert not w.close()  # closing asks too, and can be cancelled
    answers.append("discard")


@pytest.mark.skipif(importlib.util.find_spec("planner.report.csv_export") is None,
                    reason="report.csv_export not written yet")
def test_export_csv(qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    w = window
    target = tmp_path / "years.csv"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_csv"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=10_000)
    assert target.exists() and target.stat().st_size > 0
    assert "Exported" in w.status_label.text()


@pytest.mark.skipif(importlib.util.find_spec("planner.report.pdf") is None,
                    reason="report.pdf not written yet")
def test_export_pdf_runs_off_the_gui_thread(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.projection.full_paths = 200
    w.doc.set_value("simulation.paths", 200)  # a small run keeps the test quick
    settle(w)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_pdf"].trigger()
    assert w.files.exports.busy  # returned at once; the worker writes the file
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")
    # Every figure the summary strip shows appears, identically, in the PDF's text.
    from tests.report.pdf_text import pdf_text

    text = " ".join(pdf_text(target).split())
    shown = w.results.summary.texts()
    shown.pop("headline")
    assert shown and all(value in text for value in shown.values()), (shown, text[:400])


def test_export_refuses_while_the_plan_is_invalid(
    qtbot: Any, window: MainWindow, settle: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.doc.set_value("people[0].retirement_age", 20)
    settle(w)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, lines=None:
                        shown.append(title))
    w.menus["export_pdf"].trigger()
    assert shown == ["Nothing to export yet"]


def test_an_older_plan_says_it_will_be_upgraded_and_keeps_its_original(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    w = window
    path = tmp_path / "old.json"
    shutil.copy(Path(__file__).resolve().parent.parent / "fixtures" / "v1" / "retiree.json",
                path)
    original = path.read_bytes()
    assert w.files.open_path(path, ask=False)
    assert "older version" in w.status_bar.label.text()
    assert "old.json.v1.bak" in w.status_bar.label.text()
    assert path.read_bytes() == original  # opening writes nothing
    w.menus["save"].trigger()
    assert (tmp_path / "old.json.v1.bak").read_bytes() == original
    assert "older original is kept" in w.status_bar.label.text()
    settle(w)
