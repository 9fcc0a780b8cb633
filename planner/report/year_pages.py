"""The year-by-year table: landscape pages, header repeated, all-zero columns dropped.

When every column does not fit across one landscape page, the table is printed in parts
(balances, then cash flows, then further slices if needed), each part keeping Year and
the ages so every page can be read on its own.
"""

from __future__ import annotations

import math

import pandas as pd

from planner.core.result import Result
from planner.report import format as fmt
from planner.report.layout import LANDSCAPE, MUTED, TABLE_MARGIN, TITLE, Flow
from planner.report.table import Table, min_widths

TABLE_SIZE = 7.0
ZERO = 0.5  # dollars; a column that never reaches half a dollar says nothing


def shown_columns(table: pd.DataFrame, keep: list[str]) -> list[str]:
    """Columns worth printing: the kept ones, and every column with a non-zero value."""
    return [
        c for c in table.columns
        if c in keep or (table[c].abs() >= ZERO).any()
    ]


def to_table(df: pd.DataFrame, keys: list[str], columns: list[str]) -> Table:
    cols = [*keys, *columns]
    rows = [
        [str(int(row[c])) if c in keys else fmt.money(float(row[c])) for c in cols]
        for _, row in df[cols].iterrows()
    ]
    return Table(cols, rows, ["right"] * len(cols), size=TABLE_SIZE, stretch=True)


def column_groups(df: pd.DataFrame, keys: list[str], groups: list[tuple[str, list[str]]],
                  available: float) -> list[tuple[str, list[str]]]:
    """One part if everything fits across the page; else one part per named group, each
    cut into as few slices of similar width as fit (so no slice is a lonely column)."""
    whole = [c for _, cols in groups for c in cols]
    if sum(min_widths(to_table(df, keys, whole))) <= available:
        return [("", whole)]
    parts: list[tuple[str, list[str]]] = []
    for name, cols in groups:
        widths = min_widths(to_table(df, keys, cols))
        key_w = sum(widths[: len(keys)])
        col_w = widths[len(keys):]
        room = max(available - key_w, max(col_w))
        slices = max(1, math.ceil(sum(col_w) / room))
        while True:
            cut = _slice(cols, col_w, sum(col_w) / slices, room)
            if len(cut) <= slices or slices >= len(cols):
                break
            slices += 1
        label = [f"{name} ({i + 1} of {len(cut)})" if len(cut) > 1 else name
                 for i in range(len(cut))]
        parts += list(zip(label, cut, strict=True))
    return parts


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


def add_year_table(flow: Flow, result: Result, real: bool = True) -> None:
    df = result.year_table(real=real)
    keys = ["Year", *result.age_labels()]
    shown = shown_columns(df, keys)
    balances = [c for c in [*result.account_names, "Total balance"] if c in shown]
    flows = [c for c in shown if c not in keys and c not in balances]
    groups = [("balances at the end of each year", balances), ("cash flows", flows)]
    available = LANDSCAPE[0] - 2 * TABLE_MARGIN
    path = "" if result.n_paths == 1 else ", typical path: the one with the median final balance"
    dollars = fmt.dollars_kind(real)
    for name, cols in column_groups(df, keys, [(n, c) for n, c in groups if c], available):
        flow.new_page(LANDSCAPE, TABLE_MARGIN)
        part = f": {name}" if name else ""
        flow.text(f"Year by year{part}", TITLE - 4, bold=True, after=0.02)
        flow.text(f"{dollars.capitalize()}{path}. Columns that are zero in every year are "
                  "left out; the CSV export has them all.", 8, color=MUTED, after=0.12)
        flow.table(to_table(df, keys, cols), continued=f"Year by year{part} (continued)")
