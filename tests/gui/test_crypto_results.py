"""Results ▸ crypto outlooks and stress tests: computed with the extras on the worker, shown as
tables beside the plan without crypto (or without the shock); the largest share within a few
points; history's success range and honest counts of windows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner import format as fmt
from planner.core import outlooks
from planner.core.analysis import with_crypto_share
from planner.core.model import Mode
from planner.gui.main_window import MainWindow
from tests.gui.conftest import FULL_PATHS


def wait_extras(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: not w.projection.busy and w.results.extras is not None
                    and w.results.extras.plan == w.doc.plan, timeout=60_000)


def with_extras(qtbot: Any, w: MainWindow) -> None:
    """Turn the extras on and run them for the plan on screen."""
    w.projection.extras_enabled = True
    w.recompute()
    wait_extras(qtbot, w)


def test_extras_give_the_outlook_and_stress_tables(qtbot: Any, window: MainWindow) -> None:
    w = window
    with_extras(qtbot, w)
    e = w.results.extras
    assert e is not None and e.outlooks is not None and e.stress is not None
    # The plan's own path count and seed, as the summary: one figure everywhere.
    assert e.mode == Mode.MONTE_CARLO and e.paths == w.doc.plan.simulation.paths == FULL_PATHS
    panel = w.results.crypto
    rows = panel.outlooks.texts()
    named = outlooks.named_outlooks()
    assert [r[0] for r in rows] == ["No crypto (0%)"] + [
        f"{o.label} (yours)" if o.key == outlooks.DEFAULT else o.label for o in named]
    assert rows[0][5] == f"{e.outlooks.without_crypto.success_rate:.0%}"
    # The plan's own outlook is highlighted.
    mine = next(i for i, r in enumerate(rows) if r[0].endswith("(yours)"))
    assert panel.outlooks.item(mine, 0).font().bold()
    assert not panel.outlooks.item(1 if mine != 1 else 2, 0).font().bold()
    assert panel.outlooks.item(mine, 0).toolTip().endswith(
        outlooks.named(outlooks.DEFAULT).rationale)
    # The Median column holds each outlook's median, the Mean column the mean it implies
    # (the two differ by far under crypto's volatility: a label on the wrong one misleads).
    for row, table_row in zip(rows[1:], e.outlooks.rows, strict=True):
        assert row[1] == fmt.rate(table_row.outlook.median)
        assert row[2] == fmt.rate(table_row.mean) != row[1]
    # Success and median estate beside the plan without crypto.
    assert rows[mine][6].endswith("pts") and rows[mine][8].startswith(("+", "-", "$0"))
    assert f"{FULL_PATHS} paths" in panel.outlook_note.text()
    result = w.results.result
    assert result is not None and result.n_paths == FULL_PATHS
    assert rows[mine][5] == w.results.summary.success.value.text() == (
        f"{result.summary.success_rate:.0%}")
    stress = panel.stress.texts()
    assert [r[0] for r in stress][0] == "No stress" and len(stress) == 5
    assert stress[1][0] == "Crypto -80% at retirement"
    assert "Crypto to zero in 2051" in [r[0] for r in stress]
    line = w.results.crypto_line.text()
    assert f"over {len(named)} outlooks" in line and "without" in line


def test_the_link_under_the_summary_opens_the_tables(qtbot: Any, window: MainWindow) -> None:
    w = window
    with_extras(qtbot, w)
    assert w.results.lower_tabs.currentWidget() is w.results.table
    w.results.crypto_line.linkActivated.emit("crypto")
    assert w.results.lower_tabs.currentWidget() is w.results.crypto
    sizes = w.results.body.sizes()
    assert sizes[1] >= 0.5 * sum(sizes)


def test_a_plan_without_crypto_says_so_and_keeps_the_stock_stresses(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    w.doc.replace(with_crypto_share(w.doc.plan, 0.0), "No crypto")
    w.doc.set_value("simulation.mode", Mode.EXPECTED)
    with_extras(qtbot, w)
    e = w.results.extras
    assert e is not None and e.outlooks is None
    # An expected plan's tables run Monte Carlo, and say why.
    assert e.mode == Mode.MONTE_CARLO
    assert "expected run is one path" in w.results.crypto.stress_note.text()
    panel = w.results.crypto
    assert panel.outlooks.isHidden()
    assert "holds no crypto" in panel.no_crypto.text() and not panel.no_crypto.isHidden()
    assert [r[0] for r in panel.stress.texts()][1:] == [
        "2008-like crash at retirement", "Worst 10 years of stocks (1911-1920)"]
    assert "No crypto in this plan" in w.results.crypto_line.text()


def test_history_shows_the_success_range_and_counts_windows(qtbot: Any, window: MainWindow,
                                                            settle: Any) -> None:
    w = window
    w.projection.extras_enabled = True
    w.doc.set_value("simulation.mode", Mode.HISTORICAL)
    wait_extras(qtbot, w)
    result = w.results.result
    assert result is not None and result.summary.success_range is not None
    low, high = result.summary.success_range
    tile = w.results.summary.success
    assert tile.detail is not None and tile.detail.text() == (
        f"range {low * 100:.0f}–{high * 100:.0f}%")
    assert "alignments of Bitcoin's years" in tile.toolTip() or "alignments" in tile.toolTip()
    assert "windows × 11 Bitcoin alignments" in w.status_label.text()
    assert f"{FULL_PATHS:,} paths" not in w.status_label.text()
    panel = w.results.crypto
    assert "windows × 11 Bitcoin alignments" in panel.outlook_note.text()
    assert "windows × 11 Bitcoin alignments" in panel.stress_note.text()
    assert "paths" not in panel.stress_note.text().split(":")[0]
    # Every success cell with crypto carries its range over the alignments.
    assert "(" in panel.outlooks.texts()[1][5]


def test_the_largest_share_is_searched_on_the_worker(qtbot: Any, window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.core.engine as engine
    from planner.core.analysis import max_crypto_share
    from planner.gui.extras import tables_mode

    w = window
    with_extras(qtbot, w)
    panel = w.results.crypto
    panel.search.within.setValue(3.0)
    # The search starts from the shares the tables' sweep already ran.
    assert w.results.extras is not None and panel.search.runs is w.results.extras.runs
    made: list[int] = []
    simulate = engine.simulate
    monkeypatch.setattr(engine, "simulate", lambda *a, **kw: made.append(1) or simulate(*a, **kw))
    qtbot.mouseClick(panel.search.find_button, Qt.MouseButton.LeftButton)
    assert panel.search.searching and panel.search.find_button.text() == "Stop"
    qtbot.waitUntil(lambda: not panel.search.searching, timeout=60_000)
    searched = len(made)
    made.clear()
    plan = w.doc.plan
    max_crypto_share(plan, 0.03, mode=tables_mode(plan), paths=panel.search.paths,
                     seed=plan.simulation.seed)  # the same search from nothing
    assert 0 < searched < len(made)
    text = panel.search.answer.text()
    assert text.startswith(("Up to", "No crypto share")), text
    assert "Work 401(k)" in text and "searched up to 50%" in text
    assert "at 0%" in text
    # Or in the account the person picks.
    names = [panel.search.accounts.itemText(i) for i in range(panel.search.accounts.count())]
    assert names == ["the accounts that hold crypto"] + [a.name for a in w.doc.plan.accounts]
    panel.search.accounts.setCurrentIndex(names.index("Brokerage"))
    qtbot.mouseClick(panel.search.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.search.searching, timeout=60_000)
    assert " in Brokerage" in panel.search.answer.text()


def test_a_plan_change_drops_a_running_search(qtbot: Any, window: MainWindow,
                                             settle: Any) -> None:
    w = window
    with_extras(qtbot, w)
    panel = w.results.crypto
    panel.search.toggle()
    assert panel.search.searching
    w.doc.set_value("spending.annual", 61_000.0)
    assert not panel.search.searching and panel.search.answer.text() == ""
    settle(w)
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=60_000)
    assert panel.search.answer.text() == ""  # the old plan's answer never shows


def test_table_rows_in_words() -> None:
    """The rows as the window writes them: a custom outlook is "Your outlook", a success
    range goes in brackets, and the answer names the cap it searched up to."""
    from planner.core.analysis import Outcome, OutlookRow, OutlookTable, ShareAnswer
    from planner.core.model import CryptoOutlook
    from planner.gui.results import crypto_tables as ct

    zero = Outcome(0.80, 1_000_000.0, 98)
    mine = CryptoOutlook("custom", 0.05, 0.5, 0.01)
    row = OutlookRow("custom", "Your outlook", "The numbers in this plan.", mine, 0.2,
                     Outcome(0.78, 1_250_000.0, 1078, (0.74, 0.81)), True)
    rows = ct.outlook_rows(OutlookTable(0.05, zero, (row,)))
    assert rows[0].reference and rows[0].cells[5] == "80%"
    assert rows[1].highlight and rows[1].cells == (
        "Your outlook", "5.00%", "20.00%", "50%", "1%", "78% (74–81%)", "-2 pts", "$1.25M",
        "+$250k")
    assert ct.runs_text("historical", row.with_crypto, zero) == (
        "98 windows × 11 Bitcoin alignments")
    answer = ShareAnswer(0.0375, 0.02, zero, Outcome(0.79, 1_100_000.0, 98), 0.05,
                         ("Work 401(k)",), capped=True)
    assert ct.answer_text(answer) == (
        "Up to 3.75% in Work 401(k): success 79% against 80% at 0%, median estate $1.1M "
        "against $1M (searched up to the accounts' cap of 5%).")
    most = ShareAnswer(0.5, 0.02, zero, Outcome(0.85, 2_000_000.0, 98), 0.5, ("A",))
    assert ct.answer_text(most).startswith("Up to 50% or more in A")
    assert ct.answer_text(most).endswith("(searched up to 50%, the most the search tries).")
    none = ShareAnswer(None, 0.02, zero, None, 0.5, ("A", "B"))
    assert ct.answer_text(none).startswith("No crypto share in A, B keeps success within 2 points")
