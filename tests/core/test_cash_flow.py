"""Working years have a real cash flow: pay covers taxes, contributions and spending; the
rest is saved. Checked against arithmetic done by hand with the 2026 figures in
resources/data (brackets, standard deduction $16,100 single, FICA 6.2% to $184,500 + 1.45%,
0.9% over $200,000 single / $250,000 joint)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import AccountKind, Growth, IncomeKind, IncomeStream, Inflow, InflowTax
from planner.core.payroll import payroll_rules, payroll_tax
from tests.core.plans import ContributionUnit, account, person, plan

K = AccountKind


def _saver(kind: AccountKind) -> object:
    """Single, 40 in 2026, $100,000 salary, $10,000 into a 401(k), spends $50,000."""
    p = plan((person(1986, 65, salary=100_000, salary_growth_rate=0.0),),
             (account(kind, 0, name="401(k)", contribution=10_000),
              account(K.TAXABLE, 0, name="Brokerage")))
    return replace(p, spending=replace(p.spending, annual=60_000, pre_retirement_annual=50_000))


def test_traditional_versus_roth_401k_changes_take_home_pay_and_tax() -> None:
    trad = project(_saver(K.TRADITIONAL_401K))
    roth = project(_saver(K.ROTH_401K))
    # Traditional: taxable income 100,000 - 10,000 - 16,100 = 73,900.
    # 10% x 12,400 + 12% x 38,000 + 22% x 23,500 = 1,240 + 4,560 + 5,170 = 10,970.
    assert trad.flows["tax_federal"][0, 0] == pytest.approx(10_970)
    # Roth: taxable income 83,900: 1,240 + 4,560 + 22% x 33,500 = 13,170.
    assert roth.flows["tax_federal"][0, 0] == pytest.approx(13_170)
    # Payroll tax on all $100,000 either way (401(k) deferrals are FICA wages): 7.65%.
    for r in (trad, roth):
        assert r.flows["tax_payroll"][0, 0] == pytest.approx(7_650)
        assert r.flows["contributions"][0, 0] == pytest.approx(10_000)
        assert r.flows["spending"][0, 0] == pytest.approx(50_000)
    # Saved: 100,000 - taxes - 10,000 - 50,000.
    assert trad.flows["saved"][0, 0] == pytest.approx(100_000 - 10_970 - 7_650 - 60_000)
    assert roth.flows["saved"][0, 0] == pytest.approx(100_000 - 13_170 - 7_650 - 60_000)
    # The deferral's tax saving (22% of 10,000) is saved in the brokerage account.
    gap = trad.balances[1, 0, 0] - roth.balances[1, 0, 0]
    assert gap == pytest.approx(2_200)
    assert trad.flows["net_saved"][0, 0] == pytest.approx(trad.flows["saved"][0, 0])


def test_retirement_spending_starts_when_the_household_retires() -> None:
    r = project(_saver(K.TRADITIONAL_401K))
    t65 = 2051 - 2026
    assert r.flows["spending_planned"][0, t65 - 1] == pytest.approx(50_000)
    assert r.flows["spending_planned"][0, t65] == pytest.approx(60_000)
    assert r.flows["salary"][0, t65] == 0


def test_payroll_tax_above_the_wage_base_and_the_additional_medicare_tax() -> None:
    rules = payroll_rules()
    base = rules.wage_base(2026, 0.0)
    assert base == 184_500
    one = payroll_tax(rules, np.array([[250_000.0]]), np.zeros((1, 1)), False, base)
    # 6.2% x 184,500 + 1.45% x 250,000 + 0.9% x (250,000 - 200,000)
    assert one.total[0] == pytest.approx(11_439 + 3_625 + 450)
    couple = payroll_tax(rules, np.array([[150_000.0], [150_000.0]]), np.zeros((2, 1)), True,
                         base)
    # Each under the wage base; the 0.9% on the couple's 300,000 over 250,000.
    assert couple.total[0] == pytest.approx(2 * (9_300 + 2_175) + 450)
    # Self-employment: 92.35% of 100,000 at 12.4% + 2.9%; none below $400 of net earnings.
    se = payroll_tax(rules, np.zeros((1, 2)), np.array([[100_000.0, 400.0]]), False, base)
    assert se.self_employment[0] == pytest.approx(92_350 * 0.153)
    assert se.self_employment[1] == 0
    # Wages use up the wage base first: 150,000 of wages leave 34,500 for the 12.4%.
    both = payroll_tax(rules, np.array([[150_000.0]]), np.array([[100_000.0]]), False, base)
    assert both.self_employment[0] == pytest.approx(0.124 * 34_500 + 0.029 * 92_350)
    assert both.additional_medicare[0] == pytest.approx(0.009 * (150_000 + 92_350 - 200_000))


def test_a_high_salary_pays_payroll_tax_to_the_wage_base_in_the_engine() -> None:
    p = plan((person(1986, 65, salary=250_000, salary_growth_rate=0.0),),
             (account(K.TAXABLE, 0),), spending=60_000)
    r = project(p)
    assert r.flows["tax_payroll"][0, 0] == pytest.approx(11_439 + 3_625 + 450)


def test_rental_income_is_taxed_as_ordinary_income() -> None:
    # Single, 70 in 2026, $30,000 of rent and nothing else: taxable income 30,000 - 16,100
    # - 2,050 (65+) - 6,000 (senior deduction, income under 75,000) = 5,850 -> 10% = 585.
    rent = IncomeStream(name="Flat", kind=IncomeKind.RENTAL, amount=30_000)
    p = plan((person(1956, 70, horizon=75),), (account(K.TAXABLE, 100_000),),
             spending=20_000, income=(rent,))
    r = project(p)
    assert r.flows["rental"][0, 0] == pytest.approx(30_000)
    assert r.flows["tax_federal"][0, 0] == pytest.approx(585)
    assert r.flows["tax_payroll"][0, 0] == 0
    free = replace(p, income=(replace(rent, kind=IncomeKind.TAX_FREE),))
    assert project(free).flows["tax_federal"][0, 0] == 0


def test_part_time_wages_after_retirement_pay_payroll_tax() -> None:
    job = IncomeStream(name="Consulting", kind=IncomeKind.WAGES, amount=20_000, end_age=62)
    p = plan((person(1966, 60, horizon=90),), (account(K.TAXABLE, 500_000),),
             spending=50_000, income=(job,))
    r = project(p)
    # 60 in 2026, paid to 62 (2028) inclusive.
    assert r.flows["other_wages"][0, :4] == pytest.approx([20_000] * 3 + [0])
    assert r.flows["tax_payroll"][0, 0] == pytest.approx(0.0765 * 20_000)


def test_stream_growth_rules_and_dollars() -> None:
    # Inflation 3%. Today's dollars with inflation: 10,000 x 1.03^t. A first-year amount
    # from 2028 on, fixed: 10,000 every year. A 2% COLA: 10,000 x 1.02^(t - 2).
    base = IncomeStream(name="s", kind=IncomeKind.PENSION, amount=10_000)
    streams = (base,
               replace(base, todays_dollars=False, growth=Growth.FIXED, start_year=2028),
               replace(base, todays_dollars=False, growth=Growth.COLA, growth_rate=0.02,
                       start_year=2028),
               replace(base, growth=Growth.FIXED, start_year=2028))
    got = []
    for s in streams:
        p = plan((person(1956, 70, horizon=80),), (account(K.TAXABLE, 1_000_000),),
                 inflation=0.03, taxes=False, income=(s,))
        got.append(project(p).flows["pension"][0])
    t = np.arange(11)
    assert got[0] == pytest.approx(10_000 * 1.03**t)
    assert got[1] == pytest.approx(np.where(t >= 2, 10_000, 0))
    assert got[2] == pytest.approx(np.where(t >= 2, 10_000 * 1.02 ** (t - 2), 0))
    # Today's dollars, fixed from 2028: grown with prices to 2028, then flat.
    assert got[3] == pytest.approx(np.where(t >= 2, 10_000 * 1.03**2, 0))


def test_an_inflow_pays_the_year_and_its_taxable_gain_is_taxed() -> None:
    # A home sale: 300,000 received in 2027, of which a 100,000 long-term gain. The single
    # 70-year-old has no other income, so the gain is all of the AGI.
    sale = Inflow(2027, 300_000, "Home sale", 100_000, InflowTax.CAPITAL_GAIN)
    p = plan((person(1956, 70, horizon=75),), (account(K.TAXABLE, 50_000),),
             spending=40_000, inflows=(sale,))
    r = project(p)
    assert r.flows["inflows"][0, 1] == pytest.approx(300_000)
    assert r.flows["capital_gains"][0, 1] == pytest.approx(100_000)
    # AGI 100,000: senior deduction 6,000 - 6% x 25,000 = 4,500; deductions 22,650;
    # taxable 77,350 of gains: 0% to 49,450, 15% on 27,900 = 4,185.
    assert r.flows["tax_federal"][0, 1] == pytest.approx(4_185)
    # Income 300,000 pays 40,000 of spending and 4,185 (+ state 0) of tax; the rest is saved.
    assert r.flows["saved"][0, 1] == pytest.approx(300_000 - 40_000 - 4_185)


def test_surplus_goes_to_the_named_taxable_account() -> None:
    p = _saver(K.TRADITIONAL_401K)
    p = replace(p, accounts=(*p.accounts, account(K.TAXABLE, 0, name="Cash savings")))
    default = project(p)
    assert default.balances[1, 0, 0] > 0 and default.balances[2, 0, 0] == 0
    named = project(replace(p, spending=replace(p.spending, surplus_account="Cash savings")))
    assert named.balances[1, 0, 0] == 0
    assert named.balances[2, 0, 0] == pytest.approx(default.balances[1, 0, 0])


def test_without_a_taxable_account_the_surplus_is_spent_and_a_note_says_so() -> None:
    p = plan((person(1986, 65, salary=100_000, salary_growth_rate=0.0),),
             (account(K.TRADITIONAL_401K, 0, contribution=10_000),), spending=50_000)
    r = project(p)
    assert r.balances[0, 0, 0] == pytest.approx(10_000)
    assert any("No taxable account" in n for n in r.notes)
    # Counted as spending, not as saved: the year still sums.
    surplus = 100_000 - 10_000 - r.flows["taxes"][0, 0] - 50_000
    assert r.flows["saved"][0, 0] == 0
    assert r.flows["surplus_spent"][0, 0] == pytest.approx(surplus)
    assert r.flows["spending"][0, 0] == pytest.approx(50_000 + surplus)


def test_a_shortfall_in_a_working_year_is_withdrawn() -> None:
    # Pay 40,000 does not cover 60,000 of spending: the brokerage pays the rest.
    p = plan((person(1986, 65, salary=40_000, salary_growth_rate=0.0),),
             (account(K.TAXABLE, 100_000),), spending=60_000, taxes=False)
    r = project(p)
    assert r.flows["withdrawals"][0, 0] == pytest.approx(20_000)
    assert r.balances[0, 0, 0] == pytest.approx(80_000)
    assert r.flows["net_saved"][0, 0] == pytest.approx(-20_000)


def test_a_match_on_roth_deferrals_is_pre_tax_or_taxed_as_a_roth_match() -> None:
    # 100,000 salary, 6% deferred to a Roth 401(k), 100% match up to 6%: a 6,000 match.
    saver = person(1986, 65, salary=100_000, salary_growth_rate=0.0)
    roth = account(K.ROTH_401K, 0, name="Roth 401(k)", contribution=0.06,
                   contribution_unit=ContributionUnit.PERCENT_OF_SALARY,
                   employer_match_rate=1.0, employer_match_cap=0.06)
    pretax = account(K.TRADITIONAL_401K, 0, name="401(k)")
    both = project(plan((saver,), (roth, pretax, account(K.TAXABLE, 0)), spending=50_000))
    assert both.account_contributions[:2, 0, 0] == pytest.approx([6_000, 6_000])
    # With no traditional 401(k) it is a Roth match: 6,000 more taxable income (at 22%).
    alone = project(plan((saver,), (roth, account(K.TAXABLE, 0)), spending=50_000))
    assert alone.account_contributions[0, 0, 0] == pytest.approx(12_000)
    extra = alone.flows["tax_federal"][0, 0] - both.flows["tax_federal"][0, 0]
    assert extra == pytest.approx(0.22 * 6_000)
    assert any("Roth match" in n for n in alone.notes)


def test_part_time_pay_lets_an_ira_contribution_go_on_after_retirement() -> None:
    # Retired from the main job at 58 (this year); a wage stream of 20,000 to 60 keeps the
    # 7,000 Roth IRA contribution going (an IRA needs earned income, not the main job).
    job = IncomeStream(name="Part-time", kind=IncomeKind.WAGES, amount=20_000, end_age=60)
    p = plan((person(1968, 58),), (account(K.ROTH_IRA, 0, name="Roth IRA", contribution=7_000),
                                   account(K.TAXABLE, 500_000)), spending=40_000,
             income=(job,))
    r = project(p)
    assert r.flows["contributions"][0, :4] == pytest.approx([7_000, 7_000, 7_000, 0])
