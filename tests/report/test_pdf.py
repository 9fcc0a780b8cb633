"""The PDF report: pages, real text, the same formatted figures, nothing off the page."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.core.model import Mortality
from planner.core.result import Result
from planner.report.figures import (
    DEFERRED_TAX_LABEL,
    LIFETIME_TAX_LABEL,
    estate_label,
    key_figures,
    legacy_label,
    state_tax_label,
)
from planner.report.pdf import layout_report, report_style, write_report
from tests.report.conftest import make
from tests.report.fakes import couple_result, engine_inputs, fake_inputs, fake_result
from tests.report.independent import estates_real, last_years, median_path, real
from tests.report.pdf_text import page_count, pdf_text, pdftotext

TODAY = date(2026, 11, 29)


def independent_figures(result: Result) -> list[str]:
    """Key figures recomputed from the raw arrays, then formatted the shared way."""
    short = result.flows["shortfall"] > 0.5
    success = 1.0 - short.any(axis=1).mean()
    ret_t = result.plan.retirement_year - int(result.years[0])
    at_ret = result.balances.sum(axis=0)[:, ret_t - 1] / result.price_index[:, ret_t]
    paid = sum(result.flows[k] for k in ("tax_federal", "tax_state", "tax_payroll", "penalty"))
    lifetime_tax = (paid / result.price_index[:, :-1]).sum(axis=1)
    return [fmt.pct(success), fmt.money(float(np.median(estates_real(result)))),
            fmt.money(float(np.median(at_ret))), fmt.money(float(np.median(lifetime_tax)))]


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
    # The header row (its "Year" cell) is on every table page (and heads the money received).
    assert lines.count("Year") == landscape + 1
    for year in fake.years:
        assert str(year) in lines
    # The penalty column is zero in every year of the fake: left out of the PDF...
    assert not any(line.startswith("Early-withdrawal") for line in lines)
    # ...and a money cell of the table is there, in today's dollars with separators.
    n = 1  # the fake's median path
    total = fake.balances[:, n, 0].sum() / fake.price_index[n, 1]
    assert fmt.money(total) in lines


def off_view_tick_labels(ax: Axes) -> list[Text]:
    """Tick labels the locator made past the axis limits: matplotlib keeps them as artists
    but never draws them."""
    lo, hi = sorted(ax.get_xlim())
    return [t for t in ax.get_xticklabels() if not lo - 1e-9 <= t.get_position()[0] <= hi + 1e-9]


@pytest.mark.parametrize("kind", ["fake", "couple", "drawn"])
def test_nothing_is_drawn_outside_the_page(kind: str) -> None:
    # The two-person fake with every extra (the widest tables and every chart), and the
    # couple with every kind of income, plain and with ages at death drawn.
    if kind == "fake":
        inputs = fake_inputs()
        long_name = inputs.result.plan.with_changes(
            name="A rather long plan name that needs more than one line on the title page, "
                 "to see that it wraps")
        inputs = dataclasses.replace(
            inputs, result=dataclasses.replace(inputs.result, plan=long_name, _cache={}))
    else:
        mortality = Mortality.LIFE_TABLE if kind == "drawn" else Mortality.FIXED
        mode = "monte-carlo" if kind == "drawn" else "expected"
        inputs = ChartInputs(couple_result(mode, mortality))
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
            undrawn = {id(t) for ax in fig.axes for t in off_view_tick_labels(ax)}
            for text in fig.findobj(lambda a: hasattr(a, "get_window_extent")
                                    and hasattr(a, "get_text")):
                if not text.get_visible() or not text.get_text() or id(text) in undrawn:
                    continue
                box = text.get_window_extent(renderer)
                assert box.x0 >= margin and box.x1 <= width - margin, text.get_text()
                assert box.y0 >= margin and box.y1 <= height - margin, text.get_text()


SECTIONS = ["Balances and income", "Taxes", "Lifetime taxes by kind",
            "Crypto share", "Assumptions", "People and income", "Spending",
            "Year by year: cash flow, balances and spending goal", "Method and sources",
            "How to read the charts", "Data sources"]
CHART_TITLES = ["Balances by account", "Income vs. spending (", "Taxes per year by kind"]


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
    assert "Crypto share: success rate and final balance" in text
    for row in inputs.sensitivity or []:
        line = [fmt.share(row.crypto_share), fmt.pct(row.success_rate),
                fmt.money(row.median_terminal), fmt.money(row.p10_terminal)]
        assert all(cell in text for cell in line)
    # The crypto page runs Monte Carlo with the report's paths (1,000 for an expected report)
    paths = 1000 if result.n_paths == 1 else result.n_paths
    assert f"Monte Carlo, {fmt.count(paths)} simulated paths" in text.replace("\n", " ")
    for heading in ("Stress tests", "How much crypto?", "What the answer depends on"):
        assert heading in text
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
                for k in ("tax_federal", "tax_state", "tax_payroll", "penalty"))
    at = lines.index("Total taxes (federal, state, payroll, penalties)")
    assert lines[at + 1] == fmt.money(total)  # the typical path's "Lifetime taxes"
    t = result.plan.retirement_year - int(result.years[0])
    assert fmt.money(float(result.flows["taxable_income"][n, t])) in lines
    assert fmt.money(float(result.flows["taxable_income"][n, t] / deflate[t])) in lines


def test_payroll_tax_has_its_own_line(report: tuple[Result, Path, list[float]]) -> None:
    """The lifetime table's payroll line is the typical path's payroll tax; the first year
    of retirement lists payroll tax among its lines."""
    result, path, _ = report
    lines = pdf_text(path).splitlines()
    payroll = float(real(result, "tax_payroll", median_path(result)).sum())
    assert payroll > 0.5  # every plan here has a salary
    table = next(i for i, line in enumerate(lines) if line.startswith("Lifetime taxes by kind"))
    assert "Payroll tax" in lines[:table]  # the chart's legend
    at = lines.index("Payroll tax", table)
    assert lines[at + 1] == fmt.money(payroll)
    assert "Payroll tax (Social Security and Medicare)" in lines


def test_year_pages_carry_a_cash_flow_that_sums(fake: Result, fake_pdf: Path) -> None:
    """On the first table page each row reads Year, ages, then income, taxes, your
    contributions, spending and saved/withdrawn, which add up (to rounding)."""
    lines = pdf_text(fake_pdf).splitlines()
    n = median_path(fake)
    for t in (0, 8, 14, 30):  # working, retired, the year of the big sale, after the death
        year = str(int(fake.years[t]))
        # Ages are printed only while each person lives (blank after a death).
        ages = [str(int(a[t])) for p, a in enumerate(fake.ages) if fake.death_t[p, n] >= t]
        at = next(i for i, line in enumerate(lines)
                  if line == year and lines[i + 1:i + 1 + len(ages)] == ages)
        first = at + 1 + len(ages)
        cells = lines[first:first + 5]
        wanted = [real(fake, k, n)[t] for k in ("income", "taxes", "contributions",
                                                "spending", "net_saved")]
        assert cells == [fmt.money(float(v)) for v in wanted]
        income, taxes, contributions, spending, net = (
            int(c.replace("$", "").replace(",", "")) for c in cells)
        assert abs(income - taxes - contributions - spending - net) <= 2


def test_key_figures_speak_of_the_estate_and_payroll(fake_pdf: Path) -> None:
    text = pdf_text(fake_pdf)
    flat = text.replace("\n", " ")  # a label may wrap in its table cell
    assert "Estate at the last death (2060)" in text  # Sam's horizon: 1968 + 92
    assert "Lifetime taxes (federal, state, payroll, penalties)" in flat
    assert "The plan runs from 2026 to 2060, the year of the last death (Sam at 92)." in text
    assert "85 (2051)" in text  # Robin lives to 85: the household table


def test_a_couple_with_a_death_renders(tmp_path: Path) -> None:
    """Sam dies at 70 in 2041, Ari lives to 95: the report runs to 2068 and says so."""
    r = couple_result()
    path = write_report(r, tmp_path / "couple.pdf", generated=TODAY)
    text = pdf_text(path)
    flat = text.replace("\n", " ")  # table cells and paragraphs wrap over lines
    assert page_count(path) >= 10
    for wanted in ("Lasts to Ari's 95", "Estate at the last death (2068)", "70 (2041)",
                   "Cabin rental", "Sale of the cabin", "as ordinary income",
                   "From when Ari turns 75: $80,000 a year.", "spends 25% less",
                   "Sam and Ari, jointly", fmt.money(float(estates_real(r)[0]))):
        assert wanted in flat, wanted
    lines = text.splitlines()
    assert "2068" in lines and "2069" not in lines  # the table ends with the last death


def test_deaths_drawn_from_the_life_table_render(tmp_path: Path) -> None:
    r = couple_result("monte-carlo", Mortality.LIFE_TABLE)
    path = write_report(r, tmp_path / "drawn.pdf", generated=TODAY)
    text = pdf_text(path)
    assert "with ages at death drawn from the SSA 2023 period life table" in text.replace(
        "\n", " ")
    assert "Estate at the last death (the year differs by path)" in text
    assert fmt.money(float(np.median(estates_real(r)))) in text
    median_end = int(np.median(r.years[last_years(r)]))
    assert f"(median year of the last death {median_end})" in text.replace("\n", " ")


def test_fake_helper_gives_a_shortfall() -> None:
    assert fake_result().failed.all()


def test_key_figures_give_the_estate_after_heirs_tax_and_the_deferred_tax(
        pdf_folder: Path) -> None:
    result, path, _ = written("engine_inputs", pdf_folder)  # one path, money left to heirs
    s = result.summary
    assert s.deferred_tax > 0  # traditional money is left at the end
    assert s.legacy_after_tax == pytest.approx(s.terminal_balance - s.deferred_tax)
    figures = key_figures(result)
    labels = [label for label, _ in figures]
    estate = labels.index(estate_label(result))
    assert figures[estate + 1] == (legacy_label(result), fmt.money(s.legacy_after_tax))
    assert legacy_label(result) == ("Estate after heirs' income tax (24% on traditional and "
                                    "HSA money)")
    tax = labels.index(LIFETIME_TAX_LABEL)
    state = labels.index(state_tax_label(result))  # the sample's state: part of the taxes
    assert tax + 1 == state
    assert figures[state + 1] == (DEFERRED_TAX_LABEL, fmt.money(s.deferred_tax))
    flat = pdf_text(path).replace("\n", " ")
    for wanted in (fmt.money(s.legacy_after_tax), fmt.money(s.deferred_tax),
                   "Estate after heirs' income tax", DEFERRED_TAX_LABEL,
                   "Heirs' tax rate: 24%", "lifetime taxes do not include it"):
        assert wanted in flat, wanted
