"""When fill-bracket Roth conversions run (from and through the first person's age) and whether
converted money keeps its pre-tax mix, edited on the Taxes page through their widgets."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt

from planner.core.model import Account, AccountKind, ConversionMode, Mode
from planner.gui.editor.fields import CheckField
from planner.gui.editor.fields_compound import OptionalWholeField
from planner.gui.main_window import MainWindow
from tests.gui.test_income import choose
from tests.gui.test_state_tax import choice

START, STOP = "taxes.conversion_start_age", "taxes.conversion_stop_age"


def with_roth(w: MainWindow, mode: Mode = Mode.MONTE_CARLO) -> None:
    """The sample plan has no Roth account to convert into: add one."""
    plan = w.doc.plan
    roth = Account("Roth IRA", AccountKind.ROTH_IRA, balance=20_000.0)
    w.doc.replace(plan.with_changes(
        accounts=(*plan.accounts, roth),
        simulation=dataclasses.replace(plan.simulation, mode=mode)), "Add a Roth IRA")
    w.editor.show_page(w.editor.taxes)


def age_field(w: MainWindow, path: str) -> OptionalWholeField:
    field = w.editor.field(path)
    assert isinstance(field, OptionalWholeField)
    return field


def type_age(qtbot: Any, field: OptionalWholeField, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    if text:
        qtbot.keyClicks(field.edit, text)
    else:
        qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)


def test_conversion_ages_are_for_filling_a_bracket_and_edit_the_plan(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    with_roth(w, Mode.EXPECTED)
    start, stop = age_field(w, START), age_field(w, STOP)
    keep = w.editor.field("taxes.conversion_keep_mix")
    assert isinstance(keep, CheckField) and keep.box.isChecked()
    assert not start.isEnabled() and not stop.isEnabled() and not keep.isEnabled()

    convert = choice(w, "taxes.roth_conversion")
    choose(convert, ConversionMode.FIXED)
    assert keep.isEnabled()  # any conversion keeps (or not) its mix...
    assert not start.isEnabled() and not stop.isEnabled()  # ...the ages are for filling
    choose(convert, ConversionMode.FILL_BRACKET)
    assert start.isEnabled() and stop.isEnabled() and keep.isEnabled()
    # Blank says what it means: from retirement (Alex at 65) to the year before RMDs (75).
    assert start.edit.text() == "" and start.edit.placeholderText() == "65"
    assert stop.edit.text() == "" and stop.edit.placeholderText() == "74"
    assert "Alex's age" in start.suffix.text() and "RMDs" in stop.suffix.text()

    type_age(qtbot, start, "66")
    type_age(qtbot, stop, "68")
    taxes = w.doc.plan.taxes
    assert (taxes.conversion_start_age, taxes.conversion_stop_age) == (66, 68)
    settle(w)
    assert w.projection.problems == []
    # The projection converts in those years only (Alex's ages 66 to 68, both included).
    model = w.results.table_model
    converted = [int(model.value(i, "Age")) for i in range(model.rowCount())
                 if model.value(i, "Roth conversion") > 0]
    assert converted == [66, 67, 68]

    keep.box.click()
    assert w.doc.plan.taxes.conversion_keep_mix is False
    type_age(qtbot, stop, "")
    assert w.doc.plan.taxes.conversion_stop_age is None  # blank: until RMDs again
    w.doc.undo_stack.undo()
    assert w.doc.plan.taxes.conversion_stop_age == 68
    assert stop.edit.text() == "68"


def test_an_out_of_range_conversion_age_is_shown_on_the_taxes_tab(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    with_roth(w)
    choose(choice(w, "taxes.roth_conversion"), ConversionMode.FILL_BRACKET)
    start, stop = age_field(w, START), age_field(w, STOP)
    type_age(qtbot, stop, "12")
    settle(w)
    assert [p.field for p in w.projection.problems] == [STOP]
    assert stop.error.isVisible() and "not an age in the plan" in stop.error.text()
    assert not start.error.isVisible()
    assert "Conversions through age: " in w.status_label.text()
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.taxes)).endswith("•")

    type_age(qtbot, stop, "66")
    type_age(qtbot, start, "70")  # a stop before the start
    settle(w)
    assert [p.field for p in w.projection.problems] == [STOP]
    assert "before the start age 70" in stop.error.text()
    w.editor.show_page(w.editor.household)
    w.status_label.linkActivated.emit(STOP)  # "Show" opens the page that holds it
    assert w.editor.current_page() is w.editor.taxes

    type_age(qtbot, start, "")
    settle(w)
    assert w.projection.problems == [] and not stop.error.isVisible()
