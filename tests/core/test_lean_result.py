"""A lean Result (a run of many paths keeps every path's distribution figures and one path's
detail on request) against the full Result of the same run: the same figures to the last
bit, and each path's detail, run again, the same as the full run's.

The engine goes lean from ``engine.LEAN_FROM`` paths; here that is lowered so that a few
hundred paths (and chunks of 64) exercise it quickly, and raised to get the full Result.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from planner.charts.balances import balance_series
from planner.charts.health import health_by_kind
from planner.charts.income import income_series
from planner.charts.taxes import tax_by_kind
from planner.cli import result_json
from planner.core import engine
from planner.core.model import Mode, Mortality, Plan, Strategy
from planner.core.outcomes import spending_range
from planner.core.result import KEPT_FLOWS, LIFETIME_FLOWS, SEEN_FLOWS, Result
from planner.core.storage import load_plan, sample_plan
from planner.report.health_page import has_health, lifetime_health_rows
from planner.report.tax_page import lifetime_rows, year_rows

PLANS = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "plans"


def _couple() -> Plan:
    return load_plan(PLANS / "couple_58_55.json")


def _life_table(plan: Plan) -> Plan:
    return plan.with_changes(simulation=replace(plan.simulation, mortality=Mortality.LIFE_TABLE))


def _guardrails(plan: Plan) -> Plan:
    """A withdrawal strategy: the spending planned differs from the household's target."""
    return plan.with_changes(spending=replace(plan.spending, strategy=Strategy.GUARDRAILS))


PLAN_CASES: dict[str, Callable[[], Plan]] = {
    "sample": sample_plan,
    "couple": _couple,
    # fill-bracket conversions: its paths depend on each other, one path's detail needs all
    "heavy_couple": lambda: load_plan(PLANS / "heavy_couple.json"),
    "life_table_couple": lambda: _life_table(_couple()),
    "guardrails": lambda: _guardrails(sample_plan()),
    "classic": lambda: load_plan(PLANS / "classic_historical.json"),  # the plain year
}


def _run(plan: Plan, lean: bool, monkeypatch: pytest.MonkeyPatch, paths: int = 300,
         seed: int = 41) -> Result:
    monkeypatch.setattr(engine, "LEAN_FROM", 100 if lean else sys.maxsize)
    monkeypatch.setattr(engine, "CHUNK_PATHS", 64)  # several chunks: lean views of chunks
    return engine.project(plan, Mode.MONTE_CARLO, paths=paths, seed=seed)


@pytest.fixture(scope="module", params=sorted(PLAN_CASES))
def pair(request: pytest.FixtureRequest) -> tuple[Result, Result]:
    with pytest.MonkeyPatch.context() as mp:
        plan = PLAN_CASES[request.param]()
        return _run(plan, True, mp), _run(plan, False, mp)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the last bit, NaN (a year nobody reaches) where the other has NaN."""
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))


def test_lean_keeps_every_paths_distribution_figures_bit_for_bit(
        pair: tuple[Result, Result]) -> None:
    lean, full = pair
    assert lean.lean and not full.lean
    assert _same(lean.total_balance, full.total_balance)
    assert _same(lean.total_balance_real, full.total_balance_real)
    for key in (*KEPT_FLOWS, "spending_delivered"):
        assert _same(lean.flows[key], full.flows[key]), key
    for key in LIFETIME_FLOWS:
        assert _same(lean.lifetime_real(key), full.lifetime_real(key)), key
    assert _same(lean.lifetime_taxes_nominal(), full.lifetime_taxes_nominal())
    assert _same(lean.estate_real, full.estate_real)
    assert _same(lean.deferred_tax_real, full.deferred_tax_real)
    assert _same(lean.price_index, full.price_index)
    assert lean.summary == full.summary
    assert lean.notes == full.notes
    assert lean.median_path() == full.median_path()
    assert [lean.flow_seen(k) for k in SEEN_FLOWS] == [full.flow_seen(k) for k in SEEN_FLOWS]
    lean_range, full_range = spending_range(lean), spending_range(full)
    assert (lean_range is None) == (full_range is None)
    if lean_range is not None and full_range is not None:
        assert _same(lean_range.p10, full_range.p10) and _same(lean_range.goal, full_range.goal)


def test_a_lean_paths_detail_run_again_is_the_full_runs(pair: tuple[Result, Result]) -> None:
    lean, full = pair
    for n in sorted({0, 63, 64, 150, full.n_paths - 1, full.median_path()}):
        a, b = lean.path(n), full.path(n)
        assert a.n_paths == b.n_paths == 1
        for name in ("balances", "account_contributions", "account_withdrawals",
                     "price_index", "death_t"):
            assert _same(getattr(a, name), getattr(b, name)), (n, name)
        for key in b.flows:
            assert _same(a.flows[key], b.flows[key]), (n, key)
        assert a.path_labels == b.path_labels and a.notes == full.notes
    assert lean.year_table().equals(full.year_table())
    assert lean.year_table(real=True).equals(full.year_table(real=True))


def test_what_the_views_show_of_the_typical_path_is_the_same(
        pair: tuple[Result, Result]) -> None:
    """The charts' and report tables' data, and the CLI's whole JSON, from either Result."""
    lean, full = pair
    n = full.median_path()
    assert _same(balance_series(lean)[1], balance_series(full)[1])
    for kind_of in (tax_by_kind, health_by_kind):
        a, b = kind_of(lean, n, True), kind_of(full, n, True)
        assert a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    a_income, b_income = income_series(lean), income_series(full)
    assert all(_same(a_income.sources[k], b_income.sources[k]) for k in b_income.sources)
    assert lifetime_rows(lean) == lifetime_rows(full)
    assert year_rows(lean) == year_rows(full)
    assert has_health(lean) == has_health(full)
    if has_health(full):
        assert lifetime_health_rows(lean) == lifetime_health_rows(full)
    assert result_json(lean) == result_json(full)


def test_a_lean_result_holds_a_few_arrays_per_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of it: a handful of [N, T] arrays, not the fifty-odd of every flow and
    account (2 GB at 100,000 paths x 60 years)."""
    lean = _run(sample_plan(), True, monkeypatch, paths=1000)
    full = _run(sample_plan(), False, monkeypatch, paths=1000)
    row = lean.n_paths * lean.n_years * 8  # bytes of one [N, T] array

    def held(r: Result) -> int:
        arrays = [r.balances, r.account_contributions, r.account_withdrawals, r.price_index]
        stored = r.flows._data if hasattr(r.flows, "_data") else dict(r.flows)
        arrays += [v for v in stored.values() if v.strides != (0, 0)]
        if r.per_path is not None:
            arrays.append(r.per_path.total_balance)
        seen: set[int] = set()
        total = 0
        for a in arrays:
            base = a if a.base is None else a.base
            if id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes
        return total

    assert held(lean) <= 5 * row  # total balance, prices, spending planned and shortfall
    assert held(full) >= 30 * row


def test_a_lean_result_says_where_the_detail_is(monkeypatch: pytest.MonkeyPatch) -> None:
    lean = _run(sample_plan(), True, monkeypatch)
    assert lean.balances.shape[1] == 0
    with pytest.raises(KeyError, match="Result.path"):
        lean.flows["salary"]
    with pytest.raises(KeyError, match="many paths"):
        lean.lifetime_real("salary")
    with pytest.raises(IndexError):
        lean.path(lean.n_paths)
    runs: list[int] = []
    real = lean.rerun
    assert real is not None
    lean.rerun = lambda n: runs.append(n) or real(n)  # type: ignore[func-returns-value]
    assert lean.path(7) is lean.path(7)  # run again once, then kept
    assert runs == [7]
