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
from importlib import import_module
from typing import TYPE_CHECKING, Any

from planner.charts.inputs import ChartInputs

if TYPE_CHECKING:
    from matplotlib.axes import Axes


Draw = Callable[["Axes", ChartInputs, bool], None]
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


# The modules that draw the charts below. They are imported when a chart is first drawn or
# asked about, not with this list: they import matplotlib (about half a second), and the
# window paints its first results before it needs a chart (planner.gui.results.chart_pane).
MODULES = ("fan", "balances", "income", "spending", "taxes", "health", "depletion",
           "sensitivity")


def _m(module: str) -> Any:
    return import_module(f"planner.charts.{module}")


def import_all() -> None:
    """Import every chart's module now (the window does, on its own thread, before its first
    chart is drawn on a worker)."""
    for module in MODULES:
        _m(module)


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "fan", "Range of outcomes",
        lambda ax, i, real: _m("fan").draw_fan(ax, i.result, real, i.worst_history),
        lambda i, x, real: _m("fan").hover_fan(i.result, x, real, i.worst_history),
        lambda i: _m("fan").fan_available(i.result),
        "needs a Monte Carlo or historical run",
    ),
    ChartSpec(
        "balances", "Balances",
        lambda ax, i, real: _m("balances").draw_balances(ax, i.result, real),
        lambda i, x, real: _m("balances").hover_balances(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "income", "Income vs spending",
        lambda ax, i, real: _m("income").draw_income(ax, i.result, real),
        lambda i, x, real: _m("income").hover_income(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "spending", "Spending",
        lambda ax, i, real: _m("spending").draw_spending(ax, i.result, real),
        lambda i, x, real: _m("spending").hover_spending(i.result, x, real),
        lambda i: _m("spending").spending_available(i.result),
        "the plan never reaches retirement",
    ),
    ChartSpec(
        "taxes", "Taxes",
        lambda ax, i, real: _m("taxes").draw_taxes(ax, i.result, real),
        lambda i, x, real: _m("taxes").hover_taxes(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "health", "Health care",
        lambda ax, i, real: _m("health").draw_health(ax, i.result, real),
        lambda i, x, real: _m("health").hover_health(i.result, x, real),
        _always, "",
    ),
    ChartSpec(
        "depletion", "Depletion ages",
        lambda ax, i, real: _m("depletion").draw_depletion(ax, i.result, real),
        lambda i, x, real: _m("depletion").hover_depletion(i.result, x, real),
        lambda i: _m("depletion").depletion_available(i.result),
        "needs a Monte Carlo or historical run",
    ),
    ChartSpec(
        "crypto", "Crypto share",
        lambda ax, i, real: _m("sensitivity").draw_sensitivity(
            ax, i.sensitivity, i.result.plan, real, i.outlooks),
        lambda i, x, real: _m("sensitivity").hover_sensitivity(
            i.sensitivity, x, real, i.outlooks, i.result.plan),
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
