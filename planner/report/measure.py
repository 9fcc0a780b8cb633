"""Text sizes in inches, measured with the same font machinery that draws the PDF.

Measuring (rather than guessing from character counts) is what keeps table columns and
wrapped paragraphs inside the page for any plan name or account name.
"""

from __future__ import annotations

import re
from functools import cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

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
    """``text_width`` measured by the font machinery itself."""
    text = drawable(text)
    if not text:
        return 0.0
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / POINTS_PER_INCH


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
