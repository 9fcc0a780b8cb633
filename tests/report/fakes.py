"""Results to draw and print: a small hand-built one (shapes as result.py documents them, its
cash flow summing as CASH_FLOW says) and real projections of the sample plan and of a couple
with income streams, money received and a death."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import numpy as np

from planner.core.analysis import (
    DEFAULT_CRYPTO_SHARES,
    HistoricalCase,
    Outcome,
    OutlookRow,
    OutlookTable,
    SensitivityRow,
    StressRow,
    StressTable,
)
from planner.core.engine import project
from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    ContributionUnit,
    Growth,
    Health,
    IncomeKind,
    IncomeStream,
    Inflow,
    InflowTax,
    Mortality,
    OneOff,
    Person,
    Plan,
    Sex,
    SocialSecurity,
    Spending,
    SpendingPhase,
    StateMove,
    TaxSettings,
)
from planner.core.outlooks import DEFAULT, implied_mean, named_outlooks
from planner.core.result import FLOW_COLUMNS, SPENDING_TARGET, Result
from planner.core.storage import load_plan, sample_plan
from planner.core.stress import stresses
from planner.report.inputs import STOCK_STRESSES, CryptoRuns, ReportInputs, report_inputs


def fake_plan() -> Plan:
    return Plan(
        name="Fake couple: Robin & Sam",
        start_year=2026,
        people=(
            Person(
                name="Robin", birth_year=1966, retirement_age=63, horizon_age=90,
                salary=80_000, social_security=SocialSecurity(2_400, 67), death_age=85,
            ),
            Person(
                name="Sam", birth_year=1968, retirement_age=62, horizon_age=92,
                salary=50_000, social_security=SocialSecurity(1_500, 66.5),
            ),
        ),
        income=(
            IncomeStream("Teachers' pension", IncomeKind.PENSION, 0, 18_000, start_age=63,
                         survivor_share=0.5),
            IncomeStream("Rented flat", IncomeKind.RENTAL, 1, 12_000, todays_dollars=False,
                         growth=Growth.COLA, growth_rate=0.02, start_year=2030,
                         end_year=2045),
        ),
        inflows=(
            Inflow(2034, 150_000, "Inheritance from an aunt"),
            Inflow(2040, 300_000, "Sale of the flat", taxable_amount=60_000,
                   taxed_as=InflowTax.CAPITAL_GAIN),
        ),
        accounts=(
            Account("Robin 401(k)", AccountKind.TRADITIONAL_401K, 0, 400_000,
                    contribution=0.08, contribution_unit=ContributionUnit.PERCENT_OF_SALARY,
                    employer_match_rate=0.5, employer_match_cap=0.06),
            Account("Sam Roth IRA", AccountKind.ROTH_IRA, 1, 90_000, contribution=7_000,
                    allocation=Allocation(0.9, 0.1, 0.0, 0.0)),
            Account("Joint brokerage", AccountKind.TAXABLE, 0, 60_000, cost_basis=40_000,
                    joint=True),
        ),
        spending=Spending(
            annual=70_000,
            phases=(SpendingPhase(80, 60_000),),
            one_offs=(OneOff(2035, 25_000, "New roof"),),
            pre_retirement_annual=65_000,
        ),
        taxes=TaxSettings(state_rate=0.04),
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

    flows = fake_flows(plan, years, ages, price_index, balances.sum(axis=0) < 1.0)
    withdrawals_total = flows["withdrawals"]
    share = start / start.sum()
    account_withdrawals = share[:, None, None] * withdrawals_total[None, :, :]
    account_contributions = share[:, None, None] * (
        flows["contributions"] + flows["employer_match"]
    )[None, :, :]
    # Robin dies at 85 (2051), Sam lives to the horizon (92, 2060): the plan's last year.
    death_t = np.array([[p.birth_year + p.fixed_death_age - plan.start_year] * n_paths
                        for p in plan.people])
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
        death_t=death_t,
    )


def fake_flows(plan: Plan, years: np.ndarray, ages: np.ndarray, price_index: np.ndarray,
               empty: np.ndarray) -> dict[str, np.ndarray]:
    """[N, T] nominal flows that sum as a year's cash flow does: income - taxes -
    contributions - spending = saved - withdrawn. ``empty`` [N, T]: the accounts are empty
    (nothing can be withdrawn, the rest of the goal falls short)."""
    n_paths, t_count = empty.shape
    retired = years >= plan.retirement_year
    widowed = years > plan.people[0].birth_year + plan.people[0].fixed_death_age
    flows = {key: np.zeros((n_paths, t_count)) for key, _ in FLOW_COLUMNS}
    inflate = price_index[:, :-1]
    f = flows
    f["salary"][:, ~retired] = 130_000 * inflate[:, ~retired]
    f["contributions"][:, ~retired] = 13_000 * inflate[:, ~retired]
    f["employer_match"][:, ~retired] = 2_400 * inflate[:, ~retired]
    f["social_security"] = np.where(ages[0] >= 67, np.where(widowed, 20_000, 28_000), 0) * inflate
    f["pension"] = np.where(retired, np.where(widowed, 9_000, 18_000), 0) * inflate
    rent = (years >= 2030) & (years <= 2045)
    f["rental"][:, rent] = 12_000 * 1.02 ** (years[rent] - 2030)  # dollars of each year
    f["inflows"][:, years == 2034] = 150_000 * inflate[:, years == 2034]
    f["inflows"][:, years == 2040] = 300_000 * inflate[:, years == 2040]
    f["income"] = np.sum([f[k] for k in ("salary", "social_security", "pension", "rental",
                                         "inflows")], axis=0)
    planned = np.where(retired, np.where(ages[0] >= 80, 60_000.0, 70_000.0), 65_000.0)
    planned = planned * np.where(widowed, 0.8, 1.0)
    planned[years == 2035] += 25_000
    f["spending_planned"] = planned[None, :] * inflate
    f[SPENDING_TARGET] = f["spending_planned"].copy()  # fixed spending: the goal is the plan's
    # Health care: marketplace coverage from retirement until Sam's Medicare (at 65, in
    # 2033), with a premium tax credit the first two years and none (lost) the third; then
    # Medicare and IRMAA; out-of-pocket costs from retirement.
    marketplace = retired & (ages[1] < 65)
    medicare = ages[0] >= 65
    f["aca_premium"][:, marketplace] = 24_000 * inflate[:, marketplace]
    credit = marketplace & (years < plan.retirement_year + 2)
    f["premium_credit"][:, credit] = 15_000 * inflate[:, credit]
    f["premium_credit_lost"][:, marketplace & ~credit] = 9_000 * inflate[:, marketplace & ~credit]
    f["medicare_premiums"][:, medicare] = 5_800 * inflate[:, medicare]
    f["irmaa"][:, medicare] = 1_100 * inflate[:, medicare]
    f["medical_costs"][:, retired] = 3_000 * inflate[:, retired]
    f["health_costs"] = (f["aca_premium"] - f["premium_credit"] + f["medicare_premiums"]
                         + f["irmaa"] + f["medical_costs"])
    benefits = f["social_security"] + f["pension"] + f["rental"] + f["inflows"]
    guess = np.where(empty | ~retired, 0.0,
                     1.15 * np.clip(f["spending_planned"] - benefits, 0, None))
    f["tax_federal"] = np.where(retired, 0.10 * guess + 0.08 * f["pension"], 0.12 * f["salary"])
    # The federal tax split by kind (ordinary 85%, gains 10%, NIIT 5%) from retirement on;
    # before, it stays unsplit, so the charts' "not broken down" part has something to show.
    f["tax_ordinary"] = np.where(retired, 0.85 * f["tax_federal"], 0.0)
    f["tax_gains"] = np.where(retired, 0.10 * f["tax_federal"], 0.0)
    f["tax_niit"] = np.where(retired, 0.05 * f["tax_federal"], 0.0)
    f["state_taxable_income"] = f["salary"] + guess
    f["tax_state"] = 0.04 * f["state_taxable_income"]
    f["tax_payroll"] = 0.0765 * f["salary"]
    # "penalty" stays all zero: the year table in the PDF must drop that column.
    f["taxes"] = f["tax_federal"] + f["tax_state"] + f["tax_payroll"] + f["penalty"]
    need = (f["spending_planned"] + f["health_costs"]
            - (f["income"] - f["taxes"] - f["contributions"]))
    f["withdrawals"] = np.where(empty, 0.0, np.clip(need, 0, None))
    f["shortfall"] = np.where(empty, np.clip(need, 0, None), 0.0)
    f["saved"] = np.clip(-need, 0, None)
    f["spending"] = f["spending_planned"] + f["health_costs"] - f["shortfall"]
    f["net_saved"] = f["saved"] - f["withdrawals"]
    f["spending_delivered"] = np.clip(f["spending_planned"] - f["shortfall"], 0, None)
    f["capital_gains"] = np.where(retired, 0.2 * f["withdrawals"], 0.0)
    f["taxable_social_security"] = 0.85 * f["social_security"]
    f["agi"] = (f["salary"] + f["withdrawals"] + f["pension"] + f["rental"]
                + f["taxable_social_security"])
    f["deductions"] = 30_000 * inflate
    f["taxable_income"] = np.clip(f["agi"] - f["deductions"], 0, None)
    f["rmd"][:, ages[0] >= 75] = 0.05 * f["withdrawals"][:, ages[0] >= 75]
    return flows


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v1"


def couple_plan() -> Plan:
    """The v1 working couple (read through the migration), with every kind of income, money
    received once, and Sam dying at 70 in 2041 while Ari lives to 95 (2068)."""
    plan = load_plan(FIXTURES / "working_couple.json")
    sam, ari = plan.people
    people = (dataclasses.replace(sam, death_age=70, sex=Sex.MALE),
              dataclasses.replace(ari, sex=Sex.FEMALE))
    income = (*plan.income, *COUPLE_STREAMS)
    accounts = tuple(dataclasses.replace(a, joint=a.kind is AccountKind.TAXABLE)
                     for a in plan.accounts)
    spending = dataclasses.replace(plan.spending, pre_retirement_annual=100_000,
                                   phase_person=1, survivor_change=-0.25,
                                   surplus_account="Brokerage")
    return plan.with_changes(name="Couple: streams, money received and a death",
                             people=people, income=income, inflows=COUPLE_INFLOWS,
                             accounts=accounts, spending=spending)


COUPLE_STREAMS = (
    IncomeStream("Bridge job", IncomeKind.WAGES, 0, 30_000, start_age=59, end_age=62),
    IncomeStream("Consulting", IncomeKind.SELF_EMPLOYMENT, 1, 15_000, start_year=2034,
                 end_year=2038),
    IncomeStream("Cabin rental", IncomeKind.RENTAL, 0, 9_000, survivor_share=1.0),
    IncomeStream("Veterans' benefit", IncomeKind.TAX_FREE, 0, 3_000, growth=Growth.COLA,
                 growth_rate=0.02, start_age=60, survivor_share=0.0),
)
COUPLE_INFLOWS = (
    Inflow(2031, 100_000, "Inheritance"),
    Inflow(2036, 40_000, "Deferred pay", taxable_amount=40_000, taxed_as=InflowTax.ORDINARY),
    Inflow(2045, 250_000, "Sale of the cabin", taxable_amount=80_000),
)


@functools.cache
def couple_result(mode: str = "expected", mortality: Mortality = Mortality.FIXED) -> Result:
    plan = couple_plan()
    plan = plan.with_changes(simulation=dataclasses.replace(plan.simulation,
                                                            mortality=mortality))
    if mode == "expected":
        return project(plan, mode=mode)
    return project(plan, mode=mode, paths=200, seed=3)


@functools.cache
def engine_result(mode: str = "expected") -> Result:
    """The sample plan through the real engine (Monte Carlo kept small to stay quick)."""
    plan = sample_plan()
    if mode == "expected":
        return project(plan, mode=mode)
    return project(plan, mode=mode, paths=300, seed=7)


def california_plan(move: StateMove | None = None) -> Plan:
    """A couple in California retiring at 60 and 58 in 2027, years before Medicare, with
    marketplace premiums, out-of-pocket costs and a birthday on the 1st (Medicare starts a
    month early); ``move`` takes them to another state."""
    return Plan(
        name="California couple retiring before 65",
        start_year=2026,
        people=(
            Person("Jordan", 1967, 60, horizon_age=92, salary=140_000,
                   social_security=SocialSecurity(3_000, 67), birth_month=4, birth_day=1),
            Person("Casey", 1969, 58, horizon_age=95, salary=90_000,
                   social_security=SocialSecurity(2_000, 67), birth_month=9, birth_day=20),
        ),
        accounts=(
            Account("Jordan 401(k)", AccountKind.TRADITIONAL_401K, 0, 900_000,
                    contribution=0.1, contribution_unit=ContributionUnit.PERCENT_OF_SALARY),
            Account("Casey IRA", AccountKind.TRADITIONAL_IRA, 1, 300_000),
            Account("Casey Roth IRA", AccountKind.ROTH_IRA, 1, 150_000),
            Account("Joint brokerage", AccountKind.TAXABLE, 0, 400_000, cost_basis=250_000,
                    joint=True),
        ),
        spending=Spending(annual=90_000),
        health=Health(premiums=True, out_of_pocket_annual=4_000),
        taxes=TaxSettings(state="CA", state_move=move),
    )


@functools.cache
def california_result(mode: str = "expected") -> Result:
    if mode == "expected":
        return project(california_plan(), mode=mode)
    return project(california_plan(), mode=mode, paths=60, seed=11)


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


def fake_outlooks(share: float = 0.05) -> OutlookTable:
    """Every named outlook with made-up outcomes, the default one the plan's."""
    rows = tuple(
        OutlookRow(o.key, o.label, o.rationale, o.outlook, implied_mean(o.outlook),
                   Outcome(0.6 + 0.07 * k, 800_000 + 150_000 * k, 1000),
                   o.key == DEFAULT)
        for k, o in enumerate(named_outlooks()))
    return OutlookTable(share, Outcome(0.8, 900_000, 1000), rows)


def fake_stresses() -> StressTable:
    base = Outcome(0.8, 900_000, 1000)
    rows = tuple(StressRow(s.key, s.label, s.description,
                           Outcome(0.8 - 0.05 * (k + 1), 900_000 - 80_000 * (k + 1), 1000))
                 for k, s in enumerate(stresses(fake_plan())) if s.key in STOCK_STRESSES)
    return StressTable(base, rows)


def fake_inputs() -> ReportInputs:
    """The fake (which holds no crypto) with every extra the report can print."""
    result = fake_result()
    return ReportInputs(result, fake_sensitivity(), fake_worst(result), fake_outlooks(),
                        sensitivity_paths=1000,
                        crypto_runs=CryptoRuns("monte-carlo", 1000, 2026, True),
                        stresses=fake_stresses())


def small_plan(crypto: float = 0.1, cap: float | None = 0.3) -> Plan:
    """A short plan (55 to 85) to run the crypto page quickly: a 401(k) holding ``crypto``
    (at most ``cap``) and a Roth IRA without."""
    return Plan(
        name=f"Small plan, {crypto:.0%} crypto",
        start_year=2026,
        people=(Person(name="Kim", birth_year=1971, retirement_age=60, horizon_age=85,
                       salary=90_000, social_security=SocialSecurity(2_200, 67)),),
        accounts=(
            Account("Kim 401(k)", AccountKind.TRADITIONAL_401K, 0, 600_000,
                    contribution=0.1, contribution_unit=ContributionUnit.PERCENT_OF_SALARY,
                    allocation=Allocation(0.6 - crypto, 0.4, 0.0, crypto), crypto_cap=cap),
            Account("Kim Roth IRA", AccountKind.ROTH_IRA, 0, 150_000,
                    allocation=Allocation(0.8, 0.2, 0.0, 0.0)),
        ),
        spending=Spending(annual=55_000),
        health=Health(premiums=False),
    )


@functools.cache
def small_inputs(crypto: float = 0.1, mode: str = "monte-carlo") -> ReportInputs:
    return report_inputs(small_plan(crypto), mode=mode, paths=60, seed=3)


@functools.cache
def engine_inputs(mode: str = "monte-carlo") -> ReportInputs:
    """Everything a report needs for the sample plan, computed once per test session."""
    plan = sample_plan()
    if mode == "expected":
        return report_inputs(plan, mode=mode)
    return report_inputs(plan, mode=mode, paths=300, seed=7)
