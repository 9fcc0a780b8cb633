"""Small plans built in code for hand-checked tests."""

from __future__ import annotations

from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    Assumptions,
    ContributionUnit,
    CryptoOutlook,
    Growth,
    Health,
    IncomeKind,
    IncomeStream,
    Person,
    Plan,
    SocialSecurity,
    Spending,
    TaxSettings,
)

ALL_STOCKS = Allocation(stocks=1.0, bonds=0.0, cash=0.0, crypto=0.0)


def person(
    birth_year: int = 1986, retirement_age: int = 65, horizon: int = 95, **kw: object
) -> Person:
    return Person(
        name=str(kw.pop("name", "Pat")),
        birth_year=birth_year,
        retirement_age=retirement_age,
        horizon_age=horizon,
        **kw,  # type: ignore[arg-type]
    )


def pension(amount: float, start_age: int, owner: int = 0, *, cola: float = 0.0,
            indexed: bool = False, survivor_share: float = 0.0,
            name: str = "Pension") -> IncomeStream:
    """A pension as version 1 plans described one: nominal dollars of its first year."""
    growth = Growth.INFLATION if indexed else (Growth.COLA if cola else Growth.FIXED)
    return IncomeStream(name=name, kind=IncomeKind.PENSION, owner=owner, amount=amount,
                        todays_dollars=False, growth=growth, growth_rate=cola,
                        start_age=start_age, survivor_share=survivor_share)


def account(kind: AccountKind, balance: float = 0.0, **kw: object) -> Account:
    return Account(
        name=str(kw.pop("name", kind.label)),
        kind=kind,
        balance=balance,
        allocation=kw.pop("allocation", ALL_STOCKS),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def plan(
    people: tuple[Person, ...],
    accounts: tuple[Account, ...],
    *,
    start_year: int = 2026,
    spending: float = 0.0,
    taxes: bool = True,
    returns: float = 0.0,
    inflation: float = 0.0,
    fee: float = 0.0,
    dividend_yield: float = 0.0,
    **kw: object,
) -> Plan:
    a = Assumptions()
    flat = type(a.stocks)(returns, 0.0)
    # No dividend yield by default: hand-worked cases tax only what they withdraw.
    assumptions = Assumptions(
        inflation_rate=inflation, fee_rate=fee, stocks=flat, bonds=flat, cash=flat,
        crypto=CryptoOutlook("custom", returns, 0.0), stock_dividend_yield=dividend_yield,
    )
    # No premiums or out-of-pocket costs by default (hand-worked cases before Step 6 leave
    # them out); Part B IRMAA only, as those cases were worked.
    kw.setdefault("health", Health(premiums=False, medicare_part_d=False))
    return Plan(
        name=str(kw.pop("name", "Test plan")),
        start_year=start_year,
        people=people,
        accounts=accounts,
        spending=Spending(annual=spending),
        assumptions=assumptions,
        taxes=TaxSettings(enabled=taxes),
        **kw,  # type: ignore[arg-type]
    )


__all__ = [
    "ALL_STOCKS",
    "ContributionUnit",
    "SocialSecurity",
    "account",
    "pension",
    "person",
    "plan",
]
