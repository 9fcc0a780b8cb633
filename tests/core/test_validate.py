"""Impossible values are caught with the field named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.core.model import Allocation
from planner.core.storage import load_plan, sample_plan, save_plan
from planner.core.validate import validate


def _fields(plan) -> dict[str, str]:
    return {p.field: p.message for p in validate(plan)}


def test_sample_is_valid() -> None:
    assert validate(sample_plan()) == []


def test_retirement_age_below_current_age() -> None:
    plan = sample_plan()
    alex = replace(plan.people[0], retirement_age=30)
    fields = _fields(plan.with_changes(people=(alex,)))
    assert "below the current age 40" in fields["people[0].retirement_age"]


def test_allocation_must_sum_to_100_percent() -> None:
    plan = sample_plan()
    acct = replace(plan.accounts[0], allocation=Allocation(0.5, 0.3, 0.0, 0.1))
    fields = _fields(plan.with_changes(accounts=(acct, *plan.accounts[1:])))
    assert fields["accounts[0].allocation"] == "must add up to 100% (now 90%)"


def test_match_only_on_a_401k_and_owner_must_exist() -> None:
    plan = sample_plan()
    ira = replace(plan.accounts[1], employer_match_rate=0.5, owner=1)
    fields = _fields(plan.with_changes(accounts=(plan.accounts[0], ira, plan.accounts[2])))
    assert "only a 401(k)" in fields["accounts[1].employer_match_rate"]
    assert "not a person of the household" in fields["accounts[1].owner"]


def test_claim_age_and_duplicate_names() -> None:
    plan = sample_plan()
    alex = replace(plan.people[0], social_security=replace(plan.people[0].social_security,
                                                           claim_age=61))
    dup = replace(plan.accounts[1], name=plan.accounts[0].name)
    fields = _fields(plan.with_changes(people=(alex,), accounts=(plan.accounts[0], dup)))
    assert "62 to 70" in fields["people[0].social_security.claim_age"]
    assert "already called" in fields["accounts[1].name"]


def test_income_streams_inflows_and_survivor_settings_are_checked() -> None:
    from planner.core.model import IncomeKind, IncomeStream, Inflow, OneOff

    plan = sample_plan()
    job = IncomeStream(name="Job", kind=IncomeKind.WAGES, owner=1, amount=10_000,
                       start_age=50, start_year=2030, survivor_share=0.5)
    plan = plan.with_changes(
        income=(job,),
        inflows=(Inflow(2200, 5_000),),
        spending=replace(plan.spending, surplus_account="Work 401(k)", phase_person=3,
                         survivor_change=-1.5, one_offs=(OneOff(2030, -100),)),
        accounts=(replace(plan.accounts[0], joint=True), *plan.accounts[1:2],
                  replace(plan.accounts[2], joint=True)),
    )
    fields = _fields(plan)
    assert "not a person of the household" in fields["income[0].owner"]
    assert fields["income[0].survivor_share"] == "pay for work stops at death: use 0%"
    assert fields["income[0].start_year"] == "give a start age or a start year, not both"
    assert "outside the plan (2026-2081)" in fields["inflows[0].year"]
    assert fields["spending.surplus_account"].startswith("surpluses go to a taxable account")
    assert "not a person of the household" in fields["spending.phase_person"]
    assert "outside -100% to 100%" in fields["spending.survivor_change"]
    assert "money received is an inflow" in fields["spending.one_offs[0].amount"]
    assert fields["accounts[0].joint"].startswith("only a taxable account can be held jointly")
    assert fields["accounts[2].joint"] == "a joint account needs a household of two"
    missing = plan.with_changes(spending=replace(plan.spending, surplus_account="Nowhere"))
    assert _fields(missing)["spending.surplus_account"] == "no account is called 'Nowhere'"


def test_conversion_ages_are_checked_and_kept(tmp_path: Path) -> None:
    p = sample_plan()
    ok = p.with_changes(taxes=replace(p.taxes, conversion_start_age=62, conversion_stop_age=70,
                                      conversion_keep_mix=False))
    assert validate(ok) == []
    bad = p.with_changes(taxes=replace(p.taxes, conversion_start_age=70, conversion_stop_age=65))
    assert [(x.field, x.message) for x in validate(bad)] == [
        ("taxes.conversion_stop_age", "65 is before the start age 70: conversions need a stop "
         "age at or after their start")]
    old = p.with_changes(taxes=replace(p.taxes, conversion_start_age=130))
    assert [x.field for x in validate(old)] == ["taxes.conversion_start_age"]
    assert "use 18 to 95 (Alex's age)" in validate(old)[0].message
    back = load_plan(save_plan(ok, tmp_path / "p.json"))
    assert (back.taxes.conversion_start_age, back.taxes.conversion_stop_age,
            back.taxes.conversion_keep_mix) == (62, 70, False)
