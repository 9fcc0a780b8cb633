"""Page one: plan name, date, mode, the verdict, key figures and the household."""

from __future__ import annotations

from datetime import date

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from planner import format as fmt
from planner.core.analysis import HistoricalCase
from planner.core.result import Result
from planner.report import measure
from planner.report.deaths import LIFE_TABLE, lives_to_text, plan_end
from planner.report.figures import key_figures
from planner.report.layout import BODY, MUTED, SMALL, TITLE, Flow, put_text
from planner.report.table import Table
from planner.report.verdict import Verdict, mode_label, verdict
from planner.run_counts import runs_text

GOOD = ("#E8F3E6", "#2F6B2A")  # (fill, ink) of the verdict box
BAD = ("#FBE9E9", "#9B1C22")
# A withdrawal strategy that lasts by spending less than the goal: not a plain success.
CAUTION = ("#FCF1DC", "#7A4B00")
HEADLINE = 15.0


def verdict_colors(v: Verdict) -> tuple[str, str]:
    if not v.ok:
        return BAD
    return CAUTION if v.cut else GOOD


def add_summary(flow: Flow, result: Result, generated: date,
                worst: HistoricalCase | None = None) -> None:
    plan = result.plan
    flow.new_page()
    flow.text("Retirement plan report", BODY, color=MUTED, after=0.02)
    flow.text(plan.name, TITLE, bold=True, after=0.1)
    flow.text(f"Generated {fmt.day(generated)}", BODY, color=MUTED, after=0.0)
    flow.text(f"Projection: {mode_label(result)}", BODY, color=MUTED, after=0.25)

    v = verdict(result)
    fill, ink = verdict_colors(v)
    text_w = flow.width - 0.4
    head_lines = measure.wrap(v.headline, text_w, HEADLINE, bold=True)
    sentence_lines = measure.wrap(v.sentence, text_w, BODY)
    # A withdrawal strategy's spending, in the box with the success it qualifies.
    spending_lines = measure.wrap(v.spending, text_w, BODY, bold=True) if v.spending else []
    gap = 0.08 if spending_lines else 0.0
    box_h = (0.3 + len(head_lines) * measure.line_height(HEADLINE)
             + (len(sentence_lines) + len(spending_lines)) * measure.line_height(BODY) + gap)

    def draw_verdict(fig: Figure, left: float, top: float, width: float, height: float) -> None:
        fig.add_artist(FancyBboxPatch(
            (left, fig.get_figheight() - top - height), width, height,
            boxstyle="round,pad=0,rounding_size=0.08", transform=fig.dpi_scale_trans,
            facecolor=fill, edgecolor="none"))
        y = top + 0.15
        for line in head_lines:
            put_text(fig, left + 0.2, y, line, HEADLINE, bold=True, color=ink)
            y += measure.line_height(HEADLINE)
        for line in sentence_lines:
            put_text(fig, left + 0.2, y, line, BODY)
            y += measure.line_height(BODY)
        y += gap
        for line in spending_lines:
            put_text(fig, left + 0.2, y, line, BODY, bold=True, color=ink)
            y += measure.line_height(BODY)

    flow.block(box_h, draw_verdict)
    flow.spacer(0.3)

    note = "" if result.n_paths == 1 else f", medians over {runs_text(result)}"
    flow.heading(f"Key figures (today's dollars{note})")
    flow.table(Table(("Figure", "Value"), key_figures(result, worst), ("left", "right"), size=BODY))

    flow.heading("Household")
    rows = []
    for i, p in enumerate(plan.people):
        rows.append([
            p.name,
            str(p.birth_year),
            str(plan.start_year - p.birth_year),
            f"{p.retirement_age} ({p.birth_year + p.retirement_age})",
            lives_to_text(result, i),
        ])
    flow.table(Table(
        ("Person", "Born", f"Age in {plan.start_year}", "Retires at age (year)",
         "Lives to age (year)"),
        rows, ("left", "right", "right", "right", "right"), size=BODY,
    ))
    flow.text(f"{plan_span(result)} The household retires in {plan.retirement_year}, when "
              "its last earner stops working.", BODY)
    flow.text(
        "Today's dollars are dollars of "
        f"{plan.start_year}: later amounts are divided by the inflation up to their year, so "
        "they can be compared with prices now.",
        BODY, color=MUTED,
    )
    # Notes sit with the summary: they say what the plan is for and what the engine could
    # not model, both worth reading before any number.
    if plan.notes:
        flow.heading("Notes")
        flow.text(plan.notes, BODY)
    if result.notes:
        # Small print, as caveats are: it keeps them on the first page with the figures
        # they qualify, all of them together with their heading.
        notes, size = list(result.notes), SMALL + 0.5
        flow.heading("Caveats", keep=flow.bullets_height(notes, size))
        flow.bullets(notes, size)


def plan_span(result: Result) -> str:
    """'The plan runs from 2026 to 2060, the year of the last death (Sam at 92).', or, with
    ages at death drawn for each path, how the end varies."""
    start = result.plan.start_year
    end = plan_end(result)
    if end.drawn:
        return (f"The plan runs from {start} to the year of the last death, which differs "
                f"between paths: ages at death are drawn from {LIFE_TABLE} (median year "
                f"of the last death {end.year}).")
    if not result.plan.is_couple:
        return f"The plan runs from {start} to {end.year}, the year {end.name} turns {end.age}."
    return (f"The plan runs from {start} to {end.year}, the year of the last death "
            f"({end.name} at {end.age}).")
