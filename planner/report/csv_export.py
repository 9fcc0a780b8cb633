"""The year table as CSV: every column (none dropped), money rounded to cents.

Kept for the CLI's ``export`` command; ``table_export.write_table`` does the work (and also
writes .xlsx and chosen columns).
"""

from __future__ import annotations

from pathlib import Path

from planner.core.result import Result
from planner.report.table_export import chosen_table, write_csv_table


def write_csv(result: Result, path: str | Path, real: bool = False) -> Path:
    """Write ``result.year_table(real=real)`` with its labels as the header row, as CSV
    whatever the file's suffix.

    Nominal dollars by default: a spreadsheet user can deflate, but cannot re-inflate
    without the path's own price index.
    """
    path = Path(path)
    write_csv_table(chosen_table(result, None, real), path)
    return path
