"""The year table: Ctrl+C copies the selection, columns are chosen and remembered, the
CSV, Excel and PDF exports hold what the table shows, and a note says which path it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from planner import format as fmt
from planner.core.model import Mode
from planner.gui import dialogs
from planner.gui.main_window import MainWindow

Flag = QItemSelectionModel.SelectionFlag


def column_entries(menu: Any) -> dict[str, Any]:
    """The checkable column entries of the column menu, through its group submenus."""
    out = {}
    for action in menu.actions():
        if action.menu() is not None:
            out.update(column_entries(action.menu()))
        elif action.isCheckable():
            out[action.text()] = action
    return out


def select(w: MainWindow, rows: range, columns: list[str]) -> None:
    view = w.results.table
    names = view.column_names()
    model = view.model()
    selection = view.selectionModel()
    selection.clearSelection()
    for r in rows:
        for name in columns:
            selection.select(model.index(r, names.index(name)), Flag.Select)


def test_ctrl_c_copies_the_selection_as_tab_separated_text(qtbot: Any, window: MainWindow):
    w = window
    view = w.results.table
    select(w, range(0, 3), ["Year", "Total balance"])
    view.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Year\tTotal balance"
    model = w.results.table_model
    for r, line in enumerate(lines[1:]):
        year, total = line.split("\t")
        assert int(year) == model.value(r, "Year")
        assert float(total) == pytest.approx(model.value(r, "Total balance"), abs=0.01)
    assert len(lines) == 4


def test_columns_are_chosen_and_remembered(qtbot: Any, window: MainWindow) -> None:
    w = window
    view = w.results.table
    names = view.column_names()
    view.set_column_shown("Salary", False)
    view.set_column_shown("Year", False)  # refused: a row must say its year
    assert "Salary" not in view.visible_columns()
    assert "Year" in view.visible_columns()
    assert view.isColumnHidden(names.index("Salary"))
    # The header's menu and View ▸ Table Columns offer the same checkable entries.
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    view.fill_column_menu(menu)
    entries = column_entries(menu)
    assert not entries["Salary"].isChecked() and entries["Total balance"].isChecked()
    entries["Total balance"].setChecked(False)
    assert "Total balance" not in view.visible_columns()

    again = MainWindow(w.doc.plan)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.results.result is not None, timeout=10_000)
    hidden = set(again.results.table.column_names()) - set(again.results.table.visible_columns())
    assert hidden == {"Salary", "Total balance"}
    again.results.table.show_all_columns()
    assert again.results.table.visible_columns() == again.results.table.column_names()


@pytest.mark.parametrize("what", ["csv", "xlsx"])
def test_table_exports_hold_the_shown_columns_and_dollars(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    w = window
    w.results.table.set_column_shown("Salary", False)
    w.nominal_action.trigger()
    target = tmp_path / f"years.{what}"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, kind: target)
    w.menus[f"export_{what}"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=20_000)
    assert "Exported" in w.status_label.text()
    # The CSV starts with "# ..." lines saying what the numbers are (which path, dollars).
    table = (pd.read_csv(target, comment="#") if what == "csv"
             else pd.read_excel(target, sheet_name=0))
    shown = w.results.table.visible_columns()
    assert list(table.columns) == shown
    model = w.results.table_model
    for column in ("Year", "Total balance", "Withdrawals"):
        expected = [model.value(r, column) for r in range(model.rowCount())]
        assert table[column].tolist() == pytest.approx(expected, abs=0.01)


def test_the_table_says_which_path_it_shows_and_why_pay_drifts(qtbot: Any, window: MainWindow
                                                                ) -> None:
    """One path of a Monte Carlo run, the typical one, named by its number; with the path's
    inflation, so a salary that falls in today's dollars reads as what it is (it rises at
    the plan's raise rate while prices on that path rise faster)."""
    w = window
    result = w.results.result
    assert result is not None and result.n_paths > 1
    note = w.results.path_note
    assert w.results.lower_tabs.currentWidget() is w.results.table
    assert note.isVisible()
    n = result.median_path()
    assert note.text().startswith(f"Typical path: no. {n + 1:,} of {result.n_paths:,} paths, "
                                  "the one with the median estate.")
    assert note.toolTip()  # what "typical" and "estate" mean
    years = int(result.end_index[n]) + 1
    inflation = (result.price_index[n, years] / result.price_index[n, 0]) ** (1 / years) - 1
    assert f"Inflation on it: {inflation:.2%} a year" in note.text()
    model = w.results.table_model
    salary = [model.value(r, "Salary") for r in range(model.rowCount())]
    worked = [s for s in salary if s > 0.5]
    moves = "falls" if worked[-1] < worked[0] else "rises"
    assert (f"the salary {moves} from {fmt.money(worked[0])} to {fmt.money(worked[-1])} in "
            "today's dollars") in note.text()
    # In future dollars nothing drifts; on another table the note goes.
    w.nominal_action.trigger()
    assert "Inflation on it" in note.text() and "the salary" not in note.text()
    w.results.lower_tabs.setCurrentWidget(w.results.start_years)
    assert not note.isVisible()
    w.results.lower_tabs.setCurrentWidget(w.results.table)
    assert note.isVisible()


def test_the_expected_path_is_not_called_typical(qtbot: Any, window: MainWindow,
                                                 settle: Any) -> None:
    w = window
    w.mode_actions[Mode.EXPECTED].trigger()
    settle(w)
    qtbot.waitUntil(lambda: w.results.result is not None and w.results.result.n_paths == 1)
    assert w.results.path_note.text().startswith("The one expected path")
    assert "ypical" not in w.results.path_note.text()
