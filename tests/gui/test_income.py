"""The Income page: income streams and money received, driven through their widgets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPushButton

from planner.core.model import Growth, IncomeKind, InflowTax
from planner.gui.editor.fields import ChoiceField, NumberField, TextField
from planner.gui.editor.form_household import add_partner
from planner.gui.editor.form_streams import StreamBox
from planner.gui.main_window import MainWindow
from tests.gui.test_editing import type_number

INCOME_TAB = 2


def add_income(w: MainWindow, kind: IncomeKind) -> StreamBox:
    """Choose a kind from the "Add income" button's menu; the new stream's box."""
    w.editor.tabs.setCurrentIndex(INCOME_TAB)
    streams = w.editor.income.streams
    assert streams.add_button.isVisible() and streams.add_button.menu() is streams.menu
    (action,) = [a for a in streams.menu.actions() if a.text() == kind.label]
    action.trigger()
    return w.editor.income.streams.streams[-1]  # the form was rebuilt: a new group


def choose(field: Any, value: Any) -> None:
    """Pick ``value`` in a ChoiceField's drop-down, as a person would."""
    assert isinstance(field, ChoiceField)
    field.combo.setCurrentIndex(field.values.index(value))


def button_in(widget: Any, text: str) -> QPushButton:
    (button,) = [b for b in widget.findChildren(QPushButton) if b.text() == text]
    return button


def test_a_pension_starts_at_retirement_and_a_kind_change_brings_its_defaults(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    box = add_income(w, IncomeKind.PENSION)
    stream = w.doc.plan.income[0]
    assert stream.kind is IncomeKind.PENSION and stream.name == "Pension"
    assert stream.start_age == 65 and stream.end_age is None  # from retirement, for life
    assert stream.growth is Growth.FIXED and not stream.todays_dollars
    assert box.start.combo.currentText() == "From age" and box.start.age.isVisible()
    assert not box.start.year.isVisible()
    assert box.end.combo.currentText() == "For life" and not box.end.age.isVisible()
    assert "Paid from 2051 (age 65) for Alex’s life" in box.describe.text()
    assert not box.rate.isEnabled()  # no COLA chosen
    assert not box.owner.isVisible()  # one person: nothing to choose
    assert not box.survivor.isEnabled()  # no one to survive them
    settle(w)
    assert w.projection.problems == []
    result = w.results.result
    assert result is not None and result.flows["pension"].max() > 0

    choose(w.editor.field("income[0].growth"), Growth.COLA)
    assert box.rate.isEnabled()
    type_number(qtbot, box.rate, "2")
    assert w.doc.plan.income[0].growth_rate == 0.02

    choose(w.editor.field("income[0].kind"), IncomeKind.WAGES)
    stream = w.doc.plan.income[0]
    assert stream.kind is IncomeKind.WAGES
    assert stream.name == "Part-time job"  # the default name follows the kind
    assert stream.end_age == 70  # a job ends; the pension's "for life" was a default
    assert stream.growth is Growth.COLA and stream.growth_rate == 0.02  # typed: kept
    assert box.end.combo.currentText() == "Through age"
    settle(w)
    assert w.projection.problems == []
    w.doc.undo_stack.undo()  # the kind change is one step
    assert w.doc.plan.income[0].kind is IncomeKind.PENSION


def test_an_end_before_the_start_is_shown_next_to_the_end(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    box = add_income(w, IncomeKind.WAGES)  # ages 65 to 70 by default
    end_age = w.editor.field("income[0].end_age")
    assert isinstance(end_age, NumberField) and end_age.isVisible()
    type_number(qtbot, end_age, "60")
    assert w.doc.plan.income[0].end_age == 60
    settle(w)
    assert end_age.error.isVisible()
    assert "ends at age 60 (2046), before it starts at age 65 (2051)" in end_age.error.text()
    assert not w.editor.field("income[0].start_age").error.isVisible()
    assert w.editor.tabs.tabText(INCOME_TAB).endswith("•")
    assert w.results.stale_note.isVisible()
    assert "Never paid: it ends before it starts" in box.describe.text()

    # The end as a calendar year instead: the age converts to the year they turn it.
    box.end.combo.setCurrentIndex(2)
    stream = w.doc.plan.income[0]
    assert (stream.end_age, stream.end_year) == (None, 2046)
    assert box.end.year.isVisible() and not box.end.age.isVisible()
    settle(w)
    assert "before it starts" in w.editor.field("income[0].end_year").error.text()

    qtbot.mouseClick(button_in(box.box, "Remove"), Qt.MouseButton.LeftButton)
    assert w.doc.plan.income == ()
    settle(w)
    assert w.projection.problems == []
    assert w.editor.tabs.tabText(INCOME_TAB) == "Income"
    w.doc.undo_stack.undo()
    assert w.doc.plan.income[0].end_year == 2046
    settle(w)
    assert "before it starts" in w.editor.field("income[0].end_year").error.text()


def test_a_rental_continues_to_a_survivor_and_the_owner_can_be_chosen(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.doc.replace(add_partner(w.doc.plan), "Add partner")
    box = add_income(w, IncomeKind.RENTAL)
    stream = w.doc.plan.income[0]
    assert stream.survivor_share == 1.0 and stream.start_age is None  # rented out today
    assert box.owner.isVisible() and box.survivor.isEnabled()
    assert box.owner.combo.count() == 2
    choose(box.owner, 1)
    assert w.doc.plan.income[0].owner == 1
    assert "100% continues to a surviving spouse" in box.describe.text()

    choose(box.kind, IncomeKind.SELF_EMPLOYMENT)  # pay for work stops at death
    assert w.doc.plan.income[0].survivor_share == 0
    assert not box.survivor.isEnabled()
    assert "stops if Partner dies before then" in box.describe.text()
    choose(box.kind, IncomeKind.TAX_FREE)
    assert box.survivor.isEnabled()
    settle(w)
    assert w.projection.problems == []


def test_money_received_with_a_taxable_part(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.editor.tabs.setCurrentIndex(INCOME_TAB)
    group = w.editor.income.inflows.box
    qtbot.mouseClick(button_in(group, "Add money received"), Qt.MouseButton.LeftButton)
    inflow = w.doc.plan.inflows[0]
    assert inflow.year == 2031 and inflow.taxable_amount == 0
    label = w.editor.field("inflows[0].label")
    assert isinstance(label, TextField)
    label.edit.setFocus()
    qtbot.keyClicks(label.edit, "Home sale")
    assert w.doc.plan.inflows[0].label == "Home sale"
    assert w.editor.income.inflows.boxes[0].title() == "Home sale, 2031"
    taxed_as = w.editor.field("inflows[0].taxed_as")
    assert not taxed_as.isEnabled()  # nothing taxed yet

    taxable = w.editor.field("inflows[0].taxable_amount")
    assert isinstance(taxable, NumberField)
    type_number(qtbot, taxable, "80000")
    settle(w)
    assert "cannot exceed the amount received" in taxable.error.text()
    type_number(qtbot, taxable, "20000")
    assert taxed_as.isEnabled()
    choose(taxed_as, InflowTax.ORDINARY)
    settle(w)
    assert w.projection.problems == []
    result = w.results.result
    assert result is not None
    row = 2031 - 2026
    assert result.real_flow("inflows")[:, row] == pytest.approx(50_000)  # in today's dollars
    taxes = result.real_flow("taxes")
    assert float(np.median(taxes[:, row] - taxes[:, row - 1])) > 3_000  # $20,000 taxed

    year = w.editor.field("inflows[0].year")
    assert isinstance(year, NumberField)
    type_number(qtbot, year, "2099")
    settle(w)
    assert "outside the plan" in year.error.text()
    assert w.editor.tabs.tabText(INCOME_TAB).endswith("•")


def test_income_errors_belong_to_the_income_tab(window: MainWindow) -> None:
    w = window
    assert w.editor._tab_of("income[3].end_age") == INCOME_TAB  # no such field: by its root
    assert w.editor._tab_of("inflows[0].taxable_amount") == INCOME_TAB
    add_income(w, IncomeKind.PENSION)
    assert w.editor._tab_of("income[0].survivor_share") == INCOME_TAB
    w.editor.show_page(w.editor.household)
    w.editor.reveal("income[0].start_age")
    assert w.editor.tabs.currentIndex() == INCOME_TAB


def test_new_controls_have_accessible_names(window: MainWindow) -> None:
    w = window
    w.doc.replace(add_partner(w.doc.plan), "Add partner")
    add_income(w, IncomeKind.PENSION)
    qbutton = button_in(w.editor.income.inflows.box, "Add money received")
    qbutton.click()
    w.editor.tabs.setCurrentIndex(INCOME_TAB)
    unnamed = [widget for kind in (QAbstractSpinBox, QLineEdit, QComboBox)
               for widget in w.editor.income.findChildren(kind)
               if widget.isVisibleTo(w) and not widget.objectName().startswith("qt_")
               and not widget.accessibleName()]
    buttons = [b for b in w.editor.income.findChildren(QAbstractButton)
               if b.isVisibleTo(w) and not (b.accessibleName() or b.text())]
    assert unnamed == [] and buttons == []
    assert w.editor.field("income[0].end_age").accessibleName() == "End age, income 1"
    assert w.editor.field("inflows[0].taxable_amount").accessibleName() == (
        "Taxable amount, inflow 1")
