"""Health care: the premium tax credit (IRC 36B, 2026), Medicare premiums and IRMAA, out-of-
pocket costs, hand-worked from resources/data/us_health_rules.json.

2026 coverage uses the 2025 poverty guideline: $21,150 for two. Applicable percentages
(Rev. Proc. 2025-25): 4.19% at 150%, 9.96% from 300% to 400%, no credit above 400%.
Benchmark: the KFF national average for a 40-year-old, $625 a month, times the federal age
curve relative to age 40 (1.278): age 60, 2.714; age 62, 2.873.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.health import AcaYear, age_factor, credit_table, medicare_start_month
from planner.core.model import AccountKind as K
from planner.core.model import (
    Conversion,
    ConversionCap,
    ConversionMode,
    Health,
    IncomeKind,
    IncomeStream,
)
from tests.core.plans import account, person, plan

FPL_2 = 21_150
BENCH_60 = 625 * 2.714 / 1.278
BENCH_62 = 625 * 2.873 / 1.278
YEAR_BENCHMARK = 12 * (BENCH_60 + BENCH_62)


def _couple_60_62(income: float) -> tuple[np.ndarray, np.ndarray]:
    aca = AcaYear(months=np.full((2, 1), 12.0),
                  monthly=np.array([[BENCH_60], [BENCH_62]]),
                  table=credit_table(2026), index=np.ones(1), people=np.array([2]))
    assert aca.premium[0] == pytest.approx(YEAR_BENCHMARK)
    return aca.credit(np.array([income]))


def test_age_curve_relative_to_forty() -> None:
    assert age_factor(40) == pytest.approx(1.0)
    assert age_factor(60) == pytest.approx(2.714 / 1.278)
    assert age_factor(70) == pytest.approx(3.0 / 1.278)  # 64 and over: 3.0


@pytest.mark.parametrize(("share", "applicable"), [(1.50, 0.0419), (3.00, 0.0996)])
def test_premium_credit_2026_at_150_and_300_percent(share: float, applicable: float) -> None:
    # 150%: 31,725 of income, 4.19% of it (1,329.28) is the couple's part.
    # 300%: 63,450, 9.96% of it (6,319.62).
    income = share * FPL_2
    credit, lost = _couple_60_62(income)
    assert credit[0] == pytest.approx(YEAR_BENCHMARK - applicable * income)
    assert lost[0] == 0


def test_no_credit_above_400_percent_and_what_is_lost() -> None:
    # 401% (84,811.50): no credit in 2026. At 400% (84,600) it would have been the benchmark
    # less 9.96% of 84,600 = 8,426.16.
    credit, lost = _couple_60_62(4.01 * FPL_2)
    assert credit[0] == 0
    assert lost[0] == pytest.approx(YEAR_BENCHMARK - 0.0996 * 4 * FPL_2)
    credit, _ = _couple_60_62(4.00 * FPL_2)  # exactly 400%: still eligible
    assert credit[0] == pytest.approx(YEAR_BENCHMARK - 0.0996 * 4 * FPL_2)


def test_below_the_poverty_line_there_is_no_credit() -> None:
    credit, _ = _couple_60_62(0.99 * FPL_2)
    assert credit[0] == 0


def test_the_ratio_is_truncated_to_a_whole_percent() -> None:
    # 150.9% counts as 150%: the 4.19% of the 150% row's start.
    income = 1.509 * FPL_2
    credit, _ = _couple_60_62(income)
    assert credit[0] == pytest.approx(YEAR_BENCHMARK - 0.0419 * income)


def test_2025_had_no_cliff() -> None:
    aca = AcaYear(months=np.full((2, 1), 12.0), monthly=np.array([[BENCH_60], [BENCH_62]]),
                  table=credit_table(2025), index=np.ones(1), people=np.array([2]))
    credit, lost = aca.credit(np.array([100_000.0]))
    assert credit[0] == pytest.approx(YEAR_BENCHMARK - 0.085 * 100_000)
    assert lost[0] == 0


def test_medicare_starts_in_the_birth_month_or_the_month_before_on_the_first() -> None:
    assert medicare_start_month(1961, 5, 15) == 2026 * 12 + 4  # May 2026
    assert medicare_start_month(1961, 5, 1) == 2026 * 12 + 3  # April 2026


def _retired_couple(income: float, **health: object):  # type: ignore[no-untyped-def]
    # Retired at 60 and 62 in 2026, born in January (15th): Jan 1 ages 59 and 61; a pension
    # sets the household's income.
    people = (person(1966, 60, horizon=70, name="Ana"), person(1964, 62, horizon=70, name="Ben"))
    stream = IncomeStream(name="Pension", kind=IncomeKind.PENSION, amount=income, start_age=50)
    p = plan(people, (account(K.TAXABLE, 2_000_000),), spending=30_000, income=(stream,))
    return p.with_changes(health=Health(premiums=True, **health))  # type: ignore[arg-type]


def test_the_engine_charges_the_benchmark_less_the_credit_on_the_years_income() -> None:
    # Ana is 59 and Ben 61 on 1 January 2026: benchmark 625 x (2.603 + 2.810) / 1.278 a
    # month. A 50,000 pension is the household income (236% of 21,150 -> 2.36: 6.60% +
    # 0.36/0.5 x 1.84% = 7.9248%).
    p = _retired_couple(50_000)
    f = project(p, mode="expected").flows
    bench = 12 * 625 * (2.603 + 2.810) / 1.278
    assert f["aca_premium"][0, 0] == pytest.approx(bench)
    assert f["premium_credit"][0, 0] == pytest.approx(bench - 0.079248 * 50_000)
    assert f["health_costs"][0, 0] == pytest.approx(0.079248 * 50_000)


def test_a_conversion_over_the_cliff_loses_the_credit() -> None:
    p = _retired_couple(50_000)
    accts = p.accounts + (account(K.TRADITIONAL_IRA, 500_000, name="IRA"),
                          account(K.ROTH_IRA, 0, name="Roth"))
    converted = p.with_changes(accounts=accts, taxes=replace(
        p.taxes, roth_conversion=ConversionMode.FIXED, conversions=(Conversion(2026, 40_000),)))
    f = project(converted, mode="expected").flows
    # 90,000 of income is 425% of the poverty line: no credit, and the year table shows
    # what staying at 400% would have kept.
    assert f["premium_credit"][0, 0] == 0
    bench = 12 * 625 * (2.603 + 2.810) / 1.278
    assert f["premium_credit_lost"][0, 0] == pytest.approx(bench - 0.0996 * 4 * FPL_2)


def test_medicare_premiums_and_irmaa_at_two_tiers() -> None:
    # Single, 70, 2026. Part B 202.90 + Part D 38.99 a month. MAGI 120,000 is IRMAA tier 1
    # (109,000-137,000): +81.20 (B) +14.50 (D); MAGI 150,000 is tier 2 (137,000-171,000):
    # +202.90 +37.50. The look-back before the plan's third year uses the year's income.
    for pension, b, d in ((120_000, 81.20, 14.50), (150_000, 202.90, 37.50)):
        stream = IncomeStream(name="Pension", kind=IncomeKind.PENSION, amount=pension,
                              start_age=60)
        p = plan((person(1956, 70, horizon=75),), (account(K.TAXABLE, 1_000_000),),
                 spending=20_000, income=(stream,), health=Health(premiums=True))
        f = project(p, mode="expected").flows
        assert f["medicare_premiums"][0, 0] == pytest.approx(12 * (202.90 + 38.99))
        assert f["irmaa"][0, 0] == pytest.approx(12 * (b + d))
        assert f["aca_premium"][0, 0] == 0


def test_a_couple_on_medicare_pays_per_person_on_joint_thresholds() -> None:
    # Both 70, joint MAGI 300,000: tier 2 (274,000-342,000) for each: 2 x 12 x (202.90 +
    # 37.50) of IRMAA.
    stream = IncomeStream(name="Pension", kind=IncomeKind.PENSION, amount=300_000, start_age=60)
    p = plan((person(1956, 70, horizon=75), person(1956, 70, horizon=75, name="Lee")),
             (account(K.TAXABLE, 1_000_000),), spending=20_000, income=(stream,),
             health=Health(premiums=True))
    f = project(p, mode="expected").flows
    assert f["irmaa"][0, 0] == pytest.approx(2 * 12 * (202.90 + 37.50))


def test_out_of_pocket_costs_grow_at_the_health_rate_and_start_at_retirement() -> None:
    # 5,000 a year from retirement (2028), 5% a year nominal with 2% inflation: in today's
    # dollars 5,000 x (1.05 / 1.02)^t.
    p = plan((person(1966, 62, horizon=70, salary=80_000),), (account(K.TAXABLE, 1_000_000),),
             spending=20_000, inflation=0.02,
             health=Health(premiums=False, out_of_pocket_annual=5_000, cost_growth=0.05))
    r = project(p, mode="expected")
    real = r.real_flow("medical_costs")[0]
    assert real[:2] == pytest.approx([0, 0])
    assert real[2] == pytest.approx(5_000 * (1.05 / 1.02) ** 2)


def test_a_conversion_capped_at_the_aca_cliff_keeps_the_credit() -> None:
    # The couple above converting 40,000 would reach 425%; capped at the cliff, income stops
    # at 400% of 21,150 = 84,600 (held half a dollar under a cap): 34,599.50 is converted
    # and 9.96% of the income is their part.
    p = _retired_couple(50_000)
    accts = p.accounts + (account(K.TRADITIONAL_IRA, 500_000, name="IRA"),
                          account(K.ROTH_IRA, 0, name="Roth"))
    capped = p.with_changes(accounts=accts, taxes=replace(
        p.taxes, roth_conversion=ConversionMode.FIXED, conversions=(Conversion(2026, 40_000),),
        conversion_cap=ConversionCap.ACA_CLIFF))
    f = project(capped, mode="expected").flows
    assert f["roth_conversion"][0, 0] == pytest.approx(34_599.5, abs=0.01)
    bench = 12 * 625 * (2.603 + 2.810) / 1.278
    assert f["premium_credit"][0, 0] == pytest.approx(bench - 0.0996 * 84_599.5)


@pytest.mark.parametrize(("tier", "top"), [(0, 109_000), (2, 171_000)])
def test_a_conversion_capped_at_an_irmaa_tier(tier: int, top: float) -> None:
    # Single, 66, a 60,000 pension: converting 200,000 is held to MAGI at the top of the tier
    # (2026 single: 109,000 for no surcharge, 171,000 for tier 2), half a dollar under it.
    stream = IncomeStream(name="Pension", kind=IncomeKind.PENSION, amount=60_000, start_age=60)
    p = plan((person(1960, 66, horizon=70),),
             (account(K.TRADITIONAL_IRA, 900_000, name="IRA"), account(K.ROTH_IRA, 0),
              account(K.TAXABLE, 500_000, name="Tax")), spending=30_000, income=(stream,))
    p = p.with_changes(taxes=replace(
        p.taxes, roth_conversion=ConversionMode.FIXED, conversions=(Conversion(2026, 200_000),),
        conversion_cap=ConversionCap.IRMAA_TIER, conversion_irmaa_tier=tier))
    f = project(p, mode="expected").flows
    assert f["roth_conversion"][0, 0] == pytest.approx(top - 60_000.5, abs=0.01)
    assert f["agi"][0, 0] == pytest.approx(top - 0.5, abs=0.01)


def test_medicare_waits_while_covered_at_work_and_the_marketplace_fills_the_gap() -> None:
    # Born 15 March 1961: 65 in March 2026. Working to 67, the employer plan covers them:
    # no Medicare premiums until 2028. Retired at 65 instead, January and February 2026
    # are marketplace months (aged 64 on 1 January) and Medicare starts in March: 10 months.
    worker = person(1961, 67, horizon=70, birth_month=3, salary=100_000)
    p = plan((worker,), (account(K.TAXABLE, 1_000_000),), spending=30_000,
             health=Health(premiums=True))
    f = project(p, mode="expected").flows
    assert f["medicare_premiums"][0, :2] == pytest.approx([0, 0])
    assert f["medicare_premiums"][0, 2] > 0 and f["aca_premium"][0].sum() == 0
    retiree = person(1961, 65, horizon=70, birth_month=3)
    p = plan((retiree,), (account(K.TAXABLE, 1_000_000),), spending=30_000,
             health=Health(premiums=True))
    f = project(p, mode="expected").flows
    assert f["medicare_premiums"][0, 0] == pytest.approx(10 * (202.90 + 38.99))
    assert f["aca_premium"][0, 0] == pytest.approx(2 * 625 * 3.0 / 1.278)  # 64 on 1 January


def test_new_york_community_rates_and_alaska_has_its_own_poverty_line() -> None:
    # New York charges every adult the benchmark entered for a 40-year-old: 2 x 12 x 700.
    p = _retired_couple(50_000, aca_benchmark_monthly=700.0)
    ny = p.with_changes(taxes=replace(p.taxes, state="NY"))
    assert project(ny, mode="expected").flows["aca_premium"][0, 0] == pytest.approx(2 * 12 * 700)
    # In Alaska 90,000 is 340% of the 2025 guideline for two (26,430), not over 400%.
    ak = _retired_couple(90_000).with_changes(taxes=replace(p.taxes, state="AK"))
    f = project(ak, mode="expected").flows
    bench = 12 * 625 * (2.603 + 2.810) / 1.278
    assert f["premium_credit"][0, 0] == pytest.approx(bench - 0.0996 * 90_000)


def test_the_poverty_line_follows_prices_when_brackets_are_held() -> None:
    # An 80,000 pension rising with 10% inflation: 88,000 in 2027. The poverty line rises
    # too (23,265), whether or not brackets are indexed: 378%, under the cliff either way
    # (held at 21,150 it would be 416%, and no credit).
    for indexed in (True, False):
        p = _retired_couple(80_000).with_changes(assumptions=replace(
            _retired_couple(0).assumptions, inflation_rate=0.10))
        p = p.with_changes(taxes=replace(p.taxes, index_brackets=indexed))
        f = project(p, mode="expected").flows
        assert f["premium_credit"][0, 1] > 0, indexed


def test_a_survivors_out_of_pocket_costs_are_half_the_couples() -> None:
    people = (person(1961, 65, horizon=70, name="Ana", death_age=66),
              person(1961, 65, horizon=70, name="Ben"))
    p = plan(people, (account(K.TAXABLE, 1_000_000),), spending=20_000,
             health=Health(premiums=False, out_of_pocket_annual=6_000, cost_growth=0.0))
    f = project(p, mode="expected").flows
    assert f["medical_costs"][0, :3] == pytest.approx([6_000, 6_000, 3_000])


def test_medicare_month_waits_for_employer_coverage_to_end() -> None:
    # Born 15 March 1968, covered at work until 67: Medicare from January 2035, not March
    # 2033; the marketplace never comes in between.
    from planner.core.health import medicare_month
    p = plan((person(1968, 67, horizon=80, birth_month=3, health_coverage_until_age=67),),
             (account(K.TAXABLE, 100_000),))
    assert medicare_month(p, 0) == 2035 * 12
    p = plan((person(1968, 62, horizon=80, birth_month=3),), (account(K.TAXABLE, 100_000),))
    assert medicare_month(p, 0) == 2033 * 12 + 2  # March 2033


def test_drawing_past_the_poverty_line_to_get_the_credit_funds_the_year() -> None:
    # Spending 5,000 from a traditional IRA: below 100% of the poverty line (21,150) there
    # is no credit and the whole premium must be paid, which takes a draw above the line,
    # where the credit pays most of it. There is no draw that pays the year exactly: the
    # least that pays is the one reaching the line (AGI 21,150 - the ratio is truncated),
    # and what is left over is saved; the year is funded, not short.
    people = (person(1966, 60, horizon=70, name="Ana"), person(1964, 62, horizon=70, name="Ben"))
    p = plan(people, (account(K.TRADITIONAL_IRA, 1_000_000, name="IRA"),
                      account(K.TAXABLE, 0, name="Tax")), spending=5_000,
             health=Health(premiums=True))
    f = project(p, mode="expected").flows
    assert f["shortfall"][0, 0] == 0
    assert f["premium_credit"][0, 0] > 20_000
    assert f["agi"][0, 0] == pytest.approx(FPL_2, abs=0.05)
    assert f["saved"][0, 0] > 0
