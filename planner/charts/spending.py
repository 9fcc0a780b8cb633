"""Spending delivered in retirement: the 10th-90th percentile band of what the household
spent each retired year, the median, and the household's own goal, by age.

A withdrawal strategy (guardrails, VPW...) rarely "fails": it cuts spending instead, so the
success rate alone reads green for a plan that cut a $95k goal to $50k. This chart shows the
cuts. It is always in today's dollars: the range is ``planner.core.outcomes.spending_range``,
which deflates each path by its own inflation (a band of future dollars would mix every
path's inflation into the spread).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import style
from planner.core.outcomes import SpendingRange, delivered_range
from planner.core.result import Result
from planner.run_counts import runs_text

TITLE = "Spending delivered in retirement"
BAND_COLOR = "#54A24B"
MEDIAN_COLOR = "#2F6B2A"
BELOW_COLOR = "#D1373F"

def spending_available(result: Result) -> bool:
    """The plan reaches retirement (there is retired spending to show)."""
    return delivered_range(result) is not None


def _shown(r: SpendingRange) -> np.ndarray:
    """Indexes of the retired years with a value (paths that ended are NaN)."""
    idx = np.arange(r.first_retired, len(r.years))
    return idx[np.isfinite(r.p50[idx])]


def draw_spending(ax: Axes, result: Result, real: bool = True) -> None:
    r = delivered_range(result)
    if r is None:
        style.message(ax, TITLE, "The plan never reaches retirement: no retired spending "
                      "to show.")
        return
    idx = _shown(r)
    ages = style.first_person_ages(result)[idx]
    many = result.n_paths > 1
    if many:
        ax.fill_between(ages, r.p10[idx], r.p90[idx], color=BAND_COLOR, alpha=0.25,
                        linewidth=0, label="10th\u201390th percentile")
    ax.plot(ages, r.p50[idx], color=MEDIAN_COLOR, linewidth=1.8,
            label="Median" if many else "Spending delivered")
    ax.plot(ages, r.goal[idx], color=style.GOAL_COLOR, linewidth=1.2, linestyle="--",
            label="Spending goal")
    if many:  # a bad sequence, where cuts show first
        ax.plot(ages, r.p10[idx], color=BELOW_COLOR, linewidth=1.0,
                label="10th percentile (a bad sequence)")
    ax.set_xlim(float(ages[0]), float(ages[-1]) if len(ages) > 1 else float(ages[0]) + 1)
    top = np.nanmax([np.nanmax(r.p90[idx]), np.nanmax(r.goal[idx])])
    ax.set_ylim(0, max(float(top) * 1.08, style.MIN_MONEY_TOP))
    dollars = fmt.dollars_kind(True)
    note = "" if real else "Always in today's dollars"
    style.corner_note(ax, note)
    paths = f", {runs_text(result)}" if many else ""
    style.style_axes(ax, f"{TITLE} ({dollars}{paths})", style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax, ncols=4 if many else 2)


def hover_spending(result: Result, x: float | None, real: bool = True) -> str:
    """'Age 70 (2056): median $81k, 10th pct $52k, 90th pct $110k; goal $60k' (today's $)."""
    t = style.age_index(result, x)
    r = delivered_range(result)
    if t is None or r is None or t < r.first_retired or not np.isfinite(r.p50[t]):
        return ""
    goal = f"goal {fmt.money_short(r.goal[t])}"
    if result.n_paths == 1:
        return f"{style.age_year_text(result, t)}: spent {fmt.money_short(r.p50[t])}; {goal}"
    return (f"{style.age_year_text(result, t)}: median {fmt.money_short(r.p50[t])}, "
            f"10th pct {fmt.money_short(r.p10[t])}, 90th pct {fmt.money_short(r.p90[t])}; "
            f"{goal} (today's dollars)")
