"""The Start years tab: in History, one sortable row per historical start year with its
outcome, lowest balance in retirement and estate (numbers sort as numbers, the years that ran
out in red); in the other modes a note saying how to see them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from planner import format as fmt
from planner.core.analysis import with_crypto_share
from planner.core.model import Mode
from planner.core.outcomes import start_years
from planner.gui.main_window import MainWindow
from planner.gui.results.start_years import FINAL, LOWEST, OUTCOME, START, StartYearsTab


def historical(w: MainWindow, settle: Any, crypto: bool = False) -> StartYearsTab:
    """Switch the window to History (as the top-right button does) and open the tab."""
    if not crypto:  # without crypto every start year runs once: "lasted" or "ran out at N"
        w.doc.replace(with_crypto_share(w.doc.plan, 0.0), "No crypto")
    w.mode_actions[Mode.HISTORICAL].trigger()
    settle(w)
    tab = w.results.start_years
    w.results.lower_tabs.setCurrentWidget(tab)
    return tab


def dollars(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def click_header(qtbot: Any, tab: StartYearsTab, column: int) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_history_lists_every_start_year_with_its_outcome(window: MainWindow, settle: Any):
    w = window
    tab = historical(w, settle)
    result = w.results.result
    assert result is not None and result.mode == Mode.HISTORICAL
    rows = start_years(result)
    assert tab.listing and tab.table.isVisible()
    assert tab.model.rowCount() == len(rows) == len(set(result.path_labels)) > 90
    years = [int(t) for t in tab.table.texts(START)]
    assert years == sorted(r.start_year for r in rows)  # oldest first until a header is clicked

    failed = [r for r in rows if r.lasted < 1]
    assert failed and len(failed) < len(rows)  # the sample at 0% crypto: some years run out
    assert tab.caption.text().startswith(
        f"{len(rows)} historical start years: {len(rows) - len(failed)} lasted, "
        f"{len(failed)} ran out.")
    assert "today's dollars" in tab.caption.text()

    outcomes = dict(zip(years, tab.table.texts(OUTCOME), strict=True))
    bad = failed[0]
    assert bad.ran_out_age is not None
    assert outcomes[bad.start_year] == f"ran out at {bad.ran_out_age}"
    good = next(r for r in rows if r.lasted >= 1)
    assert outcomes[good.start_year] == "lasted"
    # Balances in today's dollars, as the core gives them.
    k = years.index(good.start_year)
    assert tab.table.texts(FINAL)[k] == fmt.money(good.final_balance)
    assert tab.table.texts(LOWEST)[k] == fmt.money(good.lowest_balance)
    assert good.lowest_balance > 0 and bad.lowest_balance < good.lowest_balance

    # A year that ran out stands out in red; one that lasted keeps the table's colour.
    i_bad, i_good = years.index(bad.start_year), k
    red = tab.table.proxy.index(i_bad, OUTCOME).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QColor) and red.red() > red.green() + 40
    assert tab.table.proxy.index(i_good, OUTCOME).data(Qt.ItemDataRole.ForegroundRole) is None


def test_columns_sort_as_numbers(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    tab = historical(w, settle)
    click_header(qtbot, tab, FINAL)
    shown = tab.table.texts(FINAL)
    values = [dollars(t) for t in shown]
    assert values == sorted(values)  # $9,000 before $10,000: by number, not by text
    assert shown != sorted(shown)  # (which the text order would not be)
    assert tab.table.horizontalHeader().sortIndicatorSection() == FINAL
    click_header(qtbot, tab, FINAL)
    assert [dollars(t) for t in tab.table.texts(FINAL)] == sorted(values, reverse=True)

    click_header(qtbot, tab, LOWEST)
    lowest = [dollars(t) for t in tab.table.texts(LOWEST)]
    assert lowest == sorted(lowest)

    # Outcome: the worst first (the earliest age the money ran out), the years that lasted last.
    click_header(qtbot, tab, OUTCOME)
    outcomes = tab.table.texts(OUTCOME)
    ages = [int(t.rsplit(" ", 1)[1]) for t in outcomes if t.startswith("ran out at")]
    assert ages and ages == sorted(ages)
    assert outcomes[:len(ages)] == [f"ran out at {a}" for a in ages]
    assert set(outcomes[len(ages):]) == {"lasted"}

    click_header(qtbot, tab, START)
    years = [int(t) for t in tab.table.texts(START)]
    assert years == sorted(years)


def test_with_crypto_each_year_counts_its_alignments(window: MainWindow, settle: Any) -> None:
    w = window
    tab = historical(w, settle, crypto=True)  # the sample holds 5% crypto in its 401(k)
    result = w.results.result
    assert result is not None
    rows = start_years(result)
    runs = rows[0].runs
    assert runs > 1 and tab.model.rowCount() == len(rows)
    assert f"each run over {runs} alignments" in tab.caption.text()
    outcomes = tab.table.texts(OUTCOME)
    assert f"lasted in all {runs} alignments" in outcomes
    assert any(t.startswith("ran out in ") for t in outcomes)


def test_other_modes_say_how_to_see_the_start_years(window: MainWindow, settle: Any) -> None:
    w = window
    tab = w.results.start_years
    w.results.lower_tabs.setCurrentWidget(tab)
    assert w.doc.plan.simulation.mode is Mode.MONTE_CARLO
    assert not tab.listing and tab.note.isVisible()
    assert "Switch to Historical mode" in tab.note.text()
    assert tab.model.rowCount() == 0

    historical(w, settle)
    assert tab.listing and tab.model.rowCount() > 90
    w.mode_actions[Mode.EXPECTED].trigger()
    settle(w)
    assert not tab.listing and tab.model.rowCount() == 0
    assert "Switch to Historical mode" in tab.note.text()
