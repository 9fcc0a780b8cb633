"""The projection engine: one loop over years, numpy operations over all paths at once.

Each year, in this order (all at the start of the year, then growth for the whole year):
1. the household: who is alive on each path, the filing status, who holds each account;
   a death last year steps up taxable basis (``household``);
2. contributions and employer match go in while their owner works (within IRS limits);
3. income arrives: salaries, other income streams, money received once, Social Security
   (own, spousal, survivor); payroll tax is due on pay for work;
4. RMDs come out of traditional accounts (prior 31 December balance / the holder's divisor);
5. taxable accounts accrue the year's dividends and interest (taxed, reinvested);
6. IRA income limits: the traditional IRA deduction, and Roth IRA contributions over the
   limit moved to the taxable account;
7. health care: marketplace premiums before Medicare (their premium credit depends on the
   year's income, so it is part of the tax), Medicare premiums and IRMAA (on the income
   of two years before) from 65, out-of-pocket costs (``health``);
8. Roth conversions: how much depends on the year's income, withdrawals included, so the
   amount is part of the tax function (``conversions``);
9. the cash flow settles: income pays taxes, the employee's contributions, health care and
   the spending goal (before retirement the pre-retirement amount; from retirement the
   goal, or a strategy's gross withdrawal); a shortfall is withdrawn in the plan's order
   with the tax it creates (solved by secant steps, see ``cashflow``); the conversions
   move to Roth accounts; a surplus is saved;
10. every account earns its allocation's return less fees (rebalanced yearly).
After the last death on a path nothing more happens on it: its balances are its estate.

A plain plan (taxes off, only a portfolio paying a fixed goal: the classic historical
question) runs ``plain_year`` instead, the same arithmetic without the steps that only add
zeros. Many paths run in chunks (``chunks``); neither changes a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from planner.core import stress as stresses
from planner.core.cashflow import Income, YearFlows, settle
from planner.core.conversions import ConversionRule, conversion_rule
from planner.core.errors import PlanError
from planner.core.health import AcaYear, HealthYear, credit_table, medicare, poverty_region
from planner.core.health import notes as health_notes
from planner.core.household import YearHousehold, died_last_year, step_up_basis, year_household
from planner.core.income_streams import year_income
from planner.core.ira_limits import deductible, ira_ranges, roth_allowed
from planner.core.model import ConversionMode, Mode, Mortality, Plan
from planner.core.montecarlo import historical_scenario, monte_carlo_scenario
from planner.core.mortality import Deaths, drawn_deaths, fixed_deaths
from planner.core.payroll import payroll_tax
from planner.core.plain_year import plain_draws, plain_year
from planner.core.recorder import LeanRecorder, Recorder, Watched, YearRecorder
from planner.core.result import Result
from planner.core.returns import Scenario, expected_scenario
from planner.core.rules import LAST_BASE_YEAR, Rules, load_rules
from planner.core.run_state import Context, Ledger, dividends_and_interest, taxable_gain_share
from planner.core.schedule import Schedule, compile_plan
from planner.core.state_tax import notes as state_notes
from planner.core.validate import validate
from planner.core.year_tax import Filing, StateYear, YearTax

Progress = Callable[[float], None]
Cancel = Callable[[], bool]


class Cancelled(Exception):
    """Raised inside a projection when the caller's cancel() returned True."""


def project(
    plan: Plan,
    mode: Mode | str | None = None,
    paths: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    stress: str | None = None,
) -> Result:
    """Run the plan (with a stress test of planner.core.stress laid over its market years,
    if named). Raises PlanError if it does not validate, Cancelled if cancelled."""
    problems = validate(plan)
    if problems:
        raise PlanError(f"the plan has {len(problems)} problem(s)", problems)
    mode = Mode(mode) if mode is not None else plan.simulation.mode
    seed = plan.simulation.seed if seed is None else seed
    n_paths = (paths or plan.simulation.paths) if mode is Mode.MONTE_CARLO else 1
    if mode is Mode.MONTE_CARLO and plan.simulation.mortality is Mortality.LIFE_TABLE:
        deaths = drawn_deaths(plan, n_paths, seed)
    else:
        deaths = None
    schedule = compile_plan(plan, n_years=deaths.n_years if deaths else None)
    n_years = len(schedule.years)
    if mode is Mode.EXPECTED:
        scenario = expected_scenario(plan, n_years)
    elif mode is Mode.MONTE_CARLO:
        scenario = monte_carlo_scenario(plan, n_years, n_paths, seed)
    else:
        scenario = historical_scenario(plan, n_years, seed)
    if stress is not None:
        scenario = stresses.apply(plan, scenario, stress)
    return simulate(plan, schedule, scenario, str(mode), deaths=deaths, progress=progress,
                    cancel=cancel)


# Paths run in chunks of about this many: a chunk's yearly arrays ([A, N] balances and the
# temporaries of every step) stay in the processor's cache (an array operation costs about
# half as much a path at 8,192 paths as at 100,000 on this project's 2-core machine), and
# the temporaries stay small however many paths run. Each chunk pays a year's fixed cost
# again (about a fifth of a 10,000-path run: 1,000 paths take 0.11 s, 10,000 take 0.41 s):
# 100,000 paths ran in 4.0 s in chunks of 16,384 against 5.2 s in chunks of 8,192 (medians
# of 5 runs, alternated). Every step but one works path by path, so chunking changes no
# figure, provided two things hold. A chunk starts at a multiple of CHUNK_ALIGN paths: the
# BLAS product of ``Scenario.account_growth`` rounds a path at the ragged end of a block
# differently (by a unit in the last place), so paths keep their place within blocks. And
# fill-bracket conversions are searched over all of a run's paths together (the search
# starts from the last fill only when every path has one, and steps every path until all are
# done), so a plan that converts that way runs as one chunk.
CHUNK_PATHS = 16384
CHUNK_ALIGN = 64


# From this many paths a run keeps only what the distribution views read of every path, and
# one path's whole detail on request (a lean Result, see planner.core.result): recording
# every flow of every path made a 10,000-path run of the sample about a fifth slower
# (0.52-0.59 s against 0.40-0.45 s) and took 2.2 GB at 100,000 paths x 60 years.
LEAN_FROM = 2_000


def coupled(plan: Plan) -> bool:
    """Whether the paths of a run depend on each other: fill-bracket conversions are
    searched over all of them together (see CHUNK_PATHS)."""
    return plan.taxes.enabled and plan.taxes.roth_conversion is ConversionMode.FILL_BRACKET


def chunks(plan: Plan, n: int) -> list[slice]:
    """The chunks of paths ``simulate`` runs one after the other: CHUNK_PATHS or a little
    more each (evenly split, so none is small enough to change the tax solve's method)."""
    k = n // CHUNK_PATHS  # never smaller: a year's fixed cost is paid once per chunk
    if k <= 1 or coupled(plan):
        return [slice(0, n)]
    size = -(-n // (k * CHUNK_ALIGN)) * CHUNK_ALIGN
    return [slice(lo, min(lo + size, n)) for lo in range(0, n, size)]


def simulate(
    plan: Plan,
    schedule: Schedule,
    scenario: Scenario,
    mode: str,
    *,
    deaths: Deaths | None = None,
    rules: Rules | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    keep: int | None = None,
) -> Result:
    """Run the plan's years on the scenario's paths. From LEAN_FROM paths the Result is
    lean; ``keep``: run every path but return path ``keep`` alone, with its whole detail."""
    rules = rules or load_rules()
    n_years, n = len(schedule.years), scenario.n_paths
    deaths = deaths or fixed_deaths(plan, n)
    price = np.ones((n, n_years + 1))
    rec: YearRecorder
    lean = n >= LEAN_FROM or keep is not None
    if lean:
        end_t = np.minimum(deaths.end_t, n_years - 1)
        rec = LeanRecorder(plan, n, n_years, price, end_t)
        if keep is not None:
            one = slice(keep, keep + 1)
            rec = Watched(rec, Recorder(len(plan.accounts), n, n_years, keep=one), one)
    else:
        rec = Recorder(len(plan.accounts), n, n_years)
    parts = chunks(plan, n)
    ctx = None
    for k, part in enumerate(parts):
        whole = len(parts) == 1
        ctx = Context(plan, schedule, scenario if whole else scenario.paths(part), rules,
                      deaths if whole else Deaths(deaths.death_t[:, part], deaths.drawn))
        _run_years(ctx, Ledger(plan, part.stop - part.start, n_years, price[part]),
                   rec.paths(part), cancel, _share(progress, k, len(parts)))
    assert ctx is not None  # a scenario has at least one path
    # The notes read only what every chunk shares (the plan, its accounts, the scenario's notes).
    rerun = (_rerun(plan, schedule, scenario, mode, deaths, rules)
             if lean and keep is None else None)
    return rec.result(plan, mode, schedule, scenario, deaths, price, _notes(ctx, rec), rerun)


def _rerun(plan: Plan, schedule: Schedule, scenario: Scenario, mode: str, deaths: Deaths,
           rules: Rules) -> Callable[[int], Result]:
    """How a lean Result gets one path's whole detail: the block of CHUNK_ALIGN paths that
    holds it is run again (a path's figures depend on its own draws alone, and a block
    keeps its place; see CHUNK_PATHS), or, when the paths depend on each other, all of them
    are, recording that one path's detail."""
    def one_path(n: int) -> Result:
        if coupled(plan):
            return simulate(plan, schedule, scenario, mode, deaths=deaths, rules=rules,
                            keep=n)
        lo = n - n % CHUNK_ALIGN
        block = slice(lo, min(lo + CHUNK_ALIGN, scenario.n_paths))
        part = simulate(plan, schedule, scenario.paths(block), mode, rules=rules,
                        deaths=Deaths(deaths.death_t[:, block], deaths.drawn))
        return part.path(n - lo)
    return one_path


def _share(progress: Progress | None, k: int, of: int) -> Progress | None:
    """The progress of chunk k of ``of``, told as the run's."""
    if progress is None:
        return None
    whole = progress
    return lambda f: whole((k + f) / of)


def _run_years(ctx: Context, led: Ledger, rec: YearRecorder, cancel: Cancel | None,
               progress: Progress | None) -> None:
    """Every year of the plan on the paths of ``ctx``, in the order of the module's steps."""
    plan, schedule, deaths = ctx.plan, ctx.schedule, ctx.deaths
    n_years = len(schedule.years)
    plain = plain_draws(ctx)
    for t in range(n_years):
        if cancel is not None and cancel():
            raise Cancelled
        if plain is not None:
            year = plain_year(ctx, plain, led, t)
            _save_surplus(ctx, led, year.saved)
            _grow(ctx, led, t, None)
            rec.plain_year(t, led.bal, year)
            if progress is not None:
                progress((t + 1) / n_years)
            continue
        home = year_household(plan, deaths.death_t, schedule.ages, t, ctx.owners)
        if t > 0 and not home.everyone_alive:
            step_up_basis(plan, led.basis, led.bal, died_last_year(deaths.death_t, t),
                          home.active)
        contrib, match = _contribute(ctx, led, home)
        income = _receive_income(ctx, led, home)
        rmd = _required_distributions(ctx, led, home)
        tax_of = _year_tax(ctx, led, home, income, rmd)
        tax_of = _ira_limits(ctx, led, home, tax_of, rmd, contrib, rec)
        rec.contributions(t, contrib, match)
        health, tax_of = _health_costs(ctx, led, home, tax_of, rmd, rec)
        tax_of = tax_of.with_conversions(_conversions(ctx, led, home, tax_of))
        flows = settle(ctx, led, home, income, contrib.sum(axis=0), rmd, tax_of, health)
        _convert_to_roth(ctx, led, home, tax_of, flows, rec)
        _save_surplus(ctx, led, flows.saved)
        _grow(ctx, led, t, home.active)
        rec.year(t, led.bal, flows, income, rmd)
        if progress is not None:
            progress((t + 1) / n_years)


# ----- the steps of a year, in order


def _contribute(ctx: Context, led: Ledger,
                home: YearHousehold) -> tuple[np.ndarray, np.ndarray]:
    """Employee contributions and match [A, N] into the accounts of people alive."""
    s, t = ctx.schedule, home.t
    added = s.contributions[:, t]
    match = s.employer_match[:, t]
    if not added.any() and not match.any():
        return np.zeros_like(led.bal), np.zeros_like(led.bal)
    owner_alive = home.alive[ctx.owners].astype(float)
    contrib = added[:, None] * owner_alive
    matched = match[:, None] * owner_alive
    led.bal += contrib + matched
    for a in ctx.taxable_idx + ctx.roth_idx:
        led.basis[a] += contrib[a]
    return contrib, matched


def _receive_income(ctx: Context, led: Ledger, home: YearHousehold) -> Income:
    """Pay, other income, money received once and Social Security; payroll tax on pay."""
    s, t = ctx.schedule, home.t
    p_now = led.price[:, t]
    streams = (year_income(s.streams, len(ctx.plan.people), t, led.price, home.alive)
               if s.streams else ctx.no_streams)
    salary = s.salary[:, t][:, None] * home.alive  # [P, N]
    inflow = s.inflows.amount[t] * p_now * home.active  # nothing arrives after the plan ends
    ss = s.benefits.household(t, home.alive, ctx.deaths.death_t) * p_now
    wages = salary + streams.wages
    fica_wages = wages - s.hsa_payroll[:, t][:, None] * home.alive
    if ctx.taxes_on and (wages.any() or streams.self_employment.any()):
        wage_base = ctx.payroll.wage_base(int(s.years[t]), ctx.plan.assumptions.inflation_rate)
        payroll = payroll_tax(ctx.payroll, fica_wages, streams.self_employment, home.joint,
                              wage_base)
    else:
        payroll = ctx.no_payroll
    return Income(salary=salary.sum(axis=0), streams=streams, inflow=inflow,
                  other_ordinary=(s.inflows.ordinary[t] * p_now * home.active
                                   + (s.roth_match[:, t][:, None] * home.alive).sum(axis=0)),
                  inflow_gains=s.inflows.gains[t] * p_now * home.active, social_security=ss,
                  payroll=payroll, pretax=(s.pretax_deferrals[:, t][:, None] * home.alive))


def _required_distributions(ctx: Context, led: Ledger, home: YearHousehold) -> np.ndarray:
    """[A, N] RMDs: the prior 31 December balance over the holder's Uniform Lifetime divisor."""
    s, t = ctx.schedule, home.t
    rmd = np.zeros_like(led.bal)
    for a in ctx.trad_idx:
        owner = ctx.owners[a]
        div = s.rmd_divisor[owner, t] * home.alive[owner]
        if not home.everyone_alive:
            spouse = home.holder[a]
            div = np.where(home.inherited[a], s.rmd_divisor[spouse, t], div) * home.active
        if np.any(div > 0):
            rmd[a] = np.where(div > 0, np.minimum(led.prior_end[a] / np.maximum(div, 1e-9),
                                                  led.bal[a]), 0.0)
    return rmd


def _year_tax(ctx: Context, led: Ledger, home: YearHousehold, income: Income,
              rmd: np.ndarray) -> YearTax:
    """The year's tax as a function of withdrawals. Taxable accounts also pay tax on the
    year's dividends and interest, which are reinvested (their basis grows)."""
    plan, s, t = ctx.plan, ctx.schedule, home.t
    year = int(s.years[t])
    bal = led.bal if home.everyone_alive else led.bal * home.active
    # A taxable account's bonds and cash pay their mean return as interest; when that mean is
    # negative the account loses value (in ``_grow``), it does not pay negative interest: a
    # loss is no income, and negative interest would lower the tax and NIIT and create money.
    dividends, interest = dividends_and_interest(ctx, led, bal)
    income.dividends, income.interest = dividends, interest
    gain_share = taxable_gain_share(ctx, led)
    pretax_share = np.ones_like(led.bal)
    for a in ctx.trad_ira_idx:
        if led.basis[a].any():  # after-tax contributions in the IRA: paid out pro rata
            held = np.maximum(led.bal[a], 1e-9)
            pretax_share[a] = np.where(led.bal[a] > 0, np.clip(1 - led.basis[a] / held, 0, 1), 1)
    base_year = min(max(year, 2025), LAST_BASE_YEAR)
    filing = _filing(ctx, home, base_year)
    penalty = s.penalty_rate[:, t][:, None]  # [A, 1]: the same on every path...
    if not home.everyone_alive:  # ...until an account passes to a survivor
        penalty = np.where(home.inherited, s.penalty_inherited[:, t][:, None], penalty)
    streams = income.streams
    prices = _prices_since_2026(plan, t, led.price)  # the brackets' index when they follow
    se_deduction = ctx.payroll.se_deductible * income.payroll.self_employment
    wages = np.maximum(income.salary + streams.wages.sum(axis=0) - income.pretax.sum(axis=0), 0)
    zero_people = np.zeros_like(home.alive, dtype=float)
    pay_by_person = (s.salary[:, t][:, None] * home.alive + streams.wages
                     + streams.self_employment - income.pretax)
    state = StateYear(
        code=ctx.state_in[t], rate=plan.taxes.state_rate, year=year, ages=s.ages[:, t],
        alive=home.alive, holder=home.holder,
        pension=(streams.pension_by_person if streams.pension_by_person is not None
                 else zero_people),
        wages=np.maximum(pay_by_person, 0.0), conversion=zero_people)
    return YearTax(
        filing=filing,
        enabled=ctx.taxes_on,
        ordinary=np.asarray(wages + streams.self_employment.sum(axis=0) - se_deduction
                            + streams.pension + streams.rental + income.other_ordinary
                            + interest),
        gains=np.asarray(dividends + income.inflow_gains),
        investment_income=np.asarray(dividends + interest + streams.rental
                                     + income.inflow_gains),
        social_security=income.social_security,
        interest=interest,
        dividends=dividends,
        seniors=home.seniors,
        senior_deduction=ctx.rules.senior_deduction_years(year),
        index=prices if plan.taxes.index_brackets else np.ones_like(prices),
        prices=prices,
        state=state,
        rmd=rmd,
        penalty_rate=penalty,
        roth_basis=led.basis * ctx.is_roth[:, None],
        gain_share=gain_share,
        pretax_share=pretax_share,
        trad_idx=ctx.trad_idx,
        hsa_idx=ctx.hsa_idx,
        roth_idx=ctx.roth_idx,
        taxable_idx=ctx.taxable_idx,
    )


def _conversions(ctx: Context, led: Ledger, home: YearHousehold,
                 tax_of: YearTax) -> ConversionRule | None:
    """The year's Roth conversion rule: the amount is settled with the withdrawals."""
    return conversion_rule(ctx.plan, ctx.schedule, home.t, tax_of, led.bal,
                           led.price[:, home.t], home.holder, home.alive)


def _convert_to_roth(ctx: Context, led: Ledger, home: YearHousehold, tax_of: YearTax,
                     flows: YearFlows, rec: YearRecorder) -> None:
    """Move the year's conversions (settled with the withdrawals) to the holders' Roths;
    an IRA's after-tax basis goes with its share."""
    rule = tax_of.converting
    converted = flows.taxes.converted
    if rule is None or not converted.any():
        rec.conversion(home.t, np.zeros(led.bal.shape[1]))
        return
    moved = rule.split(converted, flows.withdrawals)
    keep_mix = ctx.plan.taxes.conversion_keep_mix
    for a in ctx.trad_idx:
        if not moved[a].any():
            continue
        led.basis[a] -= moved[a] * (1 - tax_of.pretax_share[a])
        led.bal[a] -= moved[a]
        for person, roth in ctx.roth_of.items():
            into = np.where(home.holder[a] == person, moved[a], 0.0)
            if keep_mix and into.any():
                _keep_mix(ctx, led, a, roth, into)
            led.bal[roth] += into
            led.basis[roth] += into
    rec.conversion(home.t, converted)


def _keep_mix(ctx: Context, led: Ledger, source: int, roth: int, amount: np.ndarray) -> None:
    """Before ``amount`` [N] moves from a traditional account into a Roth: the Roth's money
    follows its own target mix and, for the converted part, the source's (by value)."""
    n_acc, n = led.bal.shape
    follows = led.follows.get(roth)
    if follows is None:
        follows = np.zeros((n_acc, n))
        follows[roth] = 1.0
    held = led.bal[roth]
    total = held + amount
    share = np.where(total > 0, amount / np.maximum(total, 1e-9), 0.0)
    follows = follows * (1 - share)
    follows[source] += share
    led.follows[roth] = follows
    if roth in ctx.drift_idx:  # its current mix and its target both take the source's in
        d = ctx.drift_idx.index(roth)
        alloc = ctx.schedule.alloc
        source_mix = (led.mix[ctx.drift_idx.index(source)] if source in ctx.drift_idx
                      else alloc[source][:, None])
        led.mix[d] = led.mix[d] * (1 - share) + source_mix * share
        led.drift_target[d] = alloc.T @ follows


def _ira_limits(ctx: Context, led: Ledger, home: YearHousehold, tax_of: YearTax,
                rmd: np.ndarray, contrib: np.ndarray, rec: YearRecorder) -> YearTax:
    """Deduct traditional IRA contributions within the active-participant phase-out; move
    Roth IRA contributions over the income limit to the surplus account (or, with no
    taxable account, leave them as cash). Edits ``contrib`` [A, N] to what went where."""
    ira = ctx.trad_ira_idx + ctx.roth_ira_idx
    if not ira or not contrib[ira].any():
        rec.ira(home.t, np.zeros(led.bal.shape[1]), np.zeros(led.bal.shape[1]))
        return tax_of
    s, t = ctx.schedule, home.t
    ranges = ira_ranges(ctx.rules, int(s.years[t]), ctx.plan.assumptions.inflation_rate)
    agi = tax_of(rmd).agi
    covered = s.covered[:, t][:, None] & home.alive
    n = led.bal.shape[1]
    deduction = np.zeros(n)
    excess = np.zeros(n)
    conversion = np.asarray(tax_of.conversion) * np.ones(n)
    # Never more than the year's ordinary income: a self-employed person's compensation is
    # net earnings less the deductible half of self-employment tax.
    room = np.maximum(np.asarray(tax_of.ordinary), 0.0)
    for person in range(len(ctx.plan.people)):
        mine = ctx.owners == person
        trad = sum((contrib[a] for a in ctx.trad_ira_idx if mine[a]), np.zeros(n))
        spouse_covered = covered[1 - person] if len(ctx.plan.people) == 2 else np.zeros(n, bool)
        limit = float(s.ira_limit[person, t])
        allowed = deductible(ranges, limit, trad, agi, home.joint, covered[person],
                             spouse_covered) if ctx.taxes_on else trad
        allowed = np.minimum(allowed, room)
        room = room - allowed
        deduction += allowed
        for a in ctx.trad_ira_idx:  # the part not deducted is after-tax basis
            if mine[a]:
                share = np.where(trad > 0, contrib[a] / np.maximum(trad, 1e-9), 0.0)
                led.basis[a] += (trad - allowed) * share
        for a in ctx.roth_ira_idx:
            if not mine[a] or not contrib[a].any():
                continue
            ok = roth_allowed(ranges, limit, contrib[a], trad, agi - conversion, home.joint)
            over = contrib[a] - ok
            led.bal[a] -= over
            led.basis[a] -= over
            contrib[a] -= over
            excess += over
    if excess.any() and ctx.surplus_to is not None:
        led.bal[ctx.surplus_to] += excess
        led.basis[ctx.surplus_to] += excess
        contrib[ctx.surplus_to] += excess
    rec.ira(t, deduction, excess)
    return tax_of.with_ira_deduction(deduction)


def _health_costs(ctx: Context, led: Ledger, home: YearHousehold, tax_of: YearTax,
                  rmd: np.ndarray, rec: YearRecorder) -> tuple[HealthYear, YearTax]:
    """The year's premiums and out-of-pocket costs; the tax gains the premium credit and
    learns what an HSA may pay."""
    h, t = ctx.schedule.health, home.t
    n = rmd.shape[1]
    zero = np.zeros(n)
    year = min(max(int(ctx.schedule.years[t]), 2025), LAST_BASE_YEAR)
    # Health prices: the path's prices times the health rate's excess over assumed inflation.
    level = led.price[:, t] * h.growth[t]
    # Out-of-pocket costs are the household's; a survivor has about half of a couple's.
    medical = (h.out_of_pocket[t] * level * home.alive.sum(axis=0) / home.alive.shape[0]
               if h.out_of_pocket[t] else zero)
    medicare_premium = irmaa = zero
    months = h.medicare_months[:, t][:, None] * home.alive  # [P, N]
    if months.any() and h.medicare_monthly[t]:
        medicare_premium = h.medicare_monthly[t] * months.sum(axis=0) * level
    if ctx.irmaa_on and months.any():
        # Before the plan's third year the income of two years before is not known: the
        # year's income before its withdrawals and conversions stands in for it.
        lookback = rec.agi(t - 2) if t >= 2 else tax_of(rmd).agi
        # The tiers of that return's filing status: a widow(er)'s first two years use the
        # couple's joint return.
        joint = home.joint
        if t >= 2 and len(ctx.plan.people) == 2:
            joint = np.asarray((ctx.deaths.death_t >= t - 2).all(axis=0))
        per_month = _irmaa(ctx, joint, lookback / tax_of.prices, year)
        irmaa = per_month * months.sum(axis=0) * level
    aca_premium = zero
    aca = None
    covered = h.aca_months[:, t][:, None] * home.alive  # [P, N]
    if covered.any():
        if h.own:
            aca_premium = h.own_premium[t] * covered.max(axis=0) / 12 * level
        else:
            aca = AcaYear(months=covered, monthly=h.benchmark[:, t][:, None] * level,
                          table=credit_table(year, poverty_region(ctx.state_in[t])),
                          index=np.asarray(tax_of.prices),
                          people=home.alive.sum(axis=0))
            aca_premium = aca.premium
    health = HealthYear(aca_premium=np.asarray(aca_premium), medicare=np.asarray(medicare_premium),
                        irmaa=np.asarray(irmaa), medical=np.asarray(medical))
    return health, replace(tax_of.with_aca(aca), hsa_medical=health.hsa_qualified)


def _irmaa(ctx: Context, joint: np.ndarray, magi: np.ndarray, year: int) -> np.ndarray:
    """[N] IRMAA a person a month in the plan's first-year dollars, on ``magi`` (in the
    table year's dollars) by the filing status of the return it comes from."""
    table = medicare(year)
    part_d = ctx.plan.health.medicare_part_d
    per_month = np.zeros(magi.shape)
    for status, mask in (("married_filing_jointly", joint), ("single", ~joint)):
        if mask.any():
            per_month = np.where(mask, table.surcharge(status, magi, part_d), per_month)
    return np.asarray(per_month * ctx.schedule.health.to_start)


def _save_surplus(ctx: Context, led: Ledger, saved: np.ndarray) -> None:
    if ctx.surplus_to is not None and saved.any():
        led.bal[ctx.surplus_to] += saved
        led.basis[ctx.surplus_to] += saved


def _grow(ctx: Context, led: Ledger, t: int, active: np.ndarray | None) -> None:
    """Growth after fees, rebalanced yearly unless the account says otherwise; paths whose
    plan has ended (not ``active`` [N]; None: every path runs) stand still."""
    # Only a withdrawal strategy reads last year's return, and only RMDs the balance at the
    # end of last year: runs without them skip keeping those.
    before = led.bal.sum(axis=0) if ctx.rule is not None else None
    returns = ctx.scenario.account_growth(t, ctx.schedule.alloc)
    if led.follows:  # Roth money that came by conversion grows at its source's mix
        own = returns.copy()
        for roth, follows in led.follows.items():
            returns[roth] = (follows * own).sum(axis=0)
    if ctx.drift_idx:
        returns[ctx.drift_idx] = _drift(ctx, led, t)
    growth = np.maximum(1 + returns - ctx.plan.assumptions.fee_rate, 0)  # np.clip(x, 0, None)
    if active is not None and not active.all():
        growth = np.where(active, growth, 1.0)
    led.bal *= growth
    if before is not None:
        after = led.bal.sum(axis=0)
        led.last_return = np.where(before > 0, after / np.maximum(before, 1e-9) - 1, 0.0)
    np.maximum(led.bal, 0, out=led.bal)
    if ctx.trad_idx:
        led.prior_end = led.bal.copy()
    led.price[:, t + 1] = led.price[:, t] * (1 + ctx.scenario.inflation[t])


# ----- helpers


def _drift(ctx: Context, led: Ledger, t: int) -> np.ndarray:
    """[D, N] gross growth of the accounts that do not rebalance yearly; their mixes drift
    with the year's returns, and a band account goes back to its target when a class has
    drifted further than its band."""
    gross = led.mix * (1 + ctx.scenario.returns[t])[None]  # [D, 4, N]
    growth = gross.sum(axis=1)
    targets = led.drift_target
    led.mix = np.where(growth[:, None] > 0, gross / np.maximum(growth, 1e-12)[:, None],
                       targets)
    off = np.abs(led.mix - targets).max(axis=1) > ctx.drift_bands[:, None]  # [D, N]
    if off.any():
        led.mix = np.where(off[:, None], targets, led.mix)
    return np.asarray(growth - 1)


def _filing(ctx: Context, home: YearHousehold, base_year: int) -> Filing:
    joint = home.joint
    any_joint, all_joint = bool(joint.any()), bool(joint.all())
    return Filing(
        joint=joint,
        joint_table=ctx.rules.tax_year(base_year, "married_filing_jointly") if any_joint else None,
        single_table=ctx.rules.tax_year(base_year, "single") if not all_joint else None,
    )


def _notes(ctx: Context, rec: YearRecorder) -> tuple[str, ...]:
    notes = ctx.schedule.notes + ctx.scenario.notes
    notes += health_notes(ctx.plan, ctx.schedule.health) + state_notes(ctx.state_in)
    withheld = ctx.schedule.benefits.withheld
    if withheld.any():
        who = ", ".join(p.name for i, p in enumerate(ctx.plan.people) if withheld[i].any())
        notes += (f"Social Security earnings test: benefits claimed before full retirement age "
                  f"while working are withheld ({who}); the months withheld raise the benefit "
                  "from full retirement age.",)
    plan = ctx.plan
    if plan.taxes.roth_conversion.value != "none":
        for i in sorted({plan.accounts[a].owner for a in ctx.trad_idx} - set(ctx.roth_of)):
            notes += (f"{plan.people[i].name}'s traditional accounts are not converted: "
                      f"{plan.people[i].name} has no Roth account to receive conversions.",)
    a = plan.assumptions
    if ctx.scenario.account_rates is not None and any(
            acct.rebalancing.value != "yearly" for acct in plan.accounts):
        notes += ("The expected path grows every account at its target mix's median rate: "
                  "rebalancing bands and never rebalancing apply to Monte Carlo and "
                  "historical runs.",)
    if a.social_security_cut:
        notes += (f"Social Security is cut to {a.social_security_payable_share:.0%} of scheduled "
                  f"benefits from {a.social_security_cut_year}, when the trust fund is "
                  "projected to run out (2026 Trustees Report).",)
    if ctx.surplus_to is None and rec.unsaved_surplus():
        notes += ("No taxable account: income left after spending, taxes and contributions "
                  "is assumed spent. Add a taxable account to save it.",)
    if rec.roth_excess_seen:
        where = (f"moved to {ctx.plan.accounts[ctx.surplus_to].name}"
                 if ctx.surplus_to is not None else "kept as cash (no taxable account)")
        notes += (f"Roth IRA contributions over the income limit were {where} in some years.",)
    if ctx.plan.simulation.mortality is Mortality.LIFE_TABLE and not ctx.deaths.drawn:
        notes += ("Ages at death come from the life table in Monte Carlo runs only; this run "
                  "uses the fixed ages (age at death, or the plan-to age).",)
    if ctx.deaths.drawn:
        notes += ("Ages at death drawn for each path from the SSA 2023 period life table "
                  "(2026 Trustees Report). A period table assumes no further gains in "
                  "longevity, so it may understate lifespans, more so for younger people.",)
    return notes


def _prices_since_2026(plan: Plan, t: int, price: np.ndarray) -> np.ndarray:
    """[N] the path's price level relative to 2026 (1 before): the poverty line and the
    IRMAA tiers follow it whatever the plan does with tax brackets."""
    year = plan.start_year + t
    p_now = price[:, t]
    if year <= LAST_BASE_YEAR:
        return np.ones_like(p_now)
    t_2026 = LAST_BASE_YEAR - plan.start_year
    if t_2026 >= 0:
        return np.asarray(p_now / price[:, t_2026])
    # A plan starting after 2026: assumed inflation from 2026 to its start, then the path's.
    return np.asarray(p_now * (1 + plan.assumptions.inflation_rate) ** -t_2026)

