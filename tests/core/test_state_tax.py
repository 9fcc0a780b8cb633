"""State income tax by state, hand-worked for one retired couple from each state's tables.

The couple, both 67, married filing jointly: $40,000 of Social Security, $60,000 of IRA
withdrawals ($30,000 each) and $20,000 of long-term gains, no other income.

Federal return (IRC 86): provisional income 60,000 + 20,000 + 20,000 = 100,000; taxable
benefits = min(85% x 40,000, 85% x (100,000 - 44,000) + min(50% x 40,000, 6,000)) = 34,000;
AGI = 114,000. 2026 standard deduction 32,200 + 2 x 1,650; senior deduction 2 x 6,000
(MAGI under 150,000): federal taxable income 66,500 (2025: 31,500 + 2 x 1,600, 67,300).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import AccountKind as K
from planner.core.model import StateMove, TaxSettings
from planner.core.state_tax import StateInputs, state_codes, state_tax
from planner.core.validate import validate
from tests.core.plans import SocialSecurity, account, person, plan

AGI = 114_000.0
TAXABLE_SS = 34_000.0


def couple(year: int) -> StateInputs:
    federal_standard = 32_200 + 2 * 1_650 if year == 2026 else 31_500 + 2 * 1_600
    one = np.ones(1)
    return StateInputs(
        joint=np.array([True]), alive=np.ones((2, 1), dtype=bool), ages=np.array([67, 67]),
        agi=AGI * one, federal_taxable=(AGI - federal_standard - 12_000) * one,
        federal_standard=federal_standard * one, social_security=40_000 * one,
        taxable_social_security=TAXABLE_SS * one, interest=0 * one, dividends=0 * one,
        gains=20_000 * one, retirement=np.full((2, 1), 30_000.0),
        pension=np.zeros((2, 1)), wages=np.zeros((2, 1)))


def tax(code: str, year: int) -> float:
    return float(state_tax(code, year, couple(year)).tax[0])


def taxable(code: str, year: int) -> float:
    return float(state_tax(code, year, couple(year)).taxable_income[0])


def test_california_2025() -> None:
    # FTB 2025 Form 540: CA AGI excludes Social Security: 80,000; standard deduction
    # 11,412 -> 68,588. Schedule Y: 1% of 22,158 = 221.58; 2% of 30,370 = 607.40; 4% of
    # 16,060 = 642.40 -> 1,471.38. Exemption credits: 2 x 153 personal + 2 x 153 senior
    # = 612 (AGI under the phase-out). Tax 859.38.
    assert taxable("CA", 2025) == pytest.approx(68_588)
    assert tax("CA", 2025) == pytest.approx(859.38)


def test_new_york_2025() -> None:
    # IT-201 2025: Social Security subtracted; pension and annuity exclusion (59 1/2+) of
    # up to 20,000 each on the IRA withdrawals: 40,000. NY AGI 40,000 (under 107,650: no
    # supplemental tax); standard deduction 16,050 -> 23,950. Joint schedule: 4% of 17,150
    # = 686; 4.5% of 6,450 = 290.25; 5.25% of 350 = 18.375 -> 994.625.
    assert taxable("NY", 2025) == pytest.approx(23_950)
    assert tax("NY", 2025) == pytest.approx(994.625)


def test_pennsylvania_2026() -> None:
    # PA-40: Social Security and IRA withdrawals after 59 1/2 are not taxed; gains are, at
    # 3.07%, with no standard deduction: 3.07% x 20,000 = 614.
    assert tax("PA", 2026) == pytest.approx(614.0)


def test_illinois_2025() -> None:
    # IL-1040: Social Security and retirement income subtracted: 114,000 - 34,000 - 60,000
    # = 20,000; exemptions 2 x 2,850 + 2 x 1,000 (65+) = 7,700 -> 12,300 x 4.95% = 608.85.
    assert tax("IL", 2025) == pytest.approx(608.85)


def test_georgia_2026() -> None:
    # Form 500: Social Security exempt; the retirement income exclusion (65+, up to 65,000
    # each) covers each spouse's 30,000 of IRA and 10,000 of gains: nothing is left to tax.
    assert taxable("GA", 2026) == 0
    assert tax("GA", 2026) == 0


def test_georgia_taxes_what_the_exclusion_does_not_cover() -> None:
    # The same couple at 63: the 62-64 exclusion is 35,000 each (of 40,000): 10,000 is left,
    # less the 30,000 standard deduction -> 0. With 100,000 of IRA each instead: income
    # 110,000 each, 75,000 each taxed -> 150,000 - 30,000 = 120,000 x 4.99% = 5,988.
    x = couple(2026)
    big = StateInputs(**{**x.__dict__, "ages": np.array([63, 63]),
                         "agi": x.agi + 140_000, "retirement": np.full((2, 1), 100_000.0)})
    assert float(state_tax("GA", 2026, big).tax[0]) == pytest.approx(5_988.0)


def test_colorado_2026() -> None:
    # DR 0104: starts from federal taxable income, 66,500. 65+: taxable Social Security
    # subtracted in full (17,000 each); the pension subtraction (24,000 each) less that:
    # 7,000 each of the IRA. 66,500 - 34,000 - 14,000 = 18,500 x 4.4% = 814.
    assert taxable("CO", 2026) == pytest.approx(18_500)
    assert tax("CO", 2026) == pytest.approx(814.0)


def test_minnesota_2026() -> None:
    # M1M line 12 (simplified method): AGI 114,000 is 3,220 over 110,780: one $4,000 step
    # (rounded up) cuts the subtraction by 10%: 30,600. Standard deduction 30,600 + 2 x
    # 1,600 (65+) -> 114,000 - 30,600 - 33,800 = 49,600. 5.35% of 48,700 = 2,605.45; 6.8%
    # of 900 = 61.20 -> 2,666.65.
    assert taxable("MN", 2026) == pytest.approx(49_600)
    assert tax("MN", 2026) == pytest.approx(2_666.65)


@pytest.mark.parametrize("code", ["TX", "FL", "NV", "WA", "NH"])
def test_states_without_an_income_tax(code: str) -> None:
    assert tax(code, 2026) == 0


def test_every_state_in_the_data_gives_a_finite_tax_for_every_status() -> None:
    x = couple(2026)
    mixed = StateInputs(**{**x.__dict__, "joint": np.array([True, False]),
                           **{k: np.repeat(getattr(x, k), 2, axis=-1) for k in (
                               "alive", "agi", "federal_taxable", "federal_standard",
                               "social_security", "taxable_social_security", "interest",
                               "dividends", "gains", "retirement", "pension", "wages")}})
    for code in sorted(state_codes()):
        out = state_tax(code, 2026, mixed)
        assert np.isfinite(out.tax).all() and (out.tax >= 0).all(), code
        assert (out.tax <= 0.15 * mixed.agi).all(), code


def _retired_couple(state: str, move: StateMove | None = None):  # type: ignore[no-untyped-def]
    people = (person(1959, 67, horizon=72, name="Ana",
                     social_security=SocialSecurity(1_800, 67)),
              person(1959, 67, horizon=72, name="Ben",
                     social_security=SocialSecurity(1_500, 67)))
    accts = (account(K.TRADITIONAL_IRA, 900_000, name="Ana IRA"),
             account(K.TRADITIONAL_IRA, 900_000, name="Ben IRA", owner=1))
    p = plan(people, accts, spending=150_000)
    return p.with_changes(taxes=TaxSettings(state=state, state_move=move))


def test_the_engine_taxes_by_the_state_and_follows_a_move() -> None:
    # In Pennsylvania their IRA withdrawals and benefits are not taxed; after a move to
    # California in 2028 both IRA withdrawals are, from that year on.
    pa = project(_retired_couple("PA", StateMove(2028, "CA")), mode="expected")
    assert pa.flows["tax_state"][0, :2] == pytest.approx([0, 0])
    assert (pa.flows["tax_state"][0, 2:] > 1_000).all()
    ca = project(_retired_couple("CA"), mode="expected")
    assert pa.flows["tax_state"][0, 2:] == pytest.approx(ca.flows["tax_state"][0, 2:], rel=0.05)
    # CA taxable income is AGI less Social Security less the 2026 standard deduction.
    f = ca.flows
    expected = f["agi"][0, 0] - f["taxable_social_security"][0, 0] - 11_671
    assert f["state_taxable_income"][0, 0] == pytest.approx(expected)


def test_a_custom_flat_rate_is_still_a_share_of_federal_taxable_income() -> None:
    p = _retired_couple("").with_changes(taxes=TaxSettings(state="", state_rate=0.05))
    f = project(p, mode="expected").flows
    assert f["tax_state"][0] == pytest.approx(0.05 * f["taxable_income"][0])


def test_bad_state_settings_name_the_field() -> None:
    p = _retired_couple("ZZ", StateMove(2090, "CA"))
    problems = {pr.field: pr.message for pr in validate(p)}
    assert "not a state" in problems["taxes.state"]
    assert "outside the plan" in problems["taxes.state_move.year"]


def _earner(age: int, agi: float, federal_tax: float = 0.0) -> StateInputs:
    """A single person with pay only: what the standard deduction and credits do."""
    one = np.ones(1)
    return StateInputs(
        joint=np.array([False]), alive=np.ones((1, 1), dtype=bool), ages=np.array([age]),
        agi=agi * one, federal_taxable=agi * one, federal_standard=16_100 * one,
        social_security=0 * one, taxable_social_security=0 * one, interest=0 * one,
        dividends=0 * one, gains=0 * one, retirement=np.zeros((1, 1)),
        pension=np.zeros((1, 1)), wages=np.full((1, 1), agi), federal_tax=federal_tax * one)


@pytest.mark.parametrize(("code", "age", "agi", "federal", "expected"), [
    # Wisconsin 2026: the 13,960 deduction less 12% of income over 20,120 (4,374.40), and
    # a 700 exemption.
    ("WI", 50, 100_000, 0, 100_000 - (13_960 - 0.12 * (100_000 - 20_120)) - 700),
    # Alabama: 3,000 less 25 for each 500 over 25,500 (149 steps), not below 2,500; the
    # 1,500 personal exemption.
    ("AL", 50, 100_000, 0, 100_000 - 2_500 - 1_500),
    # Maine 2026: 15,700 phased out over 102,250-177,250 (36.33% left at 150,000); the
    # 5,250 exemption (phased out only from 341,000).
    ("ME", 50, 150_000, 0, 150_000 - 15_700 * (1 - 47_750 / 75_000) - 5_250),
    # Oregon: federal tax subtracted up to 8,750 (AGI under 125,000); the 2,895 deduction.
    ("OR", 50, 100_000, 13_000, 100_000 - 8_750 - 2_895),
])
def test_deductions_that_fall_with_income(code: str, age: int, agi: float, federal: float,
                                          expected: float) -> None:
    out = state_tax(code, 2026, _earner(age, agi, federal))
    assert out.taxable_income[0] == pytest.approx(expected)


def test_maryland_senior_credit_under_its_income_limit() -> None:
    # At 65 a single filer gets a 1,000 exemption more (worth 4.75% at 90,000, 5% at
    # 120,000) and, with AGI at most 100,000, the 1,000 senior tax credit.
    def saved(agi: float) -> float:
        return float(state_tax("MD", 2026, _earner(60, agi)).tax[0]
                     - state_tax("MD", 2026, _earner(67, agi)).tax[0])
    assert saved(90_000) == pytest.approx(1_000 + 0.0475 * 1_000)
    assert saved(120_000) == pytest.approx(0.05 * 1_000)


def test_a_move_to_the_same_state_and_a_year_out_of_range_read_plainly() -> None:
    p = _retired_couple("CA", StateMove(2028, "CA"))
    problems = {pr.field: pr.message for pr in validate(p)}
    assert "already live in" in problems["taxes.state_move.state"]
    bad_year = p.with_changes(assumptions=replace(p.assumptions, social_security_cut_year=2001))
    message = {pr.field: pr.message for pr in validate(bad_year)}[
        "assumptions.social_security_cut_year"]
    assert message == "year 2001 is outside 2025 to 2100"


def _retiree(age: int, agi: float, taxable_ss: float, ira: float) -> StateInputs:
    one = np.ones(1)
    return StateInputs(
        joint=np.array([False]), alive=np.ones((1, 1), dtype=bool), ages=np.array([age]),
        agi=agi * one, federal_taxable=agi * one, federal_standard=16_100 * one,
        social_security=taxable_ss / 0.85 * one, taxable_social_security=taxable_ss * one,
        interest=0 * one, dividends=0 * one, gains=0 * one, retirement=np.full((1, 1), ira),
        pension=np.zeros((1, 1)), wages=np.zeros((1, 1)))


def test_virginia_age_deduction_tapers_on_adjusted_federal_agi() -> None:
    # VA 2026, single, 66: AGI 65,000 of which 15,000 taxable Social Security (exempt).
    # Adjusted federal AGI 50,000 is at the limit: the whole 12,000 age deduction. Taxable:
    # 50,000 - 12,000 - 8,750 - 930 - 800 = 27,520. With 10,000 more IRA income the
    # deduction loses 10,000 (2,000 left): 60,000 - 2,000 - 10,480 = 47,520.
    assert state_tax("VA", 2026, _retiree(66, 65_000, 15_000, 50_000)).taxable_income[0] \
        == pytest.approx(27_520)
    assert state_tax("VA", 2026, _retiree(66, 75_000, 15_000, 60_000)).taxable_income[0] \
        == pytest.approx(47_520)


def test_wisconsin_deduction_slides_on_wisconsin_income() -> None:
    # WI 2026, single, 68: AGI 59,128 with 14,368 taxable Social Security (exempt) and
    # 44,761 of IRA income, 24,000 of it excluded (67+). Wisconsin income 20,760: the
    # deduction is 13,960 - 12% x (20,760 - 20,120) = 13,883.20; exemptions 700 + 250.
    out = state_tax("WI", 2026, _retiree(68, 59_128, 14_368, 44_761))
    assert out.taxable_income[0] == pytest.approx(20_760 - 13_883.20 - 950)


def test_the_flat_tax_shortcut_matches_the_general_calculation(monkeypatch: Any) -> None:
    # Plain flat-tax states take a shortcut; it must give what the general steps give, for
    # couples and singles, 65+ or not, with and without Social Security.
    from planner.core import state_tax as st

    rng = np.random.default_rng(7)
    n = 64
    x = StateInputs(
        joint=rng.random(n) < 0.5, alive=rng.random((2, n)) < 0.8, ages=np.array([66, 58]),
        agi=rng.uniform(0, 300_000, n), federal_taxable=rng.uniform(0, 200_000, n),
        federal_standard=np.full(n, 32_200.0), social_security=rng.uniform(0, 60_000, n),
        taxable_social_security=rng.uniform(0, 40_000, n), interest=np.zeros(n),
        dividends=np.zeros(n), gains=np.zeros(n), retirement=rng.uniform(0, 50_000, (2, n)),
        pension=np.zeros((2, n)), wages=np.zeros((2, n)), index=rng.uniform(1, 1.3, n))
    flat = [c for c in sorted(st.state_codes()) if st.has_income_tax(c)
            and st._flat(c, "2026") is not None]
    assert "NC" in flat
    fast = {c: st.state_tax(c, 2026, x) for c in flat}
    monkeypatch.setattr(st, "_flat", lambda code, year: None)
    for code in flat:
        general = st.state_tax(code, 2026, x)
        np.testing.assert_allclose(fast[code].tax, general.tax, rtol=1e-12, atol=1e-9,
                                   err_msg=code)
        np.testing.assert_allclose(fast[code].taxable_income, general.taxable_income,
                                   rtol=1e-12, atol=1e-9, err_msg=code)
