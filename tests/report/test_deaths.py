"""The end of the plan is the last death: charts, verdict and key figures say so, also when
the ages at death are drawn for each path from the life table."""

from __future__ import annotations

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.balances import draw_balances
from planner.charts.fan import draw_fan
from planner.charts.income import draw_income
from planner.charts.taxes import draw_taxes
from planner.core.engine import project
from planner.core.model import AccountKind, Mortality
from planner.core.result import MIN_RUNNING, Result
from planner.report.figures import key_figures
from planner.report.verdict import verdict
from tests.core.plans import account, person, plan
from tests.report.artists import band, bars, line, new_axes
from tests.report.fakes import couple_result, fake_result
from tests.report.independent import estates_real, last_years, median_path


@pytest.fixture(scope="module")
def drawn() -> Result:
    return couple_result("monte-carlo", Mortality.LIFE_TABLE)


def test_single_path_charts_stop_at_the_typical_paths_last_death(drawn: Result) -> None:
    n = median_path(drawn)
    last_age = drawn.ages[0][int(last_years(drawn)[n])]
    assert last_age < drawn.ages[0][-1]  # this path ends before the longest one
    _, ax = new_axes()
    draw_income(ax, drawn)
    assert np.asarray(line(ax, "Spending goal").get_xdata())[-1] == last_age
    _, ax = new_axes()
    draw_taxes(ax, drawn)
    assert max(b.get_x() + b.get_width() / 2 for b in bars(ax, "State tax")) == last_age
    _, ax = new_axes()
    draw_balances(ax, drawn)
    assert ax.get_xlim()[1] == last_age


def test_fan_covers_the_paths_still_running(drawn: Result) -> None:
    _, ax = new_axes()
    draw_fan(ax, drawn, True)
    ends = last_years(drawn)
    running = np.arange(drawn.n_years)[None, :] <= ends[:, None]
    kept = int(np.flatnonzero(running.mean(axis=0) >= MIN_RUNNING)[-1])
    median = line(ax, "Median")
    assert np.asarray(median.get_xdata())[-1] == drawn.ages[0][kept]
    total = drawn.balances.sum(axis=0) / drawn.price_index[:, 1:]
    for t in (0, kept // 2, kept):
        alive = total[running[:, t], t]
        assert np.asarray(median.get_ydata())[t] == pytest.approx(np.median(alive))
    x, lower, _ = band(ax, "10th\u201390th percentile")
    assert lower[kept] == pytest.approx(np.percentile(total[running[:, kept], kept], 10))
    assert len(x) == kept + 1


def test_verdict_and_key_figures_with_drawn_deaths(drawn: Result) -> None:
    v = verdict(drawn)
    assert v.headline.endswith("for both lives") or v.headline.startswith(("At risk",
                                                                           "Unlikely"))
    assert "until the last death in" in v.sentence
    assert "SSA 2023 period life table" in v.sentence
    figures = dict(key_figures(drawn))
    estate = figures["Estate at the last death (the year differs by path)"]
    assert estate == fmt.money(float(np.median(estates_real(drawn))))


def test_verdict_names_who_dies_last_and_the_estate_year() -> None:
    r = fake_result(n_paths=1, with_shortfall=False)
    v = verdict(r)
    assert v.headline == "Lasts to Sam's 92"  # Robin dies at 85; Sam lives to 92
    assert v.sentence.endswith("until Sam is 92.")
    figures = dict(key_figures(r))
    assert figures["Estate at the last death (2060)"] == fmt.money(float(estates_real(r)[0]))
    assert "Lifetime taxes (federal, state, payroll, penalties)" in figures
    couple = verdict(couple_result())
    assert couple.headline == "Lasts to Ari's 95"


def test_the_run_out_age_is_the_survivors_after_a_death() -> None:
    a = person(1956, 70, name="A", death_age=72)  # dies end of 2028
    b = person(1958, 68, name="B")
    p = plan((a, b), (account(AccountKind.TAXABLE, 300_000),), spending=60_000, taxes=False)
    r = project(p)
    idx = int(r.depletion_index[0])
    assert idx > 2  # money lasts past A's death
    assert r.depletion_name() == "B"
    assert r.summary.depletion_age == int(r.ages[1][idx])
    assert f"B turns {r.summary.depletion_age}" in verdict(r).sentence
