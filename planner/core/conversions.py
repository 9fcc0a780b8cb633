"""Roth conversions: money moved from traditional accounts to Roth, taxed as ordinary income.

- fixed: the plan's amounts (today's dollars) in their years;
- fill-bracket: in each retired year before the holder's RMDs start, enough to fill
  ordinary taxable income up to the top of the chosen bracket, counting all of the year's
  other income: wages, pensions, taxable benefits, RMDs and the year's withdrawals,
  including those that pay the conversion's own tax. The conversion is therefore part of
  the year's tax function (``ConversionRule.amount`` of the withdrawals), solved with the
  withdrawals; the taxable part of Social Security grows with it, so the amount is found
  by a few Newton steps.
Sources are traditional IRAs first, then 401(k)s; each pours into a Roth IRA (or Roth
401(k)) of the person who holds it: its owner, or after the owner's death the surviving
spouse who rolled it over. A conversion never crosses from one living spouse to the other,
so a traditional account whose holder has no Roth account is not converted. The tax is part
of the year's need, so it is paid from the first account in the withdrawal order.

A cap may hold the year's income down (counting, like the bracket fill, every withdrawal
of the year):
- an IRMAA tier: MAGI (the engine's AGI) at most the top of the chosen tier, in the years
  from which it sets a premium (IRMAA looks two years back: from the year one turns 63);
- the ACA cliff: household income at most 400% of the poverty line in years the household
  buys marketplace coverage (from 2026 there is no premium credit above it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from planner.core.health import credit_table, medicare, poverty_region
from planner.core.model import AccountKind, ConversionCap, ConversionMode, Plan
from planner.core.rules import LAST_BASE_YEAR
from planner.core.schedule import Schedule

if TYPE_CHECKING:
    from planner.core.year_tax import YearTax, YearTaxes

NEWTON_STEPS = 12  # at most; most years need two or three


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


@dataclass(frozen=True)
class ConversionRule:
    """How much one year converts, as a function of the year's withdrawals."""

    order: list[int]  # source accounts, in the order conversions draw on them
    eligible: np.ndarray  # [A, N] bool: may convert from this account on this path
    balance: np.ndarray  # [A, N] balances before the year's withdrawals
    holder: np.ndarray  # [A, N] who holds each account
    n_people: int
    fixed: np.ndarray | None  # [N] nominal amount (fixed conversions)
    fill_top: np.ndarray | None  # [N] bracket top to fill (fill-bracket)
    cap_top: np.ndarray | None  # [N] the cap on the measured income
    cap_measure: str  # "agi" or "household_income"
    cap_mask: np.ndarray | None  # [N] bool: paths the cap applies to
    # The year's last bracket fill on every path (NaN: none yet), shared with the subsets
    # the withdrawal solver takes (``where``: this rule's paths in it). The withdrawals move
    # little from one pass to the next, so the last fill is the next search's first guess.
    last: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False)
    where: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int), compare=False)

    def __post_init__(self) -> None:
        if self.last.size == 0:
            n = self.balance.shape[1]
            object.__setattr__(self, "last", np.full(n, np.nan))
            object.__setattr__(self, "where", np.arange(n))

    def subset(self, idx: np.ndarray) -> ConversionRule:
        def cut(x: np.ndarray | None) -> np.ndarray | None:
            return None if x is None else x[..., idx]
        return ConversionRule(self.order, self.eligible[:, idx], self.balance[:, idx],
                              self.holder[:, idx], self.n_people, cut(self.fixed),
                              cut(self.fill_top), cut(self.cap_top), self.cap_measure,
                              cut(self.cap_mask), self.last, self.where[idx])

    def split(self, total: np.ndarray, w: np.ndarray) -> np.ndarray:
        """[A, N] the amount ``total`` [N] taken from each source in order, out of what the
        withdrawals ``w`` [A, N] leave."""
        out = np.zeros_like(self.balance)
        left = np.asarray(total, dtype=float).copy()
        for a in self.order:
            take = np.where(self.eligible[a], np.minimum(np.maximum(self.balance[a] - w[a], 0),
                                                         left), 0.0)
            out[a] = take
            left = left - take
        return out

    def by_person(self, amounts: np.ndarray) -> np.ndarray:
        """[P, N] per-account amounts [A, N] summed by who holds the account."""
        out = np.zeros((self.n_people, amounts.shape[1]))
        for a in self.order:
            for p in range(self.n_people):
                out[p] += np.where(self.holder[a] == p, amounts[a], 0.0)
        return out

    def amount(self, tax: YearTax, w: np.ndarray) -> np.ndarray:
        """[N] the year's conversion given the withdrawals ``w``."""
        return self.settle(tax, w)[0]

    def settle(self, tax: YearTax, w: np.ndarray) -> tuple[np.ndarray, YearTaxes | None]:
        """The year's conversion given the withdrawals ``w``, with the year's taxes at it
        when the search already computed them (else None)."""
        available = sum((self.eligible[a] * np.maximum(self.balance[a] - w[a], 0)
                         for a in self.order), np.zeros(w.shape[1]))
        memo = _Memo(lambda c: tax.at_conversion(w, c))
        if self.fixed is not None:
            c = np.minimum(self.fixed, available)
        else:
            assert self.fill_top is not None
            guess = self.last[self.where]
            c = _fill_to(memo, available, self.fill_top, lambda x: x.bracket_position,
                         None if np.isnan(guess).any() else guess)
            self.last[self.where] = c
        if self.cap_top is not None and self.cap_mask is not None:
            key = self.cap_measure
            # Half a dollar under the cap: an IRMAA tier starts just above its bottom.
            room = _fill_to(memo, c, self.cap_top - 0.5, lambda x: np.asarray(getattr(x, key)))
            c = np.where(self.cap_mask, np.minimum(c, room), c)
        c = np.asarray(c)
        return c, memo.known(c)


class _Memo:
    """The year's taxes at a conversion, remembering the last one computed: the search's
    last step is usually the answer, and the year's taxes need not be computed again."""

    def __init__(self, at: Callable[[np.ndarray], YearTaxes]) -> None:
        self.at = at
        self.last: tuple[np.ndarray, YearTaxes] | None = None

    def __call__(self, c: np.ndarray) -> YearTaxes:
        taxes = self.at(c)
        self.last = (np.array(c, dtype=float, copy=True), taxes)
        return taxes

    def known(self, c: np.ndarray) -> YearTaxes | None:
        if self.last is not None and np.array_equal(self.last[0], c):
            return self.last[1]
        return None


def conversion_rule(plan: Plan, schedule: Schedule, t: int, tax_of: YearTax,
                    balance: np.ndarray, price_now: np.ndarray, holder: np.ndarray,
                    alive: np.ndarray) -> ConversionRule | None:
    """This year's conversion rule, or None when nothing can be converted.

    ``holder`` [A, N] is who holds each account on each path, ``alive`` [P, N] who lives."""
    mode = plan.taxes.roth_conversion
    order = sources(plan)
    into = roth_of(plan)
    if mode is ConversionMode.NONE or not order or not into:
        return None
    eligible = np.zeros_like(balance, dtype=bool)
    for a in order:
        for person in into:
            held = (holder[a] == person) & alive[person]
            if mode is ConversionMode.FILL_BRACKET:
                held &= schedule.may_convert[person, t]
            eligible[a] |= held
    if not eligible.any():
        return None
    fixed = fill_top = None
    if mode is ConversionMode.FIXED:
        fixed = schedule.conversions_real[t] * price_now
        if not fixed.any():
            return None
    else:
        if not plan.taxes.enabled:
            return None
        fill_top = tax_of.bracket_top(plan.taxes.conversion_bracket_rate)
    cap_top, measure, mask = _cap(plan, schedule, t, tax_of, alive)
    return ConversionRule(order, eligible, balance.copy(), holder, len(plan.people), fixed,
                          fill_top, cap_top, measure, mask)


def _cap(plan: Plan, schedule: Schedule, t: int, tax_of: YearTax, alive: np.ndarray
         ) -> tuple[np.ndarray | None, str, np.ndarray | None]:
    """(the cap [N], the income it caps, the paths it applies to), or Nones."""
    cap = plan.taxes.conversion_cap
    if cap is ConversionCap.NONE:
        return None, "", None
    year = min(max(int(schedule.years[t]), 2025), LAST_BASE_YEAR)
    joint = tax_of.filing.joint
    index = np.asarray(tax_of.prices) * np.ones(joint.shape)
    if cap is ConversionCap.IRMAA_TIER:
        mask = ((schedule.ages[:, t] >= 63)[:, None] & alive).any(axis=0)
        tiers = medicare(year)
        k = plan.taxes.conversion_irmaa_tier
        top = np.where(joint, tiers.tier_top("married_filing_jointly", k),
                       tiers.tier_top("single", k)) * index
        return (top, "agi", mask) if mask.any() else (None, "", None)
    mask = (schedule.health.aca_months[:, t][:, None] * alive).any(axis=0)
    table = credit_table(year, poverty_region(plan.taxes.state_in(int(schedule.years[t]))))
    if table.cap is None or not mask.any():
        return None, "", None
    people = alive.sum(axis=0)
    top = table.cap * (table.fpl_first + table.fpl_additional * (people - 1)) * index
    return top, "household_income", mask


def _fill_to(at: Callable[[np.ndarray], YearTaxes], available: np.ndarray, top: np.ndarray,
             measure: Callable[[YearTaxes], np.ndarray],
             guess: np.ndarray | None = None) -> np.ndarray:
    """[N] the conversion (at most ``available``) that brings ``measure`` of the year's tax
    return up to ``top``. The measure is piecewise linear in the conversion, rising by 1 to
    about 1.9 a converted dollar (Social Security becomes taxable, the senior deduction
    phases out), so secant steps between the last two points land exactly once both sit on
    the same piece. Without a ``guess`` the search starts from no conversion."""
    slope = np.ones_like(available)
    x_prev: np.ndarray | None
    f_prev: np.ndarray | None
    if guess is None:
        x_prev = np.zeros_like(available)
        f_prev = measure(at(x_prev))
        amount = np.clip(top - f_prev, 0, available)
    else:
        x_prev = f_prev = None
        amount = np.clip(guess, 0, available)
    for _ in range(NEWTON_STEPS):
        if not amount.any() and x_prev is not None:
            break
        filled = measure(at(amount))
        excess = filled - top
        # Done where the income sits at the top (within a cent) or cannot move.
        moving = ((excess > 0) & (amount > 0)) | ((excess < 0) & (amount < available))
        if not (moving & (np.abs(excess) > 0.01)).any():
            break
        if x_prev is not None and f_prev is not None:
            dx = amount - x_prev
            moved = np.abs(dx) > 1e-9
            slope = np.where(moved, np.clip((filled - f_prev) / np.where(moved, dx, 1.0), 1, 2),
                             slope)
        x_prev, f_prev = amount, filled
        amount = np.clip(amount - excess / slope, 0, available)
    return amount
