"""Accounts: a list with + / − and, under it, the form of the selected account."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from planner.core.model import Account, AccountKind, Allocation, ContributionUnit, Plan
from planner.gui import theme
from planner.gui.editor import binding
from planner.gui.editor.account_panel import AccountPanel
from planner.gui.editor.form_base import Form, small_button


def new_account(plan: Plan) -> Account:
    names = {a.name for a in plan.accounts}
    n = len(plan.accounts) + 1
    while f"Account {n}" in names:
        n += 1
    return Account(name=f"Account {n}", kind=AccountKind.TAXABLE, allocation=Allocation())


def switch_unit(plan: Plan, index: int, unit: ContributionUnit) -> Plan:
    """Change a contribution's unit and convert its amount, so $6,000 does not become 600000%."""
    a = plan.accounts[index]
    owner = plan.people[a.owner] if 0 <= a.owner < len(plan.people) else plan.people[0]
    amount = a.contribution
    if unit is ContributionUnit.PERCENT_OF_SALARY and amount > 1:
        amount = round(min(amount / owner.salary, 1.0), 4) if owner.salary > 0 else 0.0
    elif unit is ContributionUnit.DOLLARS and amount <= 1 and a.contribution_unit is not unit:
        amount = float(round(amount * owner.salary))
    account = dataclasses.replace(a, contribution_unit=unit, contribution=amount)
    return binding.set_value(plan, f"accounts[{index}]", account)  # type: ignore[no-any-return]


def with_surplus_account(plan: Plan, name: str) -> Plan:
    spending = dataclasses.replace(plan.spending, surplus_account=name)
    return dataclasses.replace(plan, spending=spending)


def rename_account(plan: Plan, index: int, name: str) -> Plan:
    """A new name; the choice of the account that receives surpluses follows it."""
    old = plan.accounts[index].name
    plan = binding.set_value(plan, f"accounts[{index}].name", name)
    if old.strip() and plan.spending.surplus_account.strip() == old.strip():
        plan = with_surplus_account(plan, name)
    return plan


def change_kind(plan: Plan, index: int, kind: AccountKind) -> Plan:
    """A new kind; what only a taxable account can be (held jointly, the one that receives
    surpluses) is undone when it is no longer taxable."""
    a = plan.accounts[index]
    joint = a.joint and kind is AccountKind.TAXABLE
    plan = binding.set_value(plan, f"accounts[{index}]",
                             dataclasses.replace(a, kind=kind, joint=joint))
    if kind is not AccountKind.TAXABLE and plan.spending.surplus_account.strip() == a.name.strip():
        plan = with_surplus_account(plan, "")
    return plan


def remove_account(plan: Plan, index: int) -> Plan:
    a = plan.accounts[index]
    plan = dataclasses.replace(plan, accounts=plan.accounts[:index] + plan.accounts[index + 1:])
    if a.name.strip() and plan.spending.surplus_account.strip() == a.name.strip():
        plan = with_surplus_account(plan, "")
    return plan


class AccountsForm(Form):
    title = "Accounts"
    roots = ("accounts",)

    def __init__(self, doc: Any, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self._selected = 0
        self.panels: list[AccountPanel] = []

    def shape(self, plan: Plan) -> object:
        return len(plan.accounts)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName("Accounts")
        self.list.setMaximumHeight(130)
        self.list.setAlternatingRowColors(True)
        self.stack = QStackedWidget()
        self.panels = []
        for i in range(len(plan.accounts)):
            panel = AccountPanel(i, self)
            self.panels.append(panel)
            self.stack.addWidget(panel)
            self.list.addItem("")
        self.list.currentRowChanged.connect(self._select)

        add = small_button("+", "Add an account")
        remove = small_button("−", "Remove the selected account")
        add.setFixedWidth(36)
        remove.setFixedWidth(36)
        # A screen reader says the name, not "plus" and "minus".
        add.setAccessibleName("Add an account")
        remove.setAccessibleName("Remove the selected account")
        remove.setEnabled(bool(plan.accounts))
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)

        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.stack)
        if plan.accounts:
            self.list.setCurrentRow(min(self._selected, len(plan.accounts) - 1))

    def _select(self, row: int) -> None:
        if row >= 0:
            self._selected = row
            self.stack.setCurrentIndex(row)

    def select(self, index: int) -> None:
        if 0 <= index < self.list.count():
            self.list.setCurrentRow(index)

    def _add(self) -> None:
        plan = self.doc.plan
        self._selected = len(plan.accounts)
        accounts = (*plan.accounts, new_account(plan))
        self.edit_plan(dataclasses.replace(plan, accounts=accounts), "Add account")

    def _remove(self) -> None:
        plan = self.doc.plan
        row = self.list.currentRow()
        if not 0 <= row < len(plan.accounts):
            return
        self._selected = max(0, row - 1)
        self.edit_plan(remove_account(plan, row), "Remove account")

    def rename(self, index: int, name: str) -> None:
        self.doc.set_plan(rename_account(self.doc.plan, index, name), f"accounts[{index}].name")

    def change_kind(self, index: int, kind: AccountKind) -> None:
        self.edit_plan(change_kind(self.doc.plan, index, kind), "Change account kind")

    def change_unit(self, index: int, unit: ContributionUnit) -> None:
        self.edit_plan(switch_unit(self.doc.plan, index, unit), "Change contribution unit")

    def after_load(self, plan: Plan) -> None:
        for i, account in enumerate(plan.accounts):
            item = self.list.item(i)
            if item is not None:
                owner = ""
                if plan.is_couple and account.joint:
                    owner = " · " + " and ".join(p.name for p in plan.people) + ", jointly"
                elif plan.is_couple and 0 <= account.owner < len(plan.people):
                    owner = f" · {plan.people[account.owner].name}"
                item.setText(f"{account.name or '(no name)'}  —  {account.kind.label}{owner}")
            if i < len(self.panels):
                self.panels[i].after_load(plan)

    def mark_problems(self, paths: set[str]) -> None:
        """Show accounts with a problem in red in the list (the form may show another one)."""
        for i in range(self.list.count()):
            bad = any(p == f"accounts[{i}]" or p.startswith(f"accounts[{i}].") for p in paths)
            item = self.list.item(i)
            # The theme's error red: the light theme's dark red is unreadable on a dark list.
            brush = QBrush(QColor(theme.color("error"))) if bad else QBrush()
            item.setForeground(brush)
            item.setToolTip("This account has a problem" if bad else "")
            item.setData(Qt.ItemDataRole.UserRole, bad)
