"""A person's own yearly return series, read from a CSV file they keep in a spreadsheet.

The file is untrusted text typed by hand, so every rule says what is wrong in one line that
names the file line and the column, and all problems are reported at once: fixing a file one
error per try is miserable. Whether numbers are fractions (0.125) or percent (12.5) is decided
once for the whole file and stated back, because a silent guess that is wrong by a factor of
100 ruins every result that follows.

The same rules check a series that comes back from a plan file (``series_problems``), so a
hand-edited plan cannot smuggle in what the importer would refuse.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import os
import re
import stat
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from planner.core.errors import PlanError, Problem
from planner.core.model import ReturnSeries

MAX_ROWS = 1000  # refuse bigger files with one clear line
MIN_YEARS = 2
MAX_FILE_BYTES = 1_000_000  # a century of years is ~5 kB; anything this big is the wrong file
MAX_PROBLEMS = 20  # past this the list stops helping; the count of the rest is enough
FIRST_YEAR, LAST_YEAR = 1800, 2200
FIELD = "returns"

CLASSES = ("stocks", "bonds", "cash", "inflation")  # these decide fractions versus percent
CRYPTO = "crypto"
INFLATION = "inflation"  # prices cannot fall to zero: at or below -100% is refused
COLUMNS = ("year", *CLASSES, CRYPTO)
EXPECTED = "expected year, stocks, bonds, cash, inflation and optionally crypto"

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # not str.splitlines: it also splits on \f, \x1c...


@dataclasses.dataclass(frozen=True)
class _Cell:
    line: int
    year: int | None
    column: str
    text: str  # as written (trimmed), quoted back in messages
    value: Decimal  # exact, so 12.5% and 0.125 become the very same float
    percent_sign: bool


@dataclasses.dataclass(frozen=True)
class _Unit:
    percent: bool
    reason: str  # the evidence, stated back to the person


@dataclasses.dataclass
class _Reading:
    """What the rows gave: cells per row, years per row, and (line, message) problems."""

    rows: list[dict[str, _Cell]] = dataclasses.field(default_factory=list)
    years: list[int | None] = dataclasses.field(default_factory=list)
    lines: list[int] = dataclasses.field(default_factory=list)
    empty_crypto: list[int] = dataclasses.field(default_factory=list)
    problems: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    def cells(self) -> list[_Cell]:
        return [cell for row in self.rows for cell in row.values()]


def parse_returns(text: str, name: str) -> tuple[ReturnSeries, str]:
    """The series and one sentence saying how the numbers were read, e.g.
    "Read 10 years 2015-2024 from my.csv as percentages (a value above 1.0 in absolute
    terms, 12.5 in stocks 2015, means percent)." or "... as fractions (every stock, bond,
    cash and inflation value is within -1..1)."
    Raises PlanError listing every problem, one line each; nothing is returned on error."""
    lines = _content_lines(text)
    if not lines:
        _fail(name, [(0, f"no header row: the file is empty ({EXPECTED})")])
    (header_line, header_text), data = lines[0], lines[1:]
    if len(data) > MAX_ROWS:
        _fail(name, [(0, f"{len(data)} data lines; at most {MAX_ROWS} years can be read")])
    delimiter = _delimiter(header_text)
    names = [_trim(cell).lower() for cell in _split(header_text, delimiter)]
    columns, problems = _header_columns(names, header_line)
    if not columns:
        _fail(name, problems)
    reading = _read_rows(data, delimiter, columns, len(names))
    problems += reading.problems
    problems += _crypto_problems(reading, columns)
    unit = _detect_unit(reading.cells())
    if isinstance(unit, _Unit):
        problems += _loss_problems(reading.cells(), percent=unit.percent)
    else:
        problems.append(unit)
    labels = [f"line {n}" for n in reading.lines]
    problems += [(reading.lines[i], f"line {reading.lines[i]}, year: {message}")
                 for i, message in _sequence_messages(reading.years, labels)]
    if len(data) < MIN_YEARS:
        problems.append((math.inf, f"{len(data)} year(s) of data; at least {MIN_YEARS} needed"))
    if problems or not isinstance(unit, _Unit):
        _fail(name, problems)
    return _series(name, reading, unit.percent), _sentence(name, reading, unit, CRYPTO in columns)


def read_returns_file(path: Path) -> tuple[ReturnSeries, str]:
    """Reads the file (UTF-8, a BOM allowed; refuse files over 1 MB and non-regular files such
    as FIFOs with a clear message before reading them) and calls parse_returns(text,
    path.name)."""
    path = Path(path)
    raw = _read_regular_file(path)
    try:
        text = raw.decode("utf-8-sig")  # -sig: spreadsheets often start a CSV with a BOM
    except UnicodeDecodeError as exc:
        message = f"{path}: not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'"
        raise PlanError(message, [Problem(FIELD, message)]) from None
    return parse_returns(text, path.name)


def series_problems(series: ReturnSeries, field: str = "simulation.return_series") -> list[Problem]:
    """Checks a series that came from a plan file (the same rules as parse_returns: equal
    lengths, consecutive years, no return or inflation below -100% (exactly -100%, a total
    loss, is allowed), ... ) so that a hand-edited plan is refused with the field named."""
    count = len(series.years)
    problems: list[Problem] = []
    if not MIN_YEARS <= count <= MAX_ROWS:
        limits = f"between {MIN_YEARS} and {MAX_ROWS} are needed"
        problems.append(Problem(f"{field}.years", f"{count} years; {limits}"))
    for i, year in enumerate(series.years):
        message = _year_message(year)
        if message:
            problems.append(Problem(f"{field}.years[{i}]", message))
    for column in (*CLASSES, CRYPTO):
        problems += _column_problems(series, column, field)
    years = [y if _is_int(y) else None for y in series.years]
    labels = [f"years[{i}]" for i in range(count)]
    problems += [Problem(f"{field}.years[{i}]", message)
                 for i, message in _sequence_messages(years, labels)]
    return _capped(problems, field)


# --- the file --------------------------------------------------------------------------------


def _read_regular_file(path: Path) -> bytes:
    # Open without blocking and check the open file itself: opening a FIFO normally waits for
    # a writer forever, and a stat before open could be raced by a swapped file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        _refuse(path, "no such file")
    except PermissionError:
        _refuse(path, "permission denied (or it is a folder)")
    except OSError as exc:
        _refuse(path, f"cannot be read ({exc.strerror or exc})")
    try:
        _check_open_file(path, os.fstat(fd))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # +1: a file grown since fstat is caught too
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        _refuse(path, _too_big(len(raw)))
    return raw


def _check_open_file(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        _refuse(path, "is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        _refuse(path, "is not a regular file (a pipe or a device); save the returns to a file")
    if info.st_size > MAX_FILE_BYTES:
        _refuse(path, _too_big(info.st_size))


def _too_big(size: int) -> str:
    return f"{size:,} bytes is too large for a return series (at most {MAX_FILE_BYTES:,})"


def _refuse(path: Path, reason: str) -> NoReturn:
    message = f"{path}: {reason}"
    raise PlanError(message, [Problem(FIELD, message)])


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, text) of every line that is not blank or a # comment."""
    numbered = enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1)
    # A line of bare delimiters is how spreadsheets export an empty row: blank as well.
    return [(n, line) for n, line in numbered
            if line.strip(" \t,;\"'") and not line.lstrip().startswith("#")]


def _delimiter(header: str) -> str:
    # The header holds only names, so the most frequent separator in it is the delimiter;
    # ties (a one-column header) fall back to the comma.
    return max((",", ";", "\t"), key=header.count)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])


def _trim(cell: str) -> str:
    return cell.strip().strip("\"'").strip()


# --- the header ------------------------------------------------------------------------------


def _header_columns(names: list[str], line: int) -> tuple[dict[str, int], list[tuple[float, str]]]:
    """Column name -> index, and the header's problems."""
    columns: dict[str, int] = {}
    problems: list[tuple[float, str]] = []
    unknown: list[str] = []
    for index, name in enumerate(names):
        if name not in COLUMNS:
            unknown.append(f"'{name}'" if name else f"column {index + 1} (no name)")
        elif name in columns:
            problems.append((line, f"line {line}: column '{name}' appears twice"))
        else:
            columns[name] = index
    if not columns:
        return columns, [(line, f"line {line}: no header row found; the first line must name "
                                f"the columns ({EXPECTED})")]
    missing = [f"'{name}'" for name in COLUMNS[:-1] if name not in columns]
    if missing:
        problems.append((line, f"line {line}: {_plural('missing column', missing)} ({EXPECTED})"))
    if unknown:
        problems.append((line, f"line {line}: {_plural('unknown column', unknown)} ({EXPECTED})"))
    return columns, problems


def _plural(noun: str, items: list[str]) -> str:
    return f"{noun}{'s' if len(items) > 1 else ''} {', '.join(items)}"


# --- the rows --------------------------------------------------------------------------------


def _read_rows(
    data: list[tuple[int, str]], delimiter: str, columns: dict[str, int], width: int
) -> _Reading:
    reading = _Reading()
    for line, text in data:
        cells = _split(text, delimiter)
        year: int | None = None
        if len(cells) != width:
            # The cells no longer line up with the header; reading them would only add noise.
            hint = " (a comma inside a number splits it)" if len(cells) > width else ""
            reading.problems.append(
                (line, f"line {line}: {len(cells)} values, but the header has {width}{hint}"))
        else:
            if "year" in columns:
                year = _read_year(line, _trim(cells[columns["year"]]), reading)
            reading.rows.append(_read_values(line, year, cells, columns, reading))
        reading.years.append(year)
        reading.lines.append(line)
    return reading


def _read_year(line: int, text: str, reading: _Reading) -> int | None:
    if not text:
        reading.problems.append((line, f"line {line}, year: empty cell"))
        return None
    if not _INTEGER.fullmatch(text):
        reading.problems.append((line, f"line {line}, year: '{text}' is not a whole year"))
        return None
    message = _year_message(int(text))
    if message:
        reading.problems.append((line, f"line {line}, year: {message}"))
    return int(text)


def _read_values(
    line: int, year: int | None, cells: list[str], columns: dict[str, int], reading: _Reading
) -> dict[str, _Cell]:
    row: dict[str, _Cell] = {}
    for column in (*CLASSES, CRYPTO):
        if column not in columns:
            continue
        text = _trim(cells[columns[column]])
        if not text and column == CRYPTO:
            reading.empty_crypto.append(line)  # fine only if the whole column is empty
        elif not text:
            reading.problems.append((line, f"line {line}, {column}: empty cell"))
        else:
            number = _read_number(text)
            if isinstance(number, str):
                reading.problems.append((line, f"line {line}, {column}: '{text}' {number}"))
            else:
                row[column] = _Cell(line, year, column, text, number[0], number[1])
    return row


def _read_number(text: str) -> tuple[Decimal, bool] | str:
    """The exact value and whether it carried '%', or why it is not a number."""
    percent_sign = text.endswith("%")
    digits = text[:-1].rstrip() if percent_sign else text
    if "," in digits:
        # 1,234 may be a thousand or one and a quarter (a decimal comma): never guess.
        return "has a comma; write numbers with a decimal point and no thousands separator"
    if not _NUMBER.fullmatch(digits):
        return "is not a number"
    value = Decimal(digits)
    if not math.isfinite(float(value)):
        return "is too large"
    return value, percent_sign


def _crypto_problems(reading: _Reading, columns: dict[str, int]) -> list[tuple[float, str]]:
    # Either every row has crypto or none does (then the column is ignored): a partly empty
    # column would leave years the engine cannot replay.
    if CRYPTO not in columns or not any(CRYPTO in row for row in reading.rows):
        return []
    return [(line, f"line {line}, crypto: empty cell; fill crypto on every line or drop the column")
            for line in reading.empty_crypto]


# --- units and values ------------------------------------------------------------------------


def _detect_unit(cells: list[_Cell]) -> _Unit | tuple[float, str]:
    """Percent or fractions for the whole file and why, or a (line, problem) when '%' is
    used on some values only: such a file has no single reading."""
    signed = [cell for cell in cells if cell.percent_sign]
    plain = [cell for cell in cells if not cell.percent_sign]
    if signed and plain:
        first, other = plain[0], signed[0]
        return (first.line, f"line {first.line}, {first.column}: '{first.text}' has no '%' but "
                            f"line {other.line}, {other.column} does; use '%' on every value "
                            f"or on none ({len(signed)} of {len(cells)} values have it)")
    if signed:
        return _Unit(True, "the values end with '%'")
    # Crypto is left out: Bitcoin's 5,286% in 2013 is a plausible 52.86 as a fraction. The
    # typical size decides, not one value: a single -1.5 among fractions is a loss below
    # -100% to report, not a sign that the whole file is in percent.
    sizes = sorted(abs(float(cell.value)) for cell in cells if cell.column in CLASSES)
    typical = sizes[(len(sizes) - 1) // 2] if sizes else 0.0
    if typical > 1:
        return _Unit(True, f"the typical stock, bond, cash or inflation value is "
                           f"{typical:g} in absolute terms, above 1.0, which means percent")
    return _Unit(False, f"the typical stock, bond, cash or inflation value is {typical:g} in "
                        "absolute terms, within 1.0, which means fractions")


def _loss_problems(cells: list[_Cell], percent: bool) -> list[tuple[float, str]]:
    problems: list[tuple[float, str]] = []
    for cell in cells:
        fraction = float(_fraction(cell.value, percent))
        if cell.column == INFLATION and fraction <= -1.0:
            problems.append((cell.line, f"line {cell.line}, inflation: {cell.text} would take "
                                        "prices to zero or below; inflation must be above "
                                        "-100%"))
        elif _below_total_loss(fraction):
            unit = "" if percent else f" (= {cell.value.scaleb(2).normalize():f}%)"
            problems.append((cell.line, f"line {cell.line}, {cell.column}: {cell.text}{unit} "
                                        f"is below -100%"))
    return problems


def _fraction(value: Decimal, percent: bool) -> Decimal:
    return value.scaleb(-2) if percent else value  # exact: no binary rounding before float()


def _below_total_loss(fraction: float) -> bool:
    # -100% wipes the asset class out, which can happen (a crypto coin, a bank's cash);
    # anything lower cannot.
    return fraction < -1.0


# --- shared rules and the result -------------------------------------------------------------


def _year_message(year: int) -> str | None:
    if not _is_int(year):
        return f"{year!r} is not a whole year"
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"{year} is outside {FIRST_YEAR}..{LAST_YEAR}"
    return None


def _sequence_messages(years: Sequence[int | None], labels: list[str]) -> list[tuple[int, str]]:
    """(index, message) for each year that does not follow the one before by exactly one.
    Pairs with an unreadable year are skipped: they were reported already."""
    messages: list[tuple[int, str]] = []
    for i in range(1, len(years)):
        before, year = years[i - 1], years[i]
        if before is None or year is None or year == before + 1:
            continue
        if year == before:
            messages.append((i, f"{year} is a duplicate of {labels[i - 1]}"))
        elif year < before:
            messages.append((i, f"{year} comes after {before} ({labels[i - 1]}); "
                                f"years must go up by one"))
        elif year == before + 2:
            messages.append((i, f"{before + 1} is missing between {before} and {year}"))
        else:
            messages.append((i, f"{before + 1}-{year - 1} are missing between {before} "
                                f"and {year}"))
    return messages


def _column_problems(series: ReturnSeries, column: str, field: str) -> list[Problem]:
    values: tuple[float, ...] = getattr(series, column)
    if column == CRYPTO and not values:
        return []  # a series without crypto
    if len(values) != len(series.years):
        return [Problem(f"{field}.{column}",
                        f"{len(values)} values for {len(series.years)} years")]
    problems = []
    for i, value in enumerate(values):
        if not _is_number(value):
            problems.append(Problem(f"{field}.{column}[{i}]", f"{value!r} is not a number"))
        elif column == INFLATION and value <= -1.0:
            problems.append(Problem(f"{field}.{column}[{i}]",
                                    f"{value:g}: inflation must be above -100%"))
        elif _below_total_loss(value):
            problems.append(Problem(f"{field}.{column}[{i}]", f"{value:g} is below -100%"))
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    # A hand-edited plan may hold a string, a bool or NaN where a float belongs.
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _capped(problems: list[Problem], field: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(field, f"... and {rest} more problems")]


def _fail(name: str, problems: Sequence[tuple[float, str]]) -> NoReturn:
    # Sorted by line so the list reads down the file; sorted() is stable within a line.
    ordered = [Problem(FIELD, message) for _, message in sorted(problems, key=lambda p: p[0])]
    count = f"{len(ordered)} problem{'' if len(ordered) == 1 else 's'}"
    summary = f"{name}: the return series cannot be read ({count})"
    raise PlanError(summary, _capped(ordered, FIELD))


def _series(name: str, reading: _Reading, percent: bool) -> ReturnSeries:
    def column(key: str) -> tuple[float, ...]:
        return tuple(float(_fraction(row[key].value, percent)) for row in reading.rows
                     if key in row)

    return ReturnSeries(
        name=name,
        years=tuple(y for y in reading.years if y is not None),
        stocks=column("stocks"),
        bonds=column("bonds"),
        cash=column("cash"),
        inflation=column("inflation"),
        crypto=column(CRYPTO),
    )


def _sentence(name: str, reading: _Reading, unit: _Unit, crypto_column: bool) -> str:
    years = [y for y in reading.years if y is not None]
    crypto = ""
    if crypto_column:
        has_values = any(CRYPTO in row for row in reading.rows)
        crypto = " with crypto" if has_values else " without crypto (its column is empty)"
    kind = "percentages" if unit.percent else "fractions"
    return (f"Read {len(years)} years {years[0]}-{years[-1]}{crypto} from {name} "
            f"as {kind} ({unit.reason}).")
