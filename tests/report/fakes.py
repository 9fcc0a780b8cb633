"""Results to draw and print: a small hand-built one (shapes as result.py documents them) and
a real projection of the sample plan."""

from __future__ import annotations

import functools

import numpy as np

from planner.charts.inputs import ChartInputs
from planner.core.analysis import (
    DEFAULT_CRYPTO_SHARES,
    HistoricalCase,
    SensitivityRow,
)
from planner.core.engine import project
from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    ContributionUnit,
    OneOff,
    Pension,
    Person,
    Plan,
    SocialSecurity,
    Spending,
    SpendingPhase,
)
from planner.core.result import FLOW_COLUMNS, Result
from planner.core.storage import sample_plan
from planner.report.inputs import ReportInputs, report_inputs


def fake_plan() -> Plan:
    return Plan(
        name="Fake couple: Robin & Sam",
        start_year=2026,
        people=(
            Person(
                name="Robin", birth_year=1966, retirement_age=63, horizon_age=90,
                salary=80_000, social_security=SocialSecurity(2_400, 67),
                pensions=(Pension("Teachers' pension", 18_000, 63, inflation_indexed=True),),
            ),
            Person(
                name="Sam", birth_year=1968, retirement_age=62, horizon_age=92,
                salary=50_000, social_security=SocialSecurity(1_500, 66.5),
            ),
        ),
        accounts=(
            Account("Robin 401(k)", AccountKind.TRADITIONAL_401K, 0, 400_000,
                    contribution=0.08, contribution_unit=ContributionUnit.PERCENT_OF_SALARY,
                    employer_match_rate=0.5, employer_match_cap=0.06),
            Account("Sam Roth IRA", AccountKind.ROTH_IRA, 1, 90_000, contribution=7_000,
                    allocation=Allocation(0.9, 0.1, 0.0, 0.0)),
            Account("Joint brokerage", AccountKind.TAXABLE, 0, 60_000, cost_basis=40_000),
        ),
        spending=Spending(
            annual=70_000,
            phases=(SpendingPhase(80, 60_000),),
            one_offs=(OneOff(2035, 25_000, "New roof"),),
        ),
        notes="A fake plan for report tests.",
    )


def fake_result(n_paths: int = 3, *, with_shortfall: bool = True) -> Result:
    """Deterministic arrays with the documented shapes: balances [A, N, T], flows [N, T],
    price_index [N, T+1]. Paths differ by a growth factor so the median path is path 1."""
    plan = fake_plan()
    years = np.arange(plan.start_year, plan.end_year + 1)
    t_count = len(years)
    ages = np.stack([years - p.birth_year for p in plan.people])
    kinds = tuple(a.kind for a in plan.accounts)
    names = tuple(a.name for a in plan.accounts)
    a_count = len(kinds)
    t = np.arange(t_count, dtype=float)
    ret_t = plan.retirement_year - plan.start_year

    growth = np.array([1.0, 1.02, 1.04, 0.97, 1.01][:n_paths])
    price_index = np.stack([1.03 ** np.arange(t_count + 1) * g**0.1 for g in growth])
    price_index[:, 0] = 1.0

    # Balances grow until retirement, then decline to zero a few years before the end
    # (so the last years fall short).
    start = np.array([a.balance for a in plan.accounts])
    shape = np.where(t < ret_t, 1.06**t, 1.06**ret_t * np.clip(1 - (t - ret_t) / 22, 0, None))
    if not with_shortfall:
        shape = np.where(t < ret_t, 1.06**t, 1.06**ret_t * (1 + 0.01 * (t - ret_t)))
    balances = start[:, None, None] * growth[None, :, None] ** t * shape[None, None, :]

    retired = t >= ret_t
    flows = {key: np.zeros((n_paths, t_count)) for key, _ in FLOW_COLUMNS}
    inflate = price_index[:, :-1]
    flows["salary"][:, ~retired] = 130_000 * inflate[:, ~retired]
    flows["contributions"][:, ~retired] = 13_000 * inflate[:, ~retired]
    flows["employer_match"][:, ~retired] = 2_400 * inflate[:, ~retired]
    flows["social_security"][:, ages[0] >= 67] = 28_000 * inflate[:, ages[0] >= 67]
    flows["pension"][:, retired] = 18_000 * inflate[:, retired]
    planned = np.where(retired, np.where(ages[0] >= 80, 60_000.0, 70_000.0), 0.0)
    planned[years == 2035] += 25_000
    flows["spending_planned"] = planned[None, :] * inflate
    empty = balances.sum(axis=0) < 1.0
    need = np.clip(flows["spending_planned"] - flows["social_security"] - flows["pension"], 0, None)
    flows["shortfall"] = np.where(empty, need, 0.0)
    flows["spending_delivered"] = flows["spending_planned"] - flows["shortfall"]
    withdrawals_total = np.where(empty, 0.0, need * 1.15)
    flows["withdrawals"] = withdrawals_total
    flows["tax_federal"] = np.where(retired, 0.10 * withdrawals_total, 0.12 * flows["salary"])
    # The federal tax split by kind (ordinary 85%, gains 10%, NIIT 5%) from retirement on;
    # before, it stays unsplit, so the charts' "not broken down" part has something to show.
    flows["tax_ordinary"] = np.where(retired, 0.85 * flows["tax_federal"], 0.0)
    flows["tax_gains"] = np.where(retired, 0.10 * flows["tax_federal"], 0.0)
    flows["tax_niit"] = np.where(retired, 0.05 * flows["tax_federal"], 0.0)
    flows["tax_state"] = 0.04 * (flows["salary"] + withdrawals_total)
    flows["irmaa"][:, ages[0] >= 65] = 1_100 * inflate[:, ages[0] >= 65]
    flows["capital_gains"] = np.where(retired, 0.2 * withdrawals_total, 0.0)
    flows["taxable_social_security"] = 0.85 * flows["social_security"]
    flows["agi"] = (flows["salary"] + withdrawals_total + flows["pension"]
                    + flows["taxable_social_security"])
    flows["deductions"] = 30_000 * inflate
    flows["taxable_income"] = np.clip(flows["agi"] - flows["deductions"], 0, None)
    flows["rmd"][:, ages[0] >= 75] = 0.05 * withdrawals_total[:, ages[0] >= 75]
    # "penalty" stays all zero: the year table in the PDF must drop that column.
    share = start / start.sum()
    account_withdrawals = share[:, None, None] * withdrawals_total[None, :, :]
    account_contributions = share[:, None, None] * (
        flows["contributions"] + flows["employer_match"]
    )[None, :, :]
    assert balances.shape == (a_count, n_paths, t_count)
    return Result(
        plan=plan,
        mode="monte-carlo" if n_paths > 1 else "expected",
        years=years,
        ages=ages,
        account_names=names,
        account_kinds=kinds,
        balances=balances,
        account_contributions=account_contributions,
        account_withdrawals=account_withdrawals,
        price_index=price_index,
        flows=flows,
        notes=("Fake result built by the test suite.",),
    )


@functools.cache
def engine_result(mode: str = "expected") -> Result:
    """The sample plan through the real engine (Monte Carlo kept small to stay quick)."""
    plan = sample_plan()
    if mode == "expected":
        return project(plan, mode=mode)
    return project(plan, mode=mode, paths=300, seed=7)


def fake_sensitivity() -> tuple[SensitivityRow, ...]:
    """Rows shaped like crypto_sensitivity's: success falls and the 10th percentile too."""
    shares = DEFAULT_CRYPTO_SHARES
    return tuple(
        SensitivityRow(crypto_share=float(x), success_rate=0.95 - 2.0 * x,
                       median_terminal=900_000 - 1_000_000 * x,
                       p10_terminal=max(0.0, 250_000 - 2_000_000 * x))
        for x in shares
    )


def fake_worst(result: Result, failing: bool = True) -> HistoricalCase:
    """A worst window as long as ``result``: the median path's real totals, scaled down."""
    n = 1 if result.n_paths > 1 else 0
    total = result.total_balance_real[n] * 0.6
    return HistoricalCase(start_year="1966", total_balance_real=total,
                          depletion_age=84 if failing else None,
                          total_balance_nominal=total * result.price_index[n, 1:])


def fake_inputs() -> ChartInputs:
    result = fake_result()
    return ChartInputs(result, fake_sensitivity(), fake_worst(result))


@functools.cache
def engine_inputs(mode: str = "monte-carlo") -> ReportInputs:
    """Everything a report needs for the sample plan, computed once per test session."""
    plan = sample_plan()
    if mode == "expected":
        return report_inputs(plan, mode=mode)
    return report_inputs(plan, mode=mode, paths=300, seed=7)
