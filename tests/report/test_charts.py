"""Charts draw on a plain Figure, show the median path, and say which dollars they use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from planner.charts import draw_balances, draw_income, make_figure
from planner.charts.style import SHORTFALL_COLOR
from planner.core.result import Result
from tests.report.artists import bar_labels, bars, line, new_axes
from tests.report.fakes import couple_result, fake_result
from tests.report.independent import median_path, real

PLANNER = Path(__file__).resolve().parents[2] / "planner"


def first_retirement_index(result: Result, n: int) -> int:
    ret = result.plan.retirement_year - int(result.years[0])
    planned = np.flatnonzero(result.flows["spending_planned"][n] > 0.5)
    return min(ret, int(planned[0])) if planned.size else ret


def test_no_pyplot_anywhere_in_planner() -> None:
    imports = re.compile(r"^\s*(import matplotlib\.pyplot|from matplotlib(\.pyplot)? import"
                         r" .*pyplot|from matplotlib\.pyplot import)", re.M)
    offenders = [p for p in PLANNER.rglob("*.py") if imports.search(p.read_text("utf-8"))]
    assert offenders == []
    code = ("import sys, planner.charts, planner.report.pdf, planner.report.csv_export; "
            "sys.exit('matplotlib.pyplot' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_fake_median_path_is_not_path_zero() -> None:
    # Guards the tests below: with path 0 shown by mistake they would still pass otherwise.
    assert median_path(fake_result()) != 0


def test_balances_stack_one_area_per_account(any_result: Result) -> None:
    fig = make_figure(8, 4.5)
    ax = fig.add_subplot()
    draw_balances(ax, any_result)
    areas = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(areas) == len(any_result.account_names)
    labels = ax.get_legend().get_texts()
    assert [t.get_text() for t in labels][: len(areas)] == list(any_result.account_names)[::-1]
    # The top of the stack is the shown path's total in today's dollars.
    n = median_path(any_result)
    total = any_result.balances[:, n, :].sum(axis=0) / any_result.price_index[n, 1:]
    top = max(float(p.vertices[:, 1].max()) for p in areas[-1].get_paths())
    assert top == pytest.approx(total.max(), rel=1e-9)
    assert "today's dollars" in ax.get_title(loc="left")
    fig.canvas.draw()  # a full draw must not fail either


def test_balances_mark_the_household_retirement(any_result: Result) -> None:
    fig = make_figure(8, 4.5)
    ax = fig.add_subplot()
    draw_balances(ax, any_result)
    plan = any_result.plan
    expected = max(p.birth_year + p.retirement_age for p in plan.people) - plan.people[0].birth_year
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1
    assert list(dashed[0].get_xdata()) == [expected, expected]


def shown(result: Result, n: int) -> slice:
    """The years the income chart shows: the first with spending to the last death."""
    return slice(first_retirement_index(result, n), int(result.death_t[:, n].max()) + 1)


def test_income_goal_line_is_the_planned_spending(any_result: Result) -> None:
    for today in (True, False):
        fig = make_figure(8, 4.5)
        ax = fig.add_subplot()
        draw_income(ax, any_result, real=today)
        n = median_path(any_result)
        years = shown(any_result, n)
        planned = any_result.flows["spending_planned"][n]
        if today:
            planned = planned / any_result.price_index[n, :-1]
        goal = line(ax, "Spending goal")
        np.testing.assert_allclose(goal.get_ydata(), planned[years], rtol=1e-12)
        np.testing.assert_array_equal(goal.get_xdata(), any_result.ages[0][years])
        words = "today's dollars" if today else "future (nominal) dollars"
        assert words in ax.get_title(loc="left")


def test_income_marks_exactly_the_shortfall_years_in_red() -> None:
    result = fake_result()
    n = median_path(result)
    years = shown(result, n)
    short_ages = set(result.ages[0][years][result.flows["shortfall"][n][years] > 0.5])
    assert short_ages, "the fake result is built to run short"
    fig = make_figure(8, 4.5)
    ax = fig.add_subplot()
    draw_income(ax, result)
    red = [p for p in ax.patches if isinstance(p, Rectangle)
           and np.allclose(p.get_facecolor()[:3], _rgb(SHORTFALL_COLOR))]
    assert {round(p.get_x() + p.get_width() / 2) for p in red} == short_ages


def test_what_is_not_spent_sits_below_zero_and_the_rest_is_the_goal(any_result: Result
                                                                     ) -> None:
    _, ax = new_axes()
    draw_income(ax, any_result)
    n = median_path(any_result)
    years = shown(any_result, n)
    # Taxes are every tax the household paid, payroll tax and penalties included.
    tax = np.sum([real(any_result, k, n) for k in ("tax_federal", "tax_state", "tax_payroll",
                                                   "penalty")], axis=0)[years]
    ages = any_result.ages[0][years]
    drawn = {round(b.get_x() + b.get_width() / 2): -b.get_height()
             for b in bars(ax, "Taxes (incl. payroll)")}
    np.testing.assert_allclose([drawn.get(int(a), 0.0) for a in ages], tax, rtol=1e-9,
                               atol=0.5)
    # Money in (above zero) less what was not spent (below) leaves the spending goal.
    net = dict.fromkeys(ages.tolist(), 0.0)
    for b in ax.patches:
        if isinstance(b, Rectangle):
            net[round(b.get_x() + b.get_width() / 2)] += b.get_height()
    goal = real(any_result, "spending_planned", n)[years]
    np.testing.assert_allclose([net[int(a)] for a in ages], goal, rtol=1e-9, atol=0.01)


def test_every_kind_of_income_is_drawn_with_its_amount() -> None:
    """The couple plan: hand-worked amounts in today's dollars (streams in today's dollars
    rising with inflation stay level) and, for the pension fixed in dollars of 2038, in
    future dollars."""
    r = couple_result()
    _, ax = new_axes()
    draw_income(ax, r, True)
    born = r.plan.people[0].birth_year  # Sam: the chart's ages are his

    def by_year(label: str) -> dict[int, float]:
        return {round(b.get_x() + b.get_width() / 2) + born: b.get_height()
                for b in bars(ax, label)}

    assert {"Salary", "Other wages", "Self-employment", "Pensions and annuities",
            "Rental income", "Tax-free income", "Social Security", "Money received",
            "Withdrawn from savings (net)", "Taxes (incl. payroll)", "Your contributions",
            "Saved (net)"} <= set(bar_labels(ax))
    assert by_year("Other wages") == pytest.approx(dict.fromkeys(range(2030, 2034), 30_000))
    assert by_year("Self-employment") == pytest.approx(dict.fromkeys(range(2034, 2039),
                                                                     15_000))
    assert by_year("Rental income") == pytest.approx(dict.fromkeys(range(2026, 2069), 9_000))
    assert by_year("Money received") == pytest.approx({2031: 100_000, 2036: 40_000,
                                                       2045: 250_000})
    # The tax-free benefit starts at Sam's 60 (2031) and, with no survivor share, ends with
    # him in 2041.
    assert sorted(by_year("Tax-free income")) == list(range(2031, 2042))
    _, ax = new_axes()
    draw_income(ax, r, False)
    assert by_year("Pensions and annuities") == pytest.approx(dict.fromkeys(range(2038, 2069),
                                                                            6_000))


def test_income_starts_with_the_first_year_of_spending(any_result: Result) -> None:
    """Spending exists before retirement now, so the chart starts in the plan's first year
    (when the plan spends then) with the salary that pays for it."""
    _, ax = new_axes()
    draw_income(ax, any_result)
    goal = line(ax, "Spending goal")
    assert np.asarray(goal.get_xdata())[0] == any_result.ages[0][0]
    if any_result.plan.retirement_year > any_result.plan.start_year:
        salary = bars(ax, "Salary")
        assert round(salary[0].get_x() + salary[0].get_width() / 2) == any_result.ages[0][0]


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)
