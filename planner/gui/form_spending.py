"""Spending in retirement: a yearly amount, later phases, and one-off expenses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from planner.core.model import OneOff, Plan, Spending, SpendingPhase
from planner.gui import fields
from planner.gui.form_base import Form, form_group, hint, row_label, small_button, unit
from planner.gui.strategy_group import StrategyGroup


def with_spending(plan: Plan, **changes: object) -> Plan:
    spending: Spending = dataclasses.replace(plan.spending, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plan, spending=spending)


class SpendingForm(Form):
    title = "Spending"

    def shape(self, plan: Plan) -> object:
        return (len(plan.spending.phases), len(plan.spending.one_offs))

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Each year in retirement")
        annual = self.add(fields.money("spending.annual"))
        annual.row.insertWidget(1, unit("after tax, in today's dollars"))
        form.addRow(row_label("Spending"), annual)
        form.addRow("", hint("Starts the year the household retires and rises with inflation."))
        health = self.add(fields.money("spending.healthcare_annual"))
        health.row.insertWidget(1, unit("of it for medical costs"))
        health.setToolTip("Qualified medical costs within the spending above: HSA money pays "
                          "them tax-free at any age. Medicare IRMAA surcharges come on top.")
        form.addRow(row_label("Healthcare"), health)
        layout.addWidget(box)

        box, form = form_group("Later phases")
        self.phase_hint = hint()
        form.addRow(self.phase_hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for j in range(len(plan.spending.phases)):
            pp = f"spending.phases[{j}]"
            grid.addWidget(row_label("From age", 0), j, 0)
            grid.addWidget(self.add(fields.whole(f"{pp}.start_age", maximum=200, width=70)), j, 1)
            grid.addWidget(row_label("spend", 0), j, 2)
            grid.addWidget(self.add(fields.money(f"{pp}.annual")), j, 3)
            grid.addWidget(self._remove_button(j, self._remove_phase), j, 4)
        grid.setColumnStretch(5, 1)
        form.addRow(grid)
        form.addRow(self._add_button("Add a phase", self._add_phase))
        layout.addWidget(box)

        box, form = form_group("One-off expenses")
        form.addRow(hint("In today's dollars; a negative amount is money coming in."))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        if plan.spending.one_offs:
            for col, text in enumerate(("Year", "Amount", "What for")):
                grid.addWidget(QLabel(text), 0, col)
        for j in range(len(plan.spending.one_offs)):
            op = f"spending.one_offs[{j}]"
            grid.addWidget(self.add(fields.year(f"{op}.year")), j + 1, 0)
            grid.addWidget(self.add(fields.money(f"{op}.amount", minimum=-1e11)), j + 1, 1)
            grid.addWidget(self.add(fields.TextField(f"{op}.label", "e.g. new roof")), j + 1, 2)
            grid.addWidget(self._remove_button(j, self._remove_one_off), j + 1, 3)
        grid.setColumnStretch(2, 1)
        form.addRow(grid)
        form.addRow(self._add_button("Add an expense", self._add_one_off))
        layout.addWidget(box)

        self.strategy = StrategyGroup(self)
        layout.addWidget(self.strategy.box)

    def _remove_button(self, j: int, slot: Callable[[int], None]) -> QPushButton:
        button = small_button("Remove", "Remove this row")
        button.clicked.connect(lambda _=False: slot(j))
        return button

    @staticmethod
    def _add_button(text: str, slot: Callable[[], None]) -> QHBoxLayout:
        button = small_button(text)
        button.clicked.connect(lambda _=False: slot())
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        return row

    def _add_phase(self) -> None:
        plan = self.doc.plan
        last = plan.spending.phases[-1] if plan.spending.phases else None
        first = plan.people[0]
        start = last.start_age + 10 if last else first.retirement_age + 10
        annual = last.annual if last else plan.spending.annual
        phases = (*plan.spending.phases, SpendingPhase(start_age=start, annual=annual))
        self.edit_plan(with_spending(plan, phases=phases), "Add spending phase")

    def _remove_phase(self, j: int) -> None:
        phases = self.doc.plan.spending.phases
        plan = with_spending(self.doc.plan, phases=phases[:j] + phases[j + 1 :])
        self.edit_plan(plan, "Remove spending phase")

    def _add_one_off(self) -> None:
        plan = self.doc.plan
        one = OneOff(year=plan.retirement_year, amount=10_000.0, label="")
        one_offs = (*plan.spending.one_offs, one)
        self.edit_plan(with_spending(plan, one_offs=one_offs), "Add one-off expense")

    def _remove_one_off(self, j: int) -> None:
        items = self.doc.plan.spending.one_offs
        plan = with_spending(self.doc.plan, one_offs=items[:j] + items[j + 1 :])
        self.edit_plan(plan, "Remove one-off expense")

    def after_load(self, plan: Plan) -> None:
        self.strategy.update(plan)
        name = plan.people[0].name.strip() if plan.people else ""
        self.phase_hint.setText(
            f"Spend a different amount from a given age of {name or 'the first person'} "
            "(in today's dollars)."
        )
