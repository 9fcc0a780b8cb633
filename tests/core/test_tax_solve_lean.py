"""The lean tax solve gives, to the last bit, what the straightforward one gives.

- one merged bracket search (``LeanTable``) against ``Brackets.tax``, the plain binary
  search of each table, and ``income_tax`` against the three-search formula it replaced;
- a path's taxes depend on its own numbers only (the solver computes subsets of paths, a
  year's two filing statuses on their own paths, and caches per-year figures that subsets
  slice): the year's taxes on all paths equal those computed path by path;
- the withdrawal solver (subsets, and converged paths carried along until compacted) gives
  the same draws and taxes as its every-path form, which small runs use.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import cashflow
from planner.core.engine import project
from planner.core.model import ConversionMode, Mode, Mortality, Plan
from planner.core.rules import BASE_YEARS, STATUSES, TaxYear, load_rules
from planner.core.storage import load_plan, sample_plan
from planner.core.tax import LeanTable, TaxInputs, _at_or_below, income_tax, lean_table
from planner.core.year_tax import YearTax, YearTaxes

RULES = load_rules()
TABLES = [RULES.tax_year(year, status) for year in BASE_YEARS for status in STATUSES]


def _boundaries(table: TaxYear) -> np.ndarray:
    """Every bracket bottom of both tables, a cent either side, and the bottoms."""
    bottoms = np.union1d(table.ordinary.lower, table.capital_gains.lower)
    return np.concatenate([bottoms - 0.01, bottoms, bottoms + 0.01, np.nextafter(bottoms, -1)])


incomes = st.lists(st.floats(min_value=-1e5, max_value=5e6, allow_nan=False), min_size=1,
                   max_size=40)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: f"{t.year}")
def test_one_search_finds_the_bracket_of_both_tables_at_every_boundary(table: TaxYear) -> None:
    income = _boundaries(table)
    ordinary, gains = LeanTable(table.ordinary, table.capital_gains).ordinary_and_gains(income)
    assert np.array_equal(ordinary, table.ordinary.tax(income))
    assert np.array_equal(gains, table.capital_gains.tax(income))


@settings(max_examples=200, deadline=None)
@given(which=st.integers(0, len(TABLES) - 1), income=incomes)
def test_lean_bracket_tax_equals_the_plain_search(which: int, income: list[float]) -> None:
    table = TABLES[which]
    x = np.array(income)
    lean = lean_table(table)
    ordinary, gains_below = lean.ordinary_and_gains(x)
    assert np.array_equal(ordinary, table.ordinary.tax(x))
    assert np.array_equal(gains_below, table.capital_gains.tax(x))
    assert np.array_equal(lean.gains_tax(x), table.capital_gains.tax(x))


@settings(max_examples=200, deadline=None)
@given(bounds=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12, unique=True),
       income=incomes)
def test_counting_the_bounds_below_finds_what_a_binary_search_finds(
        bounds: list[float], income: list[float]) -> None:
    sorted_bounds = np.array(sorted(bounds))
    x = np.array(income + bounds)  # the bounds themselves too
    assert np.array_equal(_at_or_below(sorted_bounds, x),
                          np.searchsorted(sorted_bounds, x, side="right"))


def test_a_nan_income_is_taxed_nan_as_in_the_plain_search() -> None:
    table = TABLES[-1]
    x = np.array([np.nan, 1e9])
    ordinary, gains = lean_table(table).ordinary_and_gains(x)
    assert np.array_equal(ordinary, table.ordinary.tax(x), equal_nan=True)
    assert np.array_equal(gains, table.capital_gains.tax(x), equal_nan=True)


def test_the_prepared_table_is_built_once_per_table() -> None:
    assert lean_table(TABLES[0]) is lean_table(TABLES[0])
    assert lean_table(TABLES[0]) is not lean_table(TABLES[1])


def _straightforward(table: TaxYear, x: TaxInputs) -> tuple[np.ndarray, np.ndarray]:
    """(ordinary tax, gains tax) as income_tax computed them before: three searches."""
    res = income_tax(table, x)  # its deductions and taxable incomes (not the brackets)
    idx = np.asarray(x.index, dtype=float)
    ordinary = table.ordinary.tax(res.ordinary_taxable / idx) * idx
    stacked = (table.capital_gains.tax(res.taxable_income / idx)
               - table.capital_gains.tax(res.ordinary_taxable / idx))
    return ordinary, np.maximum(stacked, 0.0) * idx


money = st.floats(min_value=0, max_value=2e6, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(which=st.integers(0, len(TABLES) - 1), n=st.integers(1, 12), data=st.data())
def test_income_tax_equals_the_three_search_formula(which: int, n: int,
                                                    data: st.DataObject) -> None:
    table = TABLES[which]
    arrays = [np.array(data.draw(st.lists(money, min_size=n, max_size=n))) for _ in range(3)]
    x = TaxInputs(ordinary=arrays[0], gains=arrays[1], social_security=arrays[2] / 20,
                  seniors=np.array(data.draw(st.lists(st.integers(0, 2), min_size=n,
                                                      max_size=n))),
                  senior_deduction=data.draw(st.booleans()),
                  index=np.array(data.draw(st.lists(st.floats(0.5, 4.0), min_size=n,
                                                    max_size=n))))
    res = income_tax(table, x)
    ordinary, gains = _straightforward(table, x)
    assert np.array_equal(res.ordinary_tax, ordinary)
    assert np.array_equal(res.gains_tax, gains)
    assert np.array_equal(res.federal, ordinary + gains + res.niit)


def test_gains_stacked_on_ordinary_income_by_hand() -> None:
    # Single, 2026 table, no indexing: 40,000 of wages and 60,000 of long-term gains.
    single = RULES.tax_year(2026, "single")
    x = TaxInputs(ordinary=np.array([40_000.0]), gains=np.array([60_000.0]),
                  social_security=np.zeros(1), seniors=0, senior_deduction=False, index=1.0)
    res = income_tax(single, x)
    # Ordinary taxable = 40,000 - 16,100 = 23,900: 10% x 12,400 + 12% x 11,500 = 2,620.
    assert res.ordinary_tax[0] == pytest.approx(2_620)
    # Gains fill 23,900..83,900: 0% up to 49,450 (25,550), 15% on 34,450 = 5,167.50.
    assert res.gains_tax[0] == pytest.approx(5_167.50)


# ----- a path's tax is its own: subsets, both filing statuses, per-year caches

def _captured(plan: Plan, paths: int, monkeypatch: pytest.MonkeyPatch
              ) -> list[tuple[np.ndarray, np.ndarray, object, np.ndarray, YearTax, np.ndarray]]:
    """The withdrawal solver's inputs in every year of a run."""
    seen: list = []
    solve = cashflow._solve_withdrawals

    def keep(*args: object) -> tuple[np.ndarray, YearTaxes]:
        room, rmd, order, need, tax_of, tax_base = args
        seen.append((np.array(room), np.array(rmd), order, np.array(need), tax_of,
                     np.array(tax_base)))
        return solve(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cashflow, "_solve_withdrawals", keep)
    project(plan, Mode.MONTE_CARLO, paths=paths, seed=7)
    monkeypatch.undo()
    return seen


def _widowed_couple() -> Plan:
    """The benchmark couple (North Carolina's flat tax, six account types) with ages at
    death drawn, so that a year holds both filing statuses, and no conversions."""
    plan = load_plan(Path(__file__).resolve().parents[2] / "benchmarks" / "plans"
                     / "couple_58_55.json")
    return plan.with_changes(
        simulation=replace(plan.simulation, mortality=Mortality.LIFE_TABLE),
        taxes=replace(plan.taxes, roth_conversion=ConversionMode.NONE))


def _same(a: YearTaxes, b: YearTaxes) -> None:
    for f in fields(YearTaxes):
        assert np.array_equal(getattr(a, f.name), getattr(b, f.name)), f.name


@pytest.mark.parametrize("plan", [sample_plan(), _widowed_couple()], ids=["sample", "couple"])
def test_the_taxes_of_all_paths_equal_those_of_each_path_alone(
        plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    mixed = 0
    for room, rmd, order, need, tax_of, _ in _captured(plan, 300, monkeypatch)[::3]:
        assert tax_of.converting is None  # a conversion search steps its paths together
        amount = np.clip(need, 0, room.sum(axis=0))
        w = rmd + order.draw(room, amount)  # type: ignore[attr-defined]
        first = np.arange(0, 300, 3)
        # A subset taken before the year's cached figures exist, then the rest after them
        # (sliced from the year's).
        early = tax_of.subset(first)(w[:, first])
        whole = tax_of(w)
        _same(early, _pick(whole, first))
        for idx in (np.arange(1, 300, 3), np.arange(2, 300, 3), np.array([0]),
                    np.array([299])):
            _same(tax_of.subset(idx)(w[:, idx]), _pick(whole, idx))
        mixed += tax_of.filing.uniform is None
    if len(plan.people) == 2:
        assert mixed > 0  # both statuses in one year were exercised


def _pick(taxes: YearTaxes, idx: np.ndarray) -> YearTaxes:
    return YearTaxes(**{f.name: getattr(taxes, f.name)[idx] for f in fields(YearTaxes)})


def test_the_solver_on_subsets_equals_the_every_path_solver(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """2,500 paths go through the subset solver; the same years cut in five chunks of 500
    go through ``_solve_all``: draws and taxes must agree on every path, to the bit."""
    n = 2_500
    assert n >= cashflow.SUBSET_FROM > n // 5
    years = _captured(sample_plan(), n, monkeypatch)
    solved = 0
    for room, rmd, order, need, tax_of, tax_base in years:
        w, taxes = cashflow._solve_withdrawals(room, rmd, order, need,  # type: ignore[arg-type]
                                               tax_of, tax_base)
        for chunk in np.array_split(np.arange(n), 5):
            w_part, t_part = cashflow._solve_withdrawals(
                room[:, chunk], rmd[:, chunk], order.subset(chunk),  # type: ignore[attr-defined]
                need[chunk], tax_of.subset(chunk), tax_base[chunk])
            assert np.array_equal(w[:, chunk], w_part)
            _same(_pick(taxes, chunk), t_part)
        solved += 1
    assert solved == len(years) > 30
