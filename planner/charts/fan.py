"""Monte Carlo fan: percentile bands of the total balance over age, the median, and the worst
historical sequence as a line.

Bands are taken year by year over all paths (the 10th percentile at 70 and at 80 may come from
different paths); the worst history is one real sequence of years, which is why it is drawn as
a line and named by its start year. With ages at death drawn from the life table, paths end in
different years: each year's bands cover the paths still running, and the chart stops when
fewer than MIN_RUNNING (planner.core.result) of them are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import style
from planner.core.analysis import HistoricalCase
from planner.core.result import Result
from planner.run_counts import runs_text

TITLE = "Total balance, range of outcomes"
FOCUS = 1.3  # the y axis reaches 1.3 times the highest 75th percentile (see style.focus_top)


@dataclass(frozen=True)
class FanSeries:
    ages: np.ndarray  # [T] first person's age
    bands: dict[int, np.ndarray]  # percentile -> [T]
    worst: np.ndarray | None  # [T] worst historical sequence, when it can be shown
    worst_label: str


def total_balances(result: Result, real: bool) -> np.ndarray:
    """[N, T'] end-of-year totals in the dollars asked for, NaN after a path's last death,
    over the years in which at least MIN_RUNNING of the paths are still running."""
    return result.running(result.total_balance_real if real else result.total_balance)


def running_note(result: Result, shown: int) -> str:
    """What the bands cover when paths end in different years ('' when they do not)."""
    if not result.deaths_drawn:
        return ""
    cut = " It stops when fewer than 10% still run." if shown < result.n_years else ""
    return f"Ages at death drawn: each year covers the paths still running.{cut}"


def worst_line(result: Result, worst: HistoricalCase | None, real: bool) -> np.ndarray | None:
    """The worst window's balances in the chart's dollars, or None when it cannot be drawn:
    no case, a case longer than this run (another plan), or future dollars the case does not
    carry (its own inflation is the 1960s', not this run's, so it cannot be re-inflated
    here). Both start in the plan's first year; with ages at death drawn from the life
    table this run may be longer than the window (which uses the plan's fixed ages)."""
    if worst is None:
        return None
    values = worst.total_balance_real if real else getattr(worst, "total_balance_nominal", None)
    if values is None or len(values) > result.n_years:
        return None
    return np.asarray(values, dtype=float)


def fan_series(result: Result, real: bool, worst: HistoricalCase | None = None) -> FanSeries:
    values = total_balances(result, real)
    percentiles = sorted({p for lo, hi, _ in style.FAN_BAND_ALPHAS for p in (lo, hi)} | {50})
    bands = np.nanpercentile(values, percentiles, axis=0)
    return FanSeries(
        ages=style.first_person_ages(result)[: values.shape[1]],
        bands={p: bands[i] for i, p in enumerate(percentiles)},
        worst=_cut(worst_line(result, worst, real), values.shape[1]),
        worst_label=f"Worst historical start ({worst.start_year})" if worst else "",
    )


def _cut(line: np.ndarray | None, shown: int) -> np.ndarray | None:
    return None if line is None else line[:shown]


def fan_available(result: Result) -> bool:
    return result.n_paths > 1


def draw_fan(ax: Axes, result: Result, real: bool = True,
             worst: HistoricalCase | None = None) -> None:
    if not fan_available(result):
        style.message(ax, TITLE, "The range of outcomes needs many paths: "
                      "switch to Monte Carlo or Historical.")
        return
    s = fan_series(result, real, worst)
    for lo, hi, alpha in style.FAN_BAND_ALPHAS:
        ax.fill_between(s.ages, s.bands[lo], s.bands[hi], color=style.FAN_COLOR, alpha=alpha,
                        linewidth=0, label=f"{lo}th\u2013{hi}th percentile")
    ax.plot(s.ages, s.bands[50], color=style.MEDIAN_COLOR, linewidth=1.8, label="Median")
    if s.worst is not None:
        ax.plot(s.ages[: len(s.worst)], s.worst, color=style.WORST_COLOR, linewidth=1.4,
                linestyle="-.", label=s.worst_label)
    ax.set_xlim(float(s.ages[0]), float(s.ages[-1]))
    wanted = float(s.bands[75].max()) * FOCUS
    if s.worst is not None:
        wanted = max(wanted, float(s.worst.max()) * 1.05)
    cut = style.focus_top(ax, wanted, float(s.bands[95].max()))
    missing = ""
    if worst is not None and s.worst is None:
        missing = (f"Worst historical start ({worst.start_year}): drawn in today's dollars only"
                   if not real else "")
    style.corner_note(ax, cut, missing, running_note(result, len(s.ages)))
    title = f"{TITLE} ({fmt.dollars_kind(real)}, {runs_text(result)})"
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax, ncols=3)


def hover_fan(result: Result, x: float | None, real: bool = True,
              worst: HistoricalCase | None = None) -> str:
    """'Age 67 (2053): median $1.2M, 10th pct $640k, 90th pct $2.1M; worst history (1966) $400k'."""
    t = style.age_index(result, x)
    values = total_balances(result, real)
    if t is None or t >= values.shape[1]:
        return ""
    if not fan_available(result):
        return f"{style.age_year_text(result, t)}: balance {fmt.money_short(values[0, t])}"
    p10, p50, p90 = np.nanpercentile(values[:, t], (10, 50, 90))
    text = (f"{style.age_year_text(result, t)}: median {fmt.money_short(p50)}, "
            f"10th pct {fmt.money_short(p10)}, 90th pct {fmt.money_short(p90)}")
    line = worst_line(result, worst, real)
    if line is not None and worst is not None and t < len(line):
        text += f"; worst history ({worst.start_year}) {fmt.money_short(line[t])}"
    return text
