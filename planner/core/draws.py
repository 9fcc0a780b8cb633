"""Which account pays a withdrawal: the orders a plan can choose, as draw plans.

A draw plan turns an amount per path [N] into withdrawals per account [A, N], each account
limited by its room (balance left after RMDs) and, for some steps, by a shared cap:
- conventional: taxable, then traditional 401(k)/IRA, then Roth, then HSA;
- proportional: every account in proportion to its room;
- bracket-filling: traditional money up to the headroom left in a chosen bracket, then
  taxable, then Roth, then the rest of the traditional money, then HSA.
In all three, an HSA first pays the year's qualified medical costs (tax-free at any age).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from planner.core.model import AccountKind, WithdrawalOrder

CONVENTIONAL_KINDS = (
    AccountKind.TAXABLE,
    AccountKind.TRADITIONAL_401K,
    AccountKind.TRADITIONAL_IRA,
    AccountKind.ROTH_401K,
    AccountKind.ROTH_IRA,
    AccountKind.HSA,
)
HSA_MEDICAL = "hsa-medical"
BRACKET = "bracket"


@dataclass(frozen=True)
class Step:
    account: int
    cap: str | None = None  # name of a shared cap this step draws against


@dataclass
class DrawPlan:
    steps: list[Step]
    caps: dict[str, np.ndarray] = field(default_factory=dict)  # [N] each
    proportional_rest: bool = False  # after the steps, draw pro rata from every account

    def subset(self, idx: np.ndarray) -> DrawPlan:
        """The same plan for the paths ``idx`` only."""
        return DrawPlan(self.steps, {k: v[idx] for k, v in self.caps.items()},
                        self.proportional_rest)

    def draw(self, room: np.ndarray, amount: np.ndarray) -> np.ndarray:
        w = np.zeros_like(room)
        left = np.asarray(amount, dtype=float).copy()
        room_left = room.copy()
        caps = {k: v.copy() for k, v in self.caps.items()}
        for step in self.steps:
            can = room_left[step.account]
            if step.cap is not None:
                can = np.minimum(can, caps[step.cap])
            take = np.minimum(can, left)
            w[step.account] += take
            room_left[step.account] -= take
            left -= take
            if step.cap is not None:
                caps[step.cap] -= take
        if self.proportional_rest:
            total = room_left.sum(axis=0)
            share = np.where(total > 0, np.minimum(left / np.maximum(total, 1e-9), 1.0), 0.0)
            w += room_left * share
        return w


def draw_plan(
    kinds: list[AccountKind],
    order: WithdrawalOrder,
    hsa_medical: np.ndarray | None = None,
    bracket_headroom: np.ndarray | None = None,
) -> DrawPlan:
    """The year's draw plan. ``hsa_medical`` [N]: qualified costs HSAs may pay first;
    ``bracket_headroom`` [N]: traditional money that still fits the chosen bracket."""
    by_kind = _by_kind(tuple(kinds))
    hsa = by_kind[AccountKind.HSA]
    trad = by_kind[AccountKind.TRADITIONAL_IRA] + by_kind[AccountKind.TRADITIONAL_401K]
    steps: list[Step] = []
    caps: dict[str, np.ndarray] = {}
    if hsa_medical is not None and hsa:
        caps[HSA_MEDICAL] = hsa_medical
        steps += [Step(a, HSA_MEDICAL) for a in hsa]
    if order is WithdrawalOrder.PROPORTIONAL:
        return DrawPlan(steps, caps, proportional_rest=True)
    if order is WithdrawalOrder.BRACKET_FILLING and bracket_headroom is not None:
        caps[BRACKET] = bracket_headroom
        steps += [Step(a, BRACKET) for a in trad]
        rest = [AccountKind.TAXABLE, AccountKind.ROTH_401K, AccountKind.ROTH_IRA]
        steps += [Step(a) for k in rest for a in by_kind[k]]
        steps += [Step(a) for a in trad] + [Step(a) for a in hsa]
        return DrawPlan(steps, caps)
    steps += [Step(a) for k in CONVENTIONAL_KINDS for a in by_kind[k]]
    return DrawPlan(steps, caps)


@lru_cache(maxsize=64)
def _by_kind(kinds: tuple[AccountKind, ...]) -> dict[AccountKind, list[int]]:
    """The accounts of each kind (asked for every year of a run: worked out once). The
    caller only reads it."""
    return {k: [a for a, kind in enumerate(kinds) if kind is k] for k in AccountKind}
