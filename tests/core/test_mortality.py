"""Ages at death drawn from the SSA 2023 period life table (resources/data)."""

from __future__ import annotations

import csv
from dataclasses import replace

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import AccountKind, Mode, Mortality, Sex, Simulation
from planner.core.mortality import death_probabilities, drawn_deaths, life_expectancy
from planner.resources import resource_path
from tests.core.plans import account, person, plan

K = AccountKind


def _table() -> list[dict[str, str]]:
    with open(resource_path("data", "ssa_period_life_table.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_table_is_the_published_one() -> None:
    rows = _table()
    assert len(rows) == 120 and rows[0]["age"] == "0" and rows[-1]["age"] == "119"
    # Spot values of the 2023 period table (SSA, 2026 Trustees Report).
    assert float(rows[65]["male_ex"]) == pytest.approx(18.12)
    assert float(rows[65]["female_ex"]) == pytest.approx(20.66)


@pytest.mark.parametrize("sex", [Sex.MALE, Sex.FEMALE])
@pytest.mark.parametrize("age", [40, 65, 80])
def test_expected_age_at_death_agrees_with_the_tables_life_expectancy(sex: Sex,
                                                                      age: int) -> None:
    probs = death_probabilities(sex, age)
    assert probs.sum() == pytest.approx(1.0)
    # The table's e(x) is from exact age x; a person who reaches x during the plan's first
    # year is x - 1/2 on average then, and is counted at the age reached in the year of
    # death: within a year of x + e(x).
    ex = float(_table()[age][f"{sex.value}_ex"])
    assert abs(life_expectancy(sex, age) - (age + ex)) < 1.0


def _household(mortality: Mortality, death_b: int | None = None) -> object:
    a = person(1961, 65, name="A", sex=Sex.MALE)
    b = person(1963, 63, name="B", sex=Sex.FEMALE, death_age=death_b)
    return plan((a, b), (account(K.TAXABLE, 1_500_000),), spending=70_000, returns=0.04,
                inflation=0.02, simulation=Simulation(mortality=mortality))


def test_drawn_deaths_average_to_the_life_expectancy() -> None:
    p = _household(Mortality.LIFE_TABLE)
    deaths = drawn_deaths(p, 20_000, seed=11)  # type: ignore[arg-type]
    ages = deaths.ages(p)  # type: ignore[arg-type]
    assert ages[0].mean() == pytest.approx(life_expectancy(Sex.MALE, 65), abs=0.25)
    assert ages[1].mean() == pytest.approx(life_expectancy(Sex.FEMALE, 63), abs=0.25)
    assert ages.min() >= 63 and ages.max() <= 119
    again = drawn_deaths(p, 20_000, seed=11)  # type: ignore[arg-type]
    assert (again.death_t == deaths.death_t).all()


def test_a_fixed_death_age_overrides_the_table() -> None:
    p = _household(Mortality.LIFE_TABLE, death_b=75)
    deaths = drawn_deaths(p, 500, seed=3)  # type: ignore[arg-type]
    assert (deaths.ages(p)[1] == 75).all()  # type: ignore[arg-type]
    assert len(set(deaths.ages(p)[0])) > 10  # type: ignore[arg-type]


def test_life_table_monte_carlo_ends_each_path_at_its_last_death() -> None:
    p = _household(Mortality.LIFE_TABLE)
    r = project(p, mode=Mode.MONTE_CARLO, paths=400, seed=5)  # type: ignore[arg-type]
    assert r.deaths_drawn
    last = r.death_t.max(axis=0)
    assert (r.end_index == np.minimum(last, r.n_years - 1)).all()
    # Nothing happens after a path's end: no spending, no income, frozen balances.
    n = int(np.argmin(last))
    t = int(last[n])
    assert (r.flows["spending_planned"][n, t + 1:] == 0).all()
    assert (r.flows["social_security"][n, t + 1:] == 0).all()
    assert (r.balances[:, n, t + 1:] == r.balances[:, n, t:t + 1]).all()
    assert r.summary.terminal_balance == pytest.approx(np.median(r.estate_real))
    assert any("life table" in note for note in r.notes)


def test_mortality_does_not_change_the_market_draws() -> None:
    fixed = _household(Mortality.FIXED)
    drawn = _household(Mortality.LIFE_TABLE)
    a = project(fixed, mode=Mode.MONTE_CARLO, paths=50, seed=9)  # type: ignore[arg-type]
    b = project(drawn, mode=Mode.MONTE_CARLO, paths=50, seed=9)  # type: ignore[arg-type]
    np.testing.assert_array_equal(a.price_index[:, :20], b.price_index[:, :20])


def test_expected_and_historical_runs_use_the_fixed_ages() -> None:
    p = _household(Mortality.LIFE_TABLE)
    r = project(p, mode=Mode.EXPECTED)  # type: ignore[arg-type]
    assert not r.deaths_drawn
    assert int(r.years[-1]) == p.end_year  # type: ignore[attr-defined]
    h = project(replace(p, simulation=replace(p.simulation, mortality=Mortality.FIXED)),  # type: ignore
                mode=Mode.HISTORICAL)
    assert (h.death_ages()[:, 0] == [95, 95]).all()
