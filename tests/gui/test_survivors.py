"""Deaths, survivors and where money goes: age at death, the life table, spending before
retirement and after a death, joint accounts and the account that receives surpluses."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt

from planner.core.model import AccountKind, IncomeKind, Mode, Mortality
from planner.core.validate import validate
from planner.gui.editor.fields import CheckField, ChoiceField, NumberField
from planner.gui.editor.fields_compound import OptionalNumberField, OptionalWholeField
from planner.gui.editor.form_household import add_partner, remove_partner
from planner.gui.editor.income_edits import add_stream
from planner.gui.main_window import MainWindow
from planner.gui.templates import blank_plan
from tests.gui.test_editing import type_number
from tests.gui.test_income import choose


def type_text(qtbot: Any, field: OptionalWholeField, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    if text:
        qtbot.keyClicks(field.edit, text)
    else:
        qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)


def test_an_age_at_death_ends_the_plan_and_blank_means_the_plan_to_age(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    death = w.editor.field("people[0].death_age")
    assert isinstance(death, OptionalWholeField)
    assert death.edit.text() == "" and death.edit.placeholderText() == "95"
    w.editor.show_page(w.editor.household)
    assert "Blank: lives to the plan-to age (95)" in w.editor.household.death_hints[0].text()

    type_text(qtbot, death, "30")
    settle(w)
    assert w.doc.plan.people[0].death_age == 30
    assert "before today" in death.error.text()
    assert w.editor.tabs.tabText(w.editor.page_index(w.editor.household)).endswith("•")

    type_text(qtbot, death, "80")
    settle(w)
    assert w.doc.plan.people[0].death_age == 80 and not death.error.isVisible()
    result = w.results.result
    assert result is not None and int(result.years[-1]) == 1986 + 80
    assert "Estate at the last death (2066)" in w.results.summary.texts()
    assert "2026–2066" in w.status_label.text()

    type_text(qtbot, death, "")
    assert w.doc.plan.people[0].death_age is None  # blank: back to the plan-to age
    sex = w.editor.field("people[0].sex")
    assert isinstance(sex, ChoiceField) and sex.combo.count() == 3


def test_the_life_table_draws_ages_at_death_in_monte_carlo(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    assert w.doc.plan.simulation.mode is Mode.MONTE_CARLO
    w.editor.show_page(w.editor.assumptions)
    mortality = w.editor.field("simulation.mortality")
    assert "Everyone lives to" in w.editor.assumptions.simulation.mortality_hint.text()
    choose(mortality, Mortality.LIFE_TABLE)
    assert w.doc.plan.simulation.mortality is Mortality.LIFE_TABLE
    settle(w)
    result = w.results.result
    assert result is not None and result.deaths_drawn
    assert len(set(result.death_ages()[0].tolist())) > 5  # each path its own age
    assert "Estate at the last death (median)" in w.results.summary.texts()
    assert "drawn" in w.status_label.text()
    assert w.editor.household.death_fields[0].edit.placeholderText() == "drawn"
    assert "drawn for each Monte Carlo path" in w.editor.household.death_hints[0].text()

    w.mode_actions[Mode.EXPECTED].trigger()  # one path: the fixed ages again
    settle(w)
    assert "this mode uses the fixed ages" in w.editor.assumptions.simulation.mortality_hint.text()
    result = w.results.result
    assert result is not None and not result.deaths_drawn


def test_spending_while_working_changes_what_is_saved(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    before = w.results.result
    assert before is not None
    w.editor.show_page(w.editor.spending)
    field = w.editor.field("spending.pre_retirement_annual")
    assert isinstance(field, OptionalNumberField)
    assert not field.spin.isEnabled() and field.hint.text() == "same as retired"
    assert field.spin.value() == 60_000  # greyed: retirement's amount
    w.doc.set_value("spending.annual", 62_000.0)
    assert field.spin.value() == 62_000
    w.doc.undo_stack.undo()
    qtbot.mouseClick(field.known, Qt.MouseButton.LeftButton)
    assert w.doc.plan.spending.pre_retirement_annual == 60_000  # starts from retirement's
    field.spin.setFocus()
    field.spin.selectAll()
    qtbot.keyClicks(field.spin, "45000")
    assert w.doc.plan.spending.pre_retirement_annual == 45_000
    settle(w)
    after = w.results.result
    assert after is not None and w.projection.problems == []
    assert after.summary.balance_at_retirement > before.summary.balance_at_retirement
    assert "spending.survivor_change" not in w.editor.all_fields()  # one person: no survivor


def test_a_couple_sets_the_survivors_spending_and_whose_ages_the_phases_follow(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.doc.replace(add_partner(w.doc.plan), "Add partner")
    w.editor.show_page(w.editor.spending)
    survivor = w.editor.field("spending.survivor_change")
    assert isinstance(survivor, NumberField) and survivor.spin.text().strip() == "-20 %"
    type_number(qtbot, survivor, "-30")
    assert w.doc.plan.spending.survivor_change == -0.3
    whose = w.editor.field("spending.phase_person")
    assert isinstance(whose, ChoiceField) and whose.values == [None, 0, 1]
    choose(whose, 1)
    assert w.doc.plan.spending.phase_person == 1
    assert "given age of Partner" in w.editor.spending.phase_hint.text()
    settle(w)
    assert w.projection.problems == []


def test_held_jointly_only_for_a_taxable_account_of_a_couple(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    w.editor.accounts.select(2)  # the brokerage account
    joint = w.editor.field("accounts[2].joint")
    assert isinstance(joint, CheckField) and not joint.isVisible()  # one person
    w.doc.replace(add_partner(w.doc.plan), "Add partner")
    w.editor.accounts.select(2)
    joint = w.editor.field("accounts[2].joint")
    assert joint.isVisible()
    w.editor.accounts.select(0)
    assert not w.editor.field("accounts[0].joint").isVisible()  # a 401(k) has one owner
    w.editor.accounts.select(2)
    qtbot.mouseClick(joint.box, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert w.doc.plan.accounts[2].joint
    settle(w)
    assert w.projection.problems == []

    choose(w.editor.field("accounts[2].kind"), AccountKind.ROTH_IRA)  # no longer taxable
    assert not w.doc.plan.accounts[2].joint and not joint.isVisible()
    w.doc.undo_stack.undo()
    assert w.doc.plan.accounts[2].joint
    plan = remove_partner(w.doc.plan)
    assert not plan.accounts[2].joint  # a joint account needs two
    assert validate(plan) == []


def test_an_ira_basis_is_after_tax_contributions(window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    w.editor.accounts.select(1)  # the rollover IRA
    panel = w.editor.accounts.panels[1]
    assert panel.basis.isEnabled()
    assert panel.basis_label.text() == "After-tax part"
    assert panel.basis_hint.isVisible() and "nondeductible" in panel.basis_hint.text()
    w.editor.accounts.select(2)
    assert w.editor.accounts.panels[2].basis_label.text() == "Cost basis"


def test_the_surplus_account_is_a_taxable_account_and_follows_a_rename(
    qtbot: Any, window: MainWindow, settle: Any
) -> None:
    w = window
    w.editor.show_page(w.editor.spending)
    surplus = w.editor.field("spending.surplus_account")
    assert isinstance(surplus, ChoiceField)
    assert surplus.values == ["", "Brokerage"]  # taxable accounts only
    assert surplus.combo.currentText() == "The first taxable account (Brokerage)"
    choose(surplus, "Brokerage")
    assert w.doc.plan.spending.surplus_account == "Brokerage"

    w.editor.show_page(w.editor.accounts)
    w.editor.accounts.select(2)
    name = w.editor.field("accounts[2].name")
    name.edit.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(name.edit, " account")  # type: ignore[attr-defined]
    assert w.doc.plan.spending.surplus_account == "Brokerage account"
    settle(w)
    assert w.projection.problems == []
    w.doc.undo_stack.undo()  # the keystrokes and the rename were one step
    assert w.doc.plan.spending.surplus_account == "Brokerage"
    assert w.doc.plan.accounts[2].name == "Brokerage"

    w.doc.set_value("spending.surplus_account", "Rollover IRA")
    settle(w)
    assert "surpluses go to a taxable account" in surplus.error.text()
    assert surplus.combo.currentText().startswith("Rollover IRA (not a taxable")


def test_removing_a_partner_keeps_their_pension_in_the_same_years() -> None:
    plan = add_partner(blank_plan())
    partner = dataclasses.replace(plan.people[1], birth_year=1990)
    plan = add_stream(add_stream(plan, IncomeKind.PENSION), IncomeKind.WAGES)
    income = tuple(dataclasses.replace(s, owner=1) for s in plan.income)
    plan = plan.with_changes(people=(plan.people[0], partner), income=income)
    alone = remove_partner(plan)
    (pension,) = alone.income  # their wages went with them
    assert pension.kind is IncomeKind.PENSION and pension.owner == 0
    assert pension.start_age is None and pension.start_year == 1990 + 65
    assert validate(alone) == []


def test_the_new_plan_template_is_valid() -> None:
    assert validate(blank_plan()) == []
    assert validate(add_partner(blank_plan())) == []
