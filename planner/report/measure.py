"""Text sizes in inches, measured with the same font machinery that draws the PDF.

Measuring (rather than guessing from character counts) is what keeps table columns and
wrapped paragraphs inside the page for any plan name or account name.
"""

from __future__ import annotations

import re
from functools import cache

from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

from planner.charts.style import drawable

POINTS_PER_INCH = 72.0


@cache
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, POINTS_PER_INCH)


# A table cell of money, counts, years or percentages. Every digit of the report's font is
# as wide as every other, and no digit is kerned against its neighbours, so such a cell
# measures the same with its inner digits written as 0 (the first and last characters stay:
# their side bearings are part of the ink's width). A year table of 2,000 distinct amounts
# then costs a few dozen measurements (tests/report/test_measure.py checks the premise).
NUMBER = re.compile(r"[0-9$,.%+\-\u2212() ]{3,}")
DIGIT = re.compile(r"[0-9]")


def same_width(text: str) -> str:
    """A string that measures exactly as ``text`` does (see NUMBER), shared by many."""
    if NUMBER.fullmatch(text) is None:
        return text
    return text[0] + DIGIT.sub("0", text[1:-1]) + text[-1]


@cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in inches at ``size`` points (no math parsing), as it
    will be drawn: without the characters no font draws (``style.drawable``)."""
    return measured_width(same_width(text), size, bold)


@cache
def measured_width(text: str, size: float, bold: bool = False) -> float:
    """``text_width`` as the font machinery measures it (see ``_units``)."""
    text = drawable(text)
    if not text:
        return 0.0
    return _units(text, size, bold) / 64.0 / POINTS_PER_INCH


# What the font machinery measures is the pen's travel: each glyph's hinted advance, plus
# the kerning of each pair, in 64ths of a point (a line is as wide as its words, and a word
# of one letter as that letter's advance). Laying out text costs about 0.1 ms a call plus
# 0.01 ms a letter (shaping each time), so a word is put together from its letter pairs,
# and the pairs a word brings that were not seen before are laid out in one call. That
# gives exactly the width of the word laid out whole (tests/report/test_measure.py checks
# every string of the sample's report and random ones) at about half the cost: the sample
# report's 2,806 strings took 0.30 s against 0.63 s.
# Letters that ligatures join (ff, fi, fl: the measure keeps ligatures, unlike the drawing)
# are laid out whole, as are words the report's font cannot draw alone (a fallback font's
# letters), and single letters.
JOINED = ("ff", "fi", "fl")


def _units(text: str, size: float, bold: bool) -> float:
    """The width of ``text`` (drawable) in 64ths of a point."""
    if len(text) < 2 or any(j in text for j in JOINED) or not _own_letters(text, bold):
        return _laid_out(text, size, bold)
    steps = _steps(size, bold)
    missing = [a + b for a, b in zip(text, text[1:], strict=False) if a + b not in steps]
    if missing:
        _lay_out_pairs(missing, size, bold, steps)
    return sum(steps[a + b] for a, b in zip(text, text[1:], strict=False)) \
        + _laid_out(text[-1], size, bold)


def _font(size: float, bold: bool) -> FT2Font:
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return _renderer()._prepare_font(prop)


@cache
def _laid_out(text: str, size: float, bold: bool) -> float:
    """The width of ``text`` laid out whole, in 64ths of a point."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width) * 64.0


@cache
def _steps(size: float, bold: bool) -> dict[str, float]:
    """Pair -> how far the pen moves from its first letter to its second (advance and
    kerning), in 64ths of a point; filled as pairs are met."""
    return {}


def _lay_out_pairs(pairs: list[str], size: float, bold: bool, steps: dict[str, float]) -> None:
    """Lay out ``pairs`` in one call, a space between them, and keep each one's step."""
    pairs = list(dict.fromkeys(pairs))
    font = _font(size, bold)
    at = font.set_text(" ".join(pairs), 0.0, flags=get_hinting_flag())
    for k, pair in enumerate(pairs):
        steps[pair] = float(at[3 * k + 1][0] - at[3 * k][0])


def line_height(size: float) -> float:
    """Baseline-to-baseline distance in inches for ``size`` points of text."""
    return size * 1.4 / POINTS_PER_INCH


def space_width(size: float, bold: bool = False) -> float:
    """What a space adds between two words (a lone space measures as nothing)."""
    return text_width("a a", size, bold) - 2 * text_width("a", size, bold)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` inches; explicit newlines start new paragraphs' lines.

    A single word longer than the width stays whole on its own line (never split mid-word).
    Lines grow by the cached widths of their words (measuring every longer prefix of a
    paragraph made long reports slow). That sum is the line's exact width: a text is as wide
    as its pen moves, and the report's font kerns no pair with a space, so a line measures
    as its words and spaces (tests/report/test_measure.py checks this on the report's own
    prose); measuring each finished line again cost a fifth of the layout and changed none.
    """
    space = space_width(size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                used = used + space + w if current else w
                current.append(word)
        lines.append(" ".join(current))
    return lines


def widest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(w, size, bold) for w in text.split()), default=0.0)


def _own_letters(text: str, bold: bool) -> bool:
    """Whether every letter of ``text`` is one the report's font draws itself, in a script
    laid out left to right letter by letter (see ``_plain``)."""
    return all(_plain(c, bold) for c in text)


@cache
def _plain(letter: str, bold: bool) -> bool:
    """Latin, Greek and Cyrillic letters, punctuation, currency, arrows and mathematical
    signs, without combining marks, that the font itself has: one glyph each, in order.
    (Right-to-left scripts are reordered, combining marks join their letter, and a letter
    from a fallback font is laid out apart.)"""
    code = ord(letter)
    ordinary = (code < 0x0300 or 0x0370 <= code < 0x0590 or 0x2000 <= code < 0x2300) \
        and code not in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F) and not 0x202A <= code <= 0x202E
    return ordinary and bool(_font(10.0, bold).get_char_index(code))
