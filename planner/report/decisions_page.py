"""Decisions and goals: the answers asked for with this report (the window's Decisions and
Goals panels, or ``planner-cli report --decisions``).

Each optimiser answer in the words of ``planner.decision_text`` (the same lines as the CLI)
with a small table of its best-ranked choices; the three goal-seek sentences of
``planner.outcome_text``. A report without any of them has no such section.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner import format as fmt
from planner.charts.inputs import ChartInputs
from planner.core.goals import Goals
from planner.core.optimize import Answer, Decision, Score
from planner.decision_text import DECISION_LABELS, MODE_LABELS, choice_text, lines
from planner.outcome_text import retire_goal_text, saving_goal_text, spending_goal_text
from planner.report import measure
from planner.report.layout import BODY, MUTED, SMALL, TITLE, Flow
from planner.report.table import Table
from planner.run_counts import runs_count_text

SECTION = "Decisions and goals"
RANKED = 5  # rows of each ranking shown (the plan's own choice is added when lower)
ANSWER_HEADING = 11.0
YOUR_PLAN = " (your plan)"

INTRO = ("Answers to the questions asked with this report. Each search projects the whole "
         "plan for every choice it tries, with its taxes, benefits, health care and RMDs, "
         "all choices on the same paths, so that their differences are the choices' and not "
         "the luck of the draw. They are estimates from the model, to discuss with a "
         "professional, not advice.")


def has_decisions(inputs: ChartInputs) -> bool:
    return bool(inputs.decisions) or inputs.goals is not None or bool(undecided(inputs))


def undecided(inputs: ChartInputs) -> tuple[tuple[str, str], ...]:
    """(decision, reason) for the decisions the plan had no choice about (ReportInputs)."""
    return tuple(getattr(inputs, "undecided", ()) or ())


def add_decisions(flow: Flow, inputs: ChartInputs) -> None:
    """The section, on a new page; nothing at all when no answer was computed."""
    if not has_decisions(inputs):
        return
    flow.new_page()
    flow.text(SECTION, TITLE, bold=True, after=0.1)
    flow.text(INTRO, BODY, color=MUTED, after=0.15)
    names = tuple(p.name for p in inputs.result.plan.people)
    if inputs.goals is not None:
        add_goals(flow, inputs.goals, names)
    for answer in inputs.decisions:
        add_answer(flow, answer)
    skipped = undecided(inputs)
    if skipped:
        items = [f"{label(d)}: {reason}." for d, reason in skipped]
        flow.heading("Nothing to decide", keep=flow.bullets_height(items))
        flow.bullets(items)


def label(decision: str) -> str:
    try:
        return DECISION_LABELS[Decision(decision)]
    except ValueError:
        return decision


def goals_runs(g: Goals) -> str:
    mode = MODE_LABELS.get(g.mode, g.mode)
    if g.mode == "historical":
        return f"{mode} mode, every historical window"
    return f"{mode} mode, {runs_count_text(g.mode, g.paths)}"


def add_goals(flow: Flow, g: Goals, names: tuple[str, ...]) -> None:
    items = [spending_goal_text(g), saving_goal_text(g), retire_goal_text(g, names)]
    flow.heading(f"Goals for {fmt.pct(g.target)} success",
                 keep=measure.line_height(SMALL) + flow.bullets_height(items))
    flow.text(f"Each goal changes one thing, the rest of the plan as it is ({goals_runs(g)}).",
              SMALL, color=MUTED, after=0.06)
    flow.bullets(items)


def text_height(flow: Flow, text: str, size: float, bold: bool = False,
                after: float = 0.08) -> float:
    """What ``flow.text`` will take, in inches."""
    return len(measure.wrap(text, flow.width, size, bold)) * measure.line_height(size) + after


def add_answer(flow: Flow, answer: Answer) -> None:
    text = lines(answer)
    head, first, rest = text[0], text[1], text[2:]
    table = ranking_table(answer)
    caption = ranking_caption(answer)
    # An answer (about half a page) stays on one page, its table with its words.
    flow.ensure(0.08 + text_height(flow, head, ANSWER_HEADING, True, 0.06)
                + text_height(flow, first, BODY, True, 0.06) + flow.bullets_height(rest)
                + flow.table_height(table) + 0.04 + text_height(flow, caption, SMALL, after=0.12))
    flow.heading(head, ANSWER_HEADING, keep=3 * measure.line_height(BODY))
    flow.text(first, BODY, bold=True, after=0.06)
    flow.bullets(rest)
    flow.ensure(flow.table_height(table) + 0.3)  # the table and its caption stay whole
    flow.table(table, after=0.04)
    flow.text(caption, SMALL, color=MUTED, after=0.12)


def _is_plan(answer: Answer, s: Score) -> bool:
    return dict(s.settings) == dict(answer.current.settings)


def ranked_rows(answer: Answer) -> list[tuple[int, Score]]:
    """(rank, score) of the first RANKED choices, and of the plan's own choice if lower."""
    ranking: Sequence[Score] = answer.ranking
    rows = list(enumerate(ranking[:RANKED], start=1))
    if not any(_is_plan(answer, s) for _, s in rows):
        mine = next(((k, s) for k, s in enumerate(ranking, start=1) if _is_plan(answer, s)),
                    None)
        if mine is not None:
            rows.append(mine)
    return rows


def ranking_table(answer: Answer) -> Table:
    rows = []
    for rank, s in ranked_rows(answer):
        choice = choice_text(answer.decision, s.settings, answer.people)
        rows.append([str(rank), choice + (YOUR_PLAN if _is_plan(answer, s) else ""),
                     fmt.pct(s.success_rate, 1), fmt.money(s.legacy), fmt.money(s.spending)])
    return Table(("Rank", "Choice", "Success", "After-tax legacy", "Lifetime spending"), rows,
                 ("right", "left", "right", "right", "right"), size=8.5)


def ranking_caption(answer: Answer) -> str:
    n = len(answer.ranking)
    which = f"The {RANKED} best of {n} choices tried" if n > RANKED else f"All {n} choices tried"
    if len(ranked_rows(answer)) > min(RANKED, n):
        which += " and your plan's own"
    mode = MODE_LABELS.get(answer.mode, answer.mode)
    return (f"{which}, ranked as the search ranks them ({mode}, "
            f"{runs_count_text(answer.mode, answer.runs)}). After-tax legacy and lifetime "
            "spending (the spending delivered over the whole plan, after tax) are medians in "
            "today's dollars.")

