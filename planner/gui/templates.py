"""The plans File ▸ New starts from: a blank plan with values a person replaces, and the plan
the guided setup (planner.gui.setup_wizard) builds from a few answers.

No widgets here: the answers are plain values, so the plan they make can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    Mode,
    Person,
    Plan,
    Simulation,
    SocialSecurity,
    Spending,
    TaxSettings,
)
from planner.core.validate import FIRST_RULE_YEAR, LAST_START_YEAR

# Placeholder names read in the app's sentences ("the year Person 1 turns 65", "Lasts to
# Partner's 95"); "You" gave "the year You turns 65". The second matches the name
# Household ▸ Add a partner gives.
FIRST_NAME = "Person 1"
PARTNER_NAME = "Partner"
DEFAULT_NAMES = (FIRST_NAME, PARTNER_NAME)

# The order the guided setup asks in: workplace plans, IRAs, HSA, then taxable savings.
SAVINGS_KINDS = (
    AccountKind.TRADITIONAL_401K,
    AccountKind.ROTH_401K,
    AccountKind.TRADITIONAL_IRA,
    AccountKind.ROTH_IRA,
    AccountKind.HSA,
    AccountKind.TAXABLE,
)


def first_year(today: date | None = None) -> int:
    """This year, within the years the tax rules cover."""
    return min(max((today or date.today()).year, FIRST_RULE_YEAR), LAST_START_YEAR)


def blank_plan(today: date | None = None) -> Plan:
    year = first_year(today)
    return Plan(
        name="New plan",
        start_year=year,
        people=(Person(name=FIRST_NAME, birth_year=year - 40, retirement_age=65,
                       horizon_age=95),),
        accounts=(
            Account(
                name="Savings",
                kind=AccountKind.TAXABLE,
                allocation=Allocation(stocks=0.6, bonds=0.4),
            ),
        ),
        spending=Spending(annual=40_000.0),
    )


def is_blank(plan: Plan) -> bool:
    """Whether ``plan`` is the blank plan as File ▸ New made it (untouched)."""
    return plan == blank_plan(date(plan.start_year, 1, 1))


@dataclass(frozen=True)
class Saving:
    """One account type's balance today and what is added to it a year while working
    (today's dollars)."""

    kind: AccountKind
    balance: float = 0.0
    contribution: float = 0.0


@dataclass(frozen=True)
class PersonAnswers:
    birth_year: int
    name: str = ""  # blank: DEFAULT_NAMES
    retirement_age: int = 65
    horizon_age: int = 95
    salary: float = 0.0  # before tax, a year
    monthly_benefit_at_fra: float = 0.0  # the SSA statement's estimate at full retirement age
    claim_age: int = 67
    savings: tuple[Saving, ...] = ()  # a couple's taxable savings make one joint account


@dataclass(frozen=True)
class SetupAnswers:
    start_year: int
    people: tuple[PersonAnswers, ...]
    spending: float = Spending().annual  # after tax, today's dollars a year
    state: str = ""  # postal code; "" taxes nothing at the state level
    name: str = ""  # blank: "My plan" or "Our plan"


def guided_plan(answers: SetupAnswers) -> Plan:
    """The plan the answers describe: each account type with money in it (or added to it)
    becomes an account of its owner with the default 60/40 mix, and there is always one
    taxable account (a couple's held jointly) for the surpluses of working years. Projected
    with Monte Carlo paths, so the first result is a success rate."""
    couple = len(answers.people) == 2
    names = _names(answers.people)
    # No pay means not working: retired from the first year (its employer health plan, its
    # pay and the household's retirement year must not wait for a retirement age typed
    # for someone with no job; seen: a partner with no salary "retiring at 65" gave free
    # employer cover at 63-64 and moved the household's retirement two years later).
    people = tuple(
        Person(
            name=name, birth_year=a.birth_year,
            retirement_age=a.retirement_age if a.salary > 0
            else min(a.retirement_age, max(answers.start_year - a.birth_year, 0)),
            horizon_age=a.horizon_age, salary=a.salary,
            social_security=SocialSecurity(monthly_benefit_at_fra=a.monthly_benefit_at_fra,
                                           claim_age=float(a.claim_age)),
        )
        for a, name in zip(answers.people, names, strict=True)
    )
    accounts: list[Account] = []
    for owner, (person, name) in enumerate(zip(answers.people, names, strict=True)):
        for saving in person.savings:
            if saving.kind is AccountKind.TAXABLE or not _has_money(saving):
                continue
            label = f"{name}'s {saving.kind.label}" if couple else saving.kind.label
            accounts.append(Account(name=label, kind=saving.kind, owner=owner,
                                    balance=saving.balance, contribution=saving.contribution))
    # One taxable account, the couple's held jointly, even when empty: working years'
    # surpluses are saved there.
    taxable = [s for p in answers.people for s in p.savings if s.kind is AccountKind.TAXABLE]
    accounts.append(Account(
        name="Joint brokerage" if couple else AccountKind.TAXABLE.label,
        kind=AccountKind.TAXABLE, joint=couple,
        balance=sum((s.balance for s in taxable), 0.0),
        contribution=sum((s.contribution for s in taxable), 0.0)))
    return Plan(
        name=answers.name.strip() or ("Our plan" if couple else "My plan"),
        start_year=answers.start_year,
        people=people,
        accounts=tuple(accounts),
        spending=Spending(annual=answers.spending),
        taxes=TaxSettings(state=answers.state),
        simulation=Simulation(mode=Mode.MONTE_CARLO),
    )


def _has_money(saving: Saving) -> bool:
    return saving.balance > 0 or saving.contribution > 0


def _names(people: tuple[PersonAnswers, ...]) -> list[str]:
    """Each person's name, the placeholder where none was given; two people of the same
    name are told apart (their accounts' names must differ)."""
    names = [p.name.strip() or DEFAULT_NAMES[i] for i, p in enumerate(people)]
    if len(names) == 2 and names[0] == names[1]:
        names[1] = f"{names[1]} (2)"
    return names
