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

from planner.core.engine import Cancelled, project
from planner.core.model import (
    Allocation,
    CryptoModel,
    CryptoOutlook,
    MarketDraws,
    Mode,
    Person,
    Plan,
    Strategy,
)
from planner.core.montecarlo import holds_crypto
from planner.core.result import Result
from planner.core.run_memo import Headline, Runs

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
    paths: int = 0  # paths actually run (historical: windows x alignments)


def _run(plan: Plan, mode: Mode | str, paths: int, seed: int,
         cancel: Callable[[], bool] | None = None) -> Result:
    """One projection; Cancelled (planner.core.engine) first if ``cancel()`` says so."""
    if cancel is not None and cancel():
        raise Cancelled
    return project(plan, mode=mode, paths=paths, seed=seed)


def crypto_targets(plan: Plan, accounts: tuple[str, ...] = ()) -> list[int]:
    """The accounts a crypto share applies to: those named, else those that hold crypto,
    else every account."""
    if accounts:
        return [i for i, a in enumerate(plan.accounts) if a.name in accounts]
    holding = [i for i, a in enumerate(plan.accounts) if a.allocation.crypto > 0]
    return holding or list(range(len(plan.accounts)))


def with_crypto_share(plan: Plan, share: float, accounts: tuple[str, ...] = ()) -> Plan:
    """The target accounts (``crypto_targets``) hold ``share`` in crypto, their other
    classes keeping their proportions; the other accounts keep their mixes. (With no
    accounts named, the targets at 0% are every account that holds crypto: no crypto.)"""
    targets = set(crypto_targets(plan, accounts))
    changed = []
    for i, acct in enumerate(plan.accounts):
        if i not in targets:
            changed.append(acct)
            continue
        a = acct.allocation
        rest = a.stocks + a.bonds + a.cash
        if rest <= 0:
            alloc = Allocation(stocks=1 - share, bonds=0.0, cash=0.0, crypto=share)
        else:
            k = (1 - share) / rest
            alloc = Allocation(a.stocks * k, a.bonds * k, a.cash * k, share)
        changed.append(replace(acct, allocation=alloc))
    return plan.with_changes(accounts=tuple(changed))


def crypto_share(plan: Plan) -> float:
    """The household's crypto share: balance-weighted over its accounts."""
    return float(household_mix(plan)[3]) if plan.accounts else 0.0


def share_limit(plan: Plan, accounts: tuple[str, ...] = ()) -> float:
    """The highest share the target accounts may hold: their lowest crypto cap, or 100%."""
    caps = [plan.accounts[i].crypto_cap for i in crypto_targets(plan, accounts)]
    known = [c for c in caps if c is not None]
    return min(known) if known else 1.0


def crypto_sensitivity(
    plan: Plan,
    shares: tuple[float, ...] = DEFAULT_CRYPTO_SHARES,
    *,
    mode: Mode | str = Mode.MONTE_CARLO,
    paths: int = 2000,
    seed: int | None = None,
    cancel: Callable[[], bool] | None = None,
    accounts: tuple[str, ...] = (),
    runs: Runs | None = None,
) -> list[SensitivityRow]:
    """Success rate and terminal wealth (median, 10th percentile) for each crypto share
    held in the target accounts (shares above their cap are left out). ``runs``: the runs
    already made for other questions (see planner.core.run_memo)."""
    seed = plan.simulation.seed if seed is None else seed
    runs = runs if runs is not None else Runs()
    limit = share_limit(plan, accounts)
    rows = []
    for share in shares:
        if share > limit + 1e-9:
            continue
        if cancel is not None and cancel():
            break
        h = runs.headline(with_crypto_share(plan, share, accounts), mode, paths, seed)
        rows.append(SensitivityRow(
            crypto_share=float(share),
            success_rate=h.success_rate,
            median_terminal=float(np.median(h.estate_real)),
            p10_terminal=float(np.percentile(h.estate_real, 10)),
            median_terminal_nominal=float(np.median(h.estate_nominal)),
            p10_terminal_nominal=float(np.percentile(h.estate_nominal, 10)),
            paths=h.paths,
        ))
    return rows


@dataclass(frozen=True)
class Outcome:
    """One run's headline: success and the median estate in today's dollars."""

    success_rate: float
    median_wealth: float
    paths: int  # paths actually run (historical: windows x alignments)
    success_range: tuple[float, float] | None = None

    @staticmethod
    def of(r: Result | Headline) -> Outcome:
        h = r if isinstance(r, Headline) else Headline.of(r)
        return Outcome(h.success_rate, float(np.median(h.estate_real)), h.paths,
                       h.success_range)


@dataclass(frozen=True)
class OutlookRow:
    key: str  # a named outlook's key, or "custom" for the plan's own numbers
    label: str
    rationale: str
    outlook: CryptoOutlook
    mean: float  # the mean yearly return it implies
    with_crypto: Outcome  # at the plan's crypto share
    is_plans: bool  # the plan's own outlook


@dataclass(frozen=True)
class OutlookTable:
    share: float  # the household's crypto share the rows use
    without_crypto: Outcome  # the same plan at 0% crypto (the same under every outlook)
    rows: tuple[OutlookRow, ...]
    # Why the rows are not the plan as it is ("" when they are): the plan holds no crypto
    # and the rows show a sleeve in every account, or its return series brings its own.
    note: str = ""


HYPOTHETICAL_SHARE = 0.05  # the sleeve the outlook table shows for a plan without crypto


def series_replaces_outlook(plan: Plan, mode: Mode | str) -> bool:
    """Whether the run replays the crypto column of the plan's own return series (so no
    outlook applies): historical runs, and block-bootstrap Monte Carlo."""
    series = plan.simulation.return_series
    if series is None or not series.crypto:
        return False
    mode = Mode(mode)
    return mode is Mode.HISTORICAL or (
        mode is Mode.MONTE_CARLO and plan.simulation.market_draws is MarketDraws.BLOCK_BOOTSTRAP)


def crypto_outlooks(
    plan: Plan,
    *,
    mode: Mode | str = Mode.MONTE_CARLO,
    paths: int = 2000,
    seed: int | None = None,
    share: float | None = None,
    accounts: tuple[str, ...] = (),
    cancel: Callable[[], bool] | None = None,
    runs: Runs | None = None,
) -> OutlookTable:
    """Success and median wealth under every named outlook (and the plan's own, if it is
    custom) at the plan's crypto share (or ``share`` in the target accounts), beside the
    same plan without crypto: the answer as a range of beliefs, not one assumption.
    ``runs``: the runs already made for other questions."""
    from planner.core import outlooks

    seed = plan.simulation.seed if seed is None else seed
    runs = runs if runs is not None else Runs()
    note = ""
    if share is None and not holds_crypto(plan):
        share, accounts = HYPOTHETICAL_SHARE, tuple(a.name for a in plan.accounts)
        note = (f"The plan holds no crypto: the outlooks are shown for {share:.0%} in "
                "every account.")
    held = plan if share is None else with_crypto_share(plan, share, accounts)
    none = Outcome.of(runs.headline(with_crypto_share(plan, 0.0, accounts), mode, paths, seed))
    dof = plan.simulation.crypto_t_dof
    own = plan.assumptions.crypto
    mine = outlooks.plan_key(own)
    if series_replaces_outlook(plan, mode):
        series = plan.simulation.return_series
        assert series is not None
        replayed = Outcome.of(runs.headline(held, mode, paths, seed))
        logs = np.log1p(np.maximum(np.array(series.crypto), -0.999999))
        its = CryptoOutlook("series", float(np.expm1(logs.mean())),
                            float(logs.std(ddof=1)) if len(logs) > 1 else 0.0)
        row = OutlookRow("series", f"Your series ({series.name})",
                         "The crypto column of your return series, replayed: no outlook "
                         "applies.", its, float(np.mean(series.crypto)), replayed, True)
        return OutlookTable(crypto_share(held), none, (row,),
                            "Crypto replays your return series; the outlooks do not apply.")
    candidates = [(o.key, o.label, o.rationale, o.outlook) for o in outlooks.named_outlooks()]
    if mine == outlooks.CUSTOM:
        candidates.append((outlooks.CUSTOM, "Your outlook", "The numbers in this plan.", own))
    rows = []
    for key, label, why, outlook in candidates:
        if cancel is not None and cancel():
            break
        h = runs.headline(outlooks.with_outlook(held, outlook), mode, paths, seed)
        rows.append(OutlookRow(key, label, why, outlook, _mean_in(mode, outlook, dof),
                               Outcome.of(h), key == mine and not note))
    return OutlookTable(crypto_share(held), none, tuple(rows), note)


def _mean_in(mode: Mode | str, outlook: CryptoOutlook, dof: float) -> float:
    """The mean return the run really uses: history replays Bitcoin's own years (shifted
    and scaled) whatever the outlook's shape, so its mean is that of Bitcoin's years."""
    from planner.core import outlooks

    if Mode(mode) is Mode.HISTORICAL:
        outlook = replace(outlook, model=CryptoModel.BOOTSTRAP)
    return outlooks.implied_mean(outlook, dof)


@dataclass(frozen=True)
class StressRow:
    key: str
    label: str
    description: str
    stressed: Outcome


@dataclass(frozen=True)
class StressTable:
    base: Outcome  # the plan without any stress
    rows: tuple[StressRow, ...]


def stress_tests(
    plan: Plan,
    *,
    mode: Mode | str = Mode.MONTE_CARLO,
    paths: int = 2000,
    seed: int | None = None,
    keys: tuple[str, ...] | None = None,
    cancel: Callable[[], bool] | None = None,
    runs: Runs | None = None,
) -> StressTable:
    """Success and median wealth with and without each stress test, on the same paths
    (without crypto, the crypto stresses would change nothing: only the stock ones run).
    ``runs``: the runs already made for other questions."""
    from planner.core.stress import STOCK_STRESS_KEYS, STRESS_KEYS, stresses

    seed = plan.simulation.seed if seed is None else seed
    runs = runs if runs is not None else Runs()
    base = Outcome.of(runs.headline(plan, mode, paths, seed))
    wanted = keys or (STRESS_KEYS if holds_crypto(plan) else STOCK_STRESS_KEYS)
    rows = []
    for s in stresses(plan):
        if s.key not in wanted:
            continue
        if cancel is not None and cancel():
            break
        h = runs.headline(plan, mode, paths, seed, stress=s.key)
        rows.append(StressRow(s.key, s.label, s.description, Outcome.of(h)))
    return StressTable(base, tuple(rows))


@dataclass(frozen=True)
class ShareAnswer:
    share: float | None  # the largest share within the limit (None: not even 0.5%)
    within: float  # points of success allowed to be lost (0.02 = 2 points)
    at_zero: Outcome
    at_share: Outcome | None
    limit: float  # the highest share searched (the accounts' cap, or SHARE_CEILING)
    accounts: tuple[str, ...]  # the accounts that hold the share
    capped: bool = False  # the limit is the accounts' crypto cap

    def limit_text(self) -> str:
        """How far the search went, e.g. "searched up to the accounts' cap of 5%"."""
        if self.capped:
            return f"searched up to the accounts' cap of {self.limit * 100:g}%"
        return f"searched up to {self.limit * 100:g}%, the most the search tries"

    @property
    def at_limit(self) -> bool:
        """The answer is the most searched: the true limit may be higher (or the cap)."""
        return self.share is not None and self.share >= self.limit - 1e-12


SHARE_STEP = 0.05  # the coarse grid of the share search
SHARE_TOLERANCE = 0.0025  # ...refined to a quarter of a point
# The search stops here (or at the accounts' cap if lower): a planner's question is a
# sleeve, and an answer of "half or more" already says that the outlook favours crypto.
SHARE_CEILING = 0.5


def max_crypto_share(
    plan: Plan,
    within: float = 0.02,
    *,
    mode: Mode | str = Mode.MONTE_CARLO,
    paths: int = 2000,
    seed: int | None = None,
    accounts: tuple[str, ...] = (),
    cancel: Callable[[], bool] | None = None,
    runs: Runs | None = None,
) -> ShareAnswer:
    """The largest crypto share in the target accounts that keeps success within
    ``within`` of the same plan at 0%, under the plan's outlook: every share up to it
    passes (a coarse grid, then bisection between the last pass and the first failure).
    ``runs``: the runs already made for other questions (the share sweep's are the grid's)."""
    seed = plan.simulation.seed if seed is None else seed
    runs = runs if runs is not None else Runs()
    names = tuple(plan.accounts[i].name for i in crypto_targets(plan, accounts))
    cap = share_limit(plan, accounts)
    limit = min(cap, SHARE_CEILING)
    zero = Outcome.of(runs.headline(with_crypto_share(plan, 0.0, accounts), mode, paths, seed))
    floor = zero.success_rate - within - 1e-12
    seen: dict[float, Outcome] = {}

    def ok(share: float) -> bool:
        if share not in seen:
            seen[share] = Outcome.of(runs.headline(with_crypto_share(plan, share, accounts),
                                                   mode, paths, seed))
        return seen[share].success_rate >= floor

    good, bad = 0.0, None
    for share in np.arange(SHARE_STEP, limit + 1e-9, SHARE_STEP):
        if cancel is not None and cancel():
            break
        if not ok(round(float(share), 4)):
            bad = round(float(share), 4)
            break
        good = round(float(share), 4)
    if bad is None and good < limit and ok(limit):
        good = limit
    elif bad is None and good < limit:
        bad = limit
    while bad is not None and bad - good > SHARE_TOLERANCE:
        if cancel is not None and cancel():
            break
        mid = round((good + bad) / 2, 5)
        good, bad = (mid, bad) if ok(mid) else (good, mid)
    share = good if good > 0 else None
    return ShareAnswer(share, within, zero, seen.get(good) if share else None, limit, names,
                       capped=cap <= SHARE_CEILING)


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
                 paths: int = 2000, seed: int | None = None,
                 cancel: Callable[[], bool] | None = None) -> float | None:
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
            result = _run(plan.with_changes(spending=spending), mode, paths, seed, cancel)
            return result.summary.success_rate

        high = max(4 * s.annual, 10 * sum(a.balance for a in plan.accounts) / 25, 100_000.0)
        return _bisect(success, 0.0, high, target, rising=False, tolerance=50.0)

    def success_rate(rate: float) -> float:
        spending = replace(s, withdrawal_rate=rate)
        return _run(plan.with_changes(spending=spending), mode, paths, seed,
                    cancel).summary.success_rate

    return _bisect(success_rate, 0.0, 0.5, target, rising=False, tolerance=0.0005)


def max_pre_retirement_spending(plan: Plan, target: float = 0.9, *,
                                mode: Mode | str = Mode.MONTE_CARLO, paths: int = 2000,
                                seed: int | None = None,
                                cancel: Callable[[], bool] | None = None) -> float | None:
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
        return _run(plan.with_changes(spending=spending), mode, paths, seed,
                    cancel).summary.success_rate

    return _bisect(success, 0.0, pre_retirement_ceiling(plan), target, rising=False,
                   tolerance=50.0)


def pre_retirement_ceiling(plan: Plan) -> float:
    """The most pre-retirement spending the search tries: the household's pay (at least the
    retirement goal, and $100,000); an answer at this ceiling means "at least this much"."""
    pay = sum(p.salary for p in plan.people) + sum(
        i.amount for i in plan.income if i.kind.earned)
    return max(pay, plan.spending.annual, 100_000.0)


@dataclass(frozen=True)
class RetireAnswer:
    ages: tuple[int, ...]  # retirement age of each person, as in plan.people
    success_rate: float  # at those ages
    shift: int  # years earlier (-) or later (+) than the plan
    now: bool = False  # as early as possible: someone still working would stop this year


def earliest_retirement(plan: Plan, target: float = 0.9, *, mode: Mode | str = Mode.MONTE_CARLO,
                        paths: int = 2000, seed: int | None = None,
                        cancel: Callable[[], bool] | None = None) -> RetireAnswer | None:
    """The earliest retirement that reaches ``target``: the retirement age of everyone still
    working moves by the same number of years (a couple keeps the gap between them), never
    before anyone's age today and never past their planning horizon. None if the household
    has retired already, or if even the latest retirement does not reach the target."""
    seed = plan.simulation.seed if seed is None else seed
    start = plan.start_year
    working = [i for i, p in enumerate(plan.people) if p.birth_year + p.retirement_age > start]
    if not working:
        return None
    people = plan.people
    lowest = max(start - people[i].birth_year - people[i].retirement_age for i in working)
    highest = min(people[i].horizon_age - 1 - people[i].retirement_age for i in working)
    if highest < lowest:
        return None

    def moved(shift: int) -> tuple[Person, ...]:
        return tuple(replace(p, retirement_age=p.retirement_age + shift) if i in working else p
                     for i, p in enumerate(people))

    rates: dict[int, float] = {}

    def success(shift: int) -> float:
        if shift not in rates:
            rates[shift] = _run(plan.with_changes(people=moved(shift)), mode, paths,
                                seed, cancel).summary.success_rate
        return rates[shift]

    if success(highest) < target:
        return None
    low, high = lowest, highest  # success(high) reaches the target
    if success(low) >= target:
        high = low
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if success(mid) >= target else (mid, high)
    return RetireAnswer(tuple(p.retirement_age for p in moved(high)), success(high), high,
                        now=high == lowest)


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

    from planner.core.outlooks import median_for_mean, with_outlook

    dof = plan.simulation.crypto_t_dof
    own = plan.assumptions.crypto

    def gap(mean: float) -> float:
        outlook = replace(own, median=median_for_mean(mean, own, dof))
        p = with_outlook(plan, outlook)
        plain_growth, sleeve_growth = median_growth(p, mixes)
        return float(sleeve_growth - plain_growth)

    low, high = -0.5, 5.0
    if gap(high) < 0:
        return None
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if gap(mid) < 0 else (low, mid)
    return high
