"""Questions asked of many runs: how much can I spend, how much must I save, and what
does a crypto sleeve change.

Every run here reuses the same seed, so two runs differ only by the plan change being
tested (common random numbers): the success rate then moves monotonically with spending
and saving, which is what makes bisection sound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from planner.core.engine import project
from planner.core.model import Allocation, Mode, Plan, Strategy
from planner.core.result import Result

DEFAULT_CRYPTO_SHARES = tuple(np.round(np.arange(0, 0.2001, 0.025), 4))


@dataclass(frozen=True)
class HistoricalCase:
    start_year: str  # the first data year of the window
    total_balance_real: np.ndarray  # [T] today's dollars, end of each year
    depletion_age: int | None
    total_balance_nominal: np.ndarray | None = None  # [T] future dollars, end of each year


def worst_historical_case(plan: Plan) -> HistoricalCase:
    """The historical window with the lowest final balance (first failure if any fail)."""
    r = project(plan, mode=Mode.HISTORICAL, seed=plan.simulation.seed)
    terminal = r.total_balance_real[:, -1]
    # The window that runs dry earliest is worst; among the others, the lowest final balance.
    first_failure = np.where(r.depletion_index >= 0, r.depletion_index, len(r.years))
    n = int(np.lexsort((terminal, first_failure))[0])
    ages = r.depletion_ages()
    return HistoricalCase(
        start_year=r.path_labels[n] if r.path_labels else str(n),
        total_balance_real=r.total_balance_real[n].copy(),
        depletion_age=int(ages[n]) if ages[n] >= 0 else None,
        total_balance_nominal=r.total_balance[n].copy(),
    )


@dataclass(frozen=True)
class SensitivityRow:
    crypto_share: float
    success_rate: float
    median_terminal: float  # today's dollars
    p10_terminal: float  # today's dollars
    median_terminal_nominal: float = 0.0  # future dollars
    p10_terminal_nominal: float = 0.0


def _run(plan: Plan, mode: Mode | str, paths: int, seed: int) -> Result:
    return project(plan, mode=mode, paths=paths, seed=seed)


def with_crypto_share(plan: Plan, share: float) -> Plan:
    """Every account holds ``share`` in crypto; its other classes keep their proportions."""
    accounts = []
    for acct in plan.accounts:
        a = acct.allocation
        rest = a.stocks + a.bonds + a.cash
        if rest <= 0:
            alloc = Allocation(stocks=1 - share, bonds=0.0, cash=0.0, crypto=share)
        else:
            k = (1 - share) / rest
            alloc = Allocation(a.stocks * k, a.bonds * k, a.cash * k, share)
        accounts.append(replace(acct, allocation=alloc))
    return plan.with_changes(accounts=tuple(accounts))


def crypto_sensitivity(
    plan: Plan,
    shares: tuple[float, ...] = DEFAULT_CRYPTO_SHARES,
    *,
    mode: Mode | str = Mode.MONTE_CARLO,
    paths: int = 2000,
    seed: int | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[SensitivityRow]:
    """Success rate and terminal wealth (median, 10th percentile) for each crypto share."""
    seed = plan.simulation.seed if seed is None else seed
    rows = []
    for share in shares:
        if cancel is not None and cancel():
            break
        r = _run(with_crypto_share(plan, share), mode, paths, seed)
        terminal = r.estate_real
        rows.append(SensitivityRow(
            crypto_share=float(share),
            success_rate=r.summary.success_rate,
            median_terminal=float(np.median(terminal)),
            p10_terminal=float(np.percentile(terminal, 10)),
            median_terminal_nominal=float(np.median(r.estate_nominal)),
            p10_terminal_nominal=float(np.percentile(r.estate_nominal, 10)),
        ))
    return rows


def _bisect(success: Callable[[float], float], low: float, high: float, target: float,
            rising: bool, tolerance: float) -> float | None:
    """The boundary value of x where success(x) crosses the target (None if never)."""

    def ok(x: float) -> bool:
        return success(x) >= target

    if rising:  # more of x helps (saving): find the smallest x that reaches the target
        if not ok(high):
            return None
        if ok(low):
            return low
        while high - low > tolerance:
            mid = (low + high) / 2
            low, high = (low, mid) if ok(mid) else (mid, high)
        return high
    # more of x hurts (spending): find the largest x that still reaches the target
    if not ok(low):
        return None
    if ok(high):
        return high
    while high - low > tolerance:
        mid = (low + high) / 2
        low, high = (mid, high) if ok(mid) else (low, mid)
    return low


def max_spending(plan: Plan, target: float = 0.9, *, mode: Mode | str = Mode.MONTE_CARLO,
                 paths: int = 2000, seed: int | None = None) -> float | None:
    """The highest starting spending (today's dollars a year; for a withdrawal strategy,
    the highest first-year rate) whose success rate reaches ``target``."""
    seed = plan.simulation.seed if seed is None else seed
    s = plan.spending
    if s.strategy is Strategy.FIXED:
        # Phases keep their ratio to the main level.
        def success(level: float) -> float:
            ratio = level / s.annual if s.annual > 0 else 0.0
            phases = tuple(replace(ph, annual=ph.annual * ratio) for ph in s.phases)
            spending = replace(s, annual=level, phases=phases)
            result = _run(plan.with_changes(spending=spending), mode, paths, seed)
            return result.summary.success_rate

        high = max(4 * s.annual, 10 * sum(a.balance for a in plan.accounts) / 25, 100_000.0)
        return _bisect(success, 0.0, high, target, rising=False, tolerance=50.0)

    def success_rate(rate: float) -> float:
        spending = replace(s, withdrawal_rate=rate)
        return _run(plan.with_changes(spending=spending), mode, paths, seed).summary.success_rate

    return _bisect(success_rate, 0.0, 0.5, target, rising=False, tolerance=0.0005)


def max_pre_retirement_spending(plan: Plan, target: float = 0.9, *,
                                mode: Mode | str = Mode.MONTE_CARLO, paths: int = 2000,
                                seed: int | None = None) -> float | None:
    """The most the household can spend a year before it retires (today's dollars) and
    still reach the target: what it earns and does not spend or pay in tax is saved, so
    this is the question "how much must I save?". None if the household has already
    retired, or if spending nothing before retirement is not enough."""
    if plan.retirement_year <= plan.start_year:
        return None
    seed = plan.simulation.seed if seed is None else seed
    s = plan.spending

    def success(level: float) -> float:
        spending = replace(s, pre_retirement_annual=level)
        return _run(plan.with_changes(spending=spending), mode, paths, seed).summary.success_rate

    pay = sum(p.salary for p in plan.people) + sum(
        i.amount for i in plan.income if i.kind.earned)
    high = max(pay, s.annual, 100_000.0)
    return _bisect(success, 0.0, high, target, rising=False, tolerance=50.0)


def household_mix(plan: Plan) -> np.ndarray:
    """[4] the balance-weighted allocation of all accounts (equal weights if all empty)."""
    weights = np.array([max(a.balance, 0.0) for a in plan.accounts], dtype=float)
    if weights.sum() <= 0:
        weights = np.ones(len(plan.accounts))
    mixes = np.array([a.allocation.as_tuple() for a in plan.accounts], dtype=float)
    return np.asarray(weights @ mixes / weights.sum())


def crypto_break_even_return(plan: Plan, share: float) -> float | None:
    """The mean yearly crypto return at which a ``share`` crypto sleeve (taken pro rata from
    the other classes of the household's mix) leaves the mix's median growth unchanged.

    Below it the sleeve's volatility costs more than its return adds; None if no return up
    to 500% a year gets there.
    """
    from planner.core.returns import median_growth

    base_mix = household_mix(plan)
    rest = base_mix[:3].sum()
    plain = np.append(base_mix[:3] / rest if rest > 0 else [1.0, 0, 0], 0.0)
    sleeve = np.append(plain[:3] * (1 - share), share)
    mixes = np.array([plain, sleeve])

    def gap(mean: float) -> float:
        a = plan.assumptions
        p = plan.with_changes(assumptions=replace(a, crypto=replace(a.crypto,
                                                                    expected_return=mean)))
        plain_growth, sleeve_growth = median_growth(p, mixes)
        return float(sleeve_growth - plain_growth)

    low, high = -0.5, 5.0
    if gap(high) < 0:
        return None
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if gap(mid) < 0 else (low, mid)
    return high
