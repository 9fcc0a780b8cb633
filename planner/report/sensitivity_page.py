"""The crypto page: the plan under every crypto outlook, under stress, the largest share that
costs little, and the share sweep (chart and numbers), with what the answer depends on.

A plan without crypto gets the stress tests of its stocks and, for comparison only, what a
5% sleeve in every account would do; nothing on the page suggests it holds crypto.
"""

from __future__ import annotations

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.charts.sensitivity import household_share, plan_crypto_share
from planner.core.analysis import OutlookTable
from planner.core.model import Plan
from planner.core.outlooks import label as outlook_label
from planner.report.charts_page import add_chart
from planner.report.crypto_tables import (
    accounts_text,
    answer_text,
    break_even_text,
    outlook_table,
    plans_row,
    rationale_lines,
    sensitivity_table,
    spread_text,
    stress_lines,
    stress_table,
)
from planner.report.inputs import CryptoRuns, ReportInputs, holds_crypto
from planner.report.layout import BODY, MUTED, SMALL, TITLE, Flow
from planner.run_counts import TIMES, bitcoin_years

SECTION = "Crypto share"


def add_sensitivity(flow: Flow, inputs: ChartInputs, paths: int | None = None,
                    real: bool = True) -> None:
    """The crypto page(s); parts whose runs are missing are left out, with a note."""
    plan = inputs.result.plan
    extra = inputs if isinstance(inputs, ReportInputs) else None
    runs = extra.crypto_runs if extra is not None else None
    crypto = holds_crypto(plan)
    flow.new_page()
    flow.text(SECTION, TITLE, bold=True, after=0.1)
    if not inputs.sensitivity and inputs.outlooks is None:
        flow.text("The crypto sensitivity was not computed for this report.", BODY,
                  color=MUTED)
        return
    flow.text(intro_text(plan, crypto), BODY, after=0.06)
    flow.text(runs_text(runs, paths, crypto), SMALL, color=MUTED, after=0.1)
    add_chart(flow, "crypto", inputs, real)
    if crypto:
        add_outlooks(flow, plan, inputs.outlooks, crypto)
        add_stresses(flow, extra)
    else:
        add_stresses(flow, extra)
        add_outlooks(flow, plan, inputs.outlooks, crypto)
    if extra is not None and extra.share_answer is not None:
        flow.heading("How much crypto?", keep=3 * 0.2)
        flow.text(answer_text(extra.share_answer), BODY, bold=True, after=0.06)
        mine = plans_row(inputs.outlooks) if inputs.outlooks is not None else None
        under = f" ({mine.label})" if mine is not None else ""
        at = fmt.share(round(plan_crypto_share(plan), 4))
        spread = spread_text(inputs.outlooks, at) if inputs.outlooks is not None else ""
        flow.text(f"This answer holds under the plan's own outlook{under} only"
                  + (f": {spread}." if spread else "."), BODY)
    add_depends(flow, plan, inputs.outlooks, crypto)
    add_sweep(flow, inputs, runs)


def intro_text(plan: Plan, crypto: bool) -> str:
    if not crypto:
        return ("This plan holds no crypto. The stress tests below shock its stocks; the "
                "outlook table and the chart show, for comparison only, what a crypto "
                "sleeve in every account would do.")
    held = [a.name for a in plan.accounts if a.allocation.crypto > 0]
    name = outlook_label(plan.assumptions.crypto)
    return (f"This plan holds {fmt.share(round(plan_crypto_share(plan), 4))} of "
            f"{accounts_text(held)} in crypto ({fmt.share(round(household_share(plan), 4))} "
            f"of all its savings), under the {name} outlook. What a crypto sleeve does to a "
            "plan depends above all on what crypto will return, which nobody knows: so this "
            "page shows the plan under several outlooks side by side, under stress tests, and "
            "the largest share that costs little under the plan's own outlook.")


def runs_text(runs: CryptoRuns | None, paths: int | None, crypto: bool) -> str:
    """How every number on the page was run."""
    wealth = ("Wealth is the median estate at the last death, in today's dollars; rows "
              "differ only by what they change.")
    if runs is None:
        count = f"{fmt.count(paths)} simulated paths" if paths else "simulated paths"
        return f"Monte Carlo, {count}, the same random draws in every row. {wealth}"
    if runs.mode == "historical":
        k = bitcoin_years()
        windows = runs.paths // k if crypto and runs.paths % k == 0 else runs.paths
        return (f"Every number on this page: historical mode, the {fmt.count(windows)} "
                f"windows of market history that fit the plan; with crypto, each window runs "
                f"once per alignment of Bitcoin's {k} yearly returns ({fmt.count(windows)} "
                f"windows {TIMES} {k} Bitcoin alignments), with no random seed. A success rate in "
                f"brackets is the lowest\u2013highest over the {k} alignments. {wealth}")
    why = "" if runs.follows_report else (
        " (the report's projection is the expected path, which has no success rate)")
    return (f"Every number on this page: Monte Carlo, {fmt.count(runs.paths)} simulated "
            f"paths{why}, random seed {runs.seed}, the same random draws in every row. "
            f"{wealth}")


def add_outlooks(flow: Flow, plan: Plan, table: OutlookTable | None, crypto: bool) -> None:
    if table is None:
        return
    if crypto:
        held = [a.name for a in plan.accounts if a.allocation.crypto > 0]
        title = (f"Under each crypto outlook, at this plan's "
                 f"{fmt.share(round(plan_crypto_share(plan), 4))} in {accounts_text(held)}")
    else:
        title = (f"If every account held {fmt.share(round(table.share, 4))} in crypto (this "
                 "plan holds none)")
    cells = outlook_table(plan, table)
    flow.heading(title, keep=flow.table_height(cells.table))  # the table stays whole
    flow.table(cells.table, after=0.06)
    flow.text("Median: the typical year's return; mean: the average yearly return it implies "
              "with the outlook's volatility, shape and collapse chance; break-even: the mean "
              "at which this sleeve neither helps nor hurts the typical outcome (see below). "
              "Success, its change from 0%, and median wealth are the whole plan's.", SMALL,
              color=MUTED, after=0.06)
    flow.bullets(rationale_lines(table), SMALL)


def add_stresses(flow: Flow, inputs: ReportInputs | None) -> None:
    t = inputs.stresses if inputs is not None else None
    if t is None:
        return
    table = stress_table(t)
    flow.heading("Stress tests", keep=flow.table_height(table))
    flow.table(table, after=0.06)
    flow.bullets(stress_lines(t), SMALL)


def add_depends(flow: Flow, plan: Plan, table: OutlookTable | None, crypto: bool) -> None:
    """What the answer depends on, and what the break-even return means, in plain words."""
    flow.heading("What the answer depends on")
    flow.text(
        "On the outlook, above all. Crypto is so volatile that its typical (median) year and "
        "its average (mean) year are far apart, and a sleeve's effect on a plan turns on "
        "the mean: whether it is above or below the sleeve's break-even return. Reasonable "
        "beliefs, from a permanent collapse to a repeat of 2015-2025, put it on either side, "
        "which is why the table shows them all rather than pick one.", BODY, after=0.08)
    text = ("The break-even return is the mean yearly crypto return at which the sleeve "
            "leaves the mix's median growth unchanged. Below it, the sleeve's volatility "
            "costs more than its return adds, and the typical outcome is worse than without "
            "it; above it, the sleeve adds to the typical outcome, though it still widens "
            "the range of outcomes both ways. It depends on the sleeve's size and on the "
            "outlook's volatility, so each outlook has its own.")
    mine = plans_row(table) if table is not None and crypto else None
    if mine is not None and table is not None:
        even = outlook_table(plan, table).break_even.get(mine.key)
        text += (f" For this plan's sleeve under its own outlook it is "
                 f"{break_even_text(even)}, against an implied mean of {fmt.rate(mine.mean)}.")
    flow.text(text, BODY, after=0.1)


def add_sweep(flow: Flow, inputs: ChartInputs, runs: CryptoRuns | None) -> None:
    rows, plan = inputs.sensitivity, inputs.result.plan
    if not rows:
        return
    flow.heading("Share by share")
    held = [a.name for a in plan.accounts if a.allocation.crypto > 0]
    where = f"in {accounts_text(held)}" if held else "in every account"
    flow.text(
        f"Each row reruns the plan with that crypto share {where}, the other asset classes "
        "keeping their proportions, under the plan's own outlook; at 0% no account holds "
        "crypto. Final balances in today's dollars; the break-even mean return is the one a "
        "sleeve of that size would need.", BODY, after=0.1)
    flow.table(sensitivity_table(rows, plan))
