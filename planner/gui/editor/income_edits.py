"""Edits of the plan's income streams and inflows that change more than one value at once:
a new stream with defaults that suit its kind, a change of kind, a start or end that moves
between "now", an age and a calendar year. Plain functions on Plans (no widgets), so they are
easy to test and each is one undo step."""

from __future__ import annotations

import dataclasses
import re

from planner.core.model import (
    Growth,
    IncomeKind,
    IncomeStream,
    Inflow,
    InflowTax,
    Person,
    Plan,
)

NAMES = {
    IncomeKind.WAGES: "Part-time job",
    IncomeKind.SELF_EMPLOYMENT: "Consulting",
    IncomeKind.PENSION: "Pension",
    IncomeKind.RENTAL: "Rental property",
    IncomeKind.TAX_FREE: "Tax-free income",
}
AMOUNTS = {
    IncomeKind.WAGES: 20_000.0,
    IncomeKind.SELF_EMPLOYMENT: 20_000.0,
    IncomeKind.PENSION: 20_000.0,
    IncomeKind.RENTAL: 12_000.0,
    IncomeKind.TAX_FREE: 10_000.0,
}
# After a death: a rental property passes to the survivor; a pension pays what its election
# says (0% unless a joint-and-survivor option is entered); pay for work stops.
SURVIVOR_SHARES = {IncomeKind.RENTAL: 1.0}
LAST_WORK_AGE = 70  # a part-time or bridge job's last year, by default
STREAM_FIELDS = ("name", "amount", "todays_dollars", "growth", "growth_rate", "start_age",
                 "start_year", "end_age", "end_year", "survivor_share")

START_MODES = ("now", "age", "year")
END_MODES = ("life", "age", "year")


def age_in(plan: Plan, person: Person, year: int | None = None) -> int:
    return (plan.start_year if year is None else year) - person.birth_year


def owner_of(plan: Plan, stream: IncomeStream) -> Person:
    owner = stream.owner if 0 <= stream.owner < len(plan.people) else 0
    return plan.people[owner]


def _unique(plan: Plan, base: str, skip: int | None = None) -> str:
    names = {s.name for j, s in enumerate(plan.income) if j != skip}
    if base not in names:
        return base
    n = 2
    while f"{base} {n}" in names:
        n += 1
    return f"{base} {n}"


def new_stream(plan: Plan, kind: IncomeKind, owner: int = 0) -> IncomeStream:
    """A stream of ``kind`` with the values most people of that kind would enter."""
    person = plan.people[owner]
    now = age_in(plan, person)
    start_age: int | None = None
    end_age: int | None = None
    if kind.earned or kind is IncomeKind.PENSION:
        # Work after the main job, or a pension from retirement (from now if retired).
        start_age = person.retirement_age if person.retirement_age > now else None
    if kind.earned:
        first = start_age if start_age is not None else now
        end_age = min(max(LAST_WORK_AGE, first + 1), person.fixed_death_age)
    return IncomeStream(
        name=_unique(plan, NAMES[kind]),
        kind=kind,
        owner=owner,
        amount=AMOUNTS[kind],
        # A pension statement quotes the amount of the first payment; it rarely rises with
        # prices (a COLA, if any, is entered as one).
        todays_dollars=kind is not IncomeKind.PENSION,
        growth=Growth.FIXED if kind is IncomeKind.PENSION else Growth.INFLATION,
        start_age=start_age,
        end_age=end_age,
        survivor_share=SURVIVOR_SHARES.get(kind, 0.0),
    )


def add_stream(plan: Plan, kind: IncomeKind) -> Plan:
    return dataclasses.replace(plan, income=(*plan.income, new_stream(plan, kind)))


def remove_item(plan: Plan, what: str, index: int) -> Plan:
    """Drop ``plan.income[index]`` or ``plan.inflows[index]``."""
    items = getattr(plan, what)
    return dataclasses.replace(plan, **{what: items[:index] + items[index + 1:]})


def _is_default_name(name: str, kind: IncomeKind) -> bool:
    return re.fullmatch(re.escape(NAMES[kind]) + r"( \d+)?", name.strip()) is not None


def change_kind(plan: Plan, index: int, kind: IncomeKind) -> Plan:
    """A new kind: values still at the old kind's defaults take the new kind's; pay for work
    never continues to a survivor."""
    stream = plan.income[index]
    if stream.kind is kind:
        return plan
    old = new_stream(plan, stream.kind, stream.owner)
    new = new_stream(plan, kind, stream.owner)
    changes: dict[str, object] = {"kind": kind}
    for name in STREAM_FIELDS:
        if name == "name":
            if _is_default_name(stream.name, stream.kind):
                changes["name"] = _unique(plan, NAMES[kind], skip=index)
        elif getattr(stream, name) == getattr(old, name):
            changes[name] = getattr(new, name)
    if kind.earned:
        changes["survivor_share"] = 0.0
    return _with_stream(plan, index, dataclasses.replace(stream, **changes))  # type: ignore


def _with_stream(plan: Plan, index: int, stream: IncomeStream) -> Plan:
    income = list(plan.income)
    income[index] = stream
    return dataclasses.replace(plan, income=tuple(income))


def when_mode(stream: IncomeStream, end: bool) -> str:
    """How a start (or end) is given: "now"/"life" (neither), "age" or "year"."""
    edge = "end" if end else "start"
    if getattr(stream, f"{edge}_year") is not None:
        return "year"
    if getattr(stream, f"{edge}_age") is not None:
        return "age"
    return "life" if end else "now"


def first_year(plan: Plan, stream: IncomeStream) -> int:
    born = owner_of(plan, stream).birth_year
    if stream.start_year is not None:
        return stream.start_year
    if stream.start_age is not None:
        return born + stream.start_age
    return plan.start_year


def last_year(plan: Plan, stream: IncomeStream) -> int | None:
    """The last year paid to the owner; None: for life."""
    born = owner_of(plan, stream).birth_year
    if stream.end_year is not None:
        return stream.end_year
    if stream.end_age is not None:
        return born + stream.end_age
    return None


def set_when(plan: Plan, index: int, end: bool, mode: str) -> Plan:
    """Give a start (or end) as ``mode``, converting what is there (age 65 <-> the year the
    owner turns 65) or choosing a sensible first value."""
    stream = plan.income[index]
    if when_mode(stream, end) == mode:
        return plan
    edge = "end" if end else "start"
    born = owner_of(plan, stream).birth_year
    now = max(first_year(plan, stream), plan.start_year)
    if end:
        current = last_year(plan, stream)
        year = current if current is not None else now + 5
    else:
        year = now
    changes: dict[str, int | None] = {f"{edge}_age": None, f"{edge}_year": None}
    if mode == "age":
        changes[f"{edge}_age"] = max(year - born, 0)
    elif mode == "year":
        changes[f"{edge}_year"] = year
    return _with_stream(plan, index, dataclasses.replace(stream, **changes))  # type: ignore


def describe(plan: Plan, stream: IncomeStream) -> str:
    """When a stream is paid, in words: "Paid 2051–2056 (ages 65–70)"."""
    person = owner_of(plan, stream)
    first = max(first_year(plan, stream), plan.start_year)
    last = last_year(plan, stream)
    who = person.name.strip() or "the owner"
    if last is not None and last < plan.start_year:
        return "Never paid: it ends before the plan starts."
    if last is not None and last < first:
        return "Never paid: it ends before it starts."
    if last is None:
        text = f"Paid from {first} (age {age_in(plan, person, first)}) for {who}’s life"
    else:
        text = (f"Paid {first}–{last} (ages {age_in(plan, person, first)}–"
                f"{age_in(plan, person, last)})")
    if not plan.is_couple:
        return text + "."
    if not stream.kind.earned and stream.survivor_share > 0:
        return text + f"; {stream.survivor_share:.0%} continues to a surviving spouse."
    if last is None:
        return text + "; nothing continues to a surviving spouse."
    return text + f"; it stops if {who} dies before then."


def new_inflow(plan: Plan) -> Inflow:
    year = min(plan.start_year + 5, plan.end_year)
    return Inflow(year=year, amount=50_000.0, label="", taxable_amount=0.0,
                  taxed_as=InflowTax.CAPITAL_GAIN)


def add_inflow(plan: Plan) -> Plan:
    return dataclasses.replace(plan, inflows=(*plan.inflows, new_inflow(plan)))
