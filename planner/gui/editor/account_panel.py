"""The form of one account; its fields are registered with the Accounts form by plan path."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.core.model import (
    ACCOUNT_LABELS,
    ASSET_CLASSES,
    AccountKind,
    Allocation,
    ContributionUnit,
    Plan,
    Rebalancing,
)
from planner.gui import theme
from planner.gui.editor import binding, fields
from planner.gui.editor.fields_compound import OptionalNumberField
from planner.gui.editor.form_base import form_group, hint, row_label, small_button, unit
from planner.gui.editor.holding_fields import REBALANCING_LABELS, CryptoCapField

if TYPE_CHECKING:
    from planner.gui.editor.form_accounts import AccountsForm

UNIT_LABELS = (
    ("$ a year", ContributionUnit.DOLLARS),
    ("% of salary", ContributionUnit.PERCENT_OF_SALARY),
    ("IRS maximum", ContributionUnit.MAX),
)
REBALANCE_HINTS = {
    Rebalancing.YEARLY: "Back to the target mix at the end of every year.",
    Rebalancing.BANDS: "Back to the target mix only when a class drifts this far from it.",
    Rebalancing.NONE: "Never rebalanced: the mix drifts with returns (a crypto sleeve that "
                      "soars can come to dominate the account).",
}
ROTH_OR_TAXABLE = (AccountKind.TAXABLE, AccountKind.ROTH_401K, AccountKind.ROTH_IRA)


class AccountPanel(QWidget):
    def __init__(self, index: int, form: AccountsForm) -> None:
        super().__init__()
        self.index = index
        a = f"accounts[{index}]"
        self.path = a
        self.form = form
        add = form.add
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)

        box, rows = form_group("Account")
        name_field = fields.TextField(f"{a}.name")
        rows.addRow(row_label("Name"),
                    add(name_field, lambda _path, text: form.rename(index, text)))
        kinds = [(label, kind) for kind, label in ACCOUNT_LABELS.items()]
        kind = fields.ChoiceField(f"{a}.kind", kinds)
        rows.addRow(row_label("Kind"),
                    add(kind, lambda _path, kind: form.change_kind(index, AccountKind(kind))))
        self.owner = add(fields.ChoiceField(f"{a}.owner", [("You", 0)]))
        rows.addRow(row_label("Owner"), self.owner)
        self.joint = add(fields.CheckField(f"{a}.joint", "Held jointly"))
        self.joint.setToolTip("Owned by both of you: at the first death half of its cost basis "
                              "steps up to the market value (community-property states step "
                              "up all of it; not modelled).")
        rows.addRow("", self.joint)
        layout.addWidget(box)

        box, rows = form_group("Money in it")
        rows.addRow(row_label("Balance today"), add(fields.money(f"{a}.balance")))
        self.basis = add(OptionalNumberField(f"{a}.cost_basis"))
        self.basis_label = row_label("Cost basis")
        rows.addRow(self.basis_label, self.basis)
        self.basis_hint = hint("After-tax (nondeductible) contributions, your IRS Form 8606 "
                               "basis: they come out tax-free, pro rata with the rest.")
        rows.addRow("", self.basis_hint)

        self.amount = add(fields.money(f"{a}.contribution"))
        self.unit = fields.ChoiceField(f"{a}.contribution_unit", UNIT_LABELS)
        add(self.unit, lambda _path, unit: form.change_unit(index, ContributionUnit(unit)))
        both = QWidget()
        line = QHBoxLayout(both)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.amount)
        line.addWidget(self.unit)
        line.addStretch(1)
        rows.addRow(row_label("Contribution"), both)
        rows.addRow("", hint("Each year while the owner works; dollars grow with inflation"))

        self.match_rate = add(fields.percent(f"{a}.employer_match_rate", decimals=0))
        self.match_rate.row.insertWidget(1, unit("of each dollar you put in"))
        self.match_cap = add(fields.percent(f"{a}.employer_match_cap", decimals=1))
        self.match_cap.row.insertWidget(1, unit("of salary, at most"))
        rows.addRow(row_label("Employer match"), self.match_rate)
        rows.addRow(row_label("Match up to"), self.match_cap)
        self.family = add(fields.CheckField(f"{a}.hsa_family_coverage", "Family coverage"))
        rows.addRow(row_label("HSA limit"), self.family)
        layout.addWidget(box)

        box, rows = form_group("Investments")
        for name in ASSET_CLASSES:
            field = add(fields.percent(f"{a}.allocation.{name}", minimum=-100, maximum=1000))
            rows.addRow(row_label(name.capitalize()), field)
        self.total = QLabel()
        self.balance = small_button("Put the rest in stocks",
                                    "Change the stock share so the shares add up to 100%")
        self.balance.clicked.connect(lambda _=False: self._balance_with_stocks())
        total_row = QHBoxLayout()
        total_row.addWidget(self.total)
        total_row.addWidget(self.balance)
        total_row.addStretch(1)
        rows.addRow(row_label("Total"), total_row)
        rows.addRow(add(fields.NoteField(f"{a}.allocation")))

        self.cap = add(CryptoCapField(f"{a}.crypto_cap"))
        self.cap.setToolTip("The largest crypto share this account may hold: a plan (or a "
                            "rule it follows) may limit it. The crypto share search stops "
                            "here.")
        rows.addRow(row_label("Crypto cap"), self.cap)
        self.rebalancing = add(fields.ChoiceField(f"{a}.rebalancing", REBALANCING_LABELS))
        self.band = add(fields.NumberField(
            f"{a}.rebalance_band", minimum=-100, maximum=1000, decimals=1, scale=100.0,
            suffix=" points", step=0.5, width=90))
        self.band.row.insertWidget(1, unit("off target"))
        self.band.setToolTip("Rebalance only when an asset class drifts this many percentage "
                             "points from its target share.")
        both = QWidget()
        line = QHBoxLayout(both)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.rebalancing)
        line.addWidget(self.band)
        line.addStretch(1)
        rows.addRow(row_label("Rebalancing"), both)
        self.rebalance_hint = hint()
        rows.addRow("", self.rebalance_hint)
        layout.addWidget(box)
        layout.addStretch(1)

    def after_load(self, plan: Plan) -> None:
        if self.index >= len(plan.accounts):
            return
        account = plan.accounts[self.index]
        kind = account.kind
        self.owner.set_options([(p.name.strip() or f"Person {i + 1}", i) for i, p in
                                enumerate(plan.people)])
        self.owner.load(account.owner)
        self.owner.setEnabled(plan.is_couple or account.owner != 0)

        unit = account.contribution_unit
        if unit is ContributionUnit.PERCENT_OF_SALARY:
            self.amount.set_unit("", " %", 100.0, 1)
        else:
            self.amount.set_unit("$ ", "", 1.0, 0)
        self.amount.spin.setVisible(unit is not ContributionUnit.MAX)
        self.amount.load(account.contribution)

        self.joint.setVisible((kind is AccountKind.TAXABLE and plan.is_couple) or account.joint)
        has_basis = kind in ROTH_OR_TAXABLE or kind is AccountKind.TRADITIONAL_IRA
        self.basis.setEnabled(has_basis or account.cost_basis is not None)
        ira = kind is AccountKind.TRADITIONAL_IRA
        self.basis_label.setText("After-tax part" if ira else "Cost basis")
        self.basis.setToolTip("After-tax (nondeductible) contributions" if ira else
                              "What was paid in (taxable) or contributed (Roth)")
        self.basis_hint.setVisible(ira)
        self.basis.set_default_hint(
            "unknown: the balance is used" if kind is AccountKind.TAXABLE
            else "unknown: all treated as earnings" if kind in ROTH_OR_TAXABLE
            else "none: all of it pre-tax" if ira
            else "only for taxable, Roth and traditional IRA accounts"
        )
        has_match = bool(account.employer_match_rate or account.employer_match_cap)
        self.match_rate.setEnabled(kind.is_401k or has_match)
        self.match_cap.setEnabled(kind.is_401k or has_match)
        self.family.setEnabled(kind is AccountKind.HSA or account.hsa_family_coverage)
        total = sum(account.allocation.as_tuple())
        ok = abs(total - 1) <= 0.0005
        self.total.setText(f"{total * 100:.4g} %" + ("" if ok else "  (must be 100 %)"))
        self.total.setStyleSheet("" if ok else theme.error_style())
        self.balance.setVisible(not ok)
        rule = account.rebalancing
        self.band.setVisible(rule is Rebalancing.BANDS)
        self.rebalance_hint.setText(REBALANCE_HINTS[rule])

    def _balance_with_stocks(self) -> None:
        plan = self.form.doc.plan
        if self.index >= len(plan.accounts):
            return
        account = plan.accounts[self.index]
        self.form.edit_plan(
            binding.set_value(plan, f"{self.path}.allocation", rest_in_stocks(account.allocation)),
            "Put the rest in stocks",
        )


def rest_in_stocks(a: Allocation) -> Allocation:
    """Stocks take up what is missing (or give up the excess) so the shares sum to 1; if
    stocks alone cannot give up enough, every share is scaled instead."""
    stocks = a.stocks + 1 - sum(a.as_tuple())
    if stocks >= 0:
        return dataclasses.replace(a, stocks=round(stocks, 10))
    total = sum(max(x, 0.0) for x in a.as_tuple()) or 1.0
    return Allocation(*(max(x, 0.0) / total for x in a.as_tuple()))
