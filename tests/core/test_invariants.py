"""The engine guards its own invariants, whatever the market does:
- taxes, NIIT and penalties are never negative;
- a negative return is a loss of balance, not negative interest or dividends;
- the price index stays positive and finite (a year's inflation is bounded below);
- money is still conserved to the cent.
Plans come from the random valid plans of test_properties, with random (often negative)
expected returns and large volatilities; the examples are derandomized and bounded."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.engine import project, simulate
from planner.core.model import AssetClass, Mode, Plan
from planner.core.montecarlo import monte_carlo_scenario
from planner.core.returns import INFLATION_CEILING, INFLATION_FLOOR, Scenario
from planner.core.rules import load_rules
from planner.core.schedule import compile_plan
from planner.core.storage import sample_plan
from planner.core.tax import TaxInputs, income_tax
from planner.core.validate import validate
from tests.core.test_properties import CENT, _check_money, plans

# Every tax flow and every part of one; interest and dividends are income received.
NEVER_NEGATIVE = ("tax_federal", "tax_state", "tax_payroll", "penalty", "tax_niit",
                  "tax_ordinary", "tax_gains", "interest", "dividends", "capital_gains",
                  "taxes")


def _assert_invariants(r: object, exact: bool = True) -> None:
    """``exact``: money conserved to the cent; else to 1e-9 of the year's largest flow
    (prices that grow elevenfold a year reach 1e60 dollars, beyond cents in a float)."""
    f = r.flows  # type: ignore[attr-defined]
    for key in NEVER_NEGATIVE:
        assert np.isfinite(f[key]).all(), key
        # The tax solve stops within a cent; nothing else may fall below zero.
        assert (f[key] >= -CENT).all(), (key, float(f[key].min()))
    price = r.price_index  # type: ignore[attr-defined]
    assert np.isfinite(price).all() and (price > 0).all()
    assert np.isfinite(r.balances).all() and (r.balances >= 0).all()  # type: ignore[attr-defined]
    if exact:
        _check_money(r, zero_returns=False)
        return
    net = f["income"] - f["taxes"] - f["contributions"] - f["spending"]
    # Spending is the goal less the shortfall: both may be 1e15 when the year pays 1e5.
    scale = np.maximum.reduce([np.abs(f[k]) for k in ("income", "taxes", "spending", "saved",
                                                      "withdrawals", "spending_planned",
                                                      "shortfall")])
    assert (np.abs(net - f["net_saved"]) <= CENT + 1e-9 * scale).all()
    assert (np.abs(f["net_saved"] - (f["saved"] - f["withdrawals"])) <= CENT + 1e-9 * scale).all()


@st.composite
def markets(draw: st.DrawFn, plan: Plan) -> Plan:
    """``plan`` with random returns and volatilities within what validation accepts:
    bonds and cash often lose on average (stocks cannot: their mean must cover the
    dividend yield, which is not negative)."""
    returns = st.floats(-0.5, 0.5)
    vols = st.sampled_from([0.0, 0.01, 0.2, 1.0, 3.0]) | st.floats(0, 3)
    stocks = AssetClass(draw(st.floats(0.0, 0.5)), draw(vols))
    a = plan.assumptions
    return replace(plan, assumptions=replace(
        a, stocks=stocks,
        bonds=AssetClass(draw(st.floats(-0.5, 0.0) | returns), draw(vols)),
        cash=AssetClass(draw(st.floats(-0.5, 0.0) | returns), draw(vols)),
        stock_dividend_yield=min(a.stock_dividend_yield, stocks.expected_return),
        inflation_rate=draw(st.floats(-0.05, 0.2)),
        inflation_volatility=draw(st.floats(0, 0.2))))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), mode=st.sampled_from([Mode.EXPECTED, Mode.MONTE_CARLO]))
def test_no_negative_tax_or_income_and_money_conserved_in_any_market(
        data: st.DataObject, mode: Mode) -> None:
    plan = data.draw(markets(data.draw(plans())))
    assert validate(plan) == []
    r = project(plan, mode=mode, paths=16, seed=7)
    _assert_invariants(r)


def _losing_sample(loss: float = -0.05) -> Plan:
    """The sample plan with bonds and cash losing ``loss`` a year and a taxable account
    holding only them (so its interest would be negative)."""
    plan = sample_plan()
    a = plan.assumptions
    accounts = tuple(replace(acct, allocation=replace(acct.allocation, stocks=0.0, bonds=0.5,
                                                      cash=0.5, crypto=0.0),
                             balance=2_000_000.0)
                     if acct.kind.value == "taxable" else acct for acct in plan.accounts)
    return replace(plan, accounts=accounts, assumptions=replace(
        a, bonds=AssetClass(loss, a.bonds.volatility), cash=AssetClass(loss, a.cash.volatility)))


def test_negative_bond_and_cash_returns_are_losses_not_negative_income() -> None:
    # Seen: -5% bonds and cash gave -$6,740 of interest, -$256 NIIT and -$173 federal tax.
    plan = _losing_sample()
    assert validate(plan) == []
    for mode, paths in ((Mode.EXPECTED, 1), (Mode.MONTE_CARLO, 200)):
        r = project(plan, mode=mode, paths=paths, seed=1)
        assert (r.flows["interest"] == 0).all()
        assert (r.flows["tax_niit"] >= 0).all() and (r.flows["tax_federal"] >= 0).all()
        _assert_invariants(r)


def test_a_class_that_loses_pays_no_interest_but_the_other_still_does() -> None:
    plan = _losing_sample()
    a = plan.assumptions
    losing = replace(plan, assumptions=replace(a, cash=AssetClass(0.04, 0.0)))
    flat = replace(losing, assumptions=replace(losing.assumptions, bonds=AssetClass(0.0, 0.0)))
    # Half the account in cash at 4%, half in bonds losing 5%: in the first year (same
    # balance) it pays the interest it would with bonds at 0%, which is cash's alone.
    first = [project(p, mode=Mode.EXPECTED).flows["interest"][0, 0] for p in (losing, flat)]
    assert first[0] == first[1] > 0


def test_niit_is_never_negative_even_on_negative_investment_income() -> None:
    table = load_rules().tax_year(2026, "single")
    x = TaxInputs(ordinary=np.array([900_000.0, 900_000.0]), gains=np.array([-50_000.0, 0.0]),
                  social_security=np.zeros(2), seniors=0, senior_deduction=False, index=1.0,
                  net_investment_income=np.array([-100_000.0, -1.0]))
    res = income_tax(table, x)
    for part in (res.niit, res.gains_tax, res.ordinary_tax, res.federal, res.state):
        assert (part >= 0).all()
    assert (res.niit == 0).all()
    # No capital-loss carry-forward is modelled: a net loss does not lower ordinary tax.
    assert res.federal[0] == res.federal[1]


def _wild_inflation(plan: Plan, volatility: float) -> Plan:
    """A plan whose inflation volatility validation would refuse (the engine's own guard
    is tested here, below validation)."""
    return replace(plan, assumptions=replace(plan.assumptions, inflation_volatility=volatility,
                                             inflation_persistence=0.0))


@settings(max_examples=15, deadline=None, derandomize=True)
@given(volatility=st.sampled_from([1.0, 5.0, 1e3, 1e308]) | st.floats(0.5, 1e6),
       seed=st.integers(0, 2**31))
def test_inflation_draws_never_take_the_price_index_to_zero(volatility: float, seed: int) -> None:
    plan = _wild_inflation(sample_plan(), volatility)
    schedule = compile_plan(plan)
    with np.errstate(all="ignore"):  # inf * 0 in the draws themselves is what is guarded
        scenario = monte_carlo_scenario(plan, len(schedule.years), 32, seed)
    assert (scenario.inflation >= INFLATION_FLOOR).all()
    assert (scenario.inflation <= INFLATION_CEILING).all()
    r = simulate(plan, schedule, scenario, str(Mode.MONTE_CARLO))
    price = r.price_index
    assert np.isfinite(price).all() and (price > 0).all()
    assert np.isfinite(r.total_balance_real).all()
    _assert_invariants(r, exact=False)


def test_any_scenario_bounds_its_inflation_and_keeps_ordinary_values() -> None:
    ordinary = np.array([[0.03, -0.14], [0.2, 0.0]], dtype=np.float32)
    assert Scenario(np.zeros((2, 4, 2)), ordinary).inflation is ordinary
    wild = Scenario(np.zeros((2, 4, 2)), np.array([[-1.0, -7.0], [np.nan, np.inf]]))
    assert wild.inflation.tolist() == [[INFLATION_FLOOR, INFLATION_FLOOR],
                                       [INFLATION_FLOOR, INFLATION_CEILING]]
    assert replace(wild, inflation=np.full((2, 2), -3.0)).inflation.min() == INFLATION_FLOOR
