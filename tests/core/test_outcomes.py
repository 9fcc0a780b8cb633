"""Historical start years, delivered-spending ranges and goal-seek of the retirement age."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core.analysis import earliest_retirement
from planner.core.engine import project
from planner.core.model import Allocation, Mode, Strategy
from planner.core.outcomes import BELOW_GOAL, spending_range, start_years
from planner.core.storage import sample_plan
from planner.outcome_text import start_year_outcome


def _no_crypto(p):  # type: ignore[no-untyped-def]
    accounts = tuple(replace(a, allocation=Allocation(0.6, 0.4, 0.0, 0.0)) for a in p.accounts)
    return p.with_changes(accounts=accounts)


def test_every_start_year_once_with_what_happened() -> None:
    p = _no_crypto(sample_plan())
    r = project(p, mode=Mode.HISTORICAL)
    rows = start_years(r)
    assert [row.start_year for row in rows] == [int(x) for x in r.path_labels]
    ages = r.depletion_ages()
    for n, row in enumerate(rows):
        assert row.runs == 1
        assert row.lasted == (0.0 if r.failed[n] else 1.0)
        assert row.ran_out_age == (int(ages[n]) if r.failed[n] else None)
        assert start_year_outcome(row) == ("lasted" if not r.failed[n]
                                           else f"ran out at {ages[n]}")
        # The lowest end-of-year total from the retirement year (2051) to the end.
        first = p.retirement_year - 2026
        assert row.lowest_balance == pytest.approx(r.total_balance_real[n, first:].min())
        assert row.final_balance == pytest.approx(r.estate_real[n])
    assert start_years(project(p, paths=20)) == []  # Monte Carlo has no start years


def test_start_years_with_bitcoin_alignments_count_them() -> None:
    r = project(sample_plan(), mode=Mode.HISTORICAL)  # the sample holds 5% crypto
    rows = start_years(r)
    assert len(rows) * rows[0].runs == r.n_paths and rows[0].runs == 11
    failed = sum(round((1 - row.lasted) * row.runs) for row in rows)
    assert failed == int(r.failed.sum())


def test_a_plan_that_always_funds_its_goal_delivers_it() -> None:
    p = sample_plan()
    p = p.with_changes(accounts=tuple(replace(a, balance=a.balance * 20) for a in p.accounts))
    r = project(p, paths=100)
    s = spending_range(r)
    assert s is not None and not s.is_strategy
    assert s.share_below_goal == 0 and s.paths_below_goal == 0
    first = s.first_retired
    assert first == p.retirement_year - 2026
    assert s.p10[first:] == pytest.approx(s.goal[first:])
    assert np.isnan(s.p50[:first]).all()  # nothing before retirement
    # The sample's planned cut at 80 ($60,000 to $52,000) is not a fall below the goal.
    assert s.lowest_p10 == pytest.approx(52_000) and s.lowest_share_p10 == pytest.approx(1.0)


def test_guardrails_years_below_the_goal_are_counted() -> None:
    p = sample_plan()
    p = p.with_changes(spending=replace(p.spending, strategy=Strategy.GUARDRAILS))
    r = project(p, paths=200)
    s = spending_range(r)
    assert s is not None and s.is_strategy
    first = s.first_retired
    delivered = r.real_flow("spending_delivered")[:, first:]
    goal = r.real_flow("spending_target")[:, first:]
    below = delivered < BELOW_GOAL * goal
    assert s.share_below_goal == pytest.approx(below.mean())
    assert 0 < s.share_below_goal < 1
    assert s.lowest_p10 == pytest.approx(np.percentile(delivered, 10, axis=0).min())


def test_earliest_retirement_is_the_first_age_that_reaches_the_target() -> None:
    p = sample_plan()
    answer = earliest_retirement(p, 0.8, paths=200)
    assert answer is not None
    age = answer.ages[0]
    assert answer.success_rate >= 0.8

    def success(at: int) -> float:
        alex = replace(p.people[0], retirement_age=at)
        return project(p.with_changes(people=(alex,)), paths=200).summary.success_rate

    assert success(age) == answer.success_rate
    assert success(age - 1) < 0.8
    assert answer.shift == age - p.people[0].retirement_age


def test_goal_seeking_stops_at_the_next_projection_when_cancelled() -> None:
    from planner.core.engine import Cancelled
    from planner.core.goals import seek

    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 3  # three projections, then stop inside the first search

    with pytest.raises(Cancelled):
        seek(sample_plan(), 0.8, paths=50, cancel=cancel)
    assert len(asked) == 4
