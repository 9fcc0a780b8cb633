"""What the crypto share does: success rate (left axis) and a final balance (right axis)
against the share held in crypto by the accounts that hold it (analysis.crypto_targets),
the plan's own share marked.

The curve is the plan under its own crypto outlook. Nobody knows which outlook is right, so
with the outlook table (analysis.crypto_outlooks) the chart also marks, at the share the
table was run at, the success under every named outlook, and draws the same plan without
crypto as a reference line: the answer is visibly a range of beliefs.

The right axis shows the 10th-percentile final balance (one path in ten ends below it), or,
when that is $0 at every share (the plan fails on more than one path in ten whatever the
share), the median final balance, and the legend says which. The rows come from
``analysis.crypto_sensitivity``, which reports final balances in today's dollars only; the
chart therefore always shows today's dollars and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Affine2D, Transform, blended_transform_factory

from planner import format as fmt
from planner.charts import style
from planner.core.analysis import (
    OutlookRow,
    OutlookTable,
    SensitivityRow,
    crypto_targets,
    household_mix,
)
from planner.core.model import Plan
from planner.core.outlooks import label as outlook_label

TITLE = "Crypto share: success rate and final balance"
SUCCESS_LABEL = "Success, this plan's outlook (left axis)"
P10_LABEL = "10th-percentile final balance (right axis)"
MEDIAN_LABEL = "Median final balance (right axis; the 10th pct. is $0)"
OUTLOOKS = "Each crypto outlook"
NO_CRYPTO_LABEL = "Without crypto"
ZERO = 0.5  # dollars: a final balance below this is $0
# Money axis steps without 2.5 (so $12.5M is never printed as "$12M") and a floor on its
# range (an axis from $0 to $1 would read "$0 $0 $1 $1").
MONEY_STEPS = (1, 2, 5, 10)
OUTLOOK_COLOR = "#8E6BB0"
REFERENCE_COLOR = "#777777"
LABEL_SIZE = style.TICK_SIZE - 1  # outlook labels
LINE_SPACING = 1.45  # outlook labels sit this many font sizes apart at least (with their boxes)


def success_label(plan: Plan) -> str:
    """The curve's legend: the plan's outlook, named when the plan holds no crypto (its
    outlook setting is then only the what-if's)."""
    if holding_accounts(plan):
        return SUCCESS_LABEL
    return f"Success, {outlook_label(plan.assumptions.crypto)} outlook (left axis)"


def holding_accounts(plan: Plan) -> list[int]:
    """The accounts that hold crypto (where a share applies), empty if none does."""
    return [i for i, a in enumerate(plan.accounts) if a.allocation.crypto > 0]


def _weights(plan: Plan) -> np.ndarray:
    """Balance weights as analysis.household_mix uses them (equal if every balance is 0)."""
    w = np.array([max(a.balance, 0.0) for a in plan.accounts], dtype=float)
    return w if w.sum() > 0 else np.ones(len(plan.accounts))


def plan_crypto_share(plan: Plan) -> float:
    """The plan's position on the chart's axis: the crypto share of the accounts that hold
    crypto, weighted by their balances (0 when none does)."""
    held = holding_accounts(plan)
    if not held:
        return 0.0
    w = _weights(plan)[held]
    shares = np.array([plan.accounts[i].allocation.crypto for i in held])
    return float((shares * w).sum() / w.sum())


def household_share(plan: Plan) -> float:
    """The crypto share of all savings, weighted by balance."""
    return float(household_mix(plan)[3]) if plan.accounts else 0.0


def outlook_share(plan: Plan, table: OutlookTable) -> float:
    """Where the outlook table sits on the chart's axis. The table gives the household's
    share (all accounts, balance-weighted); a share held in the target accounts only is that
    times all balances over the targets' balances."""
    if not plan.accounts:
        return table.share
    w = _weights(plan)
    targets = w[crypto_targets(plan)].sum()
    return float(table.share * w.sum() / targets) if targets > 0 else table.share


def axis_label(plan: Plan) -> str:
    """What a share on the x axis means, naming the accounts it applies to."""
    held = holding_accounts(plan)
    if not held:
        return "Share of every account held in crypto (this plan holds none)"
    names = [plan.accounts[i].name for i in held]
    if len(names) == 1:
        return f"Share of {names[0]} held in crypto (the account that holds it)"
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"Share of {listed} held in crypto (the accounts that hold it)"


def _percent_axis(ax: Axes) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.share(round(v, 4))))


def right_values(rows: Sequence[SensitivityRow]) -> tuple[np.ndarray, str]:
    """(values, label) for the right axis: the 10th percentile, or the median when the
    10th percentile is $0 at every share."""
    p10 = np.array([r.p10_terminal for r in rows])
    if np.all(np.abs(p10) < ZERO):
        return np.array([r.median_terminal for r in rows]), MEDIAN_LABEL
    return p10, P10_LABEL


def money_axis(ax: Axes, values: np.ndarray) -> None:
    """0 up to a little above the data, at least $10,000, with distinct tick labels."""
    top = max(float(np.nanmax(values)) * 1.1 if values.size else 0.0, 10_000.0)
    ax.set_ylim(bottom=0, top=top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=list(MONEY_STEPS)))
    ax.yaxis.set_major_formatter(style.money_formatter())


def draw_sensitivity(ax: Axes, rows: Sequence[SensitivityRow] | None, plan: Plan,
                     real: bool = True, outlooks: OutlookTable | None = None) -> None:
    """``real`` is accepted like every chart's; the rows exist in today's dollars only.
    ``outlooks`` (optional) adds success under every outlook and without crypto."""
    if not rows:
        style.message(ax, TITLE, "The crypto sensitivity has not been computed for this plan.")
        return
    shares = np.array([r.crypto_share for r in rows])
    success = np.array([r.success_rate for r in rows])
    ax.plot(shares, success, color=style.SUCCESS_COLOR, linewidth=1.8, marker="o",
            markersize=4, label=success_label(plan))
    ax.set_ylim(0, 1.02)
    right = ax.twinx()
    # The success axes (with the outlook labels) in front of the balance line: a twin axes
    # is drawn above its host, so the host goes up and its background is left out.
    ax.set_zorder(right.get_zorder() + 1)
    ax.patch.set_visible(False)
    values, right_label = right_values(rows)
    right.plot(shares, values, color=style.FAN_COLOR, linewidth=1.6, marker="s",
               markersize=3.5, linestyle="--", label=right_label)
    money_axis(right, values)
    right.tick_params(labelsize=style.TICK_SIZE, colors=style.FAN_COLOR)
    for side in ("top", "left"):
        right.spines[side].set_visible(False)

    current = plan_crypto_share(plan)
    ax.axvline(current, color=style.RETIREMENT_COLOR, linestyle=":", linewidth=1.2,
               label=f"This plan ({fmt.share(round(current, 4))})")
    at = outlook_share(plan, outlooks) if outlooks is not None and outlooks.rows else None
    low = min(shares.min(), current, at if at is not None else current)
    high = max(shares.max(), current, at if at is not None else current)
    pad = (high - low) * 0.03 or 0.005
    ax.set_xlim(low - pad, high + pad)
    if outlooks is not None and at is not None:
        # A plan without crypto has an outlook setting, but no outlook is "this plan's".
        _draw_outlooks(ax, outlooks, at, mark_own=bool(holding_accounts(plan)))

    style.style_axes(ax, f"{TITLE} ({fmt.dollars_kind(True)})", axis_label(plan))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.pct(v)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=list(MONEY_STEPS)))
    ax.tick_params(axis="y", colors=style.SUCCESS_COLOR)
    _percent_axis(ax)
    # One legend for both axes, under the plot like every other chart's.
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    style.legend_below(ax, 2, handles + h2, labels + l2)


def outlooks_label(x: float) -> str:
    return f"{OUTLOOKS} at {fmt.share(round(x, 4))} (left axis)"


def _draw_outlooks(ax: Axes, table: OutlookTable, x: float, mark_own: bool) -> None:
    """At share x: a marker per outlook (the plan's filled), the range between them, a
    label beside each; and the plan without crypto as a horizontal reference line."""
    base = table.without_crypto.success_rate
    ax.axhline(base, color=REFERENCE_COLOR, linestyle=(0, (5, 3)), linewidth=1.0,
               label=f"{NO_CRYPTO_LABEL} ({fmt.pct(base)}, left axis)")
    ys = np.array([r.with_crypto.success_rate for r in table.rows])
    ax.plot([x, x], [ys.min(), ys.max()], color=OUTLOOK_COLOR, linewidth=3, alpha=0.35,
            solid_capstyle="round", zorder=3)
    ax.plot(np.full(len(ys), x), ys, linestyle="none", marker="D", markersize=5,
            markerfacecolor="white", markeredgecolor=OUTLOOK_COLOR, zorder=4,
            label=outlooks_label(x))
    own = [r for r in table.rows if r.is_plans and mark_own]
    if own:
        ax.plot([x], [own[0].with_crypto.success_rate], linestyle="none", marker="D",
                markersize=5, color=OUTLOOK_COLOR, zorder=5)
    _label_outlooks(ax, table.rows, x, mark_own)


def _label_outlooks(ax: Axes, rows: Sequence[OutlookRow], x: float, mark_own: bool) -> None:
    """Each outlook's name and success beside its marker, spread so no two overlap, on the
    side of the marker with more room."""
    lo, hi = ax.get_xlim()
    left = x > lo + 0.6 * (hi - lo)
    dx = 0.025 * (hi - lo) * (-1 if left else 1)
    order = sorted(rows, key=lambda r: r.with_crypto.success_rate)
    places = LabelRows(ax, [r.with_crypto.success_rate for r in order], LABEL_SIZE)
    for k, row in enumerate(order):
        own = row.is_plans and mark_own
        mark = " (this plan)" if own else ""
        text = f"{row.label}{mark}: {fmt.pct(row.with_crypto.success_rate)}"
        places.labels.append(ax.annotate(
            text, (x, row.with_crypto.success_rate), xytext=(x + dx, 0.0),
            textcoords=places.row(k), fontsize=LABEL_SIZE, color="#4A3566",
            ha="right" if left else "left", va="center",
            fontweight="bold" if own else "normal",
            arrowprops={"arrowstyle": "-", "color": OUTLOOK_COLOR, "linewidth": 0.6,
                        "shrinkA": 0, "shrinkB": 3},
            annotation_clip=False, zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                  "alpha": 0.8}))


class LabelRows:
    """Where the outlook labels go, worked out each time the chart is drawn: a line of text
    apart in pixels, whatever height the axes end up with (a fixed gap in success units
    let the labels overlap on a short chart, as in a 1366x768 window). A label sits level
    with its marker when it can, and gets a leader line when it had to move."""

    def __init__(self, ax: Axes, ys: Sequence[float], fontsize: float) -> None:
        self.ax = ax
        self.ys = list(ys)  # sorted
        self.fontsize = fontsize
        self.labels: list[Annotation] = []

    def row(self, k: int) -> Callable[[RendererBase], Transform]:
        def place(renderer: RendererBase) -> Transform:
            marks = [float(y) for y in self.ax.transData.transform(
                [(0.0, y) for y in self.ys])[:, 1]]
            gap = float(np.asarray(renderer.points_to_pixels(self.fontsize * LINE_SPACING)))
            box = self.ax.bbox
            placed = spread(marks, gap, box.y0 + gap / 2, box.y1 - gap / 2)
            arrow = self.labels[k].arrow_patch if k < len(self.labels) else None
            if arrow is not None:
                arrow.set_visible(abs(placed[k] - marks[k]) > gap / 3)
            return blended_transform_factory(self.ax.transData,
                                             Affine2D().translate(0.0, placed[k]))
        return place


def spread(ys: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Sorted positions moved apart to at least ``gap``, kept within [low, high] when they
    fit (the least movement of a simple push up, then down)."""
    out = [min(max(y, low), high) for y in ys]
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + gap)
    if out and out[-1] > high:
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
    return out


def nearest_row(rows: Sequence[SensitivityRow], x: float | None) -> SensitivityRow | None:
    if not rows or x is None or not np.isfinite(x):
        return None
    shares = np.array([r.crypto_share for r in rows])
    step = float(np.diff(shares).min()) if len(shares) > 1 else 0.05
    k = int(np.abs(shares - x).argmin())
    return rows[k] if abs(shares[k] - x) <= step else None


def hover_sensitivity(rows: Sequence[SensitivityRow] | None, x: float | None,
                      real: bool = True, outlooks: OutlookTable | None = None,
                      plan: Plan | None = None) -> str:
    """'Crypto 5%: success 78%, 10th pct final $0, median final $1.9M (today's dollars)';
    near the outlooks' share, their success rates after it."""
    row = nearest_row(rows or [], x)
    if row is None:
        return ""
    text = (f"Crypto {fmt.share(row.crypto_share)}: success {fmt.pct(row.success_rate)}, "
            f"10th pct final {fmt.money_short(row.p10_terminal)}, median final "
            f"{fmt.money_short(row.median_terminal)} ({fmt.dollars_kind(True)})")
    if outlooks is not None and outlooks.rows and plan is not None:
        at = outlook_share(plan, outlooks)
        if nearest_row(rows or [], at) is row:
            each = ", ".join(f"{r.label} {fmt.pct(r.with_crypto.success_rate)}"
                             for r in outlooks.rows)
            text += (f"; at {fmt.share(round(at, 4))} by outlook: {each}; without crypto "
                     f"{fmt.pct(outlooks.without_crypto.success_rate)}")
    return text
