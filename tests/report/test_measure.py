"""Measuring a table of amounts: cells that differ only in their inner digits measure the
same (planner.report.measure.same_width), which is what lets the year table be laid out
from a few dozen measurements instead of thousands."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import format as fmt
from planner.report.measure import measured_width, same_width, text_width, wrap
from planner.report.pdf import report_style


def amounts(count: int) -> list[str]:
    """What the report's tables hold: money, signed money, percentages, years, ages."""
    rng = random.Random(14)
    out = []
    for _ in range(count):
        value = rng.choice([rng.uniform(0, 999), rng.uniform(0, 99_999),
                            rng.uniform(0, 9_999_999)])
        out += [fmt.money(value), fmt.money(-value), fmt.pct(rng.random()),
                str(rng.randint(1871, 2100)), str(rng.randint(18, 110))]
    return out


@pytest.mark.parametrize(("size", "bold"), [(7.0, False), (8.5, False), (8.5, True),
                                            (9.5, False)])
def test_inner_digits_do_not_change_a_width(size: float, bold: bool) -> None:
    """The premise, checked with the font itself: every string against its shared form."""
    with report_style():
        for text in amounts(150):
            assert measured_width(text, size, bold) == measured_width(same_width(text), size,
                                                                      bold), text


def test_only_numbers_share_a_width() -> None:
    assert same_width("$1,697,793") == "$0,000,003"
    assert same_width("-$12,345") == "-$00,005"
    assert same_width("12.5%") == "10.0%"
    assert same_width("2051") == "2001"
    assert same_width("65") == "65"  # too short to have inner digits
    for words in ("Age 65", "1966: runs out at age 84", "(2051)x", "Alex"):
        assert same_width(words) == words


def test_text_width_is_the_measured_width() -> None:
    with report_style():
        for text in ("$1,697,793", "Balance at retirement (2051)", ""):
            assert text_width(text, 8.0) == measured_width(text, 8.0)


def prose() -> list[str]:
    """The report's own sentences: its method pages and the sample plan's notes."""
    from planner.core.storage import sample_plan
    from planner.report.layout import Flow
    from planner.report.methodology import add_methodology
    from tests.report.layout_text import flow_strings

    flow = Flow()
    with report_style():
        add_methodology(flow, sample_plan())
    return [line for line in flow_strings(flow.pages) if " " in line]


@pytest.mark.parametrize(("size", "bold"), [(8.0, False), (9.5, False), (9.5, True),
                                            (13.0, True)])
def test_a_line_is_as_wide_as_its_words_and_spaces(size: float, bold: bool) -> None:
    """wrap's premise: it never measures a whole line, only words."""
    with report_style():
        space = measured_width("a a", size, bold) - 2 * measured_width("a", size, bold)
        lines = prose()
        assert len(lines) > 50
        for line in lines:
            words = line.split(" ")
            summed = sum(measured_width(w, size, bold) for w in words) + space * (len(words) - 1)
            assert measured_width(line, size, bold) == pytest.approx(summed, abs=1e-9), line


def test_wrap_keeps_lines_within_the_width() -> None:
    with report_style():
        for line in wrap(" ".join(prose()[:40]), 3.0, 9.5):
            assert measured_width(line, 9.5) <= 3.0 or " " not in line, line


def laid_out_whole(text: str, size: float, bold: bool) -> float:
    """The width the font machinery gives ``text`` laid out in one call (what
    measured_width put together from letter pairs must equal)."""
    from matplotlib.font_manager import FontProperties

    from planner.charts.style import drawable
    from planner.report.measure import POINTS_PER_INCH, _renderer

    text = drawable(text)
    if not text:
        return 0.0
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / POINTS_PER_INCH


@pytest.mark.parametrize(("size", "bold"), [(7.0, False), (9.5, False), (9.5, True),
                                            (13.0, True)])
def test_a_word_put_together_from_its_pairs_is_as_wide_as_laid_out_whole(
        size: float, bold: bool) -> None:
    with report_style():
        texts = [w for line in prose() for w in line.split(" ")] + prose() + amounts(40)
        for text in texts:
            assert measured_width(text, size, bold) == laid_out_whole(text, size, bold), text


# Letters of every kind a plan's names may hold: ligatures (ff, fi), kerned pairs (To, AV),
# accents, Greek, signs, a combining mark, Hebrew (right to left), CJK (a fallback font or
# none), an emoji and a zero-width joiner.
LETTERS = "aefilnorstTAVWy.,;:'\"()$%-/ 0123456789éüßσ²½·–—−→≤\u0301אב漢\U0001F600\u200d"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=LETTERS, max_size=14),
       size=st.sampled_from([7.0, 8.0, 8.5, 9.5, 13.0]), bold=st.booleans())
def test_any_text_measures_as_laid_out_whole(text: str, size: float, bold: bool) -> None:
    with report_style():
        assert measured_width(text, size, bold) == laid_out_whole(text, size, bold)
