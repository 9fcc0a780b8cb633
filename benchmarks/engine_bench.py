"""The projection core's speed and memory targets (issue 14, item 1), one row each.

- the sample plan planned to 99 (60 years), Monte Carlo 10,000 paths: <= 0.25 s;
- the heavy plan (plans/heavy_couple.json: a couple, all six account types, fill-bracket
  conversions, a pension, North Carolina tax, IRMAA), 10,000 paths over its years: <= 0.4 s;
- the sample plan with 100,000 paths: at most 10x the time of 10,000, and at most 600 MB at
  the peak (tracemalloc: every array numpy allocates, whether or not its pages are touched);
- the classic historical job (plans/classic_historical.json: every 30-year window of
  1872-2016, 75/25 stocks/bonds, 4% of the start inflation-adjusted, 0.18% fees, no taxes, as
  in the Trinity study and cFIREsim): the engine's whole time, validation to Result, <= 4 ms.

Every figure is the median of at least five runs, never the best one. `rows()` gives
(name, figure, limit, unit) for benchmarks/run.py; run as a script it prints them, and run
with PYTHONPATH pointing at another checkout it measures that checkout's engine (the plan
files are read from this folder either way), so two engines can be compared side by side:

    .venv/bin/python benchmarks/engine_bench.py
    PYTHONPATH=/tmp/base .venv/bin/python benchmarks/engine_bench.py
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
# After PYTHONPATH, so that another checkout's planner can be measured with these plans.
sys.path.append(str(HERE.parent))

from planner.core.engine import project  # noqa: E402
from planner.core.model import Mode, Plan  # noqa: E402
from planner.core.storage import load_plan, sample_plan  # noqa: E402

SAMPLE_S = 0.25
HEAVY_S = 0.4
SCALE_X = 10.0
PEAK_MB = 600.0
CLASSIC_MS = 4.0
PATHS = 10_000
MANY_PATHS = 100_000


def sixty_year_plan() -> Plan:
    """The sample plan (age 40 in 2026) planned to 99: exactly 60 projected years."""
    plan = sample_plan()
    return plan.with_changes(people=(replace(plan.people[0], horizon_age=99),))


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # a collection left over from the last run is not this run's time
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_peak_mb(fn: Callable[[], object], repeat: int = 5) -> float:
    peaks = []
    for _ in range(repeat):
        gc.collect()
        tracemalloc.start()
        fn()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(peak / 1e6)
    return statistics.median(peaks)


def rows(repeat: int = 5) -> list[tuple[str, float, float, str]]:
    plan = sixty_year_plan()
    heavy = load_plan(HERE / "plans" / "heavy_couple.json")
    classic = load_plan(HERE / "plans" / "classic_historical.json")

    def mc(p: Plan, paths: int) -> Callable[[], object]:
        return lambda: project(p, mode=Mode.MONTE_CARLO, paths=paths, seed=1)

    project(plan, mode=Mode.HISTORICAL)  # warm the caches (rules, data files)
    mc(heavy, 500)()
    t_sample = median_seconds(mc(plan, PATHS), repeat)
    t_heavy = median_seconds(mc(heavy, PATHS), repeat)
    t_many = median_seconds(mc(plan, MANY_PATHS), repeat)
    peak = median_peak_mb(mc(plan, MANY_PATHS), repeat)
    project(classic)
    t_classic = median_seconds(lambda: project(classic), max(repeat, 51))
    heavy_years = len(mc(heavy, 1)().years)  # type: ignore[attr-defined]
    return [
        (f"engine: sample plan, Monte Carlo {PATHS:,} x 60 years", t_sample, SAMPLE_S, "s"),
        (f"engine: heavy couple, Monte Carlo {PATHS:,} x {heavy_years} years", t_heavy,
         HEAVY_S, "s"),
        (f"engine: {MANY_PATHS:,} x 60 against {PATHS:,} x 60 (time ratio)",
         t_many / t_sample, SCALE_X, "x"),
        (f"engine: {MANY_PATHS:,} x 60, peak memory", peak, PEAK_MB, "MB"),
        ("engine: classic historical job (116 windows x 30 years)", t_classic * 1000,
         CLASSIC_MS, "ms"),
    ]


def main() -> int:
    import planner

    print(f"planner from {Path(planner.__file__).parent}")
    missed = 0
    for name, figure, limit, unit in rows():
        ok = figure <= limit
        missed += not ok
        print(f"{name:<62} {figure:10.3f} {unit:<3} limit {limit:g} {unit}  "
              f"{'pass' if ok else 'FAIL'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
