"""Scenario comparison: the chart's medians and the table's differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner import format as fmt
from planner.charts import draw_comparison, hover_comparison
from planner.core.result import Result
from planner.report.comparison import (
    DEFERRED_ROW,
    LEGACY_ROW,
    comparison_table,
    comparison_text,
)
from tests.report.artists import line, new_axes
from tests.report.fakes import engine_result, fake_result


def scenarios() -> tuple[list[Result], list[str]]:
    return ([engine_result("monte-carlo"), engine_result("expected"),
             engine_result("historical")], ["Monte Carlo", "Expected", "History"])


@pytest.mark.parametrize("real", [True, False])
def test_each_scenario_median_and_band(real: bool) -> None:
    results, labels = scenarios()
    _, ax = new_axes()
    draw_comparison(ax, results, labels, real)
    birth = results[0].plan.people[0].birth_year
    for r, label in zip(results, labels, strict=True):
        total = r.balances.sum(axis=0)
        if real:
            total = total / r.price_index[:, 1:]
        drawn = line(ax, label)
        np.testing.assert_allclose(drawn.get_ydata(), np.median(total, axis=0), rtol=1e-12)
        np.testing.assert_array_equal(drawn.get_xdata(), r.years - birth)
    # Bands for the two many-path scenarios only; none for the expected path.
    assert len(ax.collections) == 2
    lower = ax.collections[0].get_paths()[0].vertices[:, 1].min()
    mc_total = results[0].balances.sum(axis=0) / (results[0].price_index[:, 1:] if real else 1)
    assert lower == pytest.approx(np.percentile(mc_total, 10, axis=0).min())


def test_hover_names_every_scenario() -> None:
    results, labels = scenarios()
    r = results[0]
    t = 30
    age = int(r.ages[0][t])
    text = hover_comparison(results, labels, age, True)
    assert text.startswith(f"Age {age} ({int(r.years[t])}): median ")
    for result, label in zip(results, labels, strict=True):
        assert f"{label} {fmt.money_short(np.median(result.total_balance_real[:, t]))}" in text


def test_table_differences_against_the_first() -> None:
    results, labels = scenarios()
    table = comparison_table(results, labels)
    assert list(table.columns) == [*labels, "Expected vs Monte Carlo", "History vs Monte Carlo"]
    first, second = results[0].summary, results[1].summary
    assert table.at["Success rate", "Monte Carlo"] == first.success_rate
    assert table.at["Success rate", "Expected vs Monte Carlo"] == pytest.approx(
        second.success_rate - first.success_rate)
    assert table.at["Estate at the last death", "Expected vs Monte Carlo"] == (
        pytest.approx(second.terminal_balance - first.terminal_balance))
    assert table.at["Lifetime taxes (incl. payroll)", "History vs Monte Carlo"] == pytest.approx(
        results[2].summary.lifetime_tax - first.lifetime_tax)
    assert table.at["Spending goal, first year of retirement", "Expected"] == pytest.approx(
        second.first_year_spending)
    assert table.at["Lifetime state income tax", "Expected"] == second.lifetime_state_tax
    assert table.at["Lifetime health care", "History vs Monte Carlo"] == pytest.approx(
        results[2].summary.lifetime_health - first.lifetime_health)


def test_text_table_uses_the_shared_formats() -> None:
    a, b = fake_result(), fake_result(n_paths=1, with_shortfall=False)
    text = comparison_text([a, b], ["Fake", "One path"])
    sa, sb = a.summary, b.summary
    assert text.at["Success rate", "Fake"] == fmt.pct(sa.success_rate)
    assert text.at["Success rate", "One path vs Fake"] == (
        f"{round((sb.success_rate - sa.success_rate) * 100):+d} pts")
    delta = sb.balance_at_retirement - sa.balance_at_retirement
    assert text.at["Balance at retirement", "One path vs Fake"] == fmt.money_delta(delta)
    assert fmt.money_delta(delta).startswith("+" if delta > 0 else "-")
    assert sa.depletion_age is not None and sb.depletion_age is None
    assert text.at["Savings run out at age", "Fake"] == str(sa.depletion_age)
    assert text.at["Savings run out at age", "One path"] == "lasts"
    assert text.at["Savings run out at age", "One path vs Fake"] == "lasts"
    numbers = comparison_table([a, b], ["Fake", "One path"])
    assert math.isnan(numbers.at["Savings run out at age", "One path"])


def test_bad_labels_are_refused() -> None:
    with pytest.raises(ValueError):
        comparison_table([fake_result()], ["a", "b"])
    with pytest.raises(ValueError):
        comparison_table([fake_result(), fake_result()], ["a", "a"])


def test_the_estate_after_heirs_tax_and_the_deferred_tax_have_rows() -> None:
    a, b = fake_result(), fake_result(n_paths=1, with_shortfall=False)
    numbers = comparison_table([a, b], ["Fake", "One path"])
    rows = list(numbers.index)
    assert rows.index(LEGACY_ROW) == rows.index("Estate at the last death") + 1
    assert rows.index(DEFERRED_ROW) == rows.index("Lifetime state income tax") + 1
    assert numbers.at[LEGACY_ROW, "Fake"] == a.summary.legacy_after_tax
    assert numbers.at[DEFERRED_ROW, "One path"] == b.summary.deferred_tax
    text = comparison_text([a, b], ["Fake", "One path"])
    assert text.at[LEGACY_ROW, "One path"] == fmt.money(b.summary.legacy_after_tax)
    assert text.at[LEGACY_ROW, "One path vs Fake"] == fmt.money_delta(
        b.summary.legacy_after_tax - a.summary.legacy_after_tax)
