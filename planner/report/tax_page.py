"""The tax summary: lifetime totals by kind, and one year's tax computed line by line.

The year is the first of retirement on the typical path (median estate), the year most
people ask about ("what will I pay once the salary stops?"). Lines that are zero in every
year of the plan are left out, as in the year table. Taxes are income tax (federal and
state), payroll tax (Social Security and Medicare on pay for work) and the early-withdrawal
penalty: the Result's "taxes" flow, whose lifetime sum is the key figure. Medicare IRMAA
is a premium: it is counted with health care (``health_page``), not here.
"""

from __future__ import annotations

import numpy as np

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.charts.taxes import TAX_KINDS, tax_by_kind
from planner.core.model import AccountKind
from planner.core.result import Result
from planner.report import measure
from planner.report.charts_page import add_chart
from planner.report.layout import BODY, HEADING, MUTED, TITLE, Flow
from planner.report.state_text import state_note
from planner.report.table import Table

ZERO = 0.5  # dollars
TOTAL_LABEL = "Total taxes (federal, state, payroll, penalties)"


def retirement_index(result: Result) -> int:
    return int(np.clip(result.plan.retirement_year - int(result.years[0]), 0,
                       result.n_years - 1))


def lifetime_rows(result: Result) -> list[list[str]]:
    """[kind, lifetime total, share] in today's dollars on the typical path, then the total
    the key figure adds up (federal, state, payroll, penalties)."""
    n = result.median_path()
    taxes = tax_by_kind(result, n, real=True)
    totals = {k: float(v.sum()) for k, v in taxes.items()}
    everything = sum(totals.values())
    rows = []
    for key, label in TAX_KINDS:
        if abs(totals[key]) >= ZERO:
            rows.append([label, fmt.money(totals[key]),
                         fmt.pct(totals[key] / everything) if everything > 0 else fmt.MISSING])
    # The Summary's own sum on this path (for one path it is the key figure).
    tax_total = float(result.lifetime_real("taxes")[n])
    rows.append([TOTAL_LABEL, fmt.money(tax_total), ""])
    return rows


def year_lines(result: Result) -> list[tuple[str, np.ndarray]]:
    """(label, [N, T] nominal values) of the tax computation, in reading order (of a Result
    with every path's detail: one path's, ``Result.path``)."""
    f = result.flows
    kinds = result.account_kinds
    traditional = [a for a, k in enumerate(kinds) if k.is_traditional]
    hsa = [a for a, k in enumerate(kinds) if k is AccountKind.HSA]
    zeros = np.zeros_like(f["salary"])
    distributions = (result.account_withdrawals[traditional].sum(axis=0)
                     if traditional else zeros)
    hsa_out = result.account_withdrawals[hsa].sum(axis=0) if hsa else zeros
    return [
        ("Salary", f["salary"]),
        ("Other wages", f["other_wages"]),
        ("Self-employment earnings", f["self_employment"]),
        ("Pensions and annuities", f["pension"]),
        ("Rental income", f["rental"]),
        ("Social Security received", f["social_security"]),
        ("Taxable part of Social Security", f["taxable_social_security"]),
        ("Traditional IRA/401(k) distributions", distributions),
        ("of which required minimum distributions", f["rmd"]),
        ("HSA withdrawals", hsa_out),
        ("Roth conversions", f["roth_conversion"]),
        ("Taxable interest", f["interest"]),
        ("Qualified dividends", f["dividends"]),
        ("Capital gains realized", f["capital_gains"]),
        ("Adjusted gross income (AGI)", f["agi"]),
        ("Deductions", f["deductions"]),
        ("Taxable income", f["taxable_income"]),
        ("Tax on ordinary income", f["tax_ordinary"]),
        ("Tax on capital gains", f["tax_gains"]),
        ("Net investment income tax", f["tax_niit"]),
        ("Federal income tax, all kinds", f["tax_federal"]),
        ("State taxable income", f["state_taxable_income"]),
        ("State income tax", f["tax_state"]),
        ("Payroll tax (Social Security and Medicare)", f["tax_payroll"]),
        ("Early-withdrawal penalty", f["penalty"]),
    ]


def year_rows(result: Result) -> list[list[str]]:
    """[line, that year's dollars, today's dollars] for the first retirement year."""
    n, t = result.median_path(), retirement_index(result)
    deflator = float(result.price_index[n, t])
    one = result.path(n)
    rows = []
    for label, values in year_lines(one):
        if not (np.abs(values[0]) >= ZERO).any():
            continue
        v = float(values[0, t])
        rows.append([label, fmt.money(v), fmt.money(v / deflator)])
    total = float(one.flows["taxes"][0, t])
    rows.append(["Total tax", fmt.money(total), fmt.money(total / deflator)])
    return rows


def add_tax_summary(flow: Flow, inputs: ChartInputs, real: bool = True) -> None:
    """The taxes chart, lifetime totals by kind, and the first retirement year's lines."""
    result = inputs.result
    flow.new_page()
    flow.text("Taxes", TITLE, bold=True, after=0.1)
    add_chart(flow, "taxes", inputs, real)
    path = "" if result.n_paths == 1 else ", typical path"
    flow.heading(f"Lifetime taxes by kind (today's dollars{path})")
    flow.table(Table(("Kind", "Over the plan", "Share"), lifetime_rows(result),
                     ("left", "right", "right"), size=BODY))
    note = ("Payroll tax is the Social Security and Medicare tax on wages (or the self-"
            f"employment tax). {state_note(result.plan)}Medicare IRMAA is a premium "
            "surcharge rather than a tax: it is counted with health care.")
    if result.n_paths > 1:
        note += (" These totals follow the typical path; the summary's lifetime tax is the "
                 "median over all paths, so the two can differ.")
    flow.text(note, 8, color=MUTED)
    t = retirement_index(result)
    year = int(result.years[t])
    rows = year_rows(result)
    # The computation reads top to bottom: keep it on one page rather than split it.
    flow.ensure(measure.line_height(HEADING) + 0.2
                + (len(rows) + 1) * (measure.line_height(BODY) + 0.04) + 0.4)
    flow.heading(f"The first year of retirement, {year}{path}")
    flow.table(Table(("Line", f"{year} dollars", "Today's dollars"), rows,
                     ("left", "right", "right"), size=BODY))
    flow.text("Amounts as the tax computation uses them: income counted in the year it is "
              "received, deductions as allowed that year, each tax on its own line. Lines "
              "that are zero in every year of the plan are left out.", 8, color=MUTED)
