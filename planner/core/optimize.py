"""Optimisers: when to claim Social Security, how to convert to Roth, which account to draw.

Each search tries candidate choices on the plan and scores them by projecting the whole plan,
so taxes, IRMAA, the ACA credit, survivors' benefits and RMDs all count. Every candidate in a
search runs on the same random paths (common random numbers: the same seed and path count,
and nothing a choice changes draws a random number), so the difference between two choices is
the choice and not the luck of the draw. The plan's own choice is always a candidate, so the
answer is never worse than it on those paths.

Objectives: the success rate, the median after-tax legacy (Result.legacy_after_tax_real) or
the median lifetime spending delivered (today's dollars, after tax: every year's spending
funded). An optional constraint keeps only candidates whose success reaches a floor; when
none does, the answer says so and gives the best success found.

Searches, coarse to fine (each evaluation is a full projection, about 0.3 s for a couple on
2,000 paths, so the searches count them):
- claiming: each person's claiming age from 62 (or today's age) to 70; one person: every
  whole year; a couple: a 3 x 3 grid of ages, then a hill climb by two years and one year;
  then, for both, by three months and by one.
- conversions: fill-bracket conversions to the 10, 12, 22, 24 or 32% bracket top (or none)
  from retirement until RMDs, then the best bracket's start and stop ages (the first
  person's) by hill climbing; the plan's cap (IRMAA tier, ACA cliff) applies throughout.
- order: conventional, proportional and bracket-filling at each bracket.
The answer names the best and the runner-up, how much better the best is than the plan's
choice with the spread over paths, re-checks the best and the plan's choice on the full path
count, and ranks the best, the runner-up and the plan's choice in the other two modes.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from planner.core.conversions import roth_of, sources
from planner.core.engine import Cancelled, project
from planner.core.model import ConversionMode, Mode, Plan, WithdrawalOrder
from planner.core.result import Result
from planner.core.rules import load_rules

Progress = Callable[[float], None]
Cancel = Callable[[], bool]

BRACKETS = (0.10, 0.12, 0.22, 0.24, 0.32)  # conversion targets ("fill the 22% bracket")
ORDER_BRACKETS = (0.10, 0.12, 0.22, 0.24, 0.32)  # bracket-filling withdrawal orders
EARLIEST_CLAIM, LATEST_CLAIM = 62.0, 70.0
# Each candidate is scored on at most this many paths; the best and the plan's own choice
# are then re-checked on the plan's own path count and seed, so the plan's choice re-checked
# is the success rate the window, the library, Compare and the report show.
SEARCH_PATHS = 2000
Z90 = 1.645  # a two-sided 90% interval


class Decision(StrEnum):
    CLAIMING = "claiming"
    CONVERSIONS = "conversions"
    ORDER = "order"


class Objective(StrEnum):
    SUCCESS = "success"  # the success rate
    LEGACY = "legacy"  # the median after-tax legacy
    SPENDING = "spending"  # the median lifetime spending delivered


class NothingToDecide(ValueError):
    """The plan has no choice of this kind to make (the message says why)."""


Settings = Mapping[str, object]


@dataclass(frozen=True)
class Score:
    settings: Settings  # the choice (see ``apply``)
    success_rate: float
    legacy: float  # median after-tax legacy, today's dollars
    spending: float  # median lifetime spending delivered, today's dollars
    value: float  # the objective's value
    meets: bool  # reaches the success floor (True without one)
    runs: int  # paths (or historical runs) it was scored on
    alignments: int | None = None  # historical runs with crypto: Bitcoin alignments


@dataclass(frozen=True)
class Gain:
    """The best choice against the plan's own, path by path on the same paths."""

    value: float  # difference of the objective (success: a share; else today's dollars)
    mean: float  # mean difference per path (success: the same as ``value``)
    low: float  # 90% interval of the mean difference per path
    high: float
    p10: float  # spread of the per-path differences (money objectives; 0 for success)
    p90: float
    better: float  # share of paths where the best does better
    worse: float  # ...and worse

    @property
    def is_noise(self) -> bool:
        """True when the interval includes no gain: the difference may be the draw's luck."""
        return self.low <= 0 <= self.high


@dataclass(frozen=True)
class ModeCheck:
    mode: str
    runs: int
    best: Score
    runner_up: Score | None
    current: Score

    @property
    def others(self) -> list[Score]:
        return [s for s in (self.runner_up, self.current) if s is not None]

    @property
    def holds(self) -> bool:
        """The best still scores at least as well as the others in this mode."""
        return all(self.best.value >= s.value - 1e-9 for s in self.others)

    @property
    def tied(self) -> bool:
        """All of them score the same in this mode (e.g. 100% success)."""
        return all(abs(self.best.value - s.value) <= 1e-9 for s in self.others)


@dataclass(frozen=True)
class Answer:
    decision: Decision
    objective: Objective
    min_success: float | None
    mode: str
    runs: int  # paths of the search
    best: Score
    runner_up: Score | None
    current: Score
    gain: Gain
    met: bool  # some candidate reached the success floor
    ranking: tuple[Score, ...]  # every candidate scored, best first
    evaluated: int  # projections run by the search (not the checks)
    seconds: float  # the search's time
    checked: tuple[Score, Score] | None = None  # (best, current) on the full path count
    check_seconds: float = 0.0
    other_modes: tuple[ModeCheck, ...] = ()
    people: tuple[str, ...] = ()

    @property
    def improves(self) -> bool:
        return self.best.settings != self.current.settings


# ----- the choices


def current_settings(plan: Plan, decision: Decision) -> dict[str, object]:
    """The plan's own choice, in the settings of ``decision``."""
    t = plan.taxes
    if decision is Decision.CLAIMING:
        return {"claim_ages": tuple(float(p.social_security.claim_age) for p in plan.people)}
    if decision is Decision.CONVERSIONS:
        if t.roth_conversion is ConversionMode.FILL_BRACKET:
            return {"bracket": t.conversion_bracket_rate, "start_age": t.conversion_start_age,
                    "stop_age": t.conversion_stop_age}
        if t.roth_conversion is ConversionMode.FIXED:
            return {"bracket": None, "fixed": True}
        return {"bracket": None}
    rate = t.fill_bracket_rate if t.withdrawal_order is WithdrawalOrder.BRACKET_FILLING else None
    return {"order": t.withdrawal_order.value, "rate": rate}


def apply(plan: Plan, decision: Decision, settings: Settings) -> Plan:
    """The plan with a choice made (what "Apply to a new scenario" saves)."""
    t = plan.taxes
    if decision is Decision.CLAIMING:
        ages = settings["claim_ages"]
        assert isinstance(ages, tuple)
        people = tuple(
            dataclasses.replace(p, social_security=dataclasses.replace(
                p.social_security, claim_age=float(a)))
            for p, a in zip(plan.people, ages, strict=True))
        return plan.with_changes(people=people)
    if decision is Decision.CONVERSIONS:
        if settings.get("fixed"):
            return plan
        bracket = settings.get("bracket")
        if bracket is None:
            taxes = dataclasses.replace(t, roth_conversion=ConversionMode.NONE)
        else:
            taxes = dataclasses.replace(
                t, roth_conversion=ConversionMode.FILL_BRACKET,
                conversion_bracket_rate=float(bracket),  # type: ignore[arg-type]
                conversion_start_age=settings.get("start_age"),  # type: ignore[arg-type]
                conversion_stop_age=settings.get("stop_age"))  # type: ignore[arg-type]
        return plan.with_changes(taxes=taxes)
    order = WithdrawalOrder(str(settings["order"]))
    rate = settings.get("rate")
    taxes = dataclasses.replace(t, withdrawal_order=order)
    if rate is not None:
        taxes = dataclasses.replace(taxes, fill_bracket_rate=float(rate))  # type: ignore[arg-type]
    return plan.with_changes(taxes=taxes)


def _freeze(settings: Settings) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(settings.items()))


# ----- scoring


@dataclass(frozen=True)
class _Run:
    score: Score
    ok: np.ndarray  # [N] funded every year
    legacy: np.ndarray  # [N] today's dollars
    spending: np.ndarray  # [N] today's dollars

    def per_path(self, objective: Objective) -> np.ndarray:
        if objective is Objective.SUCCESS:
            return self.ok.astype(float)
        return self.legacy if objective is Objective.LEGACY else self.spending


def _score(result: Result, settings: Settings, objective: Objective,
           min_success: float | None) -> _Run:
    ok = ~result.failed
    legacy = result.legacy_after_tax_real
    spending = result.lifetime_real("spending_delivered")
    success = result.summary.success_rate
    values = {Objective.SUCCESS: success, Objective.LEGACY: float(np.median(legacy)),
              Objective.SPENDING: float(np.median(spending))}
    meets = min_success is None or success >= min_success - 1e-12
    groups = None if result.path_groups is None else len(np.unique(result.path_groups))
    score = Score(dict(settings), success, values[Objective.LEGACY], values[Objective.SPENDING],
                  values[objective], meets, result.n_paths, groups)
    return _Run(score, ok, legacy, spending)


def _key(s: Score) -> tuple[bool, float, float, float]:
    """Higher is better: the floor first, then the objective (below the floor, the success
    rate: the nearest miss), then success and the legacy to break ties (many choices reach
    100% success)."""
    first = s.value if s.meets else s.success_rate
    return (s.meets, round(first, 9), round(s.success_rate, 9), round(s.legacy, 2))


class _Search:
    """Scores candidates on one set of paths, each once, and counts them."""

    def __init__(self, plan: Plan, decision: Decision, objective: Objective,
                 min_success: float | None, mode: str, paths: int, seed: int,
                 progress: Progress | None, cancel: Cancel | None, budget: int) -> None:
        self.plan, self.decision, self.objective = plan, decision, objective
        self.min_success, self.mode, self.paths, self.seed = min_success, mode, paths, seed
        self.progress, self.cancel = progress, cancel
        self.budget = max(budget, 1)
        self.runs: dict[tuple[tuple[str, object], ...], _Run] = {}

    def run(self, settings: Settings) -> _Run:
        key = _freeze(settings)
        if key not in self.runs:
            if self.cancel is not None and self.cancel():
                raise Cancelled
            result = project(apply(self.plan, self.decision, settings), mode=self.mode,
                             paths=self.paths, seed=self.seed)
            self.runs[key] = _score(result, settings, self.objective, self.min_success)
            if self.progress is not None:
                self.progress(min(len(self.runs) / self.budget, 0.99))
        return self.runs[key]

    def best(self, candidates: Sequence[Settings]) -> Settings:
        scored = [self.run(c) for c in candidates]
        return max(scored, key=lambda r: _key(r.score)).score.settings

    def ranking(self) -> list[_Run]:
        return sorted(self.runs.values(), key=lambda r: _key(r.score), reverse=True)


def _climb(search: _Search, start: tuple[float, ...], make: Callable[[tuple[float, ...]], Settings],
           steps: tuple[float, ...], lows: tuple[float, ...], highs: tuple[float, ...]
           ) -> tuple[float, ...]:
    """Hill climb over a few coordinates: at each step size, move a coordinate up or down
    while that improves the score."""
    here = start
    for step in steps:
        moved = True
        while moved:
            moved = False
            for i in range(len(here)):
                for sign in (1, -1):
                    value = round(here[i] + sign * step, 6)
                    if not lows[i] - 1e-9 <= value <= highs[i] + 1e-9:
                        continue
                    there = here[:i] + (value,) + here[i + 1:]
                    if _key(search.run(make(there)).score) > _key(search.run(make(here)).score):
                        here, moved = there, True
                        break
    return here


# ----- the searches


def _claim_bounds(plan: Plan) -> list[tuple[float, float] | None]:
    """Per person: (earliest, latest) claiming age still open, or None (fixed: no benefit of
    their own or as a spouse, or too old to choose)."""
    out: list[tuple[float, float] | None] = []
    any_benefit = any(p.social_security.monthly_benefit_at_fra > 0 for p in plan.people)
    for p in plan.people:
        age_now = plan.start_year - p.birth_year
        low = max(EARLIEST_CLAIM, float(age_now))
        # A spouse with no benefit of their own still claims a spousal benefit.
        has = p.social_security.monthly_benefit_at_fra > 0 or (plan.is_couple and any_benefit)
        out.append((low, LATEST_CLAIM) if has and low <= LATEST_CLAIM else None)
    return out


def _search_claiming(search: _Search) -> None:
    plan = search.plan
    bounds = _claim_bounds(plan)
    free = [i for i, b in enumerate(bounds) if b is not None]
    if not free:
        raise NothingToDecide("no one in the plan has a Social Security benefit still to "
                              "claim (enter the benefit at full retirement age from ssa.gov; "
                              "past 70 there is nothing left to choose)")
    current = tuple(float(p.social_security.claim_age) for p in plan.people)
    search.run({"claim_ages": current})

    def make(ages: tuple[float, ...]) -> Settings:
        full = list(current)
        for i, a in zip(free, ages, strict=True):
            full[i] = round(a * 12) / 12  # whole months: 64.500001 is 64 and 6 months
        return {"claim_ages": tuple(full)}

    lows = tuple(bounds[i][0] for i in free)  # type: ignore[index]
    highs = tuple(bounds[i][1] for i in free)  # type: ignore[index]
    grid: list[tuple[float, ...]]
    if len(free) == 1:  # every whole year
        grid = [(float(a),) for a in range(math.ceil(lows[0]), int(highs[0]) + 1)]
    else:  # earliest, middle and latest for each, then the climb
        axes = [sorted({math.ceil(lo), round((math.ceil(lo) + hi) / 2), int(hi)})
                for lo, hi in zip(lows, highs, strict=True)]
        grid = [(float(a), float(b)) for a in axes[0] for b in axes[1]]
    years = (2.0, 1.0)
    start = search.best([make(g) for g in grid])["claim_ages"]
    assert isinstance(start, tuple)
    point = tuple(start[i] for i in free)
    point = _climb(search, point, make, years, lows, highs)
    _climb(search, point, make, (3 / 12, 1 / 12), lows, highs)


def _first_retired_age(plan: Plan) -> int:
    first = plan.people[0]
    return max(plan.retirement_year - first.birth_year, plan.start_year - first.birth_year)


def _search_conversions(search: _Search) -> None:
    plan = search.plan

    if not sources(plan) or not roth_of(plan):
        raise NothingToDecide("conversions need a traditional 401(k) or IRA and a Roth account "
                              "of the same person")
    if not plan.taxes.enabled:
        raise NothingToDecide("income taxes are off in this plan, so conversions cost and "
                              "save nothing: turn taxes on to compare them")
    search.run(current_settings(plan, Decision.CONVERSIONS))
    search.run({"bracket": None})
    by_bracket = [{"bracket": b, "start_age": None, "stop_age": None} for b in BRACKETS]
    best = search.best(by_bracket)
    bracket = best["bracket"]
    first = plan.people[0]
    start_low = plan.start_year - first.birth_year
    start_default = _first_retired_age(plan)
    last = first.horizon_age

    def make(ages: tuple[float, ...]) -> Settings:
        start = int(ages[0])
        stop = max(int(ages[1]), start)  # a window ends at or after its start
        return {"bracket": bracket, "start_age": start,
                "stop_age": None if stop >= last else stop}

    # From retirement to the year before RMDs is the default window; the climb moves its
    # start and stop by three years, then one.
    stop_default = float(min(last, max(load_rules().rmd_age(first.birth_year) - 1,
                                        start_default)))
    point = (float(start_default), stop_default)
    _climb(search, point, make, (3.0, 1.0), (float(start_low), float(start_low)),
           (float(last - 1), float(last)))


def _search_order(search: _Search) -> None:
    plan = search.plan
    if len(plan.accounts) < 2:
        raise NothingToDecide("the plan has one account: there is no order to choose")
    search.run(current_settings(plan, Decision.ORDER))
    candidates: list[Settings] = [{"order": WithdrawalOrder.CONVENTIONAL.value, "rate": None},
                                  {"order": WithdrawalOrder.PROPORTIONAL.value, "rate": None}]
    candidates += [{"order": WithdrawalOrder.BRACKET_FILLING.value, "rate": r}
                   for r in ORDER_BRACKETS]
    search.best(candidates)


_SEARCHES = {Decision.CLAIMING: (_search_claiming, 30), Decision.CONVERSIONS:
             (_search_conversions, 16), Decision.ORDER: (_search_order, 8)}


# ----- the answer


def _gain(best: _Run, current: _Run, objective: Objective) -> Gain:
    d = best.per_path(objective) - current.per_path(objective)
    n = d.size
    se = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    mean = float(d.mean())
    p10, p90 = (0.0, 0.0) if objective is Objective.SUCCESS else (
        float(np.percentile(d, 10)), float(np.percentile(d, 90)))
    tol = 1e-9 if objective is Objective.SUCCESS else 0.5
    return Gain(best.score.value - current.score.value, mean, mean - Z90 * se, mean + Z90 * se,
                p10, p90, float((d > tol).mean()), float((d < -tol).mean()))


def optimize(plan: Plan, decision: Decision | str, objective: Objective | str = Objective.SUCCESS,
             *, min_success: float | None = None, mode: Mode | str | None = None,
             paths: int | None = None, seed: int | None = None,
             check_paths: int | None = None,
             other_modes: bool = True, progress: Progress | None = None,
             cancel: Cancel | None = None) -> Answer:
    """Search ``decision`` for the best choice by ``objective`` (see the module's notes).

    Raises NothingToDecide when the plan has no such choice, Cancelled when cancelled."""
    decision, objective = Decision(decision), Objective(objective)
    mode_name = Mode(mode if mode is not None else plan.simulation.mode).value
    seed = plan.simulation.seed if seed is None else seed
    check_paths = plan.simulation.paths if check_paths is None else check_paths
    paths = min(SEARCH_PATHS, check_paths) if paths is None else paths
    fn, budget = _SEARCHES[decision]
    search = _Search(plan, decision, objective, min_success, mode_name, paths, seed, progress,
                     cancel, budget)
    started = time.perf_counter()
    fn(search)
    seconds = time.perf_counter() - started
    ranking = search.ranking()
    current = search.run(current_settings(plan, decision))
    best = ranking[0]
    runner_up = next((r for r in ranking[1:] if r is not best), None)
    answer = Answer(
        decision=decision, objective=objective, min_success=min_success, mode=mode_name,
        runs=best.score.runs, best=best.score,
        runner_up=runner_up.score if runner_up is not None else None,
        current=current.score, gain=_gain(best, current, objective),
        met=best.score.meets, ranking=tuple(r.score for r in ranking),
        evaluated=len(search.runs), seconds=seconds,
        people=tuple(p.name for p in plan.people))
    checks_started = time.perf_counter()
    checked = None
    if mode_name == Mode.MONTE_CARLO.value and check_paths > paths:
        full = _Search(plan, decision, objective, min_success, mode_name, check_paths, seed,
                       None, cancel, 2)
        checked = (full.run(best.score.settings).score, full.run(current.score.settings).score)
    modes: list[ModeCheck] = []
    if other_modes:
        for other in Mode:
            if other.value == mode_name:
                continue
            check = _Search(plan, decision, objective, min_success, other.value, paths, seed,
                            None, cancel, 3)
            b = check.run(best.score.settings).score
            r = check.run(runner_up.score.settings).score if runner_up is not None else None
            c = check.run(current.score.settings).score
            modes.append(ModeCheck(other.value, b.runs, b, r, c))
    if progress is not None:
        progress(1.0)
    return dataclasses.replace(answer, checked=checked, other_modes=tuple(modes),
                               check_seconds=time.perf_counter() - checks_started)
