"""Runs that several questions ask for, made once.

The crypto questions of a report ask for the same run more than once: the share sweep's 0%
is also the outlook table's "without crypto" and the share search's floor; the sweep's
point at the plan's own share, the outlook table's row for the plan's own outlook and the
stress tests' base are all the plan as it is; and the share search's grid points are the
sweep's. The sample's report asked for 31 runs of which 23 differed.

A run is fully determined by its plan, mode, path count, seed and stress test (the engine
draws everything from the seed), so an equal request gets the same figures: ``Runs`` keeps
each run's headline, the few figures the questions read, rather than the whole Result (a
Result of 1,000 paths holds tens of MB of flows; a headline holds two arrays of one figure a
path). A ``Runs`` belongs to one job on one thread.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import numpy as np

from planner.core.engine import Cancelled, project
from planner.core.model import Mode, Plan
from planner.core.result import Result


@dataclass(frozen=True)
class Headline:
    """What the questions read of a run: its success and every path's estate."""

    success_rate: float
    success_range: tuple[float, float] | None
    paths: int  # paths actually run (historical: windows x alignments)
    estate_real: np.ndarray  # [N] today's dollars
    estate_nominal: np.ndarray  # [N] future dollars

    @staticmethod
    def of(r: Result) -> Headline:
        return Headline(r.summary.success_rate, r.summary.success_range, r.n_paths,
                        r.estate_real, r.estate_nominal)


def run_key(plan: Plan, mode: Mode | str | None, paths: int | None, seed: int | None,
            stress: str | None = None) -> Hashable:
    """What makes two requests the same run, with the defaults ``project`` applies: the
    plan's mode and seed when none is given, and the path count only in Monte Carlo
    (the other modes run the paths their mode defines)."""
    m = Mode(mode) if mode is not None else plan.simulation.mode
    n = (paths or plan.simulation.paths) if m is Mode.MONTE_CARLO else None
    return (plan, m.value, n, plan.simulation.seed if seed is None else seed, stress)


class Runs:
    """Headlines of the runs made so far; a request seen before is not run again."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, Headline] = {}
        self.made = 0  # runs actually made here (not remembered, not repeated)

    def remember(self, result: Result, mode: Mode | str | None, paths: int | None,
                 seed: int | None) -> None:
        """Keep a run made elsewhere, with the settings it was made with."""
        self._kept[run_key(result.plan, mode, paths, seed)] = Headline.of(result)

    def headline(self, plan: Plan, mode: Mode | str | None, paths: int | None,
                 seed: int | None, stress: str | None = None,
                 cancel: Callable[[], bool] | None = None) -> Headline:
        """The run's headline, made now if not seen before. Raises Cancelled (before a run
        only) if ``cancel()`` says so, PlanError for an invalid plan."""
        key = run_key(plan, mode, paths, seed, stress)
        kept = self._kept.get(key)
        if kept is not None:
            return kept
        if cancel is not None and cancel():
            raise Cancelled
        made = Headline.of(project(plan, mode=mode, paths=paths, seed=seed, stress=stress))
        self.made += 1
        self._kept[key] = made
        return made
