"""Every result chart in the order the window shows its tabs and the report prints them.

The GUI iterates ``CHARTS``: one tab per spec, ``draw(ax, inputs, real)`` to draw,
``hover(inputs, xdata, real)`` for the text under the cursor, and ``available(inputs)`` to
know whether the chart has its data. ``draw`` never fails for missing data: it draws a short,
centred message instead (the GUI greys out the tab, with ``missing`` as its tooltip, and shows
a chart that has data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes

from planner.charts.balances import draw_balances, hover_balances
from planner.charts.depletion import depletion_available, draw_depletion, hover_depletion
from planner.charts.fan import draw_fan, fan_available, hover_fan
from planner.charts.health import draw_health, hover_health
from planner.charts.income import draw_income, hover_income
from planner.charts.inputs import ChartInputs
from planner.charts.sensitivity import draw_sensitivity, hover_sensitivity
from planner.charts.spending import draw_spending, hover_spending, spending_available
from planner.charts.taxes import draw_taxes, hover_taxes

Draw = Callable[[Axes, ChartInputs, bool], None]
Hover = Callable[[ChartInputs, float | None, bool], str]
Available = Callable[[ChartInputs], bool]


@dataclass(frozen=True)
class ChartSpec:
    key: str  # stable id (settings, tests, file names)
    title: str  # tab label
    draw: Draw
    hover: Hover
    available: Available
    missing: str  # why the chart is empty when ``available`` is False, in a few words
    # Drawn from a background analysis (``ChartInputs``' extra runs): while that runs, the
    # chart is only waiting for its data, not without it.
    extra: bool = False


def _always(_inputs: ChartInputs) -> bool:
    return True


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "fan", "Range of outcomes",
        lambda ax, i, real: draw_fan(ax, i.result, real, i.worst_history),
        lambda i, x, real: hover_fan(i.result, x, real, i.worst_history),
        lambda i: fan_available(i.result),
        "needs a Monte Carlo or historical run",
    ),
    ChartSpec(
        "balances", "Balances",
        lambda ax, i, real: draw_balances(ax, i.result, real),
        lambda i, x, real: hover_balances(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "income", "Income vs spending",
        lambda ax, i, real: draw_income(ax, i.result, real),
        lambda i, x, real: hover_income(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "spending", "Spending",
        lambda ax, i, real: draw_spending(ax, i.result, real),
        lambda i, x, real: hover_spending(i.result, x, real),
        lambda i: spending_available(i.result),
        "the plan never reaches retirement",
    ),
    ChartSpec(
        "taxes", "Taxes",
        lambda ax, i, real: draw_taxes(ax, i.result, real),
        lambda i, x, real: hover_taxes(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "health", "Health care",
        lambda ax, i, real: draw_health(ax, i.result, real),
        lambda i, x, real: hover_health(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "depletion", "Depletion ages",
        lambda ax, i, real: draw_depletion(ax, i.result, real),
        lambda i, x, real: hover_depletion(i.result, x, real),
        lambda i: depletion_available(i.result),
        "needs a Monte Carlo or historical run",
    ),
    ChartSpec(
        "crypto", "Crypto share",
        lambda ax, i, real: draw_sensitivity(ax, i.sensitivity, i.result.plan, real,
                                             i.outlooks),
        lambda i, x, real: hover_sensitivity(i.sensitivity, x, real, i.outlooks,
                                             i.result.plan),
        lambda i: bool(i.sensitivity),
        "not computed for this plan", extra=True,
    ),
)


def chart(key: str) -> ChartSpec:
    """The spec with this key (KeyError if there is none)."""
    for spec in CHARTS:
        if spec.key == key:
            return spec
    raise KeyError(key)
