"""Health care and state tax in the report: the key figures, the health-care page, the
year pages and the charts, each checked against figures recomputed from the Result's raw
flows (never through its helpers or the report's)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.health import draw_health, hover_health
from planner.charts.income import draw_income
from planner.core.engine import project
from planner.core.model import StateMove
from planner.core.result import Result
from planner.report.figures import key_figures
from planner.report.pdf import write_report
from planner.report.year_pages import table_parts
from tests.report.artists import bar_labels, bars, new_axes, texts
from tests.report.fakes import california_plan, california_result, fake_result
from tests.report.independent import median_path, real
from tests.report.pdf_text import pdf_text

TODAY = date(2026, 11, 29)
PAID = ("aca_premium", "medicare_premiums", "irmaa", "medical_costs")


def health_paid(r: Result) -> np.ndarray:
    """[N, T] nominal health care: premiums less the credit, IRMAA, out-of-pocket costs."""
    f = r.flows
    return np.asarray(f["aca_premium"] - f["premium_credit"] + f["medicare_premiums"]
                      + f["irmaa"] + f["medical_costs"])


def lifetime_today(r: Result, values: np.ndarray) -> np.ndarray:
    """[N] a nominal [N, T] flow summed over the plan in today's dollars."""
    return np.asarray((values / r.price_index[:, :-1]).sum(axis=1))


@pytest.fixture(scope="module", params=["expected", "monte-carlo"])
def california(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Result, list[str]]:
    r = california_result(request.param)
    path = write_report(r, tmp_path_factory.mktemp("ca") / "ca.pdf", generated=TODAY)
    return r, pdf_text(Path(path)).splitlines()


def test_the_engine_gives_this_plan_premiums_a_credit_and_state_tax() -> None:
    # Guards the tests below: they would pass vacuously on a plan without health costs.
    r = california_result()
    for key in (*PAID, "premium_credit", "tax_state"):
        assert (r.flows[key] > 0.5).any(), key


def test_key_figures_hold_the_state_and_lifetime_health_and_state_tax(
        california: tuple[Result, list[str]]) -> None:
    r, lines = california
    health = float(np.median(lifetime_today(r, health_paid(r))))
    state = float(np.median(lifetime_today(r, r.flows["tax_state"])))
    # The label may wrap over two lines of the key-figures table: its value follows it.
    at = next(i for i, line in enumerate(lines)
              if line.startswith("Lifetime health care (premiums after credits,"))
    assert " ".join(lines[at:at + 2]).startswith(
        "Lifetime health care (premiums after credits, IRMAA, out-of-pocket)")
    assert next(line for line in lines[at + 1:] if line.startswith("$")) == fmt.money(health)
    at = lines.index("Lifetime state income tax (California)")
    assert lines[at + 1] == fmt.money(state)
    assert any("California's rules for 2025 and 2026" in line for line in lines)


def test_health_page_splits_the_typical_path(california: tuple[Result, list[str]]) -> None:
    r, lines = california
    n = median_path(r)
    table = lines.index("Lifetime health care by kind (today's dollars" + (
        ")" if r.n_paths == 1 else ", typical path)"))

    def row(label: str) -> str:
        return lines[lines.index(label, table) + 1]

    premium = real(r, "aca_premium", n) - real(r, "premium_credit", n)
    assert row("Marketplace (ACA) premiums after the credit") == fmt.money(premium.sum())
    assert row("Medicare Part B and D premiums") == fmt.money(
        real(r, "medicare_premiums", n).sum())
    assert row("Out-of-pocket medical costs") == fmt.money(real(r, "medical_costs", n).sum())
    if (r.flows["irmaa"][n] > 0.5).any():
        assert row("Medicare IRMAA (Part B and D surcharges)") == fmt.money(
            real(r, "irmaa", n).sum())
    total = (health_paid(r)[n] / r.price_index[n, :-1]).sum()
    assert row("Total health care") == fmt.money(total)
    assert row("Premium tax credits received (not in the total)") == fmt.money(
        real(r, "premium_credit", n).sum())
    if (r.flows["premium_credit_lost"][n] > 0.5).any():
        assert row("Premium credit lost: income above 400% of the poverty line") == fmt.money(
            real(r, "premium_credit_lost", n).sum())
    # The taxes page counts state tax, not IRMAA (a premium, counted with health care).
    assert "Total with Medicare IRMAA" not in lines
    assert "Health care per year by kind (today's dollars" in "\n".join(lines)


def test_year_pages_show_health_care_and_state_tax_next_to_federal(
        california: tuple[Result, list[str]]) -> None:
    r, lines = california
    assert any(line.startswith("Year by year: ") and "health care" in line for line in lines)
    parts = table_parts(r, r.year_table(real=True))
    printed = [c for _, cols in parts for c in cols]
    for label in ("Health care", "Marketplace premium", "Premium tax credit",
                  "Medicare Part B and D", "Out-of-pocket medical", "State taxable income",
                  "State tax"):
        assert label in printed, label
    at = printed.index("Federal tax")
    assert printed[at + 1] == "State tax"
    assert printed.index("State taxable income") == printed.index("Taxable income") + 1
    assert "Medicare IRMAA" not in printed  # the old label is gone


def test_method_and_sources_speak_of_health_and_state_rules(
        california: tuple[Result, list[str]]) -> None:
    _, lines = california
    text = " ".join(lines)
    for words in ("Premium tax credit (IRC 36B)", "Rev. Proc.", "2025-25",
                  "National Health", "Expenditure", "Part D IRMAA",
                  "us_state_rules.json", "local income taxes", "Trustees Report",
                  "us_health_rules.md"):
        assert words in text, words
    assert "Part B IRMAA" not in text  # IRMAA is charged on Part B and Part D


def test_income_chart_shows_health_care_net_of_the_credit() -> None:
    r = california_result()
    _, ax = new_axes()
    draw_income(ax, r)
    assert "Medicare IRMAA" not in bar_labels(ax)
    n = median_path(r)
    born = r.plan.people[0].birth_year
    drawn = {round(b.get_x() + b.get_width() / 2) + born: -b.get_height()
             for b in bars(ax, "Health care (net of credit)")}
    wanted = health_paid(r)[n] / r.price_index[n, :-1]
    for t, year in enumerate(r.years):
        if wanted[t] > 0.5:
            assert drawn[int(year)] == pytest.approx(wanted[t], rel=1e-9)


@pytest.mark.parametrize("today", [True, False])
def test_health_chart_stacks_each_kind_and_hatches_the_credit(today: bool) -> None:
    r = california_result()
    _, ax = new_axes()
    draw_health(ax, r, today)
    n = median_path(r)
    deflator = r.price_index[n, :-1] if today else 1.0
    f = r.flows
    kinds = {
        "Marketplace premium after credit": f["aca_premium"][n] - f["premium_credit"][n],
        "Medicare Part B and D": r.flows["medicare_premiums"][n],
        "Medicare IRMAA (B and D)": r.flows["irmaa"][n],
        "Out-of-pocket medical": r.flows["medical_costs"][n],
    }
    wanted = {k: v / deflator for k, v in kinds.items() if (v > 0.5).any()}
    assert bar_labels(ax)[:-1] == list(wanted)
    assert bar_labels(ax)[-1] == "Premium tax credit"
    top = np.zeros(r.n_years)
    for label, values in wanted.items():
        drawn = bars(ax, label)
        np.testing.assert_allclose([b.get_height() for b in drawn], values, atol=1e-9)
        np.testing.assert_allclose([b.get_y() for b in drawn], top, atol=1e-6)
        top = top + values
    credit = r.flows["premium_credit"][n] / deflator
    hatched = bars(ax, "Premium tax credit")
    assert [b.get_height() for b in hatched] == pytest.approx(list(credit[credit >= 0.5]))
    assert all(b.get_hatch() for b in hatched)
    # The filled and hatched parts together are the full marketplace premium.
    years = np.flatnonzero(credit >= 0.5)
    for b, t in zip(hatched, years, strict=True):
        assert b.get_y() + b.get_height() == pytest.approx(top[t] + credit[t])
    t = int(years[0])
    age = float(r.ages[0][t])
    text = hover_health(r, age, today)
    assert text.startswith(f"Age {int(age)} ({int(r.years[t])}): health care "
                           f"{fmt.money_short(float(top[t]))} (")
    assert f"premium tax credit {fmt.money_short(float(credit[t]))}" in text


def test_no_health_costs_says_so() -> None:
    r = fake_result()
    keys = (*PAID, "premium_credit", "premium_credit_lost", "health_costs")
    flows = {k: (np.zeros_like(v) if k in keys else v) for k, v in r.flows.items()}
    _, ax = new_axes()
    draw_health(ax, dataclasses.replace(r, flows=flows, _cache={}), True)
    assert not ax.containers
    assert "No health-care costs" in texts(ax)


def test_a_move_names_both_states_in_the_key_figure() -> None:
    plan = california_plan(StateMove(2035, "NV"))
    r = project(plan, mode="expected")
    figures = dict(key_figures(r))
    label = "Lifetime state income tax (California, Nevada from 2035)"
    assert figures[label] == fmt.money(float(lifetime_today(r, r.flows["tax_state"])[0]))
    nv = int(np.flatnonzero(r.years == 2035)[0])
    assert (r.flows["tax_state"][0, nv:] == 0).all()  # Nevada taxes no income
    flat = plan.with_changes(taxes=dataclasses.replace(plan.taxes, state="", state_rate=0.0,
                                                        state_move=None))
    assert not any(k.startswith("Lifetime state") for k, _ in key_figures(
        project(flat, mode="expected")))
