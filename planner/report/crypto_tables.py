"""The crypto page's tables and sentences: outlooks, stress tests, the share solver's answer,
the share sweep. Cells are strings from ``format`` (and ``run_counts`` for success rates),
so the page prints what the GUI shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner import format as fmt
from planner.core.analysis import (
    Outcome,
    OutlookRow,
    OutlookTable,
    SensitivityRow,
    ShareAnswer,
    StressTable,
    crypto_break_even_return,
    crypto_share,
    with_crypto_share,
)
from planner.core.model import CryptoOutlook, Plan
from planner.core.outlooks import with_outlook
from planner.report.layout import BODY
from planner.report.table import Table
from planner.run_counts import success_short

DASH = "\u2014"
THIS_PLAN = " (this plan)"


def success_cell(o: Outcome) -> str:
    return success_short(o.success_rate, o.success_range)


def change_cell(o: Outcome, base: Outcome) -> str:
    return fmt.points_delta(o.success_rate - base.success_rate)


def break_even_text(value: float | None) -> str:
    return "over 500%" if value is None else fmt.rate(value)


def outlook_break_even(plan: Plan, outlook: CryptoOutlook, household: float) -> float | None:
    """The break-even mean for a sleeve of ``household`` (share of all savings) with this
    outlook's volatility and shape."""
    if household <= 0:
        return None
    return crypto_break_even_return(with_outlook(plan, outlook), household)


@dataclass(frozen=True)
class OutlookCells:
    """The outlook table with the break-even of each row (computed once, used twice)."""

    table: Table
    break_even: dict[str, float | None]  # by row key


def outlook_table(plan: Plan, t: OutlookTable, size: float = 7.5) -> OutlookCells:
    """One row per outlook after the plan without crypto: the outlook's numbers, its
    break-even mean at this sleeve, success (change from 0%) and median wealth. The plan's
    own outlook is marked when the plan holds crypto (otherwise none is its own)."""
    holds = any(a.allocation.crypto > 0 for a in plan.accounts)
    none = t.without_crypto
    rows = [["Without crypto (0%)", DASH, DASH, DASH, DASH, DASH, success_cell(none), DASH,
             fmt.money(none.median_wealth)]]
    even: dict[str, float | None] = {}
    for r in t.rows:
        o = r.outlook
        even[r.key] = outlook_break_even(plan, o, t.share)
        rows.append([
            r.label + (THIS_PLAN if r.is_plans and holds else ""), fmt.rate(o.median),
            fmt.rate(r.mean),
            break_even_text(even[r.key]), fmt.pct(o.volatility), fmt.share(o.collapse_chance),
            success_cell(r.with_crypto), change_cell(r.with_crypto, none),
            fmt.money(r.with_crypto.median_wealth)])
    header = ("Outlook", "Median", "Mean", "Break-even", "Volatility", "Collapse a year",
              "Success", "vs. 0%", "Median wealth")
    align = ("left", *["right"] * 8)
    return OutlookCells(Table(header, rows, align, size=size), even)


def rationale_lines(t: OutlookTable) -> list[str]:
    return [f"{r.label}: {r.rationale}" for r in t.rows]


def stress_table(t: StressTable, size: float = BODY) -> Table:
    base = t.base
    rows = [["No stress", success_cell(base), DASH, fmt.money(base.median_wealth)]]
    rows += [[r.label, success_cell(r.stressed), change_cell(r.stressed, base),
              fmt.money(r.stressed.median_wealth)] for r in t.rows]
    return Table(("Stress test", "Success", "Change", "Median wealth"), rows,
                 ("left", "right", "right", "right"), size=size, stretch=True)


def stress_lines(t: StressTable) -> list[str]:
    return [f"{r.label}: {r.description}" for r in t.rows]


def accounts_text(names: Sequence[str]) -> str:
    """'Work 401(k)' / 'A and B' / 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def answer_text(a: ShareAnswer) -> str:
    """The share solver's answer in one sentence."""
    where = accounts_text(a.accounts)
    limit = a.limit_text()
    points = f"{fmt.share(a.within).rstrip('%')} points"
    zero = success_cell(a.at_zero)
    if a.share is None or a.at_share is None:
        return (f"No crypto share keeps success within {points} of 0% (success {zero} at "
                f"0%): even the smallest share searched costs more, in {where}; {limit}.")
    more = " or more" if a.at_limit and not a.capped else ""
    return (f"The largest crypto share that keeps success within {points} of 0%: "
            f"{fmt.share(a.share)}{more} (success {zero} at 0%, {success_cell(a.at_share)} at "
            f"{fmt.share(a.share)}), in {where}; {limit}.")


def spread_text(t: OutlookTable, at: str) -> str:
    """'across the outlooks, success at 5% runs from 62% (Bust) to 91% (Published
    forecast), against 85% without crypto'."""
    if not t.rows:
        return ""
    low = min(t.rows, key=lambda r: r.with_crypto.success_rate)
    high = max(t.rows, key=lambda r: r.with_crypto.success_rate)
    return (f"across the outlooks, success at {at} runs from "
            f"{fmt.pct(low.with_crypto.success_rate)} under {low.label} to "
            f"{fmt.pct(high.with_crypto.success_rate)} under {high.label}, against "
            f"{fmt.pct(t.without_crypto.success_rate)} without crypto")


def plans_row(t: OutlookTable) -> OutlookRow | None:
    return next((r for r in t.rows if r.is_plans), None)


def sensitivity_table(rows: Sequence[SensitivityRow], plan: Plan | None = None) -> Table:
    """One row a share; with the plan, the mean crypto return each sleeve needs to break
    even (for the sleeve's size as a share of all savings)."""
    def break_even(share: float) -> str:
        if plan is None or share <= 0:
            return DASH
        held = with_crypto_share(plan, share)
        return break_even_text(crypto_break_even_return(held, crypto_share(held)))

    body = [[fmt.share(r.crypto_share), fmt.pct(r.success_rate), fmt.money(r.median_terminal),
             fmt.money(r.p10_terminal), break_even(r.crypto_share)] for r in rows]
    return Table(("Crypto share", "Success rate", "Median final balance",
                  "10th pct. final balance", "Break-even mean return"), body,
                 ("right", "right", "right", "right", "right"), size=BODY, stretch=True)
