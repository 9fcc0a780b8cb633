"""Property tests over random valid plans, in every mode:
- no NaN or infinity, no negative balance, no negative amount of money;
- every year's goal is either funded or counted as a shortfall;
- money is conserved in every year of every path, to the cent: income - taxes -
  contributions - spending = saved - withdrawn, and (with zero returns) the accounts change
  by exactly that plus contributions and match."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.engine import project
from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    AssetClass,
    Assumptions,
    ContributionUnit,
    Conversion,
    ConversionCap,
    ConversionMode,
    CryptoOutlook,
    Growth,
    Health,
    IncomeKind,
    IncomeStream,
    Inflow,
    InflowTax,
    Mode,
    Mortality,
    OneOff,
    Person,
    Plan,
    Rebalancing,
    Sex,
    Simulation,
    SocialSecurity,
    Spending,
    StateMove,
    Strategy,
    TaxSettings,
)
from planner.core.result import CASH_FLOW, SIGNED_FLOWS
from planner.core.validate import validate

START = 2026
CENT = 0.01
# The custom flat rate and states whose rules differ most (no tax, exclusions by age,
# partial Social Security, credits, income schedules).
STATES = ["", "CA", "NY", "PA", "IL", "GA", "CO", "MN", "TX", "NJ", "OH", "UT", "MI", "SC",
          "VT", "WV", "CT", "KS"]


@st.composite
def people(draw: st.DrawFn) -> Person:
    age = draw(st.integers(22, 85))
    retire = draw(st.integers(age, max(age, 75)))
    horizon = draw(st.integers(max(retire, age + 1), 100))
    death = draw(st.none() | st.integers(age, 100))
    return Person(
        name=draw(st.sampled_from(["A", "B"])) + str(age),
        birth_year=START - age,
        retirement_age=retire,
        horizon_age=horizon,
        salary=draw(st.floats(0, 400_000)),
        salary_growth_rate=draw(st.floats(-0.02, 0.08)),
        social_security=SocialSecurity(draw(st.floats(0, 5_000)), draw(st.floats(62, 70))),
        death_age=death,
        sex=draw(st.sampled_from(list(Sex))),
        birth_month=draw(st.integers(1, 12)),
        birth_day=draw(st.integers(1, 28)),
        health_coverage_until_age=draw(st.none() | st.integers(40, 70)),
    )


@st.composite
def streams(draw: st.DrawFn, household: tuple[Person, ...]) -> IncomeStream:
    kind = draw(st.sampled_from(list(IncomeKind)))
    owner = draw(st.integers(0, len(household) - 1))
    age = START - household[owner].birth_year
    start = draw(st.none() | st.integers(20, 90))
    end = draw(st.none() | st.integers(max(start or 20, age), 100))
    return IncomeStream(
        name="stream", kind=kind, owner=owner,
        amount=draw(st.floats(0, 150_000)), todays_dollars=draw(st.booleans()),
        growth=draw(st.sampled_from(list(Growth))), growth_rate=draw(st.floats(0, 0.05)),
        start_age=start, end_age=end,
        survivor_share=0.0 if kind.earned else draw(st.floats(0, 1)),
    )


@st.composite
def accounts(draw: st.DrawFn, owners: int, index: int) -> Account:
    kind = draw(st.sampled_from(list(AccountKind)))
    weights = np.array(draw(st.lists(st.floats(0, 1), min_size=4, max_size=4)))
    weights = weights / weights.sum() if weights.sum() > 0 else np.array([1.0, 0, 0, 0])
    unit = draw(st.sampled_from(list(ContributionUnit)))
    if kind is AccountKind.TAXABLE and unit is ContributionUnit.MAX:
        unit = ContributionUnit.DOLLARS
    amount = draw(st.floats(0, 1)) if unit is ContributionUnit.PERCENT_OF_SALARY else draw(
        st.floats(0, 40_000))
    balance = draw(st.floats(0, 3_000_000))
    has_basis = kind in (AccountKind.TAXABLE, AccountKind.TRADITIONAL_IRA)
    return Account(
        name=f"acct{index}", kind=kind, owner=draw(st.integers(0, owners - 1)), balance=balance,
        joint=owners == 2 and kind is AccountKind.TAXABLE and draw(st.booleans()),
        cost_basis=draw(st.none() | st.floats(0, balance)) if has_basis else None,
        contribution=amount, contribution_unit=unit,
        employer_match_rate=draw(st.floats(0, 1)) if kind.is_401k else 0.0,
        employer_match_cap=draw(st.floats(0, 0.1)) if kind.is_401k else 0.0,
        allocation=Allocation(*(float(w) for w in weights)),
        rebalancing=draw(st.sampled_from(list(Rebalancing))),
        rebalance_band=draw(st.floats(0.01, 0.3)),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    household = tuple(draw(st.lists(people(), min_size=1, max_size=2)))
    n = draw(st.integers(0, 4))
    accts = tuple(draw(accounts(len(household), i)) for i in range(n))
    end = max(p.birth_year + p.fixed_death_age for p in household)
    spending = Spending(
        annual=draw(st.floats(0, 250_000)),
        pre_retirement_annual=draw(st.none() | st.floats(0, 150_000)),
        survivor_change=draw(st.floats(-0.5, 0.2)),
        phase_person=draw(st.none() | st.integers(0, len(household) - 1)),
        one_offs=tuple(draw(st.lists(st.builds(OneOff, year=st.integers(START, end),
                                               amount=st.floats(0, 100_000)), max_size=2))),
        strategy=draw(st.sampled_from(list(Strategy))),
        withdrawal_rate=draw(st.floats(0.01, 0.1)),
    )
    inflows = tuple(draw(st.lists(st.builds(
        lambda year, amount, part, how: Inflow(year, amount, "in", amount * part, how),
        st.integers(START, end), st.floats(0, 500_000), st.floats(0, 1),
        st.sampled_from(list(InflowTax))), max_size=2)))
    move = None
    state = draw(st.sampled_from(STATES))
    if end > START:
        move = draw(st.none() | st.builds(
            StateMove, year=st.integers(START + 1, end),
            state=st.sampled_from([s for s in STATES if s != state])))
    pairs = any(a.kind.is_traditional and any(r.kind.is_roth and r.owner == a.owner
                                              for r in accts) for a in accts)
    converting = draw(st.sampled_from(list(ConversionMode))) if pairs else ConversionMode.NONE
    taxes = TaxSettings(enabled=draw(st.booleans()), state=state,
                        state_rate=draw(st.floats(0, 0.1)), state_move=move,
                        roth_conversion=converting,
                        conversions=tuple(draw(st.lists(st.builds(
                            Conversion, year=st.integers(START, end),
                            amount=st.floats(0, 200_000)), max_size=2))),
                        conversion_cap=draw(st.sampled_from(list(ConversionCap))),
                        conversion_irmaa_tier=draw(st.integers(0, 4)))
    health = Health(premiums=draw(st.booleans()),
                    aca_benchmark_monthly=draw(st.none() | st.floats(0, 3_000)),
                    own_premium_annual=draw(st.none() | st.floats(0, 40_000)),
                    medicare_part_d=draw(st.booleans()), irmaa=draw(st.booleans()),
                    out_of_pocket_annual=draw(st.floats(0, 20_000)),
                    cost_growth=draw(st.floats(0, 0.1)))
    assumptions = Assumptions(social_security_cut=draw(st.booleans()))
    return Plan(name="random", start_year=START, people=household, accounts=accts,
                income=tuple(draw(st.lists(streams(household), max_size=3))),
                inflows=inflows, spending=spending, health=health, assumptions=assumptions,
                taxes=taxes,
                simulation=Simulation(mortality=draw(st.sampled_from(list(Mortality)))))


def _check_money(r: object, zero_returns: bool) -> None:
    f = r.flows  # type: ignore[attr-defined]
    net = f["income"] - f["taxes"] - f["contributions"] - f["spending"]
    np.testing.assert_allclose(net, f["net_saved"], rtol=0, atol=CENT)
    np.testing.assert_allclose(f["net_saved"], f["saved"] - f["withdrawals"], rtol=0, atol=CENT)
    if zero_returns:
        total = r.total_balance  # type: ignore[attr-defined]
        start = sum(a.balance for a in r.plan.accounts)  # type: ignore[attr-defined]
        before = np.concatenate([np.full((total.shape[0], 1), start), total[:, :-1]], axis=1)
        change = f["net_saved"] + f["contributions"] + f["employer_match"]
        np.testing.assert_allclose(total - before, change, rtol=0, atol=CENT)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), mode=st.sampled_from([Mode.EXPECTED, Mode.MONTE_CARLO, Mode.HISTORICAL]))
def test_any_valid_plan_gives_finite_non_negative_results(plan: Plan, mode: Mode) -> None:
    assert validate(plan) == []
    r = project(plan, mode=mode, paths=16, seed=1)
    assert np.isfinite(r.balances).all() and (r.balances >= 0).all()
    for key, flow in r.flows.items():
        assert np.isfinite(flow).all(), key
        if key not in SIGNED_FLOWS:
            # The tax solve stops within a cent: a year that cannot pay its last cent of tax
            # shows it as a shortfall, which may leave spending a cent below zero.
            assert (flow >= -CENT).all(), key
    f = r.flows
    # Spending funded is the goal less any shortfall; a shortfall never exceeds what the
    # year asked for (the goal, its taxes and health care).
    np.testing.assert_allclose(
        f["spending_delivered"], np.clip(f["spending_planned"] - f["shortfall"], 0, None),
        rtol=1e-9, atol=1e-6)
    asked = f["spending_planned"] + f["taxes"] + f["health_costs"] + f["contributions"]
    assert (f["shortfall"] <= asked + CENT).all()
    assert 0 <= r.summary.success_rate <= 1
    assert np.isfinite(r.total_balance_real).all()
    _check_money(r, zero_returns=False)
    assert set(CASH_FLOW) <= set(f)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), mode=st.sampled_from([Mode.EXPECTED, Mode.MONTE_CARLO]))
def test_money_is_conserved_to_the_cent_in_every_year_of_every_path(plan: Plan,
                                                                    mode: Mode) -> None:
    # No returns, fees, inflation or dividends: every dollar that enters or leaves the
    # accounts is a flow of the year table.
    flat = AssetClass(0.0, 0.0)
    still = Assumptions(inflation_rate=0.0, inflation_volatility=0.0, stock_dividend_yield=0.0,
                        stocks=flat, bonds=flat, cash=flat,
                        crypto=CryptoOutlook("custom", 0.0, 0.0))
    plan = replace(plan, assumptions=still)
    r = project(plan, mode=mode, paths=8, seed=3)
    _check_money(r, zero_returns=True)
