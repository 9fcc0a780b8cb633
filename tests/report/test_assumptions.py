"""The assumptions page says what the plan set: withdrawals, conversions and IRMAA, income
streams and money received, ages at death, spending before and after retirement and after
a death, where surpluses go, joint accounts and the basis of each account."""

from __future__ import annotations

from dataclasses import replace

from planner.core.model import (
    Account,
    AccountKind,
    Conversion,
    ConversionMode,
    Mortality,
    WithdrawalOrder,
)
from planner.report.assumptions_page import (
    accounts_table,
    mortality_text,
    tax_lines,
    withdrawal_text,
)
from planner.report.deaths import death_text
from planner.report.income_tables import inflows_table, streams_table
from planner.report.spending_text import spending_lines
from tests.report.fakes import couple_result, fake_plan, fake_result


def test_tax_settings_in_words() -> None:
    plan = fake_plan()
    lines = tax_lines(plan)
    assert withdrawal_text(plan.taxes).startswith("Withdrawals: taxable accounts first")
    assert lines[0].endswith("and the single ones for the survivor from the year after the "
                             "first death.")
    assert lines[2].startswith("Payroll tax: Social Security (6.2% up to the taxable maximum)")
    assert lines[3] == "Roth conversions: none."
    assert "IRMAA" in lines[4]
    taxes = replace(plan.taxes, withdrawal_order=WithdrawalOrder.BRACKET_FILLING,
                    fill_bracket_rate=0.12, roth_conversion=ConversionMode.FIXED,
                    conversions=(Conversion(2031, 20_000), Conversion(2030, 15_000)),
                    medicare_irmaa=False)
    lines = tax_lines(plan.with_changes(taxes=taxes))
    assert withdrawal_text(taxes) == ("Withdrawals: traditional accounts up to the top of the "
                                      "12% bracket, then the others.")
    assert lines[3] == "Roth conversions (today's dollars): 2030: $15,000, 2031: $20,000."
    assert lines[4] == "Medicare IRMAA surcharges are not charged."
    off = tax_lines(plan.with_changes(taxes=replace(plan.taxes, enabled=False)))
    assert off == ["Taxes are not modelled in this plan: amounts are before tax."]


def test_medical_costs_are_listed() -> None:
    plan = fake_plan()
    spending = replace(plan.spending, healthcare_annual=8_000)
    assert any("$8,000" in line for line in spending_lines(plan.with_changes(spending=spending)))


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
