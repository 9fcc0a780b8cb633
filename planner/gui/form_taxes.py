"""Taxes & withdrawals: income taxes, the order accounts are drawn from, Roth conversions and
Medicare surcharges."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from planner.core.model import Conversion, ConversionMode, Plan, TaxSettings, WithdrawalOrder
from planner.core.validate import BRACKET_RATES
from planner.gui import fields
from planner.gui.form_base import Form, form_group, hint, row_label, small_button, unit

ORDER_LABELS = (
    ("Taxable, then pre-tax, then Roth", WithdrawalOrder.CONVENTIONAL),
    ("From every account in proportion", WithdrawalOrder.PROPORTIONAL),
    ("Fill a tax bracket from pre-tax first", WithdrawalOrder.BRACKET_FILLING),
)
CONVERSION_LABELS = (
    ("No conversions", ConversionMode.NONE),
    ("Fixed amounts by year", ConversionMode.FIXED),
    ("Fill a tax bracket each year before RMDs", ConversionMode.FILL_BRACKET),
)
BRACKETS = tuple((f"{rate:.0%} bracket", rate) for rate in BRACKET_RATES)


def with_taxes(plan: Plan, **changes: object) -> Plan:
    taxes: TaxSettings = dataclasses.replace(plan.taxes, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plan, taxes=taxes)


class TaxesForm(Form):
    title = "Taxes"

    def shape(self, plan: Plan) -> object:
        return len(plan.taxes.conversions)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Income taxes")
        form.addRow("", self.add(fields.CheckField("taxes.enabled", "Include income taxes")))
        self.state = self.add(fields.percent("taxes.state_rate"))
        self.state.row.insertWidget(1, unit("of federal taxable income"))
        form.addRow(row_label("State tax"), self.state)
        self.index = self.add(
            fields.CheckField("taxes.index_brackets", "Raise tax brackets with inflation")
        )
        form.addRow("", self.index)
        self.irmaa = self.add(fields.CheckField(
            "taxes.medicare_irmaa", "Charge Medicare IRMAA surcharges from 65 (high incomes)"
        ))
        form.addRow("", self.irmaa)
        layout.addWidget(box)

        box, form = form_group("Withdrawals in retirement")
        form.addRow(row_label("Order"),
                    self.add(fields.ChoiceField("taxes.withdrawal_order", ORDER_LABELS)))
        self.fill = self.add(fields.ChoiceField("taxes.fill_bracket_rate", BRACKETS))
        self.fill.row.insertWidget(1, unit("top of the bracket to fill"))
        form.addRow(row_label("Fill up to"), self.fill)
        form.addRow(hint("Which accounts pay for spending changes the taxes over a lifetime; "
                         "RMDs come out first in any case."))
        layout.addWidget(box)

        box, form = form_group("Roth conversions")
        form.addRow(row_label("Convert"),
                    self.add(fields.ChoiceField("taxes.roth_conversion", CONVERSION_LABELS)))
        self.bracket = self.add(fields.ChoiceField("taxes.conversion_bracket_rate", BRACKETS))
        self.bracket.row.insertWidget(1, unit("top of the bracket to fill"))
        form.addRow(row_label("Fill up to"), self.bracket)
        self.amounts_hint = hint("Amounts moved from pre-tax to Roth accounts, in today's "
                                 "dollars; the tax on them is paid from savings that year.")
        form.addRow(self.amounts_hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        if plan.taxes.conversions:
            grid.addWidget(QLabel("Year"), 0, 0)
            grid.addWidget(QLabel("Amount"), 0, 1)
        self.rows: list[tuple[fields.NumberField, fields.NumberField]] = []
        for j in range(len(plan.taxes.conversions)):
            cp = f"taxes.conversions[{j}]"
            year = self.add(fields.year(f"{cp}.year"))
            amount = self.add(fields.money(f"{cp}.amount"))
            remove = small_button("Remove", "Remove this conversion")
            remove.clicked.connect(lambda _=False, j=j: self._remove(j))
            grid.addWidget(year, j + 1, 0)
            grid.addWidget(amount, j + 1, 1)
            grid.addWidget(remove, j + 1, 2)
            self.rows.append((year, amount))
        grid.setColumnStretch(3, 1)
        form.addRow(grid)
        self.add_button = small_button("Add a conversion", "Convert an amount in a given year")
        self.add_button.clicked.connect(lambda _=False: self._add())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(box)

    def _add(self) -> None:
        plan = self.doc.plan
        last = plan.taxes.conversions[-1] if plan.taxes.conversions else None
        year = last.year + 1 if last else plan.retirement_year
        conversions = (*plan.taxes.conversions, Conversion(year=year, amount=20_000.0))
        self.edit_plan(with_taxes(plan, conversions=conversions), "Add Roth conversion")

    def _remove(self, j: int) -> None:
        items = self.doc.plan.taxes.conversions
        plan = with_taxes(self.doc.plan, conversions=items[:j] + items[j + 1:])
        self.edit_plan(plan, "Remove Roth conversion")

    def after_load(self, plan: Plan) -> None:
        t = plan.taxes
        self.state.setEnabled(t.enabled)
        self.index.setEnabled(t.enabled)
        self.irmaa.setEnabled(t.enabled)
        self.fill.setEnabled(t.withdrawal_order is WithdrawalOrder.BRACKET_FILLING)
        self.bracket.setEnabled(t.roth_conversion is ConversionMode.FILL_BRACKET)
        fixed = t.roth_conversion is ConversionMode.FIXED
        self.add_button.setEnabled(fixed)
        self.amounts_hint.setEnabled(fixed)
        for year, amount in self.rows:
            year.setEnabled(fixed)
            amount.setEnabled(fixed)
