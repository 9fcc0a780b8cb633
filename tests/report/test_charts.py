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
from tests.report.fakes import fake_result

PLANNER = Path(__file__).resolve().parents[2] / "planner"


def median_path(result: Result) -> int:
    """The path with the median terminal real balance, computed from the raw arrays."""
    terminal = result.balances.sum(axis=0)[:, -1] / result.price_index[:, -1]
    return int(np.argsort(terminal, kind="stable")[(len(terminal) - 1) // 2])


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


def test_income_goal_line_is_the_planned_spending(any_result: Result) -> None:
    for real in (True, False):
        fig = make_figure(8, 4.5)
        ax = fig.add_subplot()
        draw_income(ax, any_result, real=real)
        n = median_path(any_result)
        first = first_retirement_index(any_result, n)
        planned = any_result.flows["spending_planned"][n]
        if real:
            planned = planned / any_result.price_index[n, :-1]
        goal = [ln for ln in ax.get_lines() if ln.get_label() == "Spending goal"]
        assert len(goal) == 1
        np.testing.assert_allclose(goal[0].get_ydata(), planned[first:], rtol=1e-12)
        np.testing.assert_array_equal(goal[0].get_xdata(), any_result.ages[0][first:])
        words = "today's dollars" if real else "future (nominal) dollars"
        assert words in ax.get_title(loc="left")


def test_income_marks_exactly_the_shortfall_years_in_red() -> None:
    result = fake_result()
    n = median_path(result)
    first = first_retirement_index(result, n)
    short_ages = set(result.ages[0][first:][result.flows["shortfall"][n][first:] > 0.5])
    assert short_ages, "the fake result is built to run short"
    fig = make_figure(8, 4.5)
    ax = fig.add_subplot()
    draw_income(ax, result)
    red = [p for p in ax.patches if isinstance(p, Rectangle)
           and np.allclose(p.get_facecolor()[:3], _rgb(SHORTFALL_COLOR))]
    assert {round(p.get_x() + p.get_width() / 2) for p in red} == short_ages


def test_income_shows_taxes_below_zero(any_result: Result) -> None:
    fig = make_figure(8, 4.5)
    ax = fig.add_subplot()
    draw_income(ax, any_result)
    n = median_path(any_result)
    first = first_retirement_index(any_result, n)
    tax = sum(any_result.flows[k][n] for k in ("tax_federal", "tax_state", "penalty"))
    tax_real = (tax / any_result.price_index[n, :-1])[first:]
    below = sorted(-p.get_height() for p in ax.patches
                   if isinstance(p, Rectangle) and p.get_height() < 0)
    np.testing.assert_allclose(below, sorted(tax_real[tax_real > 0]), rtol=1e-9)


def _rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)
