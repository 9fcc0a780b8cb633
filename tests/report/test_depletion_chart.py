"""When savings run out: one bar per age, the share of all paths first failing at that age."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.depletion import draw_depletion, hover_depletion
from planner.core.result import Result
from tests.report.artists import bars, new_axes, texts
from tests.report.fakes import engine_result, fake_result

LABEL = "Share of all paths that first fall short at this age"


def first_short_ages(r: Result) -> np.ndarray:
    """Independently of Result.depletion_ages: the age in each failing path's first short year."""
    out = []
    for n in range(r.n_paths):
        short = np.flatnonzero(r.flows["shortfall"][n] > 0.5)
        if short.size:
            out.append(int(r.ages[0][short[0]]))
    return np.array(out, dtype=int)


def with_failures(r: Result, ages: list[int]) -> Result:
    """A copy whose paths fall short first at the given ages (one path per age)."""
    shortfall = np.zeros((len(ages), r.n_years))
    for n, age in enumerate(ages):
        shortfall[n, np.flatnonzero(r.ages[0] >= age)] = 1000.0
    pick = [n % r.n_paths for n in range(len(ages))]
    flows = {k: v[pick] for k, v in r.flows.items()}
    flows["shortfall"] = shortfall
    return dataclasses.replace(r, flows=flows, balances=r.balances[:, pick],
                               account_withdrawals=r.account_withdrawals[:, pick],
                               account_contributions=r.account_contributions[:, pick],
                               price_index=r.price_index[pick], _cache={})


def test_bars_count_the_failing_paths_per_age() -> None:
    r = engine_result("monte-carlo")
    failed = first_short_ages(r)
    assert failed.size > 0, "the sample plan fails in some Monte Carlo paths"
    _, ax = new_axes()
    draw_depletion(ax, r, True)
    drawn = {round(b.get_x() + b.get_width() / 2): b.get_height() for b in bars(ax, LABEL)}
    ages, counts = np.unique(failed, return_counts=True)
    for age, k in zip(ages, counts, strict=True):
        assert drawn[int(age)] == k / r.n_paths
    assert sum(drawn.values()) == pytest.approx(len(failed) / r.n_paths, rel=1e-12)
    never = 1 - len(failed) / r.n_paths
    assert f"{fmt.pct(never)} of {fmt.count(r.n_paths)} paths never do" in ax.get_title(loc="left")


def test_hand_made_failures_and_hover() -> None:
    r = with_failures(fake_result(n_paths=5), [70, 70, 75, 90, 200])  # the last never fails
    _, ax = new_axes()
    draw_depletion(ax, r, False)
    drawn = {round(b.get_x() + b.get_width() / 2): b.get_height() for b in bars(ax, LABEL)}
    # The first person dies at 85: a failure in the year they would be 90 is counted at
    # the survivor's age that year.
    later = int(np.flatnonzero(r.ages[0] == 90)[0])
    assert r.death_t[0, 3] < later
    survivor_age = int(r.ages[1][later])
    assert drawn[70] == 2 / 5 and drawn[75] == 1 / 5 and drawn[survivor_age] == 1 / 5
    assert drawn[71] == 0
    assert "20% of 5 paths never do" in ax.get_title(loc="left")
    assert hover_depletion(r, 70.2) == "Age 70: 2 of 5 paths (40.0%) first fall short"
    assert hover_depletion(r, 71) == "Age 71: 0 of 5 paths (0.0%) first fall short"
    assert hover_depletion(r, 60) == ""


def test_no_failures_and_one_path_say_so() -> None:
    _, ax = new_axes()
    r = with_failures(fake_result(n_paths=3), [300, 300, 300])
    draw_depletion(ax, r, True)
    assert "all 3 paths" in texts(ax)
    _, ax = new_axes()
    draw_depletion(ax, fake_result(n_paths=1), True)
    assert "Monte Carlo" in texts(ax)
    assert hover_depletion(fake_result(n_paths=1), 70) == ""
