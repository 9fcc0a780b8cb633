"""The CSV holds the year table: same rows and columns, money to the cent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.core.result import FLOW_COLUMNS, Result
from planner.report.csv_export import write_csv


def test_csv_round_trips_through_pandas(any_result: Result, tmp_path: Path) -> None:
    for real in (False, True):
        path = write_csv(any_result, tmp_path / f"years-{real}.csv", real=real)
        back = pd.read_csv(path)
        table = any_result.year_table(real=real)
        assert list(back.columns) == list(table.columns)
        assert len(back) == any_result.n_years
        np.testing.assert_array_equal(back["Year"], any_result.years)
        # Independent of year_table: the total balance column of the median path.
        terminal = any_result.balances.sum(axis=0)[:, -1] / any_result.price_index[:, -1]
        n = int(np.argsort(terminal, kind="stable")[(len(terminal) - 1) // 2])
        total = any_result.balances[:, n, :].sum(axis=0)
        if real:
            total = total / any_result.price_index[n, 1:]
        np.testing.assert_allclose(back["Total balance"], total, atol=0.005 + 1e-9)
        for _, label in FLOW_COLUMNS:
            np.testing.assert_allclose(back[label], table[label], atol=0.005 + 1e-9)


def test_csv_money_is_rounded_to_cents(fake: Result, tmp_path: Path) -> None:
    text = write_csv(fake, tmp_path / "y.csv", real=True).read_text(encoding="utf-8")
    decimals = [len(cell.split(".")[1]) for line in text.splitlines()[1:]
                for cell in line.split(",") if "." in cell]
    assert decimals and max(decimals) <= 2
    assert text.splitlines()[0].split(",")[:3] == ["Year", "Age Robin", "Age Sam"]
