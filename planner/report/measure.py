"""Text sizes in inches, measured with the same font machinery that draws the PDF.

Measuring (rather than guessing from character counts) is what keeps table columns and
wrapped paragraphs inside the page for any plan name or account name.
"""

from __future__ import annotations

from functools import cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from planner.charts.style import drawable

POINTS_PER_INCH = 72.0


@cache
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, POINTS_PER_INCH)


@cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in inches at ``size`` points (no math parsing), as it
    will be drawn: without the characters no font draws (``style.drawable``)."""
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
    paragraph made long reports slow); each finished line is then measured whole, and
    gives back words if kerning made it a hair too wide.
    """
    space = space_width(size, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if current and used + space + w > width:
                lines += _fit(current, width, size, bold)
                current, used = [word], w
            else:
                used = used + space + w if current else w
                current.append(word)
        lines += _fit(current, width, size, bold)
    return lines


def _fit(words: list[str], width: float, size: float, bold: bool) -> list[str]:
    """The words as one line, or more in the rare case the exact width is over."""
    out: list[str] = []
    while len(words) > 1 and text_width(" ".join(words), size, bold) > width:
        k = len(words) - 1
        while k > 1 and text_width(" ".join(words[:k]), size, bold) > width:
            k -= 1
        out.append(" ".join(words[:k]))
        words = words[k:]
    out.append(" ".join(words))
    return out


def widest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(w, size, bold) for w in text.split()), default=0.0)
