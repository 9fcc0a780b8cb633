"""Charts draw on a plain Figure, show the median path, say which dollars and which path they
use, and keep their words apart at the window's sizes and in the PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from planner import format as fmt
from planner.charts.balances import draw_balances
from planner.charts.income import draw_income
from planner.charts.inputs import ChartInputs
from planner.charts.paths import path_sentence
from planner.charts.registry import CHARTS, chart
from planner.charts.style import SHORTFALL_COLOR, make_figure
from planner.core.result import Result
from planner.report.charts_page import CHART_HEIGHT, chart_box
from planner.report.layout import Flow
from planner.report.year_pages import add_year_table
from tests.report.artists import bar_labels, bars, line, new_axes
from tests.report.fakes import (
    couple_result,
    engine_inputs,
    engine_result,
    fake_inputs,
    fake_result,
)
from tests.report.independent import median_path, real
from tests.report.layout_text import joined

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


# ----- layout: no chart text runs into another, at the window's sizes and in the PDF

# The chart area of the window (logical pixels) at 1366x768 and at 1920x1080 with the
# default font, and the smallest it may get (ChartImage's minimum height);
# tests/gui/test_layout.py checks the charts the window itself draws.
GUI_SIZES = ((801, 220), (801, 247), (1355, 431))


def text_boxes(fig: Figure) -> dict[str, list[Bbox]]:
    """Display boxes of each axes' words, by kind: 'legend', 'xlabel', 'ylabel', 'title',
    'xticks' (the x tick labels), 'labels' (annotations and notes drawn in the plot)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    out: dict[str, list[Bbox]] = {k: [] for k in ("legend", "xlabel", "ylabel", "title",
                                                  "xticks", "labels")}

    def shown(text: Text) -> bool:
        return bool(text.get_visible() and text.get_text())

    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            out["legend"].append(legend.get_window_extent(renderer))
        for kind, label in (("xlabel", ax.xaxis.label), ("ylabel", ax.yaxis.label)):
            if shown(label):
                out[kind].append(label.get_window_extent(renderer))
        for title in (ax.title, ax._left_title, ax._right_title):
            if shown(title):
                out["title"].append(title.get_window_extent(renderer))
        lo, hi = ax.get_xlim()
        for tick in ax.get_xticklabels():
            if shown(tick) and min(lo, hi) - 1e-9 <= tick.get_position()[0] <= max(lo, hi) + 1e-9:
                out["xticks"].append(tick.get_window_extent(renderer))
        # The words of each annotation (its leader line may cross other labels' boxes).
        out["labels"] += [Text.get_window_extent(t, renderer) for t in ax.texts if shown(t)]
    return out


def overlaps(fig: Figure) -> list[str]:
    """Every pair of chart texts that run into each other, and text outside the figure."""
    fig.canvas.draw()
    boxes = text_boxes(fig)
    found = []
    for a, b in (("legend", "xlabel"), ("legend", "xticks"), ("legend", "title"),
                 ("xlabel", "xticks"), ("title", "legend"), ("legend", "labels")):
        for one in boxes[a]:
            for other in boxes[b]:
                if one.overlaps(other):
                    found.append(f"{a} overlaps {b}")
    labels = boxes["labels"]
    for i, one in enumerate(labels):
        found += [f"labels overlap ({i}, {j})" for j, other in enumerate(labels[i + 1:], i + 1)
                  if one.overlaps(other)]
    page = fig.bbox
    for kind, found_boxes in boxes.items():
        for box in found_boxes:
            if (box.x0 < page.x0 - 1 or box.y0 < page.y0 - 1 or box.x1 > page.x1 + 1
                    or box.y1 > page.y1 + 1):
                found.append(f"{kind} outside the figure")
    return sorted(set(found))


def gui_figure(width: int, height: int) -> Figure:
    """A figure as the window draws it (chart_image.render): constrained layout, 100 dpi."""
    fig = make_figure(width / 100, height / 100)
    FigureCanvasAgg(fig)
    return fig


def layout_inputs(kind: str) -> ChartInputs:
    if kind == "fake":
        return fake_inputs()
    if kind == "expected":
        return ChartInputs(engine_result("expected"))
    return engine_inputs("monte-carlo")


@pytest.mark.parametrize("kind", ["fake", "expected", "monte-carlo"])
@pytest.mark.parametrize("size", GUI_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_chart_text_overlaps_at_the_window_sizes(kind: str, size: tuple[int, int]) -> None:
    """At 1366x768 the legend, hung a fixed fifth of the plot below the axes, lay on the axis
    title; every chart of the registry is drawn at the window's sizes and checked."""
    inputs = layout_inputs(kind)
    found = {}
    for spec in CHARTS:
        for today in (True, False):
            fig = gui_figure(*size)
            spec.draw(fig.add_subplot(), inputs, today)
            if problems := overlaps(fig):
                found[f"{spec.key} {'today' if today else 'future'}"] = problems
    assert found == {}


def test_the_overlap_check_sees_a_legend_on_the_axis_title() -> None:
    """Guards the test above: the old placement (a fifth of the axes below) is caught."""
    fig = gui_figure(801, 247)
    ax = fig.add_subplot()
    draw_income(ax, engine_result("expected"))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=4)
    assert "legend overlaps xlabel" in overlaps(fig)


@pytest.mark.parametrize("kind", ["fake", "expected", "monte-carlo"])
def test_no_chart_text_overlaps_in_the_pdf_chart_boxes(kind: str) -> None:
    """The report places each chart in a fixed box of a letter page (charts_page)."""
    inputs = layout_inputs(kind)
    found = {}
    for spec in CHARTS:
        page = Figure(figsize=(8.5, 11))
        FigureCanvasAgg(page)
        chart_box(spec, inputs, True)(page, 1.0, 1.5, 6.5, CHART_HEIGHT)
        if problems := overlaps(page):
            found[spec.key] = problems
        # Nothing spills out of its box onto the next chart of the page.
        renderer = page.canvas.get_renderer()  # type: ignore[attr-defined]
        box_bottom = (11 - 1.5 - CHART_HEIGHT) * page.dpi
        lowest = min(a.get_tightbbox(renderer).y0 for a in page.axes)
        if lowest < box_bottom - 1:
            found.setdefault(spec.key, []).append("spills below its box")
    assert found == {}


# ----- single-path charts and the year pages say which path, and how inflation ran on it


def typical_words(r: Result) -> str:
    """Which path, said independently of planner.charts.paths."""
    n = median_path(r)
    if r.mode == "historical":
        return f"typical run: the window starting in {r.path_labels[n]}"
    return f"typical path: no. {n + 1:,} of {r.n_paths:,} paths"


@pytest.mark.parametrize("key", ["balances", "income", "taxes", "health"])
def test_single_path_charts_name_their_path(any_result: Result, key: str) -> None:
    _, ax = new_axes()
    chart(key).draw(ax, ChartInputs(any_result), True)
    title = ax.get_title(loc="left")
    if any_result.n_paths == 1:
        assert "typical" not in title
    else:
        assert typical_words(any_result) in title, title


@pytest.mark.parametrize("mode", ["monte-carlo", "historical"])
def test_year_pages_say_which_path_and_its_inflation(mode: str) -> None:
    """The PDF's year table is one path of many: it says which, and that on it prices rose by
    so much a year that a salary raised 3% a year falls (or rises) in today's dollars, with
    the table's own first and last salary."""
    r = engine_result(mode)
    flow = Flow()
    add_year_table(flow, r, real=True)
    text = joined(flow.pages)
    n = median_path(r)
    assert typical_words(r)[1:] in text  # 'ypical ...': the sentence starts with a capital
    years = int(r.death_t[:, n].max()) + 1
    inflation = (r.price_index[n, years] / r.price_index[n, 0]) ** (1 / years) - 1
    assert f"Inflation on it: {fmt.rate(inflation)} a year" in text
    salary = r.year_table(real=True, path=n)["Salary"]
    worked = salary[salary > 0.5]
    first, last = float(worked.iloc[0]), float(worked.iloc[-1])
    moves = "falls" if last < first else "rises"
    assert (f"so the salary {moves} from {fmt.money(first)} to {fmt.money(last)} in today's "
            "dollars") in text
    future = Flow()
    add_year_table(future, r, real=False)
    future_text = joined(future.pages)
    assert "Inflation on it" in future_text
    assert "so the salary" not in future_text  # future dollars do not drift


def test_a_salary_that_keeps_pace_with_inflation_is_not_called_out() -> None:
    r = engine_result("expected")  # 3.02% inflation against 3% raises
    sentence = path_sentence(r, True)
    assert sentence.startswith("The one expected path")
    assert "salary" not in sentence
