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


# ----- a problem is flagged on the page that holds its field, and "Show" goes there


def full_plan(w: MainWindow) -> None:
    """The sample with a partner, an income stream, an inflow, a conversion, another
    account (each list with a row, so every kind of field is on some page)."""
    import dataclasses

    from planner.core.model import (
        Conversion,
        ConversionMode,
        IncomeKind,
        IncomeStream,
        Inflow,
    )
    from planner.gui.editor.form_household import add_partner

    plan = add_partner(w.doc.plan)
    plan = dataclasses.replace(
        plan,
        income=(IncomeStream("Pension", IncomeKind.PENSION, owner=1, amount=20_000,
                             start_age=65),),
        inflows=(Inflow(year=plan.start_year + 10, amount=50_000, label="Home sale"),),
        taxes=dataclasses.replace(plan.taxes, roth_conversion=ConversionMode.FIXED,
                                  conversions=(Conversion(plan.start_year + 2, 30_000),)),
    )
    w.doc.replace(plan, "A plan with every kind of row")


def test_every_field_is_flagged_on_its_own_page(window: MainWindow) -> None:
    w = window
    full_plan(w)
    seen = 0
    for form in w.editor.forms:
        page = w.editor.page_index(form)
        for path in form.fields:
            assert w.editor._tab_of(path) == page, (path, form.title)
            # A problem with a part of a field (a matrix cell, a key a file misspelt) too.
            assert w.editor._tab_of(f"{path}.part") == page, (path, form.title)
            seen += 1
    income = w.editor.income.fields
    assert {"people[1].salary", "people[1].social_security.claim_age",
            "income[0].amount", "inflows[0].amount"} <= set(income)
    assert seen > 150


def test_a_problem_on_the_income_page_is_flagged_there_and_show_goes_there(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.income)
    benefit = w.editor.field("people[0].social_security.monthly_benefit_at_fra")
    assert isinstance(benefit, NumberField)
    type_number(qtbot, benefit, "25k")  # a month: above validate's 20,000
    settle(w)
    assert [p.field for p in w.projection.problems] == [benefit.path]
    assert benefit.error.isVisible() and "20,000" in benefit.error.text()
    titles = [w.editor.tabs.tabText(i) for i in range(w.editor.tabs.count())]
    assert titles[w.editor.page_index(w.editor.income)].endswith("•")
    assert [t for t in titles if t.endswith("•")] == [titles[w.editor.page_index(w.editor.income)]]
    assert f"href='{benefit.path}'" in w.status_label.text()
    w.editor.show_page(w.editor.household)
    w.status_label.linkActivated.emit(benefit.path)  # "Show"
    assert w.editor.current_page() is w.editor.income


def test_a_problem_under_an_income_field_is_flagged_on_income(window: MainWindow) -> None:
    """A path with no field of its own (a misspelt key of a file, say) under people[0]
    belongs to the page with people[0]'s Social Security, not to the one with the people."""
    from planner.core.errors import Problem

    w = window
    path = "people[0].social_security.benefit"
    w.editor.show_problems([Problem(path, "unknown field")])
    income = w.editor.page_index(w.editor.income)
    household = w.editor.page_index(w.editor.household)
    assert w.editor.tabs.tabText(income).endswith("•")
    assert not w.editor.tabs.tabText(household).endswith("•")
    assert not w.editor.field("people").error.text()  # not shown on Household's people note
    assert "unknown field" in w.editor.banner.text()  # but above the pages, in full
    w.editor.show_page(w.editor.household)
    w.editor.reveal(path)
    assert w.editor.current_page() is w.editor.income
