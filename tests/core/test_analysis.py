"""Goal-seek and crypto sensitivity: the answers sit exactly on the target's boundary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.core.analysis import (
    crypto_sensitivity,
    max_pre_retirement_spending,
    max_spending,
    with_crypto_share,
)
from planner.core.engine import project
from planner.core.model import Mode
from planner.core.storage import sample_plan

PATHS = 300


def test_crypto_share_keeps_the_other_proportions() -> None:
    plan = with_crypto_share(sample_plan(), 0.10, tuple(a.name for a in sample_plan().accounts))
    for acct in plan.accounts:
        a = acct.allocation
        assert sum(a.as_tuple()) == pytest.approx(1.0)
        assert a.crypto == 0.10
    # Work 401(k) was 75/20/0/5: without crypto 78.95/21.05, then scaled to 90%.
    work = plan.accounts[0].allocation
    assert work.stocks / work.bonds == pytest.approx(0.75 / 0.20)


def test_sensitivity_rows_match_direct_runs() -> None:
    plan = sample_plan()
    rows = crypto_sensitivity(plan, (0.0, 0.1), paths=PATHS, seed=4)
    assert [r.crypto_share for r in rows] == [0.0, 0.1]
    direct = project(with_crypto_share(plan, 0.1), mode=Mode.MONTE_CARLO, paths=PATHS, seed=4)
    assert rows[1].success_rate == direct.summary.success_rate
    assert rows[0].p10_terminal <= rows[0].median_terminal


def _success(plan, level: float) -> float:  # type: ignore[no-untyped-def]
    s = plan.spending
    ratio = level / s.annual
    phases = tuple(replace(ph, annual=ph.annual * ratio) for ph in s.phases)
    p = plan.with_changes(spending=replace(s, annual=level, phases=phases))
    return project(p, mode=Mode.MONTE_CARLO, paths=PATHS, seed=5).summary.success_rate


def test_max_spending_sits_on_the_boundary() -> None:
    plan = sample_plan()
    level = max_spending(plan, 0.8, paths=PATHS, seed=5)
    assert level is not None
    assert _success(plan, level) >= 0.8
    assert _success(plan, level + 100) < 0.8


def test_max_pre_retirement_spending_sits_on_the_boundary() -> None:
    plan = sample_plan()
    level = max_pre_retirement_spending(plan, 0.9, paths=PATHS, seed=5)
    assert level is not None and 0 < level < plan.people[0].salary

    def success(spend: float) -> float:
        p = plan.with_changes(spending=replace(plan.spending, pre_retirement_annual=spend))
        return project(p, mode=Mode.MONTE_CARLO, paths=PATHS, seed=5).summary.success_rate

    assert success(level) >= 0.9 > success(level + 100)


def test_no_pre_retirement_spending_for_a_retired_household() -> None:
    plan = sample_plan()
    retired = replace(plan.people[0], birth_year=1956, retirement_age=70)
    assert max_pre_retirement_spending(plan.with_changes(people=(retired,)), 0.9,
                                       paths=PATHS) is None


def test_worst_historical_case_is_the_lowest_window() -> None:
    from planner.core.analysis import worst_historical_case

    plan = sample_plan()
    case = worst_historical_case(plan)
    r = project(plan, mode=Mode.HISTORICAL)
    assert case.total_balance_real[-1] == pytest.approx(r.total_balance_real[:, -1].min())
    assert case.start_year in r.path_labels


def test_crypto_break_even_return_equalises_the_median_growth() -> None:
    from dataclasses import replace as dc_replace

    import numpy as np

    from planner.core.analysis import crypto_break_even_return, household_mix
    from planner.core.returns import median_growth

    plan = sample_plan()
    mean = crypto_break_even_return(plan, 0.05)
    assert mean is not None and mean > plan.assumptions.stocks.expected_return
    a = plan.assumptions
    from planner.core.outlooks import median_for_mean

    at = plan.with_changes(assumptions=dc_replace(a, crypto=dc_replace(
        a.crypto, median=median_for_mean(mean, a.crypto))))
    mix = household_mix(plan)
    plain = np.append(mix[:3] / mix[:3].sum(), 0.0)
    sleeve = np.append(plain[:3] * 0.95, 0.05)
    g = median_growth(at, np.array([plain, sleeve]))
    assert g[0] == pytest.approx(g[1], abs=1e-9)
    # A bigger sleeve needs a bigger return to pay for its volatility.
    bigger = crypto_break_even_return(plan, 0.2)
    assert bigger is not None and bigger > mean
