"""What the projection assumed: accounts, income, spending, health care, markets, taxes."""

from __future__ import annotations

from planner import format as fmt
from planner.core.model import (
    ASSET_CLASSES,
    Account,
    AccountKind,
    ContributionUnit,
    ConversionCap,
    ConversionMode,
    Mortality,
    Plan,
    TaxSettings,
    WithdrawalOrder,
)
from planner.core.result import Result
from planner.report import measure
from planner.report.deaths import LIFE_TABLE
from planner.report.health_text import coverage_lines, health_lines
from planner.report.income_tables import inflows_table, people_table, streams_table
from planner.report.layout import BODY, MUTED, TITLE, Flow
from planner.report.markets_text import market_lines, markets_table
from planner.report.spending_text import spending_lines
from planner.report.state_text import state_lines
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


def owner_text(plan: Plan, account: Account) -> str:
    """'Robin', or 'Robin and Sam, jointly' for a couple's joint taxable account."""
    if account.joint and plan.is_couple:
        return f"{plan.people[0].name} and {plan.people[1].name}, jointly"
    return plan.people[account.owner].name


def basis_text(account: Account) -> str:
    """The basis as its account kind means it (see ``Account.cost_basis``)."""
    if account.cost_basis is None:
        return DASH
    if account.kind is AccountKind.TRADITIONAL_IRA:
        return f"{fmt.money(account.cost_basis)} after-tax"
    if account.kind.is_roth:
        return f"{fmt.money(account.cost_basis)} contributions"
    return fmt.money(account.cost_basis)


def basis_note(plan: Plan) -> str:
    """What 'Basis' means for the kinds of account that state one."""
    kinds = {a.kind for a in plan.accounts if a.cost_basis is not None}
    parts = []
    if AccountKind.TAXABLE in kinds:
        parts.append("in taxable accounts the cost basis (a withdrawal realises only its gain)")
    if any(k.is_roth for k in kinds):
        parts.append("in Roth accounts the contributions (they come out tax- and penalty-free "
                     "first)")
    if AccountKind.TRADITIONAL_IRA in kinds:
        parts.append("in traditional IRAs the after-tax (nondeductible) contributions, paid "
                     "out tax-free pro rata")
    return f"Basis: {'; '.join(parts)}. " if parts else ""


def accounts_table(plan: Plan) -> Table:
    with_basis = any(a.cost_basis is not None for a in plan.accounts)
    header = ["Account", "Kind", "Owner", "Balance"]
    header += ["Basis"] if with_basis else []
    header += ["Contribution", "Employer match", "Allocation"]
    rows = []
    for a in plan.accounts:
        row = [a.name, a.kind.label, owner_text(plan, a), fmt.money(a.balance)]
        if with_basis:
            row.append(basis_text(a))
        row += [contribution_text(a), match_text(a), allocation_text(a)]
        rows.append(row)
    align = ["left", "left", "left", "right"] + (["right"] if with_basis else [])
    return Table(header, rows, [*align, "left", "left", "left"], size=8)


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


def conversion_cap_text(t: TaxSettings) -> str:
    """' Each is kept ...' for a capped conversion, or ''."""
    if t.conversion_cap is ConversionCap.IRMAA_TIER:
        if t.conversion_irmaa_tier <= 0:
            return (" Each is kept small enough that the year's income stays below the first "
                    "IRMAA tier (no Medicare surcharge two years later).")
        return (f" Each is kept small enough that the year's income stays within IRMAA tier "
                f"{t.conversion_irmaa_tier}.")
    if t.conversion_cap is ConversionCap.ACA_CLIFF:
        return (" Each is kept small enough that household income stays at or under 400% of "
                "the poverty line (the premium tax credit's cliff).")
    return ""


def conversion_years_text(t: TaxSettings, name: str) -> str:
    """When fill-bracket conversions run: from retirement or the first person's start age,
    until RMDs or through the stop age (which then outlasts the RMDs' start)."""
    if t.conversion_start_age is None and t.conversion_stop_age is None:
        return "each retired year before RMDs start"
    begin = ("from the household's first retired year" if t.conversion_start_age is None
             else f"from the year {name} turns {t.conversion_start_age}")
    end = ("until each holder's RMDs start" if t.conversion_stop_age is None
           else f"through the year {name} turns {t.conversion_stop_age}")
    return f"each year {begin} {end}"


def conversion_mix_text(t: TaxSettings) -> str:
    if t.conversion_keep_mix:
        return (" Converted money keeps the asset mix it had in the traditional account (the "
                "Roth's own mix applies to the rest of it).")
    return " Converted money takes the Roth account's asset mix."


def conversion_text(t: TaxSettings, name: str = "the first person") -> str:
    """The plan's Roth conversions; ``name``: the first person, whose age times them."""
    if t.roth_conversion is ConversionMode.FILL_BRACKET:
        return (f"Roth conversions: {conversion_years_text(t, name)}, up to the top of the "
                f"{fmt.share(t.conversion_bracket_rate)} bracket.{conversion_cap_text(t)}"
                f"{conversion_mix_text(t)}")
    if t.roth_conversion is ConversionMode.FIXED and t.conversions:
        years = ", ".join(f"{c.year}: {fmt.money(c.amount)}"
                          for c in sorted(t.conversions, key=lambda c: c.year))
        return (f"Roth conversions (today's dollars): {years}.{conversion_cap_text(t)}"
                f"{conversion_mix_text(t)}")
    return "Roth conversions: none."


PAYROLL_TEXT = ("Payroll tax: Social Security (6.2% up to the taxable maximum) and Medicare "
                "(1.45%, plus 0.9% on high pay) tax on wages, and the self-employment tax on "
                "net self-employment earnings.")


def mortality_text(result: Result) -> str:
    """How ages at death were set, when the plan asks for the life table."""
    plan = result.plan
    if plan.simulation.mortality is not Mortality.LIFE_TABLE:
        return ""
    if result.deaths_drawn:
        return (f"Ages at death: drawn for each path from {LIFE_TABLE}, for everyone without "
                "a fixed age at death.")
    return ("Ages at death: the plan asks for the life table, which applies to Monte Carlo "
            "runs only; this projection uses the fixed ages above.")


def social_security_text(plan: Plan) -> str:
    a = plan.assumptions
    if not a.social_security_cut:
        return "Social Security: paid as scheduled in every year (no trust-fund cut assumed)."
    return (f"Social Security trust fund: from {a.social_security_cut_year}, benefits are cut "
            f"to {fmt.share(a.social_security_payable_share)} of the scheduled amount, the "
            "share the program's continuing income can pay once the trust fund runs out "
            "(source: 2026 Trustees Report, intermediate assumptions).")


def heirs_tax_text(t: TaxSettings) -> str:
    return (f"Heirs' tax rate: {fmt.share(t.heirs_tax_rate)}. Heirs other than a spouse pay "
            "income tax at this rate on the traditional 401(k)/IRA and HSA money they "
            "inherit, as they withdraw it; Roth money passes tax-free and taxable accounts at "
            "their stepped-up value. The estate after heirs' tax takes it off; lifetime "
            "taxes do not include it.")


def tax_lines(plan: Plan) -> list[str]:
    t = plan.taxes
    if not t.enabled:
        return ["Taxes are not modelled in this plan: amounts are before tax.",
                heirs_tax_text(t)]
    index = "indexed with inflation" if t.index_brackets else "kept at their 2026 amounts"
    survivor = (", and the single ones for the survivor from the year after the first death"
                if plan.is_couple else "")
    return [
        f"Federal income tax: the {plan.filing_status.replace('_', ' ')} brackets and "
        f"standard deduction of 2026, {index}{survivor}.",
        *state_lines(plan),
        PAYROLL_TEXT,
        conversion_text(t, plan.people[0].name),
        heirs_tax_text(t),
    ]


def add_assumptions(flow: Flow, result: Result, seed: int | None = None) -> None:
    plan = result.plan
    flow.new_page()
    flow.text("Assumptions", TITLE, bold=True, after=0.15)
    add_accounts(flow, plan)
    add_people(flow, result)
    flow.heading("Spending")
    # How spending is funded belongs with it (and keeps the tax list short).
    flow.bullets([*spending_lines(plan), withdrawal_text(plan.taxes)])
    add_list(flow, "Taxes", tax_lines(plan))
    add_health(flow, plan)
    add_markets(flow, result, seed)


def add_list(flow: Flow, title: str, items: list[str]) -> None:
    """A heading and its bullets; the heading stays with the first two."""
    flow.heading(title, keep=flow.bullets_height(items[:2]))
    flow.bullets(items)


def add_accounts(flow: Flow, plan: Plan) -> None:
    flow.heading("Accounts")
    if not plan.accounts:
        flow.text("No accounts.")
        return
    flow.table(accounts_table(plan))
    basis = basis_note(plan)
    joint = ("A joint account's basis steps up by half at the first death; an account "
             "the deceased owned steps up in full. "
             if any(a.joint for a in plan.accounts) and plan.is_couple else "")
    flow.text(f"Balances at the start of the plan; dollar contributions in today's "
              f"dollars. {basis}{joint}".strip(), 8, color=MUTED)


def add_people(flow: Flow, result: Result) -> None:
    plan = result.plan
    flow.heading("People and income")
    flow.table(people_table(result))
    flow.bullets([social_security_text(plan)])
    streams = streams_table(plan)
    if streams is not None:
        flow.table(streams)
        flow.text("Amounts are a year's payment in the first year paid. Pay for work stops "
                  "at its owner's death; other income continues to a surviving spouse at the "
                  "share shown.", 8, color=MUTED)
    inflows = inflows_table(plan)
    if inflows is not None:
        flow.table(inflows)
        flow.text("Amounts in today's dollars. Money received pays that year's needs; the "
                  "rest is saved like any surplus.", 8, color=MUTED)


def add_health(flow: Flow, plan: Plan) -> None:
    add_list(flow, "Health care", health_lines(plan))
    coverage = coverage_lines(plan)
    if coverage:
        flow.ensure(measure.line_height(BODY) + flow.bullets_height(coverage[:1]))
        flow.text(COVERAGE_INTRO, BODY, after=0.04)
        flow.bullets(coverage)


COVERAGE_INTRO = "Coverage, as the projection assumes it from the plan's ages:"


def add_markets(flow: Flow, result: Result, seed: int | None = None) -> None:
    table = markets_table(result.plan)
    items = [*market_lines(result, seed), *[line for line in [mortality_text(result)] if line]]
    # A short section, kept whole: split, its last line alone once filled a page (the
    # table's header takes two lines, each row one).
    rows = (len(table.rows) + 2) * (measure.line_height(table.size) + 0.04) + 0.2
    flow.heading("Markets, inflation and fees", keep=rows + flow.bullets_height(items))
    flow.table(table)
    flow.bullets(items)
