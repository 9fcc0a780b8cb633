"""Key figures of several scenarios side by side, with differences against the first one.

``comparison_table`` gives numbers (for tests, spreadsheets and anything that computes);
``comparison_text`` the same table as strings written by ``format``, for the GUI and PDF.
Money is in today's dollars (the Summary's convention), so scenarios with different
inflation paths still compare like for like.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd

from planner import format as fmt
from planner.core.result import Result, Summary
from planner.run_counts import success_short

SHARE, MONEY, AGE = "share", "money", "age"
SUCCESS_ROW = 0  # FIGURES' first row
LEGACY_ROW = "Estate after heirs' tax"
DEFERRED_ROW = "Deferred tax left to heirs (not in lifetime taxes)"
RUNS_OUT_ROW = "Age savings run out (median of the paths that do)"
NEVER = "never"  # no path runs out (a plan with failing paths always has an age)

# (row label, how to read it from a Summary, what kind of number it is)
FIGURES: tuple[tuple[str, Callable[[Summary], float | None], str], ...] = (
    ("Success rate", lambda s: s.success_rate, SHARE),
    ("Balance at retirement", lambda s: s.balance_at_retirement, MONEY),
    ("Estate at the last death", lambda s: s.terminal_balance, MONEY),
    (LEGACY_ROW, lambda s: s.legacy_after_tax, MONEY),
    ("Spending goal, first year of retirement", lambda s: s.first_year_spending, MONEY),
    ("Lifetime taxes (incl. payroll)", lambda s: s.lifetime_tax, MONEY),
    ("Lifetime state income tax", lambda s: s.lifetime_state_tax, MONEY),
    (DEFERRED_ROW, lambda s: s.deferred_tax, MONEY),
    ("Lifetime health care", lambda s: s.lifetime_health, MONEY),
    # Over the paths that run out, however few: never "lasts" beside a low success rate.
    (RUNS_OUT_ROW, lambda s: s.failed_age, AGE),
)


def difference_label(label: str, first: str) -> str:
    return f"{label} vs {first}"


def _check(results: Sequence[Result], labels: Sequence[str]) -> None:
    if not results:
        raise ValueError("no scenarios to compare")
    if len(results) != len(labels):
        raise ValueError("one label per result is needed")
    if len(set(labels)) != len(labels):
        raise ValueError("scenario labels must differ")


def comparison_table(results: Sequence[Result], labels: Sequence[str]) -> pd.DataFrame:
    """Rows: the FIGURES; columns: one per scenario, then ``"<label> vs <first>"`` for each
    later scenario (its value minus the first's). A plan with no path that runs out has NaN age."""
    _check(results, labels)
    values = {
        label: [_number(get(r.summary)) for _, get, _ in FIGURES]
        for r, label in zip(results, labels, strict=True)
    }
    table = pd.DataFrame(values, index=[name for name, _, _ in FIGURES])
    first = labels[0]
    for label in labels[1:]:
        table[difference_label(label, first)] = table[label] - table[first]
    table.index.name = "Figure"
    return table


def comparison_text(results: Sequence[Result], labels: Sequence[str]) -> pd.DataFrame:
    """``comparison_table`` with every cell written the way the GUI and PDF write it."""
    numbers = comparison_table(results, labels)
    kinds = [kind for _, _, kind in FIGURES]
    first = numbers[labels[0]].to_numpy(dtype=float)
    columns: dict[str, list[str]] = {}
    for label in labels:
        values = numbers[label].to_numpy(dtype=float)
        columns[label] = [_value_text(v, k) for v, k in zip(values, kinds, strict=True)]
    # A historical run with crypto has a range over Bitcoin's alignments: shown with it.
    for result, label in zip(results, labels, strict=True):
        s = result.summary
        columns[label][SUCCESS_ROW] = success_short(s.success_rate, s.success_range)
    for label in labels[1:]:
        name = difference_label(label, labels[0])
        deltas = numbers[name].to_numpy(dtype=float)
        other = numbers[label].to_numpy(dtype=float)
        columns[name] = [_delta_text(d, k, a, b)
                         for d, k, a, b in zip(deltas, kinds, first, other, strict=True)]
    return pd.DataFrame(columns, index=numbers.index)


def _number(x: float | None) -> float:
    return math.nan if x is None else float(x)


def _value_text(x: float, kind: str) -> str:
    if kind == SHARE:
        return fmt.pct(x)
    if kind == MONEY:
        return fmt.money(x)
    return NEVER if math.isnan(x) else fmt.age(x)


def _delta_text(delta: float, kind: str, first: float, other: float) -> str:
    if kind == SHARE:
        return fmt.points_delta(delta)
    if kind == MONEY:
        return fmt.money_delta(delta)
    if math.isnan(first) and math.isnan(other):
        return ""
    if math.isnan(first) or math.isnan(other):
        return "some paths run out" if math.isnan(first) else "no path runs out"
    return fmt.years_delta(delta)
