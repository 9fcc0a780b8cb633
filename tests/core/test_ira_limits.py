"""Income limits on IRAs, hand-worked with the 2026 ranges in resources/data/us_rules.json:
traditional IRA deduction for a covered single filer $81,000-$91,000 (joint, covered
$129,000-$149,000; spouse covered $242,000-$252,000), Roth IRA single $153,000-$168,000."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.ira_limits import deductible, ira_ranges, reduced_limit
from planner.core.model import AccountKind, Conversion, ConversionMode
from planner.core.rules import load_rules
from tests.core.plans import account, person, plan

K = AccountKind


def _ira_saver(salary: float, with_401k: bool) -> object:
    """Single, 40 in 2026; $7,500 into a traditional IRA, $4,000 into a 401(k) if any."""
    accounts = [account(K.TRADITIONAL_IRA, 0, name="IRA", contribution=7_500),
                account(K.TAXABLE, 0, name="Brokerage")]
    if with_401k:
        accounts.append(account(K.TRADITIONAL_401K, 0, name="401(k)", contribution=4_000))
    return plan((person(1986, 65, salary=salary, salary_growth_rate=0.0),), tuple(accounts),
                spending=40_000)


def test_ira_deduction_inside_the_phase_out() -> None:
    # Covered by the 401(k). MAGI = 90,000 - 4,000 = 86,000: half way through the range,
    # 7,500 x (91,000 - 86,000) / 10,000 = 3,750 deductible.
    r = project(_ira_saver(90_000, with_401k=True))
    assert r.flows["ira_deduction"][0, 0] == pytest.approx(3_750)
    # AGI 86,000 - 3,750 = 82,250; taxable 66,150: 1,240 + 4,560 + 22% x 15,750 = 9,265.
    assert r.flows["agi"][0, 0] == pytest.approx(82_250)
    assert r.flows["tax_federal"][0, 0] == pytest.approx(9_265)


def test_no_ira_deduction_above_the_phase_out_and_full_without_a_workplace_plan() -> None:
    above = project(_ira_saver(100_000, with_401k=True))  # MAGI 96,000 > 91,000
    assert above.flows["ira_deduction"][0, 0] == 0
    uncovered = project(_ira_saver(100_000, with_401k=False))
    assert uncovered.flows["ira_deduction"][0, 0] == pytest.approx(7_500)


def test_the_part_not_deducted_is_after_tax_basis() -> None:
    # 2026: 65, covered, MAGI 96,000: the 7,500 IRA contribution is not deductible. 2027:
    # retired, the 7,500 is converted to Roth; being after-tax basis it adds no income.
    worker = person(1961, 66, salary=100_000, salary_growth_rate=0.0)
    p = plan((worker,), (account(K.TRADITIONAL_IRA, 0, name="IRA", contribution=7_500),
                         account(K.TRADITIONAL_401K, 0, name="401(k)", contribution=4_000),
                         account(K.ROTH_IRA, 0, name="Roth")), spending=0.0)
    p = p.with_changes(taxes=replace(p.taxes, roth_conversion=ConversionMode.FIXED,
                                     conversions=(Conversion(2027, 7_500),)))
    r = project(p)
    assert r.flows["ira_deduction"][0, 0] == 0
    assert r.flows["roth_conversion"][0, 1] == pytest.approx(7_500)
    assert r.flows["agi"][0, 1] == pytest.approx(0.0, abs=0.01)


def test_after_tax_basis_comes_out_pro_rata() -> None:
    # A 70-year-old's only account: an IRA of 100,000 with 40,000 of after-tax basis. Each
    # 20,000 withdrawal is 60% taxable (the rest is basis), in the first year and the next.
    p = plan((person(1956, 70, horizon=75),),
             (account(K.TRADITIONAL_IRA, 100_000, cost_basis=40_000),), spending=20_000)
    r = project(p)
    assert r.flows["withdrawals"][0, :2] == pytest.approx([20_000, 20_000])
    assert r.flows["agi"][0, :2] == pytest.approx([12_000, 12_000])


def test_rounding_up_to_ten_dollars_and_the_200_minimum() -> None:
    r = ira_ranges(load_rules(), 2026, 0.0)
    lo, hi = r.deduction_single_covered
    assert (lo, hi) == (81_000, 91_000)
    got = reduced_limit(7_500, np.array([86_001.0, 90_990.0, 91_000.0, 81_000.0]), lo, hi, r)
    # 7,500 x 4,999/10,000 = 3,749.25 -> 3,750; 7.50 -> 10 -> the $200 minimum; 0; all.
    assert got == pytest.approx([3_750, 200, 0, 7_500])


def test_joint_ranges_depend_on_who_is_covered() -> None:
    r = ira_ranges(load_rules(), 2026, 0.0)
    magi = np.array([139_000.0, 247_000.0])
    joint = np.array([True, True])
    covered = deductible(r, 7_500, np.full(2, 7_500.0), magi, joint, np.array([True, True]),
                         np.array([False, False]))
    # Covered: 129,000-149,000 -> half at 139,000; nothing at 247,000.
    assert covered == pytest.approx([3_750, 0])
    spouse = deductible(r, 7_500, np.full(2, 7_500.0), magi, joint, np.array([False, False]),
                        np.array([True, True]))
    # Not covered, spouse covered: 242,000-252,000 -> all at 139,000, half at 247,000.
    assert spouse == pytest.approx([7_500, 3_750])


def test_later_ranges_are_indexed_and_rounded_down_to_1000() -> None:
    r = ira_ranges(load_rules(), 2030, 0.03)
    lo, hi = r.deduction_single_covered
    assert lo == 81_000 * 1.03**4 // 1_000 * 1_000 and hi - lo == 10_000


def test_roth_ira_over_the_income_limit_goes_to_the_taxable_account() -> None:
    # MAGI 160,500: (168,000 - 160,500) / 15,000 = half of 7,500 allowed; 3,750 to taxable.
    p = plan((person(1986, 65, salary=160_500, salary_growth_rate=0.0),),
             (account(K.ROTH_IRA, 0, name="Roth IRA", contribution=7_500),
              account(K.TAXABLE, 0, name="Brokerage")), spending=40_000)
    r = project(p)
    assert r.flows["roth_ira_excess"][0, 0] == pytest.approx(3_750)
    assert r.balances[0, 0, 0] == pytest.approx(3_750)
    assert r.account_contributions[:, 0, 0] == pytest.approx([3_750, 3_750])
    assert r.flows["contributions"][0, 0] == pytest.approx(7_500)
    assert any("Roth IRA contributions over the income limit" in n for n in r.notes)
    # Under the range: all of it goes in.
    low = project(p.with_changes(people=(person(1986, 65, salary=120_000,
                                                salary_growth_rate=0.0),)))
    assert low.flows["roth_ira_excess"][0, 0] == 0
    assert low.balances[0, 0, 0] == pytest.approx(7_500)


def test_a_spousal_ira_stops_when_the_earning_spouse_dies() -> None:
    # Pat has no pay and puts $1,000 a year into an IRA on Sam's $50,000 salary (a spousal
    # IRA, IRC 219(c)). Sam dies at the end of 2027 (fixed age at death): from 2028 Pat has
    # no compensation of a spouse to contribute on, so nothing more goes in.
    pat = person(1980, 65, horizon=70, name="Pat")
    sam = person(1980, 65, horizon=70, name="Sam", salary=50_000, salary_growth_rate=0.0,
                 death_age=47)
    ira = account(AccountKind.TRADITIONAL_IRA, 10_000, name="Pat IRA", contribution=1_000)
    p = plan((pat, sam), (ira, account(AccountKind.TAXABLE, 100_000, name="Savings",
                                       owner=1)), spending=10_000)
    r = project(p)
    assert r.account_contributions[0, 0, :4] == pytest.approx([1_000, 1_000, 0, 0])
