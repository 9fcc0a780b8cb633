"""When savings run out: a histogram of the first unfunded year's age over the failing paths,
with the share of paths that never run out stated in the title (it has no bar to show it)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from planner import format as fmt
from planner.charts import style
from planner.core.result import Result
from planner.run_counts import runs_noun, runs_text, runs_total_text

TITLE = "When savings run out"


@dataclass(frozen=True)
class DepletionCounts:
    ages: np.ndarray  # [K] every whole age from the earliest to the latest failure
    counts: np.ndarray  # [K] paths whose first unfunded year is at that age
    n_paths: int

    @property
    def never(self) -> float:
        """Share of paths that fund every year."""
        return 1.0 - float(self.counts.sum()) / self.n_paths


def depletion_counts(result: Result) -> DepletionCounts:
    ages = result.depletion_ages()
    failed = ages[ages >= 0].astype(int)
    if failed.size == 0:
        empty = np.zeros(0, dtype=int)
        return DepletionCounts(empty, empty, result.n_paths)
    span = np.arange(failed.min(), failed.max() + 1)
    counts = np.bincount(failed - span[0], minlength=len(span))
    return DepletionCounts(span, counts, result.n_paths)


def depletion_available(result: Result) -> bool:
    return result.n_paths > 1


def title_text(c: DepletionCounts, result: Result | None = None) -> str:
    runs = runs_text(result) if result is not None else f"{fmt.count(c.n_paths)} paths"
    return f"{TITLE} ({fmt.pct(c.never)} of {runs} never do)"


def draw_depletion(ax: Axes, result: Result, real: bool = True) -> None:
    """``real`` is accepted like every chart's, though ages carry no dollars."""
    if not depletion_available(result):
        style.message(ax, TITLE, "A distribution of ages needs many paths: "
                      "switch to Monte Carlo or Historical.")
        return
    c = depletion_counts(result)
    if c.counts.size == 0:
        style.message(ax, title_text(c, result), f"Savings last to the end of the plan in "
                      f"all {runs_total_text(result)}.")
        return
    ax.bar(c.ages, c.counts / c.n_paths, width=0.85, color=style.DEPLETION_COLOR,
           label=f"Share of all {runs_noun(result)} that first fall short at this age")
    ax.set_xlim(float(c.ages[0]) - 0.6, float(c.ages[-1]) + 0.6)  # no ticks past the plan
    style.style_axes(ax, title_text(c, result), f"{result.depletion_age_label()} in the first year "
                     "the spending goal cannot be funded")
    first, last = int(c.ages[0]), int(c.ages[-1])
    step = max(1, -(-(last - first + 1) // 10))  # whole years, at most about ten ticks
    ax.xaxis.set_major_locator(FixedLocator(list(range(first, last + 1, step))))
    # Shares, not money, on this chart's y axis.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.share(round(v, 4))))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    style.legend_below(ax, ncols=1)


def hover_depletion(result: Result, x: float | None, real: bool = True) -> str:
    """'Age 84: 37 of 1,000 paths (3.7%) first fall short'."""
    if x is None or not np.isfinite(x) or not depletion_available(result):
        return ""
    c = depletion_counts(result)
    age = int(round(x))
    if c.counts.size == 0 or not c.ages[0] <= age <= c.ages[-1]:
        return ""
    k = int(c.counts[age - c.ages[0]])
    return (f"Age {age}: {fmt.count(k)} of {runs_total_text(result)} "
            f"({fmt.pct(k / c.n_paths, 1)}) first fall short")
