"""The tax a year's withdrawals create, as a function of the withdrawals [A, N].

The engine calls it repeatedly while solving for the gross withdrawal that covers
spending plus the tax on that withdrawal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.rules import TaxYear
from planner.core.tax import TaxInputs, income_tax


@dataclass(frozen=True)
class YearTaxes:
    federal: np.ndarray
    state: np.ndarray
    penalty: np.ndarray
    taxable_income: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return np.asarray(self.federal + self.state + self.penalty)


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
    ordinary_idx: list[int]  # traditional and HSA accounts: withdrawals are ordinary income
    roth_idx: list[int]
    taxable_idx: list[int]

    def __call__(self, w: np.ndarray) -> YearTaxes:
        n = w.shape[1]
        penalty = np.zeros(n)
        roth_earnings = np.zeros(n)
        for a in self.roth_idx:
            rate = self.penalty_rate[a]
            if rate > 0:  # before 59 1/2: earnings (after contributions) are taxed + penalised
                earn = np.clip(w[a] - self.roth_basis[a], 0, None)
                roth_earnings += earn
                penalty += rate * earn
        for a in self.ordinary_idx:
            penalty += self.penalty_rate[a] * np.clip(w[a] - self.rmd[a], 0, None)
        ordinary = self.wages + self.pension + w[self.ordinary_idx].sum(axis=0) + roth_earnings
        gains = (w[self.taxable_idx] * self.gain_share[self.taxable_idx]).sum(axis=0)
        if not self.enabled:
            zero = np.zeros(n)
            return YearTaxes(zero, zero, zero, np.asarray(ordinary + gains))
        res = income_tax(
            self.table,
            TaxInputs(
                ordinary=ordinary,
                gains=gains,
                social_security=self.social_security,
                seniors=self.seniors,
                senior_deduction=self.senior_deduction,
                index=self.index,
                state_rate=self.state_rate,
            ),
        )
        return YearTaxes(res.federal, res.state, penalty, res.taxable_income)
