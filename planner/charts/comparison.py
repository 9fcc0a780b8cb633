"""Scenarios side by side: each one's median total balance, with its 10th-90th percentile band
drawn lightly behind it (single-path scenarios have no band).

Scenarios may differ in their dates (retiring later, a longer horizon), so each is placed by
calendar year on the age axis of the first scenario's first person. With ages at death drawn
from the life table, each year covers the paths still running (see ``fan``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import style
from planner.charts.fan import total_balances
from planner.core.result import Result

TITLE = "Scenarios compared: total balance"
BAND_ALPHA = 0.10
FOCUS = 2.0  # the y axis reaches twice the highest median (see style.focus_top)


@dataclass(frozen=True)
class ScenarioLine:
    label: str
    x: np.ndarray  # [T] age of the first scenario's first person in each year
    years: np.ndarray  # [T]
    median: np.ndarray  # [T]
    p10: np.ndarray | None  # [T], None for a single path
    p90: np.ndarray | None


def scenario_lines(results: Sequence[Result], labels: Sequence[str], real: bool
                   ) -> list[ScenarioLine]:
    if len(results) != len(labels):
        raise ValueError("one label per result is needed")
    birth = results[0].plan.people[0].birth_year if results else 0
    lines = []
    for result, label in zip(results, labels, strict=True):
        values = total_balances(result, real)  # the paths still running (as the fan)
        p10, p50, p90 = np.nanpercentile(values, (10, 50, 90), axis=0)
        many = result.n_paths > 1
        years = result.years[: values.shape[1]]
        lines.append(ScenarioLine(label, (years - birth).astype(float), years,
                                  p50, p10 if many else None, p90 if many else None))
    return lines


def draw_comparison(ax: Axes, results: Sequence[Result], labels: Sequence[str],
                    real: bool = True) -> None:
    if not results:
        style.message(ax, TITLE, "No scenarios to compare.")
        return
    lines = scenario_lines(results, labels, real)
    for k, line in enumerate(lines):
        color = style.SCENARIO_COLORS[k % len(style.SCENARIO_COLORS)]
        if line.p10 is not None and line.p90 is not None:
            ax.fill_between(line.x, line.p10, line.p90, color=color, alpha=BAND_ALPHA,
                            linewidth=0)
            # Thin edges keep each band readable where two of them overlap.
            for edge in (line.p10, line.p90):
                ax.plot(line.x, edge, color=color, linewidth=0.6, alpha=0.55)
        ax.plot(line.x, line.median, color=color, linewidth=1.8, label=line.label)
    ax.set_xlim(min(float(ln.x[0]) for ln in lines), max(float(ln.x[-1]) for ln in lines))
    highest = max(float((ln.p90 if ln.p90 is not None else ln.median).max()) for ln in lines)
    style.corner_note(ax, style.focus_top(
        ax, max(float(ln.median.max()) for ln in lines) * FOCUS, highest))
    band = (", bands 10th\u201390th percentile"
            if any(ln.p10 is not None for ln in lines) else "")
    style.style_axes(ax, f"{TITLE} ({fmt.dollars_kind(real)}, median{band})",
                     style.age_axis_label(results[0]))
    style.add_year_axis(ax, results[0])
    style.legend_below(ax, ncols=min(3, len(lines)))


def hover_comparison(results: Sequence[Result], labels: Sequence[str], x: float | None,
                     real: bool = True) -> str:
    """'Age 67 (2053): Base $1.2M, More crypto $1.1M' (medians)."""
    if not results or x is None or not np.isfinite(x):
        return ""
    birth = results[0].plan.people[0].birth_year
    year = int(round(x)) + birth
    parts = []
    for line in scenario_lines(results, labels, real):
        hit = np.flatnonzero(line.years == year)
        if hit.size:
            parts.append(f"{line.label} {fmt.money_short(float(line.median[hit[0]]))}")
    if not parts:
        return ""
    return f"Age {year - birth} ({year}): median {', '.join(parts)}"
