"""Roth conversions: money moved from traditional accounts to Roth, taxed as ordinary income.

- fixed: the plan's amounts (today's dollars) in their years;
- fill-bracket: in each retired year before the owner's RMDs start, enough to fill
  ordinary taxable income up to the top of the chosen bracket, counting the year's other
  income before withdrawals (wages, pensions, taxable benefits, RMDs). The taxable part of
  Social Security grows with the conversion, so the amount is found by a few Newton steps.
Sources are traditional IRAs first, then 401(k)s; each pours into its owner's Roth IRA (or
Roth 401(k)): a conversion never crosses from one spouse to the other, so a traditional
account whose owner has no Roth account is not converted. The tax is part of the year's need, so it
is paid from the first account in the withdrawal order (taxable, when there is one).
"""

from __future__ import annotations

import numpy as np

from planner.core.model import AccountKind, ConversionMode, Plan
from planner.core.schedule import Schedule
from planner.core.year_tax import YearTax

NEWTON_STEPS = 4


def destinations(plan: Plan) -> dict[int, int]:
    """Traditional account -> its owner's Roth account that receives its conversions."""
    out: dict[int, int] = {}
    roth = [a for a, acct in enumerate(plan.accounts) if acct.kind.is_roth]
    for a, acct in enumerate(plan.accounts):
        own = [r for r in roth if plan.accounts[r].owner == acct.owner]
        if acct.kind.is_traditional and own:
            own.sort(key=lambda r: plan.accounts[r].kind is not AccountKind.ROTH_IRA)
            out[a] = own[0]
    return out


def _sources(plan: Plan) -> list[int]:
    """Traditional accounts that can convert: IRAs first, then 401(k)s."""
    into = destinations(plan)
    kinds = [acct.kind for acct in plan.accounts]
    order = ([a for a, k in enumerate(kinds) if k is AccountKind.TRADITIONAL_IRA]
             + [a for a, k in enumerate(kinds) if k is AccountKind.TRADITIONAL_401K])
    return [a for a in order if a in into]


def conversion_plan(plan: Plan, schedule: Schedule, t: int, tax_of: YearTax, rmd: np.ndarray,
                    room: np.ndarray, price_now: np.ndarray) -> np.ndarray:
    """[A, N] amounts leaving each traditional account this year (0 elsewhere)."""
    mode = plan.taxes.roth_conversion
    out = np.zeros_like(room)
    sources = _sources(plan)
    if mode is ConversionMode.NONE or not sources or not destinations(plan):
        return out
    if mode is ConversionMode.FIXED:
        total = schedule.conversions_real[t] * price_now
        eligible = sources
    else:
        eligible = [a for a in sources if schedule.can_convert[a, t]]
        if not eligible or not plan.taxes.enabled:
            return out
        total = _fill_amount(plan, tax_of, rmd, room[eligible].sum(axis=0))
    left = np.asarray(total, dtype=float).copy()
    for a in eligible:
        take = np.minimum(room[a], left)
        out[a] = take
        left -= take
    return out


def _fill_amount(plan: Plan, tax_of: YearTax, rmd: np.ndarray, available: np.ndarray) -> np.ndarray:
    top = tax_of.table.bracket_top(plan.taxes.conversion_bracket_rate) * tax_of.index
    base = tax_of(rmd).bracket_position
    amount = np.clip(top - base, 0, available)
    slope = np.ones_like(amount)
    for _ in range(NEWTON_STEPS):
        filled = tax_of.with_conversion(amount)(rmd).bracket_position
        excess = filled - top
        # d(taxable)/d(conversion) is 1 to 1.85 (Social Security becomes taxable too).
        slope = np.where(amount > 0, np.clip((filled - base) / np.maximum(amount, 1e-9), 1, 1.85),
                         slope)
        amount = np.clip(amount - excess / slope, 0, available)
    return amount
