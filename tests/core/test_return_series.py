"""A person's own return series from CSV: units stated, bad lines named, plan series checked."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from planner.core.errors import PlanError
from planner.core.model import ReturnSeries
from planner.core.return_series import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    parse_returns,
    read_returns_file,
    series_problems,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "returns"
HEADER = "year,stocks,bonds,cash,inflation"
GOOD = [HEADER, "2015,0.10,0.02,0.01,0.02", "2016,-0.05,0.03,0.01,0.03", "2017,0.2,0.01,0.02,0.02"]


def _problems(*lines: str) -> list[str]:
    """The problem lines parse_returns reports for a file of these lines."""
    with pytest.raises(PlanError) as caught:
        parse_returns("\n".join(lines) + "\n", "my.csv")
    assert all(p.field == "returns" for p in caught.value.problems)
    return [p.message for p in caught.value.problems]


# --- good files ------------------------------------------------------------------------------


def test_fractions_and_percent_give_the_same_series() -> None:
    fractions, fraction_note = read_returns_file(FIXTURES / "fractions.csv")
    percent, percent_note = read_returns_file(FIXTURES / "percent.csv")
    assert fractions.name == "fractions.csv"
    assert percent == replace(fractions, name="percent.csv")  # exactly, not approximately
    assert fractions.years == tuple(range(2015, 2025))
    assert fractions.stocks[3] == -0.0438 and fractions.inflation[6] == 0.0704
    assert fractions.crypto == ()
    assert fraction_note == (
        "Read 10 years 2015-2024 from fractions.csv as fractions "
        "(the typical stock, bond, cash or inflation value is 0.0265 in absolute terms, "
        "within 1.0, which means fractions)."
    )
    assert percent_note == (
        "Read 10 years 2015-2024 from percent.csv as percentages "
        "(the typical stock, bond, cash or inflation value is 2.65 in absolute terms, "
        "above 1.0, which means percent)."
    )


def test_semicolon_file_with_percent_signs_and_crypto() -> None:
    series, note = read_returns_file(FIXTURES / "semicolon.csv")
    assert series.years == (2021, 2022, 2023)
    assert series.stocks == (0.2871, -0.1811, 0.2629)
    assert series.crypto == (0.598, -0.642, 1.554)
    assert note == (
        "Read 3 years 2021-2023 with crypto from semicolon.csv as percentages "
        "(the values end with '%')."
    )


def test_tab_file_is_accepted() -> None:
    text = "\n".join(line.replace(",", "\t") for line in GOOD)
    series, _ = parse_returns(text, "tabs.tsv")
    assert series.bonds == (0.02, 0.03, 0.01)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(GOOD).encode())
    series, _ = read_returns_file(path)
    assert series.years == (2015, 2016, 2017)


def test_crypto_alone_does_not_make_a_file_percent() -> None:
    # Bitcoin's +5,286% in 2013 is 52.86 as a fraction: crypto must not flip the unit.
    text = "year,stocks,bonds,cash,inflation,crypto\n2013,0.3,-0.02,0.0,0.015,52.86\n" \
           "2014,0.13,0.06,0.0,0.008,-1.0\n"
    series, note = parse_returns(text, "btc.csv")
    assert series.crypto == (52.86, -1.0)
    assert "as fractions" in note


def test_an_empty_crypto_column_is_left_out() -> None:
    text = "\n".join([HEADER + ",crypto", *(line + "," for line in GOOD[1:])])
    series, note = parse_returns(text, "my.csv")
    assert series.crypto == ()
    assert "without crypto (its column is empty)" in note


def test_minus_100_percent_is_allowed_for_returns_not_inflation() -> None:
    # A total loss can happen (a crypto coin, a failed fund); only below it is impossible.
    series, _ = parse_returns("\n".join([*GOOD, "2018,-1.0,0,0,0.01"]), "x.csv")
    assert series.stocks[-1] == -1.0
    # Prices cannot fall to zero: -100% inflation would divide every real figure by zero.
    assert _problems(HEADER, "2015,0.1,0,0,-1", "2016,0.1,0,0,0.02") == [
        "line 2, inflation: -1 would take prices to zero or below; inflation must be above "
        "-100%"]


def test_one_impossible_fraction_does_not_turn_the_file_into_percent() -> None:
    rows = [f"{2000 + i},0.0{i},0.02,0.01,0.03" for i in range(9)] + ["2009,-1.5,0.02,0.01,0.03"]
    assert _problems(HEADER, *rows) == ["line 11, stocks: -1.5 (= -150%) is below -100%"]


# --- bad files: exactly the expected lines ---------------------------------------------------

EXPECTED = "(expected year, stocks, bonds, cash, inflation and optionally crypto)"


def test_missing_column() -> None:
    assert _problems("year,stocks,bonds,cash", "2015,1,2,3", "2016,1,2,3") == [
        f"line 1: missing column 'inflation' {EXPECTED}"
    ]


def test_unknown_column() -> None:
    assert _problems(HEADER + ",reits", "2015,1,2,3,4,5", "2016,1,2,3,4,5") == [
        f"line 1: unknown column 'reits' {EXPECTED}"
    ]


def test_no_header_row() -> None:
    assert _problems("2015,1,2,3,4", "2016,1,2,3,4") == [
        f"line 1: no header row found; the first line must name the columns {EXPECTED}"
    ]


def test_gap_in_years() -> None:
    assert _problems(HEADER, "1990,1,2,3,4", "1992,1,2,3,4", "1996,1,2,3,4") == [
        "line 3, year: 1991 is missing between 1990 and 1992",
        "line 4, year: 1993-1995 are missing between 1992 and 1996",
    ]


def test_duplicate_and_out_of_order_years() -> None:
    assert _problems(HEADER, "2015,1,2,3,4", "2015,1,2,3,4", "2014,1,2,3,4") == [
        "line 3, year: 2015 is a duplicate of line 2",
        "line 4, year: 2014 comes after 2015 (line 3); years must go up by one",
    ]


def test_year_out_of_range_and_not_whole() -> None:
    assert _problems(HEADER, "1799,1,2,3,4", "1800.5,1,2,3,4") == [
        "line 2, year: 1799 is outside 1800..2200",
        "line 3, year: '1800.5' is not a whole year",
    ]


def test_text_in_a_number() -> None:
    assert _problems(HEADER, "2015,0.1,abc,0.01,0.02", "2016,0.1,0.02,0.01,nan") == [
        "line 2, bonds: 'abc' is not a number",
        "line 3, inflation: 'nan' is not a number",
    ]


def test_return_below_minus_100_percent() -> None:
    assert _problems(HEADER, "2015,-120,2,3,4", "2016,5,-100.5,3,4") == [
        "line 2, stocks: -120 is below -100%",
        "line 3, bonds: -100.5 is below -100%",
    ]
    fractions = "year,stocks,bonds,cash,inflation,crypto"
    assert _problems(fractions, "2015,0.1,0,0,0,-1.5", "2016,0.1,0,0,0,-1") == [
        "line 2, crypto: -1.5 (= -150%) is below -100%",
    ]


def test_partly_empty_crypto_column() -> None:
    header = HEADER + ",crypto"
    assert _problems(header, "2015,1,2,3,4,50", "2016,1,2,3,4,", "2017,1,2,3,4, ") == [
        "line 3, crypto: empty cell; fill crypto on every line or drop the column",
        "line 4, crypto: empty cell; fill crypto on every line or drop the column",
    ]


def test_empty_cell() -> None:
    assert _problems(HEADER, "2015,1,,3,4", "2016,1,2,3,4") == ["line 2, bonds: empty cell"]


def test_too_few_rows() -> None:
    assert _problems(HEADER, "2015,1,2,3,4") == ["1 year(s) of data; at least 2 needed"]


def test_too_many_rows_is_one_line() -> None:
    rows = [f"{1800 + i % 400},0,0,0,0" for i in range(MAX_ROWS + 1)]
    assert _problems(HEADER, *rows) == ["1001 data lines; at most 1000 years can be read"]


def test_mixed_percent_signs() -> None:
    assert _problems(HEADER, "2015,10%,2%,1%,2%", "2016,-5%,3,1%,3%") == [
        "line 3, bonds: '3' has no '%' but line 2, stocks does; use '%' on every value "
        "or on none (7 of 8 values have it)"
    ]


def test_thousands_separator() -> None:
    # Quoted in a comma file, bare in a semicolon file: either way the comma is refused.
    assert _problems(HEADER, '2015,"1,234",2,3,4', "2016,1,2,3,4") == [
        "line 2, stocks: '1,234' has a comma; write numbers with a decimal point and no "
        "thousands separator"
    ]
    assert _problems("year;stocks;bonds;cash;inflation", "2015;1,5;2;3;4", "2016;1;2;3;4") == [
        "line 2, stocks: '1,5' has a comma; write numbers with a decimal point and no "
        "thousands separator"
    ]


def test_unquoted_thousands_separator_shifts_the_row() -> None:
    assert _problems(HEADER, "2015,1,234,2,3,4", "2016,1,2,3,4") == [
        "line 2: 6 values, but the header has 5 (a comma inside a number splits it)"
    ]


def test_comments_and_blank_lines_keep_file_line_numbers() -> None:
    assert _problems("# my returns", "", HEADER, "2015,1,2,3,4", "# a note", "2016,x,2,3,4") == [
        "line 6, stocks: 'x' is not a number"
    ]


def test_problems_are_capped_at_twenty() -> None:
    rows = [f"{2000 + i},x,2,3,4" for i in range(25)]
    lines = _problems(HEADER, *rows)
    assert len(lines) == 21
    assert lines[0] == "line 2, stocks: 'x' is not a number"
    assert lines[-1] == "... and 5 more problems"


# --- bad files on disk -----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "returns.csv"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    with pytest.raises(PlanError) as caught:
        read_returns_file(fifo)
    assert caught.value.message == f"{fifo}: is not a regular file (a pipe or a device); " \
                                   "save the returns to a file"


def test_file_too_big_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(PlanError) as caught:
        read_returns_file(path)
    assert caught.value.message == (
        f"{path}: 1,000,001 bytes is too large for a return series (at most 1,000,000)"
    )


def test_missing_folder_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        read_returns_file(tmp_path / "nope.csv")
    with pytest.raises(PlanError, match="folder"):
        read_returns_file(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("year,stocks\n2015,1\u00a0\n".encode("latin-1"))
    with pytest.raises(PlanError, match="not UTF-8 text"):
        read_returns_file(latin)


# --- any valid series survives a trip through CSV --------------------------------------------

CLASSES = ("stocks", "bonds", "cash", "inflation")


@st.composite
def _series(draw: st.DrawFn) -> ReturnSeries:
    count = draw(st.integers(2, 40))
    first = draw(st.integers(1800, 2200 - count + 1))
    main = st.floats(-1.0, 1.0, allow_nan=False)  # fractions: every main value in -1..1
    inflation = st.floats(-0.99, 1.0, allow_nan=False)  # prices never fall to zero

    def column(values: st.SearchStrategy[float]) -> tuple[float, ...]:
        return tuple(draw(st.lists(values, min_size=count, max_size=count)))

    crypto = column(st.floats(-1.0, 100.0, allow_nan=False)) if draw(st.booleans()) else ()
    return ReturnSeries("gen.csv", tuple(range(first, first + count)), column(main),
                        column(main), column(main), column(inflation), crypto)


def _csv(series: ReturnSeries, unit: str, delimiter: str, order: list[str]) -> str:
    def cell(value: float) -> str:
        if unit == "fractions":
            return repr(value)
        return repr(value * 100) + ("%" if unit == "percent with %" else "")

    rows = []
    for i, year in enumerate(series.years):
        values = {"year": str(year), **{c: cell(getattr(series, c)[i]) for c in order[1:]}}
        rows.append(delimiter.join(values[c] for c in order))
    return "\n".join([delimiter.join(order), *rows])


@given(
    _series(),
    st.sampled_from(["fractions", "percent with %", "plain percent"]),
    st.sampled_from([",", ";", "\t"]),
    st.permutations([*CLASSES, "crypto"]),
)
def test_any_valid_series_round_trips(
    series: ReturnSeries, unit: str, delimiter: str, order: list[str]
) -> None:
    if unit == "plain percent":
        # Plain percent is recognisable when the typical main value is above 1 (percent).
        sizes = sorted(abs(v) for c in CLASSES for v in getattr(series, c))
        assume(sizes[(len(sizes) - 1) // 2] > 0.01)
    if not series.crypto:
        order = [c for c in order if c != "crypto"]
    text = _csv(series, unit, delimiter, ["year", *order])
    parsed, note = parse_returns(text, "gen.csv")
    assert parsed.years == series.years
    assert ("as fractions" in note) == (unit == "fractions")
    for column in (*CLASSES, "crypto"):
        assert getattr(parsed, column) == pytest.approx(
            getattr(series, column), rel=1e-12, abs=1e-15
        )
    assert series_problems(parsed) == []


# --- series from a plan file -----------------------------------------------------------------


def _plan_series() -> ReturnSeries:
    return read_returns_file(FIXTURES / "fractions.csv")[0]


def test_a_parsed_series_passes_the_plan_check() -> None:
    assert series_problems(_plan_series()) == []


def test_plan_series_with_unequal_lengths() -> None:
    series = replace(_plan_series(), bonds=_plan_series().bonds[:-1], crypto=(0.5,))
    assert [str(p) for p in series_problems(series)] == [
        "simulation.return_series.bonds: 9 values for 10 years",
        "simulation.return_series.crypto: 1 values for 10 years",
    ]


def test_plan_series_with_non_consecutive_years() -> None:
    years = (2015, 2016, 2018, 2018, 2019, 2017, 2020, 2021, 2022, 2023)
    problems = series_problems(replace(_plan_series(), years=years), field="plan.returns")
    assert [str(p) for p in problems] == [
        "plan.returns.years[2]: 2017 is missing between 2016 and 2018",
        "plan.returns.years[3]: 2018 is a duplicate of years[2]",
        "plan.returns.years[5]: 2017 comes after 2019 (years[4]); years must go up by one",
        "plan.returns.years[6]: 2018-2019 are missing between 2017 and 2020",
    ]


def test_plan_series_with_impossible_values() -> None:
    base = _plan_series()
    stocks = (-1.5, float("nan"), "0.1", *base.stocks[3:])  # what a hand-edited plan may hold
    years = (1700, *base.years[1:])
    inflation = (-1.0, *base.inflation[1:])  # prices cannot fall to zero
    series = replace(base, stocks=stocks, inflation=inflation, years=years)  # type: ignore[arg-type]
    assert [str(p) for p in series_problems(series)] == [
        "simulation.return_series.years[0]: 1700 is outside 1800..2200",
        "simulation.return_series.stocks[0]: -1.5 is below -100%",
        "simulation.return_series.stocks[1]: nan is not a number",
        "simulation.return_series.stocks[2]: '0.1' is not a number",
        "simulation.return_series.inflation[0]: -1: inflation must be above -100%",
        "simulation.return_series.years[1]: 1701-2015 are missing between 1700 and 2016",
    ]
