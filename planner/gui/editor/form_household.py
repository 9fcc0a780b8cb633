"""Household: the plan's name and first year, and the one or two people it is for."""

from __future__ import annotations

import calendar
import dataclasses

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.core.model import Mode, Mortality, Person, Plan, Sex
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import NotesField, OptionalWholeField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, small_button, unit

MONTH_LABELS = tuple((calendar.month_name[m], m) for m in range(1, 13))
BIRTHDAY_HINT = ("Social Security counts in months from the birthday (an age is reached the "
                 "day before it): born on the 1st or 2nd, you can claim from the month you "
                 "turn 62, otherwise from the month after; born on the 1st, full retirement "
                 "age and Medicare also come a month earlier.")
SEX_LABELS = (
    ("Unspecified", Sex.UNSPECIFIED),
    ("Female", Sex.FEMALE),
    ("Male", Sex.MALE),
)


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
    """Drop person 2. Their accounts pass to person 1 (as they would to a surviving spouse),
    joint accounts become person 1's alone; their pay for work goes, their other income
    passes to person 1 in the same calendar years."""
    accounts = tuple(dataclasses.replace(a, owner=0, joint=False) for a in plan.accounts)
    partner = plan.people[1] if len(plan.people) > 1 else None
    income = []
    for stream in plan.income:
        if stream.owner == 0 or partner is None:
            income.append(stream)
        elif not stream.kind.earned:
            income.append(dataclasses.replace(
                stream, owner=0,
                start_age=None, start_year=_year(stream.start_age, stream.start_year, partner),
                end_age=None, end_year=_year(stream.end_age, stream.end_year, partner)))
    spending = plan.spending
    if spending.phase_person not in (None, 0):
        spending = dataclasses.replace(spending, phase_person=None)
    return dataclasses.replace(plan, people=plan.people[:1], accounts=accounts,
                               income=tuple(income), spending=spending)


def _year(age: int | None, year: int | None, person: Person) -> int | None:
    return year if year is not None else None if age is None else person.birth_year + age


class HouseholdForm(Form):
    title = "Household"
    roots = ("name", "start_year", "notes", "people")

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
        self.cover_fields: list[OptionalWholeField] = []
        self.death_fields: list[OptionalWholeField] = []
        self.death_hints: list[QLabel] = []
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
        form.addRow(row_label("Born"), self._birth_row(p))
        age_hint = hint()
        self.age_hints.append(age_hint)
        form.addRow("", age_hint)
        form.addRow(row_label("Retires at"), self.add(fields.age(f"{p}.retirement_age")))
        cover = self.add(OptionalWholeField(f"{p}.health_coverage_until_age", suffix="years",
                                            maximum=150))
        cover.row.insertWidget(0, unit("covers health care until age"))
        cover.setToolTip("The employer's (or a retiree) health plan covers this person until "
                         "the start of the year they reach this age. Blank: until they retire. "
                         "From then to Medicare at 65 the household buys marketplace coverage "
                         "(Health tab).")
        self.cover_fields.append(cover)
        form.addRow(row_label("Employer plan"), cover)
        safety = self.add(fields.CheckField(f"{p}.public_safety_employee",
                                            "Public-safety employee"))
        safety.setToolTip("Police, firefighters and other qualified public-safety employees "
                          "may take 401(k) money without the 10% penalty from the year they "
                          "turn 50 if they leave that job (55 for everyone else).")
        form.addRow("", safety)
        form.addRow(row_label("Plan to age"), self.add(fields.age(f"{p}.horizon_age")))
        death = self.add(OptionalWholeField(f"{p}.death_age", suffix="years", maximum=150))
        death.setToolTip("Dies at the end of the year this age is reached. Blank: lives to the "
                         "plan-to age, or, in Monte Carlo runs with the life table, at an age "
                         "drawn for each path.")
        self.death_fields.append(death)
        form.addRow(row_label("Age at death"), death)
        death_hint = hint()
        self.death_hints.append(death_hint)
        form.addRow("", death_hint)
        sex = self.add(fields.ChoiceField(f"{p}.sex", SEX_LABELS))
        sex.row.insertWidget(1, unit("for the SSA life table"))
        form.addRow(row_label("Sex"), sex)
        return box

    def _birth_row(self, p: str) -> QWidget:
        """Year, month and day of birth on one line, each with its own problem line."""
        year = self.add(fields.year(f"{p}.birth_year"))
        month = self.add(fields.ChoiceField(f"{p}.birth_month", MONTH_LABELS))
        day = self.add(fields.whole(f"{p}.birth_day", minimum=0, maximum=99, width=50))
        day.row.insertWidget(0, unit("day"))
        for field in (month, day):
            field.setToolTip(BIRTHDAY_HINT)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(8)
        line.addWidget(year)
        line.addWidget(month)
        line.addWidget(day)
        line.addStretch(1)
        return row

    def after_load(self, plan: Plan) -> None:
        for label, person in zip(self.age_hints, plan.people, strict=False):
            age = plan.start_year - person.birth_year
            label.setText(f"Age {age} in {plan.start_year}. {birthday_hint(person)}")
        for cover, person in zip(self.cover_fields, plan.people, strict=False):
            cover.set_placeholder(f"{person.retirement_age}")
        drawn = (plan.simulation.mortality is Mortality.LIFE_TABLE
                 and plan.simulation.mode is Mode.MONTE_CARLO)
        for death, text, person in zip(self.death_fields, self.death_hints, plan.people,
                                       strict=False):
            death.set_placeholder(f"{person.horizon_age}" if not drawn else "drawn")
            text.setText(death_hint(person, drawn))


def death_hint(person: Person, drawn: bool) -> str:
    if person.death_age is not None:
        return ("Set: the same age on every path." if drawn
                else "Income for work and the person's own benefits stop after that year.")
    if drawn:
        return ("Blank: drawn for each Monte Carlo path from the SSA life table (Assumptions "
                "▸ Lifespans).")
    return (f"Blank: lives to the plan-to age ({person.horizon_age}). In Monte Carlo runs "
            "with the life table, drawn for each path.")


def birthday_hint(person: Person) -> str:
    """What the day of birth changes, in a sentence (20 CFR 404.2(c)(4), 404.311)."""
    if person.birth_day == 1:
        return ("Born on the 1st: Social Security counts you a month older, so you can claim "
                "from the month you turn 62, and full retirement age and Medicare come a "
                "month earlier.")
    if person.birth_day == 2:
        return "Born on the 2nd: you can claim Social Security from the month you turn 62."
    return ("Social Security can start the month after you turn 62 (the month itself for a "
            "birthday on the 1st or 2nd).")
