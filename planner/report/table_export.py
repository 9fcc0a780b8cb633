"""The year-by-year table as a file, with the columns a person chose: CSV or Excel (.xlsx).

The format follows the file's suffix. CSV holds plain numbers (money rounded to cents) for
any tool, after a few comment lines starting with "#" (read it with pandas'
``read_csv(path, comment="#")``) that say what the numbers are; the workbook holds the same
numbers, shown with a currency format, a bold frozen header and columns wide enough to read,
plus an "About" sheet with the same lines. Both say which plan, which run, which path (the
typical one, and its number) and which dollars. Files are written next to the target and
moved into place (planner.atomic), so a failed or cancelled export never leaves half a file
behind, nor harms the file it would have replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from planner import format as fmt
from planner.atomic import write_atomically
from planner.core.result import CASH_FLOW, FLOW_COLUMNS, Result
from planner.report.verdict import mode_label
from planner.run_counts import runs_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SUFFIXES = (".csv", ".xlsx")
MONEY_DECIMALS = 2
SHEET = "Year by year"
MONEY_FORMAT = '"$"#,##0;-"$"#,##0'  # whole dollars, hyphen minus as format.money writes it
WHOLE_FORMAT = "0"
MAX_WIDTH = 28  # characters; longer headers wrap instead of widening the column
_LABEL = dict(FLOW_COLUMNS)
CASH_FLOW_SUM = " - ".join(_LABEL[k] for k in CASH_FLOW[:-1]) + f" = {_LABEL[CASH_FLOW[-1]]}"
# How the cash flow's spending and its health care are made (result.py's derived flows).
SPENDING_SUM = (f"{_LABEL['spending']} = {_LABEL['spending_planned']} + "
                f"{_LABEL['health_costs']} - {_LABEL['shortfall']} + {_LABEL['surplus_spent']}")
HEALTH_SUM = (f"{_LABEL['health_costs']} = {_LABEL['aca_premium']} - "
              f"{_LABEL['premium_credit']} + {_LABEL['medicare_premiums']} + "
              f"{_LABEL['irmaa']} + {_LABEL['medical_costs']}")


# A text cell starting with one of these is taken for a formula by a spreadsheet opening
# the file (CSV injection: a plan or account named "=HYPERLINK(...)" would run).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell as CSV writes it: with a leading "'" when it would start a formula (as
    OWASP advises), otherwise as it is. Only ever applied to text, never to numbers."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def key_columns(result: Result) -> list[str]:
    """Year and ages: kept in every export so each row says which year it is."""
    return ["Year", *result.age_labels()]


def table_columns(result: Result) -> list[str]:
    """Every column the year table has, in its order (for a column chooser)."""
    return [str(c) for c in result.year_table().columns]


def chosen_table(result: Result, columns: Sequence[str] | None = None, real: bool = False
                 ) -> pd.DataFrame:
    """The year table with the key columns and then ``columns`` in the order given (all
    columns when None); money rounded to cents. Unknown names raise ValueError."""
    table = result.year_table(real=real)
    keys = key_columns(result)
    if columns is None:
        chosen = list(table.columns)
    else:
        unknown = [c for c in columns if c not in table.columns]
        if unknown:
            raise ValueError(f"no such column(s) in the year table: {', '.join(unknown)}")
        chosen = keys + [c for c in dict.fromkeys(columns) if c not in keys]
    out = table[chosen].copy()
    money = money_columns(out)
    out[money] = out[money].round(MONEY_DECIMALS)
    return out


def money_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if table[c].dtype.kind == "f"]


def write_table(result: Result, path: str | Path, columns: Sequence[str] | None = None,
                real: bool = False, cancel: Callable[[], bool] | None = None) -> Path:
    """Write the chosen columns of the year table to ``path`` (.csv or .xlsx) and return it.

    Future (nominal) dollars by default: a spreadsheet user can deflate, but cannot
    re-inflate without the path's own price index. When ``cancel()`` is true once the
    table is written, planner.atomic.WriteCancelled is raised and ``path`` is left alone.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot tell the format of {path.name!r}: use a .csv or .xlsx name")
    table = chosen_table(result, columns, real)
    about = about_rows(result, real)
    if suffix == ".csv":
        return write_atomically(path, lambda tmp: write_csv_table(table, tmp, about), cancel)
    return write_atomically(path, lambda tmp: write_xlsx_table(table, tmp, about), cancel)


def write_csv_table(table: pd.DataFrame, path: Path,
                    about: Sequence[Sequence[str]] = ()) -> None:
    """The table as CSV, after ``about``'s rows as "# key: value" comment lines."""
    # newline="" lets the csv module write its own line endings (no blank rows on Windows).
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_comments(about))
        safe = table.rename(columns=lambda c: csv_text(str(c)))
        text = [c for c in safe.columns if safe[c].dtype == object]
        safe[text] = safe[text].map(lambda v: csv_text(v) if isinstance(v, str) else v)
        safe.to_csv(handle, index=False)


def csv_comments(about: Sequence[Sequence[str]]) -> str:
    """One "# key: value" line per About row (line breaks in a plan's name become spaces,
    so every line of the header stays a comment)."""
    lines = [f"# {key}: {value}" for key, value in about]
    return "".join(" ".join(line.split()) + "\n" for line in lines)


def path_shown(result: Result) -> str:
    """Which path the table follows, in the words of the window's year table: 'the only
    path', or the typical one (median estate) with its number, e.g. 'the typical path: no.
    437 of 1,000 paths, the one with the median estate (...)' or 'the typical run: the window
    starting in 1966 of 98 historical windows, ...'."""
    if result.n_paths == 1:
        return "the only path"
    n = result.median_path()
    labels = result.path_labels
    if result.mode == "historical" and len(labels) == result.n_paths:
        which = f"the typical run: the window starting in {labels[n]}"
    else:
        which = f"the typical path: no. {fmt.count(n + 1)}"
    return (f"{which} of {runs_text(result)}, the one with the median estate (the balance "
            f"at the last death)")


def about_rows(result: Result, real: bool, generated: date | None = None) -> list[list[str]]:
    shown = path_shown(result)
    return [
        ["Plan", result.plan.name],
        ["Projection", mode_label(result)],
        ["Dollars", fmt.dollars_kind(real)],
        ["Path shown", shown],
        ["Exported", fmt.day(generated or date.today())],
        ["Balances", "at the end of each year"],
        ["Cash flows", "during each year (they happen at its start)"],
        ["Cash flow sum", CASH_FLOW_SUM],
        ["Spending", SPENDING_SUM],
        ["Health care", HEALTH_SUM],
        ["Rows", "to the year of the last death on the path shown"],
    ]


def write_xlsx_table(table: pd.DataFrame, path: Path, about: list[list[str]]) -> None:
    # Imported here: openpyxl is only needed by this export, and it takes a while to load.
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    money = set(money_columns(table))
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name=SHEET, index=False)
        pd.DataFrame(about, columns=["About", ""]).to_excel(writer, sheet_name="About",
                                                            index=False)
        sheet = writer.sheets[SHEET]
        sheet.freeze_panes = "B2"  # header row and the Year column stay in view
        for k, column in enumerate(table.columns, start=1):
            letter = get_column_letter(k)
            head = sheet.cell(row=1, column=k)
            head.font = Font(bold=True)
            head.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
            number_format = MONEY_FORMAT if column in money else WHOLE_FORMAT
            for row in range(2, len(table) + 2):
                sheet.cell(row=row, column=k).number_format = number_format
            sheet.column_dimensions[letter].width = column_width(table[column], column,
                                                                 column in money)
        about_sheet = writer.sheets["About"]
        for ws in (sheet, about_sheet):
            as_text(ws)
        about_sheet["A1"].font = Font(bold=True)
        about_sheet.column_dimensions["A"].width = 14
        about_sheet.column_dimensions["B"].width = 60


def as_text(sheet: Worksheet) -> None:
    """Every text cell stays text: openpyxl stores a string starting with "=" as a formula
    (an account named "=SUM(A1)" would become a live formula); its type is set back to a
    string, and the cells starting as a formula would are marked quote-prefixed, so editing
    one in a spreadsheet keeps it text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def column_width(values: pd.Series, header: str, money: bool) -> float:
    """Characters wide enough for the widest shown value, and for the header's longest word
    (a long header wraps over two or three lines rather than widen a column of numbers)."""
    shown = [fmt.money(float(v)) if money else str(v) for v in values]
    widest_value = max((len(s) for s in shown), default=0)
    widest_word = max((len(w) for w in header.split()), default=0)
    wanted = max(widest_value, widest_word, min(len(header), 14))
    return float(min(MAX_WIDTH, wanted + 3))
