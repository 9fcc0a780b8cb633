"""Compile a Plan into per-year arrays that do not depend on market returns or deaths.

Salaries, contributions (after IRS limits), Social Security in today's dollars, spending
goals, RMD divisors and penalty flags are the same on every path, so they are computed
once here, assuming everyone alive; the engine then applies returns, inflation, each path's
deaths and withdrawals. Arrays run over ``years``, which may extend past the fixed ages at
death when deaths are drawn from the life table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.core.health import HealthSchedule, health_schedule
from planner.core.income_streams import (
    CompiledStream,
    InflowSchedule,
    compile_inflows,
    compile_streams,
    expected_earnings,
)
from planner.core.model import AccountKind, ContributionUnit, Plan
from planner.core.rules import Rules, load_rules
from planner.core.social_security import Benefits, benefits


@dataclass(frozen=True)
class Schedule:
    years: np.ndarray  # [T]
    ages: np.ndarray  # [P, T]
    working: np.ndarray  # [P, T] bool: before the person's retirement age
    household_retired: np.ndarray  # [T] bool
    salary: np.ndarray  # [P, T] nominal pay of the main job
    contributions: np.ndarray  # [A, T] nominal employee contributions
    employer_match: np.ndarray  # [A, T] nominal
    pretax_deferrals: np.ndarray  # [P, T] traditional 401(k) + HSA contributions (cut wages)
    roth_match: np.ndarray  # [P, T] employer match paid as Roth: taxable income of the year
    hsa_payroll: np.ndarray  # [P, T] HSA contributions from pay (not wages for payroll tax)
    covered: np.ndarray  # [P, T] bool: active participant in a workplace plan
    ira_limit: np.ndarray  # [P, T] the IRA contribution limit for the person's age
    benefits: Benefits
    streams: tuple[CompiledStream, ...]
    inflows: InflowSchedule  # today's dollars
    spending_real: np.ndarray  # [T] spending goal, today's dollars
    spending_retired: np.ndarray  # [T] the retirement goal (with phases) in every year
    phases: tuple[tuple[int, float], ...]  # (start age, today's dollars) sorted, for the
    #                                        household's phases after a death (by age)
    spending_annual: float
    one_offs_real: np.ndarray  # [T] today's dollars
    rmd_divisor: np.ndarray  # [P, T] divisor for a traditional account person p owns; 0: none
    penalty_rate: np.ndarray  # [A, T] extra tax rate on a withdrawal, owner's age
    penalty_inherited: np.ndarray  # [A, T] the same once rolled over to the spouse
    health: HealthSchedule
    conversions_real: np.ndarray  # [T] fixed Roth conversions, today's dollars
    may_convert: np.ndarray  # [P, T] bool: bracket-filling conversions allowed for person p
    alloc: np.ndarray  # [A, 4] stocks, bonds, cash, crypto
    notes: tuple[str, ...]

    def phase_goal(self, age: np.ndarray) -> np.ndarray:
        """[N] the retirement goal (today's dollars) for the household's age on each path."""
        return _phase_goal(self.spending_annual, self.phases, age)


def compile_plan(plan: Plan, rules: Rules | None = None, n_years: int | None = None) -> Schedule:
    rules = rules or load_rules()
    n_years = n_years or plan.end_year - plan.start_year + 1
    years = np.arange(plan.start_year, plan.start_year + n_years)
    ages = np.array([years - p.birth_year for p in plan.people])
    working = np.array([ages[i] < p.retirement_age for i, p in enumerate(plan.people)])
    household_retired = years >= plan.retirement_year

    t = np.arange(n_years)
    salaries = np.array(
        [p.salary * (1 + p.salary_growth_rate) ** t * working[i] for i, p in enumerate(plan.people)]
    )
    streams = compile_streams(plan, years)
    other_pay = expected_earnings(plan, streams, n_years)
    contrib, match, notes = _contributions(plan, rules, years, ages, working, salaries,
                                           other_pay)
    match, roth_match, match_notes = _place_match(plan, match)
    notes += match_notes
    n_people, n_acc = len(plan.people), len(plan.accounts)
    pretax = np.zeros((n_people, n_years))
    hsa_payroll = np.zeros((n_people, n_years))
    covered = np.zeros((n_people, n_years), dtype=bool)
    for a, acct in enumerate(plan.accounts):
        if acct.kind in (AccountKind.TRADITIONAL_401K, AccountKind.HSA):
            pretax[acct.owner] += contrib[a]
        if acct.kind is AccountKind.HSA:
            hsa_payroll[acct.owner] += contrib[a]
        if acct.kind.is_401k:
            covered[acct.owner] |= (contrib[a] + match[a]) > 0
    retired_goal, working_goal = _spending(plan, ages)
    infl = plan.assumptions.inflation_rate
    ira_limit = np.array([[rules.limits(int(y), infl).ira_for_age(int(a))
                           for y, a in zip(years, ages[i], strict=True)]
                          for i in range(n_people)]).reshape(n_people, n_years)

    rmd_div = np.zeros((n_people, n_years))
    may_convert = np.zeros((n_people, n_years), dtype=bool)
    window = _conversion_window(plan, ages[0], household_retired)
    for i, person in enumerate(plan.people):
        start = rules.rmd_age(person.birth_year)
        rmd_div[i] = np.where(ages[i] >= start, [rules.rmd_divisor(int(x)) for x in ages[i]], 0.0)
        # Without a stop age, conversions end when the holder's RMDs start.
        may_convert[i] = (window if plan.taxes.conversion_stop_age is not None
                          else window & (ages[i] < start))
    penalty = np.zeros((n_acc, n_years))
    inherited = np.zeros((n_acc, n_years))
    for a, acct in enumerate(plan.accounts):
        penalty[a] = _penalty(plan, rules, acct.kind, acct.owner, ages[acct.owner], own=True)
        if plan.is_couple:
            spouse = 1 - acct.owner
            inherited[a] = _penalty(plan, rules, acct.kind, spouse, ages[spouse], own=False)

    return Schedule(
        years=years,
        ages=ages,
        working=working,
        household_retired=household_retired,
        salary=salaries,
        contributions=contrib,
        employer_match=match,
        pretax_deferrals=pretax,
        roth_match=roth_match,
        hsa_payroll=hsa_payroll,
        covered=covered,
        ira_limit=ira_limit,
        benefits=benefits(plan, rules, years, ages,
                          earnings=(salaries + other_pay) / (1 + infl) ** t),
        streams=streams,
        inflows=compile_inflows(plan, years),
        spending_real=np.where(household_retired, retired_goal, working_goal),
        spending_retired=retired_goal,
        phases=tuple(sorted((ph.start_age, ph.annual) for ph in plan.spending.phases)),
        spending_annual=plan.spending.annual,
        one_offs_real=np.array(
            [sum(o.amount for o in plan.spending.one_offs if o.year == y) for y in years], float
        ),
        rmd_divisor=rmd_div,
        penalty_rate=penalty,
        penalty_inherited=inherited,
        health=health_schedule(plan, years, ages, household_retired),
        conversions_real=np.array(
            [sum(c.amount for c in plan.taxes.conversions if c.year == y) for y in years], float
        ),
        may_convert=may_convert,
        alloc=np.array([a.allocation.as_tuple() for a in plan.accounts], float).reshape(-1, 4),
        notes=tuple(notes),
    )


def _conversion_window(plan: Plan, first_ages: np.ndarray, retired: np.ndarray) -> np.ndarray:
    """[T] years in which fill-bracket conversions may run, by the first person's age: from
    ``conversion_start_age`` (or retirement) through ``conversion_stop_age`` (or for ever:
    each holder's RMDs then end them)."""
    t = plan.taxes
    if t.conversion_start_age is None:
        window = retired.copy()
    else:
        window = first_ages >= t.conversion_start_age
    if t.conversion_stop_age is not None:
        window &= first_ages <= t.conversion_stop_age
    return np.asarray(window, dtype=bool)


def _penalty(plan: Plan, rules: Rules, kind: AccountKind, person: int, age: np.ndarray,
             own: bool) -> np.ndarray:
    """[T] the early-withdrawal rate on an account of ``kind`` held by ``person``; ``own``
    false for one inherited from a spouse. Money a spouse inherits pays no 10% penalty
    (IRC 72(t)(2)(A)(ii)): a survivor under 59 1/2 keeps the account as a beneficiary and
    treats it as their own later, so only an inherited HSA keeps its penalty (the HSA is
    simply the survivor's, IRC 223(f)(8)(A))."""
    owner = plan.people[person]
    if (kind.is_traditional or kind.is_roth) and not own:
        return np.zeros(len(age))
    if kind.is_traditional or kind.is_roth:
        # 59 1/2 is reached during the year one turns 60 at the latest (birth month unknown).
        early = age < math.ceil(rules.penalty_free_age)
        if kind.is_401k and own:
            # Rule of 55: the 401(k) of an employer left in or after the year one turns 55
            # (50 in public safety) pays no penalty from then on. We assume the plan's
            # 401(k)s are with the last employer.
            separation = (rules.rule_of_55_public_safety_age if owner.public_safety_employee
                          else rules.rule_of_55_age)
            if owner.retirement_age >= separation:
                early = early & (age < owner.retirement_age)
        return np.where(early, rules.early_penalty_rate, 0.0)
    if kind is AccountKind.HSA:
        return np.where(age < rules.hsa_penalty_free_age, rules.hsa_penalty_rate, 0.0)
    return np.zeros(len(age))


def _contributions(
    plan: Plan,
    rules: Rules,
    years: np.ndarray,
    ages: np.ndarray,
    working: np.ndarray,
    salaries: np.ndarray,
    other_pay: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Employee contributions and employer match per account and year, within IRS limits.

    401(k), HSA and taxable contributions come from the main job (while its owner works);
    IRA contributions need only earned income, so part-time wages or self-employment
    (``other_pay`` [P, T]) keep them going after retirement from the main job."""
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
            main_job = bool(working[person_index, t])
            if not main_job and other_pay[person_index, t] <= 0:
                continue
            age = int(ages[person_index, t])
            salary = float(salaries[person_index, t])
            owned = [a for a, acct in enumerate(plan.accounts) if acct.owner == person_index]
            groups = {}
            if main_job:
                groups["401(k)"] = ([a for a in owned if plan.accounts[a].kind.is_401k],
                                    limits.deferral_for_age(age))
            for a in owned if main_job else ():
                if plan.accounts[a].kind is AccountKind.HSA:
                    family = plan.accounts[a].hsa_family_coverage
                    groups[f"HSA {a}"] = ([a], limits.hsa_for_age(age, family))
                elif plan.accounts[a].kind is AccountKind.TAXABLE:
                    contrib[a, t] = _wanted(plan, a, salary, grow, limit=math.inf)
            # Last: IRA compensation is pay less the year's pre-tax deferrals (W-2 box 1).
            groups["IRA"] = ([a for a in owned if plan.accounts[a].kind.is_ira],
                             limits.ira_for_age(age))
            for label, (members, limit) in groups.items():
                wanted = np.array([_wanted(plan, a, salary, grow, limit) for a in members])
                total = wanted.sum()
                if total > limit + 0.5:
                    # Over the limit: every account of the group is cut in proportion.
                    wanted = wanted * (limit / total)
                    capped.add(f"{plan.people[person_index].name}'s {label.split()[0]}")
                # Contributions cannot exceed pay (HSA and IRA need earned income too); an
                # IRA may use a working spouse's pay as well (a spousal IRA, IRC 219(c)).
                pay = salary
                if label == "IRA":
                    pay += float(other_pay[person_index, t])
                    pay -= _deferred(plan, contrib, person_index, t)
                    spouse = 1 - person_index
                    # A spouse's pay counts while the spouse lives (at the plan's fixed age
                    # at death: a widow(er) has no spousal IRA).
                    if len(plan.people) == 2 and \
                            ages[spouse, t] <= plan.people[spouse].fixed_death_age:
                        pay += float(salaries[spouse, t] + other_pay[spouse, t])
                        pay -= _deferred(plan, contrib, spouse, t)
                    pay = max(pay, 0.0)
                if total > 0 and wanted.sum() > pay:
                    wanted = wanted * (pay / wanted.sum())
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
            for a in owned if main_job else ():
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


def _place_match(plan: Plan, match: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """An employer's match is pre-tax money even when the employee defers to Roth: a match
    earned on a Roth 401(k) goes to the owner's traditional 401(k) when the plan has one.
    Otherwise it stays in the Roth 401(k) as a Roth match (SECURE 2.0 sec. 604), which is
    taxable income in the year it is made. Returns the match [A, T], the taxable Roth match
    [P, T] and notes."""
    match = match.copy()
    roth_match = np.zeros((len(plan.people), match.shape[1]))
    notes = []
    for a, acct in enumerate(plan.accounts):
        if acct.kind is not AccountKind.ROTH_401K or not match[a].any():
            continue
        pretax = [b for b, other in enumerate(plan.accounts)
                  if other.kind is AccountKind.TRADITIONAL_401K and other.owner == acct.owner]
        if pretax:
            match[pretax[0]] += match[a]
            match[a] = 0.0
        else:
            roth_match[acct.owner] += match[a]
            notes.append(f"The employer match on {acct.name} is a Roth match, taxed as income "
                         "the year it is paid (add a traditional 401(k) to receive it pre-tax).")
    return match, roth_match, notes


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


def _deferred(plan: Plan, contrib: np.ndarray, person: int, t: int) -> float:
    """A person's pre-tax 401(k) and HSA contributions set so far for year t."""
    return float(sum(contrib[a, t] for a, acct in enumerate(plan.accounts)
                     if acct.owner == person
                     and acct.kind in (AccountKind.TRADITIONAL_401K, AccountKind.HSA)))


def _wanted(plan: Plan, a: int, salary: float, grow: float, limit: float) -> float:
    acct = plan.accounts[a]
    if acct.contribution_unit is ContributionUnit.PERCENT_OF_SALARY:
        return acct.contribution * salary
    if acct.contribution_unit is ContributionUnit.MAX:
        return limit
    return acct.contribution * grow


def _spending(plan: Plan, ages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Today's dollars a year, for every year: the retirement amount with its phases (by
    the chosen person's age, or the household's: the first of the two to reach it), and
    the pre-retirement amount."""
    s = plan.spending
    before = s.annual if s.pre_retirement_annual is None else s.pre_retirement_annual
    who = ages.max(axis=0) if s.phase_person is None else ages[s.phase_person]
    phases = tuple(sorted((ph.start_age, ph.annual) for ph in s.phases))
    return _phase_goal(s.annual, phases, who), np.full(ages.shape[1], before, dtype=float)


def _phase_goal(annual: float, phases: tuple[tuple[int, float], ...],
                age: np.ndarray) -> np.ndarray:
    """The retirement goal for each age: ``annual`` until the first phase's start age,
    then each phase's amount (``phases`` sorted by start age)."""
    goal = np.full(age.shape, annual, dtype=float)
    for start, level in phases:
        goal = np.where(age >= start, level, goal)
    return goal
