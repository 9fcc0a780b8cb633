"""Impossible values are caught with the field named."""

from __future__ import annotations

from dataclasses import replace

from planner.core.model import Allocation
from planner.core.storage import sample_plan
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
