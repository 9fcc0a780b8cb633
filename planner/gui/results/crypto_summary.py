"""One line under the summary on what crypto does to the plan: the range of success over the
outlooks, the plan's own, and the plan without crypto."""

from __future__ import annotations

from planner import format as fmt
from planner.core.analysis import crypto_share
from planner.core.result import Result
from planner.gui.extras import Extras
from planner.gui.results.crypto_tables import pct_range
from planner.gui.status_bar import escape


def crypto_line(result: Result, extras: Extras | None, pending: bool) -> str:
    """Rich text (escaped) for the summary's crypto line."""
    share = crypto_share(result.plan)
    if share <= 0:
        return escape("No crypto in this plan: its stress tests are of stocks.")
    held = f"{fmt.share(share)} of savings in crypto"
    table = extras.outlooks if extras is not None else None
    if table is None or not table.rows:
        what = "computing its outlooks…" if pending else "its outlooks are not computed."
        return escape(f"{held}: {what}")
    rates = [r.with_crypto.success_rate for r in table.rows]
    own = next((r for r in table.rows if r.is_plans), None)
    yours = f" (yours {fmt.pct(own.with_crypto.success_rate)})" if own is not None else ""
    return escape(f"{held}: success {pct_range(min(rates), max(rates))} over {len(rates)} "
                  f"outlooks{yours}, {fmt.pct(table.without_crypto.success_rate)} without.")
