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

from planner.charts.inputs import ChartInputs
from planner.core.result import Result
from planner.report import format as fmt
from planner.report.pdf import layout_report, report_style, write_report
from tests.report.conftest import make
from tests.report.fakes import engine_inputs, fake_inputs, fake_result
from tests.report.pdf_text import page_count, pdf_text, pdftotext
from tests.report.test_charts import median_path

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


# Full reports are slow to write (a second per few pages), so a few kinds cover the cases:
# a bare Result (what the old CLI passes), and report_inputs() for a simulated and an
# expected plan.
REPORT_KINDS = ["fake", "engine_mc_inputs", "engine_inputs"]


def report_source(kind: str) -> ChartInputs | Result:
    if kind == "engine_mc_inputs":
        return engine_inputs("monte-carlo")
    if kind == "engine_inputs":
        return engine_inputs("expected")
    return make(kind)


_WRITTEN: dict[str, tuple[Result, Path, list[float]]] = {}


def written(kind: str, folder: Path) -> tuple[Result, Path, list[float]]:
    """The report of that kind, written once per session: (result, path, progress)."""
    if kind not in _WRITTEN:
        source = report_source(kind)
        result = source.result if isinstance(source, ChartInputs) else source
        fractions: list[float] = []
        path = folder / f"{kind}.pdf"
        write_report(source, path, fractions.append, generated=TODAY)
        _WRITTEN[kind] = (result, path, fractions)
    return _WRITTEN[kind]


@pytest.fixture(scope="session")
def pdf_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(params=REPORT_KINDS)
def report(request: pytest.FixtureRequest, pdf_folder: Path) -> tuple[Result, Path, list[float]]:
    return written(request.param, pdf_folder)


@pytest.fixture
def fake_pdf(pdf_folder: Path) -> Path:
    return written("fake", pdf_folder)[1]


def test_pages_are_numbered_and_progress_reaches_one(report: tuple[Result, Path, list[float]]
                                                     ) -> None:
    result, path, fractions = report
    pages = page_count(path)
    # summary, assumptions, charts, at least one table page, method
    assert pages >= 5
    assert len(fractions) == pages + 1  # the layout, then each page
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


def test_pdftotext_reads_the_same_figures(fake: Result, fake_pdf: Path) -> None:
    path = fake_pdf
    text = pdftotext(path)
    if text is None:
        pytest.skip("pdftotext (poppler) is not installed")
    assert fake.plan.name in text
    for figure in independent_figures(fake):
        assert figure in text


def test_fonts_are_embedded_truetype_and_charts_are_vector(fake_pdf: Path) -> None:
    raw = fake_pdf.read_bytes()
    assert b"/FontFile2" in raw  # TrueType (Type 42) programs embedded
    assert b"/Type3" not in raw and b"/Subtype /Type3" not in raw
    assert b"/Subtype /Image" not in raw  # no rasterised chart


def test_year_table_pages(fake: Result, fake_pdf: Path) -> None:
    path = fake_pdf
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


def test_nothing_is_drawn_outside_the_page() -> None:
    # The two-person fake with every extra: the widest tables and every chart.
    inputs = fake_inputs()
    long_name = inputs.result.plan.with_changes(
        name="A rather long plan name that needs more than one line on the title page, "
             "to see that it wraps")
    inputs = dataclasses.replace(
        inputs, result=dataclasses.replace(inputs.result, plan=long_name, _cache={}))
    with report_style():
        for page in layout_report(inputs, TODAY):
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


SECTIONS = ["Balances and income", "Taxes", "Lifetime taxes by kind",
            "Crypto share", "Assumptions", "Year by year", "Method and sources",
            "How to read the charts", "Data sources"]
CHART_TITLES = ["Balances by account", "Retirement income vs. spending goal",
                "Taxes per year by kind"]


def test_sections_and_charts_are_there(report: tuple[Result, Path, list[float]]) -> None:
    result, path, _ = report
    text = pdf_text(path)
    for heading in [*SECTIONS, *CHART_TITLES]:
        assert heading in text, heading
    assert "The first year of retirement, " in text
    many = result.n_paths > 1
    for title in ("Total balance, range of outcomes (", "When savings run out ("):
        assert (title in text) == many, title
    if not many:
        assert "Not shown: Range of outcomes (needs a Monte Carlo or historical run)" in text


def test_extras_appear_only_when_computed(report: tuple[Result, Path, list[float]]) -> None:
    result, path, _ = report
    text = pdf_text(path)
    inputs = engine_inputs(result.mode) if result.plan.name.startswith("Sample") else None
    if inputs is None:  # the bare Result
        assert "The crypto sensitivity was not computed for this report." in text
        assert "Worst historical start year" not in text
        return
    assert "Crypto share: success rate and weak-market outcome" in text
    for row in inputs.sensitivity or []:
        line = [fmt.share(row.crypto_share), fmt.pct(row.success_rate),
                fmt.money(row.median_terminal), fmt.money(row.p10_terminal)]
        assert all(cell in text for cell in line)
    assert "1,000 simulated paths" in text
    worst = inputs.worst_history
    assert worst is not None
    assert f"Worst historical start ({worst.start_year})" in text or result.n_paths == 1
    assert f"{worst.start_year}: " in text  # the key figure


def test_tax_summary_numbers(report: tuple[Result, Path, list[float]]) -> None:
    result, path, _ = report
    lines = pdf_text(path).splitlines()
    n = median_path(result)
    deflate = result.price_index[n, :-1]
    ordinary = float((result.flows["tax_ordinary"][n] / deflate).sum())
    state = float((result.flows["tax_state"][n] / deflate).sum())
    if ordinary >= 0.5:
        assert fmt.money(ordinary) in lines
    assert fmt.money(state) in lines
    total = sum(float((result.flows[k][n] / deflate).sum())
                for k in ("tax_federal", "tax_state", "penalty"))
    assert fmt.money(total) in lines  # matches the key figure "Lifetime taxes"
    t = result.plan.retirement_year - int(result.years[0])
    assert fmt.money(float(result.flows["taxable_income"][n, t])) in lines
    assert fmt.money(float(result.flows["taxable_income"][n, t] / deflate[t])) in lines


def test_fake_helper_gives_a_shortfall() -> None:
    assert fake_result().failed.all()
