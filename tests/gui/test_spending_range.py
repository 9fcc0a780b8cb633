"""The summary says what a withdrawal strategy did to spending: the delivered-spending line
(outcome_text.spending_headline), a success tile that reads "never ran dry" and a headline
that is not green while the rule spent less than the goal. Fixed plans show the line only
when spending fell short."""

from __future__ import annotations

from typing import Any

from planner.core.model import Mode, Strategy
from planner.core.outcomes import spending_range
from planner.gui import theme
from planner.gui.main_window import MainWindow
from planner.gui.results.summary import STRATEGY_CAPTION, SUCCESS_CAPTION
from planner.outcome_text import spending_headline
from tests.gui.test_income import choose


def use_strategy(w: MainWindow, settle: Any, strategy: Strategy) -> None:
    """Choose the strategy on the Spending page, as a person would."""
    w.editor.show_page(w.editor.spending)
    choose(w.editor.field("spending.strategy"), strategy)
    settle(w)
    assert w.doc.plan.spending.strategy is strategy


def test_a_guardrails_plan_shows_the_spending_it_delivered(window: MainWindow, settle: Any):
    w = window
    use_strategy(w, settle, Strategy.GUARDRAILS)
    result = w.results.result
    assert result is not None and result.plan.spending.strategy is Strategy.GUARDRAILS
    r = spending_range(result)
    assert r is not None and r.is_strategy and r.share_below_goal > 0  # the rule cut spending
    strip = w.results.summary
    line = strip.spending_line
    assert line.isVisible()
    assert line.text() == spending_headline(r)
    assert line.text().startswith("Guyton-Klinger guardrails: spending starts at")
    assert "below the goal" in line.text()
    # The success tile says what it counts; the headline is not a green success.
    assert strip.success.caption.text() == STRATEGY_CAPTION
    assert strip.texts()[STRATEGY_CAPTION] == f"{round(result.summary.success_rate * 100)}%"
    assert "never ran dry" in strip.success.toolTip()
    assert strip.headline_color != theme.color("ok")

    # Back to planned spending: the tile is a success rate again.
    use_strategy(w, settle, Strategy.FIXED)
    assert strip.success.caption.text() == SUCCESS_CAPTION


def test_a_fixed_plan_shows_the_line_only_when_spending_fell_short(
    window: MainWindow, settle: Any
) -> None:
    w = window
    strip = w.results.summary
    result = w.results.result
    assert result is not None and result.plan.spending.strategy is Strategy.FIXED
    r = spending_range(result)
    assert r is not None and r.share_below_goal > 0  # Monte Carlo: some paths run out
    assert strip.spending_line.isVisible()
    assert strip.spending_line.text() == spending_headline(r)
    assert "fell short of the goal ($60,000 at first)" in strip.spending_line.text()
    assert strip.success.caption.text() == SUCCESS_CAPTION

    # With expected returns the sample lasts: every year is funded, nothing to add.
    w.mode_actions[Mode.EXPECTED].trigger()
    settle(w)
    result = w.results.result
    assert result is not None and result.summary.depletion_age is None
    assert not strip.spending_line.isVisible()
    assert strip.spending_line.text() == ""
    assert strip.headline_color == theme.color("ok")


def test_the_line_says_its_dollars_in_future_dollars(window: MainWindow, settle: Any) -> None:
    w = window
    use_strategy(w, settle, Strategy.VPW)
    strip = w.results.summary
    today = strip.spending_line.text()
    assert today.startswith("Variable percentage withdrawal (VPW): spending starts at")
    w.nominal_action.trigger()
    assert strip.spending_line.text() == f"{today} In today's dollars."
    w.real_action.trigger()
    assert strip.spending_line.text() == today
