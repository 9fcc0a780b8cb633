"""The tax a year's withdrawals create, as a function of the withdrawals [A, N].

The engine calls it repeatedly while solving for the gross withdrawal that covers
spending plus the tax on that withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from planner.core.rules import TaxYear
from planner.core.tax import TaxInputs, income_tax


@dataclass(frozen=True)
class YearTaxes:
    federal: np.ndarray
    state: np.ndarray
    penalty: np.ndarray
    taxable_income: np.ndarray
    ordinary_taxable: np.ndarray
    ordinary_tax: np.ndarray
    gains_tax: np.ndarray
    niit: np.ndarray
    gains: np.ndarray  # realised long-term gains and qualified dividends
    taxable_social_security: np.ndarray
    agi: np.ndarray
    deductions: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return np.asarray(self.federal + self.state + self.penalty)

    @property
    def bracket_position(self) -> np.ndarray:
        """Ordinary income (with taxable benefits) less deductions, not floored at zero:
        where the next dollar of ordinary income lands in the brackets."""
        return np.asarray(self.agi - self.gains - self.deductions)


@dataclass(frozen=True)
class YearTax:
    table: TaxYear
    enabled: bool
    wages: float  # salary after pre-tax deferrals
    pension: np.ndarray  # [N]
    social_security: np.ndarray  # [N]
    seniors: int
    senior_deduction: bool
    index: np.ndarray  # [N] bracket indexing factor
    state_rate: float
    rmd: np.ndarray  # [A, N] required part of the withdrawals (never penalised)
    penalty_rate: np.ndarray  # [A] this year's early-withdrawal rate per account
    roth_basis: np.ndarray  # [A, N] contributions left in Roth accounts (0 elsewhere)
    gain_share: np.ndarray  # [A, N] share of a taxable withdrawal that is gain
    trad_idx: list[int]  # withdrawals are ordinary income
    hsa_idx: list[int]  # ordinary income beyond the qualified medical part
    roth_idx: list[int]
    taxable_idx: list[int]
    conversion: np.ndarray | float = 0.0  # [N] Roth conversions: ordinary income, no penalty
    hsa_medical: np.ndarray | float = 0.0  # [N] HSA money spent on qualified medical costs
    dividends: np.ndarray | float = 0.0  # [N] qualified dividends in taxable accounts
    interest: np.ndarray | float = 0.0  # [N] interest in taxable accounts (ordinary income)

    def with_conversion(self, conversion: np.ndarray | float) -> YearTax:
        return replace(self, conversion=conversion)

    def __call__(self, w: np.ndarray) -> YearTaxes:
        n = w.shape[1]
        penalty = np.zeros(n)
        roth_earnings = np.zeros(n)
        for a in self.roth_idx:
            rate = self.penalty_rate[a]
            if rate > 0:  # before 59 1/2: earnings (after contributions) are taxed + penalised
                earn = np.maximum(w[a] - self.roth_basis[a], 0.0)
                roth_earnings += earn
                penalty += rate * earn
        for a in self.trad_idx:
            penalty += self.penalty_rate[a] * np.maximum(w[a] - self.rmd[a], 0.0)
        hsa_taxable = np.zeros(n)
        if self.hsa_idx:
            hsa_total = w[self.hsa_idx].sum(axis=0)
            hsa_taxable = np.maximum(hsa_total - self.hsa_medical, 0.0)
            share = np.where(hsa_total > 0, hsa_taxable / np.maximum(hsa_total, 1e-9), 0.0)
            for a in self.hsa_idx:
                penalty += self.penalty_rate[a] * w[a] * share
        ordinary = (self.wages + self.pension + w[self.trad_idx].sum(axis=0) + hsa_taxable
                    + roth_earnings + self.conversion + self.interest)
        realised = (w[self.taxable_idx] * self.gain_share[self.taxable_idx]).sum(axis=0)
        gains = realised + self.dividends  # both taxed at the long-term gains rates
        if not self.enabled:
            zero = np.zeros(n)
            total_income = np.asarray(ordinary + gains)
            return YearTaxes(zero, zero, zero, total_income, total_income, zero, zero, zero,
                             np.asarray(gains), zero, total_income, zero)
        res = income_tax(
            self.table,
            TaxInputs(
                ordinary=np.asarray(ordinary, dtype=float),
                gains=gains,
                social_security=self.social_security,
                seniors=self.seniors,
                senior_deduction=self.senior_deduction,
                index=self.index,
                state_rate=self.state_rate,
                net_investment_income=np.asarray(gains + self.interest, dtype=float),
            ),
        )
        return YearTaxes(
            federal=res.federal,
            state=res.state,
            penalty=penalty,
            taxable_income=res.taxable_income,
            ordinary_taxable=res.ordinary_taxable,
            ordinary_tax=res.ordinary_tax,
            gains_tax=res.gains_tax,
            niit=res.niit,
            gains=np.asarray(gains),
            taxable_social_security=res.taxable_social_security,
            agi=res.agi,
            deductions=res.deductions,
        )
