"""The death of a spouse: rollover and the survivor's RMDs, step-up of basis, survivor
Social Security, pensions, filing status and spending. Hand-worked with the IRS Uniform
Lifetime Table (Pub. 590-B) and SSA's survivor rules (resources/data/planner_rules.json)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import (
    AccountKind,
    Health,
    IncomeKind,
    IncomeStream,
    SocialSecurity,
    SpendingPhase,
)
from planner.core.rules import load_rules
from planner.core.social_security import widow_monthly
from tests.core.plans import account, pension, person, plan

K = AccountKind


def _couple(b_born: int, **kw: object) -> object:
    a = person(1950, 76, horizon=95, name="A", death_age=77)  # 76 in 2026, dies end of 2027
    b = person(b_born, 2026 - b_born, horizon=95, name="B")
    return plan((a, b), (account(K.TRADITIONAL_IRA, 500_000, name="A's IRA"),
                         account(K.TAXABLE, 0, name="Joint", joint=True)), taxes=False, **kw)


def test_rollover_at_death_then_the_survivors_first_rmd() -> None:
    r = project(_couple(1955))
    rmd = r.flows["rmd"][0]
    # A (born 1950, RMDs from 72): 2026 at 76, 500,000 / 23.7; 2027 at 77, / 22.9.
    first = 500_000 / 23.7
    second = (500_000 - first) / 22.9
    assert rmd[:2] == pytest.approx([first, second])
    # 2028: the IRA is B's (born 1955: RMDs from 73). B is 73: divisor 26.5.
    assert rmd[2] == pytest.approx((500_000 - first - second) / 26.5)


def test_a_younger_survivor_takes_no_rmd_until_their_own_rmd_age() -> None:
    r = project(_couple(1962))  # B: 66 in 2028, RMDs from 75 (born 1960 or later)
    rmd = r.flows["rmd"][0]
    assert rmd[2] == 0
    assert (rmd[3:2037 - 2026] == 0).all()
    assert rmd[2037 - 2026] > 0  # B turns 75 in 2037


def test_filing_status_is_joint_in_the_year_of_death_and_single_after() -> None:
    p = replace(_couple(1955), taxes=replace(_couple(1955).taxes, enabled=True))  # type: ignore
    r = project(p)
    # Deductions: 2026-2027 joint (32,200 + 2 x 1,650 + senior), 2028 single B (16,100 +
    # 2,050 + senior). The senior deduction (6,000 each) phases out above 150,000/75,000.
    d = r.flows["deductions"][0]
    assert d[0] == pytest.approx(32_200 + 2 * 1_650 + 2 * 6_000)
    assert d[2] == pytest.approx(16_100 + 2_050 + 6_000)


def test_step_up_of_a_taxable_account_at_death() -> None:
    # A's own brokerage: 100,000 worth, 40,000 basis. A dies at the end of 2026; in 2027 B
    # sells 20,000 for spending. Stepped up in full, no gain; without a death, 60% gain.
    a = person(1956, 70, horizon=95, name="A", death_age=70)
    b = person(1958, 68, horizon=95, name="B")
    own = account(K.TAXABLE, 100_000, name="A's brokerage", cost_basis=40_000)
    p = plan((a, b), (own,), spending=20_000, taxes=False)
    p = replace(p, spending=replace(p.spending, survivor_change=0.0))
    assert project(p).flows["capital_gains"][0, 1] == pytest.approx(0.0)
    alive = replace(p, people=(replace(a, death_age=None), b))
    assert project(alive).flows["capital_gains"][0, 1] == pytest.approx(0.6 * 20_000)
    # A joint account steps up by half: basis 0.5 x 40,000 + 0.5 x 80,000 (after 2026's
    # 20,000 sale at 40% basis: 100,000 -> 80,000, basis 40,000 -> 32,000).
    joint = replace(p, accounts=(replace(own, joint=True),))
    basis = 0.5 * 32_000 + 0.5 * 80_000
    assert project(joint).flows["capital_gains"][0, 1] == pytest.approx(
        20_000 * (1 - basis / 80_000))


def test_survivor_benefit_reduced_at_62_and_full_at_fra() -> None:
    rules = load_rules()
    # The deceased's PIA 2,000 (claimed at FRA 67, so the base is the PIA). A survivor born
    # 1965 has a survivor FRA of 67: starting at 62 is 60 months early, 0.285 x 60/84.
    a = person(1960, 67, name="A", social_security=SocialSecurity(2_000, 67))
    b = person(1965, 67, name="B", social_security=SocialSecurity(300, 67))
    couple = plan((a, b), ())
    assert widow_monthly(couple, rules, 1, 0, 70, 62) == pytest.approx(
        2_000 * (1 - 0.285 * 60 / 84))
    assert widow_monthly(couple, rules, 1, 0, 70, 67) == pytest.approx(2_000)
    # Born 1950: survivor FRA 66 (72 months after 60); at 62, 48 months early: 81.0%.
    older = replace(couple, people=(a, replace(b, birth_year=1950)))
    assert widow_monthly(older, rules, 1, 0, 70, 62) == pytest.approx(2_000 * 0.81)
    # Claimed at 70 (+24% delayed credits): the survivor at FRA gets 2,480.
    late = replace(couple, people=(replace(a, social_security=SocialSecurity(2_000, 70)), b))
    assert widow_monthly(late, rules, 1, 0, 75, 67) == pytest.approx(2_480)


def test_widow_limit_when_the_deceased_claimed_early() -> None:
    rules = load_rules()
    # Claimed at 62 (70% of PIA). The survivor at FRA gets at most the larger of 70% and
    # 82.5% of the PIA: 1,650. At 62 the age-reduced 79.64% is lower and applies.
    a = person(1960, 62, name="A", social_security=SocialSecurity(2_000, 62))
    b = person(1965, 67, name="B")
    couple = plan((a, b), ())
    assert widow_monthly(couple, rules, 1, 0, 66, 67) == pytest.approx(1_650)
    assert widow_monthly(couple, rules, 1, 0, 66, 62) == pytest.approx(
        2_000 * (1 - 0.285 * 60 / 84))
    # Died before FRA without claiming: the full PIA; after FRA, with credits earned.
    unclaimed = replace(couple, people=(replace(a, social_security=SocialSecurity(2_000, 70)),
                                        b))
    assert widow_monthly(unclaimed, rules, 1, 0, 65, 67) == pytest.approx(2_000)
    assert widow_monthly(unclaimed, rules, 1, 0, 68, 67) == pytest.approx(2_000 * 1.08)


def test_survivor_benefit_in_the_engine_starts_the_year_after_the_death() -> None:
    # A (born 1959, FRA 66 and 10 months) claimed at 67 and dies at the end of 2026 at 67.
    # B (born 1965) is 62 in 2027 and has not claimed (her own claim is at 67 in 2032).
    a = person(1959, 67, name="A", death_age=67, social_security=SocialSecurity(2_000, 67))
    b = person(1965, 67, name="B", social_security=SocialSecurity(300, 67))
    p = plan((a, b), (account(K.TAXABLE, 1_000_000),), taxes=False, spending=30_000)
    r = project(p)
    own_a = 2_000 * load_rules().claiming_factor(1959, 67)  # 2 months of delayed credits
    ss = r.flows["social_security"][0]
    assert ss[0] == pytest.approx(own_a * 12)
    widow = own_a * (1 - 0.285 * 60 / 84)  # base: A's benefit with its credits
    assert ss[1] == pytest.approx(widow * 12)
    # From 2032 her own 300 is smaller: she keeps the widow's benefit.
    assert ss[2032 - 2026] == pytest.approx(widow * 12)


def test_pension_survivor_share_and_the_survivors_spending() -> None:
    a = person(1956, 70, horizon=95, name="A", death_age=72)  # dies end of 2028
    b = person(1958, 68, horizon=95, name="B")
    p = plan((a, b), (account(K.TAXABLE, 2_000_000),), spending=80_000, taxes=False,
             income=(pension(30_000, 65, survivor_share=0.6),
                     IncomeStream(name="Flat", kind=IncomeKind.RENTAL, amount=12_000,
                                  survivor_share=1.0)))
    r = project(p)
    assert r.flows["pension"][0, :4] == pytest.approx([30_000] * 3 + [18_000])
    assert r.flows["rental"][0, :4] == pytest.approx([12_000] * 4)
    # Spending 80,000 while both live, 20% less (the default) for the survivor.
    assert r.flows["spending_planned"][0, :4] == pytest.approx([80_000] * 3 + [64_000])


def test_the_plan_ends_at_the_last_death_and_reports_the_estate() -> None:
    a = person(1956, 70, horizon=95, name="A", death_age=80)
    b = person(1958, 68, horizon=95, name="B", death_age=85)  # dies end of 2043
    p = plan((a, b), (account(K.TAXABLE, 2_000_000),), spending=50_000, taxes=False)
    r = project(p)
    assert int(r.years[-1]) == 2043 == p.end_year
    assert r.estate_real[0] == pytest.approx(r.total_balance_real[0, -1])
    assert r.summary.terminal_balance == pytest.approx(r.estate_real[0])
    assert (r.death_ages()[:, 0] == [80, 85]).all()


def test_a_contribution_stops_when_its_owner_dies() -> None:
    a = person(1976, 65, horizon=95, name="A", death_age=52, salary=100_000,
               salary_growth_rate=0.0)  # 50 in 2026, dies end of 2028
    b = person(1978, 65, horizon=95, name="B")
    p = plan((a, b), (account(K.TRADITIONAL_401K, 0, contribution=10_000),
                      account(K.TAXABLE, 500_000)), spending=40_000, taxes=False)
    r = project(p)
    assert r.flows["contributions"][0, :4] == pytest.approx([10_000] * 3 + [0])
    assert r.flows["salary"][0, 3] == 0
    assert np.isfinite(r.total_balance).all()


def test_a_survivor_whose_spouse_died_working_spends_the_retirement_amount() -> None:
    # A works to 65 but dies at 55 (end of 2031); B is retired. From 2032 every earner left
    # is retired: B spends the retirement amount (less 20%), not the pre-retirement one.
    a = person(1976, 65, name="A", death_age=55, salary=90_000, salary_growth_rate=0.0)
    b = person(1974, 52, name="B")
    p = plan((a, b), (account(K.TAXABLE, 3_000_000),), spending=60_000, taxes=False)
    p = p.with_changes(spending=replace(p.spending, pre_retirement_annual=80_000))
    goal = project(p).flows["spending_planned"][0]
    assert goal[2031 - 2026] == pytest.approx(80_000)
    assert goal[2032 - 2026] == pytest.approx(0.8 * 60_000)


def test_household_phases_count_only_ages_reached_alive() -> None:
    # Phase at 80 for the household. Chris (born 1955) dies at 74, end of 2029; Dana (born
    # 1958) reaches 80 in 2038: the phase starts then, not when Chris would have been 80.
    chris = person(1955, 71, name="Chris", death_age=74)
    dana = person(1958, 68, name="Dana")
    p = plan((chris, dana), (account(K.TAXABLE, 3_000_000),), spending=80_000, taxes=False)
    p = p.with_changes(spending=replace(p.spending, survivor_change=0.0,
                                        phases=(SpendingPhase(80, 70_000),)))
    goal = project(p).flows["spending_planned"][0]
    assert goal[2035 - 2026] == pytest.approx(80_000)
    assert goal[2037 - 2026] == pytest.approx(80_000)
    assert goal[2038 - 2026] == pytest.approx(70_000)
    # A phase that had started before the death goes on: Chris 80 in 2035, dies at 81.
    later = p.with_changes(people=(replace(chris, death_age=81), dana))
    goal = project(later).flows["spending_planned"][0]
    assert goal[2035 - 2026] == pytest.approx(70_000)
    assert goal[2037 - 2026] == pytest.approx(70_000)


def test_the_household_retires_when_its_last_earner_dies_before_retiring() -> None:
    bob = person(1968, 67, name="Bob", death_age=62, salary=90_000)  # dies end of 2030
    ann = person(1966, 60, name="Ann")
    p = plan((bob, ann), (account(K.TAXABLE, 2_000_000),), spending=60_000, taxes=False)
    assert p.retirement_year == 2031
    assert project(p).summary.retirement_year == 2031


def test_a_young_survivor_pays_no_penalty_on_the_inherited_401k() -> None:
    # Pat dies at 60 (end of 2028); Sam (born 1973) is 56 in 2029 and lives on Pat's 401(k).
    # As a beneficiary Sam pays no 10% penalty (IRC 72(t)(2)(A)(ii)); on Sam's own 401(k)
    # before 59 1/2 (left at 53: no rule of 55) the same withdrawal would be penalised.
    pat = person(1968, 58, name="Pat", death_age=60)
    sam = person(1973, 53, name="Sam")
    k401 = account(K.TRADITIONAL_401K, 600_000, name="Pat's 401(k)")
    p = plan((pat, sam), (k401,), spending=50_000)
    r = project(p)
    assert r.flows["withdrawals"][0, 3] > 40_000
    assert r.flows["penalty"][0, 3] == 0
    own = p.with_changes(accounts=(replace(k401, owner=1, name="Sam's 401(k)"),))
    assert project(own).flows["penalty"][0, 3] > 0


def test_rent_continues_to_a_survivor_unless_the_file_says_otherwise() -> None:
    from planner.core.serialize import plan_from_dict, plan_to_dict

    data = plan_to_dict(plan((person(1960, 66), person(1962, 64)), ()))
    data["income"] = [{"name": "Flat", "kind": "rental", "amount": 12_000},
                      {"name": "Pension", "kind": "pension", "amount": 9_000}]
    flat, pension = plan_from_dict(data).income
    assert (flat.survivor_share, pension.survivor_share) == (1.0, 0.0)


def test_the_year_table_shows_an_age_only_while_the_person_lives() -> None:
    a = person(1956, 70, name="A", death_age=72)  # dies end of 2028
    b = person(1958, 68, name="B", death_age=75)  # the plan ends in 2033
    r = project(plan((a, b), (account(K.TAXABLE, 1_000_000),), spending=40_000, taxes=False))
    table = r.year_table()
    assert list(table["Year"]) == list(range(2026, 2034))
    assert list(table["Age A"][:3]) == [70, 71, 72] and table["Age A"][3:].isna().all()
    assert list(table["Age B"]) == list(range(68, 76))



def test_a_widows_irmaa_uses_the_joint_return_of_two_years_before() -> None:
    # A couple, both 70, with a 200,000 pension that continues in full to the survivor; Lee
    # dies at the end of 2027. IRMAA looks at the return of two years before: 2028 and
    # 2029 use the joint returns of 2026 and 2027 (200,000 is under the 218,000 joint tier),
    # so Pat pays none; from 2030 Pat's single return of 2028 (over 171,000: tier 3) sets
    # 324.60 (B) a month.
    stream = IncomeStream(name="Pension", kind=IncomeKind.PENSION, amount=200_000,
                          start_age=60, survivor_share=1.0)
    p = plan((person(1956, 70, horizon=80), person(1956, 70, horizon=80, name="Lee",
                                                    death_age=71)),
             (account(AccountKind.TAXABLE, 1_000_000),), spending=20_000, income=(stream,),
             health=Health(premiums=False, medicare_part_d=False, cost_growth=0.0))
    f = project(p, mode="expected").flows
    assert f["irmaa"][0, 2:4] == pytest.approx([0, 0])
    assert f["irmaa"][0, 4] == pytest.approx(12 * 324.60)
