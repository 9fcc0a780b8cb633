"""Income: salary and Social Security per person, other income streams, and money received."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from planner.core.model import Plan
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import ClaimAgeField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit
from planner.gui.editor.form_streams import StreamsGroup
from planner.gui.editor.inflows_group import InflowsGroup


class IncomeForm(Form):
    title = "Income"
    roots = ("income", "inflows")

    def shape(self, plan: Plan) -> object:
        return (len(plan.people), len(plan.income), len(plan.inflows))

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        self.titles: list[QGroupBox] = []
        for i in range(len(plan.people)):
            layout.addWidget(self._person_box(i))
        self.streams = StreamsGroup(self, plan)
        layout.addWidget(self.streams.box)
        self.inflows = InflowsGroup(self, plan)
        layout.addWidget(self.inflows.box)

    def _person_box(self, i: int) -> QGroupBox:
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
        return box

    def after_load(self, plan: Plan) -> None:
        for box, person in zip(self.titles, plan.people, strict=False):
            box.setTitle(f"{person.name.strip() or 'Person'}’s salary and Social Security")
        self.streams.update(plan)
        self.inflows.update(plan)
