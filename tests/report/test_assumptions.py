"""The assumptions page says how withdrawals, conversions and IRMAA were set."""

from __future__ import annotations

from dataclasses import replace

from planner.core.model import Conversion, ConversionMode, WithdrawalOrder
from planner.report.assumptions_page import spending_lines, tax_lines, withdrawal_text
from tests.report.fakes import fake_plan


def test_tax_settings_in_words() -> None:
    plan = fake_plan()
    lines = tax_lines(plan)
    assert withdrawal_text(plan.taxes).startswith("Withdrawals: taxable accounts first")
    assert lines[2] == "Roth conversions: none."
    assert "IRMAA" in lines[3]
    taxes = replace(plan.taxes, withdrawal_order=WithdrawalOrder.BRACKET_FILLING,
                    fill_bracket_rate=0.12, roth_conversion=ConversionMode.FIXED,
                    conversions=(Conversion(2031, 20_000), Conversion(2030, 15_000)),
                    medicare_irmaa=False)
    lines = tax_lines(plan.with_changes(taxes=taxes))
    assert withdrawal_text(taxes) == ("Withdrawals: traditional accounts up to the top of the "
                                      "12% bracket, then the others.")
    assert lines[2] == "Roth conversions (today's dollars): 2030: $15,000, 2031: $20,000."
    assert lines[3] == "Medicare IRMAA surcharges are not charged."
    off = tax_lines(plan.with_changes(taxes=replace(plan.taxes, enabled=False)))
    assert off == ["Taxes are not modelled in this plan: amounts are before tax."]


def test_medical_costs_are_listed() -> None:
    plan = fake_plan()
    spending = replace(plan.spending, healthcare_annual=8_000)
    assert any("$8,000" in line for line in spending_lines(plan.with_changes(spending=spending)))
