"""Historical start years in the report: one row per start year, what happened to it, the
years that ran out marked, over several pages with the header repeated; none in the other
modes."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

import numpy as np

from planner import format as fmt
from planner.core.engine import project
from planner.core.outcomes import start_years
from planner.core.result import Result
from planner.report.layout import Flow
from planner.report.pdf import layout_report
from planner.report.start_years_page import SECTION, add_start_years
from tests.report.fakes import engine_result, small_plan
from tests.report.layout_text import drawn_strings, joined, row_cells

TODAY = date(2026, 3, 1)


@functools.cache
def history() -> Result:
    """A short plan without crypto (one run per start year), spending enough that the worst
    starts run out."""
    plan = small_plan(0.0)
    plan = plan.with_changes(spending=dataclasses.replace(plan.spending, annual=75_000))
    return project(plan, mode="historical")


def by_year(result: Result) -> dict[int, tuple[bool, float]]:
    """Start year -> (every run of it lasted, median estate in today's dollars), computed
    from the result's own arrays."""
    labels = np.array([int(x) for x in result.path_labels])
    out = {}
    for year in sorted(set(labels.tolist())):
        idx = labels == year
        out[year] = (bool((~result.failed[idx]).all()),
                     float(np.median(result.estate_real[idx])))
    return out


def laid_out(result: Result) -> Flow:
    flow = Flow()
    add_start_years(flow, result)
    return flow


def test_one_row_per_start_year_with_its_outcome_and_estate() -> None:
    result = history()
    expected = by_year(result)
    failed = [y for y, (ok, _) in expected.items() if not ok]
    assert failed and len(failed) < len(expected)  # both kinds of row are there
    flow = laid_out(result)
    rows = [(cells, marked) for page in flow.pages for cells, marked in row_cells(page)]
    assert [int(cells[0]) for cells, _ in rows] == list(expected)  # every year, in order
    ages = result.depletion_ages()
    labels = np.array([int(x) for x in result.path_labels])
    for cells, marked in rows:
        year = int(cells[0])
        lasted, estate = expected[year]
        assert marked == (not lasted), year
        if lasted:
            assert cells[1] == "lasted"
        else:
            age = int(ages[labels == year][0])
            assert cells[1] == f"ran out at {age}"
        assert cells[3] == fmt.money(estate)
    text = joined(flow.pages)
    n, short = len(expected), len(failed)
    assert f"{n - short} of {n} start years lasted to the end of the plan; the {short} that " \
           "ran out are shaded." in text


def test_the_table_breaks_across_pages_with_its_header_repeated() -> None:
    result = history()
    flow = laid_out(result)
    assert len(flow.pages) >= 2
    counts = [len(row_cells(page)) for page in flow.pages]
    assert sum(counts) == len(by_year(result))
    assert min(counts) >= 10  # spread over the pages: no lonely rows on the last one
    for k, page in enumerate(flow.pages):
        drawn = drawn_strings(page)
        for column in ("Start year", "Outcome", "Final balance"):
            assert drawn.count(column) == 1, (k, column)  # the header, once on every page
        if k:
            assert drawn[0] == f"{SECTION} (continued)"
    # Rows stay above the footer of each page.
    for page in flow.pages:
        bottom = page.size[1] - page.margin
        for step in page.steps:
            kw = getattr(step, "keywords", {})
            if "lines" in kw:
                assert kw["top"] < bottom


def test_with_crypto_alignments_are_counted() -> None:
    result = engine_result("historical")  # the sample: 5% crypto, 11 alignments
    rows = start_years(result)
    flow = laid_out(result)
    cells = [c for page in flow.pages for c, _ in row_cells(page)]
    assert len(cells) == len(rows) == len(set(result.path_labels))
    assert len(flow.pages) >= 2
    text = joined(flow.pages)
    assert "alignments of Bitcoin's years" in text
    assert all("alignments" in c[1] for c in cells)


def test_only_in_historical_mode() -> None:
    mc = project(small_plan(0.0), mode="monte-carlo", paths=40, seed=2)
    assert laid_out(mc).pages == []
    assert SECTION not in joined(layout_report(mc, TODAY))
    assert SECTION in joined(layout_report(history(), TODAY))


def test_the_table_fits_the_page() -> None:
    from tests.report.test_crypto_page import flow_text

    assert "1966" in flow_text(laid_out(history()), check_inside=True)
