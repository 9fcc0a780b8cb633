"""File ▸ Import Returns…: a good CSV becomes the plan's return series in one undoable edit
and says how its numbers were read; a bad one lists every problem and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.gui import dialogs
from planner.gui.main_window import MainWindow

GOOD = """year,stocks,bonds,cash,inflation,crypto
2015,1.38,0.55,0.02,0.73,35.0
2016,11.96,2.65,0.32,2.07,125.0
2017,21.83,3.54,0.93,2.11,1331.0
2018,-4.38,0.01,1.94,1.91,-73.5
2019,31.49,8.72,2.06,2.29,92.0
2020,18.40,7.51,0.36,1.36,305.0
2021,28.71,-1.54,0.05,7.04,59.8
2022,-18.11,-13.01,2.02,6.45,-64.2
2023,26.29,5.53,5.07,3.35,155.4
2024,25.02,1.25,5.25,2.89,121.1
"""

BAD = """year,stocks,bonds,cash,inflation
2015,0.0138,0.0055,0.0002,0.0073
2016,abc,0.0265,0.0032,0.0207
2017,0.2183,0.0354
2019,0.3149,0.0872,0.0206,0.0229
"""


def import_file(qtbot: Any, w: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path,
                errors: list[tuple[str, str, list[str]]]) -> None:
    monkeypatch.setattr(dialogs, "ask_returns_path", lambda parent, folder: path)

    def show_error(parent: Any, title: str, text: str, lines: list[str] | None = None,
                   limit: int = 12) -> None:
        errors.append((title, text, list(lines or [])))

    monkeypatch.setattr(dialogs, "show_error", show_error)
    w.menus["import_returns"].trigger()


def test_a_good_file_is_imported_as_one_undoable_edit(qtbot: Any, window: MainWindow,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path, settle: Any) -> None:
    w = window
    path = tmp_path / "my returns.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = w.doc.plan
    count = w.doc.undo_stack.count()
    errors: list[tuple[str, str, list[str]]] = []
    import_file(qtbot, w, monkeypatch, path, errors)

    assert errors == []
    series = w.doc.plan.simulation.return_series
    assert series is not None
    assert series.name == "my returns.csv"
    assert series.years == tuple(range(2015, 2025))
    assert series.stocks[1] == pytest.approx(0.1196)  # percent, read as such
    assert series.crypto[2] == pytest.approx(13.31)
    assert w.doc.undo_stack.count() == count + 1
    # The sentence says how the numbers were read, and stays in view.
    note = w.editor.notice.text()
    assert "Read 10 years 2015-2024" in note and "as percentages" in note
    # The Assumptions page shows the series, with Remove.
    field = w.editor.field("simulation.return_series")
    assert "my returns.csv" in field.text.text() and "10 years" in field.text.text()  # type: ignore[attr-defined]
    assert not field.remove.isHidden()  # type: ignore[attr-defined]
    settle(w)

    w.doc.undo_stack.undo()
    assert w.doc.plan == before
    w.doc.undo_stack.redo()
    field.remove.click()  # type: ignore[attr-defined]
    assert w.doc.plan.simulation.return_series is None
    assert field.remove.isHidden()  # type: ignore[attr-defined]


def test_a_bad_file_lists_every_problem_and_changes_nothing(qtbot: Any, window: MainWindow,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    w = window
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = w.doc.plan
    count = w.doc.undo_stack.count()
    errors: list[tuple[str, str, list[str]]] = []
    import_file(qtbot, w, monkeypatch, path, errors)

    assert w.doc.plan == before
    assert w.doc.undo_stack.count() == count
    assert not w.doc.modified
    (title, text, lines) = errors[0]
    assert "not imported" in title
    assert "not changed" in text
    assert len(errors) == 1
    assert any("line 3" in line and "'abc' is not a number" in line for line in lines)
    assert any("line 4" in line and "the header has 5" in line for line in lines)
    assert len(lines) >= 2


def test_cancelling_the_file_dialog_changes_nothing(window: MainWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_returns_path", lambda parent, folder: None)
    before = window.doc.plan
    window.menus["import_returns"].trigger()
    assert window.doc.plan == before
