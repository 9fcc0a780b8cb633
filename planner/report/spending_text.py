"""Spending as the plan sets it, in sentences: before and in retirement, the withdrawal
strategy, phases, one-offs, the survivor's change and where surpluses are saved."""

from __future__ import annotations

from planner import format as fmt
from planner.core.model import AccountKind, Plan, Strategy
from planner.core.run_state import surplus_account

STRATEGY_TEXT = {
    Strategy.CONSTANT_DOLLAR: "the first year, {rate} of the portfolio, then that amount "
    "raised with inflation each year (the 4% rule)",
    Strategy.CONSTANT_PERCENT: "{rate} of the portfolio as it stands each year",
    Strategy.GUARDRAILS: "Guyton-Klinger guardrails: {rate} of the portfolio the first year, "
    "raised with inflation, cut {adj} when the rate climbs {band} above {rate} (not in the "
    "last 15 years), raised {adj} when it falls {band} below, and not raised after a losing "
    "year",
    Strategy.VPW: "variable percentage withdrawal: the payment that would spend the "
    "portfolio over the years left at its expected real return",
    Strategy.RMD: "the portfolio divided by the IRS Uniform Lifetime divisor for the age",
}


def change_text(change: float) -> str:
    """-0.2 -> '20% less', 0.1 -> '10% more', 0 -> 'the same'."""
    if abs(change) < 1e-9:
        return "the same"
    return f"{fmt.share(abs(change))} {'less' if change < 0 else 'more'}"


def phase_owner(plan: Plan) -> str:
    """Whose age starts the spending phases, as 'Robin' or 'the first of Robin and Sam'."""
    person = plan.spending.phase_person
    if person is not None or not plan.is_couple:
        return plan.people[person or 0].name
    return f"the first of {plan.people[0].name} and {plan.people[1].name}"


def before_retirement(plan: Plan) -> list[str]:
    """Spending while anyone works (nothing when the household is already retired)."""
    if plan.retirement_year <= plan.start_year:
        return []
    sp = plan.spending
    pre = sp.annual if sp.pre_retirement_annual is None else sp.pre_retirement_annual
    return [f"Until {plan.retirement_year - 1}, while anyone works: {fmt.money(pre)} a year "
            "after tax, in today's dollars. Pay and other income cover taxes, your "
            "contributions and this spending; a surplus is saved and a shortfall withdrawn."]


def in_retirement(plan: Plan) -> list[str]:
    sp = plan.spending
    if sp.strategy is Strategy.FIXED:
        return [f"From {plan.retirement_year}: {fmt.money(sp.annual)} a year after tax, in "
                "today's dollars, rising with inflation; income pays for it first, then the "
                "accounts."]
    rule = STRATEGY_TEXT[sp.strategy].format(
        rate=fmt.share(sp.withdrawal_rate), adj=fmt.share(sp.guardrail_adjustment),
        band=fmt.share(sp.guardrail_band))
    lines = [f"From {plan.retirement_year} the portfolio pays out {rule}. That is a gross "
             "withdrawal: its tax comes out of it, and Social Security and other income are "
             "spent on top."]
    bounds = [f"at least {fmt.money(sp.floor)}" if sp.floor is not None else "",
              f"at most {fmt.money(sp.ceiling)}" if sp.ceiling is not None else ""]
    if any(bounds):
        lines.append(f"The withdrawal is kept {' and '.join(b for b in bounds if b)} a "
                     "year, in today's dollars.")
    if sp.phases:
        lines.append(f"Spending phases scale the withdrawal relative to "
                     f"{fmt.money(sp.annual)} a year:")
    return lines


def surplus_text(plan: Plan) -> str:
    taxable = [a for a, acct in enumerate(plan.accounts) if acct.kind is AccountKind.TAXABLE]
    to = surplus_account(plan, taxable)  # the engine's own choice
    if to is None:
        return ("Surpluses: there is no taxable account to save them in, so income left "
                "after taxes, contributions and spending is assumed spent.")
    return (f"Surpluses (income left after taxes, contributions and spending, or an RMD "
            f"larger than the need) are saved in {plan.accounts[to].name}.")


def health_on_top(plan: Plan) -> list[str]:
    """Where health care stands against the goal (it is paid on top of it)."""
    h = plan.health
    if not (h.premiums or h.out_of_pocket_annual > 0):
        return []
    return ["Health care (premiums after the premium tax credit, IRMAA and out-of-pocket "
            "costs) is paid on top of this spending: see Health care below."]


def spending_lines(plan: Plan) -> list[str]:
    sp = plan.spending
    lines = [*before_retirement(plan), *in_retirement(plan), *health_on_top(plan)]
    who = phase_owner(plan)
    for phase in sorted(sp.phases, key=lambda ph: ph.start_age):
        lines.append(f"From when {who} turns {phase.start_age}: {fmt.money(phase.annual)} a "
                     "year.")
    for one in sorted(sp.one_offs, key=lambda o: o.year):
        what = f" ({one.label})" if one.label else ""
        lines.append(f"In {one.year}: {fmt.money(one.amount)} once{what}.")
    if plan.is_couple:
        lines.append(f"After the first death the survivor spends {change_text(sp.survivor_change)}"
                     " from the next year on (the year of the death is spent as a couple).")
    lines.append(surplus_text(plan))
    return lines
