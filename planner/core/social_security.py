"""Social Security benefits of the household, in today's dollars a year: own, spousal, survivor.

Rules (resources/data/us_rules.json, planner_rules.json and social_security_trustees.json,
with sources there):
- own benefit: the PIA times the claiming factor (early reduction or delayed credits), to
  the month: from the month the claiming age is reached (counting from the birth month, the
  month before for a birthday on the 1st), never before the first month one is 62
  throughout; the claim year pays the months left after it;
- the earnings test withholds benefits claimed before FRA while working, and the benefit
  is recomputed at FRA for the months withheld (``_own_benefit``);
- spousal top-up: while both spouses live and both have claimed, up to 50% of the other's
  PIA less one's own, reduced for the months it starts before one's FRA (no delayed
  credits);
- survivor: from the year after a death (or the year the survivor turns 60, if later) the
  survivor receives the larger of their own benefit and the widow(er)'s benefit. That
  benefit is the deceased's PIA (or their benefit with delayed credits if they claimed, or
  died, after FRA), reduced by up to 28.5% if started before the survivor's FRA for
  survivors, and held to the widow(er)'s limit (the larger of the deceased's reduced benefit
  and 82.5% of their PIA) when the deceased had claimed early.
- the trust fund's shortfall, when the plan turns it on: from the depletion year every
  benefit is paid at the share the fund's income can pay (2026 Trustees Report: 83% from
  2034).
Not modelled: delayed credits earned in the claim year are paid from the following January
in practice (here from the claim); the earnings test does not withhold a spouse's benefit on
the worker's record.
Because a death can happen in any year on a Monte Carlo path, the survivor's benefit is
tabulated for every possible year of the spouse's death.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.core.model import Plan
from planner.core.rules import Rules


@dataclass(frozen=True)
class Claim:
    """When a person's own benefit starts, to the month (months counted from year 0)."""

    first_month: int  # the first month paid
    fra_month: int  # the month full retirement age is attained
    fra_months: int  # the full retirement age in months
    factor: float  # the benefit as a share of PIA from the first month

    @property
    def early_months(self) -> int:
        return max(self.fra_month - self.first_month, 0)


def ssa_birth(birth_year: int, birth_month: int, birth_day: int) -> tuple[int, int]:
    """(year, month 0-11) in which SSA counts the birthday: an age is attained the day
    before the birthday (20 CFR 404.2(c)(4)), so a birthday on the 1st counts in the month
    before; a 1 January birth uses the previous year's full retirement age."""
    month = birth_year * 12 + birth_month - 1 - (1 if birth_day == 1 else 0)
    return month // 12, month % 12


def claim(plan: Plan, rules: Rules, i: int) -> Claim:
    """Person i's claim: the month they reach the claiming age, but not before the first
    month they are 62 throughout (the birth month for a birthday on the 1st or 2nd, the
    month after for others: 20 CFR 404.311); the factor counts months from there to FRA."""
    p = plan.people[i]
    year, month = ssa_birth(p.birth_year, p.birth_month, p.birth_day)
    born = year * 12 + month
    fra = rules.fra_months(year)
    earliest = born + rules.earliest_claim_age * 12 + (0 if p.birth_day == 2 else 1)
    first = max(born + round(p.social_security.claim_age * 12), earliest)
    return Claim(first_month=first, fra_month=born + fra, fra_months=fra,
                 factor=rules.factor_for_months(first - (born + fra), fra))


@dataclass(frozen=True)
class Benefits:
    own: np.ndarray  # [P, T] own benefit paid in each year while alive, today's dollars
    own_months: np.ndarray  # [P, T] months of own benefit paid in each year (0-12)
    spousal: np.ndarray  # [P, T] spousal top-up a year while both live
    survivor: np.ndarray  # [P, T, T] survivor[s, d, t]: s's whole benefit in year t when
    #                       the spouse died in year d (0 unless t > d); today's dollars
    withheld: np.ndarray  # [P, T] own benefit withheld by the earnings test, today's dollars

    def household(self, t: int, alive: np.ndarray, death_t: np.ndarray) -> np.ndarray:
        """[N] benefits paid in year t on each path; ``alive`` [P, N] who lives in year t,
        ``death_t`` [P, N] the index of each person's last year."""
        if alive.shape[0] == 1:
            return np.where(alive[0], self.own[0, t], 0.0)
        both = alive[0] & alive[1]
        total = np.where(both, self.own[0, t] + self.own[1, t]
                         + self.spousal[0, t] + self.spousal[1, t], 0.0)
        last = self.survivor.shape[1] - 1
        for s in (0, 1):
            widowed = alive[s] & ~alive[1 - s]
            if widowed.any():
                died = np.clip(death_t[1 - s], 0, last)
                total = total + np.where(widowed, self.survivor[s, died, t], 0.0)
        return np.asarray(total)


def benefits(plan: Plan, rules: Rules, years: np.ndarray, ages: np.ndarray,
             earnings: np.ndarray | None = None) -> Benefits:
    """``earnings`` [P, T]: pay for work in today's dollars (for the earnings test)."""
    n_people, n_years = len(plan.people), len(years)
    claims = [claim(plan, rules, i) for i in range(n_people)]
    months = np.array([_months_paid(years, c.first_month) for c in claims], dtype=float)
    own = np.zeros((n_people, n_years))
    withheld = np.zeros((n_people, n_years))
    for i, c in enumerate(claims):
        pia = plan.people[i].social_security.monthly_benefit_at_fra
        work = earnings[i] if earnings is not None else np.zeros(n_years)
        own[i], withheld[i] = _own_benefit(rules, pia, c, years, work)
    spousal = np.zeros((n_people, n_years))
    survivor = np.zeros((n_people, n_years, n_years))
    if n_people == 2:
        for s, d in ((0, 1), (1, 0)):
            pia_s = plan.people[s].social_security.monthly_benefit_at_fra
            pia_d = plan.people[d].social_security.monthly_benefit_at_fra
            excess = max(rules.spousal_share * pia_d - pia_s, 0.0)
            # Paid once both have claimed; reduced for the months before the spouse's FRA.
            start = max(claims[s].first_month, claims[d].first_month)
            early = max(claims[s].fra_month - start, 0)
            top_up = excess * rules.spousal_factor_for_months(early)
            spousal[s] = top_up * _months_paid(years, start)
            for died in range(n_years):
                survivor[s, died] = _as_survivor(plan, rules, s, d, died, years, ages,
                                                 claims[d], own[s], months[s])
    cut = _trust_fund_share(plan, years)
    return Benefits(own=own * cut, own_months=months, spousal=spousal * cut,
                    survivor=survivor * cut[None, None, :], withheld=withheld * cut)


def _months_paid(years: np.ndarray, first_month: int) -> np.ndarray:
    """[T] months of each calendar year from ``first_month`` on."""
    return np.asarray(np.clip((years + 1) * 12 - np.maximum(first_month, years * 12), 0, 12))


def _own_benefit(rules: Rules, pia: float, c: Claim, years: np.ndarray,
                 earnings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """([T] own benefit paid a year, [T] withheld), today's dollars.

    The retirement earnings test (42 USC 403(b), (f)): before the year of FRA, $1 of
    benefits is withheld for every $2 earned over the lower exempt amount; in that year,
    $1 for every $3 over the higher amount, counting the earnings of the months before
    FRA (spread evenly over the year). SSA withholds whole months of benefits; at FRA the
    benefit is recomputed as if it had started later by the months withheld (the
    adjustment of the reduction factor, 42 USC 402(q)(7)). Exempt amounts are the 2026
    ones held in today's dollars (they follow average wages; here, prices)."""
    monthly = pia * c.factor
    months = _months_paid(years, c.first_month)
    paid = monthly * months
    withheld = np.zeros(len(years))
    if monthly <= 0 or c.first_month >= c.fra_month or not earnings.any():
        return paid, withheld
    fra_year = c.fra_month // 12
    lost_months = 0
    for t, year in enumerate(years):
        year = int(year)
        if year > fra_year or months[t] == 0:
            continue
        under, in_fra_year = rules.earnings_test(year)
        before_fra = min(max(c.fra_month - year * 12, 0), 12)
        if year < fra_year:
            excess = max(earnings[t] - under, 0.0) / 2
            payable = months[t]
        else:
            excess = max(earnings[t] * before_fra / 12 - in_fra_year, 0.0) / 3
            payable = min(months[t], before_fra)
        if excess <= 0 or payable <= 0:
            continue
        # Whole months, never more than were payable (and no overflow for a tiny benefit).
        n = (int(payable) if excess >= monthly * payable
             else min(math.ceil(excess / monthly - 1e-9), int(payable)))
        lost_months += n
        withheld[t] = min(excess, n * monthly)
    if lost_months:
        # From the FRA month the benefit is recomputed with the withheld months credited.
        later = rules.factor_for_months(c.first_month + lost_months - c.fra_month, c.fra_months)
        from_fra = _months_paid(years, c.fra_month)
        paid = paid + pia * (later - c.factor) * from_fra
    return paid - withheld, withheld


def _trust_fund_share(plan: Plan, years: np.ndarray) -> np.ndarray:
    """[T] the share of scheduled benefits paid: all of them, or from the trust fund's
    depletion year the share its income can pay (2026 Trustees Report, when turned on)."""
    a = plan.assumptions
    if not a.social_security_cut:
        return np.ones(len(years))
    return np.where(years >= a.social_security_cut_year, a.social_security_payable_share, 1.0)


def widow_monthly(plan: Plan, rules: Rules, survivor: int, deceased: int, death_age: int,
                  start_age: int, deceased_claim: Claim | None = None) -> float:
    """The widow(er)'s benefit a month, today's dollars, for a survivor who starts it in
    the year they reach ``start_age`` after the spouse died in the year they reached
    ``death_age``."""
    pd, ps = plan.people[deceased], plan.people[survivor]
    pia = pd.social_security.monthly_benefit_at_fra
    c = deceased_claim or claim(plan, rules, deceased)
    # Claimed if the benefit started by the end of the year of death.
    claimed = c.first_month < (pd.birth_year + death_age + 1) * 12
    limit = math.inf
    if claimed:
        factor = c.factor
        base = pia * max(factor, 1.0)
        if factor < 1.0:  # the widow(er)'s limit (RIB-LIM)
            limit = pia * max(factor, rules.widow_limit_share)
    elif death_age * 12 > rules.fra_months(pd.birth_year):
        # Died after FRA without claiming: the delayed credits earned up to the death.
        base = pia * rules.claiming_factor(pd.birth_year, min(death_age, rules.delayed_max_age))
    else:
        base = pia
    fra = rules.survivor_fra_months(ps.birth_year)
    earliest = rules.survivor_earliest_age * 12
    early = max(fra - start_age * 12, 0)
    reduction = rules.survivor_max_reduction * early / max(fra - earliest, 1)
    return float(min(base * (1.0 - reduction), limit))


def _as_survivor(plan: Plan, rules: Rules, s: int, d: int, died: int, years: np.ndarray,
                 ages: np.ndarray, deceased_claim: Claim, own: np.ndarray,
                 own_months: np.ndarray) -> np.ndarray:
    """[T] survivor s's whole yearly benefit after spouse d died in year index ``died``;
    ``own`` [T] is the survivor's own benefit a year."""
    out = np.zeros(len(years))
    first = died + 1
    if first >= len(years):
        return out
    turns_earliest = plan.people[s].birth_year + rules.survivor_earliest_age
    start = max(first, int(turns_earliest - years[0]))
    after = np.arange(len(years)) >= first
    out[after] = own[after]  # their own benefit continues
    if start >= len(years):
        return out
    widow = widow_monthly(plan, rules, s, d, int(ages[d, died]), int(ages[s, start]),
                          deceased_claim)
    if widow <= 0:
        return out
    t = np.arange(len(years)) >= start
    # Months with their own benefit get the excess over it; months before their own claim
    # get the whole widow(er)'s benefit.
    own_monthly = np.where(own_months[t] > 0, own[t] / np.maximum(own_months[t], 1), 0.0)
    out[t] = (np.maximum(own_monthly, widow) * own_months[t]
              + widow * (12 - own_months[t]))
    return out
