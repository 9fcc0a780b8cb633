"""Invalid input: the reason appears next to the field, results grey out, nothing crashes."""

from __future__ import annotations

from typing import Any

from planner.gui.editor.fields import ChoiceField, NumberField
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number


def test_allocation_not_adding_up(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    last_good = w.results.result
    w.editor.reveal("accounts[0].allocation.stocks")
    type_number(qtbot, w.editor.field("accounts[0].allocation.stocks"), "70")
    settle(w)

    note = w.editor.field("accounts[0].allocation")
    assert note.error.isVisible()
    assert "must add up to 100%" in note.error.text()
    assert "95%" in note.error.text()
    assert w.results.result is last_good  # the last valid run stays...
    assert w.results.stale_note.isVisible()  # ...greyed, with a note
    assert w.results.veil.isVisible()
    assert "add up to 100%" in w.status_label.text()
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.accounts)).endswith("•")
    item = w.editor.accounts.list.item(0)
    assert item.data(0x0100) is True  # marked in the account list

    type_number(qtbot, w.editor.field("accounts[0].allocation.bonds"), "25")
    settle(w)
    assert not note.error.isVisible()
    assert not w.results.stale_note.isVisible()
    assert w.results.result is not last_good
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.accounts)) == "Accounts"


def test_retirement_age_below_current_age(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    field = w.editor.field("people[0].retirement_age")
    type_number(qtbot, field, "30")
    settle(w)
    assert field.error.isVisible()
    assert "below the current age 40" in field.error.text()
    assert "below the current age 40" in w.status_label.text()
    assert w.results.stale_note.isVisible()

    # "Show" in the status bar brings the field into view.
    w.editor.show_page(w.editor.taxes)
    w.status_label.linkActivated.emit("people[0].retirement_age")
    assert w.editor.current_page() is w.editor.household


def test_problem_on_a_hidden_account_marks_the_list(qtbot: Any, window: MainWindow, settle):
    w = window
    w.doc.set_value("accounts[2].allocation.cash", 0.5)
    settle(w)
    assert w.editor.accounts.list.item(2).data(0x0100) is True
    assert w.editor.accounts.list.item(0).data(0x0100) is False
    assert w.editor.field("accounts[2].allocation").error.text()


def test_an_empty_name_is_reported(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    name = w.editor.field("people[0].name")
    name.setFocus()
    name.edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(name.edit, "\b")  # type: ignore[attr-defined]
    settle(w)
    assert "needs a name" in name.error.text()


def test_extreme_values_in_every_field_never_crash(qtbot: Any, window: MainWindow, settle):
    """Push every number to its minimum and maximum and flip every choice."""
    w = window
    for field in list(w.editor.all_fields().values()):
        if isinstance(field, NumberField) and field.isEnabled():
            for value in (field.spin.minimum(), field.spin.maximum(), 0.0):
                field.spin.setValue(value)
        elif isinstance(field, ChoiceField) and field.isEnabled():
            field.combo.setCurrentIndex(field.combo.count() - 1)
    settle(w)
    # Still alive, still showing some result, and each problem has a visible home.
    assert w.results.result is not None
    w.doc.undo_stack.setIndex(0)  # undo everything
    settle(w)
    assert w.projection.problems == []
