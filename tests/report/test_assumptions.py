"""The assumptions page says what the plan set: withdrawals and conversions, the state and a
move, health care (premiums, the benchmark, Medicare, IRMAA, out-of-pocket costs, coverage),
the Social Security cut, income streams and money received, ages at death, spending before
and after retirement and after a death, where surpluses go, joint accounts and the basis of
each account."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from planner.core.model import (
    Account,
    AccountKind,
    Conversion,
    ConversionCap,
    ConversionMode,
    Mortality,
    StateMove,
    WithdrawalOrder,
)
from planner.core.state_tax import NOT_MODELLED, has_income_tax, state_name
from planner.report.assumptions_page import (
    accounts_table,
    add_assumptions,
    conversion_text,
    heirs_tax_text,
    mortality_text,
    social_security_text,
    tax_lines,
    withdrawal_text,
)
from planner.report.deaths import death_text
from planner.report.health_text import coverage_lines, coverage_text, health_lines
from planner.report.income_tables import born_text, inflows_table, people_table, streams_table
from planner.report.layout import Flow
from planner.report.spending_text import spending_lines
from planner.report.state_text import state_lines
from tests.report.fakes import (
    california_plan,
    california_result,
    couple_result,
    fake_plan,
    fake_result,
)
from tests.report.layout_text import flat, flow_strings


def test_tax_settings_in_words() -> None:
    plan = fake_plan()
    lines = tax_lines(plan)
    assert withdrawal_text(plan.taxes).startswith("Withdrawals: taxable accounts first")
    assert lines[0].endswith("and the single ones for the survivor from the year after the "
                             "first death.")
    assert lines[1] == ("State income tax: a flat 4.00% of federal taxable income (a custom "
                        "rate).")
    assert lines[2].startswith("Payroll tax: Social Security (6.2% up to the taxable maximum)")
    assert lines[3] == "Roth conversions: none."
    assert not any("IRMAA" in line for line in lines)  # a health setting now
    taxes = replace(plan.taxes, withdrawal_order=WithdrawalOrder.BRACKET_FILLING,
                    fill_bracket_rate=0.12, roth_conversion=ConversionMode.FIXED,
                    conversions=(Conversion(2031, 20_000), Conversion(2030, 15_000)))
    lines = tax_lines(plan.with_changes(taxes=taxes))
    assert withdrawal_text(taxes) == ("Withdrawals: traditional accounts up to the top of the "
                                      "12% bracket, then the others.")
    assert lines[3] == ("Roth conversions (today's dollars): 2030: $15,000, 2031: $20,000. "
                        "Converted money keeps the asset mix it had in the traditional account "
                        "(the Roth's own mix applies to the rest of it).")
    off = tax_lines(plan.with_changes(taxes=replace(plan.taxes, enabled=False)))
    # The estate after heirs' tax is shown either way, so its rate is listed either way.
    assert off == ["Taxes are not modelled in this plan: amounts are before tax.",
                   heirs_tax_text(plan.taxes)]


def test_the_heirs_tax_rate_is_listed_with_the_taxes() -> None:
    plan = fake_plan()
    taxes = replace(plan.taxes, heirs_tax_rate=0.32)
    lines = tax_lines(plan.with_changes(taxes=taxes))
    assert lines[-1] == heirs_tax_text(taxes)
    assert lines[-1].startswith("Heirs' tax rate: 32%. Heirs other than a spouse pay income "
                                "tax")
    assert "lifetime taxes do not include it" in lines[-1]


def test_conversions_kept_under_an_irmaa_tier_or_the_credit_cliff() -> None:
    taxes = replace(fake_plan().taxes, roth_conversion=ConversionMode.FILL_BRACKET,
                    conversion_cap=ConversionCap.IRMAA_TIER, conversion_irmaa_tier=0)
    assert ("stays below the first IRMAA tier (no Medicare surcharge two years later). "
            "Converted money keeps") in conversion_text(taxes)
    two = replace(taxes, conversion_irmaa_tier=2)
    assert "stays within IRMAA tier 2. Converted" in conversion_text(two)
    cliff = replace(taxes, conversion_cap=ConversionCap.ACA_CLIFF)
    assert "400% of the poverty line" in conversion_text(cliff)
    assert conversion_text(replace(taxes, conversion_cap=ConversionCap.NONE)) == (
        "Roth conversions: each retired year before RMDs start, up to the top of the 22% "
        "bracket. Converted money keeps the asset mix it had in the traditional account (the "
        "Roth's own mix applies to the rest of it).")


def test_conversion_ages_and_the_converted_money_s_mix() -> None:
    """Fill-bracket conversions name their start and stop ages (the first person's) and say
    which mix the converted money takes; the assumptions page prints it."""
    plan = fake_plan()  # Robin and Sam: Robin's age times the conversions
    base = replace(plan.taxes, roth_conversion=ConversionMode.FILL_BRACKET,
                   conversion_bracket_rate=0.24)
    both = replace(base, conversion_start_age=62, conversion_stop_age=72)
    text = conversion_text(both, "Robin")
    assert text.startswith("Roth conversions: each year from the year Robin turns 62 through "
                           "the year Robin turns 72, up to the top of the 24% bracket.")
    start = conversion_text(replace(base, conversion_start_age=60), "Robin")
    assert start.startswith("Roth conversions: each year from the year Robin turns 60 until "
                            "each holder's RMDs start, up to")
    stop = conversion_text(replace(base, conversion_stop_age=75), "Robin")
    assert stop.startswith("Roth conversions: each year from the household's first retired "
                           "year through the year Robin turns 75, up to")
    roth_mix = conversion_text(replace(both, conversion_keep_mix=False), "Robin")
    assert roth_mix.endswith("bracket. Converted money takes the Roth account's asset mix.")
    assert "keeps the asset mix" in text and "Roth account's asset mix" not in text
    # On the page: the tax list names the first person.
    lines = tax_lines(plan.with_changes(taxes=both))
    assert conversion_text(both, "Robin") in lines
    flow = Flow()
    add_assumptions(flow, fake_result())
    assert "Robin turns 62" not in " ".join(flow_strings(flow.pages))
    result = dataclasses.replace(fake_result(), plan=plan.with_changes(taxes=both), _cache={})
    flow = Flow()
    add_assumptions(flow, result)
    page = flat(" ".join(flow_strings(flow.pages)))
    assert ("Roth conversions: each year from the year Robin turns 62 through the year Robin "
            "turns 72") in page
    assert "Converted money keeps the asset mix it had in the traditional account" in page


def test_the_state_by_name_a_move_and_what_is_not_modelled() -> None:
    plan = fake_plan()

    def lines(**taxes: object) -> list[str]:
        return state_lines(plan.with_changes(taxes=replace(plan.taxes, **taxes)))

    ca = lines(state="CA", state_move=StateMove(2035, "NV"))
    assert ca[0].startswith("State income tax: California's rules for 2025 and 2026 (")
    assert ca[0].endswith("indexed with inflation after 2026.")
    assert ca[1] == ("The household moves: from 2035, state income tax follows Nevada, which "
                     "has no income tax on wages or retirement income.")
    assert ca[-1] == "Local income taxes (city, county and school-district) are not included."
    assert not any(line.startswith("Not modelled") for line in ca)  # none for CA or NV
    # A state whose rules the calculation leaves partly out (the list shrinks as the core
    # learns them, so it is read rather than assumed).
    gap = next(c for c in sorted(NOT_MODELLED) if has_income_tax(c))
    partial = lines(state=gap, index_brackets=False)
    assert "kept at their 2026 amounts" in partial[0]
    assert f"Not modelled for {state_name(gap)}: {NOT_MODELLED[gap]}." in partial
    assert lines(state="TX") == ["State income tax: Texas, which has no income tax on wages "
                                 "or retirement income."]
    to_flat = lines(state=gap, state_move=StateMove(2030, ""), state_rate=0.03)
    assert to_flat[1] == ("The household moves: from 2030, state income tax follows a flat "
                          "3.00% of federal taxable income (a custom rate).")
    assert to_flat[2] == f"Not modelled for {state_name(gap)}: {NOT_MODELLED[gap]}."
    assert lines(state_rate=0.0) == ["State income tax: no state income tax (a custom flat "
                                     "rate of 0%)."]


def test_health_settings_in_words() -> None:
    plan = california_plan()
    lines = health_lines(plan)
    assert lines[0].startswith("Premiums: before Medicare, marketplace (ACA) coverage")
    assert lines[0].endswith("from 65, Medicare Part B and Part D. They are paid on top of "
                             "the spending goal.")
    assert lines[1].startswith("Benchmark premium: $625 a month for a 40-year-old, the "
                               "national average for 2026 (KFF)")
    assert lines[2] == ("Medicare: Part B ($202.90 a month per person in 2026) and Part D at "
                        "the base beneficiary premium ($38.99), from the month each person "
                        "turns 65.")
    assert lines[3] == ("IRMAA: the income-related surcharges on Part B and Part D, set by the "
                        "income (MAGI) of two years before.")
    assert lines[4] == ("Out-of-pocket costs: $4,000 a year for the household from retirement, "
                        "in today's dollars; HSA money pays them first, tax-free.")
    assert lines[5].startswith("Health costs (premiums, surcharges and out-of-pocket costs) "
                               "grow 5% a year, 1.98% above the assumed inflation; the default "
                               "follows the CMS National Health Expenditure projections 2024-33")

    def with_health(**changes: object) -> list[str]:
        return health_lines(plan.with_changes(health=replace(plan.health, **changes)))

    own = with_health(aca_benchmark_monthly=800.0, medicare_part_d=False, irmaa=False,
                      out_of_pocket_annual=0.0)
    assert own[1].startswith("Benchmark premium: $800 a month for a 40-year-old in your area")
    assert own[2].endswith("from the month each person turns 65; no Part D drug plan.")
    assert own[3:5] == ["IRMAA: not charged.", "Out-of-pocket costs: none entered."]
    mine = with_health(own_premium_annual=14_000.0)
    assert mine[1].startswith("Marketplace premium: your own figure, $14,000 a year")
    off = with_health(premiums=False)
    assert off[0].startswith("Premiums: not modelled separately")
    assert not any(line.startswith(("Benchmark", "Medicare:")) for line in off)
    assert off[1].startswith("IRMAA: the income-related surcharges")  # charged all the same


def test_coverage_follows_retirement_the_coverage_age_and_the_birthday() -> None:
    plan = california_plan()
    # Born 1 April 1967: 65 is attained on 31 March 2032, so Medicare starts in March.
    assert coverage_lines(plan) == [
        "Jordan: employer coverage to the end of 2026 (retiring), marketplace from 2027, "
        "Medicare from March 2032.",
        "Casey: employer coverage to the end of 2026 (retiring), marketplace from 2027, "
        "Medicare from September 2034.",
    ]
    jordan, casey = plan.people
    retiree = replace(jordan, health_coverage_until_age=65, birth_month=1, birth_day=15)
    older = replace(casey, birth_year=1958, retirement_age=60)
    people = plan.with_changes(people=(retiree, older))
    assert coverage_lines(people) == [
        "Jordan: employer coverage to the end of 2031 (age 65), Medicare from January 2032.",
        "Casey: on Medicare (since September 2023).",
    ]
    # Coverage to 65 ends with the year before the 65th birthday's year: with a birthday
    # in March the marketplace fills January and February.
    march = replace(retiree, birth_month=3)
    assert coverage_text(plan.with_changes(people=(march, casey)), 0) == (
        "Jordan: employer coverage to the end of 2031 (age 65), marketplace from 2032, "
        "Medicare from March 2032.")
    assert coverage_lines(plan.with_changes(
        health=replace(plan.health, premiums=False))) == []


def test_social_security_trust_fund_cut() -> None:
    plan = fake_plan()
    assert social_security_text(plan) == ("Social Security: paid as scheduled in every year "
                                          "(no trust-fund cut assumed).")
    cut = replace(plan.assumptions, social_security_cut=True, social_security_cut_year=2034,
                  social_security_payable_share=0.81)
    assert social_security_text(plan.with_changes(assumptions=cut)) == (
        "Social Security trust fund: from 2034, benefits are cut to 81% of the scheduled "
        "amount, the share the program's continuing income can pay once the trust fund runs "
        "out (source: 2026 Trustees Report, intermediate assumptions).")


def test_birth_months_and_the_days_that_matter() -> None:
    jordan, casey = california_plan().people
    assert born_text(jordan) == "Apr 1, 1967"
    assert born_text(casey) == "Sep 1969"
    table = people_table(california_result())
    assert table.header[1] == "Born"
    assert [r[1] for r in table.rows] == ["Apr 1, 1967", "Sep 1969"]


def test_health_care_comes_on_top_of_spending_and_no_old_medical_line() -> None:
    lines = spending_lines(california_plan())
    assert ("Health care (premiums after the premium tax credit, IRMAA and out-of-pocket "
            "costs) is paid on top of this spending: see Health care below.") in lines
    plan = california_plan()
    off = plan.with_changes(health=replace(plan.health, premiums=False,
                                           out_of_pocket_annual=0.0))
    assert not any(line.startswith("Health care") for line in spending_lines(off))
    assert not any("qualified medical costs" in line for line in lines)


def test_income_streams_are_listed_with_their_dollars_growth_and_survivor_share() -> None:
    table = streams_table(fake_plan())
    assert table is not None
    assert list(table.header) == ["Income", "Owner", "Kind", "A year", "Dollars of", "Rises",
                                  "Paid", "To survivor"]
    assert [list(r) for r in table.rows] == [
        ["Teachers' pension", "Robin", "Pension or annuity", "$18,000", "today",
         "with inflation", "from age 63 (2029) for life", "50%"],
        ["Rented flat", "Sam", "Rental income", "$12,000", "2030", "2% a year",
         "from 2030 to 2045", "0%"],
    ]
    # Pay for work never continues to a survivor: no share is shown for it.
    couple = streams_table(couple_result().plan)
    assert couple is not None
    rows = {r[0]: r for r in couple.rows}
    assert set(rows) == {"Union pension", "Bridge job", "Consulting", "Cabin rental",
                         "Veterans' benefit"}
    assert rows["Bridge job"][-1] == rows["Consulting"][-1] == "\u2014"
    assert rows["Bridge job"][6] == "from age 59 (2030) to age 62 (2033)"
    assert rows["Union pension"][3:6] == ["$6,000", "2038", "none (fixed)"]
    assert streams_table(fake_plan().with_changes(income=())) is None


def test_money_received_is_listed_with_its_taxable_part() -> None:
    table = inflows_table(fake_plan())
    assert table is not None
    assert [list(r) for r in table.rows] == [
        ["Inheritance from an aunt", "2034", "$150,000", "\u2014", "not taxed"],
        ["Sale of the flat", "2040", "$300,000", "$60,000", "as a long-term capital gain"],
    ]
    couple = inflows_table(couple_result().plan)
    assert couple is not None
    assert ["Deferred pay", "2036", "$40,000", "$40,000", "as ordinary income"] in [
        list(r) for r in couple.rows]
    assert inflows_table(fake_plan().with_changes(inflows=())) is None


def test_ages_at_death_fixed_or_drawn() -> None:
    r = fake_result()
    assert death_text(r, 0) == "85, at the end of 2051"  # Robin's own death age
    assert death_text(r, 1) == "92, at the end of 2060 (the planning horizon)"
    drawn = couple_result("monte-carlo", Mortality.LIFE_TABLE)
    assert death_text(drawn, 0) == "70, at the end of 2041"  # Sam's age is fixed
    assert death_text(drawn, 1).startswith("drawn for each path from the SSA 2023 period "
                                           "life table (female; median ")
    assert mortality_text(drawn).startswith("Ages at death: drawn for each path")
    # Asked for, but an expected run cannot draw deaths: the fixed ages are used.
    fixed = couple_result("expected", Mortality.LIFE_TABLE)
    assert death_text(fixed, 1) == "95, at the end of 2068 (the planning horizon)"
    assert "applies to Monte Carlo runs only" in mortality_text(fixed)
    assert mortality_text(r) == ""


def test_spending_before_retirement_after_a_death_and_where_surpluses_go() -> None:
    lines = spending_lines(fake_plan())
    assert lines[0].startswith("Until 2029, while anyone works: $65,000 a year after tax")
    assert lines[1].startswith("From 2030: $70,000 a year after tax")
    assert "From when the first of Robin and Sam turns 80: $60,000 a year." in lines
    assert ("After the first death the survivor spends 20% less from the next year on (the "
            "year of the death is spent as a couple).") in lines
    assert lines[-1].endswith("are saved in Joint brokerage.")
    couple = spending_lines(couple_result().plan)
    assert "From when Ari turns 75: $80,000 a year." in couple
    assert any("spends 25% less" in line for line in couple)
    lone = fake_plan().with_changes(accounts=(Account("IRA", AccountKind.TRADITIONAL_IRA),))
    assert spending_lines(lone)[-1].startswith("Surpluses: there is no taxable account")


def test_joint_accounts_and_each_kind_of_basis() -> None:
    plan = fake_plan()
    accounts = (*plan.accounts,
                Account("Old IRA", AccountKind.TRADITIONAL_IRA, 1, 50_000, cost_basis=12_000))
    table = accounts_table(plan.with_changes(accounts=accounts))
    rows = {r[0]: r for r in table.rows}
    assert table.header[4] == "Basis"
    assert rows["Joint brokerage"][2] == "Robin and Sam, jointly"
    assert rows["Joint brokerage"][4] == "$40,000"
    assert rows["Old IRA"][4] == "$12,000 after-tax"
    assert rows["Robin 401(k)"][4] == "\u2014"
