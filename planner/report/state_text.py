"""State income tax as the plan sets it, in words: the state (or the custom flat rate), a
move and its year, and what the calculation leaves out for each state involved."""

from __future__ import annotations

from planner import format as fmt
from planner.core.model import Plan, TaxSettings
from planner.core.state_tax import NOT_MODELLED, has_income_tax, state_name

LOCAL_TEXT = ("Local income taxes (city, county and school-district) are not included.")


def custom_text(t: TaxSettings) -> str:
    if t.state_rate <= 0:
        return "no state income tax (a custom flat rate of 0%)"
    return f"a flat {fmt.rate(t.state_rate)} of federal taxable income (a custom rate)"


def state_words(t: TaxSettings, code: str) -> str:
    """'California's rules', 'Texas, which has no income tax on wages or retirement
    income', or the custom flat rate."""
    if not code:
        return custom_text(t)
    name = state_name(code)
    if not has_income_tax(code):
        # Washington taxes some capital gains: "no income tax" alone would overstate it.
        return f"{name}, which has no income tax on wages or retirement income"
    return f"{name}'s rules"


def states_in_plan(t: TaxSettings) -> list[str]:
    """The postal codes the plan is taxed by, in order ('' for the custom rate)."""
    codes = [t.state]
    if t.state_move is not None and t.state_move.state != t.state:
        codes.append(t.state_move.state)
    return codes


def short_state_label(t: TaxSettings) -> str:
    """'California', 'California, Nevada from 2035', 'flat 4.00%': for a figure's label."""
    def one(code: str) -> str:
        return state_name(code) if code else f"flat {fmt.rate(t.state_rate)}"

    move = t.state_move
    if move is None or move.state == t.state:
        return one(t.state)
    return f"{one(t.state)}, {one(move.state)} from {move.year}"


def state_lines(plan: Plan) -> list[str]:
    """The state tax bullets of the assumptions page."""
    t = plan.taxes
    index = ("indexed with inflation after 2026" if t.index_brackets
             else "kept at their 2026 amounts")
    if t.state and has_income_tax(t.state):
        first = (f"State income tax: {state_words(t, t.state)} for 2025 and 2026 (brackets, "
                 "deductions, exemptions, credits, and what the state does with Social "
                 f"Security and retirement income), {index}.")
    else:
        first = f"State income tax: {state_words(t, t.state)}."
    lines = [first]
    move = t.state_move
    if move is not None and move.state != t.state:
        lines.append(f"The household moves: from {move.year}, state income tax follows "
                     f"{state_words(t, move.state)}.")
    for code in states_in_plan(t):
        if code in NOT_MODELLED:
            lines.append(f"Not modelled for {state_name(code)}: {NOT_MODELLED[code]}.")
    if any(code and has_income_tax(code) for code in states_in_plan(t)):
        lines.append(LOCAL_TEXT)
    return lines


def state_note(plan: Plan) -> str:
    """One sentence for the tax page: which state's tax the 'State tax' line is."""
    t = plan.taxes
    if not t.enabled:
        return ""
    move = t.state_move
    if move is not None and move.state != t.state:
        return (f"State tax follows {state_words(t, t.state)} until {move.year - 1}, then "
                f"{state_words(t, move.state)}. ")
    return f"State tax follows {state_words(t, t.state)}. "
