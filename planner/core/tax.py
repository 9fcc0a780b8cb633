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

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from planner.core.rules import Brackets, TaxYear


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

    def subset(self, idx: np.ndarray) -> TaxInputs:
        """The inputs of the paths ``idx`` only (per-path arrays sliced, the rest kept)."""
        def cut(value: Any) -> Any:
            return value[idx] if isinstance(value, np.ndarray) and value.ndim else value
        return replace(self, **{f.name: cut(getattr(self, f.name)) for f in fields(self)})


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


class LeanTable:
    """One filing status's ordinary and gains brackets prepared for one pair of lookups.

    ``Brackets.tax`` finds an income's bracket by a binary search; the gains stacking of
    ``income_tax`` looked brackets up three times (ordinary income in the ordinary brackets,
    then both ordinary and all taxable income in the gains brackets). Here the bottoms of
    both tables are merged, so one lookup of ordinary taxable income finds its bracket in
    both, and the gains brackets are looked up once more for all taxable income. Each
    merged slot holds the bottom, the tax at the bottom and the rate of the bracket it
    falls in, taken from the tables themselves: the sums are ``Brackets.tax``'s, to the
    last bit. A lookup counts the bottoms at or below each income (``_at_or_below``).
    """

    def __init__(self, ordinary: Brackets, gains: Brackets) -> None:
        bounds = np.union1d(ordinary.lower, gains.lower)
        self.bounds = bounds
        # Slot j + 1 holds incomes from bounds[j] up to the next bound (slot 0: below all).
        self.ordinary = _slots(ordinary, bounds)
        self.gains_at = _slots(gains, bounds)
        self.gains = (gains.lower, gains.tax_at_lower, gains.rates)
        # The gains bracket of an income is the number of these bottoms at or below it (an
        # income under the first bottom is taxed by the first bracket, as in Brackets.tax).
        self.gains_above_first = gains.lower[1:]

    def ordinary_and_gains(self, income: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ordinary tax, gains-table tax) on ``income``, from one lookup."""
        j = _at_or_below(self.bounds, income)
        return _evaluate(self.ordinary, j, income), _evaluate(self.gains_at, j, income)

    def gains_tax(self, income: np.ndarray) -> np.ndarray:
        """The gains table's tax on ``income`` (``Brackets.tax`` of the gains brackets)."""
        lower, at_lower, rates = self.gains
        k = _at_or_below(self.gains_above_first, income)
        return np.asarray(at_lower[k] + rates[k] * np.maximum(income - lower[k], 0.0))


Slots = tuple[np.ndarray, np.ndarray, np.ndarray]


def _slots(brackets: Brackets, bounds: np.ndarray) -> Slots:
    """(bottom, tax at the bottom, rate) of the bracket each merged slot falls in."""
    k = np.searchsorted(brackets.lower, bounds, side="right") - 1
    k = np.maximum(np.concatenate([[0], k]), 0)
    return brackets.lower[k], brackets.tax_at_lower[k], brackets.rates[k]


def _at_or_below(bounds: np.ndarray, income: np.ndarray) -> np.ndarray:
    """How many of the sorted ``bounds`` are at or below each income: what a binary search
    (``np.searchsorted(bounds, income, side="right")``) finds for every income that is a
    number. With a tax table's handful of bounds, comparing every income with all of them
    at once is many times faster than a search per income. (A NaN income, which counts
    none here and all there, is taxed NaN either way.)"""
    at_or_below = np.less_equal.outer(bounds, income).view(np.int8)
    # Counted in bytes (a table has far fewer than 127 bounds), then widened once: numpy
    # indexes with its own integer size many times faster than with bytes.
    return np.asarray(at_or_below.sum(axis=0, dtype=np.int8).astype(np.intp))


def _evaluate(slots: Slots, j: np.ndarray, income: np.ndarray) -> np.ndarray:
    lower, at_lower, rates = slots
    return np.asarray(at_lower[j] + rates[j] * np.maximum(income - lower[j], 0.0))


# TaxYear objects live for the whole process (Rules caches them), so the prepared tables
# are kept by identity, with the table itself so that its id is never reused.
_LEAN: dict[int, tuple[TaxYear, LeanTable]] = {}


def lean_table(table: TaxYear) -> LeanTable:
    """The prepared brackets of ``table``, built once per table."""
    known = _LEAN.get(id(table))
    if known is None or known[0] is not table:
        known = (table, LeanTable(table.ordinary, table.capital_gains))
        _LEAN[id(table)] = known
    return known[1]


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
    lean = lean_table(table)
    ordinary_tax, gains_below = lean.ordinary_and_gains(ordinary_taxable / idx)
    ordinary_tax = ordinary_tax * idx
    # Gains fill the brackets above ordinary income: tax(all) - tax(ordinary part).
    stacked = lean.gains_tax(taxable / idx) - gains_below
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
        deductions=_full(deduction, agi.shape),
        standard=_full(standard, agi.shape),
        ordinary_taxable=ordinary_taxable,
        taxable_income=taxable,
        ordinary_tax=ordinary_tax,
        gains_tax=gains_tax,
        niit=niit,
        federal=federal,
        state=x.state_rate * taxable,
    )


def _full(value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as an array of ``shape`` (a per-path deduction already is one: no copy)."""
    if value.shape == shape:
        return value
    return np.broadcast_to(value, shape).copy()
