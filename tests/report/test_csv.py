"""The CSV holds the year table: same rows and columns, money to the cent, and a cash flow
that sums in every row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.core.model import Mortality
from planner.core.result import FLOW_COLUMNS, Result
from planner.report.csv_export import write_csv
from tests.report.fakes import couple_result, fake_result
from tests.report.independent import last_years, median_path

CASH_FLOW = ["Income", "Taxes", "Your contributions", "Spending (incl. health care)",
             "Saved (+) / withdrawn (\u2212)"]
INCOME_KINDS = ["Salary", "Other wages", "Self-employment", "Pensions and annuities",
                "Rental income", "Tax-free income", "Money received", "Social Security"]
CENT = 0.005 + 1e-9


def test_csv_round_trips_through_pandas(any_result: Result, tmp_path: Path) -> None:
    for real in (False, True):
        path = write_csv(any_result, tmp_path / f"years-{real}.csv", real=real)
        back = pd.read_csv(path, comment="#")
        table = any_result.year_table(real=real)
        assert list(back.columns) == list(table.columns)
        # Independent of year_table: the median-estate path, to its last death.
        n = median_path(any_result)
        rows = int(last_years(any_result)[n]) + 1
        assert len(back) == rows
        np.testing.assert_array_equal(back["Year"], any_result.years[:rows])
        total = any_result.balances[:, n, :rows].sum(axis=0)
        if real:
            total = total / any_result.price_index[n, 1:rows + 1]
        np.testing.assert_allclose(back["Total balance"], total, atol=CENT)
        for _, label in FLOW_COLUMNS:
            np.testing.assert_allclose(back[label], table[label], atol=CENT)


def test_csv_money_is_rounded_to_cents(fake: Result, tmp_path: Path) -> None:
    text = write_csv(fake, tmp_path / "y.csv", real=True).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    decimals = [len(cell.split(".")[1]) for line in lines[1:]
                for cell in line.split(",") if "." in cell]
    assert decimals and max(decimals) <= 2
    assert lines[0].split(",")[:3] == ["Year", "Age Robin", "Age Sam"]


@pytest.mark.parametrize("real", [False, True])
def test_csv_says_which_plan_run_path_and_dollars(any_result: Result, tmp_path: Path,
                                                  real: bool) -> None:
    """Comment lines first, as the workbook's About sheet: the units and the path shown."""
    text = write_csv(any_result, tmp_path / "y.csv", real=real).read_text(encoding="utf-8")
    lines = text.splitlines()
    head = [line for line in lines if line.startswith("#")]
    assert head and lines[:len(head)] == head  # all at the top, before the column names
    about = dict(line[2:].split(": ", 1) for line in head)
    assert about["Plan"] == any_result.plan.name
    assert about["Dollars"] == ("today's dollars" if real else "future (nominal) dollars")
    r = any_result
    if r.n_paths == 1:
        assert about["Path shown"] == "the only path"
    else:
        n = median_path(r)  # independent of the writer
        which = (f"the typical run: the window starting in {r.path_labels[n]} of "
                 if r.mode == "historical" else f"the typical path: no. {n + 1:,} of "
                 f"{r.n_paths:,} paths")
        assert about["Path shown"].startswith(which), about["Path shown"]
        assert "the one with the median estate" in about["Path shown"]
    if r.mode == "monte-carlo":
        assert f"{r.n_paths:,} simulated paths" in about["Projection"]
    # A spreadsheet reader that skips comments gets the plain table.
    assert list(pd.read_csv(tmp_path / "y.csv", comment="#").columns) == list(
        r.year_table(real=real).columns)


def check_cash_flow(back: pd.DataFrame) -> None:
    """income - taxes - contributions - spending = saved (+) or withdrawn (-), each row to
    a few cents (each value was rounded to the cent); income is the sum of its kinds, taxes
    the sum of theirs, health care its premiums less the credit plus IRMAA and out-of-pocket
    costs, and spending the goal plus health care less the shortfall (plus any surplus
    spent)."""
    income, taxes, contributions, spending, net = (back[c].to_numpy() for c in CASH_FLOW)
    np.testing.assert_allclose(income - taxes - contributions - spending, net, atol=0.03)
    np.testing.assert_allclose(income, back[INCOME_KINDS].sum(axis=1), atol=0.05)
    paid = back[["Federal tax", "State tax", "Payroll tax", "Early-withdrawal penalty"]]
    np.testing.assert_allclose(taxes, paid.sum(axis=1), atol=0.03)
    np.testing.assert_allclose(net, back["Saved"] - back["Withdrawals"], atol=0.02)
    health = (back["Marketplace premium"] - back["Premium tax credit"]
              + back["Medicare Part B and D"] + back["Medicare IRMAA (B and D)"]
              + back["Out-of-pocket medical"])
    np.testing.assert_allclose(back["Health care"], health, atol=0.03)
    goal = (back["Spending goal"] + back["Health care"] - back["Shortfall"]
            + back["Surplus spent (no taxable account)"])
    np.testing.assert_allclose(spending, goal, atol=0.03)


@pytest.mark.parametrize("real", [False, True])
def test_cash_flow_columns_sum_in_every_row(any_result: Result, tmp_path: Path,
                                            real: bool) -> None:
    back = pd.read_csv(write_csv(any_result, tmp_path / "y.csv", real=real), comment="#")
    columns = list(back.columns)
    at = columns.index("Total balance") + 1
    assert columns[at:at + 5] == CASH_FLOW
    check_cash_flow(back)


def test_couple_csv_holds_every_kind_of_income(tmp_path: Path) -> None:
    """Hand-worked values of the couple plan, in today's dollars: streams in today's dollars
    rising with inflation stay level; Ari's consulting pays self-employment tax on 92.35%
    of $15,000 at 15.3% (no wages that year)."""
    back = pd.read_csv(write_csv(couple_result(), tmp_path / "c.csv", real=True), comment="#")
    check_cash_flow(back)
    year = back.set_index("Year")
    assert year.index[-1] == 2068  # Ari's horizon: the last death
    assert (year["Rental income"] == 9_000).all()  # 100% to the survivor after 2041
    np.testing.assert_allclose(year.loc[2030:2033, "Other wages"], 30_000)
    assert year.loc[2034:2038, "Self-employment"].tolist() == [15_000] * 5
    assert year.loc[2034, "Payroll tax"] == pytest.approx(15_000 * 0.9235 * 0.153, abs=0.01)
    received = year["Money received"]
    assert received[received > 0].to_dict() == {2031: 100_000, 2036: 40_000, 2045: 250_000}
    # Sam dies at the end of 2041: his bridge job and benefit stop, the spending drops 25%.
    assert year.loc[2042:, "Tax-free income"].eq(0).all()
    assert year.loc[2041, "Spending goal"] == pytest.approx(90_000)
    assert year.loc[2042, "Spending goal"] == pytest.approx(67_500)


def test_paths_that_end_early_stop_their_rows(tmp_path: Path) -> None:
    """Ages at death drawn: the CSV of the typical path ends with that path's last death."""
    r = couple_result("monte-carlo", Mortality.LIFE_TABLE)
    assert len(set(last_years(r).tolist())) > 1  # the paths do end in different years
    back = pd.read_csv(write_csv(r, tmp_path / "drawn.csv", real=True), comment="#")
    assert len(back) == int(last_years(r)[median_path(r)]) + 1
    check_cash_flow(back)


def test_accounts_named_like_columns_never_overwrite_them(tmp_path: Path) -> None:
    """Accounts named "Year", "Total balance" or "Taxes" overwrote those columns."""
    r = fake_result()
    r = dataclasses.replace(r, account_names=("Year", "Total balance", "Taxes"))
    assert r.account_columns() == ["Year (account)", "Total balance (account)",
                                   "Taxes (account)"]
    table = r.year_table()
    assert table.columns.is_unique
    np.testing.assert_array_equal(table["Year"], r.years)
    n = r.median_path()
    for a, column in enumerate(r.account_columns()):
        np.testing.assert_allclose(table[column], r.balances[a, n, :len(table)])
    np.testing.assert_allclose(table["Total balance"], r.total_balance[n, :len(table)])
    back = pd.read_csv(write_csv(r, tmp_path / "t.csv"), comment="#")
    assert list(back.columns) == list(table.columns)
    np.testing.assert_array_equal(back["Year"], r.years[:len(back)])


def test_an_account_named_like_another_accounts_column_gets_its_own() -> None:
    r = dataclasses.replace(fake_result(), account_names=("Year", "Year (account)", "Age Sam"))
    assert r.account_columns() == ["Year (account)", "Year (account) (account)",
                                   "Age Sam (account)"]
    assert r.year_table().columns.is_unique


def test_a_couple_of_one_name_gets_two_age_columns_and_a_report(tmp_path: Path) -> None:
    # Found by `make fuzz`: two people both named "Alex" made two "Age Alex" columns, and
    # the report's year pages crashed on them.
    from planner.core.engine import project
    from planner.core.storage import sample_plan
    from planner.report.pdf import write_report

    plan = sample_plan()
    twin = dataclasses.replace(plan.people[0], birth_year=plan.people[0].birth_year + 2)
    result = project(plan.with_changes(people=(plan.people[0], twin)), paths=32)
    table = result.year_table()
    assert [c for c in table.columns if c.startswith("Age")] == ["Age Alex", "Age Alex (2)"]
    assert table.columns.is_unique
    assert write_report(result, tmp_path / "twins.pdf").exists()
