"""Income against spending, every year from the first with spending to the last death.

Above the axis, stacked bars: the money that came in (each kind of income, money received
once, Social Security, then what the accounts paid out net) and, in red, the part of the
goal nobody could pay (shortfall). Below the axis: where money went other than the spending
goal (taxes, health care net of the premium tax credit, the employee's contributions, what
was saved net, and a surplus spent for want of a taxable account). What is left between
the two is the spending goal, drawn as a line:

    income + withdrawn + shortfall
        - (taxes + health care + contributions + saved + surplus spent) = goal

which is the year's cash flow (``result.CASH_FLOW``, whose spending is the goal plus health
care, less the shortfall, plus any surplus spent) read the other way round. The accounts
show as one net amount a year (``net_saved``): an RMD reinvested the same year is a
withdrawal and a saving that cancel, not money to spend.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import paths, style
from planner.core.result import Result

WITHDRAWN, SAVED = "withdrawn_net", "saved_net"  # the two signs of the net_saved flow
# (flow key, label, colour) of the money that came in, bottom of the stack first.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("salary", "Salary", style.SALARY_COLOR),
    ("other_wages", "Other wages", style.OTHER_WAGES_COLOR),
    ("self_employment", "Self-employment", style.SELF_EMPLOYMENT_COLOR),
    ("pension", "Pensions and annuities", style.PENSION_COLOR),
    ("rental", "Rental income", style.RENTAL_COLOR),
    ("tax_free_income", "Tax-free income", style.TAX_FREE_COLOR),
    ("social_security", "Social Security", style.SOCIAL_SECURITY_COLOR),
    ("inflows", "Money received", style.INFLOW_COLOR),
    (WITHDRAWN, "Withdrawn from savings (net)", style.WITHDRAWAL_COLOR),
)
# Premiums (marketplace after the premium tax credit, Medicare Part B and D, IRMAA) and
# out-of-pocket costs: the Result's "health_costs".
HEALTH_LABEL = "Health care (net of credit)"
# (flow key, label, colour) of the money that went elsewhere than the goal, drawn below zero.
USES: tuple[tuple[str, str, str], ...] = (
    ("taxes", "Taxes (incl. payroll)", style.TAX_COLOR),
    ("health_costs", HEALTH_LABEL, style.HEALTH_COLOR),
    ("contributions", "Your contributions", style.CONTRIBUTION_COLOR),
    (SAVED, "Saved (net)", style.SAVED_COLOR),
    ("surplus_spent", "Surplus spent (no taxable account)", style.SURPLUS_SPENT_COLOR),
)
SHORTFALL_LABEL = "Shortfall (goal not funded)"
GOAL_LABEL = "Spending goal"
ZERO = 0.5  # dollars: a series below this in every year stays out of the chart and legend


@dataclass(frozen=True)
class IncomeSeries:
    """One path's flows from its first year with spending to its last death, in the
    dollars the chart shows; ``sources`` and ``uses`` are keyed like SOURCES and USES."""

    path: int
    first: int  # index of the first year shown
    ages: np.ndarray
    sources: dict[str, np.ndarray]
    uses: dict[str, np.ndarray]
    goal: np.ndarray
    shortfall: np.ndarray


def first_shown_year(result: Result, path: int) -> int:
    """The household's retirement year, or an earlier year that already has planned spending
    (with spending before retirement in the plan, the first year)."""
    ret = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0, result.n_years - 1))
    planned = np.flatnonzero(result.flows["spending_planned"][path] > ZERO)
    return min(ret, int(planned[0])) if planned.size else ret


def income_series(result: Result, real: bool = True) -> IncomeSeries:
    n = paths.shown_path(result)
    first = first_shown_year(result, n)
    end = max(paths.shown_years(result, n), first + 1)
    deflator = result.price_index[n, first:end] if real else np.ones(end - first)
    flows = result.path(n).flows

    def flow(key: str) -> np.ndarray:
        if key in (WITHDRAWN, SAVED):
            net = flows["net_saved"][0, first:end] / deflator
            return np.asarray(np.clip(net if key == SAVED else -net, 0.0, None))
        return np.asarray(flows[key][0, first:end] / deflator)

    return IncomeSeries(
        path=n,
        first=first,
        ages=style.first_person_ages(result)[first:end],
        sources={key: flow(key) for key, _, _ in SOURCES},
        uses={key: flow(key) for key, _, _ in USES},
        goal=flow("spending_planned"),
        shortfall=np.clip(flow("shortfall"), 0.0, None),
    )


def draw_income(ax: Axes, result: Result, real: bool = True) -> None:
    s = income_series(result, real)
    x = s.ages
    top = np.zeros_like(x)
    layers = [(s.sources[key], label, color) for key, label, color in SOURCES]
    for values, label, color in [*layers, (s.shortfall, SHORTFALL_LABEL, style.SHORTFALL_COLOR)]:
        top = _layer(ax, x, values, top, label, color)
    depth = np.zeros_like(x)
    for key, label, color in USES:
        depth = -_layer(ax, x, -s.uses[key], -depth, label, color)
    ax.plot(x, s.goal, color=style.GOAL_COLOR, linewidth=1.6, drawstyle="steps-mid",
            label=GOAL_LABEL)
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.set_xlim(float(x[0]) - 0.6, float(x[-1]) + 0.6)

    title = f"Income vs. spending ({fmt.dollars_kind(real)}{paths.title_note(result)})"
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax, ncols=4)


def _layer(ax: Axes, x: np.ndarray, values: np.ndarray, base: np.ndarray, label: str,
           color: str) -> np.ndarray:
    """Stack one series on ``base`` (downwards when negative) and return the new base.
    Only years with an amount get a bar: an empty series would clutter the legend, and a
    zero-height bar would pin the axis limit to the top of the stack (its sticky edge)."""
    shown = np.abs(values) > ZERO
    if shown.any():
        ax.bar(x[shown], values[shown], bottom=base[shown], width=0.85, color=color,
               label=label)
    return np.asarray(base + values)


def hover_income(result: Result, x: float | None, real: bool = True) -> str:
    """'Age 70 (2056): goal $70k; in: Pensions and annuities $18k, Social Security $28k,
    Withdrawn from savings (net) $24k; out: Taxes (incl. payroll) $5k' (and a shortfall)."""
    t_all = style.age_index(result, x)
    s = income_series(result, real)
    if t_all is None or not 0 <= t_all - s.first < len(s.ages):
        return ""
    t = t_all - s.first

    def listed(series: tuple[tuple[str, str, str], ...], values: dict[str, np.ndarray]
               ) -> str:
        return ", ".join(f"{label} {fmt.money_short(values[key][t])}"
                         for key, label, _ in series if values[key][t] >= ZERO)

    text = f"{style.age_year_text(result, t_all)}: goal {fmt.money_short(s.goal[t])}"
    money_in = listed(SOURCES, s.sources)
    if money_in:
        text += f"; in: {money_in}"
    if s.shortfall[t] >= ZERO:
        text += f"; shortfall {fmt.money_short(s.shortfall[t])}"
    money_out = listed(USES, s.uses)
    return text + (f"; out: {money_out}" if money_out else "")
