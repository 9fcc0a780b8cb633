"""What a chart may draw from: the main result, plus the optional extra runs some charts need.

One small bundle, so the GUI and the report hand the same thing to every chart; a chart whose
extra run is missing says so (see ``registry``) rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.core.analysis import HistoricalCase, OutlookTable, SensitivityRow
from planner.core.goals import Goals
from planner.core.optimize import Answer
from planner.core.result import Result


@dataclass(frozen=True)
class ChartInputs:
    result: Result
    sensitivity: Sequence[SensitivityRow] | None = None  # crypto_sensitivity() rows
    worst_history: HistoricalCase | None = None  # worst_historical_case() of the same plan
    # crypto_outlooks() of the same plan, with the sensitivity's mode, paths and seed: the
    # crypto chart marks success under every outlook at the plan's share.
    outlooks: OutlookTable | None = None
    # Decisions the person asked for (the window's Decisions and Goals panels, or
    # ``planner-cli report --decisions``): optimiser answers and goal-seek answers.
    decisions: Sequence[Answer] = ()
    goals: Goals | None = None
