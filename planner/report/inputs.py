"""Everything a report needs, computed once: the GUI and the CLI both call ``report_inputs``
and hand the result to ``pdf.write_report``, so their reports are the same document.

The crypto page's runs (the share sweep, the outlooks, the stress tests and the share
solver) all use one setting, ``CryptoRuns``: the report's own mode when it simulates
(Monte Carlo with the main run's path count, or historical), else Monte Carlo with the
plan's own path count (as the window's tables); always the report's seed. So they share
their random draws with each other (and, in a simulated report, with the main run: the
page's "no stress" row is the summary's success rate).

A caller that already has some of these runs for the same plan (the window: its full run
and the background tables it shows) passes them as ``Known``; each one is used when it was
run as the report would run it (same mode and seed, and in Monte Carlo the same paths), and
only the rest is computed.

With ``decisions=True`` it also answers the Decisions and Goals questions (what
``planner-cli report --decisions`` asks): the three goals for 90% success and the best
claiming ages, Roth conversion policy and withdrawal order by success rate, in the crypto
page's mode and seed. A decision the plan has nothing to choose about is listed with the
optimiser's reason (``ReportInputs.undecided``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from planner.charts.inputs import ChartInputs
from planner.core import goals as goal_seek
from planner.core import optimize as optimiser
from planner.core.analysis import (
    DEFAULT_CRYPTO_SHARES,
    SHARE_STEP,
    HistoricalCase,
    OutlookTable,
    SensitivityRow,
    ShareAnswer,
    StressTable,
    crypto_outlooks,
    crypto_sensitivity,
    max_crypto_share,
    share_limit,
    stress_tests,
    worst_historical_case,
)
from planner.core.engine import Cancelled, project
from planner.core.errors import PlanError
from planner.core.goals import Goals
from planner.core.model import Mode, Plan
from planner.core.result import Result
from planner.core.run_memo import Runs, listed
from planner.core.stress import STOCK_STRESS_KEYS

Progress = Callable[[float], None]
Cancel = Callable[[], bool]

# A plan without crypto: the outlook table shows what this sleeve in every account would do.
WHAT_IF_SHARE = 0.05
SHARE_WITHIN = 0.02  # the share solver: success within 2 points of the plan at 0%
# Stress tests that touch stocks: the only ones that can move a plan without crypto.
STOCK_STRESSES = STOCK_STRESS_KEYS  # the stresses that matter without crypto
# Shares of the progress bar, in order: the main run, the share sweep, the outlooks, the
# stress tests, the share solver; the worst historical window takes the rest.
MAIN_SHARE, SENSITIVITY_SHARE, OUTLOOK_SHARE, STRESS_SHARE, SOLVER_SHARE = (
    0.2, 0.27, 0.17, 0.17, 0.1)
# Decisions and goals (report_inputs(decisions=True)): the searches' paths, the goals' target,
# the decisions searched, and their shares of the progress bar (the runs above take the rest).
DECISION_PATHS = 1000
GOAL_TARGET = 0.9
DECISIONS = (optimiser.Decision.CLAIMING, optimiser.Decision.CONVERSIONS,
             optimiser.Decision.ORDER)
BASE_SHARE_WITH_DECISIONS, GOALS_SHARE = 0.45, 0.2  # each decision: an equal part of the rest


@dataclass(frozen=True)
class CryptoRuns:
    """How the crypto page's numbers were run."""

    mode: str  # "monte-carlo" or "historical"
    paths: int  # Monte Carlo paths asked for (historical: every window, whatever this says)
    seed: int
    follows_report: bool  # the report's own mode (False: an expected report, run in MC)


@dataclass(frozen=True)
class ReportInputs(ChartInputs):
    """ChartInputs (so the GUI can draw from it too) plus the crypto page's other runs."""

    sensitivity_paths: int | None = None
    crypto_runs: CryptoRuns | None = None
    stresses: StressTable | None = None
    share_answer: ShareAnswer | None = None  # None when the plan holds no crypto
    # Decisions searched that the plan has no choice about: (decision, the reason).
    undecided: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunSettings:
    """How a set of runs was made: enough to tell whether two give the same figures."""

    mode: str  # "expected", "monte-carlo" or "historical"
    paths: int
    seed: int

    def same_runs(self, other: RunSettings | None) -> bool:
        """The same figures: the same mode and seed, and in Monte Carlo the same paths (the
        other modes run one path or every window, whatever the count asked for)."""
        if other is None or (self.mode, self.seed) != (other.mode, other.seed):
            return False
        return self.mode != Mode.MONTE_CARLO.value or self.paths == other.paths


@dataclass(frozen=True)
class Known:
    """Runs a caller already has for ``plan``, each with how it was made (None: not had).

    ``result`` was projected with ``result_seed``; ``sensitivity`` is the crypto-share sweep
    (one ``crypto_sensitivity`` call per share of DEFAULT_CRYPTO_SHARES); ``outlooks`` and
    ``stresses`` are ``crypto_outlooks`` and ``stress_tests`` with their default share and
    keys (what report_inputs asks for a plan that holds crypto; without crypto it asks for
    a what-if share, so only the stresses can be used); ``worst`` counts only when
    ``worst_known`` (None is then a plan too long for the market history).
    """

    plan: Plan
    result: Result | None = None
    result_seed: int | None = None
    sensitivity: tuple[SensitivityRow, ...] | None = None
    sensitivity_runs: RunSettings | None = None
    outlooks: OutlookTable | None = None
    stresses: StressTable | None = None
    tables_runs: RunSettings | None = None  # how the outlooks and the stresses were run
    worst: HistoricalCase | None = None
    worst_known: bool = False
    # Headlines of runs made for ``plan`` or its variants, each kept with how it was made
    # (run_memo.Runs), so any of them can be used as it is.
    runs: Runs | None = None

    def result_for(self, plan: Plan, wanted: RunSettings) -> Result | None:
        """The known result if it is the projection ``wanted`` of ``plan``."""
        r = self.result
        if r is None or self.result_seed is None or self.plan != plan or r.plan != plan:
            return None
        had = RunSettings(r.mode, r.n_paths, self.result_seed)
        return r if had.same_runs(wanted) else None


def holds_crypto(plan: Plan) -> bool:
    return any(a.allocation.crypto > 0 for a in plan.accounts)


def crypto_runs(result: Result, seed: int | None) -> CryptoRuns:
    seed = result.plan.simulation.seed if seed is None else seed
    if result.mode == Mode.HISTORICAL.value:
        return CryptoRuns(Mode.HISTORICAL.value, result.n_paths, seed, True)
    if result.mode == Mode.MONTE_CARLO.value:
        return CryptoRuns(Mode.MONTE_CARLO.value, result.n_paths, seed, True)
    return CryptoRuns(Mode.MONTE_CARLO.value, result.plan.simulation.paths, seed, False)


def report_inputs(
    plan: Plan,
    *,
    mode: Mode | str | None = None,
    paths: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    decisions: bool = False,
    decision_paths: int = DECISION_PATHS,
    known: Known | None = None,
    workers: int = 1,
) -> ReportInputs:
    """The main projection (in the plan's mode unless ``mode`` says otherwise), the crypto
    page's runs (see CryptoRuns: the share sweep 0-20% in 2.5% steps, every crypto outlook,
    the stress tests, the largest share within 2 points of 0%) and the worst historical
    window. Raises PlanError for an invalid plan, Cancelled if cancelled.

    The worst historical window is left out (None) when the plan is longer than the market
    history; the report then says so rather than fail.

    ``decisions``: also the goals for GOAL_TARGET success (``goals.seek`` on the report's
    paths, at most ``decision_paths``) and each optimiser's answer (searched on
    ``decision_paths``, re-checked on the report's paths), in the crypto page's mode and seed.

    ``known``: runs the caller already has (see Known); those made as the report would make
    them are used as they are, and only the others are run.

    ``workers``: with more than one, the share sweep's and the tables' runs are made ahead on
    that many processes where that is safe (run_memo.Runs.make_ahead: the command line; a
    window's threads forbid it). The figures are the same either way.
    """
    bar = _Bar(progress, cancel, BASE_SHARE_WITH_DECISIONS if decisions else 1.0)
    known = known if known is not None and known.plan == plan else Known(plan)
    main = RunSettings(str(Mode(mode) if mode is not None else plan.simulation.mode),
                       paths if paths is not None else plan.simulation.paths,
                       plan.simulation.seed if seed is None else seed)
    result = known.result_for(plan, main)
    if result is None:
        result = project(plan, mode=mode, paths=paths, seed=seed, cancel=cancel,
                         progress=lambda f: bar.report(MAIN_SHARE * f))
    runs = crypto_runs(result, seed)
    bar.done = MAIN_SHARE
    bar.report(bar.done)
    # The crypto page's questions share runs (run_memo says which): each is made once.
    made = known.runs.copy() if known.runs is not None else Runs()
    made.remember(result, main.mode, main.paths, main.seed)
    if workers > 1:
        _make_ahead(plan, runs, known, made, workers)
    rows = _share_sweep(plan, runs, known, bar, made)
    outlooks, stresses = _crypto_tables(plan, runs, known, bar, made)
    answer = _largest_share(plan, runs, bar, made)
    worst = _worst_window(plan, known)
    bar.report(1.0)
    inputs = ReportInputs(result, rows, worst, outlooks,
                          sensitivity_paths=runs.paths if runs.mode == "monte-carlo" else None,
                          crypto_runs=runs, stresses=stresses, share_answer=answer)
    if not decisions:
        return inputs
    full = paths if paths is not None else plan.simulation.paths
    return decide(inputs, full, decision_paths, progress, cancel)


class _Bar:
    """report_inputs' progress (``done`` is the share finished, of ``scale``: the rest is the
    decisions') and its cancel checks."""

    def __init__(self, progress: Progress | None, cancel: Cancel | None, scale: float) -> None:
        self.progress, self.cancel, self.scale = progress, cancel, scale
        self.done = 0.0

    def report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(min(1.0, fraction) * self.scale)

    def stop(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled

    def ticking(self, share: float, expected: int) -> Cancel:
        """A cancel check for the core's loops, which call it once before each run: it
        also moves the bar by one run in ``expected`` through the next ``share``."""
        start, calls = self.done, 0

        def check() -> bool:
            nonlocal calls
            self.report(start + share * min(calls, expected) / expected)
            calls += 1
            return self.cancel is not None and self.cancel()

        return check


def _settings(runs: CryptoRuns) -> RunSettings:
    return RunSettings(runs.mode, runs.paths, runs.seed)  # how every crypto-page run is made


def _make_ahead(plan: Plan, runs: CryptoRuns, known: Known, made: Runs, workers: int) -> None:
    """Make the runs of the share sweep and the tables on ``workers`` processes, listed by
    a dry pass over them (what they ask for does not depend on any run's figures)."""
    quiet = _Bar(None, None, 1.0)
    made.make_ahead(listed(lambda r: _share_sweep(plan, runs, known, quiet, r),
                           lambda r: _crypto_tables(plan, runs, known, quiet, r)), workers)


def _share_sweep(plan: Plan, runs: CryptoRuns, known: Known, bar: _Bar,
                 made: Runs) -> tuple[SensitivityRow, ...]:
    """The crypto-share sweep 0-20%, unless the caller already has it made the same way."""
    if known.sensitivity is not None and _settings(runs).same_runs(known.sensitivity_runs):
        rows = list(known.sensitivity)
    else:
        rows = []
        shares = DEFAULT_CRYPTO_SHARES
        for k, share in enumerate(shares):
            bar.stop()
            # One share per call so progress moves; the same seed keeps common random numbers.
            rows += crypto_sensitivity(plan, (share,), mode=runs.mode, paths=runs.paths,
                                       seed=runs.seed, runs=made)
            bar.report(bar.done + SENSITIVITY_SHARE * (k + 1) / len(shares))
    bar.done += SENSITIVITY_SHARE
    return tuple(rows)


def _crypto_tables(plan: Plan, runs: CryptoRuns, known: Known, bar: _Bar,
                   made: Runs) -> tuple[OutlookTable, StressTable]:
    """Every crypto outlook (at a what-if share for a plan without crypto) and the stress
    tests, each unless the caller already has it made the same way."""
    m, n, sd = runs.mode, runs.paths, runs.seed
    crypto = holds_crypto(plan)
    tables_known = _settings(runs).same_runs(known.tables_runs)
    bar.stop()
    if crypto and tables_known and known.outlooks is not None:
        outlooks: OutlookTable = known.outlooks
    else:
        outlooks = crypto_outlooks(
            plan, share=None if crypto else WHAT_IF_SHARE,
            mode=m, paths=n, seed=sd, cancel=bar.ticking(OUTLOOK_SHARE, 6), runs=made)
    bar.done += OUTLOOK_SHARE
    bar.stop()
    if tables_known and known.stresses is not None:
        # Every stress with crypto, the stock ones without: the rule stress_tests applies
        # by default, which is what the report asks for too.
        stresses = known.stresses
    else:
        stresses = stress_tests(plan, keys=None if crypto else STOCK_STRESSES, mode=m,
                                paths=n, seed=sd,
                                cancel=bar.ticking(STRESS_SHARE, 4 if crypto else 2),
                                runs=made)
    bar.done += STRESS_SHARE
    bar.stop()
    return outlooks, stresses


def _largest_share(plan: Plan, runs: CryptoRuns, bar: _Bar,
                   made: Runs) -> ShareAnswer | None:
    """The largest crypto share within SHARE_WITHIN points of none (a plan with crypto)."""
    answer = None
    if holds_crypto(plan):
        # The grid up to the cap, then a few bisection steps (fewer if it stops early).
        runs_at_most = int(share_limit(plan) / SHARE_STEP) + 5
        answer = max_crypto_share(plan, SHARE_WITHIN, mode=runs.mode, paths=runs.paths,
                                  seed=runs.seed, runs=made,
                                  cancel=bar.ticking(SOLVER_SHARE, runs_at_most))
    else:  # nothing to solve: the bar still moves in steps
        bar.report(bar.done + SOLVER_SHARE / 2)
    bar.done += SOLVER_SHARE
    bar.stop()
    bar.report(bar.done)
    return answer


def _worst_window(plan: Plan, known: Known) -> HistoricalCase | None:
    """The worst historical start, None when the plan is longer than the market history."""
    if known.worst_known:
        return known.worst
    try:
        return worst_historical_case(plan)
    except PlanError:
        return None


def decide(inputs: ReportInputs, paths: int, decision_paths: int = DECISION_PATHS,
           progress: Progress | None = None, cancel: Cancel | None = None) -> ReportInputs:
    """``inputs`` with the goals and the optimisers' answers for its plan (see
    report_inputs); ``paths`` is the report's path count. Raises Cancelled if cancelled."""
    plan = inputs.result.plan
    runs = inputs.crypto_runs or crypto_runs(inputs.result, None)
    m, sd = runs.mode, runs.seed
    base = BASE_SHARE_WITH_DECISIONS
    each = (1.0 - base - GOALS_SHARE) / len(DECISIONS)

    def part(start: float, share: float) -> Progress:
        def tell(fraction: float) -> None:
            if progress is not None:
                progress(min(1.0, start + share * min(max(fraction, 0.0), 1.0)))
        return tell

    try:
        goals: Goals = goal_seek.seek(plan, GOAL_TARGET, mode=m, paths=min(paths, decision_paths),
                                      seed=sd, progress=part(base, GOALS_SHARE), cancel=cancel)
        answers: list[optimiser.Answer] = []
        undecided: list[tuple[str, str]] = []
        for k, decision in enumerate(DECISIONS):
            tell = part(base + GOALS_SHARE + k * each, each)
            try:
                answers.append(optimiser.optimize(
                    plan, decision, mode=m, paths=min(paths, decision_paths), seed=sd,
                    check_paths=paths,
                    progress=tell, cancel=cancel))
            except optimiser.NothingToDecide as exc:
                undecided.append((decision.value, str(exc)))
            tell(1.0)
    except (goal_seek.Cancelled, optimiser.Cancelled) as exc:
        raise Cancelled from exc
    if progress is not None:
        progress(1.0)
    return dataclasses.replace(inputs, decisions=tuple(answers), goals=goals,
                               undecided=tuple(undecided))
