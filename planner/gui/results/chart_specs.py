"""The charts the window shows: the shared registry of ``planner.charts``.

The GUI never draws a chart of its own: each tab is a ``ChartSpec`` of the registry, so the
window and the PDF show the same charts.
"""

from __future__ import annotations

from typing import Any

from planner.charts.registry import CHARTS, ChartInputs, ChartSpec

__all__ = ["CHARTS", "ChartInputs", "ChartSpec", "chart_specs", "make_inputs"]


def chart_specs() -> list[ChartSpec]:
    return list(CHARTS)


def make_inputs(result: Any, sensitivity: Any = None, worst_history: Any = None,
                outlooks: Any = None) -> ChartInputs:
    return ChartInputs(result, sensitivity=sensitivity, worst_history=worst_history,
                       outlooks=outlooks)
