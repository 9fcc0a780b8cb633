"""Federal tax worked by hand from the IRS tables in us_rules.md (arithmetic in comments)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.core.rules import load_rules
from planner.core.tax import TaxInputs, income_tax, taxable_social_security

rules = load_rules()
SINGLE_2026 = rules.tax_year(2026, "single")
JOINT_2026 = rules.tax_year(2026, "married_filing_jointly")


def _tax(table, ordinary, gains=0.0, ss=0.0, seniors=0, senior=False, index=1.0, state=0.0):
    return income_tax(
        table,
        TaxInputs(
            ordinary=np.array([ordinary], float),
            gains=np.array([gains], float),
            social_security=np.array([ss], float),
            seniors=seniors,
            senior_deduction=senior,
            index=index,
            state_rate=state,
        ),
    )


def test_single_66_with_40k_ira_and_30k_social_security_2026() -> None:
    r = _tax(SINGLE_2026, ordinary=40_000, ss=30_000, seniors=1, senior=True)
    # Provisional income = 40,000 + 30,000/2 = 55,000, above the 34,000 adjusted base.
    # Taxable SS = min(0.85*30,000 = 25,500, 0.85*(55,000-34,000) + min(15,000, 4,500))
    #            = min(25,500, 17,850 + 4,500) = 22,350.
    assert r.taxable_social_security[0] == pytest.approx(22_350)
    # AGI = 62,350. Deductions = 16,100 + 2,050 (65+) + 6,000 senior (MAGI < 75,000) = 24,150.
    assert r.agi[0] == pytest.approx(62_350)
    assert r.taxable_income[0] == pytest.approx(38_200)
    # Tax = 10% x 12,400 + 12% x (38,200 - 12,400) = 1,240 + 3,096 = 4,336.
    assert r.federal[0] == pytest.approx(4_336)


def test_senior_deduction_phases_out_at_6_percent_of_magi_over_75k() -> None:
    # 100,000 of IRA income, 65+, 2026: senior deduction = 6,000 - 6% x 25,000 = 4,500.
    r = _tax(SINGLE_2026, ordinary=100_000, seniors=1, senior=True)
    # Taxable = 100,000 - 16,100 - 2,050 - 4,500 = 77,350.
    assert r.taxable_income[0] == pytest.approx(77_350)
    # 1,240 + 12% x 38,000 (= 4,560) + 22% x (77,350 - 50,400) (= 5,929) = 11,729.
    assert r.federal[0] == pytest.approx(11_729)


def test_couple_gains_cross_the_zero_percent_threshold() -> None:
    # MFJ 2026, both under 65: 60,000 ordinary + 80,000 long-term gains.
    r = _tax(JOINT_2026, ordinary=60_000, gains=80_000)
    # Ordinary taxable = 60,000 - 32,200 = 27,800 -> 10% x 24,800 + 12% x 3,000 = 2,840.
    assert r.ordinary_tax[0] == pytest.approx(2_840)
    # Gains fill 27,800..107,800: 0% up to 98,900 (71,100 of gains), 15% on 8,900 = 1,335.
    assert r.gains_tax[0] == pytest.approx(1_335)
    assert r.niit[0] == 0  # MAGI 140,000 < 250,000
    assert r.federal[0] == pytest.approx(4_175)


def test_niit_on_the_lesser_of_gains_and_excess_magi() -> None:
    # Single, 150,000 ordinary + 100,000 gains: MAGI 250,000, excess over 200,000 = 50,000.
    r = _tax(SINGLE_2026, ordinary=150_000, gains=100_000)
    assert r.niit[0] == pytest.approx(0.038 * 50_000)


def test_indexing_scales_every_threshold() -> None:
    # With prices 50% higher, 1.5x the income pays exactly 1.5x the tax.
    base = _tax(SINGLE_2026, ordinary=80_000, gains=20_000)
    scaled = _tax(SINGLE_2026, ordinary=120_000, gains=30_000, index=1.5)
    assert scaled.federal[0] == pytest.approx(1.5 * base.federal[0])


def test_social_security_below_base_is_untaxed() -> None:
    # Provisional = 10,000 + 12,000 = 22,000 < 25,000.
    taxable = taxable_social_security(np.array([10_000.0]), np.array([24_000.0]), 25_000, 34_000)
    assert taxable[0] == 0


incomes = st.floats(min_value=0, max_value=2_000_000, allow_nan=False)


@given(ordinary=incomes, gains=incomes, ss=st.floats(0, 100_000), bump=st.floats(1, 50_000),
       joint=st.booleans(), seniors=st.integers(0, 2), state=st.floats(0, 0.15))
def test_tax_is_never_negative_and_never_falls_when_income_rises(
    ordinary: float, gains: float, ss: float, bump: float, joint: bool, seniors: int, state: float
) -> None:
    table = JOINT_2026 if joint else SINGLE_2026
    seniors = seniors if joint else min(seniors, 1)
    a = _tax(table, ordinary, gains, ss, seniors, True, state=state)
    b = _tax(table, ordinary + bump, gains, ss, seniors, True, state=state)
    assert a.federal[0] >= 0 and a.state[0] >= 0
    assert b.federal[0] + b.state[0] >= a.federal[0] + a.state[0] - 1e-6
    # Marginal rate of ordinary income: at most 37% top bracket x 1.85 (SS phase-in plus
    # the senior deduction phase-out 6% x 37%) + NIIT + state, far below 100%.
    marginal = (b.federal[0] + b.state[0] - a.federal[0] - a.state[0]) / bump
    assert marginal <= 0.37 * 1.85 + 0.06 * 0.37 * 2 + 0.038 + state + 1e-9
