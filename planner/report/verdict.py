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
        return f"Historical sequences ({n} starting years since 1871)"
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
    person = result.plan.people[0]
    horizon = person.horizon_age
    if result.n_paths == 1:
        if s.depletion_age is None:
            return Verdict(
                f"Lasts to age {horizon}",
                f"With expected returns, savings fund the spending goal every year until "
                f"{person.name} is {horizon}.",
                True,
            )
        return Verdict(
            f"Runs out at age {s.depletion_age}",
            f"With expected returns, savings cannot fund the full spending goal from the "
            f"year {person.name} turns {s.depletion_age}.",
            False,
        )
    rate = fmt.pct(s.success_rate)
    paths = fmt.count(result.n_paths)
    sentence = (
        f"Savings fund the spending goal in every year until {person.name} is {horizon} "
        f"in {rate} of {paths} paths."
    )
    if s.success_rate >= LIKELY:
        return Verdict(f"Likely to last to age {horizon}", sentence, True)
    if s.success_rate >= PROBABLY:
        return Verdict(f"Probably lasts to age {horizon}, with some risk", sentence, True)
    if s.success_rate >= AT_RISK:
        return Verdict("At risk: consider spending less or working longer", sentence, False)
    age = f" (typically at age {s.depletion_age})" if s.depletion_age is not None else ""
    return Verdict(f"Unlikely to last{age}", sentence, False)
