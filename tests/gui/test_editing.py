"""Typing in the editor re-runs the projection and the summary, charts and table follow."""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.gui.editor.fields import NumberField
from planner.gui.main_window import MainWindow


def type_number(qtbot: Any, field: NumberField, text: str) -> None:
    field.spin.setFocus()
    field.spin.selectAll()  # the number only, not the "$ " prefix or " %" suffix
    qtbot.keyClicks(field.spin, text)


def show_chart(w: MainWindow, key: str) -> Any:
    """Bring a chart's tab forward and wait until its drawing (on a worker) is shown."""
    from pytestqt.qtbot import QtBot

    w.results.charts.select(key)
    QtBot(w).waitUntil(lambda: not w.results.charts.busy, timeout=10_000)
    return w.results.charts.canvas(key).axes


def goal_line(w: MainWindow) -> np.ndarray:
    show_chart(w, "income")
    ax = w.results.charts.canvas("income").axes
    assert ax is not None
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "Spending goal"]
    return np.asarray(line.get_ydata(), dtype=float)


def stacked_total(w: MainWindow) -> float:
    """The top of the balances stack at the last age, read back from the drawn areas."""
    ax = show_chart(w, "balances")
    assert ax is not None
    tops = [c.get_paths()[0].vertices[:, 1].max() for c in ax.collections if c.get_paths()]
    return float(max(tops))


def total_balance_column(w: MainWindow) -> list[float]:
    model = w.results.table_model
    return [model.value(r, "Total balance") for r in range(model.rowCount())]


def test_higher_spending_lowers_the_end_balance(qtbot: Any, window: MainWindow, settle: Any):
    w = window
    before = w.results.result
    assert before is not None
    end_before = before.summary.terminal_balance
    goal_before = goal_line(w)
    stack_before = stacked_total(w)
    table_before = total_balance_column(w)

    type_number(qtbot, w.editor.field("spending.annual"), "80000")
    qtbot.waitUntil(lambda: w.results.result is not None
                    and w.results.result.plan.spending.annual == 80_000)
    settle(w)

    after = w.results.result
    assert after is not None
    assert after.summary.terminal_balance < end_before
    assert w.results.summary.texts()["Spending, year 1"] == "$80,000"
    assert goal_line(w).max() > goal_before.max()
    assert stacked_total(w) < stack_before
    assert total_balance_column(w)[-1] < table_before[-1]
    assert w.isWindowModified()
    assert w.windowTitle() == "Sample: Alex at 40, 5% crypto in the 401(k)[*] — planner"


def test_typing_a_retirement_age_reprojects_once(qtbot: Any, window: MainWindow, settle: Any):
    w = window
    before = w.results.result
    assert before is not None
    shown: list[tuple[int, str]] = []
    w.projection.finished.connect(
        lambda result, _s: shown.append((result.plan.people[0].retirement_age,
                                         w.projection.last_stage)))
    type_number(qtbot, w.editor.field("people[0].retirement_age"), "60")
    settle(w)
    # "6" then "60": one debounced chain for the last value: a quick preview, then the full run.
    assert shown == [(60, "preview"), (60, "full")]
    result = w.results.result
    assert result is not None and result.n_paths == w.projection.paths(w.doc.plan)
    assert result.summary.retirement_year == 2046
    assert result.summary.balance_at_retirement < before.summary.balance_at_retirement
    assert w.results.summary.texts()["headline"]  # says something
    assert "At retirement (2046)" in w.results.summary.texts()


def test_percent_fields_show_percent_and_store_decimals(qtbot: Any, window: MainWindow, settle):
    w = window
    field = w.editor.field("assumptions.inflation_rate")
    stored = w.doc.plan.assumptions.inflation_rate
    assert field.spin.text().strip() == f"{stored * 100:.2f} %"
    type_number(qtbot, field, "4")
    settle(w)
    assert w.doc.plan.assumptions.inflation_rate == 0.04


def test_future_dollars_toggle(qtbot: Any, window: MainWindow) -> None:
    w = window
    real_end = total_balance_column(w)[-1]
    w.nominal_action.trigger()
    nominal_end = total_balance_column(w)[-1]
    assert nominal_end > real_end * 2  # 55 years of ~3% inflation
    assert "future" in show_chart(w, "balances").get_title(loc="left")
    w.real_action.trigger()
    assert total_balance_column(w)[-1] == real_end


def test_table_is_right_aligned_money(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    model = window.results.table_model
    columns = model.columns
    row = 0
    year = model.index(row, columns.index("Year"))
    total = model.index(row, columns.index("Total balance"))
    assert model.data(year) == "2026"
    assert model.data(total).startswith("$")
    align = Qt.AlignmentFlag(model.data(total, Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight


def test_mode_switch_runs_the_chosen_mode(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    from planner.core.model import Mode

    w.mode_actions[Mode.HISTORICAL].trigger()
    assert w.doc.plan.simulation.mode is Mode.HISTORICAL
    settle(w)
    # Either a result for the new mode or a message in the status bar; never a crash.
    result = w.results.result
    assert result is not None
    assert result.mode == "historical" or "projection" in w.status_label.text().lower()
