"""The tax engine inside projections: RMD start, penalties and the rule of 55, Roth
catch-ups, Roth conversions, withdrawal orders, HSA medical use and IRMAA, worked by hand
from the IRS/SSA/CMS figures in resources/data/us_rules.md."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.health import medicare
from planner.core.model import (
    AccountKind,
    ContributionUnit,
    Conversion,
    ConversionMode,
    WithdrawalOrder,
)
from tests.core.plans import account, pension, person, plan

K = AccountKind


def _with_taxes(p, **kw):  # type: ignore[no-untyped-def]
    irmaa = kw.pop("medicare_irmaa", p.health.irmaa)  # IRMAA is a health setting now
    return p.with_changes(taxes=replace(p.taxes, **kw), health=replace(p.health, irmaa=irmaa))


def test_rmd_starts_at_75_for_someone_born_in_1960() -> None:
    p = plan((person(1960, 66, horizon=80),), (account(K.TRADITIONAL_IRA, 246_000),
                                               account(K.TAXABLE, 0)), taxes=False)
    r = project(p)
    t75 = 1960 + 75 - 2026  # 2035
    assert r.flows["rmd"][0, t75 - 1] == 0  # at 74, nothing is required
    assert r.flows["rmd"][0, t75] == pytest.approx(246_000 / 24.6)  # zero returns


def test_penalty_before_59_and_a_half_and_the_rule_of_55() -> None:
    # Left work at 56 (born 1970): the 401(k) pays no penalty, the IRA does.
    def first_year_penalty(kind: AccountKind, retire: int, born: int) -> float:
        p = plan((person(born, retire, horizon=70),), (account(kind, 1_000_000),),
                 spending=20_000)
        return float(project(p).flows["penalty"][0, 0])

    assert first_year_penalty(K.TRADITIONAL_401K, 56, 1970) == 0.0
    assert first_year_penalty(K.TRADITIONAL_IRA, 56, 1970) > 0
    # Left work at 54 (born 1972): too early for the rule of 55 -> 10% of the withdrawal.
    p = plan((person(1972, 54, horizon=70),), (account(K.TRADITIONAL_401K, 1_000_000),),
             spending=20_000)
    r = project(p)
    assert r.flows["penalty"][0, 0] == pytest.approx(0.1 * r.flows["withdrawals"][0, 0])
    # Public-safety employees get the exception from 50.
    safe = replace(p.people[0], retirement_age=54, public_safety_employee=True)
    assert project(p.with_changes(people=(safe,))).flows["penalty"][0, 0] == 0


def test_2026_catch_ups_of_high_earners_go_to_roth() -> None:
    # Age 52 in 2026, 2025 wages about 200,000 > 150,000: the 8,000 catch-up must be Roth.
    earner = person(1974, 65, salary=200_000, salary_growth_rate=0.0)
    trad = account(K.TRADITIONAL_401K, 0, name="Trad", contribution=0,
                   contribution_unit=ContributionUnit.MAX)
    roth = account(K.ROTH_401K, 0, name="Roth", contribution=0)
    r = project(plan((earner,), (trad, roth)))
    assert r.account_contributions[:, 0, 0] == pytest.approx([24_500, 8_000])
    # Without a Roth 401(k) the catch-up is lost.
    r = project(plan((earner,), (trad,)))
    assert r.account_contributions[0, 0, 0] == pytest.approx(24_500)
    assert any("Roth" in note for note in r.notes)
    # In 2025 the rule was not enforced: 23,500 + 7,500 all traditional.
    r = project(plan((earner,), (trad,), start_year=2025))
    assert r.account_contributions[0, 0, 0] == pytest.approx(31_000)


def test_fill_the_12_percent_bracket_with_conversions() -> None:
    # Single, 65 in 2026 (born 1961), retired, 1M IRA + 1M Roth + 500k taxable at cost.
    # Fill 12%: taxable ordinary income = 50,400 (top of 12%). Deductions: 16,100 + 2,050
    # (65+) + 6,000 senior (AGI 74,550 < 75,000) = 24,150 -> conversion = 74,550.
    # Tax = 1,240 + 12% x (50,400 - 12,400) = 5,800, paid from the taxable account.
    p = plan((person(1961, 65, horizon=70),),
             (account(K.TRADITIONAL_IRA, 1_000_000, name="IRA"),
              account(K.ROTH_IRA, 1_000_000, name="Roth"),
              account(K.TAXABLE, 500_000, name="Tax", cost_basis=500_000)), spending=40_000)
    p = _with_taxes(p, roth_conversion=ConversionMode.FILL_BRACKET,
                    conversion_bracket_rate=0.12, medicare_irmaa=False)
    r = project(p)
    assert r.flows["roth_conversion"][0, 0] == pytest.approx(74_550, abs=1)
    assert r.flows["tax_federal"][0, 0] == pytest.approx(5_800, abs=1)
    assert r.account_withdrawals[2, 0, 0] == pytest.approx(45_800, abs=1)
    assert r.balances[:, 0, 0] == pytest.approx([1_000_000 - 74_550, 1_074_550,
                                                  500_000 - 45_800], abs=1)


def test_fixed_conversions_in_their_years() -> None:
    p = plan((person(1961, 65, horizon=70),),
             (account(K.TRADITIONAL_IRA, 100_000), account(K.ROTH_IRA, 0)), inflation=0.02,
             taxes=True)
    p = _with_taxes(p, roth_conversion=ConversionMode.FIXED,
                    conversions=(Conversion(2027, 10_000),), medicare_irmaa=False)
    r = project(p)
    assert r.flows["roth_conversion"][0, 0] == 0
    assert r.flows["roth_conversion"][0, 1] == pytest.approx(10_000 * 1.02)  # today's dollars


def test_bracket_filling_draws_traditional_first_within_the_bracket() -> None:
    # Single, 66, no benefits, spending 60,000: filling 12% draws the IRA (taxable at cost
    # would be tax-free). W - tax(W) = 60,000 with tax = 1,240 + 12% (W - 24,150 - 12,400)
    # -> 0.88 W = 56,854 -> W = 64,606.82, below the 74,550 of headroom.
    accts = (account(K.TRADITIONAL_IRA, 1_000_000, name="IRA"),
             account(K.TAXABLE, 1_000_000, name="Tax", cost_basis=1_000_000))
    p = plan((person(1960, 66, horizon=70),), accts, spending=60_000)
    p = _with_taxes(p, withdrawal_order=WithdrawalOrder.BRACKET_FILLING, fill_bracket_rate=0.12,
                    medicare_irmaa=False)
    w = project(p).account_withdrawals[:, 0, 0]
    assert w == pytest.approx([64_606.82, 0], abs=0.05)
    conventional = project(_with_taxes(p, withdrawal_order=WithdrawalOrder.CONVENTIONAL))
    assert conventional.account_withdrawals[:, 0, 0] == pytest.approx([0, 60_000], abs=0.05)


def test_proportional_order_draws_in_proportion() -> None:
    accts = (account(K.TRADITIONAL_IRA, 300_000), account(K.TAXABLE, 100_000))
    p = plan((person(1960, 66, horizon=70),), accts, spending=40_000, taxes=False)
    p = _with_taxes(p, withdrawal_order=WithdrawalOrder.PROPORTIONAL)
    assert project(p).account_withdrawals[:, 0, 0] == pytest.approx([30_000, 10_000])


def test_hsa_pays_medical_costs_tax_free_even_before_65() -> None:
    # Retired at 60: 12,000 of spending and 8,000 of out-of-pocket medical costs. The HSA
    # pays the medical costs with no tax or 20% penalty; the 12,000 comes from the taxable
    # account.
    accts = (account(K.HSA, 50_000, name="HSA"), account(K.TAXABLE, 100_000, name="Tax"))
    p = plan((person(1966, 60, horizon=70),), accts, spending=12_000)
    p = p.with_changes(health=replace(p.health, out_of_pocket_annual=8_000))
    r = project(p)
    assert r.account_withdrawals[:, 0, 0] == pytest.approx([8_000, 12_000])
    assert r.flows["penalty"][0, 0] == 0 and r.flows["tax_federal"][0, 0] == 0


def test_irmaa_tier_from_income_two_years_before() -> None:
    # Single, 70, a 150,000 pension: MAGI 150,000 is in the 2026 tier 137,000-171,000,
    # a 202.90 monthly surcharge -> 2,434.80 a year. Before the plan's third year the
    # look-back uses the year's own income. With no inflation the tier stays; the surcharge
    # grows with Medicare premiums, at the plan's health-cost rate (5% a year).
    retiree = person(1956, 70, horizon=75)
    p = plan((retiree,), (account(K.TAXABLE, 500_000),), spending=100_000,
             income=(pension(150_000, 60),))
    r = project(p)
    assert p.health.cost_growth == 0.05
    assert r.flows["irmaa"][0, :3] == pytest.approx([2_434.8, 2_434.8 * 1.05,
                                                      2_434.8 * 1.05**2])
    off = project(_with_taxes(p, medicare_irmaa=False))
    assert off.flows["irmaa"].sum() == 0


@pytest.mark.parametrize(("magi", "monthly"), [
    (109_000, 0.0), (109_001, 81.2), (137_000, 81.2), (137_001, 202.9),
    (205_000, 324.6), (499_999, 446.3), (500_000, 487.0),
])
def test_irmaa_single_2026_tier_edges(magi: float, monthly: float) -> None:
    # Part B only (Part D's surcharges are checked with the health tests).
    got = medicare(2026).surcharge("single", np.array([magi]), part_d=False)
    assert got[0] == pytest.approx(monthly)


def test_irmaa_joint_2026_edges() -> None:
    got = medicare(2026).surcharge("married_filing_jointly",
                                   np.array([218_000.0, 218_001.0, 750_000.0]), part_d=False)
    assert got == pytest.approx([0, 81.2, 487.0])


def test_year_table_has_the_tax_return_columns() -> None:
    p = plan((person(1956, 70, horizon=72),), (account(K.TRADITIONAL_IRA, 500_000),),
             spending=40_000)
    table = project(p).year_table()
    for column in ("AGI", "Deductions", "Taxable income", "Tax on ordinary income",
                   "Tax on capital gains", "NIIT", "Federal tax", "Medicare IRMAA (B and D)",
                   "Roth conversion", "Taxable Social Security"):
        assert column in table.columns
    row = table.iloc[0]
    assert row["Taxable income"] == pytest.approx(max(row["AGI"] - row["Deductions"], 0))


def test_dividends_and_interest_in_a_taxable_account_are_taxed_yearly() -> None:
    # Single, 70 in 2026, 3,000,000 at cost, 60/40 stocks/bonds, 2% dividend yield, bonds
    # paying 4%: qualified dividends 36,000, interest 48,000; no spending.
    # AGI 84,000 -> senior deduction 6,000 - 6% x 9,000 = 5,460; deductions 16,100 + 2,050
    # + 5,460 = 23,610. Ordinary taxable 48,000 - 23,610 = 24,390 -> 1,240 + 12% x 11,990
    # = 2,678.80. Dividends stack from 24,390 to 60,390: 49,450 - 24,390 at 0%, the 10,940
    # above at 15% = 1,641. Federal 4,319.80, paid by selling shares at cost (no new gain).
    from planner.core.model import Allocation, AssetClass

    acct = account(K.TAXABLE, 3_000_000, cost_basis=3_000_000,
                   allocation=Allocation(0.6, 0.4, 0.0, 0.0))
    p = plan((person(1956, 70, horizon=72),), (acct,))
    a = replace(p.assumptions, stocks=AssetClass(0.06, 0.0), bonds=AssetClass(0.04, 0.0),
                stock_dividend_yield=0.02)
    p = _with_taxes(p.with_changes(assumptions=a), medicare_irmaa=False)
    r = project(p)
    assert r.flows["dividends"][0, 0] == pytest.approx(36_000)
    assert r.flows["interest"][0, 0] == pytest.approx(48_000)
    assert r.flows["capital_gains"][0, 0] == pytest.approx(0)
    assert r.flows["tax_ordinary"][0, 0] == pytest.approx(2_678.80)
    assert r.flows["tax_gains"][0, 0] == pytest.approx(1_641.0)
    assert r.flows["withdrawals"][0, 0] == pytest.approx(4_319.80)


def test_conversions_stay_with_the_owner() -> None:
    # Alex has the IRA, Sam the only Roth: nothing may be converted into Sam's Roth.
    alex, sam = person(1961, 65, horizon=70, name="Alex"), person(1961, 65, horizon=70,
                                                                    name="Sam")
    ira = account(K.TRADITIONAL_IRA, 500_000, name="Alex IRA", owner=0)
    sams_roth = account(K.ROTH_IRA, 0, name="Sam Roth", owner=1)
    p = _with_taxes(plan((alex, sam), (ira, sams_roth)), roth_conversion=ConversionMode.FIXED,
                    conversions=(Conversion(2026, 10_000),))
    from planner.core.validate import validate

    assert any(p.field == "taxes.roth_conversion" for p in validate(p))
    alex_roth = account(K.ROTH_IRA, 0, name="Alex Roth", owner=0)
    p2 = p.with_changes(accounts=(ira, sams_roth, alex_roth))
    r = project(p2)
    assert r.balances[1, 0, 0] == 0 and r.balances[2, 0, 0] == pytest.approx(10_000)
