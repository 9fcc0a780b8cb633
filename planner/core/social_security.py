"""Social Security benefits of the household, in today's dollars a year: own, spousal, survivor.

Rules (resources/data/us_rules.json and planner_rules.json, with sources there):
- own benefit: the PIA times the claiming factor (early reduction or delayed credits), paid
  from the month of the claiming age (the first year pays the months left after it);
- spousal top-up: while both spouses live and both have claimed, up to 50% of the other's
  PIA less one's own, reduced if claimed before one's FRA (no delayed credits);
- survivor: from the year after a death (or the year the survivor turns 60, if later) the
  survivor receives the larger of their own benefit and the widow(er)'s benefit. That
  benefit is the deceased's PIA (or their benefit with delayed credits if they claimed, or
  died, after FRA), reduced by up to 28.5% if started before the survivor's FRA for
  survivors, and held to the widow(er)'s limit (the larger of the deceased's reduced benefit
  and 82.5% of their PIA) when the deceased had claimed early.
Ages are the ages attained in each calendar year; a benefit is taken at the start of the year.
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
class Benefits:
    own: np.ndarray  # [P, T] own benefit a year while alive, today's dollars
    own_months: np.ndarray  # [P, T] months of own benefit paid in each year (0-12)
    spousal: np.ndarray  # [P, T] spousal top-up a year while both live
    survivor: np.ndarray  # [P, T, T] survivor[s, d, t]: s's whole benefit in year t when
    #                       the spouse died in year d (0 unless t > d); today's dollars

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


def benefits(plan: Plan, rules: Rules, years: np.ndarray, ages: np.ndarray) -> Benefits:
    n_people, n_years = len(plan.people), len(years)
    monthly = np.zeros(n_people)  # own benefit a month once claimed
    months = np.zeros((n_people, n_years))
    for i, p in enumerate(plan.people):
        ss = p.social_security
        monthly[i] = ss.monthly_benefit_at_fra * rules.claiming_factor(p.birth_year, ss.claim_age)
        months[i] = _months_paid(years, p.birth_year + math.floor(ss.claim_age),
                                 12 - round((ss.claim_age - math.floor(ss.claim_age)) * 12))
    own = monthly[:, None] * months
    spousal = np.zeros((n_people, n_years))
    survivor = np.zeros((n_people, n_years, n_years))
    if n_people == 2:
        for s, d in ((0, 1), (1, 0)):
            ps, pd = plan.people[s], plan.people[d]
            pia_s = ps.social_security.monthly_benefit_at_fra
            pia_d = pd.social_security.monthly_benefit_at_fra
            excess = max(rules.spousal_share * pia_d - pia_s, 0.0)
            top_up = excess * rules.spousal_factor(ps.birth_year, ps.social_security.claim_age)
            spousal[s] = top_up * np.minimum(months[s], months[d])
            for died in range(n_years):
                survivor[s, died] = _as_survivor(plan, rules, s, d, died, years, ages,
                                                 monthly[s], months[s])
    return Benefits(own=own, own_months=months, spousal=spousal, survivor=survivor)


def _months_paid(years: np.ndarray, first_year: int, first_months: int) -> np.ndarray:
    return np.where(years > first_year, 12, np.where(years == first_year, first_months, 0))


def widow_monthly(plan: Plan, rules: Rules, survivor: int, deceased: int, death_age: int,
                  start_age: int) -> float:
    """The widow(er)'s benefit a month, today's dollars, for a survivor who starts it in
    the year they reach ``start_age`` after the spouse died in the year they reached
    ``death_age``."""
    pd, ps = plan.people[deceased], plan.people[survivor]
    pia = pd.social_security.monthly_benefit_at_fra
    claim_age = pd.social_security.claim_age
    claimed = pd.birth_year + math.floor(claim_age) <= pd.birth_year + death_age
    limit = math.inf
    if claimed:
        factor = rules.claiming_factor(pd.birth_year, claim_age)
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
                 ages: np.ndarray, own_monthly: float, own_months: np.ndarray) -> np.ndarray:
    """[T] survivor s's whole yearly benefit after spouse d died in year index ``died``."""
    out = np.zeros(len(years))
    first = died + 1
    if first >= len(years):
        return out
    turns_earliest = plan.people[s].birth_year + rules.survivor_earliest_age
    start = max(first, int(turns_earliest - years[0]))
    after = np.arange(len(years)) >= first
    out[after] = own_monthly * own_months[after]  # their own benefit continues
    if start >= len(years):
        return out
    widow = widow_monthly(plan, rules, s, d, int(ages[d, died]), int(ages[s, start]))
    if widow <= 0:
        return out
    t = np.arange(len(years)) >= start
    # Months with their own benefit get the excess over it; months before their own claim
    # get the whole widow(er)'s benefit.
    out[t] = (np.maximum(own_monthly, widow) * own_months[t]
              + widow * (12 - own_months[t]))
    return out
