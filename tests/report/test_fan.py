"""The fan chart: bands are year-by-year percentiles of the total balance over all paths."""

from __future__ import annotations

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.fan import draw_fan, hover_fan
from planner.charts.inputs import ChartInputs
from tests.report.artists import band, line, new_axes, texts
from tests.report.fakes import fake_result


def totals(inputs: ChartInputs, real: bool) -> np.ndarray:
    """[N, T] end-of-year totals straight from the arrays (not Result's helpers)."""
    r = inputs.result
    total = r.balances.sum(axis=0)
    return total / r.price_index[:, 1:] if real else total


@pytest.mark.parametrize("real", [True, False])
def test_bands_and_median_are_percentiles_of_the_total(many_paths: ChartInputs, real: bool
                                                       ) -> None:
    _, ax = new_axes()
    draw_fan(ax, many_paths.result, real, many_paths.worst_history)
    values = totals(many_paths, real)
    ages = many_paths.result.ages[0]
    for lo, hi in ((5, 95), (10, 90), (25, 75)):
        x, lower, upper = band(ax, f"{lo}th\u2013{hi}th percentile")
        np.testing.assert_array_equal(x, ages)
        np.testing.assert_allclose(lower, np.percentile(values, lo, axis=0), rtol=1e-12)
        np.testing.assert_allclose(upper, np.percentile(values, hi, axis=0), rtol=1e-12)
    median = line(ax, "Median")
    np.testing.assert_allclose(median.get_ydata(), np.median(values, axis=0), rtol=1e-12)
    assert fmt.dollars_kind(real) in ax.get_title(loc="left")


def test_worst_history_is_a_line_named_by_its_start_year(many_paths: ChartInputs) -> None:
    worst = many_paths.worst_history
    assert worst is not None
    _, ax = new_axes()
    draw_fan(ax, many_paths.result, True, worst)
    drawn = line(ax, f"Worst historical start ({worst.start_year})")
    np.testing.assert_allclose(drawn.get_ydata(), worst.total_balance_real, rtol=1e-12)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"Worst historical start ({worst.start_year})" in legend


def test_worst_history_in_future_dollars_uses_its_own_nominal_values(
    many_paths: ChartInputs,
) -> None:
    worst = many_paths.worst_history
    assert worst is not None and worst.total_balance_nominal is not None
    _, ax = new_axes()
    draw_fan(ax, many_paths.result, False, worst)
    (line,) = [ln for ln in ax.get_lines() if "Worst" in str(ln.get_label())]
    assert np.asarray(line.get_ydata(), float) == pytest.approx(worst.total_balance_nominal)


def test_one_path_draws_a_message_not_a_fan() -> None:
    _, ax = new_axes()
    draw_fan(ax, fake_result(n_paths=1), True)
    assert not ax.collections and not ax.get_lines()
    assert "Monte Carlo" in texts(ax)
    ax.figure.canvas.draw()


def test_hover_reads_the_percentiles_at_the_age(many_paths: ChartInputs) -> None:
    r, worst = many_paths.result, many_paths.worst_history
    assert worst is not None
    t = 20
    age, year = int(r.ages[0][t]), int(r.years[t])
    values = totals(many_paths, True)[:, t]
    text = hover_fan(r, age + 0.3, True, worst)
    assert text.startswith(f"Age {age} ({year}): ")
    assert f"median {fmt.money_short(np.median(values))}" in text
    assert f"10th pct {fmt.money_short(np.percentile(values, 10))}" in text
    assert f"90th pct {fmt.money_short(np.percentile(values, 90))}" in text
    assert (f"worst history ({worst.start_year}) "
            f"{fmt.money_short(worst.total_balance_real[t])}") in text
    nominal = hover_fan(r, age, False, worst)
    assert fmt.money_short(np.median(totals(many_paths, False)[:, t])) in nominal
    assert worst.total_balance_nominal is not None
    assert fmt.money_short(worst.total_balance_nominal[t]) in nominal
    assert hover_fan(r, float(r.ages[0][0]) - 5, True) == ""
    assert hover_fan(r, None, True) == ""
