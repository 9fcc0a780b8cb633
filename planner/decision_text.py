"""The optimisers' answers (planner.core.optimize) in words, the same in the CLI, the window
and the PDF, and as JSON for ``planner-cli optimize --json``. No Qt, no matplotlib."""

from __future__ import annotations

from typing import Any

from planner import format as fmt
from planner.core.optimize import Answer, Decision, Gain, ModeCheck, Objective, Score, Settings
from planner.run_counts import runs_count_text

DECISION_LABELS = {
    Decision.CLAIMING: "Social Security claiming ages",
    Decision.CONVERSIONS: "Roth conversions",
    Decision.ORDER: "Withdrawal order",
}
OBJECTIVE_LABELS = {
    Objective.SUCCESS: "success rate",
    Objective.LEGACY: "median after-tax legacy",
    Objective.SPENDING: "median lifetime spending",
}
MODE_LABELS = {"monte-carlo": "Monte Carlo", "historical": "historical", "expected": "expected"}
ORDER_LABELS = {
    "conventional": "conventional (taxable, then traditional, then Roth)",
    "proportional": "proportional (every account in proportion to its balance)",
}


def choice_text(decision: Decision, settings: Settings, people: tuple[str, ...]) -> str:
    """The choice in a few words: "Pat at 70, Sam at 67 and 4 months"; "fill the 22% bracket
    from 62 until RMDs"; "bracket-filling to the top of 12%"."""
    if decision is Decision.CLAIMING:
        ages = settings["claim_ages"]
        assert isinstance(ages, tuple)
        if len(ages) == 1:
            return f"claim at {fmt.age(ages[0])}"
        return ", ".join(f"{name} at {fmt.age(a)}" for name, a in zip(people, ages, strict=True))
    if decision is Decision.CONVERSIONS:
        if settings.get("fixed"):
            return "the plan's fixed conversions"
        bracket = settings.get("bracket")
        if bracket is None:
            return "no conversions"
        start, stop = settings.get("start_age"), settings.get("stop_age")
        who = f" ({people[0]}'s age)" if len(people) > 1 and (start or stop) else ""
        begin = "from retirement" if start is None else f"from {start}"
        end = "until RMDs start" if stop is None else f"through {stop}"
        return f"fill the {fmt.share(float(bracket))} bracket {begin} {end}{who}"  # type: ignore[arg-type]
    order = str(settings["order"])
    if order == "bracket-filling":
        return f"bracket-filling to the top of the {fmt.share(float(settings['rate']))} bracket"  # type: ignore[arg-type]
    return ORDER_LABELS.get(order, order)


def value_text(objective: Objective, value: float) -> str:
    if objective is Objective.SUCCESS:
        return fmt.pct(value, 1)
    return fmt.money(value)


def delta_text(objective: Objective, value: float) -> str:
    if objective is Objective.SUCCESS:
        return f"{value * 100:+.1f} pts"  # "-0.0 pts" when just below zero: the sign counts
    return fmt.money_delta(value)


def _runs_noun(mode: str) -> str:
    return "paths" if mode == "monte-carlo" else "historical runs"


def gain_text(answer: Answer) -> str:
    """How much better the best is than the plan's choice, and whether that is noise."""
    g: Gain = answer.gain
    o = answer.objective
    if not answer.improves:
        return "Your plan's choice is already the best of those tried."
    runs = _runs_noun(answer.mode)
    if o is Objective.SUCCESS:
        head = (f"{delta_text(o, g.value)} against your plan's choice (90% range "
                f"{delta_text(o, g.low)} to {delta_text(o, g.high)})")
    else:
        head = (f"median {delta_text(o, g.value)} against your plan's choice; per path "
                f"{delta_text(o, g.mean)} on average (90% range {delta_text(o, g.low)} to "
                f"{delta_text(o, g.high)}), from {delta_text(o, g.p10)} (10th percentile) to "
                f"{delta_text(o, g.p90)} (90th)")
    if answer.mode == "monte-carlo":
        verdict = ("within the noise of the draw: the choices are about equal" if g.is_noise
                   else "more than the noise of the draw")
    else:
        verdict = ("too small to tell apart over these years: the choices are about equal"
                   if g.is_noise else "consistent over these years")
    return (f"{head}; better on {fmt.pct(g.better, 1)} of {runs}, worse on "
            f"{fmt.pct(g.worse, 1)}: {verdict}.")


def _score_text(answer: Answer, s: Score) -> str:
    o = answer.objective
    text = choice_text(answer.decision, s.settings, answer.people)
    parts = [f"{OBJECTIVE_LABELS[o]} {value_text(o, s.value)}"]
    if o is not Objective.SUCCESS:
        parts.append(f"success {fmt.pct(s.success_rate, 1)}")
    else:
        parts.append(f"after-tax legacy {fmt.money_short(s.legacy)}")
    return f"{text} ({', '.join(parts)})"


NONE_REACH = {
    Decision.CLAIMING: "No claiming ages reach",
    Decision.CONVERSIONS: "No conversion policy reaches",
    Decision.ORDER: "No withdrawal order reaches",
}


def headline(answer: Answer) -> str:
    """One sentence: the answer, or why there is none."""
    best = choice_text(answer.decision, answer.best.settings, answer.people)
    if not answer.met and answer.min_success is not None:
        return (f"{NONE_REACH[answer.decision]} {fmt.pct(answer.min_success)} success; the best is "
                f"{fmt.pct(answer.best.success_rate, 1)} with {best}.")
    o = answer.objective
    if not answer.improves:
        return (f"Keep your plan's choice, {best}: no other choice tried gives a higher "
                f"{OBJECTIVE_LABELS[o]} ({value_text(o, answer.best.value)}).")
    b, c = answer.best, answer.current
    if value_text(o, b.value) == value_text(o, c.value):  # a tie, won on the tie-break
        if o is not Objective.SUCCESS and b.success_rate != c.success_rate:
            why = (f"success {fmt.pct(b.success_rate, 1)} against "
                   f"{fmt.pct(c.success_rate, 1)}")
        else:
            why = (f"after-tax legacy {fmt.money_short(b.legacy)} against "
                   f"{fmt.money_short(c.legacy)}")
        return (f"Best: {best}, the same {OBJECTIVE_LABELS[o]} as your plan's choice "
                f"({value_text(o, b.value)}) and better on {why}.")
    text = (f"Best: {best}, {OBJECTIVE_LABELS[o]} {value_text(o, b.value)} "
            f"against {value_text(o, c.value)} with your plan's choice.")
    r = answer.runner_up
    if r is not None and value_text(o, r.value) == value_text(o, b.value):
        other = choice_text(answer.decision, r.settings, answer.people)
        text += f" The runner-up, {other}, scores the same: the tie-break decided."
    return text


def mode_text(answer: Answer, check: ModeCheck) -> str:
    o = answer.objective
    mode = MODE_LABELS.get(check.mode, check.mode)
    parts = [f"best {value_text(o, check.best.value)}"]
    if check.runner_up is not None:
        parts.append(f"runner-up {value_text(o, check.runner_up.value)}")
    parts.append(f"your plan's choice {value_text(o, check.current.value)}")
    if check.tied:
        holds = "all score the same here"
    elif check.holds:
        holds = "the best still ranks first"
    else:
        holds = "the ranking changes here"
    runs = runs_count_text(check.mode, check.runs, check.best.alignments)
    return f"{mode[0].upper()}{mode[1:]} ({runs}): {', '.join(parts)}: {holds}."


def lines(answer: Answer) -> list[str]:
    """The whole answer, a line each (CLI, PDF)."""
    o = answer.objective
    floor = (f", success at least {fmt.pct(answer.min_success)}"
             if answer.min_success is not None else "")
    out = [f"{DECISION_LABELS[answer.decision]}: by {OBJECTIVE_LABELS[o]}{floor} "
           f"({MODE_LABELS.get(answer.mode, answer.mode)}, "
           f"{runs_count_text(answer.mode, answer.runs, answer.best.alignments)})",
           headline(answer),
           f"Runner-up: {_score_text(answer, answer.runner_up)}." if answer.runner_up else "",
           f"Your plan: {_score_text(answer, answer.current)}.",
           gain_text(answer)]
    if answer.checked is not None:
        best, current = answer.checked
        out.append(f"Re-checked on {fmt.count(best.runs)} paths: best {value_text(o, best.value)}"
                   f", your plan's choice {value_text(o, current.value)} (a choice picked as "
                   "the best on one set of paths usually gains a little less on new ones).")
    out += [mode_text(answer, m) for m in answer.other_modes]
    out.append(f"{answer.evaluated} candidate plans evaluated in {answer.seconds:.1f} s "
               f"(checks {answer.check_seconds:.1f} s).")
    return [line for line in out if line]


def _score_json(answer: Answer, s: Score | None) -> dict[str, Any] | None:
    if s is None:
        return None
    settings = {k: (list(v) if isinstance(v, tuple) else v) for k, v in s.settings.items()}
    return {"choice": choice_text(answer.decision, s.settings, answer.people),
            "settings": settings, "success_rate": s.success_rate,
            "legacy_after_tax": s.legacy, "lifetime_spending": s.spending,
            "objective_value": s.value, "meets_constraint": s.meets, "runs": s.runs,
            "alignments": s.alignments}


def answer_json(answer: Answer) -> dict[str, Any]:
    g = answer.gain
    return {
        "decision": answer.decision.value, "objective": answer.objective.value,
        "min_success": answer.min_success, "mode": answer.mode, "runs": answer.runs,
        "met": answer.met, "answer": headline(answer),
        "best": _score_json(answer, answer.best),
        "runner_up": _score_json(answer, answer.runner_up),
        "current": _score_json(answer, answer.current),
        "gain": {"value": g.value, "mean_per_path": g.mean, "low_90": g.low,
                 "high_90": g.high, "p10": g.p10, "p90": g.p90, "better_share": g.better,
                 "worse_share": g.worse, "noise": g.is_noise},
        "checked": None if answer.checked is None else {
            "best": _score_json(answer, answer.checked[0]),
            "current": _score_json(answer, answer.checked[1])},
        "other_modes": [{"mode": m.mode, "runs": m.runs, "holds": m.holds, "tied": m.tied,
                         "best": _score_json(answer, m.best),
                         "runner_up": _score_json(answer, m.runner_up),
                         "current": _score_json(answer, m.current)} for m in answer.other_modes],
        "evaluated": answer.evaluated, "seconds": answer.seconds,
        "check_seconds": answer.check_seconds,
        "ranking": [_score_json(answer, s) for s in answer.ranking],
    }
