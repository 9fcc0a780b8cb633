"""Compile a Plan into per-year arrays that do not depend on market returns.

Salaries, contributions (after IRS limits), Social Security in today's dollars, spending
goals, RMD divisors and penalty flags are the same on every path, so they are computed
once here; the engine then only applies returns, inflation and withdrawals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.core.model import AccountKind, ContributionUnit, Plan
from planner.core.rules import Rules, load_rules


@dataclass(frozen=True)
class PensionStream:
    start: int  # first year index paid
    amount: float  # nominal, first year
    cola: float
    indexed: bool
    share: np.ndarray  # [T] 1 while the owner lives, survivor share after, 0 otherwise


@dataclass(frozen=True)
class Schedule:
    years: np.ndarray  # [T]
    ages: np.ndarray  # [P, T]
    alive: np.ndarray  # [P, T] bool
    household_retired: np.ndarray  # [T] bool
    joint: np.ndarray  # [T] bool: married filing jointly this year
    seniors: np.ndarray  # [T] people alive and 65+ at year end
    salary: np.ndarray  # [T] nominal, household
    contributions: np.ndarray  # [A, T] nominal employee contributions
    employer_match: np.ndarray  # [A, T] nominal
    pretax_deferrals: np.ndarray  # [T] traditional 401(k) + HSA contributions (cut wages)
    social_security_real: np.ndarray  # [T] household benefits, today's dollars
    pensions: tuple[PensionStream, ...]
    spending_real: np.ndarray  # [T] goal from retirement, today's dollars
    one_offs_real: np.ndarray  # [T] today's dollars
    rmd_divisor: np.ndarray  # [A, T] 0 where no RMD is due
    penalty_rate: np.ndarray  # [A, T] extra tax rate on a withdrawal this year
    healthcare_real: np.ndarray  # [T] qualified medical costs in the goal, today's dollars
    conversions_real: np.ndarray  # [T] fixed Roth conversions, today's dollars
    can_convert: np.ndarray  # [A, T] bracket-filling conversions allowed from this account
    alloc: np.ndarray  # [A, 4] stocks, bonds, cash, crypto
    notes: tuple[str, ...]


def compile_plan(plan: Plan, rules: Rules | None = None) -> Schedule:
    rules = rules or load_rules()
    years = np.arange(plan.start_year, plan.end_year + 1)
    n_years = len(years)
    ages = np.array([years - p.birth_year for p in plan.people])
    alive = np.array([ages[i] <= p.horizon_age for i, p in enumerate(plan.people)])
    working = np.array([ages[i] < p.retirement_age for i, p in enumerate(plan.people)]) & alive
    household_retired = years >= plan.retirement_year
    # A widow(er) files jointly in the year of death, single after (IRC 6013(a)(2)).
    joint = alive.all(axis=0) | (np.roll(alive.all(axis=0), 1) & (np.arange(n_years) > 0))
    joint = joint if plan.is_couple else np.zeros(n_years, dtype=bool)
    seniors = ((ages >= 65) & alive).sum(axis=0)

    t = np.arange(n_years)
    salaries = np.array(
        [p.salary * (1 + p.salary_growth_rate) ** t * working[i] for i, p in enumerate(plan.people)]
    )
    contrib, match, notes = _contributions(plan, rules, years, ages, working, salaries)
    pretax = np.zeros(n_years)
    for a, acct in enumerate(plan.accounts):
        if acct.kind in (AccountKind.TRADITIONAL_401K, AccountKind.HSA):
            pretax += contrib[a]

    rmd_div = np.zeros((len(plan.accounts), n_years))
    penalty = np.zeros((len(plan.accounts), n_years))
    can_convert = np.zeros((len(plan.accounts), n_years), dtype=bool)
    for a, acct in enumerate(plan.accounts):
        owner = plan.people[acct.owner]
        age = ages[acct.owner]
        if acct.kind.is_traditional:
            can_convert[a] = household_retired & alive[acct.owner] & (
                age < rules.rmd_age(owner.birth_year))
            start = rules.rmd_age(owner.birth_year)
            rmd_div[a] = np.where(
                age >= start, [rules.rmd_divisor(int(x)) for x in age], 0.0
            ) * alive[acct.owner]
        if acct.kind.is_traditional or acct.kind.is_roth:
            # 59 1/2 is reached during the year one turns 60 at the latest (birth month unknown).
            early = age < math.ceil(rules.penalty_free_age)
            if acct.kind.is_401k:
                # Rule of 55: the 401(k) of an employer left in or after the year one turns 55
                # (50 in public safety) pays no penalty from then on. We assume the plan's
                # 401(k)s are with the last employer.
                separation = (rules.rule_of_55_public_safety_age if owner.public_safety_employee
                              else rules.rule_of_55_age)
                if owner.retirement_age >= separation:
                    early = early & (age < owner.retirement_age)
            penalty[a] = np.where(early, rules.early_penalty_rate, 0.0)
        elif acct.kind is AccountKind.HSA:
            penalty[a] = np.where(age < rules.hsa_penalty_free_age, rules.hsa_penalty_rate, 0.0)

    return Schedule(
        years=years,
        ages=ages,
        alive=alive,
        household_retired=household_retired,
        joint=joint,
        seniors=seniors,
        salary=salaries.sum(axis=0),
        contributions=contrib,
        employer_match=match,
        pretax_deferrals=pretax,
        social_security_real=_social_security(plan, rules, years, ages, alive),
        pensions=_pensions(plan, years, ages, alive),
        spending_real=_spending(plan, years, ages, household_retired),
        one_offs_real=np.array(
            [sum(o.amount for o in plan.spending.one_offs if o.year == y) for y in years], float
        ),
        rmd_divisor=rmd_div,
        penalty_rate=penalty,
        healthcare_real=plan.spending.healthcare_annual * household_retired.astype(float),
        conversions_real=np.array(
            [sum(c.amount for c in plan.taxes.conversions if c.year == y) for y in years], float
        ),
        can_convert=can_convert,
        alloc=np.array([a.allocation.as_tuple() for a in plan.accounts], float).reshape(-1, 4),
        notes=tuple(notes),
    )


def _contributions(
    plan: Plan,
    rules: Rules,
    years: np.ndarray,
    ages: np.ndarray,
    working: np.ndarray,
    salaries: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Employee contributions and employer match per account and year, within IRS limits."""
    n_acc, n_years = len(plan.accounts), len(years)
    contrib = np.zeros((n_acc, n_years))
    match = np.zeros((n_acc, n_years))
    infl = plan.assumptions.inflation_rate
    capped: set[str] = set()
    roth_catch_up: set[str] = set()
    for t, year in enumerate(years):
        limits = rules.limits(int(year), infl)
        grow = (1 + infl) ** t
        for person_index in range(len(plan.people)):
            if not working[person_index, t]:
                continue
            age = int(ages[person_index, t])
            salary = float(salaries[person_index, t])
            owned = [a for a, acct in enumerate(plan.accounts) if acct.owner == person_index]
            groups = {
                "401(k)": ([a for a in owned if plan.accounts[a].kind.is_401k],
                           limits.deferral_for_age(age)),
                "IRA": ([a for a in owned if plan.accounts[a].kind.is_ira],
                        limits.ira_for_age(age)),
            }
            for a in owned:
                if plan.accounts[a].kind is AccountKind.HSA:
                    family = plan.accounts[a].hsa_family_coverage
                    groups[f"HSA {a}"] = ([a], limits.hsa_for_age(age, family))
                elif plan.accounts[a].kind is AccountKind.TAXABLE:
                    contrib[a, t] = _wanted(plan, a, salary, grow, limit=math.inf)
            for label, (members, limit) in groups.items():
                wanted = np.array([_wanted(plan, a, salary, grow, limit) for a in members])
                total = wanted.sum()
                if total > limit + 0.5:
                    # Over the limit: every account of the group is cut in proportion.
                    wanted = wanted * (limit / total)
                    capped.add(f"{plan.people[person_index].name}'s {label.split()[0]}")
                # Contributions cannot exceed pay (HSA and IRA need earned income too).
                if total > 0 and wanted.sum() > salary and label != "IRA":
                    wanted = wanted * (salary / wanted.sum())
                contrib[members, t] = wanted
                if label == "401(k)" and members:
                    prior = salary / (1 + plan.people[person_index].salary_growth_rate)
                    if t > 0 and working[person_index, t - 1]:
                        prior = float(salaries[person_index, t - 1])
                    moved = _roth_catch_up(plan, rules, int(year), members, contrib[:, t],
                                           limits.deferral_401k, prior)
                    if moved:
                        roth_catch_up.add(f"{plan.people[person_index].name}: {moved}")
            comp = min(salary, limits.compensation)
            for a in owned:
                acct = plan.accounts[a]
                if acct.kind.is_401k and acct.employer_match_rate > 0:
                    matched = min(contrib[a, t], acct.employer_match_cap * comp)
                    # 415(c): deferrals (catch-up excluded) plus match within the annual limit.
                    deferred = min(contrib[a, t], limits.deferral_401k)
                    room = max(limits.annual_additions - deferred, 0)
                    match[a, t] = min(acct.employer_match_rate * matched, room)
    notes = [f"{c} contributions were capped at the IRS limit in some years."
             for c in sorted(capped)]
    notes += [f"{text} in some years (SECURE 2.0: catch-ups of high earners are Roth from "
              "2026)." for text in sorted(roth_catch_up)]
    return contrib, match, notes


def _roth_catch_up(plan: Plan, rules: Rules, year: int, members: list[int], contrib: np.ndarray,
                   base_limit: float, prior_wages: float) -> str:
    """Move catch-up deferrals of a high earner to Roth (IRC 414(v)(7)); edits ``contrib``.

    Returns what happened, for the notes ('' if nothing had to change)."""
    threshold = rules.roth_catch_up_threshold(year, plan.assumptions.inflation_rate)
    if threshold is None or prior_wages <= threshold:
        return ""
    roth = [a for a in members if plan.accounts[a].kind is AccountKind.ROTH_401K]
    trad = [a for a in members if plan.accounts[a].kind is AccountKind.TRADITIONAL_401K]
    catch_up = max(contrib[members].sum() - base_limit, 0.0)
    must_move = max(catch_up - contrib[roth].sum(), 0.0)
    trad_total = contrib[trad].sum()
    if must_move <= 0.5 or trad_total <= 0:
        return ""
    contrib[trad] -= must_move * contrib[trad] / trad_total
    if roth:
        contrib[roth[0]] += must_move
        return "catch-up contributions moved to the Roth 401(k)"
    return "catch-up contributions dropped (no Roth 401(k) to receive them)"


def _wanted(plan: Plan, a: int, salary: float, grow: float, limit: float) -> float:
    acct = plan.accounts[a]
    if acct.contribution_unit is ContributionUnit.PERCENT_OF_SALARY:
        return acct.contribution * salary
    if acct.contribution_unit is ContributionUnit.MAX:
        return limit
    return acct.contribution * grow


def _social_security(
    plan: Plan, rules: Rules, years: np.ndarray, ages: np.ndarray, alive: np.ndarray
) -> np.ndarray:
    """Household benefits a year in today's dollars: own, spousal top-up, survivor."""
    n = len(plan.people)
    own = np.zeros((n, len(years)))  # monthly amount once claimed, today's dollars
    months = np.zeros((n, len(years)))  # months paid in each year
    for i, p in enumerate(plan.people):
        ss = p.social_security
        factor = rules.claiming_factor(p.birth_year, ss.claim_age)
        own[i] = ss.monthly_benefit_at_fra * factor
        claim_year = p.birth_year + math.floor(ss.claim_age)
        first_months = 12 - round((ss.claim_age - math.floor(ss.claim_age)) * 12)
        months[i] = np.where(years > claim_year, 12, np.where(years == claim_year, first_months, 0))
        months[i] *= alive[i]
    total = (own * months).sum(axis=0)
    if n == 2:
        for i, j in ((0, 1), (1, 0)):
            pi, pj = plan.people[i], plan.people[j]
            pia_i = pi.social_security.monthly_benefit_at_fra
            pia_j = pj.social_security.monthly_benefit_at_fra
            # Spousal top-up while both live and both have claimed (the worker must file).
            excess = max(rules.spousal_share * pia_j - pia_i, 0.0)
            spousal = excess * rules.spousal_factor(pi.birth_year, pi.social_security.claim_age)
            both = np.minimum(months[i], months[j]) * alive[j]
            total += spousal * both
            # Survivor: after j's death, i receives the larger of the two own benefits.
            # (Assumes the survivor has reached survivor FRA; the worker's delayed credits
            # carry over, and a deceased who never claimed leaves at least the PIA.)
            j_benefit = own[j, 0] if months[j].any() else pia_j
            widowed = alive[i] & ~alive[j]
            top_up = max(j_benefit - own[i, 0], 0.0)
            total += top_up * 12 * widowed * (months[i] > 0)
    return total


def _pensions(
    plan: Plan, years: np.ndarray, ages: np.ndarray, alive: np.ndarray
) -> tuple[PensionStream, ...]:
    streams = []
    for i, p in enumerate(plan.people):
        spouse_alive = alive[1 - i] if plan.is_couple else np.zeros(len(years), bool)
        for pension in p.pensions:
            started = ages[i] >= pension.start_age
            share = np.where(alive[i], 1.0, np.where(spouse_alive, pension.survivor_share, 0.0))
            share = share * started
            start = int(np.argmax(started)) if started.any() else len(years)
            streams.append(
                PensionStream(
                    start=start,
                    amount=pension.annual_amount,
                    cola=pension.cola_rate,
                    indexed=pension.inflation_indexed,
                    share=share,
                )
            )
    return tuple(streams)


def _spending(
    plan: Plan, years: np.ndarray, ages: np.ndarray, retired: np.ndarray
) -> np.ndarray:
    goal = np.full(len(years), plan.spending.annual, dtype=float)
    for phase in sorted(plan.spending.phases, key=lambda ph: ph.start_age):
        goal = np.where(ages[0] >= phase.start_age, phase.annual, goal)
    return goal * retired
