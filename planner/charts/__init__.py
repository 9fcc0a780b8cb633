"""Charts as functions on a plain matplotlib Axes: one chart, drawn in the GUI and the PDF."""

from planner.charts.balances import draw_balances
from planner.charts.income import draw_income
from planner.charts.style import make_figure, money_formatter

__all__ = ["draw_balances", "draw_income", "make_figure", "money_formatter"]
