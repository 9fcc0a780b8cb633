"""Pages as lists of drawing steps, laid out top to bottom before anything is drawn.

Laying the whole report out first is what lets every page say "Page N of M": the page
count is known before the first page is saved. A step is a closure that draws on the
page's Figure at positions fixed during layout.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from matplotlib.figure import Figure

from planner.report import measure
from planner.report.fast_text import add_text
from planner.report.table import INK, Table, draw_row, fit_widths, row_height, wrapped

PORTRAIT = (8.5, 11.0)  # US letter, inches
LANDSCAPE = (11.0, 8.5)
MARGIN = 0.75
# Wide tables get narrower margins: a 40-year table then fits one landscape page.
TABLE_MARGIN = 0.5
FOOTER = 0.35  # reserved above the bottom margin for the page number line

BODY = 9.5
SMALL = 8.0
TITLE = 20.0
HEADING = 13.0
MUTED = "#555555"

Step = Callable[[Figure], None]
# Steps run after the whole layout is done: they must capture positions as values at
# layout time, never read the Flow's state (which by then describes the last page).
# A block draws itself in a box: (figure, left, top, width, height), inches from top-left.
BlockDraw = Callable[[Figure, float, float, float, float], None]


@dataclass
class Page:
    size: tuple[float, float]
    margin: float = MARGIN
    steps: list[Step] = field(default_factory=list)


def put_text(fig: Figure, x: float, top: float, text: str, size: float, *,
             bold: bool = False, color: str = INK, ha: str = "left") -> None:
    """Text whose top is ``top`` inches below the page top (never parsed as mathtext,
    because money strings hold "$")."""
    add_text(fig, x, fig.get_figheight() - top, text, transform=fig.dpi_scale_trans,
             fontsize=size, fontweight="bold" if bold else "normal", color=color,
             ha=ha, va="top", parse_math=False)


class Flow:
    """Places blocks one under the other and starts a new page when one does not fit."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.y = 0.0

    # ----- pages
    def new_page(self, size: tuple[float, float] = PORTRAIT, margin: float | None = None
                 ) -> None:
        if margin is None:  # continuation pages keep the margins of the page they continue
            margin = self.page.margin if self.pages and size == self.page.size else MARGIN
        self.pages.append(Page(size, margin))
        self.y = margin

    @property
    def margin(self) -> float:
        return self.page.margin

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def width(self) -> float:
        return self.page.size[0] - 2 * self.margin

    @property
    def bottom(self) -> float:
        return self.page.size[1] - self.margin - FOOTER

    def ensure(self, height: float) -> None:
        """Start a new page of the same size unless ``height`` inches still fit."""
        if self.y + height > self.bottom and self.y > self.margin + 1e-9:
            self.new_page(self.page.size)

    def spacer(self, height: float) -> None:
        self.y += height

    # ----- blocks
    def text(self, text: str, size: float = BODY, *, bold: bool = False, color: str = INK,
             indent: float = 0.0, after: float = 0.08) -> None:
        lh = measure.line_height(size)
        for line in measure.wrap(text, self.width - indent, size, bold):
            self.ensure(lh)
            self.page.steps.append(partial(
                put_text, x=self.margin + indent, top=self.y, text=line, size=size,
                bold=bold, color=color))
            self.y += lh
        self.y += after

    def heading(self, text: str, size: float = HEADING, keep: float | None = None) -> None:
        """A heading kept with ``keep`` inches of what follows it (by default a few lines:
        pass less when all that follows is shorter)."""
        keep = 4 * measure.line_height(BODY) if keep is None else keep
        self.ensure(measure.line_height(size) + 0.1 + keep)
        self.y += 0.08
        self.text(text, size, bold=True, after=0.06)

    def bullets_height(self, items: list[str], size: float = BODY) -> float:
        """What ``bullets`` will take, in inches."""
        lines = sum(len(measure.wrap(item, self.width - 0.22, size)) for item in items)
        return lines * measure.line_height(size) + 0.03 * len(items) + 0.05

    def bullets(self, items: list[str], size: float = BODY) -> None:
        for item in items:
            lh = measure.line_height(size)
            # A bullet stays whole: a page that starts with the last line of one reads as
            # a stray fragment.
            self.ensure(lh * len(measure.wrap(item, self.width - 0.22, size)))
            self.page.steps.append(partial(
                put_text, x=self.margin + 0.05, top=self.y, text="\u2022", size=size))
            self.text(item, size, indent=0.22, after=0.03)
        self.y += 0.05

    def block(self, height: float, draw: BlockDraw) -> None:
        self.ensure(height)
        top = self.y
        left, width = self.margin, self.width
        self.page.steps.append(lambda fig: draw(fig, left, top, width, height))
        self.y += height

    def table_height(self, table: Table) -> float:
        """What ``table`` takes on one page, in inches (to keep a short table whole)."""
        widths = fit_widths(table, self.width)
        head_h = row_height(wrapped(table.header, widths, table.size, bold=True), table.size)
        return head_h + 0.02 + sum(row_height(wrapped(r, widths, table.size), table.size)
                                   for r in table.rows)

    def table(self, table: Table, after: float = 0.15, continued: str = "") -> None:
        """A table split over pages as needed, its header repeated on every page.

        A table that spans pages is cut into near-equal page loads, so the last page never
        holds a lonely row or two; ``continued`` is printed above the header on later pages.
        """
        widths = fit_widths(table, self.width)
        head = wrapped(table.header, widths, table.size, bold=True)
        head_h = row_height(head, table.size)
        rows = [wrapped(r, widths, table.size) for r in table.rows]
        heights = [row_height(r, table.size) for r in rows]
        self.ensure(head_h + (heights[0] if rows else 0.0))
        per_page = self._balanced_load(heights, head_h)
        self._header(table, widths, head, head_h)
        on_page = 0
        for i, (lines, h) in enumerate(zip(rows, heights, strict=True)):
            if self.y + h > self.bottom or on_page >= per_page:
                self.new_page(self.page.size)
                if continued:
                    self.text(continued, SMALL, color=MUTED, after=0.06)
                self._header(table, widths, head, head_h)
                on_page = 0
            self.page.steps.append(partial(
                draw_row, x=self.margin, top=self.y, widths=widths, lines=lines,
                align=table.align, size=table.size, shade=i % 2 == 1,
                marked=bool(table.marked) and bool(table.marked[i])))
            self.y += h
            on_page += 1
        self.y += after

    def _balanced_load(self, heights: list[float], head_h: float) -> int:
        """Rows per page that spread a multi-page table evenly (any number if it fits)."""
        room_here = self.bottom - self.y - head_h
        if sum(heights) <= room_here or not heights:
            return len(heights)
        tallest = max(heights)
        here = max(1, int(room_here // tallest))
        later = max(1, int((self.bottom - self.margin - head_h - 0.3) // tallest))
        pages = 1 + math.ceil(max(0, len(heights) - here) / later)
        return math.ceil(len(heights) / pages)

    def _header(self, table: Table, widths: list[float], head: list[list[str]],
                head_h: float) -> None:
        top, left = self.y, self.margin
        self.page.steps.append(
            lambda fig: draw_row(fig, left, top, widths, head, table.align, table.size,
                                 bold=True, rule=True)
        )
        self.y += head_h + 0.02
