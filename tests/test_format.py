"""The shared number formats: what the GUI and the PDF both print."""

from __future__ import annotations

from datetime import date

import pytest

from planner import format as fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "$0"), (1234.4, "$1,234"), (-1234.6, "-$1,235"), (1_234_567.5, "$1,234,568"),
     (-0.3, "$0"), (float("nan"), "n/a"), (None, "n/a")],
)
def test_money(value: float | None, text: str) -> None:
    assert fmt.money(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "$0"), (950, "$950"), (4_500, "$4,500"), (850_000, "$850k"), (1_200_000, "$1.2M"),
     (1_250_000, "$1.25M"), (999_999, "$1M"), (23_000_000, "$23M"), (-20_000, "-$20k"),
     (2.5e9, "$2.5B")],
)
def test_money_short(value: float, text: str) -> None:
    assert fmt.money_short(value) == text


def test_percentages() -> None:
    assert fmt.pct(0.87) == "87%"
    assert fmt.pct(0.9966) == "100%"
    assert fmt.pct(0.1234, 1) == "12.3%"
    assert fmt.rate(0.0294) == "2.94%"
    assert fmt.share(0.10) == "10%"
    assert fmt.share(0.075) == "7.5%"
    assert fmt.share(0.0) == "0%"


def test_ages_and_dates() -> None:
    assert fmt.age(67) == "67"
    assert fmt.age(66.5) == "66 and 6 months"
    assert fmt.age(62.99) == "63"
    assert fmt.day(date(2026, 11, 29)) == "November 29, 2026"
    assert fmt.dollars_kind(True) == "today's dollars"


def test_differences_are_signed() -> None:
    assert fmt.money_delta(12_000) == "+$12,000"
    assert fmt.money_delta(-3_400.4) == "-$3,400"
    assert fmt.money_delta(0.2) == "$0"
    assert fmt.points_delta(0.05) == "+5 pts"
    assert fmt.points_delta(-0.123) == "-12 pts"
    assert fmt.points_delta(0.001) == "0 pts"
    assert fmt.years_delta(3) == "+3 years"
    assert fmt.years_delta(-1) == "-1 year"
    assert fmt.years_delta(float("nan")) == "n/a"


def test_one_month_is_singular_and_shares_never_round_to_none_or_all() -> None:
    # Seen: "Alex at 69 and 1 months"; "0% of retired years fell short of the goal".
    assert fmt.age(69 + 1 / 12) == "69 and 1 month"
    assert fmt.age(67.5) == "67 and 6 months"
    assert fmt.pct_some(0.001) == "under 1%"
    assert fmt.pct_some(0.999) == "over 99%"
    assert fmt.pct_some(0.0) == "0%" and fmt.pct_some(0.26) == "26%"
