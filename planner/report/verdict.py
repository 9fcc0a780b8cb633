"""The result in plain words: a headline and a sentence, shared by the GUI and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.result import Result
from planner.report import format as fmt

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


def _plan_end(result: Result) -> tuple[str, int]:
    """(name, age) of the person whose horizon ends the plan: the last one to reach it."""
    people = result.plan.people
    last = max(people, key=lambda p: p.birth_year + p.horizon_age)
    return last.name, int(result.plan.end_year - last.birth_year)


def verdict(result: Result) -> Verdict:
    s = result.summary
    name, horizon = _plan_end(result)
    first = result.plan.people[0].name
    if result.n_paths == 1:
        if s.depletion_age is None:
            who = f"age {horizon}" if len(result.plan.people) == 1 else f"{name}'s {horizon}"
            return Verdict(
                f"Lasts to {who}",
                f"With expected returns, savings fund the spending goal every year until "
                f"{name} is {horizon}.",
                True,
            )
        return Verdict(
            f"Runs out at age {s.depletion_age}",
            f"With expected returns, savings cannot fund the full spending goal from the "
            f"year {first} turns {s.depletion_age}.",
            False,
        )
    rate = fmt.pct(s.success_rate)
    paths = fmt.count(result.n_paths)
    sentence = (
        f"Savings fund the spending goal in every year until {name} is {horizon} "
        f"in {rate} of {paths} paths."
    )
    who = f"age {horizon}" if len(result.plan.people) == 1 else f"{name}'s {horizon}"
    if s.success_rate >= LIKELY:
        return Verdict(f"Likely to last to {who}", sentence, True)
    if s.success_rate >= PROBABLY:
        return Verdict(f"Probably lasts to {who}, with some risk", sentence, True)
    if s.success_rate >= AT_RISK:
        return Verdict("At risk: consider spending less or working longer", sentence, False)
    age = f" (typically at age {s.depletion_age})" if s.depletion_age is not None else ""
    return Verdict(f"Unlikely to last{age}", sentence, False)
