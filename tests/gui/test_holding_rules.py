"""Accounts ▸ holding rules: a crypto cap (none, named, or another share) and how an account
rebalances; a share above the cap is shown on the crypto field."""

from __future__ import annotations

from typing import Any

import pytest

from planner.core.model import Rebalancing
from planner.gui.editor.holding_fields import CAP_CHOICES, CryptoCapField
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number
from tests.gui.test_markets import choose


def cap_field(w: MainWindow, i: int = 0) -> CryptoCapField:
    field = w.editor.field(f"accounts[{i}].crypto_cap")
    assert isinstance(field, CryptoCapField)
    return field


def test_a_cap_below_the_crypto_share_is_shown_on_the_crypto_field(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    cap = cap_field(w)
    assert cap.combo.currentText() == "No cap" and cap.spin.isHidden()
    assert w.doc.plan.accounts[0].allocation.crypto == pytest.approx(0.05)

    cap.combo.setCurrentIndex(2)  # 3% — a UK pension fund
    assert w.doc.plan.accounts[0].crypto_cap == pytest.approx(0.03)
    settle(w)
    crypto = w.editor.field("accounts[0].allocation.crypto")
    assert crypto.error.isVisibleTo(w.editor)
    assert "above the account's crypto cap of 3%" in crypto.error.text()
    assert not cap.error.text()
    assert w.results.stale_note.isVisible()

    # Another cap, typed: 6% lets the 5% through.
    cap.combo.setCurrentIndex(len(CAP_CHOICES))
    assert not cap.spin.isHidden()
    cap.spin.setValue(6.0)
    assert w.doc.plan.accounts[0].crypto_cap == pytest.approx(0.06)
    settle(w)
    assert not crypto.error.text()
    assert not w.results.stale_note.isVisible()

    # A cap out of range is explained on the cap itself.
    cap.spin.setValue(150.0)
    settle(w)
    assert cap.error.text() and not crypto.error.text()

    cap.combo.setCurrentIndex(0)
    assert w.doc.plan.accounts[0].crypto_cap is None


def test_other_stays_other_at_a_named_caps_value(qtbot: Any, window: MainWindow) -> None:
    w = window
    cap = cap_field(w)
    cap.combo.setCurrentIndex(len(CAP_CHOICES))
    cap.spin.setValue(5.0)
    assert w.doc.plan.accounts[0].crypto_cap == pytest.approx(0.05)
    assert cap.combo.currentText() == "Other"
    w.doc.undo_stack.undo()  # choosing Other and typing in it: one step, as in any field
    assert w.doc.plan.accounts[0].crypto_cap is None
    assert cap.combo.currentText() == "No cap"


def test_rebalancing_in_bands_shows_the_band(qtbot: Any, window: MainWindow, settle: Any):
    w = window
    w.editor.show_page(w.editor.accounts)
    panel = w.editor.accounts.panels[0]
    band = w.editor.field("accounts[0].rebalance_band")
    assert band.isHidden()
    choose(w.editor.field("accounts[0].rebalancing"), Rebalancing.BANDS)
    assert w.doc.plan.accounts[0].rebalancing is Rebalancing.BANDS
    assert not band.isHidden()
    type_number(qtbot, band, "10")
    assert w.doc.plan.accounts[0].rebalance_band == pytest.approx(0.10)
    type_number(qtbot, band, "80")
    settle(w)
    assert band.error.text()  # validate: a band of 80 points is out of range
    choose(w.editor.field("accounts[0].rebalancing"), Rebalancing.NONE)
    assert band.isHidden()
    assert "drifts" in panel.rebalance_hint.text()
