"""What the crypto share does: success rate (left axis) and the 10th-percentile final balance
(right axis) against the share of every account held in crypto, the plan's own share marked.

The rows come from ``analysis.crypto_sensitivity``, which reports final balances in today's
dollars only; the chart therefore always shows today's dollars and says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planner import format as fmt
from planner.charts import style
from planner.core.analysis import SensitivityRow
from planner.core.model import Plan

TITLE = "Crypto share: success rate and weak-market outcome"
P10_LABEL = "10th-percentile final balance (right axis)"


def plan_crypto_share(plan: Plan) -> float:
    """The household's crypto share, weighted by account balance (plain mean if all are 0)."""
    shares = np.array([a.allocation.crypto for a in plan.accounts], dtype=float)
    weights = np.array([a.balance for a in plan.accounts], dtype=float)
    if shares.size == 0:
        return 0.0
    if weights.sum() <= 0:
        return float(shares.mean())
    return float((shares * weights).sum() / weights.sum())


def _percent_axis(ax: Axes) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.share(round(v, 4))))


def draw_sensitivity(ax: Axes, rows: Sequence[SensitivityRow] | None, plan: Plan,
                     real: bool = True) -> None:
    """``real`` is accepted like every chart's; the rows exist in today's dollars only."""
    if not rows:
        style.message(ax, TITLE, "The crypto sensitivity has not been computed for this plan.")
        return
    shares = np.array([r.crypto_share for r in rows])
    success = np.array([r.success_rate for r in rows])
    p10 = np.array([r.p10_terminal for r in rows])
    ax.plot(shares, success, color=style.SUCCESS_COLOR, linewidth=1.8, marker="o",
            markersize=4, label="Success rate (left axis)")
    ax.set_ylim(0, 1.02)
    right = ax.twinx()
    right.plot(shares, p10, color=style.FAN_COLOR, linewidth=1.6, marker="s", markersize=3.5,
               linestyle="--", label=P10_LABEL)
    right.set_ylim(bottom=0, top=max(float(p10.max()) * 1.1, 1.0))
    right.yaxis.set_major_formatter(style.money_formatter())
    right.yaxis.set_major_locator(MaxNLocator(nbins=6))
    right.tick_params(labelsize=style.TICK_SIZE, colors=style.FAN_COLOR)
    for side in ("top", "left"):
        right.spines[side].set_visible(False)

    current = plan_crypto_share(plan)
    ax.axvline(current, color=style.RETIREMENT_COLOR, linestyle=":", linewidth=1.2,
               label=f"This plan ({fmt.share(round(current, 4))})")
    pad = (shares.max() - shares.min()) * 0.03 or 0.005
    ax.set_xlim(min(shares.min(), current) - pad, max(shares.max(), current) + pad)

    style.style_axes(ax, f"{TITLE} ({fmt.dollars_kind(True)})",
                     "Share of every account held in crypto")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.pct(v)))
    ax.tick_params(axis="y", colors=style.SUCCESS_COLOR)
    _percent_axis(ax)
    # One legend for both axes, under the plot like every other chart's.
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncols=3, fontsize=style.LEGEND_SIZE, frameon=False)


def nearest_row(rows: Sequence[SensitivityRow], x: float | None) -> SensitivityRow | None:
    if not rows or x is None or not np.isfinite(x):
        return None
    shares = np.array([r.crypto_share for r in rows])
    step = float(np.diff(shares).min()) if len(shares) > 1 else 0.05
    k = int(np.abs(shares - x).argmin())
    return rows[k] if abs(shares[k] - x) <= step else None


def hover_sensitivity(rows: Sequence[SensitivityRow] | None, x: float | None,
                      real: bool = True) -> str:
    """'Crypto 5%: success 78%, 10th pct final $0, median final $1.9M (today's dollars)'."""
    row = nearest_row(rows or [], x)
    if row is None:
        return ""
    return (f"Crypto {fmt.share(row.crypto_share)}: success {fmt.pct(row.success_rate)}, "
            f"10th pct final {fmt.money_short(row.p10_terminal)}, median final "
            f"{fmt.money_short(row.median_terminal)} ({fmt.dollars_kind(True)})")
