"""The crypto sensitivity as a table: the numbers behind the chart, row by row."""

from __future__ import annotations

from collections.abc import Sequence

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.charts.sensitivity import plan_crypto_share
from planner.core.analysis import SensitivityRow, crypto_break_even_return
from planner.core.model import Plan
from planner.report.charts_page import add_chart
from planner.report.layout import BODY, MUTED, TITLE, Flow
from planner.report.table import Table


def sensitivity_table(rows: Sequence[SensitivityRow], plan: Plan | None = None) -> Table:
    """One row a share; with the plan, the crypto return each sleeve needs to break even."""
    def break_even(share: float) -> str:
        if plan is None or share <= 0:
            return "\u2014"
        value = crypto_break_even_return(plan, share)
        return "over 500%" if value is None else fmt.rate(value)

    body = [[fmt.share(r.crypto_share), fmt.pct(r.success_rate), fmt.money(r.median_terminal),
             fmt.money(r.p10_terminal), break_even(r.crypto_share)] for r in rows]
    return Table(("Crypto share", "Success rate", "Median final balance",
                  "10th pct. final balance", "Break-even return"), body,
                 ("right", "right", "right", "right", "right"), size=BODY, stretch=True)


def add_sensitivity(flow: Flow, inputs: ChartInputs, paths: int | None = None,
                    real: bool = True) -> None:
    """The crypto page: the chart and its numbers; a short note when they were not run."""
    rows, plan = inputs.sensitivity, inputs.result.plan
    flow.new_page()
    flow.text("Crypto share", TITLE, bold=True, after=0.1)
    if not rows:
        flow.text("The crypto sensitivity was not computed for this report.", BODY,
                  color=MUTED)
        return
    add_chart(flow, "crypto", inputs, real)
    runs = f"{fmt.count(paths)} simulated paths" if paths else "simulated paths"
    flow.heading("The numbers")
    flow.text(
        f"Each row reruns the plan in Monte Carlo mode ({runs}, the same random draws in "
        "every row) with every account holding that share in crypto and its other asset "
        "classes keeping their proportions. Final balances in today's dollars. This plan "
        f"holds {fmt.share(round(plan_crypto_share(plan), 4))} in crypto, weighted by "
        "account balance. It assumes crypto averages "
        f"{fmt.rate(plan.assumptions.crypto.expected_return)} a year with "
        f"{fmt.pct(plan.assumptions.crypto.volatility)} volatility; the break-even return is "
        "the average a sleeve of that size would need for its volatility not to lower the "
        "portfolio's median growth.", BODY, after=0.1)
    flow.table(sensitivity_table(rows, plan))
