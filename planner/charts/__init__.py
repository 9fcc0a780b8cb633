"""Charts as functions on a plain matplotlib Axes: one chart, drawn in the GUI and the PDF."""

from planner.charts.balances import draw_balances, hover_balances
from planner.charts.comparison import draw_comparison, hover_comparison
from planner.charts.depletion import draw_depletion, hover_depletion
from planner.charts.fan import draw_fan, hover_fan
from planner.charts.health import draw_health, hover_health
from planner.charts.income import draw_income, hover_income
from planner.charts.inputs import ChartInputs
from planner.charts.registry import CHARTS, ChartSpec, chart
from planner.charts.sensitivity import draw_sensitivity, hover_sensitivity
from planner.charts.spending import draw_spending, hover_spending
from planner.charts.style import make_figure, money_formatter
from planner.charts.taxes import draw_taxes, hover_taxes

__all__ = [
    "CHARTS", "ChartInputs", "ChartSpec", "chart", "draw_balances", "draw_comparison",
    "draw_depletion", "draw_fan", "draw_health", "draw_income", "draw_sensitivity",
    "draw_spending", "draw_taxes", "hover_balances", "hover_comparison", "hover_depletion",
    "hover_fan", "hover_health", "hover_income", "hover_sensitivity", "hover_spending",
    "hover_taxes", "make_figure",
    "money_formatter",
]
