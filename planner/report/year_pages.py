"""The year-by-year table: landscape pages, header repeated, all-zero columns dropped.

Columns come in groups that each answer one question: the year's cash flow (income - taxes
- contributions - spending = saved or withdrawn; always shown, so the sum can be checked on
every row), the balances, the spending goal against what was funded, health care by kind
(premiums, the premium tax credit, IRMAA, out-of-pocket), where income came from and what
moved in and out of the accounts, and the tax computation (federal and state side by
side). A group too wide
for one page is cut into slices of similar width; neighbouring slices share a page when
they fit across it. Every part keeps Year and the ages so each page can be read on its own.
"""

from __future__ import annotations

import math

import pandas as pd

from planner import format as fmt
from planner.charts.paths import path_sentence
from planner.core.result import CASH_FLOW, FLOW_COLUMNS, Result
from planner.report.layout import LANDSCAPE, MUTED, TABLE_MARGIN, TITLE, Flow
from planner.report.table import Table, min_widths

TABLE_SIZE = 7.0
AVAILABLE = LANDSCAPE[0] - 2 * TABLE_MARGIN  # inches across a landscape table page
ZERO = 0.5  # dollars; a column that never reaches half a dollar says nothing
LABELS = dict(FLOW_COLUMNS)
CASH_FLOW_NAME = "cash flow"
BALANCES_NAME = "balances"
# (part name, flow keys) after the cash flow and the balances, in reading order. Flows the
# core adds later and no group names are printed last, under "other flows".
FLOW_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("spending goal", ("spending_planned", "spending_delivered", "shortfall", "surplus_spent")),
    # What was paid, then its total (the cash flow's spending includes it), then the credit
    # that was out of reach: it was never paid, so it stays out of the sum.
    ("health care", (
        "aca_premium", "premium_credit", "medicare_premiums", "irmaa", "medical_costs",
        "health_costs", "premium_credit_lost")),
    ("income and the accounts", (
        "salary", "other_wages", "self_employment", "pension", "rental", "tax_free_income",
        "inflows", "social_security", "employer_match", "roth_ira_excess", "saved",
        "withdrawals", "rmd", "roth_conversion")),
    # The federal and the state taxable income side by side, then each tax: federal and
    # state next to each other.
    ("taxes", (
        "ira_deduction", "taxable_social_security", "interest", "dividends", "capital_gains",
        "agi", "deductions", "taxable_income", "state_taxable_income", "tax_ordinary",
        "tax_gains", "tax_niit", "tax_federal", "tax_state", "tax_payroll", "penalty")),
)
CASH_FLOW_NOTE = ("Income \u2212 taxes \u2212 your contributions \u2212 spending = saved (+) "
                  "or withdrawn (\u2212), in every row; spending includes health care.")
HEALTH_NOTE = ("Health care = marketplace premium \u2212 premium tax credit + Medicare Part B "
               "and D + IRMAA (B and D) + out-of-pocket; the credit lost above 400% of the "
               "poverty line was never paid and is not in it.")


def shown_columns(table: pd.DataFrame, keep: list[str]) -> list[str]:
    """Columns worth printing: the kept ones, and every column with a non-zero value."""
    return [
        c for c in table.columns
        if c in keep or (table[c].abs() >= ZERO).any()
    ]


def to_table(df: pd.DataFrame, keys: list[str], columns: list[str]) -> Table:
    cols = [*keys, *columns]
    rows = [
        [_count(row[c]) if c in keys else fmt.money(float(row[c])) for c in cols]
        for _, row in df[cols].iterrows()
    ]
    return Table(cols, rows, ["right"] * len(cols), size=TABLE_SIZE, stretch=True)


def _count(value: float) -> str:
    """A year or an age; blank for an age after the person's death (NaN)."""
    return "" if value != value else str(int(value))


def column_groups(result: Result, shown: list[str]) -> list[tuple[str, list[str]]]:
    """(name, shown column labels) of each group, in order; empty groups left out."""
    named = set(CASH_FLOW) | {k for _, keys in FLOW_GROUPS for k in keys}
    other = tuple(k for k, _ in FLOW_COLUMNS if k not in named)
    groups = [(CASH_FLOW_NAME, [LABELS[k] for k in CASH_FLOW]),
              (BALANCES_NAME, [*result.account_columns(), "Total balance"])]
    groups += [(name, [LABELS[k] for k in keys])
               for name, keys in (*FLOW_GROUPS, ("other flows", other))]
    return [(name, kept) for name, cols in groups if (kept := [c for c in cols if c in shown])]


def _width(df: pd.DataFrame, keys: list[str], cols: list[str]) -> float:
    return sum(min_widths(to_table(df, keys, cols)))


def group_slices(df: pd.DataFrame, keys: list[str], name: str, cols: list[str],
                 available: float) -> list[tuple[str, list[str]]]:
    """The group whole if it fits across the page; else as few slices of similar width as
    fit (so no slice is a lonely column), named '<name> (1 of 2)'..."""
    widths = min_widths(to_table(df, keys, cols))
    key_w = sum(widths[: len(keys)])
    col_w = widths[len(keys):]
    if key_w + sum(col_w) <= available:
        return [(name, cols)]
    room = max(available - key_w, max(col_w))
    slices = max(1, math.ceil(sum(col_w) / room))
    while True:
        cut = _slice(cols, col_w, sum(col_w) / slices, room)
        if len(cut) <= slices or slices >= len(cols):
            break
        slices += 1
    labels = [f"{name} ({i + 1} of {len(cut)})" if len(cut) > 1 else name
              for i in range(len(cut))]
    return list(zip(labels, cut, strict=True))


def page_parts(df: pd.DataFrame, keys: list[str], groups: list[tuple[str, list[str]]],
               available: float) -> list[tuple[str, list[str]]]:
    """(title, columns) of each page: the groups' slices, neighbours merged while they fit."""
    parts: list[tuple[list[str], list[str]]] = []
    for name, cols in groups:
        for piece, piece_cols in group_slices(df, keys, name, cols, available):
            if parts and _width(df, keys, parts[-1][1] + piece_cols) <= available:
                parts[-1] = ([*parts[-1][0], piece], parts[-1][1] + piece_cols)
            else:
                parts.append(([piece], piece_cols))
    return [(_and(names), cols) for names, cols in parts]


def _and(names: list[str]) -> str:
    """'cash flow', 'cash flow and balances', 'cash flow, balances and spending goal'; names
    that hold an 'and' of their own are set apart: 'health care; income and the accounts'."""
    if len(names) == 1:
        return names[0]
    if any(" and " in name for name in names):
        return "; ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _slice(cols: list[str], widths: list[float], target: float, room: float
           ) -> list[list[str]]:
    """Contiguous slices close to ``target`` inches wide, never wider than ``room``."""
    out: list[list[str]] = [[]]
    used = 0.0
    for col, w in zip(cols, widths, strict=True):
        if out[-1] and (used + w > room or used + w / 2 > target):
            out.append([])
            used = 0.0
        out[-1].append(col)
        used += w
    return out


def table_parts(result: Result, df: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(title, columns) of each part of the year table ``df``: non-zero columns, and the
    cash flow always (a zero column in it still belongs to the sum)."""
    keys = ["Year", *result.age_labels()]
    cash_flow = [LABELS[k] for k in CASH_FLOW]
    shown = [c for c in shown_columns(df, [*keys, *cash_flow]) if c not in keys]
    return page_parts(df, keys, column_groups(result, shown), AVAILABLE)


def add_year_table(flow: Flow, result: Result, real: bool = True) -> None:
    df = result.year_table(real=real)
    keys = ["Year", *result.age_labels()]
    cash_flow = [LABELS[k] for k in CASH_FLOW]
    # Which path (the typical one, by number) and its inflation: a salary that falls in
    # today's dollars on a path of high inflation is then no surprise.
    path = path_sentence(result, real)
    dollars = fmt.dollars_kind(real)
    for name, cols in table_parts(result, df):
        flow.new_page(LANDSCAPE, TABLE_MARGIN)
        title = f"Year by year: {name}"
        flow.text(title, TITLE - 4, bold=True, after=0.02)
        sums = f" {CASH_FLOW_NOTE}" if cash_flow[0] in cols else ""
        ends = " Balances are at the end of each year." if "Total balance" in cols else ""
        health = f" {HEALTH_NOTE}" if LABELS["health_costs"] in cols else ""
        flow.text(f"{dollars.capitalize()}. {path} Columns that are zero in every year are "
                  f"left out; the CSV export has them all.{sums}{ends}{health}", 8,
                  color=MUTED, after=0.12)
        flow.table(to_table(df, keys, cols), continued=f"{title} (continued)")
