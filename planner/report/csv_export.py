"""The year table as CSV: every column (none dropped), money rounded to cents."""

from __future__ import annotations

from pathlib import Path

from planner.core.result import Result

MONEY_DECIMALS = 2


def write_csv(result: Result, path: str | Path, real: bool = False) -> Path:
    """Write ``result.year_table(real=real)`` with its labels as the header row.

    Nominal dollars by default: a spreadsheet user can deflate, but cannot re-inflate
    without the path's own price index.
    """
    path = Path(path)
    table = result.year_table(real=real)
    money = [c for c in table.columns if table[c].dtype.kind == "f"]
    table[money] = table[money].round(MONEY_DECIMALS)
    # newline="" lets the csv module write its own line endings (no blank rows on Windows).
    with path.open("w", encoding="utf-8", newline="") as handle:
        table.to_csv(handle, index=False)
    return path
