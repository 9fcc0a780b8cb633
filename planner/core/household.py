"""Who is alive in a year on each path, and what a death changes (survivorship).

In the year of a death the deceased is counted for the whole year: the couple files jointly
(IRC 6013(a)(2)), spends as a couple, and the deceased's benefits, pay and RMD are received.
From the next year:
- the survivor files single (qualifying surviving spouse status needs a dependent child,
  which the plan does not model) and Medicare IRMAA uses single thresholds;
- the deceased's traditional and Roth accounts are the survivor's by spousal rollover: the
  survivor's age sets the RMD divisor and the RMD start age. A survivor under 59 1/2 pays
  no 10% penalty on them (a spouse can take money as a beneficiary first and roll over
  later, IRC 72(t)(2)(A)(ii)). Their HSA is the survivor's (IRC 223(f)(8)(A)), with the
  survivor's age for its 20% penalty;
- taxable holdings step up to their value at death (IRC 1014): all of an account the
  deceased owned, half of a joint one (IRC 2040(b));
- spending changes by the plan's survivor setting;
- Social Security, pensions and annuities follow their survivor rules (social_security,
  income_streams).
After the last death nothing more happens on that path: the plan ends and the estate is
what the accounts hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.model import AccountKind, Plan


@dataclass(frozen=True)
class YearHousehold:
    t: int
    alive: np.ndarray  # [P, N] bool: alive during year t
    active: np.ndarray  # [N] bool: anyone alive (the plan has not ended)
    joint: np.ndarray  # [N] bool: married filing jointly
    widowed: np.ndarray  # [N] bool: a couple's survivor, after the year of the death
    holder: np.ndarray  # [A, N] person who holds each account (owner, or the survivor)
    inherited: np.ndarray  # [A, N] bool: held by the owner's surviving spouse
    seniors: np.ndarray  # [N] people alive and 65+ at the end of the year
    everyone_alive: bool  # no death yet on any path (the common, fast case)


def year_household(plan: Plan, death_t: np.ndarray, ages: np.ndarray, t: int,
                   owners: np.ndarray) -> YearHousehold:
    """``death_t`` [P, N] last year alive; ``ages`` [P, T]; ``owners`` [A] account owners."""
    alive = death_t >= t
    n = death_t.shape[1]
    everyone = bool(alive.all())
    seniors = ((ages[:, t] >= 65)[:, None] & alive).sum(axis=0)
    if len(plan.people) == 1:
        none = np.zeros(n, dtype=bool)
        return YearHousehold(t, alive, alive[0], none, none,
                             np.repeat(owners[:, None], n, axis=1),
                             np.zeros((len(owners), n), dtype=bool), seniors, everyone)
    joint = alive[0] & alive[1]
    widowed = alive[0] ^ alive[1]
    if everyone:
        holder = np.repeat(owners[:, None], n, axis=1)
        inherited = np.zeros((len(owners), n), dtype=bool)
    else:
        inherited = widowed[None, :] & ~alive[owners]
        holder = np.where(inherited, 1 - owners[:, None], owners[:, None])
    return YearHousehold(t, alive, alive[0] | alive[1], joint, widowed, holder, inherited,
                         seniors, everyone)


def died_last_year(death_t: np.ndarray, t: int) -> np.ndarray:
    """[P, N] bool: died at the end of year t-1 (and so not alive in year t)."""
    return np.asarray(death_t == t - 1)


def step_up_basis(plan: Plan, basis: np.ndarray, bal: np.ndarray, died: np.ndarray,
                  survivor_alive: np.ndarray) -> None:
    """Step up taxable basis to the value at death (edits ``basis`` [A, N]): an account the
    deceased owned in full, a joint account by half. ``died`` [P, N]; only paths with a
    survivor are touched (after the last death nothing is sold)."""
    for a, acct in enumerate(plan.accounts):
        if acct.kind is not AccountKind.TAXABLE:
            continue
        if acct.joint:
            hit = died.any(axis=0) & survivor_alive
            basis[a] = np.where(hit, 0.5 * basis[a] + 0.5 * bal[a], basis[a])
        else:
            hit = died[acct.owner] & survivor_alive
            basis[a] = np.where(hit, bal[a], basis[a])
