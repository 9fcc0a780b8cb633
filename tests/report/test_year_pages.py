"""Which columns the year pages print, in which parts, and that every part fits its page."""

from __future__ import annotations

import pytest

from planner.core.engine import project
from planner.core.result import Result
from planner.core.storage import load_plan
from planner.report.layout import LANDSCAPE, TABLE_MARGIN
from planner.report.table import fit_widths
from planner.report.year_pages import table_parts, to_table
from tests.report.fakes import FIXTURES, couple_result, fake_result

CASH_FLOW = ["Income", "Taxes", "Your contributions", "Spending (incl. health care)",
             "Saved (+) / withdrawn (\u2212)"]
AVAILABLE = LANDSCAPE[0] - 2 * TABLE_MARGIN


def parts(r: Result) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The parts, and the columns that should be printed: every non-zero one and the five
    of the cash flow (computed here without the module's helpers)."""
    df = r.year_table(real=True)
    keys = ["Year", *r.age_labels()]
    shown = [c for c in df.columns
             if c not in keys and (c in CASH_FLOW or (df[c].abs() >= 0.5).any())]
    return table_parts(r, df), shown


@pytest.mark.parametrize("which", ["fake", "couple", "retired"])
def test_cash_flow_leads_and_every_column_is_printed_once(which: str) -> None:
    if which == "retired":  # no contributions at all: the column stays, so the sum reads
        r = project(load_plan(FIXTURES / "retired_couple.json"), mode="expected")
        assert (r.flows["contributions"] == 0).all()
    else:
        r = fake_result() if which == "fake" else couple_result()
    pages, shown = parts(r)
    first_title, first = pages[0]
    assert first[:5] == CASH_FLOW
    assert first_title.startswith("cash flow")
    printed = [c for _, cols in pages for c in cols]
    assert sorted(printed) == sorted(shown) and len(printed) == len(set(printed))
    assert "Early-withdrawal penalty" not in printed or which != "fake"  # all zero there
    df = r.year_table(real=True)
    keys = ["Year", *r.age_labels()]
    for _, cols in pages:  # each part fits across a landscape page
        assert sum(fit_widths(to_table(df, keys, cols), AVAILABLE)) <= AVAILABLE + 1e-9


def test_health_care_has_its_own_part_after_the_spending_goal() -> None:
    """The fake pays premiums, gets a credit, loses it, then pays Medicare and IRMAA: the
    health-care part lists what was paid, its total, then the credit lost."""
    r = fake_result()
    pages, _ = parts(r)
    printed = [c for _, cols in pages for c in cols]
    health = ["Marketplace premium", "Premium tax credit", "Medicare Part B and D",
              "Medicare IRMAA (B and D)", "Out-of-pocket medical", "Health care",
              "Credit lost above 400% FPL"]
    at = printed.index(health[0])
    assert printed[at:at + len(health)] == health
    assert printed.index("Shortfall") < at  # after the spending goal
    titles = [title for title, cols in pages if "Health care" in cols]
    assert titles and "health care" in titles[0]
