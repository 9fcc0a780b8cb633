"""The year table as CSV: every column (none dropped), money rounded to cents, after the
"# key: value" lines that say which plan, run, path and dollars it is (as the .xlsx's About
sheet does).

Kept for older callers; ``table_export.write_table`` does the work (and also writes .xlsx
and chosen columns). Written atomically: see planner.atomic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.atomic import write_atomically
from planner.core.result import Result
from planner.report.table_export import about_rows, chosen_table, write_csv_table


def write_csv(result: Result, path: str | Path, real: bool = False,
              cancel: Callable[[], bool] | None = None) -> Path:
    """Write ``result.year_table(real=real)`` with its labels as the header row, as CSV
    whatever the file's suffix.

    Nominal dollars by default: a spreadsheet user can deflate, but cannot re-inflate
    without the path's own price index.
    """
    table = chosen_table(result, None, real)
    about = about_rows(result, real)
    return write_atomically(path, lambda tmp: write_csv_table(table, tmp, about), cancel)
