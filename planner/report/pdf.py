"""The PDF report: summary, charts, spending delivered (withdrawal strategies), taxes,
health care, crypto share, decisions and goals (when asked for), historical start years
(historical mode), assumptions, year table, method.
US letter, vector.

Text is embedded as TrueType (pdf.fonttype 42), so it can be selected, searched and
extracted; charts are the same draw functions as in the GUI, saved as vector graphics.
The file is written next to its target and moved into place when complete (planner.atomic):
no half-written report is ever visible, and a failed or cancelled one leaves any previous
file as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner.atomic import WriteCancelled, replacing
from planner.charts.inputs import ChartInputs
from planner.charts.style import PlainTextFigure, drawable
from planner.core.result import Result
from planner.report.assumptions_page import add_assumptions
from planner.report.charts_page import add_charts
from planner.report.decisions_page import add_decisions
from planner.report.health_page import add_health_summary
from planner.report.layout import MUTED, SMALL, Flow, Page, put_text
from planner.report.methodology import add_methodology
from planner.report.sensitivity_page import add_sensitivity
from planner.report.spending_page import add_spending
from planner.report.start_years_page import add_start_years
from planner.report.summary_page import add_summary
from planner.report.tax_page import add_tax_summary
from planner.report.year_pages import add_year_table

Progress = Callable[[float], None]
NO_LIGATURES = ("-liga",)
LAYOUT_SHARE = 0.1  # of the progress bar


def report_style() -> AbstractContextManager[None]:
    """Matplotlib settings for the whole report: real text, one font, and no surprises from
    a user's matplotlibrc (which could, say, turn on usetex or Type 3 fonts)."""
    return mpl.rc_context({
        "pdf.fonttype": 42,
        # Matplotlib's PDF writer sizes its font subsets by the PostScript setting: at its
        # default (Type 3, 256 glyphs) every character past Latin-1 (a dash, a minus sign,
        # a bullet) went into a second copy of each font. TrueType holds them all in one.
        "ps.fonttype": 42,
        "font.family": "DejaVu Sans",
        "text.usetex": False,
        # Names (people, accounts, streams, the plan) print as written: a "$" in one must
        # never start mathtext, which raises on "Al $\\foo$" and cost the whole report.
        "text.parse_math": False,
        "axes.unicode_minus": False,  # keep "-$20k" a plain hyphen, as format.py writes it
    })


def without_ligatures(fig: Figure) -> None:
    """Draw fi, fl and ffi as their letters in the charts too, as the report's own text
    is (fast_text): a ligature glyph has no character code of its own, and matplotlib
    embeds a second copy of the font for such glyphs."""
    for text in fig.findobj(Text):
        text.set_fontfeatures(NO_LIGATURES)


def as_inputs(inputs: ChartInputs | Result) -> ChartInputs:
    """A bare Result (what older callers pass) becomes inputs without the extra runs."""
    return inputs if isinstance(inputs, ChartInputs) else ChartInputs(inputs)


def layout_report(inputs: ChartInputs | Result, generated: date, real: bool = True
                  ) -> list[Page]:
    """Every page of the report, laid out but not yet drawn."""
    inputs = as_inputs(inputs)
    result = inputs.result
    flow = Flow()
    add_summary(flow, result, generated, inputs.worst_history)
    add_charts(flow, inputs, real)
    add_spending(flow, inputs, real)
    add_tax_summary(flow, inputs, real)
    add_health_summary(flow, inputs, real)
    add_sensitivity(flow, inputs, getattr(inputs, "sensitivity_paths", None), real)
    add_decisions(flow, inputs)
    add_start_years(flow, result)
    runs = getattr(inputs, "crypto_runs", None)
    add_assumptions(flow, result, runs.seed if runs is not None else None)
    add_year_table(flow, result, real)
    add_methodology(flow, result.plan)
    return flow.pages


def page_footer(fig: Figure, page: Page, number: int, total: int, left_text: str) -> None:
    bottom = fig.get_figheight() - page.margin - 0.12
    put_text(fig, page.margin, bottom, left_text, SMALL, color=MUTED)
    put_text(fig, fig.get_figwidth() - page.margin, bottom, f"Page {number} of {total}",
             SMALL, color=MUTED, ha="right")


def write_report(
    inputs: ChartInputs | Result,
    path: str | Path,
    progress: Progress | None = None,
    *,
    real: bool = True,
    generated: date | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Write the report to ``path`` and return it; ``progress(fraction)`` after the layout
    and after each page. When ``cancel()`` turns true (it is asked before each page and
    before the file is moved into place) WriteCancelled is raised and nothing is written.

    ``inputs`` is what ``report_inputs(plan)`` returns; a bare Result also works, and its
    report leaves out the parts that need the extra runs (saying so where they would be).
    """
    path = Path(path)
    generated = generated or date.today()
    inputs = as_inputs(inputs)
    name = drawable(inputs.result.plan.name)  # the PDF's metadata cannot hold a lone surrogate
    with report_style():
        pages = layout_report(inputs, generated, real)
        total = len(pages)
        if progress is not None:  # laying out (measuring every table cell) takes a while too
            progress(LAYOUT_SHARE)
        footer_text = f"{name} \u2014 planner report, {generated.isoformat()}"
        metadata = {
            "Title": f"Retirement plan report: {name}",
            "Subject": "Retirement projection",
            "Creator": "planner",
        }
        with replacing(path, cancel) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
            for number, page in enumerate(pages, start=1):
                if cancel is not None and cancel():
                    raise WriteCancelled(f"{path.name} was not written (cancelled)")
                fig = PlainTextFigure(figsize=page.size)  # names print as written
                for step in page.steps:
                    step(fig)
                page_footer(fig, page, number, total, footer_text)
                without_ligatures(fig)
                pdf.savefig(fig)
                if progress is not None:
                    progress(LAYOUT_SHARE + (1 - LAYOUT_SHARE) * number / total)
    return path
