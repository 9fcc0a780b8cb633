"""Reading a laid-out report back as text, without writing a PDF.

``flow_strings`` reads what the layout placed (paragraph lines and table cells, from the
steps' own arguments) without drawing anything; ``drawn_strings`` draws a page's steps on a
Figure and returns every figure-level text, table headers included.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from matplotlib.figure import Figure

from planner.report.layout import Page
from planner.report.pdf import report_style


def step_strings(step: object) -> list[str]:
    """A paragraph line's text, or a table row's cells (each cell's lines joined)."""
    if isinstance(step, partial):
        kw = step.keywords
        if "text" in kw:
            return [str(kw["text"])]
        if "lines" in kw:
            return [" ".join(cell) for cell in kw["lines"]]
    return []


def row_cells(page: Page) -> list[tuple[list[str], bool]]:
    """Every table row laid out on ``page`` (not headers): its cells and whether marked."""
    rows = []
    for step in page.steps:
        if isinstance(step, partial) and "lines" in step.keywords:
            rows.append(([" ".join(c) for c in step.keywords["lines"]],
                         bool(step.keywords.get("marked", False))))
    return rows


def flow_strings(pages: Iterable[Page]) -> list[str]:
    return [s for page in pages for step in page.steps for s in step_strings(step)]


def drawn_strings(page: Page) -> list[str]:
    with report_style():
        fig = Figure(figsize=page.size)
        for step in page.steps:
            step(fig)
        return [t.get_text() for t in fig.texts]


def flat(text: str) -> str:
    """Whitespace collapsed, so a sentence wrapped over lines reads as one."""
    return " ".join(text.split())


def joined(pages: Iterable[Page]) -> str:
    """The layout's text as one flat string (lines joined by spaces)."""
    return flat(" ".join(flow_strings(pages)))
