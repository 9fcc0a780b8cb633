"""The plan File ▸ New starts from: valid, nearly empty, with values a person replaces."""

from __future__ import annotations

from datetime import date

from planner.core.model import Account, AccountKind, Allocation, Person, Plan, Spending
from planner.core.validate import FIRST_RULE_YEAR, LAST_START_YEAR


def blank_plan(today: date | None = None) -> Plan:
    year = min(max((today or date.today()).year, FIRST_RULE_YEAR), LAST_START_YEAR)
    return Plan(
        name="New plan",
        start_year=year,
        people=(Person(name="You", birth_year=year - 40, retirement_age=65, horizon_age=95),),
        accounts=(
            Account(
                name="Savings",
                kind=AccountKind.TAXABLE,
                allocation=Allocation(stocks=0.6, bonds=0.4),
            ),
        ),
        spending=Spending(annual=40_000.0),
    )
