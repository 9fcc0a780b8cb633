"""The rows of the outlook and stress-test tables, as text: the plan under every crypto belief
and under each shock, each beside the same plan without it. Pure functions of the core's
tables (no widgets), so tests read exactly what the window shows."""

from __future__ import annotations

from dataclasses import dataclass

from planner import format as fmt
from planner.core import outlooks
from planner.core.analysis import Outcome, OutlookTable, ShareAnswer, StressTable
from planner.run_counts import runs_count_text

OUTLOOK_HEADERS = ("Outlook", "Median", "Mean", "Volatility", "Collapse", "Success", "vs 0%",
                   "Median estate", "vs 0%")
STRESS_HEADERS = ("Stress test", "Success", "vs none", "Median estate", "vs none")
DASH = "—"


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    tip: str = ""  # the outlook's reason or the stress test's description
    highlight: bool = False  # the plan's own outlook
    reference: bool = False  # the row everything is compared with (0% crypto, no stress)


def pct_range(low: float, high: float) -> str:
    """"74–81%" (one percent sign, as people write a range)."""
    return f"{fmt.pct(low)[:-1]}–{fmt.pct(high)}"


def success_text(o: Outcome) -> str:
    """"78%", or "78% (74–81%)" with the range over Bitcoin's alignments (history)."""
    rate = fmt.pct(o.success_rate)
    if o.success_range is None or fmt.pct(o.success_range[0]) == fmt.pct(o.success_range[1]):
        return rate
    return f"{rate} ({pct_range(*o.success_range)})"


def money_change(x: float) -> str:
    """A change in money as short as the amounts beside it: +$1.86M, -$122k, $0."""
    text = fmt.money_short(abs(x))
    if text == "$0":
        return text
    return f"{'-' if x < 0 else '+'}{text}"


def outlook_rows(table: OutlookTable) -> list[Row]:
    zero = table.without_crypto
    rows = [Row(("No crypto (0%)", DASH, DASH, DASH, DASH, success_text(zero), "",
                 fmt.money_short(zero.median_wealth), ""),
                "The same plan with every account's crypto moved into its other classes "
                "(the same under every outlook).", reference=True)]
    for r in table.rows:
        o, w = r.outlook, r.with_crypto
        own = r.is_plans and r.key != outlooks.CUSTOM  # "Your outlook" says so itself
        label = f"{r.label} (yours)" if own else r.label
        rows.append(Row(
            (label, fmt.rate(o.median), fmt.rate(r.mean), fmt.pct(o.volatility),
             fmt.share(o.collapse_chance) if o.collapse_chance else "0%",
             success_text(w), fmt.points_delta(w.success_rate - zero.success_rate),
             fmt.money_short(w.median_wealth),
             money_change(w.median_wealth - zero.median_wealth)),
            r.rationale, highlight=r.is_plans))
    return rows


def stress_rows(table: StressTable) -> list[Row]:
    base = table.base
    rows = [Row(("No stress", success_text(base), "", fmt.money_short(base.median_wealth), ""),
                "The plan as it is, on the same paths.", reference=True)]
    for r in table.rows:
        s = r.stressed
        rows.append(Row(
            (r.label, success_text(s), fmt.points_delta(s.success_rate - base.success_rate),
             fmt.money_short(s.median_wealth),
             money_change(s.median_wealth - base.median_wealth)),
            r.description))
    return rows


def runs_text(mode: str, outcome: Outcome, windows: Outcome | None = None) -> str:
    """What a table's figures stand on. In history the plan with crypto runs every window once
    per alignment of Bitcoin's years (``windows``: a run without crypto, one per window)."""
    aligned = 1
    if windows is not None and windows.paths and outcome.paths > windows.paths:
        aligned = outcome.paths // windows.paths
    return runs_count_text(mode, outcome.paths, aligned)


def answer_text(a: ShareAnswer) -> str:
    """The largest crypto share within the allowed loss of success, in words."""
    where = ", ".join(a.accounts) if a.accounts else "every account"
    limit = a.limit_text()
    lost = f"{a.within * 100:.3g} points"
    zero = success_text(a.at_zero)
    if a.share is None or a.at_share is None:
        return (f"No crypto share in {where} keeps success within {lost} of {zero} at 0% "
                f"({limit}).")
    more = " or more" if a.at_limit and not a.capped else ""
    return (f"Up to {fmt.share(a.share)}{more} in {where}: success {success_text(a.at_share)} "
            f"against {zero} at 0%, median estate {fmt.money_short(a.at_share.median_wealth)} "
            f"against {fmt.money_short(a.at_zero.median_wealth)} ({limit}).")
