"""Crypto sensitivity: success rate on the left axis, a final balance on the right (the 10th
percentile, or the median when that is $0 everywhere), the plan's own share marked, and
success under every crypto outlook at the plan's share beside the plan without crypto."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.charts.sensitivity import (
    MEDIAN_LABEL,
    NO_CRYPTO_LABEL,
    P10_LABEL,
    SUCCESS_LABEL,
    draw_sensitivity,
    hover_sensitivity,
    outlook_share,
    outlooks_label,
    plan_crypto_share,
    success_label,
)
from planner.core.analysis import crypto_targets
from tests.report.artists import line, new_axes, texts
from tests.report.fakes import fake_outlooks, fake_sensitivity, small_inputs


def right_axis(fig: Figure, ax: Axes) -> Axes:
    right = [a for a in fig.axes if a is not ax]
    assert len(right) == 1, "a twin axis on the right"
    return right[0]


def tick_labels(fig: Figure, ax: Axes) -> list[str]:
    fig.canvas.draw()
    lo, hi = ax.get_ylim()
    return [t.get_text() for t in ax.get_yticklabels()
            if lo - 1e-9 <= t.get_position()[1] <= hi + 1e-9 and t.get_text()]


def test_two_axes_hold_success_and_the_tenth_percentile(many_paths: ChartInputs) -> None:
    rows = many_paths.sensitivity
    assert rows
    fig, ax = new_axes()
    draw_sensitivity(ax, rows, many_paths.result.plan, real=False)
    success = line(ax, success_label(many_paths.result.plan))
    np.testing.assert_array_equal(success.get_xdata(), [r.crypto_share for r in rows])
    np.testing.assert_array_equal(success.get_ydata(), [r.success_rate for r in rows])
    right = right_axis(fig, ax)
    p10 = [r.p10_terminal for r in rows]
    if max(p10) > 0.5:
        np.testing.assert_array_equal(line(right, P10_LABEL).get_ydata(), p10)
    else:  # every 10th percentile is $0: the median is shown instead, and named
        np.testing.assert_array_equal(line(right, MEDIAN_LABEL).get_ydata(),
                                      [r.median_terminal for r in rows])
    # The rows are in today's dollars only, whatever the toggle says.
    assert "today's dollars" in ax.get_title(loc="left")


@pytest.mark.parametrize("median", [0.0, 3.0, 40_000.0, 2_500_000.0, 13_000_000.0])
def test_a_zero_tenth_percentile_never_gives_repeated_tick_labels(median: float) -> None:
    rows = [dataclasses.replace(r, p10_terminal=0.0, median_terminal=median * (1 + r.crypto_share))
            for r in fake_sensitivity()]
    fig, ax = new_axes()
    plan = small_inputs(0.1).result.plan
    draw_sensitivity(ax, rows, plan)
    right = right_axis(fig, ax)
    labels = tick_labels(fig, right)
    assert len(labels) >= 3
    assert len(set(labels)) == len(labels), labels
    assert len(right.get_lines()) == 1 and right.get_lines()[0].get_label() == MEDIAN_LABEL
    left = tick_labels(fig, ax)
    assert len(set(left)) == len(left), left


def test_a_tiny_tenth_percentile_keeps_distinct_ticks() -> None:
    rows = [dataclasses.replace(r, p10_terminal=0.6 * k) for k, r in enumerate(fake_sensitivity())]
    fig, ax = new_axes()
    draw_sensitivity(ax, rows, small_inputs(0.1).result.plan)
    right = right_axis(fig, ax)
    labels = tick_labels(fig, right)
    assert line(right, P10_LABEL)
    assert len(set(labels)) == len(labels), labels


def test_the_plans_own_share_is_marked_on_the_accounts_that_hold_crypto() -> None:
    plan = small_inputs(0.1).result.plan
    held = crypto_targets(plan)
    assert [plan.accounts[i].name for i in held] == ["Kim 401(k)"]
    assert plan_crypto_share(plan) == pytest.approx(0.1)  # not 10% of all savings
    _, ax = new_axes()
    draw_sensitivity(ax, small_inputs(0.1).sensitivity, plan)
    mark = line(ax, "This plan (10%)")
    assert list(mark.get_xdata()) == pytest.approx([0.1, 0.1])
    assert ax.get_xlabel() == "Share of Kim 401(k) held in crypto (the account that holds it)"


def test_a_plan_without_crypto_says_every_account(many_paths: ChartInputs) -> None:
    plan = many_paths.result.plan
    plan = plan.with_changes(accounts=tuple(
        dataclasses.replace(a, allocation=dataclasses.replace(
            a.allocation, crypto=0.0, stocks=a.allocation.stocks + a.allocation.crypto))
        for a in plan.accounts))
    _, ax = new_axes()
    draw_sensitivity(ax, many_paths.sensitivity, plan)
    assert ax.get_xlabel() == "Share of every account held in crypto (this plan holds none)"
    # Its outlook setting is named, not called "this plan's" (no outlook applies to it).
    assert success_label(plan) != SUCCESS_LABEL
    assert line(ax, success_label(plan)).get_label() == (
        "Success, No premium outlook (left axis)")
    assert list(line(ax, "This plan (0%)").get_xdata()) == [0, 0]


def test_the_outlooks_are_marked_at_the_plans_share() -> None:
    inputs = small_inputs(0.1)
    table, plan = inputs.outlooks, inputs.result.plan
    assert table is not None
    x = outlook_share(plan, table)
    assert x == pytest.approx(0.1)  # the table's 8% of all savings is 10% of the 401(k)
    _, ax = new_axes()
    draw_sensitivity(ax, inputs.sensitivity, plan, outlooks=table)
    marks = line(ax, outlooks_label(x))
    assert list(marks.get_xdata()) == pytest.approx([x] * len(table.rows))
    assert list(marks.get_ydata()) == [r.with_crypto.success_rate for r in table.rows]
    base = table.without_crypto.success_rate
    reference = line(ax, f"{NO_CRYPTO_LABEL} ({fmt.pct(base)}, left axis)")
    assert list(reference.get_ydata()) == [base, base]
    written = texts(ax)
    for r in table.rows:
        own = " (this plan)" if r.is_plans else ""
        assert f"{r.label}{own}: {fmt.pct(r.with_crypto.success_rate)}" in written
    # The plan's own outlook is the curve's value at its share.
    mine = next(r for r in table.rows if r.is_plans)
    at = next(r for r in inputs.sensitivity or [] if r.crypto_share == pytest.approx(0.1))
    assert at.success_rate == mine.with_crypto.success_rate


def test_outlook_labels_do_not_overlap() -> None:
    fig, ax = new_axes()
    table = fake_outlooks()
    rows = [dataclasses.replace(r, with_crypto=dataclasses.replace(r.with_crypto,
                                                                    success_rate=0.9))
            for r in table.rows]  # every outlook at the same success rate
    draw_sensitivity(ax, fake_sensitivity(), small_inputs(0.0).result.plan,
                     outlooks=dataclasses.replace(table, rows=tuple(rows)))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    # The text of each annotation (its leader line may cross others' boxes).
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]
    assert len(boxes) == len(rows)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_hover_picks_the_nearest_share(many_paths: ChartInputs) -> None:
    rows = many_paths.sensitivity
    assert rows
    row = rows[2]
    text = hover_sensitivity(rows, row.crypto_share + 0.004, True)
    assert text == (f"Crypto {fmt.share(row.crypto_share)}: success {fmt.pct(row.success_rate)}, "
                    f"10th pct final {fmt.money_short(row.p10_terminal)}, median final "
                    f"{fmt.money_short(row.median_terminal)} (today's dollars)")
    assert hover_sensitivity(rows, 0.9, True) == ""
    assert hover_sensitivity(None, 0.05, True) == ""


def test_hover_at_the_outlooks_share_lists_them() -> None:
    inputs = small_inputs(0.1)
    assert inputs.outlooks is not None
    text = hover_sensitivity(inputs.sensitivity, 0.1, True, inputs.outlooks,
                             inputs.result.plan)
    for r in inputs.outlooks.rows:
        assert f"{r.label} {fmt.pct(r.with_crypto.success_rate)}" in text
    assert "without crypto" in text


def test_missing_rows_say_so(many_paths: ChartInputs) -> None:
    _, ax = new_axes()
    draw_sensitivity(ax, None, many_paths.result.plan)
    assert "not been computed" in texts(ax)

