"""Spending delivered, for a plan with a withdrawal strategy (guardrails, VPW...): what the
rule let the household spend in retirement against its own goal, in words
(``outcome_text.spending_headline``), as a chart (the registry's "spending") and at every
fifth retired year. Plans with fixed spending have no such page: their success rate already
says whether the goal was funded."""

from __future__ import annotations

import numpy as np

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.core.model import STRATEGY_LABELS
from planner.core.outcomes import SpendingRange
from planner.core.result import Result
from planner.outcome_text import spending_headline
from planner.report.charts_page import add_chart
from planner.report.layout import BODY, MUTED, SMALL, TITLE, Flow
from planner.report.table import Table
from planner.report.verdict import strategy_range

SECTION = "Spending delivered"
EVERY = 5  # years between the table's rows


def explain_text(result: Result, r: SpendingRange) -> str:
    plan = result.plan
    many = result.n_paths > 1
    band = (" The band holds the middle 80% of paths (10th to 90th percentile, year by year); "
            "its lower edge, in red, is what a bad sequence of returns leaves to spend."
            if many else "")
    return (f"The plan's withdrawal rule ({STRATEGY_LABELS[r.strategy]}) sets what the "
            "accounts pay each retired year, so the spending it allows rises and falls with "
            "the markets. The chart shows the spending delivered (after tax, before health "
            f"care) against the household's own goal: {fmt.money(plan.spending.annual)} a "
            "year in today's dollars, with the plan's phases, survivor change and one-off "
            f"expenses.{band}")


def table_years(result: Result, r: SpendingRange) -> list[int]:
    """Every EVERY-th retired year with a value, and the last one."""
    shown = [t for t in range(r.first_retired, len(r.years)) if np.isfinite(r.p50[t])]
    if not shown:
        return []
    picked = shown[::EVERY]
    if picked[-1] != shown[-1]:
        picked.append(shown[-1])
    return picked


def spending_table(result: Result, r: SpendingRange) -> Table:
    many = result.n_paths > 1
    rows = []
    for t in table_years(result, r):
        when = f"{int(result.ages[0][t])} ({int(r.years[t])})"
        cells = [when, fmt.money(r.goal[t])]
        cells += ([fmt.money(r.p10[t]), fmt.money(r.p50[t]), fmt.money(r.p90[t])] if many
                  else [fmt.money(r.p50[t])])
        rows.append(cells)
    name = result.plan.people[0].name
    header = [f"Age of {name} (year)", "Goal"]
    header += ["10th percentile", "Median", "90th percentile"] if many else ["Spent"]
    return Table(header, rows, ["left", *["right"] * (len(header) - 1)], size=8.5)


def add_spending(flow: Flow, inputs: ChartInputs, real: bool = True) -> None:
    """The page, for a withdrawal-strategy plan that reaches retirement; else nothing."""
    result = inputs.result
    r = strategy_range(result)
    if r is None:
        return
    flow.new_page()
    flow.text(SECTION, TITLE, bold=True, after=0.1)
    if result.n_paths > 1:  # its percentiles are over paths
        flow.text(spending_headline(r), BODY, bold=True, after=0.1)
    flow.text(explain_text(result, r), BODY, color=MUTED, after=0.1)
    add_chart(flow, "spending", inputs, real)
    table = spending_table(result, r)
    if table.rows:
        flow.heading("At every fifth year of retirement (today's dollars)",
                     keep=flow.table_height(table))
        flow.table(table, after=0.06)
        if not real:
            flow.text("Spending delivered is always shown in today's dollars.", SMALL,
                      color=MUTED)
