"""Edits of income streams that change several values at once (no widgets needed)."""

from __future__ import annotations

import dataclasses

from planner.core.model import Growth, IncomeKind, Plan
from planner.core.validate import validate
from planner.gui.editor.form_household import add_partner
from planner.gui.editor.income_edits import (
    add_stream,
    change_kind,
    describe,
    new_stream,
    remove_item,
    set_when,
    when_mode,
)
from planner.gui.templates import blank_plan


def plan_at(age: int, retires: int) -> Plan:
    plan = blank_plan()
    person = dataclasses.replace(plan.people[0], name="Sam", birth_year=plan.start_year - age,
                                 retirement_age=retires)
    return plan.with_changes(people=(person,))


def test_each_kind_gets_defaults_that_validate() -> None:
    plan = plan_at(40, 65)
    for kind in IncomeKind:
        plan = add_stream(plan, kind)
    assert validate(plan) == []
    wages, consulting, pension, rental, tax_free = plan.income
    assert (wages.start_age, wages.end_age) == (65, 70)
    assert consulting.kind.earned and consulting.survivor_share == 0
    assert pension.start_age == 65 and pension.end_age is None and not pension.todays_dollars
    assert rental.survivor_share == 1.0 and rental.start_age is None
    assert tax_free.growth is Growth.INFLATION


def test_a_retired_owner_is_paid_from_now() -> None:
    plan = plan_at(68, 68)
    pension = new_stream(plan, IncomeKind.PENSION)
    job = new_stream(plan, IncomeKind.WAGES)
    assert pension.start_age is None and job.start_age is None
    assert job.end_age == 70
    assert describe(plan, pension).startswith(f"Paid from {plan.start_year} (age 68) for Sam")


def test_names_are_unique_and_a_typed_name_survives_a_kind_change() -> None:
    plan = add_stream(add_stream(plan_at(40, 65), IncomeKind.PENSION), IncomeKind.PENSION)
    assert [s.name for s in plan.income] == ["Pension", "Pension 2"]
    renamed = change_kind(plan, 1, IncomeKind.RENTAL)
    assert renamed.income[1].name == "Rental property"
    typed = plan.with_changes(income=(plan.income[0],
                                      dataclasses.replace(plan.income[1], name="Annuity",
                                                          amount=9_000.0, start_age=70)))
    changed = change_kind(typed, 1, IncomeKind.TAX_FREE).income[1]
    assert (changed.name, changed.amount, changed.start_age) == ("Annuity", 9_000.0, 70)
    assert changed.amount == 9_000.0
    assert remove_item(typed, "income", 0).income == (typed.income[1],)


def test_pay_for_work_never_passes_to_a_survivor() -> None:
    plan = add_stream(add_partner(plan_at(40, 65)), IncomeKind.RENTAL)
    plan = plan.with_changes(income=(dataclasses.replace(plan.income[0], survivor_share=0.6),))
    assert change_kind(plan, 0, IncomeKind.WAGES).income[0].survivor_share == 0
    assert change_kind(plan, 0, IncomeKind.PENSION).income[0].survivor_share == 0.6


def test_a_start_or_end_converts_between_age_and_year() -> None:
    plan = add_stream(plan_at(40, 65), IncomeKind.WAGES)
    born = plan.people[0].birth_year
    by_year = set_when(plan, 0, True, "year")
    stream = by_year.income[0]
    assert (stream.end_age, stream.end_year) == (None, born + 70)
    assert when_mode(stream, end=True) == "year"
    back = set_when(by_year, 0, True, "age").income[0]
    assert (back.end_age, back.end_year) == (70, None)
    for_life = set_when(plan, 0, True, "life").income[0]
    assert for_life.end_age is None and for_life.end_year is None
    assert "for Sam’s life" in describe(plan, for_life)
    from_now = set_when(plan, 0, False, "now").income[0]
    assert when_mode(from_now, end=False) == "now"
    assert set_when(plan, 0, False, "age") is plan  # already by age: nothing to change
    assert describe(plan, plan.income[0]) == f"Paid {born + 65}–{born + 70} (ages 65–70)."
