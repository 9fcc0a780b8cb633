"""Health care costs: marketplace (ACA) premiums and the premium tax credit before Medicare,
Medicare Part B and D premiums and IRMAA from 65, and out-of-pocket costs
(resources/data/us_health_rules.json, with the sources of every figure).

- Coverage, month by month: a person's employer (or retiree) plan covers them until the
  start of the year they reach ``health_coverage_until_age`` (default: their retirement
  age); then the household buys marketplace coverage until Medicare starts, in the month
  they turn 65 (the month before, for a birthday on the 1st: the age is attained the day
  before the birthday), or when employer coverage ends if that is later (Part B and D may
  wait while one is covered at work).
- The marketplace premium is the benchmark (second-lowest-cost silver) premium for a
  40-year-old in the area, rated for each person's age on the federal default curve
  (45 CFR 147.102; factor(age) / factor(40)), at the age on 1 January; New York and
  Vermont charge every adult the same (community rating).
- The premium tax credit (IRC 36B), month by month: the benchmark for the people covered
  that month less the applicable percentage of household income / 12, never below zero;
  household income is AGI plus the Social Security that is not taxed. No credit below 100%
  of the poverty line or, from 2026, above 400% (the "cliff"); the household is assumed to
  buy the benchmark plan, so the credit never exceeds the premium. The poverty line is the
  previous year's HHS guideline (2025's for 2026; Alaska and Hawaii have their own),
  following prices in later years;
  the ratio is truncated to a whole percent (Form 8962).
- Medicare: Part B and (optionally) the Part D base beneficiary premium per person per
  month; IRMAA for both parts on the MAGI of two years before (the engine's AGI).
- Premiums, surcharges and out-of-pocket costs grow at the plan's health-cost rate, on top
  of each path's own inflation in excess of the assumed rate; the income thresholds (the
  poverty line, IRMAA tiers) follow prices.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from planner.core.model import Plan
from planner.resources import resource_path

DATA_YEAR = 2026  # the latest year of premiums, tables and guidelines
AGE_40_FACTOR_KEY = "40"
# No age rating: one premium for every adult (CMS state age-curve variations, in
# us_health_rules.json aca.age_rating). AL, DC, MA, MN, MS, OR and UT have curves of their
# own, which the data file does not give: the federal curve stands in for them.
COMMUNITY_RATED = frozenset({"NY", "VT"})


@lru_cache(maxsize=1)
def health_rules() -> dict[str, Any]:
    with open(resource_path("data", "us_health_rules.json"), encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def national_benchmark_monthly(year: int = DATA_YEAR) -> float:
    """KFF national average benchmark premium for a 40-year-old, a month."""
    table = health_rules()["aca"]["national_average_benchmark"]["monthly_age_40"]
    return float(table[str(min(max(year, 2024), DATA_YEAR))])


def age_factor(age: int) -> float:
    """The federal default age curve relative to age 40."""
    factors = health_rules()["aca"]["age_rating"]["federal_default_factors"]
    key = "0_14" if age <= 14 else ("64_and_over" if age >= 64 else str(age))
    return float(factors[key]) / float(factors[AGE_40_FACTOR_KEY])


@dataclass(frozen=True)
class CreditTable:
    """One coverage year's applicable percentages and poverty line."""

    lower: np.ndarray  # row starts, income / poverty line
    upper: np.ndarray
    initial: np.ndarray
    final: np.ndarray
    cap: float | None  # no credit above this ratio (4.0 from 2026), None: no cliff
    fpl_first: float  # poverty guideline: first person
    fpl_additional: float  # each additional person

    def applicable(self, ratio: np.ndarray) -> np.ndarray:
        """[N] the applicable percentage at income / poverty line ``ratio``."""
        k = np.clip(np.searchsorted(self.lower, ratio, side="right") - 1, 0, len(self.lower) - 1)
        lo, hi = self.lower[k], self.upper[k]
        span = np.where(np.isfinite(hi), hi - lo, 1.0)
        frac = np.where(np.isfinite(hi), np.clip((ratio - lo) / span, 0, 1), 0.0)
        return np.asarray(self.initial[k] + (self.final[k] - self.initial[k]) * frac)


def poverty_region(state: str) -> str:
    """HHS publishes separate poverty guidelines for Alaska and Hawaii."""
    return {"AK": "alaska", "HI": "hawaii"}.get(state, "48_states_and_dc")


@lru_cache(maxsize=8)
def credit_table(year: int, region: str = "48_states_and_dc") -> CreditTable:
    aca = health_rules()["aca"]
    coverage = aca["coverage_years"][str(min(max(year, 2025), DATA_YEAR))]
    rows = coverage["applicable_percentage_table"]
    fpl = aca["poverty_guidelines"][str(coverage["fpl_year_used"])][region]
    return CreditTable(
        lower=np.array([float(r[0]) for r in rows]),
        upper=np.array([np.inf if r[1] is None else float(r[1]) for r in rows]),
        initial=np.array([float(r[2]) for r in rows]),
        final=np.array([float(r[3]) for r in rows]),
        cap=coverage["income_cap_fpl_ratio"],
        fpl_first=float(fpl["first_person"]),
        fpl_additional=float(fpl["additional_person"]),
    )


@dataclass(frozen=True)
class Medicare:
    """One year's Medicare premiums and IRMAA tiers (per person, a month)."""

    part_b: float
    part_d: float
    tiers: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, float]]  # status ->
    #   (MAGI tier bottoms, Part B surcharge, Part D surcharge, the top tier's inclusive start)

    def surcharge(self, status: str, magi: np.ndarray, part_d: bool) -> np.ndarray:
        """[N] IRMAA a month per person on ``magi`` (already in the table year's dollars)."""
        bottoms, b, d, top = self.tiers[status]
        tier = (magi[..., None] > bottoms[1:-1]).sum(axis=-1)
        tier = np.where(magi >= top, len(bottoms) - 1, tier)
        return np.asarray(b[tier] + (d[tier] if part_d else 0.0))

    def tier_top(self, status: str, tier: int) -> float:
        """MAGI at the top of IRMAA ``tier`` (0: no surcharge), table year's dollars."""
        bottoms = self.tiers[status][0]
        return float(bottoms[min(tier + 1, len(bottoms) - 1)])


@lru_cache(maxsize=4)
def medicare(year: int) -> Medicare:
    m = health_rules()["medicare"][str(min(max(year, 2025), DATA_YEAR))]
    tiers = {}
    for status in ("single", "married_filing_jointly"):
        b_rows = m["part_b_irmaa"][status]
        d_rows = m["part_d_irmaa"][status]
        tiers[status] = (np.array([float(r["magi_over"]) for r in b_rows]),
                         np.array([float(r["irmaa_surcharge"]) for r in b_rows]),
                         np.array([float(r["irmaa_surcharge"]) for r in d_rows]),
                         float(b_rows[-1]["magi_over"]))
    return Medicare(part_b=float(m["part_b_standard_monthly_premium"]),
                    part_d=float(m["part_d_base_beneficiary_premium_monthly"]), tiers=tiers)


@dataclass(frozen=True)
class HealthSchedule:
    """What does not depend on the markets: coverage months and today's-dollar costs."""

    aca_months: np.ndarray  # [P, T] months of marketplace coverage (from January)
    medicare_months: np.ndarray  # [P, T] months on Medicare (to December), for IRMAA too
    benchmark: np.ndarray  # [P, T] the person's benchmark premium a month, today's dollars
    own_premium: np.ndarray  # [T] the household's own premium a year (replaces the
    #                          benchmark and credit) while anyone is on the marketplace
    medicare_monthly: np.ndarray  # [T] Part B (+ D) a person a month, today's dollars
    out_of_pocket: np.ndarray  # [T] today's dollars a year
    growth: np.ndarray  # [T] health costs relative to prices at the assumed inflation
    to_start: float  # data-year (2026) dollars to the plan's first year, at the health rate
    own: bool  # the plan gives its own premium

    @property
    def any_aca(self) -> bool:
        return bool(self.aca_months.any())


def health_schedule(plan: Plan, years: np.ndarray, ages: np.ndarray,
                    household_retired: np.ndarray) -> HealthSchedule:
    h = plan.health
    n_people, n_years = len(plan.people), len(years)
    start = plan.start_year
    inflation = plan.assumptions.inflation_rate
    excess = (1 + h.cost_growth) / (1 + inflation)
    growth = excess ** np.arange(n_years)
    # Data-year dollars to the plan's first year: health costs grew at the health rate.
    to_start = (1 + h.cost_growth) ** (start - DATA_YEAR)
    aca = np.zeros((n_people, n_years))
    on_medicare = np.zeros((n_people, n_years))
    bench = np.zeros((n_people, n_years))
    base = (h.aca_benchmark_monthly if h.aca_benchmark_monthly is not None
            else national_benchmark_monthly() * to_start)
    for i in range(n_people):
        employer = years < employer_end_year(plan, i)
        first = medicare_month(plan, i) - years * 12  # months into each year it starts
        on_medicare[i] = np.clip(12 - first, 0, 12)
        aca[i] = np.where(employer, 0, 12 - on_medicare[i])
        bench[i] = base * np.array([
            1.0 if plan.taxes.state_in(int(y)) in COMMUNITY_RATED else age_factor(int(a) - 1)
            for y, a in zip(years, ages[i], strict=True)])
    part = medicare(max(start, 2025))
    monthly = (part.part_b + (part.part_d if h.medicare_part_d else 0.0)) * (
        to_start if start > DATA_YEAR else 1.0)
    if not h.premiums:  # premiums are in the spending goal; IRMAA may still be charged
        aca[:] = 0
        monthly = 0.0
    own = h.own_premium_annual
    return HealthSchedule(
        aca_months=aca,
        medicare_months=on_medicare,
        benchmark=bench,
        own_premium=np.full(n_years, own if own is not None else 0.0),
        medicare_monthly=np.full(n_years, monthly),
        out_of_pocket=h.out_of_pocket_annual * household_retired.astype(float),
        growth=growth,
        to_start=max(to_start, 1.0),
        own=own is not None,
    )


def employer_end_year(plan: Plan, i: int) -> int:
    """The first year person i has no employer health plan: the year they reach
    ``health_coverage_until_age``, or retire."""
    p = plan.people[i]
    until = p.health_coverage_until_age
    return p.birth_year + (p.retirement_age if until is None else until)


def medicare_month(plan: Plan, i: int) -> int:
    """The month (since year 0) person i's Medicare starts: the month they turn 65, or,
    covered at work past it, January of the first year without the employer plan (Part B
    and D may wait while one is covered at work)."""
    p = plan.people[i]
    return max(medicare_start_month(p.birth_year, p.birth_month, p.birth_day),
               employer_end_year(plan, i) * 12)


def medicare_start_month(birth_year: int, birth_month: int, birth_day: int) -> int:
    """The month Medicare starts (months since year 0): the month one turns 65, or the
    month before for a birthday on the 1st (42 CFR 406.21; an age is attained the day
    before the birthday)."""
    month = birth_year * 12 + (birth_month - 1) + 65 * 12
    return month - 1 if birth_day == 1 else month


@dataclass(frozen=True)
class AcaYear:
    """One year's marketplace coverage on every path, for the premium tax credit."""

    months: np.ndarray  # [P, N] months covered (from January), 0 if not alive
    monthly: np.ndarray  # [P, N] each person's benchmark a month, nominal
    table: CreditTable
    index: np.ndarray  # [N] prices relative to the poverty guideline's year
    people: np.ndarray  # [N] the tax family's size

    def subset(self, idx: np.ndarray) -> AcaYear:
        return AcaYear(self.months[:, idx], self.monthly[:, idx], self.table, self.index[idx],
                       self.people[idx])

    @property
    def premium(self) -> np.ndarray:
        """[N] the year's benchmark premium (bought), nominal."""
        return np.asarray((self.months * self.monthly).sum(axis=0))

    def poverty_line(self) -> np.ndarray:
        return self._poverty_line

    # Worked out once for the year (the tax solve asks for the credit at many incomes).
    @cached_property
    def _poverty_line(self) -> np.ndarray:
        t = self.table
        return np.asarray((t.fpl_first + t.fpl_additional * (self.people - 1)) * self.index)

    @cached_property
    def _credit_at_cap(self) -> np.ndarray:
        """[N] the credit at exactly the cap (what is lost above it)."""
        t = self.table
        assert t.cap is not None
        fpl = self._poverty_line
        at_cap = t.cap * fpl
        return self._credit_at(t.applicable(np.full_like(fpl, t.cap)) * at_cap)

    def credit(self, household_income: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """([N] the credit, [N] the credit lost above the 400% cliff) for the year."""
        fpl = self._poverty_line
        ratio = np.floor(household_income / fpl * 100 + 1e-9) / 100
        t = self.table
        eligible = ratio >= 1.0
        if t.cap is not None:
            eligible &= ratio <= t.cap
        credit = np.where(eligible, self._credit_at(t.applicable(ratio) * household_income),
                          0.0)
        lost = np.zeros_like(credit)
        if t.cap is not None:
            over = ratio > t.cap
            if over.any():
                lost = np.where(over, self._credit_at_cap, 0.0)
        return np.asarray(credit), np.asarray(lost)

    def _credit_at(self, contribution: np.ndarray) -> np.ndarray:
        """Month by month: the benchmark of the people covered less contribution / 12.
        Coverage runs from January, so the months fall in at most two groups: both
        covered, then only the one covered longer."""
        c = contribution / 12
        if self.months.shape[0] == 1:
            return np.asarray(self.months[0] * np.clip(self.monthly[0] - c, 0, None))
        m0, m1 = self.months
        b0, b1 = self.monthly
        both = np.minimum(m0, m1)
        longer = np.abs(m0 - m1)
        b_longer = np.where(m0 > m1, b0, b1)
        return np.asarray(both * np.clip(b0 + b1 - c, 0, None)
                          + longer * np.clip(b_longer - c, 0, None))


@dataclass(frozen=True)
class HealthYear:
    """The year's health costs on every path, nominal [N]; the premium credit comes with
    the tax (it depends on the year's income)."""

    aca_premium: np.ndarray  # marketplace premium before the credit (or your own premium)
    medicare: np.ndarray  # Part B and D premiums
    irmaa: np.ndarray  # Part B and D surcharges
    medical: np.ndarray  # out-of-pocket costs

    @property
    def fixed(self) -> np.ndarray:
        return np.asarray(self.aca_premium + self.medicare + self.irmaa + self.medical)

    @property
    def hsa_qualified(self) -> np.ndarray:
        """What HSA money may pay tax-free (IRC 213(d)): out-of-pocket costs and Medicare
        premiums, not marketplace premiums."""
        return np.asarray(self.medical + self.medicare + self.irmaa)


def notes(plan: Plan, schedule: HealthSchedule) -> tuple[str, ...]:
    out = []
    h = plan.health
    if h.premiums and schedule.any_aca and not schedule.own:
        where = ("your benchmark premium" if h.aca_benchmark_monthly is not None else
                 f"the national average benchmark premium (KFF, {DATA_YEAR}: "
                 f"${national_benchmark_monthly():,.0f} a month at 40); yours depends on "
                 "where you live")
        out.append(f"Marketplace premiums before Medicare are rated by age from {where}. From "
                   f"{DATA_YEAR} there is no premium tax credit above 400% of the poverty "
                   "line (the enhanced credits ended in 2025).")
    if not h.premiums:
        out.append("Health premiums are not modelled separately: the spending goal is "
                   "assumed to cover them.")
    return tuple(out)
