"""Federal and (flat) state income tax for one year, vectorised over paths.

Order of the computation follows Form 1040:
1. taxable Social Security by provisional income (IRC 86, thresholds not indexed);
2. AGI = ordinary income + gains + taxable benefits;
3. deductions: standard + additional 65+ amount per person, plus the OBBBA senior
   deduction (2025-2028) phased out by 6% of MAGI over its threshold (not indexed);
4. ordinary income taxed by the brackets; long-term gains stacked on top at 0/15/20%;
5. NIIT: 3.8% of the lesser of gains and MAGI over the (unindexed) threshold.
Indexed figures are multiplied by ``index`` (the price level relative to the table's year).

Every tax here is zero or more, whatever the inputs: the engine never records a loss as
negative income (a negative return shrinks a balance), and this module does not track
capital losses, so gains and net investment income below zero count as zero (IRC 1411
taxes net investment income only when there is some).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.rules import TaxYear


@dataclass(frozen=True)
class TaxInputs:
    ordinary: np.ndarray  # wages after pre-tax deferrals, pensions, IRA/401(k) withdrawals
    gains: np.ndarray  # realised long-term capital gains
    social_security: np.ndarray  # gross benefits received
    seniors: np.ndarray | int  # people aged 65+ at year end (per path)
    senior_deduction: bool  # OBBBA deduction applies this year
    index: np.ndarray | float  # bracket indexing factor (1.0 in the table's year)
    state_rate: float = 0.0
    # Interest and dividends count too; by default the gains are the only investment income.
    net_investment_income: np.ndarray | None = None


@dataclass(frozen=True)
class TaxResult:
    taxable_social_security: np.ndarray
    agi: np.ndarray
    deductions: np.ndarray
    standard: np.ndarray  # the standard deduction with its 65+ amounts (no senior deduction)
    ordinary_taxable: np.ndarray  # taxable income before gains (what fills the brackets)
    taxable_income: np.ndarray
    ordinary_tax: np.ndarray
    gains_tax: np.ndarray
    niit: np.ndarray
    federal: np.ndarray
    state: np.ndarray


def taxable_social_security(
    other_income: np.ndarray, benefits: np.ndarray, base: float, adjusted: float
) -> np.ndarray:
    """IRC 86: the taxable part of benefits, from provisional income."""
    provisional = other_income + 0.5 * benefits
    tier1 = np.minimum(0.5 * benefits, 0.5 * np.maximum(provisional - base, 0.0))
    tier2 = np.minimum(
        0.85 * benefits,
        0.85 * np.maximum(provisional - adjusted, 0.0)
        + np.minimum(0.5 * benefits, 0.5 * (adjusted - base)),
    )
    return np.where(provisional > adjusted, tier2, tier1)


def income_tax(table: TaxYear, x: TaxInputs) -> TaxResult:
    idx = np.asarray(x.index, dtype=float)
    ordinary = np.asarray(x.ordinary, dtype=float)
    # No capital-loss carry-forward is modelled: a net loss would otherwise offset ordinary
    # income without the $3,000 limit. The engine never passes one; this is the guard.
    gains = np.maximum(np.asarray(x.gains, dtype=float), 0.0)
    if np.any(x.social_security):
        ss_taxable = taxable_social_security(
            ordinary + gains, x.social_security, table.ss_base, table.ss_adjusted_base
        )
    else:  # no benefits this year (working years): nothing to tax
        ss_taxable = np.zeros(np.broadcast(ordinary, gains).shape)
    agi = ordinary + gains + ss_taxable
    deduction = (table.standard_deduction + x.seniors * table.additional_65) * idx
    standard = deduction
    if x.senior_deduction and np.any(x.seniors):
        each = np.clip(
            table.senior_deduction
            - table.senior_phase_out_rate * np.maximum(agi - table.senior_phase_out_start, 0.0),
            0.0,
            None,
        )
        deduction = deduction + x.seniors * each
    ordinary_taxable = np.maximum(ordinary + ss_taxable - deduction, 0.0)
    # Deductions left over after ordinary income reduce the gains.
    leftover = np.maximum(deduction - ordinary - ss_taxable, 0.0)
    gains_taxable = np.maximum(gains - leftover, 0.0)
    taxable = ordinary_taxable + gains_taxable
    ordinary_tax = table.ordinary.tax(ordinary_taxable / idx) * idx
    # Gains fill the brackets above ordinary income: tax(all) - tax(ordinary part).
    stacked = table.capital_gains.tax(taxable / idx) - table.capital_gains.tax(
        ordinary_taxable / idx
    )
    # Non-negative: ``taxable`` is at least ``ordinary_taxable`` (rounding aside).
    gains_tax = np.maximum(stacked, 0.0) * idx
    nii = gains if x.net_investment_income is None else x.net_investment_income
    # Net investment income below zero is no investment income: NIIT is never negative.
    nii = np.maximum(np.asarray(nii, dtype=float), 0.0)
    niit = table.niit_rate * np.minimum(nii, np.maximum(agi - table.niit_threshold, 0.0))
    federal = ordinary_tax + gains_tax + niit
    return TaxResult(
        taxable_social_security=ss_taxable,
        agi=agi,
        deductions=np.broadcast_to(deduction, agi.shape).copy(),
        standard=np.broadcast_to(standard, agi.shape).copy(),
        ordinary_taxable=ordinary_taxable,
        taxable_income=taxable,
        ordinary_tax=ordinary_tax,
        gains_tax=gains_tax,
        niit=niit,
        federal=federal,
        state=x.state_rate * taxable,
    )
