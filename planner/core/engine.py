"""The projection engine: one loop over years, numpy operations over all paths at once.

Each year, in this order (all at the start of the year, then growth for the whole year):
1. contributions and employer match go in (while the owner works);
2. income arrives: Social Security (today's-dollar benefit grown with the path's prices),
   pensions, and salary (which is assumed to cover living costs while the household works);
3. RMDs come out of traditional accounts (prior 31 December balance / ULT divisor);
4. taxable accounts accrue the year's dividends and interest (taxed, reinvested);
5. Roth conversions move money from traditional to the owner's Roth account;
6. Medicare IRMAA is charged from 65 on the income of two years before;
7. the rest of the year's need is withdrawn in the plan's order (see ``draws``): the
   spending goal less benefits and pensions (or a strategy's gross withdrawal), one-offs,
   IRMAA, and the tax all this creates, solved by secant steps since withdrawing raises the
   tax to withdraw for;
8. money left over (an RMD larger than the need) is reinvested in the taxable account;
9. every account earns its allocation's return less fees (rebalanced yearly).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner.core.conversions import conversion_plan, destinations
from planner.core.draws import DrawPlan, draw_plan
from planner.core.errors import PlanError
from planner.core.model import AccountKind, Mode, Plan, Strategy, WithdrawalOrder
from planner.core.montecarlo import historical_scenario, monte_carlo_scenario
from planner.core.result import FLOW_COLUMNS, Result
from planner.core.returns import Scenario, expected_scenario
from planner.core.rules import LAST_BASE_YEAR, Rules, load_rules
from planner.core.schedule import Schedule, compile_plan
from planner.core.strategies import WithdrawalRule
from planner.core.validate import validate
from planner.core.year_tax import YearTax, YearTaxes

Progress = Callable[[float], None]
Cancel = Callable[[], bool]

MAX_TAX_ITERATIONS = 40
TAX_TOLERANCE = 0.01  # dollars


class Cancelled(Exception):
    """Raised inside project() when the cancel callback returns True."""


def project(
    plan: Plan,
    *,
    mode: Mode | str | None = None,
    paths: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Result:
    """Run the plan. Raises PlanError if it does not validate, Cancelled if cancelled."""
    problems = validate(plan)
    if problems:
        raise PlanError(f"the plan has {len(problems)} problem(s)", problems)
    mode = Mode(mode) if mode is not None else plan.simulation.mode
    schedule = compile_plan(plan)
    n_years = len(schedule.years)
    seed = plan.simulation.seed if seed is None else seed
    if mode is Mode.EXPECTED:
        scenario = expected_scenario(plan, n_years)
    elif mode is Mode.MONTE_CARLO:
        scenario = monte_carlo_scenario(plan, n_years, paths or plan.simulation.paths, seed)
    else:
        scenario = historical_scenario(plan, n_years, seed)
    return simulate(plan, schedule, scenario, str(mode), progress=progress, cancel=cancel)


def simulate(
    plan: Plan,
    schedule: Schedule,
    scenario: Scenario,
    mode: str,
    *,
    rules: Rules | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Result:
    rules = rules or load_rules()
    accounts = plan.accounts
    n_acc, n_years, n = len(accounts), len(schedule.years), scenario.n_paths
    kinds = [a.kind for a in accounts]
    taxable_idx = [a for a in range(n_acc) if kinds[a] is AccountKind.TAXABLE]
    roth_idx = [a for a in range(n_acc) if kinds[a].is_roth]
    trad_idx = [a for a in range(n_acc) if kinds[a].is_traditional]
    hsa_idx = [a for a in range(n_acc) if kinds[a] is AccountKind.HSA]
    is_roth = np.array([k.is_roth for k in kinds], dtype=bool)
    convert_into = destinations(plan)

    bal = np.array([[a.balance] * n for a in accounts], dtype=float).reshape(n_acc, n)
    basis = np.zeros((n_acc, n))
    for a, acct in enumerate(accounts):
        if kinds[a] is AccountKind.TAXABLE:
            basis[a] = acct.balance if acct.cost_basis is None else acct.cost_basis
        elif kinds[a].is_roth:
            basis[a] = acct.cost_basis or 0.0

    price = np.ones((n, n_years + 1))
    out_bal = np.zeros((n_acc, n, n_years))
    out_contrib = np.zeros((n_acc, n, n_years))
    out_wd = np.zeros((n_acc, n, n_years))
    flows = {key: np.zeros((n, n_years)) for key, _ in FLOW_COLUMNS}
    fee = plan.assumptions.fee_rate
    rule = None
    if plan.spending.strategy is not Strategy.FIXED:
        rule = WithdrawalRule(plan, rules, schedule.years, schedule.ages,
                              schedule.spending_real, n)
    last_return = np.zeros(n)
    taxes_on = plan.taxes.enabled
    state_rate = plan.taxes.state_rate if taxes_on else 0.0
    irmaa_on = taxes_on and plan.taxes.medicare_irmaa
    dividend_rate, interest_rate = _taxable_income_rates(plan)

    for t in range(n_years):
        if cancel is not None and cancel():
            raise Cancelled
        year = int(schedule.years[t])
        p_now = price[:, t]
        retired = bool(schedule.household_retired[t])

        # 1. contributions
        added = schedule.contributions[:, t] + schedule.employer_match[:, t]
        bal += added[:, None]
        for a in taxable_idx + roth_idx:
            basis[a] += schedule.contributions[a, t]
        out_contrib[:, :, t] = added[:, None]

        # 2. income
        ss = schedule.social_security_real[t] * p_now
        pension = _pension_income(schedule, t, price)

        # 3. RMDs from the prior 31 December balance (before this year's contributions)
        rmd = np.zeros((n_acc, n))
        for a in trad_idx:
            div = schedule.rmd_divisor[a, t]
            if div > 0:
                prior = out_bal[a, :, t - 1] if t > 0 else np.full(n, accounts[a].balance)
                rmd[a] = np.minimum(prior / div, bal[a])
        rmd_total = rmd.sum(axis=0)

        # 4. the year's tax as a function of its withdrawals. Taxable accounts also pay tax
        # on the year's dividends and interest, which are reinvested (basis grows).
        dividends = (dividend_rate[:, None] * bal).sum(axis=0)
        interest = (interest_rate[:, None] * bal).sum(axis=0)
        basis += (dividend_rate + interest_rate)[:, None] * bal
        gain_share = np.zeros((n_acc, n))
        for a in taxable_idx:
            held = np.maximum(bal[a], 1e-9)
            gain_share[a] = np.where(bal[a] > 0, np.clip(1 - basis[a] / held, 0, 1), 0)
        status = _status(schedule, t)
        index = _bracket_index(plan, t, price)
        hsa_medical = schedule.healthcare_real[t] * p_now
        tax_of = YearTax(
            table=rules.tax_year(min(max(year, 2025), LAST_BASE_YEAR), status),
            enabled=taxes_on,
            wages=max(float(schedule.salary[t] - schedule.pretax_deferrals[t]), 0.0),
            pension=pension,
            social_security=ss,
            seniors=int(schedule.seniors[t]),
            senior_deduction=rules.senior_deduction_years(year),
            index=index,
            state_rate=state_rate,
            rmd=rmd,
            penalty_rate=schedule.penalty_rate[:, t],
            roth_basis=basis * is_roth[:, None],
            gain_share=gain_share,
            trad_idx=trad_idx,
            hsa_idx=hsa_idx,
            roth_idx=roth_idx,
            taxable_idx=taxable_idx,
            hsa_medical=hsa_medical,
            dividends=dividends,
            interest=interest,
        )

        # 5. Roth conversions move money before the year's withdrawals
        converted = conversion_plan(plan, schedule, t, tax_of, rmd, bal - rmd, p_now)
        conversion = converted.sum(axis=0)
        if conversion.any():
            bal -= converted
            for a in trad_idx:
                if a in convert_into:
                    bal[convert_into[a]] += converted[a]
                    basis[convert_into[a]] += converted[a]
            tax_of = tax_of.with_conversion(conversion)

        # 6. Medicare IRMAA from 65, on the income of two years before
        irmaa = np.zeros(n)
        if irmaa_on and schedule.seniors[t]:
            lookback = (flows["agi"][:, t - 2] if t >= 2
                        else tax_of(rmd).agi)  # before the plan: this year's income, unwithdrawn
            table = rules.irmaa(min(max(year, 2025), LAST_BASE_YEAR), status)
            irmaa = schedule.seniors[t] * table.annual_surcharge(lookback, index)

        # 7. the need, then withdrawals with their tax solved by iteration
        headroom = None
        if plan.taxes.withdrawal_order is WithdrawalOrder.BRACKET_FILLING:
            top = tax_of.table.bracket_top(plan.taxes.fill_bracket_rate) * index
            headroom = np.maximum(top - tax_of(rmd).bracket_position, 0.0)
        plan_of_draws = draw_plan(kinds, plan.taxes.withdrawal_order,
                                  hsa_medical if retired else None, headroom)
        one_offs = schedule.one_offs_real[t] * p_now
        if not retired:  # salary covers living costs; the portfolio pays one-offs only
            goal = one_offs
            need = one_offs + irmaa
            # Salary pays the tax on salary; the portfolio pays only the extra.
            tax_base = tax_of.with_conversion(0.0)(np.zeros((n_acc, n))).total
        elif rule is None:  # fixed: the planned spending, less benefits and pensions
            goal = schedule.spending_real[t] * p_now + one_offs
            need = goal - ss - pension + irmaa
            tax_base = np.zeros(n)
        else:
            # A withdrawal strategy sets the portfolio's gross withdrawal: its tax comes out
            # of it and the rest, with benefits and pensions, is spent. One-offs and IRMAA
            # are withdrawn on top, with the extra tax they cause.
            last_infl = scenario.inflation[t - 1] if t > 0 else np.zeros(n)
            gross = rule.amount(t, bal, p_now, last_return, last_infl)
            tax_base = tax_of(_gross_draw(bal - rmd, rmd, plan_of_draws, gross)).total
            goal = np.maximum(gross - tax_base, 0) + ss + pension + one_offs
            need = gross + one_offs + irmaa
        w, taxes = _solve_withdrawals(bal - rmd, rmd, plan_of_draws, need, tax_of, tax_base)
        owed = taxes.total - tax_base
        cash = w.sum(axis=0)
        shortfall = np.clip(need + owed - cash, 0, None)
        surplus = np.clip(cash - need - owed, 0, None)

        # withdrawals leave; basis follows (pro rata in taxable, contributions first in Roth)
        for a in taxable_idx:
            basis[a] -= basis[a] * np.where(bal[a] > 0, w[a] / np.maximum(bal[a], 1e-9), 0)
        for a in roth_idx:
            basis[a] = np.clip(basis[a] - w[a], 0, None)
        bal -= w
        # 8. spare cash is reinvested in the first taxable account
        if taxable_idx:
            bal[taxable_idx[0]] += surplus
            basis[taxable_idx[0]] += surplus

        # 9. growth, after fees, with yearly rebalancing to each account's allocation
        before_growth = bal.sum(axis=0)
        growth = scenario.account_growth(t, schedule.alloc)  # [A, N]
        bal *= np.clip(1 + growth - fee, 0, None)
        after_growth = bal.sum(axis=0)
        last_return = np.where(before_growth > 0,
                               after_growth / np.maximum(before_growth, 1e-9) - 1, 0.0)
        np.clip(bal, 0, None, out=bal)
        price[:, t + 1] = p_now * (1 + scenario.inflation[t])

        out_bal[:, :, t] = bal
        out_wd[:, :, t] = w
        year_flows = {
            "salary": schedule.salary[t],
            "social_security": ss,
            "pension": pension,
            "contributions": schedule.contributions[:, t].sum(),
            "employer_match": schedule.employer_match[:, t].sum(),
            "withdrawals": cash,
            "rmd": rmd_total,
            "roth_conversion": conversion,
            "taxable_social_security": taxes.taxable_social_security,
            "interest": interest,
            "dividends": dividends,
            "capital_gains": taxes.gains - dividends,  # realised by sales
            "agi": taxes.agi,
            "deductions": taxes.deductions,
            "taxable_income": taxes.taxable_income,
            "tax_ordinary": taxes.ordinary_tax,
            "tax_gains": taxes.gains_tax,
            "tax_niit": taxes.niit,
            "tax_federal": taxes.federal,
            "tax_state": taxes.state,
            "penalty": taxes.penalty,
            "irmaa": irmaa,
            "spending_planned": goal,
            "spending_delivered": np.clip(goal - shortfall, 0, None),
            "shortfall": shortfall,
        }
        for key, value in year_flows.items():
            flows[key][:, t] = value
        if progress is not None:
            progress((t + 1) / n_years)

    notes = schedule.notes + scenario.notes
    if not taxable_idx:
        notes += ("No taxable account: income beyond spending is assumed spent.",)
    return Result(
        plan=plan,
        mode=mode,
        years=schedule.years,
        ages=schedule.ages,
        account_names=tuple(a.name for a in accounts),
        account_kinds=tuple(kinds),
        balances=out_bal,
        account_contributions=out_contrib,
        account_withdrawals=out_wd,
        price_index=price,
        flows=flows,
        notes=notes,
        path_labels=scenario.labels,
    )


def _gross_draw(room: np.ndarray, rmd: np.ndarray, order: DrawPlan,
                gross: np.ndarray) -> np.ndarray:
    """Withdrawals [A, N] that make up ``gross``: RMDs count first, the order does the rest."""
    rmd_total = rmd.sum(axis=0)
    scale = np.where(rmd_total > gross, gross / np.maximum(rmd_total, 1e-9), 1.0)
    return np.asarray(rmd * scale + order.draw(room, np.maximum(gross - rmd_total, 0)))


def _solve_withdrawals(
    room: np.ndarray,
    rmd: np.ndarray,
    order: DrawPlan,
    need: np.ndarray,
    tax_of: YearTax,
    tax_base: np.ndarray,
) -> tuple[np.ndarray, YearTaxes]:
    """Withdrawals [A, N] covering ``need`` plus the tax they create.

    The gross withdrawal g solves g = need + tax(g) - rmd. Tax is piecewise linear in g,
    so a secant step (slope from the last two passes) lands exactly once both passes sit in
    the same bracket; the slope is kept below 1 (no marginal rate reaches 100%).
    """
    rmd_total = rmd.sum(axis=0)
    available = room.sum(axis=0)

    def target(extra: np.ndarray) -> tuple[np.ndarray, YearTaxes, np.ndarray]:
        w = rmd + order.draw(room, extra)
        taxes = tax_of(w)
        wanted = np.minimum(np.maximum(need + taxes.total - tax_base - rmd_total, 0), available)
        return wanted, taxes, w

    x = np.minimum(np.maximum(need - rmd_total, 0), available)
    y, taxes, w = target(x)
    x_prev = y_prev = None
    for _ in range(MAX_TAX_ITERATIONS):
        if float(np.abs(y - x).max()) < TAX_TOLERANCE:
            break
        slope = np.zeros_like(x)
        if x_prev is not None and y_prev is not None:
            dx = x - x_prev
            moved = np.abs(dx) > 1e-9
            slope = np.where(moved, (y - y_prev) / np.where(moved, dx, 1.0), 0.0)
            slope = np.minimum(np.maximum(slope, 0.0), 0.95)
        x_prev, y_prev = x, y
        x = np.minimum(np.maximum(x + (y - x) / (1 - slope), 0), available)
        y, taxes, w = target(x)
    return w, taxes


def _taxable_income_rates(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """[A] yearly qualified-dividend and interest rates of each taxable account (0 elsewhere):
    stocks pay the assumed dividend yield; bonds and cash pay their mean return as interest."""
    a = plan.assumptions
    dividend = np.zeros(len(plan.accounts))
    interest = np.zeros(len(plan.accounts))
    for i, acct in enumerate(plan.accounts):
        if acct.kind is AccountKind.TAXABLE:
            mix = acct.allocation
            dividend[i] = mix.stocks * a.stock_dividend_yield
            interest[i] = mix.bonds * a.bonds.expected_return + mix.cash * a.cash.expected_return
    return dividend, interest


def _pension_income(schedule: Schedule, t: int, price: np.ndarray) -> np.ndarray:
    total = np.zeros(price.shape[0])
    for s in schedule.pensions:
        if t < s.start or s.share[t] == 0:
            continue
        if s.indexed:
            amount = s.amount * price[:, t] / price[:, s.start]
        else:
            amount = np.full(price.shape[0], s.amount * (1 + s.cola) ** (t - s.start))
        total += amount * s.share[t]
    return total


def _status(schedule: Schedule, t: int) -> str:
    return "married_filing_jointly" if schedule.joint[t] else "single"


def _bracket_index(plan: Plan, t: int, price: np.ndarray) -> np.ndarray:
    """Indexing factor for the 2026 brackets in a later year: the path's prices since 2026."""
    year = plan.start_year + t
    p_now = price[:, t]
    if year <= LAST_BASE_YEAR or not plan.taxes.index_brackets:
        return np.ones_like(p_now)
    t_2026 = LAST_BASE_YEAR - plan.start_year
    if t_2026 >= 0:
        return np.asarray(p_now / price[:, t_2026])
    # A plan starting after 2026: assumed inflation from 2026 to its start, then the path's.
    return np.asarray(p_now * (1 + plan.assumptions.inflation_rate) ** -t_2026)
