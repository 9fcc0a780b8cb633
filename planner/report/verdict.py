"""The result in plain words: a headline and a sentence, shared by the GUI and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from planner import format as fmt
from planner.core.result import Result
from planner.report.deaths import LIFE_TABLE, plan_end
from planner.run_counts import alignments, result_success_text, runs_text

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
    """'lasts to the end of the plan' or 'runs out at age 84'."""
    age = result.summary.depletion_age
    if age is None:
        return "lasts to the end of the plan"
    return f"runs out at age {age}"


def verdict(result: Result) -> Verdict:
    s = result.summary
    end = plan_end(result)
    couple = len(result.plan.people) > 1
    who = f"{end.name}'s {end.age}" if couple else f"age {end.age}"
    if result.n_paths == 1:
        if s.depletion_age is None:
            return Verdict(
                f"Lasts to {who}",
                f"With expected returns, savings fund the spending goal every year until "
                f"{end.name} is {end.age}.",
                True,
            )
        return Verdict(
            f"Runs out at age {s.depletion_age}",
            f"With expected returns, savings cannot fund the full spending goal from the "
            f"year {result.depletion_name()} turns {s.depletion_age}.",
            False,
        )
    rate, paths = result_success_text(result), runs_text(result)
    k = alignments(result)
    if k:  # the rate is the mean over the alignments of the share of windows that last
        paths = f"the {fmt.count(result.n_paths // k)} historical windows"
    if end.drawn:  # each path ends at its own last death
        lasts = "for both lives" if couple else "for life"
        sentence = (f"Savings fund the spending goal in every year until the last death in "
                    f"{rate} of {paths}, with ages at death drawn from {LIFE_TABLE}.")
    else:
        lasts = f"to {who}"
        sentence = (f"Savings fund the spending goal in every year until {end.name} is "
                    f"{end.age} in {rate} of {paths}.")
    if s.success_rate >= LIKELY:
        return Verdict(f"Likely to last {lasts}", sentence, True)
    if s.success_rate >= PROBABLY:
        return Verdict(f"Probably lasts {lasts}, with some risk", sentence, True)
    if s.success_rate >= AT_RISK:
        return Verdict("At risk: consider spending less or working longer", sentence, False)
    age = f" (typically at age {s.depletion_age})" if s.depletion_age is not None else ""
    return Verdict(f"Unlikely to last{age}", sentence, False)
