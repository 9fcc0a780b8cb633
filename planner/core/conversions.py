"""Roth conversions: money moved from traditional accounts to Roth, taxed as ordinary income.

- fixed: the plan's amounts (today's dollars) in their years;
- fill-bracket: in each retired year before the holder's RMDs start, enough to fill
  ordinary taxable income up to the top of the chosen bracket, counting the year's other
  income before withdrawals (wages, pensions, taxable benefits, RMDs). The taxable part of
  Social Security grows with the conversion, so the amount is found by a few Newton steps.
Sources are traditional IRAs first, then 401(k)s; each pours into a Roth IRA (or Roth
401(k)) of the person who holds it: its owner, or after the owner's death the surviving
spouse who rolled it over. A conversion never crosses from one living spouse to the other,
so a traditional account whose holder has no Roth account is not converted. The tax is part
of the year's need, so it is paid from the first account in the withdrawal order.
"""

from __future__ import annotations

import numpy as np

from planner.core.model import AccountKind, ConversionMode, Plan
from planner.core.schedule import Schedule
from planner.core.year_tax import YearTax

NEWTON_STEPS = 4


def roth_of(plan: Plan) -> dict[int, int]:
    """Person -> the Roth account that receives their conversions (a Roth IRA first)."""
    out: dict[int, int] = {}
    for person in range(len(plan.people)):
        own = [r for r, acct in enumerate(plan.accounts)
               if acct.kind.is_roth and acct.owner == person]
        if own:
            own.sort(key=lambda r: plan.accounts[r].kind is not AccountKind.ROTH_IRA)
            out[person] = own[0]
    return out


def sources(plan: Plan) -> list[int]:
    """Traditional accounts, in the order conversions draw on them: IRAs, then 401(k)s."""
    kinds = [acct.kind for acct in plan.accounts]
    return ([a for a, k in enumerate(kinds) if k is AccountKind.TRADITIONAL_IRA]
            + [a for a, k in enumerate(kinds) if k is AccountKind.TRADITIONAL_401K])


def conversion_plan(plan: Plan, schedule: Schedule, t: int, tax_of: YearTax, rmd: np.ndarray,
                    room: np.ndarray, price_now: np.ndarray, holder: np.ndarray,
                    alive: np.ndarray) -> np.ndarray:
    """[A, N] amounts leaving each traditional account this year (0 elsewhere).

    ``holder`` [A, N] is who holds each account on each path, ``alive`` [P, N] who lives."""
    mode = plan.taxes.roth_conversion
    out = np.zeros_like(room)
    order = sources(plan)
    into = roth_of(plan)
    if mode is ConversionMode.NONE or not order or not into:
        return out
    eligible = np.zeros_like(room, dtype=bool)
    for a in order:
        for person in into:
            held = (holder[a] == person) & alive[person]
            if mode is ConversionMode.FILL_BRACKET:
                held &= schedule.may_convert[person, t]
            eligible[a] |= held
    if not eligible.any():
        return out
    if mode is ConversionMode.FIXED:
        total = schedule.conversions_real[t] * price_now
    else:
        if not plan.taxes.enabled:
            return out
        available = (room * eligible).sum(axis=0)
        total = _fill_amount(plan, tax_of, rmd, available)
    left = np.asarray(total, dtype=float).copy()
    for a in order:
        take = np.where(eligible[a], np.minimum(room[a], left), 0.0)
        out[a] = take
        left -= take
    return out


def _fill_amount(plan: Plan, tax_of: YearTax, rmd: np.ndarray, available: np.ndarray) -> np.ndarray:
    top = tax_of.bracket_top(plan.taxes.conversion_bracket_rate)
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
