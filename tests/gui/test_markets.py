"""Assumptions ▸ markets and crypto outlook: a preset or an outlook fills its numbers as one
undoable edit, a number typed by hand makes it Custom, and a typed mean sets the median."""

from __future__ import annotations

from typing import Any

import pytest

from planner.core import outlooks, presets
from planner.core.model import CryptoModel, Plan
from planner.gui.editor.fields import ChoiceField, NumberField
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number


def choose(field: Any, value: Any) -> None:
    """Pick an option of a drop-down as a person would (by its index)."""
    assert isinstance(field, ChoiceField)
    field.combo.setCurrentIndex(field.values.index(value))


def market_numbers(plan: Plan) -> tuple[float, ...]:
    a = plan.assumptions
    return (a.stocks.expected_return, a.stocks.volatility, a.bonds.expected_return,
            a.bonds.volatility, a.cash.expected_return, a.cash.volatility, a.inflation_rate,
            a.inflation_volatility)


def test_a_preset_fills_the_numbers_and_undo_restores_them(qtbot: Any, window: MainWindow):
    w = window
    w.editor.show_page(w.editor.assumptions)
    before = w.doc.plan
    chooser = w.editor.field("assumptions.market_preset")
    assert chooser.combo.currentText() == "History 1926-2024"  # type: ignore[attr-defined]
    jpm = presets.preset("jpm-2026")
    assert jpm is not None
    count = w.doc.undo_stack.count()

    choose(chooser, "jpm-2026")
    a = w.doc.plan.assumptions
    assert a.market_preset == "jpm-2026"
    assert a.stocks == jpm.stocks and a.bonds == jpm.bonds and a.cash == jpm.cash
    assert (a.inflation_rate, a.inflation_volatility) == (jpm.inflation_rate,
                                                          jpm.inflation_volatility)
    assert w.doc.undo_stack.count() == count + 1  # one edit for every number
    stocks = w.editor.field("assumptions.stocks.expected_return")
    assert isinstance(stocks, NumberField)
    assert stocks.spin.value() == pytest.approx(jpm.stocks.expected_return * 100)
    source = w.editor.assumptions.market.source.text()
    assert "J.P. Morgan" in source and "2025" in source  # the publisher and the date

    w.doc.undo_stack.undo()
    assert market_numbers(w.doc.plan) == market_numbers(before)
    assert w.doc.plan.assumptions.market_preset == before.assumptions.market_preset
    assert chooser.combo.currentText() == "History 1926-2024"  # type: ignore[attr-defined]
    assert stocks.spin.value() == pytest.approx(before.assumptions.stocks.expected_return * 100)


def test_editing_a_number_by_hand_shows_custom(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.assumptions)
    chooser = w.editor.field("assumptions.market_preset")
    choose(chooser, "vanguard-2025")
    type_number(qtbot, w.editor.field("assumptions.bonds.volatility"), "9")
    assert w.doc.plan.assumptions.bonds.volatility == pytest.approx(0.09)
    assert w.doc.plan.assumptions.market_preset == presets.CUSTOM
    assert chooser.combo.currentText() == "Custom"  # type: ignore[attr-defined]
    assert "own" in w.editor.assumptions.market.source.text()
    # One undo takes back the typing, and the preset comes back with its number.
    w.doc.undo_stack.undo()
    assert w.doc.plan.assumptions.market_preset == "vanguard-2025"
    assert chooser.combo.currentText() == "Vanguard 2025 outlook"  # type: ignore[attr-defined]


def test_the_mean_column_says_mean_and_volatility_is_of_log_returns(window: MainWindow):
    from PySide6.QtWidgets import QLabel

    form = window.editor.assumptions
    mean, volatility = form.market.heads
    assert mean.text() == "Mean return" and "mean" in mean.toolTip()
    assert volatility.text() == "Volatility" and "log returns" in volatility.toolTip()
    texts = [label.text() for label in form.findChildren(QLabel)]
    assert "Median return" in texts  # only the crypto outlook's, which is a median
    assert isinstance(window.editor.field("assumptions.inflation_persistence"), NumberField)
    assert "0.62 fitted to CPI-U 1926-2024; 0 = independent years" in texts


def test_choosing_an_outlook_copies_its_numbers(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.assumptions)
    chooser = w.editor.field("assumptions.crypto.name")
    bust = outlooks.named("bust")
    assert bust is not None
    count = w.doc.undo_stack.count()
    choose(chooser, "bust")
    assert w.doc.plan.assumptions.crypto == bust.outlook
    assert w.doc.undo_stack.count() == count + 1
    group = w.editor.assumptions.crypto
    assert group.rationale.text() == bust.rationale
    collapse = w.editor.field("assumptions.crypto.collapse_chance")
    assert collapse.spin.value() == pytest.approx(5.0)  # type: ignore[attr-defined]
    mean = outlooks.implied_mean(bust.outlook, w.doc.plan.simulation.crypto_t_dof)
    assert group.mean.spin.value() == pytest.approx(mean * 100, abs=0.006)

    # The regime shape has its own tie to stocks: the correlation field steps aside.
    choose(chooser, "recent-history")
    assert w.doc.plan.assumptions.crypto.model is CryptoModel.REGIME
    assert not w.editor.field("simulation.crypto_stock_correlation").isEnabled()
    assert not w.editor.field("simulation.crypto_t_dof").isEnabled()


def test_editing_an_outlook_number_makes_it_custom(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.assumptions)
    chooser = w.editor.field("assumptions.crypto.name")
    choose(chooser, "published")
    type_number(qtbot, w.editor.field("assumptions.crypto.volatility"), "80")
    crypto = w.doc.plan.assumptions.crypto
    assert crypto.volatility == pytest.approx(0.8)
    assert outlooks.label(crypto) == "Custom" and crypto.name == outlooks.CUSTOM
    assert chooser.combo.currentText() == "Custom"  # type: ignore[attr-defined]
    assert w.editor.assumptions.crypto.rationale.text() == "Your own numbers."
    # Choosing "Custom" on a named outlook's numbers keeps them, as the person's own.
    choose(chooser, "stocks-like")
    choose(chooser, outlooks.CUSTOM)
    assert w.doc.plan.assumptions.crypto.name == outlooks.CUSTOM
    assert chooser.combo.currentText() == "Custom"  # type: ignore[attr-defined]
    assert w.editor.assumptions.crypto.rationale.text() == "Your own numbers."
    # The shape is an outlook's number too.
    choose(chooser, "stocks-like")
    choose(w.editor.field("assumptions.crypto.model"), CryptoModel.BOOTSTRAP)
    assert outlooks.label(w.doc.plan.assumptions.crypto) == "Custom"


def test_typing_a_mean_sets_the_median_that_implies_it(qtbot: Any, window: MainWindow):
    w = window
    w.editor.show_page(w.editor.assumptions)
    before = w.doc.plan.assumptions.crypto
    group = w.editor.assumptions.crypto
    type_number(qtbot, group.mean, "25")
    crypto = w.doc.plan.assumptions.crypto
    dof = w.doc.plan.simulation.crypto_t_dof
    assert outlooks.implied_mean(crypto, dof) == pytest.approx(0.25, abs=1e-6)
    assert crypto.median < 0.25  # volatility puts the median below the mean
    median = w.editor.field("assumptions.crypto.median")
    assert median.spin.value() == pytest.approx(crypto.median * 100, abs=0.006)  # type: ignore[attr-defined]
    assert group.mean.spin.value() == pytest.approx(25.0)
    assert outlooks.label(crypto) == "Custom"
    # The typing is one undo step, like typing in any field.
    w.doc.undo_stack.undo()
    assert w.doc.plan.assumptions.crypto == before
    assert outlooks.label(w.doc.plan.assumptions.crypto) != "Custom"


def test_a_step_6_plan_opens_with_a_note_that_its_crypto_is_the_cautious_outlook(
        qtbot: Any, window: MainWindow, tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "v3" / "sample.json"
    path = tmp_path / "old.json"
    shutil.copy(fixture, path)
    assert window.files.open_path(path, ask=False)
    assert window.doc.plan.assumptions.crypto.name == "cautious"
    note = window.editor.notice.text()
    assert "Cautious (bearish)" in note and "results are unchanged" in note
