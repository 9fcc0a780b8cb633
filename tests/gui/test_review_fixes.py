"""What a newcomer's review of Step 9 found: the status line, the first window size, a joint
account's label and a "not taken" message that outlived an undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from planner.core.model import Account, AccountKind, Allocation, Person
from planner.gui.main_window import DEFAULT_SIZE, MainWindow, first_size
from tests.gui.test_editing import type_number


def test_the_status_line_names_the_mode_as_the_buttons_do(window: MainWindow) -> None:
    # Seen: "Projected 2026-2081: monte-carlo, 1,000 paths".
    text = window.status_label.text()
    assert "Monte Carlo" in text and "monte-carlo" not in text


def test_the_first_window_fits_the_screen(window: MainWindow) -> None:
    free = window.screen().availableGeometry()
    width, height = first_size(window)
    assert width <= min(DEFAULT_SIZE[0], free.width())
    assert height <= min(DEFAULT_SIZE[1], free.height())


def test_a_joint_account_is_listed_as_joint(qtbot: Any, window: MainWindow, settle: Any) -> None:
    # Seen: "Joint brokerage — Taxable brokerage · Alex" for an account both hold.
    w = window
    plan = w.doc.plan
    partner = Person(name="Sam", birth_year=1988, retirement_age=65, horizon_age=95)
    joint = Account(name="Joint brokerage", kind=AccountKind.TAXABLE, joint=True,
                    allocation=Allocation(stocks=0.6, bonds=0.4))
    w.doc.replace(plan.with_changes(people=(*plan.people, partner),
                                    accounts=(*plan.accounts, joint)), "Add a partner")
    settle(w)
    items = [w.editor.accounts.list.item(i).text()
             for i in range(w.editor.accounts.list.count())]
    assert items[-1].endswith("Alex and Sam, jointly")


def test_undo_clears_a_not_taken_message(qtbot: Any, window: MainWindow, settle: Any) -> None:
    # Seen: after Ctrl+Z the old '"9x5k000" not taken' stayed under the field.
    w = window
    before = w.doc.plan.spending.annual
    w.doc.set_value("spending.annual", 55_000.0)
    settle(w)
    w.editor.show_page(w.editor.income)
    field = w.editor.field("people[0].salary")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    type_number(qtbot, field, "9x5k000")
    qtbot.keyClick(field.spin, Qt.Key.Key_Return)
    assert "not taken" in field.error.text()
    w.menus["undo"].trigger()
    assert w.doc.plan.spending.annual == before  # the spending edit, undone
    assert w.doc.plan.people[0].salary == 95_000  # the refused typing never stayed
    assert "not taken" not in field.error.text()
