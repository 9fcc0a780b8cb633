"""Crypto sensitivity: success rate on the left axis, 10th-percentile final balance on the
right, the plan's own share marked."""

from __future__ import annotations

import numpy as np
import pytest

from planner import format as fmt
from planner.charts import draw_sensitivity, hover_sensitivity
from planner.charts.inputs import ChartInputs
from planner.charts.sensitivity import P10_LABEL, plan_crypto_share
from tests.report.artists import line, new_axes, texts


def test_two_axes_hold_success_and_the_tenth_percentile(many_paths: ChartInputs) -> None:
    rows = many_paths.sensitivity
    assert rows
    fig, ax = new_axes()
    draw_sensitivity(ax, rows, many_paths.result.plan, real=False)
    success = line(ax, "Success rate (left axis)")
    np.testing.assert_array_equal(success.get_xdata(), [r.crypto_share for r in rows])
    np.testing.assert_array_equal(success.get_ydata(), [r.success_rate for r in rows])
    right = [a for a in fig.axes if a is not ax]
    assert len(right) == 1, "a twin axis on the right"
    p10 = line(right[0], P10_LABEL)
    np.testing.assert_array_equal(p10.get_ydata(), [r.p10_terminal for r in rows])
    # The rows are in today's dollars only, whatever the toggle says.
    assert "today's dollars" in ax.get_title(loc="left")


def test_the_plans_own_share_is_marked(many_paths: ChartInputs) -> None:
    plan = many_paths.result.plan
    balances = np.array([a.balance for a in plan.accounts])
    crypto = np.array([a.allocation.crypto for a in plan.accounts])
    share = float((balances * crypto).sum() / balances.sum())
    assert plan_crypto_share(plan) == pytest.approx(share)
    _, ax = new_axes()
    draw_sensitivity(ax, many_paths.sensitivity, plan)
    mark = line(ax, f"This plan ({fmt.share(round(share, 4))})")
    assert list(mark.get_xdata()) == pytest.approx([share, share])


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


def test_missing_rows_say_so(many_paths: ChartInputs) -> None:
    _, ax = new_axes()
    draw_sensitivity(ax, None, many_paths.result.plan)
    assert "not been computed" in texts(ax)
