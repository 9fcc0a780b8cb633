"""Income per person: salary and raises, Social Security, and pensions."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from planner.core.model import Pension, Plan
from planner.gui import fields
from planner.gui.fields_compound import ClaimAgeField
from planner.gui.form_base import Form, form_group, hint, row_label, small_button, unit


def with_pensions(plan: Plan, person: int, pensions: tuple[Pension, ...]) -> Plan:
    people = list(plan.people)
    people[person] = dataclasses.replace(people[person], pensions=pensions)
    return dataclasses.replace(plan, people=tuple(people))


class IncomeForm(Form):
    title = "Income"

    def shape(self, plan: Plan) -> object:
        return tuple(len(p.pensions) for p in plan.people)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        self.titles: list[QGroupBox] = []
        for i in range(len(plan.people)):
            layout.addWidget(self._person_box(plan, i))

    def _person_box(self, plan: Plan, i: int) -> QGroupBox:
        p = f"people[{i}]"
        box, form = form_group("")
        self.titles.append(box)
        form.addRow(row_label("Salary"), self.add(fields.money(f"{p}.salary")))
        raise_ = self.add(fields.percent(f"{p}.salary_growth_rate"))
        raise_.row.insertWidget(1, unit("a year, until retirement"))
        form.addRow(row_label("Raises"), raise_)

        ss = f"{p}.social_security"
        benefit = self.add(
            fields.NumberField(
                f"{ss}.monthly_benefit_at_fra",
                minimum=0,
                maximum=1e6,
                prefix="$ ",
                suffix=" /month",
                step=100,
                width=130,
            )
        )
        form.addRow(row_label("Social Security"), benefit)
        form.addRow("", hint("Benefit at full retirement age, from your ssa.gov statement"))
        form.addRow(row_label("Claim at"), self.add(ClaimAgeField(f"{ss}.claim_age")))

        pensions = plan.people[i].pensions
        for j in range(len(pensions)):
            form.addRow(self._separator())
            self._pension_rows(form, i, j)
        add = small_button("Add a pension", "A defined-benefit pension or annuity")
        add.clicked.connect(lambda _=False, i=i: self._add_pension(i))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addStretch(1)
        form.addRow(self._separator())
        form.addRow(buttons)
        return box

    @staticmethod
    def _separator() -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def _pension_rows(self, form: QFormLayout, i: int, j: int) -> None:
        pp = f"people[{i}].pensions[{j}]"
        title = QHBoxLayout()
        heading = QLabel(f"<b>Pension {j + 1}</b>")
        remove = small_button("Remove", "Remove this pension")
        remove.clicked.connect(lambda _=False, i=i, j=j: self._remove_pension(i, j))
        title.addWidget(heading)
        title.addStretch(1)
        title.addWidget(remove)
        form.addRow(title)
        form.addRow(row_label("Name"), self.add(fields.TextField(f"{pp}.name")))
        amount = self.add(fields.money(f"{pp}.annual_amount"))
        amount.row.insertWidget(1, unit("a year"))
        form.addRow(row_label("Amount"), amount)
        form.addRow(row_label("Starts at"), self.add(fields.age(f"{pp}.start_age")))
        form.addRow(row_label("Yearly increase"), self.add(fields.percent(f"{pp}.cola_rate")))
        indexed = fields.CheckField(f"{pp}.inflation_indexed", "Rises with inflation instead")
        form.addRow("", self.add(indexed))
        survivor = self.add(fields.percent(f"{pp}.survivor_share", decimals=0))
        survivor.row.insertWidget(1, unit("continues to a surviving spouse"))
        form.addRow(row_label("Survivor share"), survivor)

    def _add_pension(self, i: int) -> None:
        plan = self.doc.plan
        person = plan.people[i]
        new = Pension(name=f"Pension {len(person.pensions) + 1}", start_age=person.retirement_age)
        self.edit_plan(with_pensions(plan, i, (*person.pensions, new)), "Add pension")

    def _remove_pension(self, i: int, j: int) -> None:
        plan = self.doc.plan
        pensions = plan.people[i].pensions
        self.edit_plan(with_pensions(plan, i, pensions[:j] + pensions[j + 1 :]), "Remove pension")

    def after_load(self, plan: Plan) -> None:
        for box, person in zip(self.titles, plan.people, strict=False):
            box.setTitle(f"{person.name.strip() or 'Person'}’s income")
        for i, person in enumerate(plan.people):
            for j, pension in enumerate(person.pensions):
                cola = self.fields.get(f"people[{i}].pensions[{j}].cola_rate")
                if cola is not None:
                    cola.setEnabled(not pension.inflation_indexed)
