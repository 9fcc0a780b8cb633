"""Rules read from resources/data/us_rules.json, checked against the published tables."""

from __future__ import annotations

import pytest

from planner.core.rules import load_rules

rules = load_rules()


@pytest.mark.parametrize(
    ("birth_year", "claim_age", "factor"),
    [
        # FRA 67 (born 1960 or later): SSA's own examples, -30% at 62 and +24% at 70.
        (1986, 62, 0.70),
        (1986, 67, 1.00),
        (1986, 70, 1.24),
        # 36 months early x 5/9% = 20%, no second tier: claiming at 64 with FRA 67.
        (1986, 64, 0.80),
        # FRA 66 (born 1943-1954): -25% at 62, +32% at 70 (48 months x 2/3%).
        (1954, 62, 0.75),
        (1954, 70, 1.32),
        # FRA 66 and 10 months (1959): 62 is 58 months early: 36 x 5/9% + 22 x 5/12% = 29.1667%.
        (1959, 62, 1 - (36 * 5 / 9 + 22 * 5 / 12) / 100),
        # Credits stop at 70: asking for 71 gives the age-70 amount.
        (1986, 71, 1.24),
    ],
)
def test_claiming_factor(birth_year: int, claim_age: float, factor: float) -> None:
    assert rules.claiming_factor(birth_year, claim_age) == pytest.approx(factor, abs=1e-9)


def test_spousal_factor_at_62_with_fra_67_is_65_percent() -> None:
    # 36 months x 25/36% + 24 months x 5/12% = 25% + 10% = 35% reduction (us_rules.md sec. 7).
    assert rules.spousal_factor(1986, 62) == pytest.approx(0.65)
    assert rules.spousal_factor(1986, 70) == pytest.approx(1.0)  # no delayed credits


@pytest.mark.parametrize(
    ("birth_year", "age"), [(1950, 72), (1951, 73), (1958, 73), (1959, 73), (1960, 75), (1990, 75)]
)
def test_rmd_start_age(birth_year: int, age: int) -> None:
    assert rules.rmd_age(birth_year) == age


@pytest.mark.parametrize(("age", "divisor"), [(72, 27.4), (73, 26.5), (75, 24.6), (90, 12.2),
                                               (100, 6.4), (120, 2.0), (125, 2.0)])
def test_uniform_lifetime_table(age: int, divisor: float) -> None:
    assert rules.rmd_divisor(age) == divisor


def test_limits_2025_2026_match_irs_figures() -> None:
    l25, l26 = rules.limits(2025, 0.03), rules.limits(2026, 0.03)
    assert (l25.deferral_401k, l26.deferral_401k) == (23_500, 24_500)
    assert l26.deferral_for_age(49) == 24_500
    assert l26.deferral_for_age(50) == 24_500 + 8_000
    assert l26.deferral_for_age(60) == 24_500 + 11_250
    assert l26.deferral_for_age(63) == 24_500 + 11_250
    assert l26.deferral_for_age(64) == 24_500 + 8_000
    assert l25.deferral_for_age(61) == 34_750  # the $34,750 of us_rules.md's table
    assert l26.ira_for_age(50) == 7_500 + 1_100
    assert l26.hsa_for_age(55, family=True) == 8_750 + 1_000


def test_limits_after_2026_are_indexed_and_rounded_down() -> None:
    # 24,500 x 1.03^2 = 25,992.05 -> rounded down to a $500 multiple = 25,500.
    assert rules.limits(2028, 0.03).deferral_401k == 25_500
    # IRA 7,500 x 1.03^2 = 7,956.75 -> 7,500 ($500 steps);
    # catch-up 1,100 x 1.0609 = 1,166.99 -> 1,100 ($100 steps).
    assert rules.limits(2028, 0.03).ira == 7_500
    assert rules.limits(2028, 0.03).ira_catch_up == 1_100
