"""Household: the plan's name and first year, and the one or two people it is for."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from planner.core.model import Person, Plan
from planner.gui import fields
from planner.gui.fields_compound import NotesField
from planner.gui.form_base import Form, form_group, hint, row_label, small_button


def add_partner(plan: Plan) -> Plan:
    first = plan.people[0]
    partner = Person(
        name="Partner",
        birth_year=first.birth_year,
        retirement_age=first.retirement_age,
        horizon_age=first.horizon_age,
    )
    return dataclasses.replace(plan, people=(first, partner))


def remove_partner(plan: Plan) -> Plan:
    """Drop person 2; their accounts pass to person 1 (as they would to a surviving spouse)."""
    accounts = tuple(dataclasses.replace(a, owner=0) if a.owner else a for a in plan.accounts)
    return dataclasses.replace(plan, people=plan.people[:1], accounts=accounts)


class HouseholdForm(Form):
    title = "Household"

    def shape(self, plan: Plan) -> object:
        return len(plan.people)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Plan")
        form.addRow(row_label("Name"), self.add(fields.TextField("name", "e.g. Our plan")))
        start = self.add(fields.year("start_year"))
        form.addRow(row_label("First year"), start)
        form.addRow(row_label("Notes"), self.add(NotesField("notes")))
        layout.addWidget(box)

        self.age_hints: list[QLabel] = []
        for i, _person in enumerate(plan.people):
            layout.addWidget(self._person_box(plan, i))
        people_note = self.add(fields.NoteField("people"))
        layout.addWidget(people_note)

        buttons = QHBoxLayout()
        if len(plan.people) == 1:
            add = small_button("Add a partner", "Plan for a couple: two ages, two incomes")
            add.clicked.connect(lambda: self.edit_plan(add_partner(self.doc.plan), "Add partner"))
            buttons.addWidget(add)
        else:
            remove = small_button("Remove partner", "Plan for one person; accounts pass to them")
            remove.clicked.connect(
                lambda: self.edit_plan(remove_partner(self.doc.plan), "Remove partner")
            )
            buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _person_box(self, plan: Plan, i: int) -> QGroupBox:
        p = f"people[{i}]"
        box, form = form_group("You" if i == 0 else "Partner")
        form.addRow(row_label("Name"), self.add(fields.TextField(f"{p}.name")))
        form.addRow(row_label("Born in"), self.add(fields.year(f"{p}.birth_year")))
        age_hint = hint()
        self.age_hints.append(age_hint)
        form.addRow("", age_hint)
        form.addRow(row_label("Retires at"), self.add(fields.age(f"{p}.retirement_age")))
        safety = self.add(fields.CheckField(f"{p}.public_safety_employee",
                                            "Public-safety employee"))
        safety.setToolTip("Police, firefighters and other qualified public-safety employees "
                          "may take 401(k) money without the 10% penalty from the year they "
                          "turn 50 if they leave that job (55 for everyone else).")
        form.addRow("", safety)
        form.addRow(row_label("Plan to age"), self.add(fields.age(f"{p}.horizon_age")))
        return box

    def after_load(self, plan: Plan) -> None:
        for label, person in zip(self.age_hints, plan.people, strict=False):
            age = plan.start_year - person.birth_year
            label.setText(f"Age {age} in {plan.start_year}")
