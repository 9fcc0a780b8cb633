"""Historical start years: every window of history the plan was run on, what happened to it
(lasted, or ran out at an age), the lowest balance in retirement and the estate, in today's
dollars, the way cFIREsim and FI Calc list them. About a hundred rows: the table runs over
pages with its header repeated, and the years that ran out are tinted red."""

from __future__ import annotations

from planner import format as fmt
from planner.core.outcomes import StartYear, start_years
from planner.core.result import Result
from planner.outcome_text import start_year_outcome
from planner.report.layout import BODY, MUTED, TITLE, Flow
from planner.report.table import Table
from planner.run_counts import alignments

SECTION = "Historical start years"
HEADER = ("Start year", "Outcome", "Lowest balance in retirement", "Final balance")


def start_years_table(rows: list[StartYear]) -> Table:
    cells = [[str(r.start_year), start_year_outcome(r), fmt.money(r.lowest_balance),
              fmt.money(r.final_balance)] for r in rows]
    return Table(HEADER, cells, ("left", "left", "right", "right"), size=8.5, stretch=True,
                 marked=[r.lasted < 1 for r in rows])


def lasted_caption(result: Result, rows: list[StartYear]) -> str:
    """'91 of 98 start years lasted to the end of the plan; the 7 that ran out are shaded.'"""
    n = len(rows)
    lasted = sum(r.lasted >= 1 for r in rows)
    short = n - lasted
    k = alignments(result)
    if k:
        text = (f"{lasted} of {n} start years lasted to the end of the plan in all {k} "
                "alignments of Bitcoin's years")
        return text + (f"; the {short} that ran out in at least one are shaded." if short
                       else ".")
    text = f"{lasted} of {n} start years lasted to the end of the plan"
    if not short:
        return text + "."
    return text + (f"; the {short} that ran out are shaded." if short > 1
                   else "; the one that ran out is shaded.")


def intro_text(result: Result, rows: list[StartYear]) -> str:
    plan = result.plan
    first, last = rows[0].start_year, rows[-1].start_year
    text = (f"The plan replayed on each window of actual yearly returns and inflation that "
            f"fits it, starting in {first} through {last}: the start year's returns and "
            f"inflation apply to the plan's first year, {plan.start_year}, and so on. "
            f"Balances are in today's dollars (of {plan.start_year}); the lowest balance is "
            f"the smallest end-of-year total from {max(plan.retirement_year, plan.start_year)}"
            " to the end of the plan, the final balance the estate at the last death.")
    k = alignments(result)
    if k:
        text += (f" With crypto, each start year runs once for each of the {k} alignments "
                 "of Bitcoin's years: the outcome counts them, the balances and the age are "
                 "medians over them.")
    return text


def add_start_years(flow: Flow, result: Result) -> None:
    """The section in historical mode (nothing in the other modes)."""
    rows = start_years(result)
    if not rows:
        return
    flow.new_page()
    flow.text(SECTION, TITLE, bold=True, after=0.1)
    flow.text(intro_text(result, rows), BODY, color=MUTED, after=0.1)
    flow.text(lasted_caption(result, rows), BODY, bold=True, after=0.1)
    flow.table(start_years_table(rows), continued=f"{SECTION} (continued)")
