"""The PDF report: pages, real text, the same formatted figures, nothing off the page."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from planner.core.result import Result
from planner.report import format as fmt
from planner.report.pdf import layout_report, report_style, write_report
from tests.report.conftest import KINDS, make
from tests.report.fakes import fake_result
from tests.report.pdf_text import page_count, pdf_text, pdftotext

TODAY = date(2026, 11, 29)


def independent_figures(result: Result) -> list[str]:
    """Key figures recomputed from the raw arrays, then formatted the shared way."""
    short = result.flows["shortfall"] > 0.5
    success = 1.0 - short.any(axis=1).mean()
    terminal_real = result.balances.sum(axis=0)[:, -1] / result.price_index[:, -1]
    ret_t = result.plan.retirement_year - int(result.years[0])
    at_ret = result.balances.sum(axis=0)[:, ret_t - 1] / result.price_index[:, ret_t]
    return [fmt.pct(success), fmt.money(float(np.median(terminal_real))),
            fmt.money(float(np.median(at_ret)))]


@pytest.fixture(scope="module", params=KINDS)
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Result, Path, list[float]]:
    """One report per kind of result, shared by the tests that only read it."""
    result = make(request.param)
    fractions: list[float] = []
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_report(result, path, fractions.append, generated=TODAY)
    return result, path, fractions


def test_pages_are_numbered_and_progress_reaches_one(report: tuple[Result, Path, list[float]]
                                                     ) -> None:
    result, path, fractions = report
    pages = page_count(path)
    # summary, assumptions, charts, at least one table page, method
    assert pages >= 5
    assert len(fractions) == pages
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    text = pdf_text(path)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    assert f"Page {pages + 1} of" not in text


def test_text_is_real_and_holds_the_key_figures(report: tuple[Result, Path, list[float]]
                                                ) -> None:
    result, path, _ = report
    text = pdf_text(path)
    assert result.plan.name in text
    assert "November 29, 2026" in text
    for figure in independent_figures(result):
        assert figure in text
    assert "not financial, tax or legal advice" in text
    for source in ("Shiller", "Damodaran", "CPI-U", "Coin Metrics", "Rev. Proc. 2024-40",
                   "Notice 2025-67", "590-B"):
        assert source in text


def test_pdftotext_reads_the_same_figures(fake: Result, tmp_path: Path) -> None:
    path = write_report(fake, tmp_path / "r.pdf", generated=TODAY)
    text = pdftotext(path)
    if text is None:
        pytest.skip("pdftotext (poppler) is not installed")
    assert fake.plan.name in text
    for figure in independent_figures(fake):
        assert figure in text


def test_fonts_are_embedded_truetype_and_charts_are_vector(fake: Result, tmp_path: Path
                                                           ) -> None:
    raw = write_report(fake, tmp_path / "r.pdf", generated=TODAY).read_bytes()
    assert b"/FontFile2" in raw  # TrueType (Type 42) programs embedded
    assert b"/Type3" not in raw and b"/Subtype /Type3" not in raw
    assert b"/Subtype /Image" not in raw  # no rasterised chart


def test_year_table_pages(fake: Result, tmp_path: Path) -> None:
    path = write_report(fake, tmp_path / "r.pdf", generated=TODAY)
    raw = path.read_bytes()
    landscape = len(re.findall(rb"/MediaBox \[ ?0 0 792 612 ?\]", raw))
    portrait = len(re.findall(rb"/MediaBox \[ ?0 0 612 792 ?\]", raw))
    assert landscape >= 1 and portrait + landscape == page_count(path)
    lines = pdf_text(path).splitlines()
    # The header row (its "Year" cell) is on every table page.
    assert lines.count("Year") == landscape
    for year in fake.years:
        assert str(year) in lines
    # The penalty column is zero in every year of the fake: left out of the PDF...
    assert not any(line.startswith("Early-withdrawal") for line in lines)
    # ...and a money cell of the table is there, in today's dollars with separators.
    n = 1  # the fake's median path
    total = fake.balances[:, n, 0].sum() / fake.price_index[n, 1]
    assert fmt.money(total) in lines


@pytest.mark.parametrize("kind", ["fake", "engine"])
def test_nothing_is_drawn_outside_the_page(kind: str) -> None:
    result = make(kind)
    long_name = result.plan.with_changes(
        name="A rather long plan name that needs more than one line on the title page, "
             "to see that it wraps")
    result = dataclasses.replace(result, plan=long_name, _cache={})
    with report_style():
        for page in layout_report(result, TODAY):
            fig = Figure(figsize=page.size)
            for step in page.steps:
                step(fig)
            canvas = FigureCanvasAgg(fig)
            canvas.draw()  # positions axis labels and legends
            renderer = canvas.get_renderer()
            width, height = fig.bbox.width, fig.bbox.height
            margin = 0.3 * fig.dpi  # content may use the margin, never the paper's edge
            for text in fig.findobj(lambda a: hasattr(a, "get_window_extent")
                                    and hasattr(a, "get_text")):
                if not text.get_visible() or not text.get_text():
                    continue
                box = text.get_window_extent(renderer)
                assert box.x0 >= margin and box.x1 <= width - margin, text.get_text()
                assert box.y0 >= margin and box.y1 <= height - margin, text.get_text()


def test_fake_helper_gives_a_shortfall() -> None:
    assert fake_result().failed.all()
