"""Text sizes in inches, measured with the same font machinery that draws the PDF.

Measuring (rather than guessing from character counts) is what keeps table columns and
wrapped paragraphs inside the page for any plan name or account name.
"""

from __future__ import annotations

from functools import cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

POINTS_PER_INCH = 72.0


@cache
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, POINTS_PER_INCH)


@cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in inches at ``size`` points (no math parsing)."""
    if not text:
        return 0.0
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / POINTS_PER_INCH


def line_height(size: float) -> float:
    """Baseline-to-baseline distance in inches for ``size`` points of text."""
    return size * 1.4 / POINTS_PER_INCH


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` inches; explicit newlines start new paragraphs' lines.

    A single word longer than the width stays whole on its own line (never split mid-word).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def widest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(w, size, bold) for w in text.split()), default=0.0)
