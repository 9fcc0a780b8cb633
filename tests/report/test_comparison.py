"""Scenario comparison: the chart's medians and the table's differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.comparison import draw_comparison, hover_comparison
from planner.core.result import Result
from planner.report.comparison import (
    DEFERRED_ROW,
    LEGACY_ROW,
    RUNS_OUT_ROW,
    comparison_table,
    comparison_text,
)
from planner.report.figures import key_figures
from planner.report.verdict import depletion_text, failure_share_text
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
    assert sa.failed_age is not None and sb.failed_age is None
    assert text.at[RUNS_OUT_ROW, "Fake"] == str(sa.failed_age)
    assert text.at[RUNS_OUT_ROW, "One path"] == "never"
    assert text.at[RUNS_OUT_ROW, "One path vs Fake"] == "no path runs out"
    numbers = comparison_table([a, b], ["Fake", "One path"])
    assert math.isnan(numbers.at[RUNS_OUT_ROW, "One path"])


def minority_failing() -> Result:
    """Five paths of which two run out: 60% success, so the median path lasts."""
    result = fake_result(n_paths=5)
    short = result.flows["shortfall"]
    assert (short > 0.5).any(axis=1).all()  # every fake path runs out...
    short[:3] = 0.0  # ...until three are funded to the end
    return result


def test_a_plan_that_fails_on_some_paths_is_never_said_to_last() -> None:
    # Seen when the app was tried: "Savings run out at age: lasts" beside 57% success, and
    # "Savings: lasts to the end of the plan" under "At risk (74%)".
    result = minority_failing()
    s = result.summary
    assert s.success_rate == pytest.approx(0.6)
    assert s.depletion_age is None  # the median path lasts...
    ages = result.depletion_ages()
    assert s.failed_age == int(np.median(ages[ages >= 0]))  # ...but two paths do not
    text = comparison_text([result, result], ["A", "B"])
    assert text.at[RUNS_OUT_ROW, "A"] == str(s.failed_age)
    assert "last" not in " ".join(text.loc[RUNS_OUT_ROW])
    words = depletion_text(result)
    assert words == f"runs out in 40% of paths (at a median age of {s.failed_age})"
    assert dict(key_figures(result))["Savings"] == words


def test_failing_shares_that_round_to_zero_or_all_are_not_printed_so() -> None:
    assert failure_share_text(0.001) == "under 1%"
    assert failure_share_text(0.999) == "over 99%"
    assert failure_share_text(0.26) == "26%"


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


def test_one_expected_path_prints_no_success_rate() -> None:
    # Seen: an expected-mode report said "Success rate (share of paths ...) 100%" beside a
    # worst historical start that runs out, while the plan's Monte Carlo figure was 68%.
    result = fake_result(n_paths=1, with_shortfall=False)
    figures = dict(key_figures(result))
    assert not any(label.startswith("Success rate") for label in figures)
    assert figures["Savings, with expected returns"] == "lasts to the end of the plan"
