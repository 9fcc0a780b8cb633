"""Goal-seek answers, historical start years and delivered spending, in words: the same in
the CLI, the window and the PDF. No Qt, no matplotlib."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner import format as fmt
from planner.core.model import STRATEGY_LABELS
from planner.core.outcomes import BELOW_GOAL, SpendingRange, StartYear

if TYPE_CHECKING:  # importing goals pulls in planner.core.analysis: only the type is needed
    from planner.core.goals import Goals


def spending_goal_text(g: Goals) -> str:
    """The most the household can spend in retirement for the target."""
    target = fmt.pct(g.target)
    if g.spending is None:
        return f"No spending level reaches {target} success."
    if g.fixed:
        scaled = (" Later spending phases change in the same proportion "
                  f"({fmt.pct(g.spending / g.spending_now)} of the plan's)."
                  if g.phases and g.spending_now > 0 else "")
        return (f"Spend up to {fmt.money(g.spending)} a year in retirement (today's dollars) "
                f"for {target} success; the plan spends {fmt.money(g.spending_now)}.{scaled}")
    return (f"Start withdrawals at up to {fmt.share(round(g.spending, 4))} of the portfolio for "
            f"{target} success; the plan starts at {fmt.share(g.spending_now)}.")


def saving_goal_text(g: Goals) -> str:
    """How much more (or less) to save each year until retirement."""
    target = fmt.pct(g.target)
    if g.pre_retirement_now is None:
        return "The household has retired already: nothing left to save for."
    if g.pre_retirement is None:
        return f"Even spending nothing before retiring does not reach {target} success."
    if g.pre_retirement_ceiling is not None and g.pre_retirement >= g.pre_retirement_ceiling - 50:
        return (f"For {target} success you could save less: even spending "
                f"{fmt.money(g.pre_retirement_ceiling)} a year before retiring (the most the "
                f"search tries) reaches it; the plan spends {fmt.money(g.pre_retirement_now)}.")
    extra = g.extra_saving or 0.0
    if extra > 0.5:
        change = f"save {fmt.money(extra)} a year more than the plan does"
    elif extra < -0.5:
        change = f"you could save {fmt.money(-extra)} a year less"
    else:
        change = "the plan saves just enough"
    return (f"For {target} success, {change}: spend at most {fmt.money(g.pre_retirement)} a "
            f"year before retiring (today's dollars; the plan spends "
            f"{fmt.money(g.pre_retirement_now)}).")


def retire_goal_text(g: Goals, names: tuple[str, ...]) -> str:
    """The earliest retirement that reaches the target."""
    target = fmt.pct(g.target)
    if g.pre_retirement_now is None:
        return "The household has retired already."
    r = g.retire
    if r is None:
        return f"No retirement age up to the planning horizon reaches {target} success."
    if len(names) == 1:
        when = f"at {r.ages[0]}"
    else:
        when = ", ".join(f"{n} at {a}" for n, a in zip(names, r.ages, strict=True))
    shift = ("as planned" if r.shift == 0 else
             f"{abs(r.shift)} year{'s' if abs(r.shift) != 1 else ''} "
             f"{'earlier' if r.shift < 0 else 'later'} than planned")
    if r.now and r.shift < 0:
        return (f"Retiring now reaches {target}: {when} ({shift}) gives "
                f"{fmt.pct(r.success_rate, 1)} success.")
    return f"Retire {when} ({shift}) for {fmt.pct(r.success_rate, 1)} success."


def start_year_outcome(row: StartYear) -> str:
    """'lasted', 'ran out at 83'; with Bitcoin alignments 'lasted in all 11 alignments' or
    'ran out in 3 of 11 alignments (at 87, median)'."""
    if row.runs == 1:
        return "lasted" if row.lasted >= 1 else f"ran out at {row.ran_out_age}"
    short = row.runs - round(row.lasted * row.runs)
    if short == 0:
        return f"lasted in all {row.runs} alignments"
    how_many = f"all {row.runs}" if short == row.runs else f"{short} of {row.runs}"
    return f"ran out in {how_many} alignments (at {row.ran_out_age}, median)"


def spending_headline(r: SpendingRange) -> str:
    """What the spending did in retirement, for a withdrawal-strategy plan (or a fixed plan
    that ran short): the median, the 10th percentile's low point and the years under the
    goal."""
    first = r.first_retired
    goal = r.goal[first]
    label = STRATEGY_LABELS[r.strategy]
    median_start = r.p50[first]
    below = fmt.pct(r.share_below_goal)
    low = fmt.pct(r.lowest_share_p10)
    if r.paths == 1:  # one path: no percentiles, the path itself
        if not r.is_strategy and r.share_below_goal <= 0:
            return f"Spending was funded in full every retired year ({label})."
        return (f"{label}: spending starts at {fmt.money(median_start)} against a "
                f"{fmt.money(goal)} goal; in its lowest year it is {low} of that year's goal, "
                f"and {below} of retired years were below the goal.")
    if not r.is_strategy:
        if r.share_below_goal <= 0:
            return f"Spending was funded in full every retired year on every path ({label})."
        text = (f"{fmt.pct_some(r.share_below_goal)} of retired years fell short of "
                f"the goal ({fmt.money(goal)} at first)")
        if r.lowest_share_p10 >= BELOW_GOAL:  # fewer than one run in ten ever falls short
            return f"{text}, all of them in fewer than one run in ten."
        return (f"{text}; in a bad sequence (10th percentile) a year's spending fell to {low} "
                "of its goal.")
    start = (f"{label}: spending starts at {fmt.money(median_start)} (median) against a "
             f"{fmt.money(goal)} goal")
    if r.lowest_share_p10 < BELOW_GOAL:
        start += (f"; in a bad sequence (10th percentile) a year's spending falls to {low} "
                  "of its goal")
    return (f"{start}. {below} of retired years were below the goal (on "
            f"{fmt.pct(r.paths_below_goal)} of paths at least once).")
