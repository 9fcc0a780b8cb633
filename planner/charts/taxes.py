"""Taxes per year by kind, stacked, for one path (the median one unless another is chosen).

The kinds follow the tax engine's flow keys: federal income tax by kind, state income tax,
payroll tax (Social Security and Medicare on pay for work, or self-employment tax) and the
early-withdrawal penalty. Federal tax that the engine has not split into ordinary / gains /
NIIT shows as "federal, not broken down", so each bar is the year's "Taxes" of the cash
flow, whatever the engine fills in. Medicare IRMAA is a premium, part of health care (see
the income chart), not a tax. The chart ends with the path's last death.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from planner import format as fmt
from planner.charts import paths, style
from planner.core.result import Result

TITLE = "Taxes per year by kind"
FEDERAL_PARTS = ("tax_ordinary", "tax_gains", "tax_niit")
OTHER_FEDERAL = "federal_other"
# (key, label) in stack order, bottom first; OTHER_FEDERAL is derived, the rest are flows.
TAX_KINDS: tuple[tuple[str, str], ...] = (
    ("tax_ordinary", "Ordinary income tax"),
    ("tax_gains", "Capital-gains tax"),
    ("tax_niit", "Net investment income tax"),
    (OTHER_FEDERAL, "Federal tax, not broken down"),
    ("tax_state", "State tax"),
    ("tax_payroll", "Payroll tax"),
    ("penalty", "Early-withdrawal penalty"),
)
ZERO = 0.5  # dollars: a kind below this in every year is left out of the chart


def tax_by_kind(result: Result, path: int, real: bool) -> dict[str, np.ndarray]:
    """Key -> [T'] that path's tax of that kind per year, in the dollars asked for, up to
    the path's last death (T' = ``paths.shown_years``)."""
    end = paths.shown_years(result, path)
    deflator = result.price_index[path, :end] if real else np.ones(end)
    one = result.path(path).flows
    flows = {k: np.asarray(one[k][0, :end], dtype=float) / deflator
             for k, _ in TAX_KINDS if k != OTHER_FEDERAL}
    split = sum(flows[k] for k in FEDERAL_PARTS)
    federal = np.asarray(one["tax_federal"][0, :end], dtype=float) / deflator
    flows[OTHER_FEDERAL] = np.clip(federal - split, 0.0, None)
    return {k: flows[k] for k, _ in TAX_KINDS}


def shown_kinds(taxes: dict[str, np.ndarray]) -> list[tuple[str, str]]:
    return [(k, label) for k, label in TAX_KINDS if np.any(np.abs(taxes[k]) >= ZERO)]


def draw_taxes(ax: Axes, result: Result, real: bool = True, path: int | None = None) -> None:
    n = paths.chosen_path(result, path)
    taxes = tax_by_kind(result, n, real)
    ages = style.first_person_ages(result)[: paths.shown_years(result, n)]
    kinds = shown_kinds(taxes)
    note = paths.title_note(result, path)
    title = f"{TITLE} ({fmt.dollars_kind(real)}{note})"
    if not kinds:
        style.message(ax, title, "No taxes are paid in any year of this projection.")
        return
    colors = dict(zip((k for k, _ in TAX_KINDS), style.TAX_KIND_COLORS, strict=True))
    bottom = np.zeros_like(ages)
    for key, label in kinds:
        values = np.clip(taxes[key], 0.0, None)
        ax.bar(ages, values, bottom=bottom, width=0.85, color=colors[key], label=label)
        bottom = bottom + values
    ax.set_xlim(float(ages[0]) - 0.6, float(ages[-1]) + 0.6)
    # An explicit top with headroom: a bare set_ylim(bottom=0) would freeze the top at the
    # tallest bar, which then touches the frame.
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.06)
    style.style_axes(ax, title, style.age_axis_label(result))
    style.add_year_axis(ax, result)
    style.legend_below(ax, ncols=min(3, len(kinds)))


def hover_taxes(result: Result, x: float | None, real: bool = True,
                path: int | None = None) -> str:
    """'Age 70 (2056): taxes $12k (Ordinary income tax $8k, State tax $3k, ...)'."""
    t = style.age_index(result, x)
    n = paths.chosen_path(result, path)
    if t is None or t >= paths.shown_years(result, n):
        return ""
    taxes = tax_by_kind(result, n, real)
    parts = [f"{label} {fmt.money_short(taxes[k][t])}"
             for k, label in TAX_KINDS if abs(taxes[k][t]) >= ZERO]
    total = sum(float(taxes[k][t]) for k, _ in TAX_KINDS)
    text = f"{style.age_year_text(result, t)}: taxes {fmt.money_short(total)}"
    return f"{text} ({', '.join(parts)})" if parts else text
