"""Runs that several questions ask for, made once.

The crypto questions of a report ask for the same run more than once: the share sweep's 0%
is also the outlook table's "without crypto" and the share search's floor; the sweep's
point at the plan's own share, the outlook table's row for the plan's own outlook and the
stress tests' base are all the plan as it is; and the share search's grid points are the
sweep's. The sample's report asked for 31 runs of which 23 differed.

A run is fully determined by its plan, mode, path count, seed and stress test (the engine
draws everything from the seed), so an equal request gets the same figures: ``Runs`` keeps
each run's headline, the few figures the questions read, rather than the whole Result (the
sample's Result of 1,000 paths holds 23 MB of arrays; a headline holds two arrays of one
figure a path). A ``Runs`` belongs to one job on one thread.

Runs that do not depend on each other can also be made ahead on several processes
(``Runs.make_ahead``): the command line's report does so for its share sweep and its
outlook and stress tables, whose runs a dry pass lists (``Listing``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from planner.core.engine import Cancelled, project
from planner.core.model import Mode, Plan
from planner.core.result import Result

log = logging.getLogger(__name__)

# A run's identity: plan, mode, path count (None outside Monte Carlo), seed, stress test.
Key = tuple[Plan, str, "int | None", int, "str | None"]


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
            stress: str | None = None) -> Key:
    """What makes two requests the same run, with the defaults ``project`` applies: the
    plan's mode and seed when none is given, and the path count only in Monte Carlo
    (the other modes run the paths their mode defines)."""
    m = Mode(mode) if mode is not None else plan.simulation.mode
    n = (paths or plan.simulation.paths) if m is Mode.MONTE_CARLO else None
    return (plan, m.value, n, plan.simulation.seed if seed is None else seed, stress)


def make(key: Key) -> Headline:
    """The run ``key`` names, made now (in whatever process calls it)."""
    plan, mode, paths, seed, stress = key
    return Headline.of(project(plan, mode=mode, paths=paths, seed=seed, stress=stress))


class Runs:
    """Headlines of the runs made so far; a request seen before is not run again."""

    def __init__(self) -> None:
        self._kept: dict[Key, Headline] = {}
        self.made = 0  # runs actually made for it (not remembered, not repeated)

    def __contains__(self, key: Key) -> bool:
        return key in self._kept

    def copy(self) -> Runs:
        """Another Runs that starts with these headlines (for a job on another thread)."""
        other = Runs()
        other._kept = dict(self._kept)
        return other

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
        made = make(key)
        self.made += 1
        self._kept[key] = made
        return made

    def make_ahead(self, keys: Sequence[Key], workers: int) -> None:
        """Make the runs ``keys`` not yet kept on up to ``workers`` processes, ahead of the
        questions that will ask for them. Only where processes can start by forking (Linux:
        a child then needs no imports and no plan file; elsewhere starting one costs about
        as much as a run). It only saves time: a run that fails here is left for its
        question to make, and to report, in this process."""
        import multiprocessing  # here: only the command line's report starts processes
        from concurrent.futures import ProcessPoolExecutor

        todo = [k for k in dict.fromkeys(keys) if k not in self._kept]
        workers = min(workers, len(todo), affordable_workers(todo))
        if workers < 2 or not can_fork():
            return
        try:
            with ProcessPoolExecutor(workers,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [(k, pool.submit(make, k)) for k in todo]
                for key, future in futures:
                    try:
                        self._kept[key] = future.result()
                    except Exception as exc:  # noqa: BLE001 - its question makes it again
                        log.info("a run made ahead failed (%s); it is made again", exc)
                        continue
                    self.made += 1
        except OSError as exc:  # no process could start: the questions make every run
            log.info("runs are not made ahead: %s", exc)


# Memory a run may take at its peak, per path and year of the plan: 100,000 paths x 60 years
# peaked at 528 MB (make bench), about 88 bytes; rounded up. Years are counted as the
# longest plan allowed, and a run outside Monte Carlo (its windows) as this many paths.
PEAK_BYTES_PER_PATH_YEAR = 100
MAX_YEARS = 120
OTHER_MODE_PATHS = 2_000


def affordable_workers(keys: Sequence[Key]) -> int:
    """How many runs of ``keys`` may run at once beside this process in the memory the
    system has free (each child holds one run at its peak; the parent keeps its own): a
    large run made two at a time must not push the machine into swap or the kernel's
    out-of-memory killer. Unknown (no /proc/meminfo): no limit."""
    free = available_memory()
    if free is None or not keys:
        return len(keys)
    paths = max(k[2] if k[2] is not None else OTHER_MODE_PATHS for k in keys)
    peak = paths * MAX_YEARS * PEAK_BYTES_PER_PATH_YEAR
    return int(free // (2 * peak))  # half the free memory at most


def available_memory() -> int | None:
    """Bytes the kernel says are available for new work (Linux), None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def can_fork() -> bool:
    """Whether ``make_ahead`` may start processes: on Linux, by forking, and only from a
    process with no other thread (a fork copies none of them, and a lock another thread
    held stays locked in the child): the command line, not the window or a test runner."""
    import multiprocessing
    import threading

    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


class Listing(Runs):
    """A dry pass over questions whose runs do not depend on each other's figures (the
    share sweep, the outlook table, the stress tests): it lists the runs asked for and
    hands back a placeholder instead of making them."""

    PLACEHOLDER = Headline(0.0, None, 0, np.zeros(1), np.zeros(1))

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[Key] = []

    def headline(self, plan: Plan, mode: Mode | str | None, paths: int | None,
                 seed: int | None, stress: str | None = None,
                 cancel: Callable[[], bool] | None = None) -> Headline:
        self.asked.append(run_key(plan, mode, paths, seed, stress))
        return self.PLACEHOLDER


def listed(*questions: Callable[[Runs], object]) -> list[Key]:
    """The runs the questions ask for (each called with the Runs to use), from a dry pass
    over them: only for questions whose runs do not depend on each other's figures."""
    listing = Listing()
    for ask in questions:
        ask(listing)
    return listing.asked
