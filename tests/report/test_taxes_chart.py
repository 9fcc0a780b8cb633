"""Taxes by kind: one stacked bar per year, each kind's flow of the shown path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from planner import format as fmt
from planner.charts.taxes import draw_taxes, hover_taxes
from planner.core.result import Result
from tests.report.artists import bar_labels, bars, new_axes, texts
from tests.report.fakes import fake_result
from tests.report.independent import median_path

LABELS = {
    "tax_ordinary": "Ordinary income tax",
    "tax_gains": "Capital-gains tax",
    "tax_niit": "Net investment income tax",
    "tax_state": "State tax",
    "tax_payroll": "Payroll tax",
    "penalty": "Early-withdrawal penalty",
}


def expected_kinds(r: Result, n: int, real: bool) -> dict[str, np.ndarray]:
    deflator = r.price_index[n, :-1] if real else 1.0
    kinds = {LABELS[k]: r.flows[k][n] / deflator for k in LABELS}
    split = r.flows["tax_ordinary"][n] + r.flows["tax_gains"][n] + r.flows["tax_niit"][n]
    kinds["Federal tax, not broken down"] = np.clip(r.flows["tax_federal"][n] - split, 0, None
                                                    ) / deflator
    return {k: v for k, v in kinds.items() if np.any(v >= 0.5)}


@pytest.mark.parametrize("real", [True, False])
def test_each_kind_is_its_flow_on_the_median_path(any_result: Result, real: bool) -> None:
    _, ax = new_axes()
    draw_taxes(ax, any_result, real)
    n = median_path(any_result)
    wanted = expected_kinds(any_result, n, real)
    assert set(bar_labels(ax)) == set(wanted)
    top = np.zeros(any_result.n_years)
    for label in bar_labels(ax):  # bottom of the stack first
        drawn = bars(ax, label)
        np.testing.assert_allclose([b.get_height() for b in drawn], wanted[label],
                                   rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose([b.get_y() for b in drawn], top, rtol=1e-9, atol=1e-6)
        top = top + wanted[label]
    np.testing.assert_array_equal([b.get_x() + b.get_width() / 2 for b in drawn],
                                  any_result.ages[0])
    assert fmt.dollars_kind(real) in ax.get_title(loc="left")


def test_fake_shows_every_modelled_kind_and_the_unsplit_part() -> None:
    _, ax = new_axes()
    draw_taxes(ax, fake_result(), True)
    assert bar_labels(ax) == ["Ordinary income tax", "Capital-gains tax",
                              "Net investment income tax", "Federal tax, not broken down",
                              "State tax", "Payroll tax"]  # no penalty in the fake


def test_a_chosen_path_is_drawn() -> None:
    r = fake_result()
    _, ax = new_axes()
    draw_taxes(ax, r, True, path=2)
    got = [b.get_height() for b in bars(ax, "State tax")]
    np.testing.assert_allclose(got, r.flows["tax_state"][2] / r.price_index[2, :-1])
    assert "path 3" in ax.get_title(loc="left")


def test_no_taxes_says_so() -> None:
    r = fake_result()
    flows = {k: (np.zeros_like(v) if k.startswith("tax_") or k == "penalty" else v)
             for k, v in r.flows.items()}
    _, ax = new_axes()
    draw_taxes(ax, dataclasses.replace(r, flows=flows, _cache={}), True)
    assert not ax.containers
    assert "No taxes" in texts(ax)


def test_hover_lists_the_kinds_and_their_total() -> None:
    r = fake_result()
    n = median_path(r)
    t = int(np.flatnonzero(r.ages[0] == 70)[0])
    wanted = expected_kinds(r, n, True)
    text = hover_taxes(r, 70.4, True)
    total = sum(float(v[t]) for v in wanted.values())
    assert text.startswith(f"Age 70 ({int(r.years[t])}): taxes {fmt.money_short(total)} (")
    for label, values in wanted.items():
        if values[t] >= 0.5:
            assert f"{label} {fmt.money_short(values[t])}" in text
    assert hover_taxes(r, 200, True) == ""


def test_payroll_tax_is_its_own_kind_while_anyone_is_paid() -> None:
    """The fake pays 7.65% payroll tax on its $130,000 salary (today's dollars) until the
    household retires in 2030, and none after."""
    r = fake_result()
    _, ax = new_axes()
    draw_taxes(ax, r, True)
    born = r.plan.people[0].birth_year
    drawn = {round(b.get_x() + b.get_width() / 2) + born: b.get_height()
             for b in bars(ax, "Payroll tax") if b.get_height() > 0.5}
    assert drawn == pytest.approx(dict.fromkeys(range(2026, 2030), 0.0765 * 130_000))
