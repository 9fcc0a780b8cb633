"""The result in plain words: a headline and a sentence, shared by the GUI and the PDF.

With a withdrawal strategy (guardrails, VPW...) "success" only says the accounts kept paying
the rule's withdrawal: the rule cuts spending rather than run out. Its verdict says so, names
the spending the rule delivered (``outcome_text.spending_headline``) and, when some retired
years fell below the goal, says that in the headline (``cut``), so a plan that lasts by
cutting spending never reads as a plain success.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner import format as fmt
from planner.core.model import Strategy
from planner.core.outcomes import SpendingRange, spending_range
from planner.core.result import Result
from planner.outcome_text import spending_headline
from planner.report.deaths import LIFE_TABLE, plan_end
from planner.run_counts import (
    alignments,
    result_success_text,
    runs_noun,
    runs_text,
    runs_total_text,
)

# Success-rate bands for simulated runs. Planners commonly treat ~90% as comfortable and
# below ~75% as a plan that needs changes; the words say that without false precision.
LIKELY = 0.90
PROBABLY = 0.75
AT_RISK = 0.50


@dataclass(frozen=True)
class Verdict:
    headline: str
    sentence: str
    ok: bool  # True when the plan funds its goal (expected) or is likely to (simulated)
    # Withdrawal strategies only: what the spending did (outcome_text.spending_headline, for
    # runs with many paths), and whether some retired years delivered less than the goal.
    spending: str = ""
    cut: bool = False


def mode_label(result: Result) -> str:
    n = fmt.count(result.n_paths)
    if result.mode == "expected":
        return "Expected (one path, each account at the median growth of its mix)"
    if result.mode == "historical":
        labels = result.path_labels
        span = f", {labels[0]}\u2013{labels[-1]}" if labels else ""
        k = alignments(result)
        if k:
            return (f"Historical sequences ({fmt.count(result.n_paths // k)} starting years"
                    f"{span}, each run in {k} alignments of Bitcoin's years)")
        return f"Historical sequences ({n} starting years{span})"
    if result.mode == "monte-carlo":
        return f"Monte Carlo ({n} simulated paths)"
    return f"{result.mode} ({n} paths)"


def depletion_text(result: Result) -> str:
    """Whether the savings run out, never hiding the paths that do: 'lasts to the end of the
    plan' or 'runs out at age 84' (one path); 'lasts in all 1,000 paths' or 'runs out in 26%
    of paths (at a median age of 84)' (many)."""
    s = result.summary
    if result.n_paths == 1:
        if s.depletion_age is None:
            return "lasts to the end of the plan"
        return f"runs out at age {s.depletion_age}"
    if s.failed_age is None:
        return f"lasts in all {runs_total_text(result)}"
    return (f"runs out in {failure_share_text(1.0 - s.success_rate)} of {runs_noun(result)} "
            f"(at a median age of {s.failed_age})")


def failure_share_text(share: float) -> str:
    """A share of failing paths that is never printed as 0% or 100% when it is not."""
    return fmt.pct_some(share)


CUT_HEADLINE = "; spending falls below the goal"


def strategy_range(result: Result) -> SpendingRange | None:
    """The delivered-spending range of a withdrawal-strategy plan (None for fixed spending
    or a plan that never reaches retirement)."""
    if result.plan.spending.strategy is Strategy.FIXED:
        return None
    return spending_range(result)


def verdict(result: Result) -> Verdict:
    plain = _verdict(result)
    r = strategy_range(result)
    if r is None:
        return plain
    cut = r.share_below_goal > 0
    # A red verdict already says "change something"; a green one must not hide the cuts.
    headline = plain.headline + (CUT_HEADLINE if cut and plain.ok else "")
    # The spending sentence speaks of percentiles over paths: none on the one expected path.
    spending = spending_headline(r) if result.n_paths > 1 else ""
    return Verdict(headline, plain.sentence, plain.ok, spending, cut)


def _pays(result: Result) -> str:
    """What a path must do to count as a success, in the plan's terms."""
    if result.plan.spending.strategy is Strategy.FIXED:
        return "savings fund the spending goal"
    return "the accounts pay the plan's withdrawal rule"


def _rule_note(result: Result) -> str:
    """' The rule ...' for a strategy plan: why lasting is not meeting the goal."""
    if result.plan.spending.strategy is Strategy.FIXED:
        return ""
    return (" The rule raises and cuts spending with the markets, so lasting does not mean "
            "the goal was met.")


def _verdict(result: Result) -> Verdict:
    s = result.summary
    end = plan_end(result)
    couple = len(result.plan.people) > 1
    who = f"{end.name}'s {end.age}" if couple else f"age {end.age}"
    if result.n_paths == 1:
        if s.depletion_age is None:
            return Verdict(
                f"Lasts to {who}",
                f"With expected returns, {_pays(result)} every year until "
                f"{end.name} is {end.age}.{_rule_note(result)}",
                True,
            )
        return Verdict(
            f"Runs out at age {s.depletion_age}",
            f"With expected returns, {_cannot(result)} from the year "
            f"{result.depletion_name()} turns {s.depletion_age}.",
            False,
        )
    rate, paths = result_success_text(result), runs_text(result)
    k = alignments(result)
    if k:  # the rate is the mean over the alignments of the share of windows that last
        paths = f"the {fmt.count(result.n_paths // k)} historical windows"
    if end.drawn:  # each path ends at its own last death
        lasts = "for both lives" if couple else "for life"
        sentence = (f"{_upper(_pays(result))} in every year until the last death in "
                    f"{rate} of {paths}, with ages at death drawn from {LIFE_TABLE}."
                    f"{_rule_note(result)}")
    else:
        lasts = f"to {who}"
        sentence = (f"{_upper(_pays(result))} in every year until {end.name} is "
                    f"{end.age} in {rate} of {paths}.{_rule_note(result)}")
    if s.success_rate >= LIKELY:
        return Verdict(f"Likely to last {lasts}", sentence, True)
    if s.success_rate >= PROBABLY:
        return Verdict(f"Probably lasts {lasts}, with some risk", sentence, True)
    if s.success_rate >= AT_RISK:
        return Verdict("At risk: consider spending less or working longer", sentence, False)
    return Verdict(f"Unlikely to last: {depletion_text(result)}", sentence, False)


def _cannot(result: Result) -> str:
    if result.plan.spending.strategy is Strategy.FIXED:
        return "savings cannot fund the full spending goal"
    return "the accounts cannot pay the plan's withdrawal rule"


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]
