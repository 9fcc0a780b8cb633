"""Health care over the plan: the chart by kind, the lifetime totals split by kind, and
what the premium tax credit paid (and what income above the 400% cliff cost).

Totals are in today's dollars on the typical path (median estate), like the tax page; the
total is the Result's "health_costs" flow, whose median over paths is the key figure. The
page is left out when the projection has no health costs at all (premiums, if any, are then
part of the spending goal, as the assumptions page says).
"""

from __future__ import annotations

import numpy as np

from planner import format as fmt
from planner.charts.health import HEALTH_KINDS, health_by_kind
from planner.charts.inputs import ChartInputs
from planner.core.result import SEEN_FLOWS, Result
from planner.report.charts_page import add_chart
from planner.report.layout import BODY, MUTED, TITLE, Flow
from planner.report.table import Table

ZERO = 0.5  # dollars
TOTAL_LABEL = "Total health care"
CREDIT_LABEL = "Premium tax credits received (not in the total)"
LOST_LABEL = "Premium credit lost: income above 400% of the poverty line"
ROW_LABELS = {
    "aca_net": "Marketplace (ACA) premiums after the credit",
    "medicare_premiums": "Medicare Part B and D premiums",
    "irmaa": "Medicare IRMAA (Part B and D surcharges)",
    "medical_costs": "Out-of-pocket medical costs",
}


def has_health(result: Result) -> bool:
    """Whether any path paid or was credited a health cost in any year."""
    return any(result.flow_seen(k) for k in SEEN_FLOWS)


def years_text(result: Result, values: np.ndarray) -> str:
    """'2027-2034' (first to last year with an amount), or one year."""
    paid = np.flatnonzero(np.abs(values) >= ZERO)
    if not paid.size:
        return ""
    first, last = int(result.years[paid[0]]), int(result.years[paid[-1]])
    return str(first) if first == last else f"{first}\u2013{last}"


def lifetime_health_rows(result: Result) -> list[list[str]]:
    """[kind, lifetime total, share, years] in today's dollars on the typical path: what was
    paid by kind, the total, then the credit received and the credit lost (neither paid)."""
    n = result.median_path()
    health = health_by_kind(result, n, real=True)
    total = float(result.lifetime_real("health_costs")[n])
    rows = []
    for key, _, _ in HEALTH_KINDS:
        amount = float(health[key].sum())
        if abs(amount) >= ZERO:
            share = fmt.pct(amount / total) if total > 0 else fmt.MISSING
            rows.append([ROW_LABELS[key], fmt.money(amount), share,
                         years_text(result, health[key])])
    one = result.path(n)
    rows.append([TOTAL_LABEL, fmt.money(total), "", years_text(
        result, one.real_flow("health_costs")[0])])
    for key, label in (("premium_credit", CREDIT_LABEL), ("premium_credit_lost", LOST_LABEL)):
        values = one.real_flow(key)[0]
        if (np.abs(values) >= ZERO).any():
            rows.append([label, fmt.money(float(values.sum())), "", years_text(result, values)])
    return rows


NOTE = ("Health care is paid on top of the spending goal: the cash flow's spending includes "
        "it. Before Medicare the household pays the marketplace benchmark premium less the "
        "premium tax credit (IRC 36B), which the government pays to the insurer. From 2026 "
        "there is no credit at all in a year whose income is above 400% of the poverty line: "
        "the credit lost is what the credit would have been at that line.")


def add_health_summary(flow: Flow, inputs: ChartInputs, real: bool = True) -> None:
    """The health-care chart and lifetime totals, when the projection has any."""
    result = inputs.result
    if not has_health(result):
        return
    flow.new_page()
    flow.text("Health care", TITLE, bold=True, after=0.1)
    add_chart(flow, "health", inputs, real)
    path = "" if result.n_paths == 1 else ", typical path"
    flow.heading(f"Lifetime health care by kind (today's dollars{path})")
    flow.table(Table(("Kind", "Over the plan", "Share", "Years"), lifetime_health_rows(result),
                     ("left", "right", "right", "right"), size=BODY))
    note = NOTE
    if result.n_paths > 1:
        note += (" These totals follow the typical path; the key figure's lifetime health "
                 f"care ({fmt.money(result.summary.lifetime_health)}) is the median over all "
                 "paths, so the two can differ.")
    flow.text(note, 8, color=MUTED)
