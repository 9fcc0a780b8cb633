"""Balances by account over the first person's age: a stacked area chart, to the shown
path's last death."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import paths, style
from planner.core.result import Result


def balance_series(result: Result, real: bool = True) -> tuple[int, np.ndarray]:
    """(path shown, [A, T'] end-of-year balances of that path up to its last death),
    deflated when ``real``."""
    n = paths.shown_path(result)
    end = paths.shown_years(result, n)
    balances = np.asarray(result.path(n).balances[:, 0, :end], dtype=float)
    if real:
        balances = balances / result.price_index[n, 1:end + 1]
    return n, balances


def draw_balances(ax: Axes, result: Result, real: bool = True) -> None:
    """Stack each account's end-of-year balance; mark the household's retirement year."""
    _, balances = balance_series(result, real)
    ages = style.first_person_ages(result)[: balances.shape[1]]
    colors = style.account_colors(result.account_kinds)
    # Negative balances cannot happen in the engine; clip so a rounding residue of -1e-9
    # does not draw a sliver below the axis.
    ax.stackplot(
        ages,
        *np.clip(balances, 0.0, None),
        labels=list(result.account_names),
        colors=colors,
        alpha=0.9,
        linewidth=0.4,
        edgecolor="white",
    )
    ax.set_xlim(float(ages[0]), float(ages[-1]))
    ax.set_ylim(bottom=0)

    plan = result.plan
    retire_age = plan.retirement_year - plan.people[0].birth_year
    if ages[0] <= retire_age <= ages[-1]:
        ax.axvline(
            retire_age,
            color=style.RETIREMENT_COLOR,
            linestyle="--",
            linewidth=1.0,
            label=f"Retirement ({plan.retirement_year})",
        )

    title = f"Balances by account ({fmt.dollars_kind(real)}{paths.title_note(result)})"
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    # Legend in stack order (top account first), like the areas read from top to bottom.
    handles, labels = ax.get_legend_handles_labels()
    n_acc = len(result.account_names)
    order = list(range(n_acc - 1, -1, -1)) + list(range(n_acc, len(handles)))
    style.legend_below(ax, min(4, len(handles)), [handles[i] for i in order],
                       [labels[i] for i in order])


def hover_balances(result: Result, x: float | None, real: bool = True) -> str:
    """'Age 67 (2053): total $1.2M (Robin 401(k) $800k, Sam Roth IRA $300k, ...)'."""
    t = style.age_index(result, x)
    _, balances = balance_series(result, real)
    if t is None or t >= balances.shape[1]:
        return ""
    parts = ", ".join(f"{name} {fmt.money_short(balances[a, t])}"
                      for a, name in enumerate(result.account_names))
    return (f"{style.age_year_text(result, t)}: total "
            f"{fmt.money_short(float(balances[:, t].sum()))} ({parts})")
