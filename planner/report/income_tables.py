"""The household's income as the plan states it: people (salary, Social Security, age at
death), income streams, and money received once. Tables of formatted strings."""

from __future__ import annotations

from planner import format as fmt
from planner.core.income_streams import stream_label
from planner.core.model import Growth, IncomeStream, Inflow, InflowTax, Person, Plan
from planner.core.result import Result
from planner.report.deaths import death_text
from planner.report.table import Table

DASH = "\u2014"
SIZE = 8

GROWTH_TEXT = {Growth.INFLATION: "with inflation", Growth.FIXED: "none (fixed)"}
TAXED_TEXT = {InflowTax.ORDINARY: "as ordinary income",
              InflowTax.CAPITAL_GAIN: "as a long-term capital gain"}


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
          "Dec")


def born_text(p: Person) -> str:
    """'Apr 1967'; with the day when it is the 1st or 2nd, the only days that move Social
    Security's and Medicare's months ('Apr 1, 1967')."""
    month = MONTHS[p.birth_month - 1]
    if p.birth_day in (1, 2):
        return f"{month} {p.birth_day}, {p.birth_year}"
    return f"{month} {p.birth_year}"


def people_table(result: Result) -> Table:
    plan = result.plan
    rows = [
        [p.name, born_text(p), fmt.money(p.salary), fmt.share(p.salary_growth_rate),
         fmt.money(p.social_security.monthly_benefit_at_fra),
         fmt.age(p.social_security.claim_age), death_text(result, i)]
        for i, p in enumerate(plan.people)
    ]
    return Table(
        ("Person", "Born", "Salary a year", "Raise a year", "Social Security a month at "
         "full retirement age", "Claims at age", "Age at death"),
        rows, ("left", "right", "right", "right", "right", "right", "left"), size=SIZE,
    )


def first_year(plan: Plan, stream: IncomeStream) -> int:
    """The calendar year of the first payment (the plan's first year if it started before)."""
    if stream.start_year is not None:
        year = stream.start_year
    elif stream.start_age is not None:
        year = plan.people[stream.owner].birth_year + stream.start_age
    else:
        year = plan.start_year
    return max(year, plan.start_year)


def dollars_text(plan: Plan, stream: IncomeStream) -> str:
    """Which dollars the amount is in: 'today' or the year of the first payment."""
    return "today" if stream.todays_dollars else str(first_year(plan, stream))


def growth_text(stream: IncomeStream) -> str:
    if stream.growth is Growth.COLA:
        return f"{fmt.share(stream.growth_rate)} a year"
    return GROWTH_TEXT[stream.growth]


def when_text(plan: Plan, stream: IncomeStream) -> str:
    """'from age 63 (2029) for life', 'from 2030 to 2045', 'to age 70 (2041)'."""
    born = plan.people[stream.owner].birth_year
    parts = []
    if stream.start_year is not None:
        parts.append(f"from {stream.start_year}")
    elif stream.start_age is not None:
        parts.append(f"from age {stream.start_age} ({born + stream.start_age})")
    if stream.end_year is not None:
        parts.append(f"to {stream.end_year}")
    elif stream.end_age is not None:
        parts.append(f"to age {stream.end_age} ({born + stream.end_age})")
    else:
        parts.append("for life")
    return " ".join(parts)


def survivor_text(plan: Plan, stream: IncomeStream) -> str:
    """The share that continues to a surviving spouse; pay for work always stops."""
    if not plan.is_couple or stream.kind.earned:
        return DASH
    return fmt.share(stream.survivor_share)


def streams_table(plan: Plan) -> Table | None:
    if not plan.income:
        return None
    rows = [[stream_label(s), plan.people[s.owner].name, s.kind.label, fmt.money(s.amount),
             dollars_text(plan, s), growth_text(s), when_text(plan, s), survivor_text(plan, s)]
            for s in plan.income]
    return Table(
        ("Income", "Owner", "Kind", "A year", "Dollars of", "Rises", "Paid", "To survivor"),
        rows, ("left", "left", "left", "right", "left", "left", "left", "right"), size=SIZE,
    )


def taxed_text(inflow: Inflow) -> str:
    if inflow.taxable_amount <= 0:
        return "not taxed"
    return TAXED_TEXT[inflow.taxed_as]


def inflows_table(plan: Plan) -> Table | None:
    if not plan.inflows:
        return None
    rows = [[f.label or "Money received", str(f.year), fmt.money(f.amount),
             fmt.money(f.taxable_amount) if f.taxable_amount > 0 else DASH, taxed_text(f)]
            for f in sorted(plan.inflows, key=lambda f: f.year)]
    return Table(
        ("Money received once", "Year", "Amount", "Taxable part", "Taxed"),
        rows, ("left", "right", "right", "right", "left"), size=SIZE,
    )
