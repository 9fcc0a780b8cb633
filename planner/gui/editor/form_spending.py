"""Spending in retirement: a yearly amount, later phases, and one-off expenses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from planner.core.model import AccountKind, OneOff, Plan, Spending, SpendingPhase
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import OptionalNumberField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, small_button, unit
from planner.gui.editor.strategy_group import StrategyGroup


def with_spending(plan: Plan, **changes: object) -> Plan:
    spending: Spending = dataclasses.replace(plan.spending, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plan, spending=spending)


class SpendingForm(Form):
    title = "Spending"
    roots = ("spending",)

    def shape(self, plan: Plan) -> object:
        return (len(plan.spending.phases), len(plan.spending.one_offs), len(plan.people))

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Spending each year")
        annual = self.add(fields.money("spending.annual"))
        annual.row.insertWidget(1, unit("after tax, in today's dollars"))
        form.addRow(row_label("Spending"), annual)
        form.addRow("", hint("Starts the year the household retires and rises with inflation. "
                             "Health care comes on top of it (the Health page)."))
        self.before = self.add(OptionalNumberField(
            "spending.pre_retirement_annual", check_text="Set", initial=plan.spending.annual
        ))
        self.before.set_default_hint("same as retired")
        self.before.setToolTip("Spending while anyone still works, in today's dollars: income "
                               "pays it with taxes and contributions; a surplus is saved, a "
                               "shortfall comes from savings.")
        form.addRow(row_label("While working"), self.before)
        if plan.is_couple:
            survivor = self.add(fields.percent("spending.survivor_change", decimals=0))
            survivor.row.insertWidget(1, unit("change for the one who survives"))
            survivor.setToolTip("A household of one usually spends less than two, but more "
                                "than half: −20% is a common assumption.")
            form.addRow(row_label("After a death"), survivor)
        self.surplus = self.add(fields.ChoiceField("spending.surplus_account", ()))
        self.surplus.setToolTip("Income left after taxes, contributions and spending (and "
                                "money received) is invested here.")
        form.addRow(row_label("Surplus goes to"), self.surplus)
        layout.addWidget(box)

        box, form = form_group("Later phases")
        self.phase_hint = hint()
        form.addRow(self.phase_hint)
        if plan.is_couple:
            whose = self.add(fields.ChoiceField("spending.phase_person", ()))
            form.addRow(row_label("Ages of"), whose)
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
        form.addRow(hint("In today's dollars. Money coming in goes on the Income page "
                         "(Money received)."))
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
        whose = plan.spending.phase_person
        first = plan.people[whose if whose is not None and whose < len(plan.people) else 0]
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
        self.before.initial = plan.spending.annual  # greyed while unset; where a tick starts
        self.before.load(plan.spending.pre_retirement_annual)
        self.surplus.set_options(surplus_options(plan))
        self.surplus.load(plan.spending.surplus_account)
        self.phase_hint.setText(phase_hint(plan))
        whose = self.fields.get("spending.phase_person")
        if isinstance(whose, fields.ChoiceField):
            whose.set_options([("The household (first to reach it)", None)] + [
                (p.name.strip() or f"Person {i + 1}", i) for i, p in enumerate(plan.people)])
            whose.load(plan.spending.phase_person)


def phase_hint(plan: Plan) -> str:
    whose = plan.spending.phase_person
    if plan.is_couple and whose is None:
        return ("Spend a different amount from the year the first of you reaches an age "
                "(in today's dollars).")
    person = plan.people[whose] if whose is not None and 0 <= whose < len(plan.people) \
        else plan.people[0]
    name = person.name.strip() or "the first person"
    return (f"Spend a different amount from a given age of {name} "
            "(in today's dollars).")


def surplus_options(plan: Plan) -> list[tuple[str, str]]:
    """The taxable accounts by name; "" is the first of them (the default)."""
    taxable = [a.name for a in plan.accounts if a.kind is AccountKind.TAXABLE]
    first = (f"The first taxable account ({taxable[0]})" if taxable
             else "No taxable account: surpluses are spent")
    options = [(first, "")] + [(name, name) for name in taxable if name.strip()]
    chosen = plan.spending.surplus_account
    if chosen and chosen not in taxable:
        options.append((f"{chosen} (not a taxable account of this plan)", chosen))
    return options
