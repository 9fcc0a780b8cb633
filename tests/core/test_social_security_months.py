"""Social Security to the month: the birth month and day, the claim year's months, the
earnings test with the recomputation at full retirement age, and the trust-fund cut.

Hand-worked from the rules: 20 CFR 404.2(c)(4) (an age is attained the day before the
birthday), 20 CFR 404.311 (62 throughout the first month), 42 USC 402(q) (5/9 of 1% a month
for the first 36 months early, 5/12 of 1% beyond), 402(w) (2/3 of 1% a month delayed),
403(b)/(f) (the earnings test; 2026 exempt amounts $24,480 and $65,160, SSA rtdet.html) and
402(q)(7) (the reduction recomputed at FRA for the months withheld).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.core.engine import project
from planner.core.model import AccountKind as K
from planner.core.rules import load_rules
from planner.core.social_security import claim
from tests.core.plans import SocialSecurity, account, person, plan

EARLY_36 = 5 / 9 / 100
EARLY_MORE = 5 / 12 / 100
DELAYED = 2 / 3 / 100


def _early(months: int) -> float:
    return 1 - EARLY_36 * min(months, 36) - EARLY_MORE * max(months - 36, 0)


def _one(birth_year: int, month: int, day: int, claim_age: float, pia: float = 2_000.0,
         **kw: object):  # type: ignore[no-untyped-def]
    p = person(birth_year, kw.pop("retirement_age", 62), horizon=kw.pop("horizon", 75),  # type: ignore[arg-type]
               birth_month=month, birth_day=day,
               social_security=SocialSecurity(pia, claim_age), **kw)
    return plan((p,), (account(K.TAXABLE, 2_000_000),), spending=10_000)


@pytest.mark.parametrize(("day", "early_months"), [
    # Born May 1964 (FRA 67). On the 1st: the age counts from April, FRA is April 2031, and
    # one is 62 throughout May 2026 -> 59 months early. On the 2nd: 62 on 1 May, throughout
    # May; FRA May 2031 -> 60 months. On the 15th: 62 on 14 May, throughout June -> 59.
    (1, 59), (2, 60), (15, 59),
])
def test_claiming_at_62_counts_months_from_the_birthday(day: int, early_months: int) -> None:
    p = _one(1964, 5, day, 62.0)
    c = claim(p, load_rules(), 0)
    assert c.fra_month - c.first_month == early_months
    assert c.factor == pytest.approx(_early(early_months))
    assert c.first_month == 2026 * 12 + (4 if day in (1, 2) else 5)  # May, or June


def test_a_first_of_january_birth_uses_the_previous_years_fra() -> None:
    # Born 1 January 1960: counted as December 1959, whose FRA is 66 and 10 months, i.e.
    # October 2026. Claiming at 66 starts in December 2025 (66 is attained on 31 December
    # 2025's month): 10 months early, 1 - 10 x 5/9%.
    p = _one(1960, 1, 1, 66.0, retirement_age=66)
    c = claim(p, load_rules(), 0)
    assert c.fra_months == 66 * 12 + 10
    assert c.fra_month == 2026 * 12 + 9  # October 2026
    assert c.fra_month - c.first_month == 10  # December 2025 to October 2026
    assert c.factor == pytest.approx(_early(10))


@pytest.mark.parametrize(("day", "months_paid"), [(1, 9), (2, 8), (15, 8)])
def test_the_claim_year_pays_the_months_from_the_claim(day: int, months_paid: int) -> None:
    # Born May 1960 (FRA 67), claiming at 70: from the month 70 is attained (April 2030 for
    # a birthday on the 1st, May 2030 otherwise); 36 months late: +24%.
    p = _one(1960, 5, day, 70.0, retirement_age=66, horizon=72)
    r = project(p, mode="expected")
    c = claim(p, load_rules(), 0)
    assert c.factor == pytest.approx(1 + 36 * DELAYED)
    t_2030 = 2030 - 2026
    assert r.flows["social_security"][0, t_2030] == pytest.approx(2_000 * 1.24 * months_paid)
    assert r.flows["social_security"][0, t_2030 + 1] == pytest.approx(2_000 * 1.24 * 12)


def test_the_earnings_test_withholds_and_fra_gives_the_months_back() -> None:
    # Born 15 May 1964, claims at 62 (June 2026: 59 months early, 70.42% of a 2,000 PIA =
    # 1,408.33 a month), earns 50,000 a year until 65 (2026-2028), no inflation.
    # 2026: (50,000 - 24,480) / 2 = 12,760 to withhold; the 7 months paid (9,858.33) are
    #       all withheld: 7 months lost.
    # 2027, 2028: 12,760 withheld -> 10 whole months each (14,083.33 >= 12,760).
    # 27 months lost: at FRA (May 2031) the reduction counts 59 - 27 = 32 months: 82.22%.
    monthly = 2_000 * _early(59)
    p = _one(1964, 5, 15, 62.0, retirement_age=65, horizon=70, salary=50_000,
             salary_growth_rate=0.0)
    r = project(p, mode="expected")
    ss = r.flows["social_security"][0]
    assert ss[0] == pytest.approx(0.0)
    assert ss[1] == pytest.approx(12 * monthly - 12_760)
    assert ss[2] == pytest.approx(12 * monthly - 12_760)
    assert ss[3] == pytest.approx(12 * monthly)  # retired: nothing withheld
    after = 2_000 * _early(32)
    assert ss[5] == pytest.approx(4 * monthly + 8 * after)  # 2031: FRA in May
    assert ss[6] == pytest.approx(12 * after)


def test_earnings_under_the_exempt_amount_change_nothing() -> None:
    p = _one(1964, 5, 15, 62.0, retirement_age=65, horizon=70, salary=24_000,
             salary_growth_rate=0.0)
    ss = project(p, mode="expected").flows["social_security"][0]
    monthly = 2_000 * _early(59)
    assert ss[0] == pytest.approx(7 * monthly)
    assert ss[5] == pytest.approx(12 * monthly)  # no recomputation: nothing was withheld


def test_the_year_of_fra_counts_only_earnings_before_fra_at_one_in_three() -> None:
    # Born 15 May 1961 (FRA 67, May 2028), claims at 65 (May 2026: 24 months early, 86.67%
    # of 3,000 = 2,600 a month) and earns 120,000 a year until 67 (2026, 2027).
    # 2026: (120,000 - 24,480) / 2 = 47,760 -> all 8 months (20,800) withheld.
    # 2027: 47,760 -> all 12 months (31,200) withheld.
    # 2028 (FRA year): no pay (retired at 67). Recomputed from May 2028 with 20 months
    # credited: 4 months early, 97.78%.
    monthly = 3_000 * _early(24)
    p = _one(1961, 5, 15, 65.0, pia=3_000, retirement_age=67, horizon=70, salary=120_000,
             salary_growth_rate=0.0)
    ss = project(p, mode="expected").flows["social_security"][0]
    assert ss[0] == pytest.approx(0.0) and ss[1] == pytest.approx(0.0)
    assert ss[2] == pytest.approx(4 * monthly + 8 * 3_000 * _early(4))
    # With pay in the FRA year too (retiring at 68): 120,000 x 4/12 = 40,000 before FRA is
    # under 65,160, so nothing is withheld in 2028.
    p = _one(1961, 5, 15, 65.0, pia=3_000, retirement_age=68, horizon=70, salary=120_000,
             salary_growth_rate=0.0)
    ss = project(p, mode="expected").flows["social_security"][0]
    assert ss[2] == pytest.approx(4 * monthly + 8 * 3_000 * _early(4))


def test_the_trust_fund_cut_pays_83_percent_from_2034() -> None:
    p = _one(1960, 5, 15, 67.0, retirement_age=66, horizon=80)
    cut = p.with_changes(assumptions=replace(p.assumptions, social_security_cut=True))
    full = project(p, mode="expected").flows["social_security"][0]
    less = project(cut, mode="expected").flows["social_security"][0]
    t_2034 = 2034 - 2026
    assert less[:t_2034] == pytest.approx(full[:t_2034])
    assert less[t_2034:] == pytest.approx(0.83 * full[t_2034:])
