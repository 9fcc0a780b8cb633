"""Health care per year by kind, stacked, for one path (the median one unless another is
chosen).

The filled bars are what the household paid, the Result's "health_costs": marketplace
(ACA) premiums after the premium tax credit, Medicare Part B and D premiums, IRMAA (the
Part B and D surcharges) and out-of-pocket costs. The premium tax credit sits on top as an
open, hatched bar: the part of the marketplace premium the credit paid, so the filled and
open bars together are the full premium. The chart ends with the path's last death.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import paths, style
from planner.core.result import Result

TITLE = "Health care per year by kind"
NET_PREMIUM = "aca_net"  # the marketplace premium less the credit (derived)
# (key, label, colour) of what was paid, bottom of the stack first.
HEALTH_KINDS: tuple[tuple[str, str, str], ...] = (
    (NET_PREMIUM, "Marketplace premium after credit", style.HEALTH_COLOR),
    ("medicare_premiums", "Medicare Part B and D", "#F0C3A1"),
    ("irmaa", "Medicare IRMAA (B and D)", "#B85C3C"),
    ("medical_costs", "Out-of-pocket medical", "#A8876B"),
)
CREDIT_LABEL = "Premium tax credit"
ZERO = 0.5  # dollars: a kind below this in every year is left out of the chart


def health_by_kind(result: Result, path: int, real: bool) -> dict[str, np.ndarray]:
    """Key -> [T'] that path's health care of that kind per year (and "premium_credit"), in
    the dollars asked for, up to the path's last death."""
    end = paths.shown_years(result, path)
    deflator = result.price_index[path, :end] if real else np.ones(end)
    flows = result.path(path).flows

    def flow(key: str) -> np.ndarray:
        return np.asarray(flows[key][0, :end], dtype=float) / deflator

    out = {key: flow(key) for key, _, _ in HEALTH_KINDS if key != NET_PREMIUM}
    credit = flow("premium_credit")
    out[NET_PREMIUM] = np.clip(flow("aca_premium") - credit, 0.0, None)
    out["premium_credit"] = credit
    return out


def draw_health(ax: Axes, result: Result, real: bool = True, path: int | None = None) -> None:
    n = paths.chosen_path(result, path)
    health = health_by_kind(result, n, real)
    ages = style.first_person_ages(result)[: paths.shown_years(result, n)]
    note = paths.title_note(result, path)
    title = f"{TITLE} ({fmt.dollars_kind(real)}{note})"
    kinds = [k for k in HEALTH_KINDS if np.any(np.abs(health[k[0]]) >= ZERO)]
    credit = health["premium_credit"]
    if not kinds and not np.any(credit >= ZERO):
        style.message(ax, title, "No health-care costs in this projection (premiums, if "
                      "any, are part of the spending goal).")
        return
    bottom = np.zeros_like(ages)
    for key, label, color in kinds:
        values = np.clip(health[key], 0.0, None)
        ax.bar(ages, values, bottom=bottom, width=0.85, color=color, label=label)
        bottom = bottom + values
    top = bottom
    if np.any(credit >= ZERO):
        shown = credit >= ZERO
        ax.bar(ages[shown], credit[shown], bottom=bottom[shown], width=0.85, color="none",
               edgecolor=style.HEALTH_COLOR, hatch="////", linewidth=0.6, label=CREDIT_LABEL)
        top = bottom + np.clip(credit, 0.0, None)
    ax.set_xlim(float(ages[0]) - 0.6, float(ages[-1]) + 0.6)
    ax.set_ylim(0, max(float(top.max()), 1.0) * 1.06)
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax, ncols=3)


def hover_health(result: Result, x: float | None, real: bool = True,
                 path: int | None = None) -> str:
    """'Age 62 (2029): health care $9,500 (Marketplace premium after credit $4,200, ...);
    premium tax credit $28k'."""
    t = style.age_index(result, x)
    n = paths.chosen_path(result, path)
    if t is None or t >= paths.shown_years(result, n):
        return ""
    health = health_by_kind(result, n, real)
    parts = [f"{label} {fmt.money_short(health[k][t])}"
             for k, label, _ in HEALTH_KINDS if abs(health[k][t]) >= ZERO]
    total = sum(float(health[k][t]) for k, _, _ in HEALTH_KINDS)
    text = f"{style.age_year_text(result, t)}: health care {fmt.money_short(total)}"
    if parts:
        text += f" ({', '.join(parts)})"
    if health["premium_credit"][t] >= ZERO:
        text += f"; premium tax credit {fmt.money_short(health['premium_credit'][t])}"
    return text
