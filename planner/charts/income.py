"""Where each retirement year's spending comes from, against the spending goal.

Above the axis, stacked bars: Social Security, pensions, portfolio withdrawals net of tax,
and in red the part of the goal nobody could pay (shortfall). Below the axis, grey: the taxes
paid that year. The spending goal is a line, so a gap between bars and line is visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from planner.charts import style
from planner.core.result import Result
from planner.report import format as fmt


@dataclass(frozen=True)
class IncomeSeries:
    """One path's retirement-year flows, in the dollars the chart shows."""

    path: int
    first: int  # index of the first year shown
    ages: np.ndarray
    social_security: np.ndarray
    pensions: np.ndarray
    net_withdrawals: np.ndarray
    taxes: np.ndarray
    goal: np.ndarray
    shortfall: np.ndarray


def first_shown_year(result: Result, path: int) -> int:
    """The household's retirement year, or an earlier year that already has planned spending."""
    ret = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0, result.n_years - 1))
    planned = np.flatnonzero(result.flows["spending_planned"][path] > 0.5)
    return min(ret, int(planned[0])) if planned.size else ret


def income_series(result: Result, real: bool = True) -> IncomeSeries:
    n = style.shown_path(result)
    first = first_shown_year(result, n)
    deflator = result.price_index[n, :-1] if real else np.ones(result.n_years)

    def flow(key: str) -> np.ndarray:
        return np.asarray(result.flows[key][n] / deflator)[first:]

    withdrawals = np.asarray(result.account_withdrawals[:, n, :].sum(axis=0) / deflator)[first:]
    taxes = flow("tax_federal") + flow("tax_state") + flow("penalty")
    # Taxes are paid out of the withdrawals; of what is left, the part beyond what the goal
    # needed after benefits (a required minimum distribution, say) is reinvested, not spent.
    spent_from_portfolio = (
        flow("spending_delivered") - flow("social_security") - flow("pension") - flow("salary")
    )
    return IncomeSeries(
        path=n,
        first=first,
        ages=style.first_person_ages(result)[first:],
        social_security=flow("social_security"),
        pensions=flow("pension"),
        net_withdrawals=np.clip(np.minimum(withdrawals - taxes, spent_from_portfolio), 0.0, None),
        taxes=taxes,
        goal=flow("spending_planned"),
        shortfall=np.clip(flow("shortfall"), 0.0, None),
    )


def draw_income(ax: Axes, result: Result, real: bool = True) -> None:
    s = income_series(result, real)
    x = s.ages
    bottom = np.zeros_like(x)
    stack = (
        ("Social Security", s.social_security, style.SOCIAL_SECURITY_COLOR),
        ("Pensions", s.pensions, style.PENSION_COLOR),
        ("Withdrawals after tax", s.net_withdrawals, style.WITHDRAWAL_COLOR),
    )
    for label, values, color in stack:
        if np.any(values > 0.5):  # an empty source would only clutter the legend
            ax.bar(x, values, bottom=bottom, width=0.85, color=color, label=label)
            bottom = bottom + values
    short = s.shortfall > 0.5
    if short.any():
        ax.bar(
            x[short], s.shortfall[short], bottom=bottom[short], width=0.85,
            color=style.SHORTFALL_COLOR, label="Shortfall (goal not funded)",
        )
    if np.any(s.taxes > 0.5):
        ax.bar(x, -s.taxes, width=0.85, color=style.TAX_COLOR, label="Taxes paid (below zero)")
    ax.plot(
        x, s.goal, color=style.GOAL_COLOR, linewidth=1.6, drawstyle="steps-mid",
        label="Spending goal",
    )
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.set_xlim(float(x[0]) - 0.6, float(x[-1]) + 0.6)

    title = (
        f"Retirement income vs. spending goal "
        f"({fmt.dollars_kind(real)}{style.path_note(result)})"
    )
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax)


def hover_income(result: Result, x: float | None, real: bool = True) -> str:
    """'Age 70 (2056): goal $70k; Social Security $28k, pensions $18k, withdrawals after
    tax $24k; taxes $5k' (a shortfall, when there is one, is named too)."""
    t_all = style.age_index(result, x)
    s = income_series(result, real)
    if t_all is None or t_all < s.first:
        return ""
    t = t_all - s.first
    sources = [("Social Security", s.social_security[t]), ("pensions", s.pensions[t]),
               ("withdrawals after tax", s.net_withdrawals[t])]
    parts = ", ".join(f"{name} {fmt.money_short(v)}" for name, v in sources if v >= 0.5)
    text = f"{style.age_year_text(result, t_all)}: goal {fmt.money_short(s.goal[t])}"
    if parts:
        text += f"; {parts}"
    if s.shortfall[t] >= 0.5:
        text += f"; shortfall {fmt.money_short(s.shortfall[t])}"
    return text + f"; taxes {fmt.money_short(s.taxes[t])}"
