"""The headline figures of a result as (label, formatted value) pairs, for the GUI and PDF."""

from __future__ import annotations

from planner.core.result import Result
from planner.report import format as fmt
from planner.report.verdict import depletion_text


def key_figures(result: Result) -> list[tuple[str, str]]:
    """Money in today's dollars (the Summary's convention); medians when there are paths."""
    s = result.summary
    plan = result.plan
    return [
        ("Success rate (share of paths that fund every year)", fmt.pct(s.success_rate)),
        ("Savings", depletion_text(result)),
        (f"Balance at retirement ({s.retirement_year})", fmt.money(s.balance_at_retirement)),
        (f"Balance at the end of the plan ({plan.end_year})", fmt.money(s.terminal_balance)),
        ("Spending goal, first year of retirement", fmt.money(s.first_year_spending)),
        ("Lifetime taxes (federal, state, penalties)", fmt.money(s.lifetime_tax)),
    ]
