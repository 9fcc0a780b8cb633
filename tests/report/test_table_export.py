"""The year table as CSV and .xlsx, with chosen columns: same numbers as the year table."""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from planner.core.result import Result
from planner.report.table_export import csv_text, table_columns, write_table
from tests.report.fakes import fake_result
from tests.report.independent import median_path

CHOSEN = ["Total balance", "Federal tax", "Health care", "Medicare IRMAA (B and D)",
          "Robin 401(k)"]


def independent_total(r: Result, real: bool) -> np.ndarray:
    terminal = r.balances.sum(axis=0)[:, -1] / r.price_index[:, -1]
    n = int(np.argsort(terminal, kind="stable")[(len(terminal) - 1) // 2])
    total = r.balances[:, n, :].sum(axis=0)
    return total / r.price_index[n, 1:] if real else total


@pytest.mark.parametrize("real", [False, True])
def test_csv_with_chosen_columns(tmp_path: Path, real: bool) -> None:
    r = fake_result()
    path = write_table(r, tmp_path / "years.csv", CHOSEN, real=real)
    back = pd.read_csv(path, comment="#")
    # Year and ages always lead, so every row says which year it is.
    assert list(back.columns) == ["Year", "Age Robin", "Age Sam", *CHOSEN]
    table = r.year_table(real=real)
    np.testing.assert_array_equal(back["Year"], r.years)
    np.testing.assert_allclose(back["Total balance"], independent_total(r, real), atol=0.005)
    for column in CHOSEN:
        np.testing.assert_allclose(back[column], table[column], atol=0.005)


@pytest.mark.parametrize("real", [False, True])
def test_xlsx_numbers_formats_and_layout(tmp_path: Path, real: bool) -> None:
    r = fake_result()
    path = write_table(r, tmp_path / "years.XLSX", CHOSEN, real=real)
    book = openpyxl.load_workbook(path)
    sheet = book["Year by year"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert list(header) == ["Year", "Age Robin", "Age Sam", *CHOSEN]
    assert len(body) == r.n_years
    table = r.year_table(real=real)
    for k, column in enumerate(header):
        got = np.array([row[k] for row in body], dtype=float)
        want = independent_total(r, real) if column == "Total balance" else table[column]
        np.testing.assert_allclose(got, want, atol=0.005)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    money = sheet.cell(row=2, column=4)
    assert "$" in money.number_format and "#,##0" in money.number_format
    assert "$" not in sheet.cell(row=2, column=1).number_format  # a year is not money
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFG"]
    assert all(6 <= w <= 30 for w in widths)
    # The money columns are wide enough for their widest amount, as format.money writes it.
    assert widths[3] >= len(f"${table['Total balance'].max():,.0f}")
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Dollars"] == ("today's dollars" if real else "future (nominal) dollars")
    assert about["Plan"] == r.plan.name


def test_all_columns_by_default_and_errors(tmp_path: Path) -> None:
    r = fake_result()
    back = pd.read_csv(write_table(r, tmp_path / "all.csv"), comment="#")
    assert list(back.columns) == table_columns(r) == list(r.year_table().columns)
    with pytest.raises(ValueError, match="no such column"):
        write_table(r, tmp_path / "x.csv", ["Nope"])
    with pytest.raises(ValueError, match=".csv or .xlsx"):
        write_table(r, tmp_path / "x.txt")
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.txt").exists()


def test_export_leaves_no_temporary_file_and_normal_permissions(tmp_path: Path) -> None:
    path = write_table(fake_result(), tmp_path / "y.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["y.xlsx"]
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_xlsx_carries_the_cash_flow_and_says_how_it_sums(tmp_path: Path) -> None:
    r = fake_result()
    book = openpyxl.load_workbook(write_table(r, tmp_path / "all.xlsx", real=True))
    rows = list(book["Year by year"].iter_rows(values_only=True))
    header = list(rows[0])
    at = header.index("Income")
    assert header[at:at + 5] == ["Income", "Taxes", "Your contributions",
                                 "Spending (incl. health care)",
                                 "Saved (+) / withdrawn (\u2212)"]
    for row in rows[1:]:
        income, taxes, contributions, spending, net = (float(v) for v in row[at:at + 5])
        assert income - taxes - contributions - spending == pytest.approx(net, abs=0.03)
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Cash flow sum"] == ("Income - Taxes - Your contributions - Spending (incl. "
                                      "health care) = Saved (+) / withdrawn (\u2212)")
    assert about["Spending"] == ("Spending (incl. health care) = Spending goal + Health care "
                                 "- Shortfall + Surplus spent (no taxable account)")
    assert about["Health care"] == ("Health care = Marketplace premium - Premium tax credit + "
                                    "Medicare Part B and D + Medicare IRMAA (B and D) + "
                                    "Out-of-pocket medical")
    n = median_path(r)
    assert about["Path shown"].startswith(f"the typical path: no. {n + 1:,} of {r.n_paths:,} "
                                          "paths, the one with the median estate")


FORMULAS = ("=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3-4", "@SUM(A1)")


def with_names(r: Result, accounts: tuple[str, ...], plan_name: str) -> Result:
    return dataclasses.replace(r, account_names=accounts,
                               plan=r.plan.with_changes(name=plan_name))


def test_xlsx_names_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    """An account or plan named "=..." became a live formula in the workbook."""
    r = with_names(fake_result(), FORMULAS[:3], FORMULAS[3])
    path = write_table(r, tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as book_zip:
        xml = "".join(book_zip.read(n).decode() for n in book_zip.namelist()
                      if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    book = openpyxl.load_workbook(path)
    header = [c for c in book["Year by year"][1]]
    for name in FORMULAS[:3]:
        cell = next(c for c in header if c.value == name)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    about = {row[0].value: row[1] for row in book["About"].iter_rows(min_row=2)}
    assert about["Plan"].value == FORMULAS[3] and about["Plan"].data_type == "s"
    # Numbers stay numbers, negative ones included.
    body = list(book["Year by year"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(v, (int, float)) for row in body for v in row if v is not None)


def test_csv_text_cells_that_look_like_formulas_get_a_quote(tmp_path: Path) -> None:
    r = with_names(fake_result(), FORMULAS[:3], "Plan")
    path = write_table(r, tmp_path / "f.csv")
    back = pd.read_csv(path, comment="#")
    names = ["'" + n for n in FORMULAS[:3]]
    assert list(back.columns[3:6]) == names
    assert "Joint brokerage" not in back.columns and "Total balance" in back.columns
    # Money cells are numbers, never quoted, negative ones included.
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")][1:]
    assert not any(cell.startswith("'") for line in body for cell in line.split(","))
    assert any(cell.startswith("-") for line in body for cell in line.split(","))


def test_csv_text_quotes_only_formula_starts() -> None:
    assert [csv_text(v) for v in ("=1", "+1", "-1", "@a", "\tx", "\rx")] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx"]
    assert csv_text("Robin 401(k)") == "Robin 401(k)"
    assert csv_text("a=b") == "a=b"
