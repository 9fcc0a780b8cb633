"""Payroll taxes on pay for work: Social Security and Medicare tax on wages (FICA) and the
self-employment tax, vectorised over paths.

Rates and thresholds come from resources/data/planner_rules.json ("payroll_tax", with the
statutes) and the taxable maximum from us_rules.json; both are explained there.
- wages: 6.2% up to the taxable maximum, 1.45% on all of them;
- self-employment: 92.35% of net earnings (none below $400) pay 12.4% up to what is left of
  the taxable maximum after wages, and 2.9% on all; half of this is deducted from income;
- 0.9% Additional Medicare Tax on wages and self-employment earnings together above
  $200,000 ($250,000 filing jointly), not indexed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.core.rules import LAST_BASE_YEAR, Rules, load_rules


@dataclass(frozen=True)
class PayrollRules:
    ss_rate: float
    medicare_rate: float
    additional_rate: float
    additional_single: float
    additional_joint: float
    se_ss_rate: float
    se_medicare_rate: float
    se_share: float
    se_minimum: float
    se_deductible: float
    wage_base_2025: float
    wage_base_2026: float
    wage_base_rounding: float
    real_wage_growth: float  # Trustees' long-run real-wage differential

    def wage_base(self, year: int, inflation: float) -> float:
        """The year's taxable maximum: published for 2025-2026, then grown with average
        wages (inflation plus the real-wage differential), rounded to $300 like SSA's."""
        if year <= 2025:
            return self.wage_base_2025
        if year == LAST_BASE_YEAR:
            return self.wage_base_2026
        growth = ((1 + inflation) * (1 + self.real_wage_growth)) ** (year - LAST_BASE_YEAR)
        step = self.wage_base_rounding
        return float(math.floor(self.wage_base_2026 * growth / step + 0.5) * step)


@lru_cache(maxsize=1)
def payroll_rules(rules: Rules | None = None) -> PayrollRules:
    rules = rules or load_rules()
    p = rules.extra["payroll_tax"]
    trustees = rules.trustees["trustees_2026"]["intermediate_long_run_assumptions"]
    return PayrollRules(
        ss_rate=float(p["social_security_rate"]),
        medicare_rate=float(p["medicare_rate"]),
        additional_rate=float(p["additional_medicare_rate"]),
        additional_single=float(p["additional_medicare_threshold"]["single"]),
        additional_joint=float(p["additional_medicare_threshold"]["married_filing_jointly"]),
        se_ss_rate=float(p["self_employment_social_security_rate"]),
        se_medicare_rate=float(p["self_employment_medicare_rate"]),
        se_share=float(p["self_employment_net_earnings_share"]),
        se_minimum=float(p["self_employment_minimum_net_earnings"]),
        se_deductible=float(p["self_employment_tax_deductible_share"]),
        wage_base_2025=float(rules.data["2025"]["social_security"]["taxable_maximum_wage_base"]),
        wage_base_2026=float(rules.data["2026"]["social_security"]["taxable_maximum_wage_base"]),
        wage_base_rounding=float(p["wage_base_rounding"]),
        real_wage_growth=float(trustees["real_wage_differential_long_run"]),
    )


@dataclass(frozen=True)
class PayrollTax:
    employee: np.ndarray  # [N] Social Security and Medicare tax withheld from wages
    self_employment: np.ndarray  # [N] self-employment tax (12.4% + 2.9% part)
    additional_medicare: np.ndarray  # [N] the 0.9% on high earnings

    @property
    def total(self) -> np.ndarray:
        return np.asarray(self.employee + self.self_employment + self.additional_medicare)

    def zero(self) -> PayrollTax:
        """No payroll tax (a plan with taxes switched off)."""
        zero = np.zeros_like(self.employee)
        return PayrollTax(employee=zero, self_employment=zero, additional_medicare=zero)


def payroll_tax(
    r: PayrollRules,
    wages: np.ndarray,
    self_employment: np.ndarray,
    joint: np.ndarray | bool,
    wage_base: float,
) -> PayrollTax:
    """Payroll taxes of a household for one year.

    ``wages`` and ``self_employment`` are [P, N] per person (FICA wages; net earnings from
    self-employment before the 92.35% factor); ``joint`` [N] selects the threshold of the
    Additional Medicare Tax, which applies to the couple's combined earnings.
    """
    wages = np.maximum(np.asarray(wages, dtype=float), 0.0)
    net_se = r.se_share * np.maximum(np.asarray(self_employment, dtype=float), 0.0)
    net_se = np.where(net_se >= r.se_minimum, net_se, 0.0)
    employee = (r.ss_rate * np.minimum(wages, wage_base) + r.medicare_rate * wages).sum(axis=0)
    se_room = np.maximum(wage_base - wages, 0.0)
    se_tax = (r.se_ss_rate * np.minimum(net_se, se_room) + r.se_medicare_rate * net_se).sum(axis=0)
    threshold = np.where(joint, r.additional_joint, r.additional_single)
    earned = wages.sum(axis=0) + net_se.sum(axis=0)
    additional = r.additional_rate * np.maximum(earned - threshold, 0.0)
    return PayrollTax(employee=np.asarray(employee), self_employment=np.asarray(se_tax),
                      additional_medicare=np.asarray(additional))
