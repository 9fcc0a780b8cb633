"""The charts page: the GUI's own chart functions, drawn into boxes of a letter page."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planner.charts import draw_balances, draw_income
from planner.core.result import Result
from planner.report.layout import TITLE, Flow

CHART_HEIGHT = 4.1  # inches per chart box, including its title, ticks and legend
# Room inside a box for what surrounds the plotting area (inches). Fixed rather than
# constrained layout, because the page also carries text that layout engines ignore.
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 0.65, 0.1, 0.35, 1.05


def chart_box(draw: Callable[[Axes, Result, bool], None], result: Result, real: bool
              ) -> Callable[[Figure, float, float, float, float], None]:
    def place(fig: Figure, left: float, top: float, width: float, height: float) -> None:
        page_w, page_h = fig.get_figwidth(), fig.get_figheight()
        x0 = left + PAD_LEFT
        y0 = page_h - top - height + PAD_BOTTOM
        w = width - PAD_LEFT - PAD_RIGHT
        h = height - PAD_TOP - PAD_BOTTOM
        ax = fig.add_axes((x0 / page_w, y0 / page_h, w / page_w, h / page_h))
        draw(ax, result, real)

    return place


def add_charts(flow: Flow, result: Result, real: bool = True) -> None:
    flow.new_page()
    flow.text("Charts", TITLE, bold=True, after=0.15)
    flow.block(CHART_HEIGHT, chart_box(draw_balances, result, real))
    flow.spacer(0.2)
    flow.block(CHART_HEIGHT, chart_box(draw_income, result, real))
