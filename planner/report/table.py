"""Tables of already-formatted strings: column widths, wrapped cells, drawing in inches.

A table never formats numbers itself: cells arrive as strings from ``format``, so the PDF
shows what the GUI shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from planner.report import measure
from planner.report.fast_text import add_text

PAD = 0.07  # inches of space left and right inside each cell
INK = "#222222"
RULE = "#888888"
ZEBRA = "#F2F4F7"
MARKED = "#FBE3E3"  # rows a table flags (a start year that ran out)
HEADER_MAX = 1.2
MAX_STRETCH = 1.35


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: Sequence[str]  # "left" or "right" per column; numbers go right
    size: float = 8.5
    stretch: bool = False  # widen columns to the full text width
    marked: Sequence[bool] = ()  # rows drawn on a red tint (empty: none)


def natural_widths(table: Table) -> list[float]:
    """Each column as wide as its widest cell or its header on one line (a long header
    wraps past HEADER_MAX inches rather than make a column of short numbers wide)."""
    widths = []
    for i, head in enumerate(table.header):
        header_w = min(measure.text_width(head, table.size, bold=True),
                       max(HEADER_MAX, measure.widest_word(head, table.size, bold=True)))
        cells = (measure.text_width(row[i], table.size) for row in table.rows)
        widths.append(max([header_w, *cells]) + 2 * PAD)
    return widths


def min_widths(table: Table) -> list[float]:
    """The narrowest each column can be: headers wrap at words, text cells wrap at words,
    numbers never wrap (a wrapped amount is misread)."""
    floors = []
    for i, head in enumerate(table.header):
        cells = [row[i] for row in table.rows]
        if table.align[i] == "left":
            cell_w = max((measure.widest_word(c, table.size) for c in cells), default=0.0)
        else:
            cell_w = max((measure.text_width(c, table.size) for c in cells), default=0.0)
        floors.append(max(cell_w, measure.widest_word(head, table.size, bold=True)) + 2 * PAD)
    return floors


def fit_widths(table: Table, available: float) -> list[float]:
    """Column widths within ``available`` inches when possible: start from one-line widths
    and take the excess from every column in proportion to how much it can give."""
    widths = natural_widths(table)
    excess = sum(widths) - available
    if excess > 0 and table.stretch:
        # A wide table of numbers: every column at its narrowest (long headers wrap), then
        # the room left shared in proportion, so no column of amounts stays wide just
        # because its header is long.
        floors = min_widths(table)
        grow = max(1.0, min(available / sum(floors), MAX_STRETCH)) if sum(floors) > 0 else 1.0
        widths = [f * grow for f in floors]
    elif excess > 0:
        floors = min_widths(table)
        slack = [w - f for w, f in zip(widths, floors, strict=True)]
        cut = min(1.0, excess / sum(slack)) if sum(slack) > 0 else 0.0
        widths = [w - s * cut for w, s in zip(widths, slack, strict=True)]
    elif table.stretch and sum(widths) > 0:
        # Fill the line, but not so much that a narrow table turns into islands of numbers.
        grow = min(available / sum(widths), MAX_STRETCH)
        widths = [w * grow for w in widths]
    return widths


def wrapped(cells: Sequence[str], widths: Sequence[float], size: float, bold: bool = False
            ) -> list[list[str]]:
    return [
        measure.wrap(c, w - 2 * PAD + 1e-6, size, bold)
        for c, w in zip(cells, widths, strict=True)
    ]


def row_height(lines: Sequence[Sequence[str]], size: float) -> float:
    return max(len(c) for c in lines) * measure.line_height(size) + 0.04


def draw_row(
    fig: Figure,
    x: float,
    top: float,
    widths: Sequence[float],
    lines: Sequence[Sequence[str]],
    align: Sequence[str],
    size: float,
    *,
    bold: bool = False,
    shade: bool = False,
    rule: bool = False,
    marked: bool = False,
) -> None:
    """Draw one row whose top edge is ``top`` inches below the top of the page; a
    ``marked`` row sits on a red tint, a ``shade``d one on the zebra grey."""
    page_h = fig.get_figheight()
    height = row_height(lines, size)
    trans = fig.dpi_scale_trans
    y_top = page_h - top
    if shade or marked:
        fig.add_artist(Rectangle((x, y_top - height), sum(widths), height, transform=trans,
                                 facecolor=MARKED if marked else ZEBRA, edgecolor="none",
                                 zorder=0))
    lh = measure.line_height(size)
    cx = x
    for cell, w, al in zip(lines, widths, align, strict=True):
        tx = cx + PAD if al == "left" else cx + w - PAD
        for k, line in enumerate(cell):
            add_text(fig, tx, y_top - 0.03 - k * lh, line, transform=trans, fontsize=size,
                     ha=al, va="top", color=INK, fontweight="bold" if bold else "normal",
                     parse_math=False)
        cx += w
    if rule:
        fig.add_artist(Line2D([x, x + sum(widths)], [y_top - height] * 2, transform=trans,
                              color=RULE, linewidth=0.7))
