"""Roth conversions of Step 8: the fill lands on the bracket top after the year's own
withdrawals, runs between a start and a stop age, and converted money keeps its mix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.core.engine import project
from planner.core.model import (
    AccountKind,
    Allocation,
    AssetClass,
    Conversion,
    ConversionMode,
    Mode,
    Plan,
)
from tests.core.plans import account, person, plan

K = AccountKind


def _taxes(p: Plan, **kw: object) -> Plan:
    return p.with_changes(taxes=replace(p.taxes, **kw),  # type: ignore[arg-type]
                          health=replace(p.health, irmaa=False))


def test_the_fill_counts_the_years_withdrawals_and_lands_on_the_bracket_top() -> None:
    # Single, 65 in 2026, spending 40,000 drawn from the IRA itself (no other account
    # but the Roth): the withdrawal and its tax are income too. Filling 22% must leave
    # taxable income at the 2026 top of the 22% bracket for a single filer, $105,700
    # (IRS Rev. Proc. 2025-32), not above it.
    accts = (account(K.TRADITIONAL_IRA, 2_000_000, name="IRA"),
             account(K.ROTH_IRA, 0, name="Roth"))
    p = _taxes(plan((person(1961, 65, horizon=70),), accts, spending=40_000),
               roth_conversion=ConversionMode.FILL_BRACKET, conversion_bracket_rate=0.22)
    r = project(p)
    assert r.flows["taxable_income"][0, 0] == pytest.approx(105_700, abs=0.05)
    assert r.flows["withdrawals"][0, 0] > 40_000  # the spending and its tax came from the IRA
    converted = r.flows["roth_conversion"][0, 0]
    # Ordinary income = withdrawals + conversion; the deduction (16,100 + 2,050 at 65; the
    # senior deduction is phased out above 75,000 of MAGI: 6,000 - 6% of the excess).
    agi = r.flows["withdrawals"][0, 0] + converted
    senior = max(6_000 - 0.06 * (agi - 75_000), 0)
    assert agi - 16_100 - 2_050 - senior == pytest.approx(105_700, abs=0.05)


def test_conversions_run_from_the_start_age_through_the_stop_age() -> None:
    accts = (account(K.TRADITIONAL_IRA, 2_000_000, name="IRA"),
             account(K.ROTH_IRA, 0, name="Roth"), account(K.TAXABLE, 500_000, name="Tax",
                                                         cost_basis=500_000))
    base = plan((person(1961, 65, horizon=80),), accts, spending=30_000)
    fill = dict(roth_conversion=ConversionMode.FILL_BRACKET, conversion_bracket_rate=0.12)
    ages = list(range(65, 81))
    default = project(_taxes(base, **fill)).flows["roth_conversion"][0]
    # From retirement until RMDs (75 for someone born in 1961): ages 65 to 74.
    assert [a for a, c in zip(ages, default, strict=True) if c > 0] == list(range(65, 75))
    window = project(_taxes(base, conversion_start_age=67, conversion_stop_age=69, **fill))
    converted = window.flows["roth_conversion"][0]
    assert [a for a, c in zip(ages, converted, strict=True) if c > 0] == [67, 68, 69]
    # A stop age past the RMD age keeps converting after RMDs start (the RMD of about
    # 2M / 24.6 comes first and fills 12% by itself: fill 24% here).
    fill["conversion_bracket_rate"] = 0.24
    late = project(_taxes(base, conversion_start_age=74, conversion_stop_age=76, **fill))
    assert [a for a, c in zip(ages, late.flows["roth_conversion"][0], strict=True)
            if c > 0] == [74, 75, 76]


def _mix_plan(keep: bool) -> Plan:
    # No taxes or spending: an IRA all in bonds (2%), a Roth all in stocks (10%), and a
    # taxable account all in stocks to read the stock return from; 50,000 converted at the
    # start of 2026.
    bonds = Allocation(stocks=0.0, bonds=1.0, cash=0.0, crypto=0.0)
    accts = (account(K.TRADITIONAL_IRA, 100_000, name="IRA", allocation=bonds),
             account(K.ROTH_IRA, 100_000, name="Roth"),
             account(K.TAXABLE, 100_000, name="Stocks"))
    p = plan((person(1961, 65, horizon=70),), accts, taxes=False)
    p = p.with_changes(assumptions=replace(p.assumptions, stocks=AssetClass(0.10, 0.0),
                                           bonds=AssetClass(0.02, 0.0)))
    return _taxes(p, roth_conversion=ConversionMode.FIXED,
                  conversions=(Conversion(2026, 50_000),), conversion_keep_mix=keep)


def test_converted_money_keeps_the_mix_it_had() -> None:
    r = project(_mix_plan(keep=True), mode=Mode.EXPECTED)
    ira, roth = r.balances[0, 0], r.balances[1, 0]
    assert ira[0] == pytest.approx(50_000 * 1.02)
    # 100,000 of the Roth's own money at 10%, the 50,000 converted still in bonds at 2%.
    assert roth[0] == pytest.approx(100_000 * 1.10 + 50_000 * 1.02)
    # Rebalanced yearly to that blend: two thirds stocks, one third bonds.
    assert roth[1] == pytest.approx(roth[0] * (1 + (2 / 3) * 0.10 + (1 / 3) * 0.02))
    # Chosen otherwise, it takes the Roth's all-stock mix.
    other = project(_mix_plan(keep=False), mode=Mode.EXPECTED)
    assert other.balances[1, 0, 0] == pytest.approx(150_000 * 1.10)


def test_kept_mix_in_monte_carlo_follows_each_paths_returns() -> None:
    # On every path the Roth earns 2/3 of the stock return and 1/3 of the bond return.
    p = _mix_plan(keep=True)
    p = p.with_changes(assumptions=replace(p.assumptions, stocks=AssetClass(0.08, 0.18),
                                           bonds=AssetClass(0.03, 0.06)))
    r = project(p, mode=Mode.MONTE_CARLO, paths=50)
    growth = r.balances[:, :, 1:4] / r.balances[:, :, 0:3]  # [A, N, years 1-3]
    bond, roth, stock = growth[0], growth[1], growth[2]
    assert roth == pytest.approx((2 / 3) * stock + (1 / 3) * bond)
    first = r.balances[1, :, 0] / 150_000  # year 0: by the dollars in each, as converted
    assert first == pytest.approx((100_000 * r.balances[2, :, 0] / 100_000
                                   + 50_000 * r.balances[0, :, 0] / 50_000) / 150_000)
