"""Decisions and goals in the report: each optimiser answer in decision_text's words with its
ranking, the three goal sentences, the decisions the plan had nothing to choose about; no
section at all when none was asked for; report_inputs(decisions=True) computes them."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.core.engine import project
from planner.core.goals import Goals, seek
from planner.core.model import Plan
from planner.core.optimize import Answer, Decision, optimize
from planner.decision_text import choice_text, headline, lines
from planner.outcome_text import retire_goal_text, saving_goal_text, spending_goal_text
from planner.report.decisions_page import SECTION, YOUR_PLAN, add_decisions
from planner.report.inputs import ReportInputs, report_inputs
from planner.report.layout import Flow
from planner.report.pdf import layout_report
from tests.report.fakes import fake_inputs, small_plan
from tests.report.layout_text import drawn_strings, flat, joined, row_cells

TODAY = date(2026, 3, 1)


def plan() -> Plan:
    """A 401(k) and a Roth IRA: an order to choose (quick: a short plan, no crypto)."""
    return small_plan(0.0)


@functools.cache
def answer() -> Answer:
    return optimize(plan(), "order", paths=50, other_modes=False)


@functools.cache
def goals() -> Goals:
    return seek(plan(), 0.9, paths=50)


@functools.cache
def inputs() -> ChartInputs:
    result = project(plan(), paths=50)
    return ChartInputs(result, decisions=(answer(),), goals=goals())


def test_the_section_says_each_answer_in_decision_text_s_words() -> None:
    pages = layout_report(inputs(), TODAY)
    text = joined(pages)
    assert SECTION in text
    a = answer()
    assert flat(headline(a)) in text
    for line in lines(a):  # best, runner-up, your plan, the gain, the time...
        assert flat(line) in text, line
    assert "by success rate" in text and "candidate plans evaluated in" in text
    g = goals()
    names = tuple(p.name for p in plan().people)
    for sentence in (spending_goal_text(g), saving_goal_text(g), retire_goal_text(g, names)):
        assert flat(sentence) in text, sentence
    # The section sits on its own pages, after the crypto page and before the assumptions.
    first = next(i for i, p in enumerate(pages) if SECTION in joined([p]))
    assert "Assumptions" in joined(pages[first + 1:])
    assert "Crypto share" in joined(pages[:first])


def test_the_ranking_table_lists_the_best_choices_and_the_plan_s_own() -> None:
    a = answer()
    flow = Flow()
    add_decisions(flow, inputs())
    rows = [cells for page in flow.pages for cells, _ in row_cells(page)]
    ranked = [r for r in rows if len(r) == 5]
    best = a.ranking[0]
    assert ranked[0] == ["1", choice_text(Decision.ORDER, best.settings, a.people)
                         + (YOUR_PLAN if best.settings == a.current.settings else ""),
                         fmt.pct(best.success_rate, 1), fmt.money(best.legacy),
                         fmt.money(best.spending)]
    assert [r[0] for r in ranked][:5] == ["1", "2", "3", "4", "5"]
    mine = [r for r in ranked if r[1].endswith(YOUR_PLAN)]
    assert len(mine) == 1
    assert mine[0][1] == choice_text(Decision.ORDER, a.current.settings, a.people) + YOUR_PLAN
    assert mine[0][2] == fmt.pct(a.current.success_rate, 1)
    header = " ".join(drawn_strings(flow.pages[0]))
    for column in ("Rank", "Choice", "Success", "After-tax legacy", "Lifetime spending"):
        assert column in header, column


def test_nothing_to_decide_is_listed_with_the_reason() -> None:
    result = inputs().result
    only = ReportInputs(result, undecided=(("conversions", "the plan has no Roth account"),))
    flow = Flow()
    add_decisions(flow, only)
    text = joined(flow.pages)
    assert SECTION in text and "Nothing to decide" in text
    assert "Roth conversions: the plan has no Roth account." in text


def test_no_section_without_answers() -> None:
    for bare in (fake_inputs(), ChartInputs(inputs().result)):
        pages = layout_report(bare, TODAY)
        text = joined(pages)
        assert SECTION not in text
        assert "Nothing to decide" not in text and "Goals for" not in text
    flow = Flow()
    add_decisions(flow, ChartInputs(inputs().result))
    assert flow.pages == []


def test_report_inputs_computes_goals_and_every_optimiser() -> None:
    """One account: no withdrawal order or conversion to choose, both listed with the
    optimiser's reason; claiming ages and the goals are answered, with progress to 1."""
    one = plan().with_changes(accounts=plan().accounts[:1])
    steps: list[float] = []
    got = report_inputs(one, paths=40, seed=3, decisions=True, decision_paths=40,
                        progress=steps.append)
    assert [a.decision for a in got.decisions] == [Decision.CLAIMING]
    assert [d for d, _ in got.undecided] == ["conversions", "order"]
    assert all(reason for _, reason in got.undecided)
    assert got.goals is not None and got.goals.target == 0.9 and got.goals.paths == 40
    assert got.decisions[0].runs == 40 and got.decisions[0].mode == "monte-carlo"
    assert steps == sorted(steps) and steps[-1] == 1.0
    plain = report_inputs(one, paths=40, seed=3)
    assert plain.decisions == () and plain.goals is None and plain.undecided == ()
    # Asked for and printed: the claiming answer and both reasons.
    text = joined(layout_report(got, TODAY))
    assert flat(headline(got.decisions[0])) in text
    for _, reason in got.undecided:
        assert reason in text


def test_decisions_fit_the_page() -> None:
    """Every text of the section, headers included, stays inside the page."""
    from tests.report.test_crypto_page import flow_text

    flow = Flow()
    long = dataclasses.replace(inputs(), decisions=(answer(), answer()))
    add_decisions(flow, long)
    assert flow_text(flow, check_inside=True)
