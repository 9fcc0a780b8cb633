"""The projection checked against arithmetic done by hand on small plans."""

from __future__ import annotations

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import AccountKind, ContributionUnit, SocialSecurity
from planner.core.storage import sample_plan
from tests.core.plans import account, pension, person, plan

K = AccountKind


def test_growth_of_one_account_without_flows() -> None:
    p = plan((person(1986, 65),), (account(K.TAXABLE, 100_000),), returns=0.05, fee=0.01)
    r = project(p)
    # End of year t: 100,000 x (1 + 5% - 1%)^(t+1), until the household retires in 2051.
    expected = 100_000 * 1.04 ** np.arange(1, 26)
    assert r.balances[0, 0, :25] == pytest.approx(expected)


def test_401k_max_with_catch_up_and_match() -> None:
    # Age 52 in 2026 (born 1974): deferral limit 24,500 + 8,000 catch-up = 32,500.
    # Salary 100,000; match 50% of deferrals up to 6% of pay = 0.5 x 6,000 = 3,000.
    p = plan(
        (person(1974, 65, salary=100_000, salary_growth_rate=0.0),),
        (account(K.TRADITIONAL_401K, 0, contribution=0, contribution_unit=ContributionUnit.MAX,
                 employer_match_rate=0.5, employer_match_cap=0.06),),
    )
    r = project(p)
    assert r.flows["contributions"][0, 0] == pytest.approx(32_500)
    assert r.flows["employer_match"][0, 0] == pytest.approx(3_000)
    assert r.balances[0, 0, 0] == pytest.approx(35_500)  # zero returns
    # Age 60 in 2034: 24,500 and 11,250 indexed by 0% inflation stay as in 2026 = 35,750.
    t60 = 2034 - 2026
    assert r.flows["contributions"][0, t60] == pytest.approx(24_500 + 11_250)


def test_over_limit_percent_contributions_are_cut_to_the_limit() -> None:
    # 30% of 100,000 = 30,000 asked, age 40: cut to 24,500, split 2:1 across two 401(k)s.
    p = plan(
        (person(1986, 65, salary=100_000, salary_growth_rate=0.0),),
        (account(K.TRADITIONAL_401K, name="A", contribution=0.2,
                 contribution_unit=ContributionUnit.PERCENT_OF_SALARY),
         account(K.ROTH_401K, name="B", contribution=0.1,
                 contribution_unit=ContributionUnit.PERCENT_OF_SALARY)),
    )
    r = project(p)
    assert r.account_contributions[:, 0, 0] == pytest.approx([24_500 * 2 / 3, 24_500 / 3])
    assert any("capped" in n for n in r.notes)


def test_rmd_uses_prior_balance_and_the_uniform_table() -> None:
    # Born 1951 -> RMDs from 73; in 2026 the owner is 75: divisor 24.6.
    # 246,000 / 24.6 = 10,000 must come out even with no spending need.
    p = plan((person(1951, 75, horizon=95),), (account(K.TRADITIONAL_IRA, 246_000),
                                               account(K.TAXABLE, 0)), taxes=False)
    r = project(p)
    assert r.flows["rmd"][0, 0] == pytest.approx(10_000)
    # The RMD not needed for spending is reinvested in the taxable account.
    assert r.balances[1, 0, 0] == pytest.approx(10_000)
    # Next year: (246,000 - 10,000) / 23.7 (age 76).
    assert r.flows["rmd"][0, 1] == pytest.approx(236_000 / 23.7)


def test_withdrawal_order_taxable_then_traditional_then_roth() -> None:
    # Retired at 70 in 2026, taxes off: spend 50,000 a year from 60k taxable, 60k IRA, 60k Roth.
    p = plan((person(1956, 70, horizon=75),),
             (account(K.ROTH_IRA, 60_000, name="Roth"),
              account(K.TRADITIONAL_IRA, 60_000, name="IRA"),
              account(K.TAXABLE, 60_000, name="Tax")), spending=50_000, taxes=False)
    r = project(p)
    w = r.account_withdrawals[:, 0, :]
    # Year 1: all 50,000 from taxable. Year 2: 10,000 taxable + 40,000 IRA.
    # (IRA owner born 1956 reaches RMD age 73 only in 2029.)
    assert w[:, 0] == pytest.approx([0, 0, 50_000])
    assert w[:, 1] == pytest.approx([0, 40_000, 10_000])
    # Year 3: 20,000 left in the IRA, 30,000 from Roth. Year 4: Roth's last 30,000, 20,000 short.
    assert w[:, 2] == pytest.approx([30_000, 20_000, 0])
    assert r.flows["shortfall"][0, 3] == pytest.approx(20_000)
    assert r.summary.depletion_age == 73


def test_tax_is_grossed_up_from_a_traditional_withdrawal() -> None:
    # Single, 70 in 2026, only an IRA, net spending 40,000, no SS: the gross W solves
    # W - tax(W) = 40,000. Deductions 2026: 16,100 + 2,050 (65+) + 6,000 senior = 24,150.
    # W lands in the 12% bracket (taxable 12,400..50,400), so
    # tax = 1,240 + 0.12 (W - 24,150 - 12,400) and W - tax = 40,000
    # -> 0.88 W = 40,000 + 1,240 - 0.12 x 36,550 = 36,854 -> W = 41,879.55, tax = 1,879.55.
    p = plan((person(1956, 70, horizon=80),), (account(K.TRADITIONAL_IRA, 1_000_000),),
             spending=40_000)
    r = project(p)
    assert r.flows["withdrawals"][0, 0] == pytest.approx(41_879.55, abs=0.05)
    assert r.flows["tax_federal"][0, 0] == pytest.approx(1_879.55, abs=0.05)


def test_early_withdrawal_pays_the_10_percent_penalty() -> None:
    # Retired at 50 (born 1976), taxes on, 20,000 of spending from a traditional IRA only.
    p = plan((person(1976, 50, horizon=60),), (account(K.TRADITIONAL_IRA, 1_000_000),),
             spending=20_000)
    r = project(p)
    w = r.flows["withdrawals"][0, 0]
    # W below the 16,100 standard deduction + 12,400 -> 10% bracket: tax = 10% (W - 16,100).
    # W = 20,000 + 0.1 (W - 16,100) + 0.1 W -> 0.8 W = 18,390 -> W = 22,987.50.
    assert w == pytest.approx(22_987.5, abs=0.05)
    assert r.flows["penalty"][0, 0] == pytest.approx(2_298.75, abs=0.05)


def test_social_security_claimed_at_70_and_inflated() -> None:
    # PIA 2,000/month today's dollars, claimed at 70 with FRA 67: x 1.24 = 2,480 a month.
    p = plan((person(1960, 66, horizon=75, social_security=SocialSecurity(2_000, 70)),),
             (account(K.TAXABLE, 10_000),), inflation=0.03, taxes=False)
    r = project(p)
    t70 = 2030 - 2026
    assert r.flows["social_security"][0, t70 - 1] == 0
    assert r.flows["social_security"][0, t70] == pytest.approx(2_480 * 12 * 1.03**t70)


def test_pension_with_cola_and_survivor_share() -> None:
    a = person(1961, 65, horizon=70, name="A")
    b = person(1961, 65, horizon=75, name="B")
    p = plan((a, b), (account(K.TAXABLE, 500_000),), taxes=False,
             income=(pension(24_000, 65, cola=0.02, survivor_share=0.5),))
    r = project(p)
    # Starts in 2026 (A turns 65): 24,000, then +2% a year; A's horizon ends in 2031,
    # from 2032 B gets half.
    assert r.flows["pension"][0, 0] == pytest.approx(24_000)
    assert r.flows["pension"][0, 5] == pytest.approx(24_000 * 1.02**5)
    assert r.flows["pension"][0, 6] == pytest.approx(0.5 * 24_000 * 1.02**6)


def test_spending_goal_in_todays_dollars_grows_with_inflation() -> None:
    p = plan((person(1956, 70, horizon=75),), (account(K.TAXABLE, 1_000_000),),
             spending=50_000, inflation=0.02, taxes=False)
    r = project(p)
    assert r.flows["spending_planned"][0] == pytest.approx(50_000 * 1.02 ** np.arange(6))
    assert r.real_flow("spending_planned")[0] == pytest.approx(np.full(6, 50_000.0))


def test_sample_plan_runs_and_is_consistent() -> None:
    r = project(sample_plan(), mode="expected")
    f = r.flows
    assert np.all(r.balances >= 0)
    assert f["spending_delivered"] + f["shortfall"] == pytest.approx(f["spending_planned"])
    assert r.summary.success_rate in (0.0, 1.0)


def test_money_is_conserved_with_zero_returns() -> None:
    # Zero returns and fees: each year income - taxes - contributions - spending equals what
    # was saved less what was withdrawn, and the accounts change by exactly that plus the
    # contributions and match.
    p = plan((person(1956, 70, horizon=80, social_security=SocialSecurity(1_500, 70)),),
             (account(K.TAXABLE, 300_000, cost_basis=100_000), account(K.TRADITIONAL_IRA, 400_000)),
             spending=45_000)
    r = project(p)
    f = {k: v[0] for k, v in r.flows.items()}
    net = f["income"] - f["taxes"] - f["contributions"] - f["spending"]
    assert net == pytest.approx(f["net_saved"], abs=0.01)
    assert f["net_saved"] == pytest.approx(f["saved"] - f["withdrawals"], abs=0.01)
    total = r.total_balance[0]
    before = np.concatenate([[700_000.0], total[:-1]])
    change = f["net_saved"] + f["contributions"] + f["employer_match"]
    assert total - before == pytest.approx(change, abs=0.01)


