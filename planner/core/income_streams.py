"""Income streams (wages, self-employment, pensions and annuities, rent, tax-free income)
and money received once, as amounts per year and path.

A stream pays from its first to its last year (ages of its owner or calendar years). Its
first payment is its amount, in dollars of that year or, for today's dollars, grown with
the path's prices to that year; it then rises with the path's inflation, by its COLA, or
not at all. While its owner lives it pays in full; after the owner's death the surviving
spouse receives ``survivor_share`` of it (pay for work stops). A stream that started
before the plan pays its amount in the plan's first year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.model import Growth, IncomeKind, IncomeStream, InflowTax, Plan


@dataclass(frozen=True)
class CompiledStream:
    kind: IncomeKind
    owner: int
    spouse: int | None
    first: int  # year index of the first payment (0 if it started before the plan)
    last: int  # year index of the last payment (may be past the projection)
    amount: float
    todays_dollars: bool
    growth: Growth
    rate: float
    survivor_share: float

    def paid(self, t: int, price: np.ndarray, alive: np.ndarray) -> np.ndarray:
        """[N] nominal payment in year t; ``price`` [N, T+1], ``alive`` [P, N] in year t."""
        n = price.shape[0]
        if not self.first <= t <= self.last:
            return np.zeros(n)
        if self.growth is Growth.INFLATION:
            amount = self.amount * (price[:, t] if self.todays_dollars
                                    else price[:, t] / price[:, self.first])
        else:
            rise = (1 + self.rate) ** (t - self.first) if self.growth is Growth.COLA else 1.0
            start = price[:, self.first] if self.todays_dollars else 1.0
            amount = self.amount * start * rise * np.ones(n)
        share = alive[self.owner].astype(float)
        if self.spouse is not None and self.survivor_share > 0:
            share = np.where(alive[self.owner], 1.0,
                             np.where(alive[self.spouse], self.survivor_share, 0.0))
        return np.asarray(amount * share)


def compile_streams(plan: Plan, years: np.ndarray) -> tuple[CompiledStream, ...]:
    out = []
    start = int(years[0])
    for s in plan.income:
        born = plan.people[s.owner].birth_year
        first = _year(s.start_age, s.start_year, born, start - 10_000)
        last = _year(s.end_age, s.end_year, born, start + 10_000)
        out.append(CompiledStream(
            kind=s.kind, owner=s.owner, spouse=(1 - s.owner) if plan.is_couple else None,
            first=max(first - start, 0), last=last - start, amount=s.amount,
            todays_dollars=s.todays_dollars, growth=s.growth, rate=s.growth_rate,
            survivor_share=0.0 if s.kind.earned else s.survivor_share))
    return tuple(out)


def expected_earnings(plan: Plan, streams: tuple[CompiledStream, ...],
                      n_years: int) -> np.ndarray:
    """[P, T] each person's pay from wage and self-employment streams, nominal, at the plan's
    assumed inflation: the earned income that lets them contribute to an IRA."""
    price = (1 + plan.assumptions.inflation_rate) ** np.arange(n_years + 1)[None, :]
    alive = np.ones((len(plan.people), 1), dtype=bool)
    out = np.zeros((len(plan.people), n_years))
    for s in streams:
        if s.kind.earned:
            for t in range(max(s.first, 0), min(s.last + 1, n_years)):
                out[s.owner, t] += float(s.paid(t, price, alive)[0])
    return out


def _year(age: int | None, year: int | None, born: int, default: int) -> int:
    if year is not None:
        return year
    return default if age is None else born + age


@dataclass(frozen=True)
class YearIncome:
    """Income of one year on every path, nominal, split by how it is taxed."""

    wages: np.ndarray  # [P, N] stream wages (payroll tax applies)
    self_employment: np.ndarray  # [P, N] net earnings from self-employment
    pension: np.ndarray  # [N] pensions and annuities
    rental: np.ndarray  # [N]
    tax_free: np.ndarray  # [N]
    # [P, N] pensions and annuities by who receives them (a survivor share: the survivor);
    # None: none this year
    pension_by_person: np.ndarray | None = None

    @property
    def total(self) -> np.ndarray:
        return np.asarray(self.wages.sum(axis=0) + self.self_employment.sum(axis=0)
                          + self.pension + self.rental + self.tax_free)


def year_income(streams: tuple[CompiledStream, ...], n_people: int, t: int,
                price: np.ndarray, alive: np.ndarray) -> YearIncome:
    n = price.shape[0]
    wages = np.zeros((n_people, n))
    se = np.zeros((n_people, n))
    by_kind = {k: np.zeros(n) for k in (IncomeKind.PENSION, IncomeKind.RENTAL,
                                         IncomeKind.TAX_FREE)}
    pensions = np.zeros((n_people, n))
    for s in streams:
        if not s.first <= t <= s.last:
            continue
        paid = s.paid(t, price, alive)
        if s.kind is IncomeKind.WAGES:
            wages[s.owner] += paid
        elif s.kind is IncomeKind.SELF_EMPLOYMENT:
            se[s.owner] += paid
        else:
            by_kind[s.kind] += paid
            if s.kind is IncomeKind.PENSION:
                if n_people == 2:  # a survivor share is the survivor's
                    pensions[1 - s.owner] += np.where(alive[s.owner], 0.0, paid)
                    paid = np.where(alive[s.owner], paid, 0.0)
                pensions[s.owner] += paid
    return YearIncome(wages=wages, self_employment=se, pension=by_kind[IncomeKind.PENSION],
                      rental=by_kind[IncomeKind.RENTAL], tax_free=by_kind[IncomeKind.TAX_FREE],
                      pension_by_person=pensions)


@dataclass(frozen=True)
class InflowSchedule:
    """Money received once, today's dollars a year: the whole amount and its taxed parts."""

    amount: np.ndarray  # [T]
    ordinary: np.ndarray  # [T]
    gains: np.ndarray  # [T]


def compile_inflows(plan: Plan, years: np.ndarray) -> InflowSchedule:
    amount = np.zeros(len(years))
    ordinary = np.zeros(len(years))
    gains = np.zeros(len(years))
    for f in plan.inflows:
        t = f.year - int(years[0])
        if not 0 <= t < len(years):
            continue
        amount[t] += f.amount
        if f.taxed_as is InflowTax.ORDINARY:
            ordinary[t] += f.taxable_amount
        else:
            gains[t] += f.taxable_amount
    return InflowSchedule(amount=amount, ordinary=ordinary, gains=gains)


def stream_label(stream: IncomeStream) -> str:
    return stream.name.strip() or stream.kind.label
