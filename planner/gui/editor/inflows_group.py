"""Income ▸ money received: one-off inflows (an inheritance, a home sale), each with the part
of it that is taxed and how."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from planner.core.model import InflowTax, Plan
from planner.gui.editor import fields, income_edits
from planner.gui.editor.form_base import Form, form_group, hint, row_label, small_button, unit

TAX_LABELS = (
    ("as a long-term capital gain", InflowTax.CAPITAL_GAIN),
    ("as ordinary income", InflowTax.ORDINARY),
)


class InflowsGroup:
    def __init__(self, form: Form, plan: Plan) -> None:
        self.form = form
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("Money received")
        rows.addRow(hint("Once, in today's dollars: an inheritance, a home sale, a gift. It "
                         "pays that year's needs and the rest is saved."))
        self.boxes: list[QGroupBox] = []
        column = QVBoxLayout()
        column.setSpacing(10)
        for j in range(len(plan.inflows)):
            f = f"inflows[{j}]"
            box, sub = form_group("")
            self.boxes.append(box)
            sub.addRow(row_label("What"), self._label_and_remove(
                add(fields.TextField(f"{f}.label", "e.g. inheritance")), j))
            sub.addRow(row_label("Year"), add(fields.year(f"{f}.year")))
            sub.addRow(row_label("Amount"), add(fields.money(f"{f}.amount")))
            taxable = add(fields.money(f"{f}.taxable_amount"))
            taxable.row.insertWidget(1, unit("of it"))
            taxable.setToolTip("Most inheritances are not taxed (0). For a home sale, the gain "
                               "above the exclusion ($250,000, or $500,000 for a couple).")
            sub.addRow(row_label("Taxed"), taxable)
            sub.addRow("", add(fields.ChoiceField(f"{f}.taxed_as", TAX_LABELS)))
            column.addWidget(box)
        rows.addRow(column)
        button = small_button("Add money received", "An inheritance, a home sale, a gift")
        button.clicked.connect(lambda _=False: self.add())
        line = QHBoxLayout()
        line.addWidget(button)
        line.addStretch(1)
        rows.addRow(line)

    def _label_and_remove(self, label: fields.Field, j: int) -> QWidget:
        remove = small_button("Remove", "Remove this money received")
        remove.clicked.connect(lambda _=False: self.remove(j))
        both = QWidget()
        line = QHBoxLayout(both)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(label, 1)
        line.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        return both

    def add(self) -> None:
        self.form.edit_plan(income_edits.add_inflow(self.form.doc.plan), "Add money received")

    def remove(self, j: int) -> None:
        self.form.edit_plan(income_edits.remove_item(self.form.doc.plan, "inflows", j),
                            "Remove money received")

    def update(self, plan: Plan) -> None:
        for box, inflow in zip(self.boxes, plan.inflows, strict=False):
            box.setTitle(f"{inflow.label.strip() or 'Money received'}, {inflow.year}")
            taxed = self.form.fields.get(f"inflows[{self.boxes.index(box)}].taxed_as")
            if taxed is not None:
                taxed.setEnabled(inflow.taxable_amount > 0)
