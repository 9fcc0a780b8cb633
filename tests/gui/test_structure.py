"""Adding and removing people, accounts and rows; undo brings each back."""

from __future__ import annotations

from typing import Any

import pytest

from planner.core.model import AccountKind, ContributionUnit
from planner.gui.main_window import MainWindow


def click(qtbot: Any, w: MainWindow, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    buttons = [b for b in w.editor.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert buttons, f"no visible button {text!r}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def test_add_and_remove_partner(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    click(qtbot, w, "Add a partner")
    assert len(w.doc.plan.people) == 2
    settle(w)
    assert w.projection.problems == []
    assert "people[1].retirement_age" in w.editor.all_fields()
    assert "people[1].salary" in w.editor.all_fields()

    w.doc.set_value("accounts[2].owner", 1)
    click(qtbot, w, "Remove partner")
    assert len(w.doc.plan.people) == 1
    assert w.doc.plan.accounts[2].owner == 0  # passed to the remaining person
    settle(w)
    assert w.projection.problems == []
    w.doc.undo_stack.undo()
    assert len(w.doc.plan.people) == 2


def test_add_and_remove_account(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    n = len(w.doc.plan.accounts)
    click(qtbot, w, "+")
    assert len(w.doc.plan.accounts) == n + 1
    assert w.editor.accounts.list.currentRow() == n  # the new one is selected
    w.doc.set_value(f"accounts[{n}].kind", AccountKind.ROTH_IRA)
    assert w.editor.field(f"accounts[{n}].cost_basis").isEnabled()
    assert not w.editor.field(f"accounts[{n}].employer_match_rate").isEnabled()
    settle(w)
    click(qtbot, w, "−")
    assert len(w.doc.plan.accounts) == n


def test_contribution_unit_switch_converts(window: MainWindow) -> None:
    w = window
    w.doc.set_value("accounts[2].contribution", 9500.0)
    w.editor.accounts.change_unit(2, ContributionUnit.PERCENT_OF_SALARY)
    account = w.doc.plan.accounts[2]
    assert account.contribution_unit is ContributionUnit.PERCENT_OF_SALARY
    assert 0 < account.contribution < 1  # a share of salary, not 950000%
    field = w.editor.field("accounts[2].contribution")
    assert field.spin.suffix() == " %"


def test_phases_and_one_offs(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.show_page(w.editor.spending)
    phases = len(w.doc.plan.spending.phases)
    one_offs = len(w.doc.plan.spending.one_offs)
    click(qtbot, w, "Add a phase")
    click(qtbot, w, "Add an expense")
    assert len(w.doc.plan.spending.phases) == phases + 1
    assert len(w.doc.plan.spending.one_offs) == one_offs + 1
    settle(w)
    assert w.projection.problems == []
    w.doc.undo_stack.undo()
    w.doc.undo_stack.undo()
    assert len(w.doc.plan.spending.phases) == phases
    assert len(w.doc.plan.spending.one_offs) == one_offs


def test_undo_restores_a_typed_value(qtbot: Any, window: MainWindow) -> None:
    from tests.gui.test_editing import type_number

    w = window
    field = w.editor.field("spending.annual")
    type_number(qtbot, field, "72500")
    assert w.doc.plan.spending.annual == 72_500
    w.doc.undo_stack.undo()  # keystrokes in one field merge into one step
    assert w.doc.plan.spending.annual == 60_000
    assert field.spin.value() == 60_000
    assert not w.isWindowModified()


def test_removing_every_account_is_survivable(qtbot: Any, window: MainWindow, settle: Any):
    w = window
    w.editor.show_page(w.editor.accounts)
    while w.doc.plan.accounts:
        click(qtbot, w, "−")
    settle(w)
    assert w.editor.accounts.list.count() == 0
    # Either a projection of a plan with no savings or a clear message; the window lives on.
    assert w.results.result is not None
    click(qtbot, w, "+")
    assert len(w.doc.plan.accounts) == 1


def test_put_the_rest_in_stocks_mends_an_allocation(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    w.editor.accounts.select(0)
    crypto = w.editor.field("accounts[0].allocation.crypto")
    crypto.spin.setValue(10)  # type: ignore[attr-defined]
    before = w.doc.plan.accounts[0].allocation
    assert abs(sum(before.as_tuple()) - 1) > 0.01  # no longer adds up...
    click(qtbot, w, "Put the rest in stocks")  # ...one click mends it
    after = w.doc.plan.accounts[0].allocation
    assert sum(after.as_tuple()) == pytest.approx(1)
    assert after.crypto == 0.10 and after.bonds == before.bonds
    w.doc.undo_stack.undo()
    assert w.doc.plan.accounts[0].allocation == before
