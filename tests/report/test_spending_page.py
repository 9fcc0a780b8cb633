"""Spending delivered: a withdrawal-strategy plan gets the chart, the headline beside its
success rate and a summary that does not call a plan that cut spending a plain success;
a fixed plan's report is unchanged."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

import numpy as np
from matplotlib.figure import Figure

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.charts.registry import chart
from planner.charts.spending import TITLE, draw_spending, hover_spending
from planner.core.engine import project
from planner.core.model import Plan, Strategy
from planner.core.outcomes import spending_range
from planner.core.result import Result
from planner.outcome_text import spending_headline
from planner.report.figures import (
    FIRST_YEAR_LABEL,
    FIRST_YEAR_RULE_LABEL,
    SPENDING_BELOW_LABEL,
    key_figures,
)
from planner.report.layout import Flow, Page
from planner.report.pdf import layout_report
from planner.report.spending_page import SECTION, add_spending
from planner.report.summary_page import BAD, CAUTION, GOOD, add_summary, verdict_colors
from planner.report.verdict import CUT_HEADLINE, verdict
from tests.report.artists import band, line, new_axes
from tests.report.fakes import small_plan
from tests.report.layout_text import drawn_strings, flat, flow_strings, joined

TODAY = date(2026, 3, 1)


def titles(pages: list[Page]) -> list[str]:
    """The first line of every page."""
    return [flow_strings([p])[0] for p in pages]


def guardrails(plan: Plan, rate: float = 0.055) -> Plan:
    return plan.with_changes(spending=dataclasses.replace(
        plan.spending, strategy=Strategy.GUARDRAILS, withdrawal_rate=rate))


@functools.cache
def run(strategy: bool, mode: str = "monte-carlo") -> Result:
    plan = small_plan(0.0)
    plan = guardrails(plan) if strategy else plan
    return project(plan, mode=mode, paths=80, seed=5)


def test_the_chart_draws_the_delivered_range_and_the_goal() -> None:
    result = run(True)
    r = spending_range(result)
    assert r is not None and r.is_strategy
    fig, ax = new_axes()
    draw_spending(ax, result)
    fig.canvas.draw()
    assert ax.get_title(loc="left").startswith(TITLE)
    first = r.first_retired
    ages = result.ages[0][first:]
    median = line(ax, "Median")
    np.testing.assert_allclose(median.get_xdata(), ages)
    # The median of one retired year, straight from the flows (today's dollars).
    t = first + 3
    delivered = result.flows["spending_delivered"][:, t] / result.price_index[:, t]
    assert median.get_ydata()[3] == np.float64(np.median(delivered))
    np.testing.assert_allclose(line(ax, "Spending goal").get_ydata(), r.goal[first:])
    np.testing.assert_allclose(line(ax, "10th percentile (a bad sequence)").get_ydata(),
                               r.p10[first:])
    xs, lower, upper = band(ax, "10th\u201390th percentile")
    np.testing.assert_allclose(lower, r.p10[first:])
    np.testing.assert_allclose(upper, r.p90[first:])
    age = float(ages[3])
    assert hover_spending(result, age) == (
        f"Age {int(age)} ({int(result.years[t])}): median {fmt.money_short(r.p50[t])}, "
        f"10th pct {fmt.money_short(r.p10[t])}, 90th pct {fmt.money_short(r.p90[t])}; "
        f"goal {fmt.money_short(r.goal[t])} (today's dollars)")
    assert hover_spending(result, float(result.ages[0][0])) == ""  # still working
    assert chart("spending").available(ChartInputs(result))


def test_a_guardrails_report_has_the_chart_and_the_headline() -> None:
    result = run(True)
    r = spending_range(result)
    assert r is not None and r.share_below_goal > 0  # the rule cut spending at times
    pages = layout_report(ChartInputs(result), TODAY)
    text = joined(pages)
    headline = flat(spending_headline(r))
    assert titles(pages).count(SECTION) == 1
    page = pages[titles(pages).index(SECTION)]
    assert headline in joined([page])
    # The chart is drawn on that page: one axes, titled.
    fig = Figure(figsize=page.size)
    for step in page.steps:
        step(fig)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [f"{TITLE} (today's dollars, 80 paths)"]
    # On page one, in the verdict box with the success rate it qualifies.
    assert headline in flat(" ".join(drawn_strings(pages[0])))
    v = verdict(result)
    assert v.spending == spending_headline(r) and v.cut
    assert "withdrawal rule" in v.sentence and "lasting does not mean the goal was met" in \
        v.sentence
    if v.ok:
        assert v.headline.endswith(CUT_HEADLINE)
        assert verdict_colors(v) == CAUTION  # never the plain green of a success
    else:
        assert verdict_colors(v) == BAD
    figures = dict(key_figures(result))
    assert figures[SPENDING_BELOW_LABEL] == fmt.pct(r.share_below_goal)
    assert FIRST_YEAR_RULE_LABEL in figures and FIRST_YEAR_LABEL not in figures
    assert any(k.endswith("that pay the withdrawal rule every year)")
               for k in figures)
    assert "Spending delivered (withdrawal strategies)" in text  # how to read it


def test_a_fixed_plan_is_unchanged() -> None:
    result = run(False)
    pages = layout_report(ChartInputs(result), TODAY)
    text = joined(pages)
    assert SECTION not in titles(pages)
    flow = Flow()
    add_spending(flow, ChartInputs(result))
    assert flow.pages == []
    r = spending_range(result)
    assert r is not None and not r.is_strategy
    assert flat(spending_headline(r)) not in text
    v = verdict(result)
    assert v.spending == "" and not v.cut
    assert v.sentence.startswith("Savings fund the spending goal in every year")
    assert verdict_colors(v) in (GOOD, BAD)
    figures = dict(key_figures(result))
    assert SPENDING_BELOW_LABEL not in figures and FIRST_YEAR_LABEL in figures
    assert "Success rate (share of paths that fund every year)" in figures


def test_a_strategy_that_never_falls_short_stays_green() -> None:
    """A low rate keeps every retired year at or above the goal: a plain success."""
    plan = guardrails(small_plan(0.0), 0.04)
    plan = plan.with_changes(spending=dataclasses.replace(plan.spending, annual=20_000))
    result = project(plan, mode="expected")
    r = spending_range(result)
    assert r is not None and r.share_below_goal == 0
    v = verdict(result)
    assert v.ok and not v.cut and verdict_colors(v) == GOOD
    assert not v.headline.endswith(CUT_HEADLINE)
    assert v.spending == ""  # its percentiles would be of one path
    flow = Flow()
    add_spending(flow, ChartInputs(result))
    text = joined(flow.pages)
    assert SECTION in text and "10th percentile" not in text


def test_the_spending_page_and_verdict_fit_the_page() -> None:
    from tests.report.test_crypto_page import flow_text

    for result in (run(True), run(True, "expected")):
        flow = Flow()
        add_summary(flow, result, TODAY)
        add_spending(flow, ChartInputs(result))
        assert SECTION in flow_text(flow, check_inside=True)
