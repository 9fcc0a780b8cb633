"""The chart registry the GUI iterates: every chart draws, hovers and knows its data."""

from __future__ import annotations

import pytest

from planner import format as fmt
from planner.charts.balances import balance_series, hover_balances
from planner.charts.income import SOURCES, hover_income, income_series
from planner.charts.inputs import ChartInputs
from planner.charts.registry import CHARTS, chart
from planner.core.result import Result
from tests.report.artists import new_axes, texts
from tests.report.fakes import fake_inputs, fake_result

KEYS = ["fan", "balances", "income", "spending", "taxes", "health", "depletion", "crypto"]


def test_keys_titles_and_order() -> None:
    assert [s.key for s in CHARTS] == KEYS
    assert len({s.title for s in CHARTS}) == len(CHARTS)
    assert chart("taxes").title == "Taxes"
    with pytest.raises(KeyError):
        chart("nope")


@pytest.mark.parametrize("real", [True, False])
def test_every_chart_draws_and_hovers_with_full_inputs(real: bool) -> None:
    inputs = fake_inputs()
    age = float(inputs.result.ages[0][-3])
    for spec in CHARTS:
        assert spec.available(inputs), spec.key
        fig, ax = new_axes()
        spec.draw(ax, inputs, real)
        fig.canvas.draw()
        x = {"crypto": 0.05, "depletion": float(inputs.result.depletion_ages()[0])}.get(
            spec.key, age)
        assert spec.hover(inputs, x, real), spec.key
        assert spec.hover(inputs, None, real) == ""


def test_missing_data_is_said_not_crashed() -> None:
    bare = ChartInputs(fake_result(n_paths=1, with_shortfall=False))
    missing = {s.key for s in CHARTS if not s.available(bare)}
    assert missing == {"fan", "depletion", "crypto"}
    for spec in CHARTS:
        fig, ax = new_axes()
        spec.draw(ax, bare, True)
        fig.canvas.draw()
        if spec.key in missing:
            assert spec.missing
            assert texts(ax), spec.key  # the centred message
        spec.hover(bare, 70.0, True)  # never raises


def test_balances_hover(any_result: Result) -> None:
    t = 10
    age = int(any_result.ages[0][t])
    _, balances = balance_series(any_result, True)
    text = hover_balances(any_result, age, True)
    assert text.startswith(f"Age {age} ({int(any_result.years[t])}): total "
                           f"{fmt.money_short(balances[:, t].sum())} (")
    for a, name in enumerate(any_result.account_names):
        assert f"{name} {fmt.money_short(balances[a, t])}" in text


def test_income_hover(any_result: Result) -> None:
    s = income_series(any_result, False)
    k = 5
    age = int(s.ages[k])
    text = hover_income(any_result, age, False)
    assert text.startswith(f"Age {age} ({int(any_result.years[s.first + k])}): goal "
                           f"{fmt.money_short(s.goal[k])}")
    taxes = s.uses["taxes"][k]
    assert f"out: Taxes (incl. payroll) {fmt.money_short(taxes)}" in text or taxes < 0.5
    for key, label, _ in SOURCES:
        value = s.sources[key][k]
        assert (f"{label} {fmt.money_short(value)}" in text) == (value >= 0.5), label
    assert hover_income(any_result, float(s.ages[0]) - 1, False) == ""
    assert hover_income(any_result, float(s.ages[-1]) + 1, False) == ""
