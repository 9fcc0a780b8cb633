"""What the projection assumed: accounts, income, spending, markets, taxes, caveats."""

from __future__ import annotations

from planner.core.model import (
    ASSET_CLASSES,
    Account,
    ContributionUnit,
    ConversionMode,
    Plan,
    Strategy,
    TaxSettings,
    WithdrawalOrder,
)
from planner.core.result import Result
from planner.report import format as fmt
from planner.report import measure
from planner.report.layout import BODY, HEADING, MUTED, TITLE, Flow
from planner.report.table import Table

DASH = "\u2014"


def contribution_text(account: Account) -> str:
    if account.contribution_unit == ContributionUnit.MAX:
        return "IRS maximum"
    if account.contribution <= 0:
        return DASH
    if account.contribution_unit == ContributionUnit.PERCENT_OF_SALARY:
        return f"{fmt.share(account.contribution)} of salary"
    return f"{fmt.money(account.contribution)} a year"


def match_text(account: Account) -> str:
    if account.employer_match_rate <= 0:
        return DASH
    return (f"{fmt.share(account.employer_match_rate)} up to "
            f"{fmt.share(account.employer_match_cap)} of salary")


def allocation_text(account: Account) -> str:
    parts = zip(ASSET_CLASSES, account.allocation.as_tuple(), strict=True)
    return ", ".join(f"{fmt.share(v)} {name}" for name, v in parts if v > 0)


def accounts_table(plan: Plan) -> Table:
    with_basis = any(a.cost_basis is not None for a in plan.accounts)
    header = ["Account", "Kind", "Owner", "Balance"]
    header += ["Cost basis"] if with_basis else []
    header += ["Contribution", "Employer match", "Allocation"]
    rows = []
    for a in plan.accounts:
        row = [a.name, a.kind.label, plan.people[a.owner].name, fmt.money(a.balance)]
        if with_basis:
            row.append(DASH if a.cost_basis is None else fmt.money(a.cost_basis))
        row += [contribution_text(a), match_text(a), allocation_text(a)]
        rows.append(row)
    align = ["left", "left", "left", "right"] + (["right"] if with_basis else [])
    return Table(header, rows, [*align, "left", "left", "left"], size=8)


def people_table(plan: Plan) -> Table:
    rows = [
        [p.name, fmt.money(p.salary), fmt.share(p.salary_growth_rate),
         fmt.money(p.social_security.monthly_benefit_at_fra),
         fmt.age(p.social_security.claim_age)]
        for p in plan.people
    ]
    return Table(
        ("Person", "Salary a year", "Raise a year", "Social Security a month at full "
         "retirement age", "Claims at age"),
        rows, ("left", "right", "right", "right", "right"), size=8,
    )


def pensions_table(plan: Plan) -> Table | None:
    rows = []
    for p in plan.people:
        for pen in p.pensions:
            growth = "with inflation" if pen.inflation_indexed else fmt.share(pen.cola_rate)
            rows.append([p.name, pen.name, fmt.money(pen.annual_amount), str(pen.start_age),
                         growth, fmt.share(pen.survivor_share)])
    if not rows:
        return None
    return Table(
        ("Person", "Pension", "A year", "From age", "Rises each year", "To survivor"),
        rows, ("left", "left", "right", "right", "right", "right"), size=8,
    )


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


def spending_lines(plan: Plan) -> list[str]:
    sp = plan.spending
    first = plan.people[0].name
    if sp.strategy is Strategy.FIXED:
        lines = [f"{fmt.money(sp.annual)} a year after tax from {plan.retirement_year}, "
                 "in today's dollars, rising with inflation."]
    else:
        rule = STRATEGY_TEXT[sp.strategy].format(
            rate=fmt.share(sp.withdrawal_rate), adj=fmt.share(sp.guardrail_adjustment),
            band=fmt.share(sp.guardrail_band))
        lines = [f"From {plan.retirement_year} the portfolio pays out {rule}. That is a gross "
                 "withdrawal: its tax comes out of it, and Social Security and pensions are "
                 "spent on top."]
        bounds = [f"at least {fmt.money(sp.floor)}" if sp.floor is not None else "",
                  f"at most {fmt.money(sp.ceiling)}" if sp.ceiling is not None else ""]
        if any(bounds):
            lines.append(f"The withdrawal is kept {' and '.join(b for b in bounds if b)} a "
                         "year, in today's dollars.")
        if sp.phases:
            lines.append(f"Spending phases scale the withdrawal relative to "
                         f"{fmt.money(sp.annual)} a year:")
    if sp.healthcare_annual > 0:
        lines.append(f"Of which qualified medical costs: {fmt.money(sp.healthcare_annual)} a "
                     "year, which HSA money pays tax-free.")
    for phase in sorted(sp.phases, key=lambda ph: ph.start_age):
        lines.append(f"From age {phase.start_age} of {first}: {fmt.money(phase.annual)} a year.")
    for one in sorted(sp.one_offs, key=lambda o: o.year):
        what = f" ({one.label})" if one.label else ""
        lines.append(f"In {one.year}: {fmt.money(one.amount)} once{what}.")
    return lines


def markets_table(plan: Plan) -> Table:
    a = plan.assumptions
    rows = [[name.capitalize(), fmt.rate(a.asset(name).expected_return),
             fmt.rate(a.asset(name).volatility)] for name in ASSET_CLASSES]
    return Table(("Asset class", "Mean return a year", "Volatility (std. dev.)"),
                 rows, ("left", "right", "right"), size=8)


ORDER_TEXT = {
    WithdrawalOrder.CONVENTIONAL: "taxable accounts first, then traditional 401(k)s and "
    "IRAs, then Roth accounts, then HSAs",
    WithdrawalOrder.PROPORTIONAL: "from every account in proportion to its balance",
}


def withdrawal_text(t: TaxSettings) -> str:
    if t.withdrawal_order is WithdrawalOrder.BRACKET_FILLING:
        how = (f"traditional accounts up to the top of the {fmt.share(t.fill_bracket_rate)} "
               "bracket, then the others")
    else:
        how = ORDER_TEXT.get(t.withdrawal_order, str(t.withdrawal_order))
    return f"Withdrawals: {how}."


def conversion_text(t: TaxSettings) -> str:
    if t.roth_conversion is ConversionMode.FILL_BRACKET:
        return (f"Roth conversions: each retired year before RMDs start, up to the top of the "
                f"{fmt.share(t.conversion_bracket_rate)} bracket.")
    if t.roth_conversion is ConversionMode.FIXED and t.conversions:
        years = ", ".join(f"{c.year}: {fmt.money(c.amount)}"
                          for c in sorted(t.conversions, key=lambda c: c.year))
        return f"Roth conversions (today's dollars): {years}."
    return "Roth conversions: none."


def tax_lines(plan: Plan) -> list[str]:
    t = plan.taxes
    if not t.enabled:
        return ["Taxes are not modelled in this plan: amounts are before tax."]
    index = "indexed with inflation" if t.index_brackets else "kept at their 2026 amounts"
    irmaa = ("Medicare Part B IRMAA surcharges from 65, by income." if t.medicare_irmaa
             else "Medicare IRMAA surcharges are not charged.")
    return [
        f"Federal income tax: the {plan.filing_status.replace('_', ' ')} brackets and "
        f"standard deduction of 2026, {index}.",
        f"State income tax: {fmt.rate(t.state_rate)} of federal taxable income "
        "(a flat approximation).",
        conversion_text(t),
        irmaa,
    ]


def add_assumptions(flow: Flow, result: Result) -> None:
    plan = result.plan
    a = plan.assumptions
    flow.new_page()
    flow.text("Assumptions", TITLE, bold=True, after=0.15)
    flow.heading("Accounts")
    if plan.accounts:
        flow.table(accounts_table(plan))
        flow.text("Balances at the start of the plan; dollar contributions in today's dollars.",
                  8, color=MUTED)
    else:
        flow.text("No accounts.")
    flow.heading("Income")
    flow.table(people_table(plan))
    pensions = pensions_table(plan)
    if pensions is not None:
        flow.table(pensions)
    flow.heading("Spending")
    # How spending is funded belongs with it (and keeps the tax list short).
    flow.bullets([*spending_lines(plan), withdrawal_text(plan.taxes)])
    flow.heading("Markets, inflation and fees")
    flow.table(markets_table(plan))
    flow.bullets([
        f"Inflation: {fmt.rate(a.inflation_rate)} a year (expected path).",
        f"Fees: {fmt.rate(a.fee_rate)} a year on every balance.",
        f"Simulated runs: {fmt.count(plan.simulation.paths)} paths, random seed "
        f"{plan.simulation.seed} (the same seed gives the same result).",
    ])
    taxes = tax_lines(plan)
    # A short list reads as one block: move it whole to the next page rather than leave
    # its last line alone there.
    lines = sum(len(measure.wrap(t, flow.width - 0.22, BODY)) for t in taxes)
    flow.ensure(0.14 + measure.line_height(HEADING)  # the heading and its spacing
                + lines * measure.line_height(BODY) + len(taxes) * 0.03)
    flow.heading("Taxes")
    flow.bullets(taxes)
