"""Taxes & withdrawals: federal and state income taxes, the order accounts are drawn from and
Roth conversions (with a cap that keeps them below an IRMAA tier or the ACA cliff)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from planner import format as fmt
from planner.core import health
from planner.core.model import (
    Conversion,
    ConversionCap,
    ConversionMode,
    Plan,
    TaxSettings,
    WithdrawalOrder,
)
from planner.core.rules import load_rules
from planner.core.validate import BRACKET_RATES
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import OptionalWholeField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, small_button, unit
from planner.gui.editor.state_group import StateGroup

ORDER_LABELS = (
    ("Taxable, then pre-tax, then Roth", WithdrawalOrder.CONVENTIONAL),
    ("From every account in proportion", WithdrawalOrder.PROPORTIONAL),
    ("Fill a tax bracket from pre-tax first", WithdrawalOrder.BRACKET_FILLING),
)
CONVERSION_LABELS = (
    ("No conversions", ConversionMode.NONE),
    ("Fixed amounts by year", ConversionMode.FIXED),
    ("Fill a tax bracket each year", ConversionMode.FILL_BRACKET),
)
BRACKETS = tuple((f"{rate:.0%} bracket", rate) for rate in BRACKET_RATES)
CAP_LABELS = (
    ("No limit", ConversionCap.NONE),
    ("Keep income within an IRMAA tier", ConversionCap.IRMAA_TIER),
    ("Under the ACA cliff (400% of the poverty line)", ConversionCap.ACA_CLIFF),
)
IRMAA_TIERS = range(5)  # 0: no surcharge ... 4: the tier under the top one


def tier_options(plan: Plan) -> list[tuple[str, int]]:
    """IRMAA tiers with their MAGI limits for the plan's filing status (this year's table)."""
    table = health.medicare(health.DATA_YEAR)
    status = plan.filing_status
    options = []
    for tier in IRMAA_TIERS:
        top = fmt.money(table.tier_top(status, tier))
        what = "No surcharge" if tier == 0 else f"Tier {tier}"
        options.append((f"{what}: income up to {top}", tier))
    return options


def with_taxes(plan: Plan, **changes: object) -> Plan:
    taxes: TaxSettings = dataclasses.replace(plan.taxes, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plan, taxes=taxes)


class TaxesForm(Form):
    title = "Taxes"
    roots = ("taxes",)

    def shape(self, plan: Plan) -> object:
        return len(plan.taxes.conversions)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Income taxes")
        form.addRow("", self.add(fields.CheckField("taxes.enabled", "Include income taxes")))
        self.index = self.add(
            fields.CheckField("taxes.index_brackets", "Raise tax brackets with inflation")
        )
        form.addRow("", self.index)
        form.addRow("", hint("Medicare's IRMAA surcharges are on the Health page."))
        self.heirs = self.add(fields.percent("taxes.heirs_tax_rate", minimum=0.0,
                                             maximum=60.0, decimals=0))
        self.heirs.row.insertWidget(1, unit("on inherited traditional and HSA money"))
        self.heirs.setToolTip("The estate after heirs' tax takes this off the traditional "
                              "401(k)/IRA and HSA money left at the last death; Roth and "
                              "taxable money passes untaxed.")
        form.addRow(row_label("Heirs' tax rate"), self.heirs)
        form.addRow("", hint("Heirs other than a spouse pay income tax on it as they withdraw "
                             "it; lifetime taxes leave it out."))
        layout.addWidget(box)

        self.state = StateGroup(self)
        layout.addWidget(self.state.box)

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
        # When fill-bracket conversions run, by the first person's age (both inclusive).
        self.start_age = self.add(OptionalWholeField("taxes.conversion_start_age",
                                                     maximum=150, width=70))
        self.start_age.setToolTip("The first year conversions fill the bracket, by the first "
                                  "person's age. Blank: the household's first retired year.")
        form.addRow(row_label("From age"), self.start_age)
        self.stop_age = self.add(OptionalWholeField("taxes.conversion_stop_age",
                                                    maximum=150, width=70))
        self.stop_age.setToolTip("The last year conversions fill the bracket (that year "
                                 "included), by the first person's age; a stop age may run "
                                 "past the start of RMDs. Blank: each account holder converts "
                                 "until their RMDs start.")
        form.addRow(row_label("Through age"), self.stop_age)
        self.cap = self.add(fields.ChoiceField("taxes.conversion_cap", CAP_LABELS))
        self.cap.setToolTip("Conversions stop where the year's income would cross the limit. "
                            "IRMAA looks at the income of two years before; above the cliff "
                            "the whole premium tax credit is lost.")
        form.addRow(row_label("Limit"), self.cap)
        self.tier = self.add(fields.ChoiceField("taxes.conversion_irmaa_tier",
                                                tier_options(plan)))
        form.addRow(row_label("IRMAA tier"), self.tier)
        self.cap_hint = hint()
        form.addRow("", self.cap_hint)
        self.keep_mix = self.add(fields.CheckField(
            "taxes.conversion_keep_mix", "Converted money keeps its pre-tax asset mix"))
        self.keep_mix.setToolTip("Checked: the money moved to the Roth account keeps the mix it "
                                 "had in the traditional account (the Roth's own mix applies "
                                 "to the rest). Unchecked: it takes the Roth account's mix.")
        form.addRow("", self.keep_mix)
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
        self.index.setEnabled(t.enabled)
        self.state.update(plan)
        converting = t.roth_conversion is not ConversionMode.NONE
        self.cap.setEnabled(converting)
        self.tier.set_options(tier_options(plan))
        self.tier.load(t.conversion_irmaa_tier)
        self.tier.setEnabled(converting and t.conversion_cap is ConversionCap.IRMAA_TIER)
        self.cap_hint.setText(cap_hint(t.conversion_cap))
        self.cap_hint.setEnabled(converting)
        self.fill.setEnabled(t.withdrawal_order is WithdrawalOrder.BRACKET_FILLING)
        filling = t.roth_conversion is ConversionMode.FILL_BRACKET
        self.bracket.setEnabled(filling)
        start, stop = conversion_age_defaults(plan)
        self.start_age.set_placeholder(str(start))
        self.stop_age.set_placeholder(str(stop))
        name = plan.people[0].name if plan.people else "You"
        self.start_age.suffix.setText(f"{name}'s age; blank: at retirement")
        self.stop_age.suffix.setText("blank: until each one's RMDs start"
                                     if plan.is_couple else "blank: until RMDs start")
        self.start_age.setEnabled(filling)
        self.stop_age.setEnabled(filling)
        self.keep_mix.setEnabled(converting)
        fixed = t.roth_conversion is ConversionMode.FIXED
        self.add_button.setEnabled(fixed)
        self.amounts_hint.setEnabled(fixed)
        for year, amount in self.rows:
            year.setEnabled(fixed)
            amount.setEnabled(fixed)

    def show_problems(self, paths: set[str]) -> None:
        self.state.show_problems(paths)


def conversion_age_defaults(plan: Plan) -> tuple[int, int]:
    """What blank conversion ages mean, as the first person's age: the first retired year
    (or this year) and the last year before their RMDs (or their plan-to age)."""
    if not plan.people:
        return 0, 0
    first = plan.people[0]
    now = plan.start_year - first.birth_year
    start = max(plan.retirement_year - first.birth_year, now)
    stop = min(first.horizon_age, load_rules().rmd_age(first.birth_year) - 1)
    return start, stop


def cap_hint(cap: ConversionCap) -> str:
    if cap is ConversionCap.IRMAA_TIER:
        return ("From the year one of you turns 63, each year's income (MAGI) stays within "
                "the tier: Medicare charges on it two years later. Limits of 2026, rising "
                "with prices.")
    if cap is ConversionCap.ACA_CLIFF:
        return ("Household income stays at or under 400% of the poverty line while anyone is "
                "on a marketplace plan: above it the whole premium tax credit is lost.")
    return "Conversions may raise income into a higher IRMAA tier or over the ACA cliff."
