"""Income ▸ other income: any number of income streams (a part-time job, consulting, a pension
or annuity, rent, tax-free income), each in its own box with when it is paid, how it grows
and what continues to a survivor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.model import INCOME_LABELS, Growth, IncomeKind, Plan
from planner.gui.editor import fields, income_edits
from planner.gui.editor.form_base import Form, form_group, hint, row_label, small_button, unit

AMOUNT_UNITS = (
    ("in today's dollars", True),
    ("in dollars of the first year paid", False),
)
GROWTH_LABELS = (
    ("Rises with inflation", Growth.INFLATION),
    ("Stays the same", Growth.FIXED),
    ("Rises by a fixed rate (COLA)", Growth.COLA),
)
START_LABELS = (("From now", "now"), ("From age", "age"), ("From year", "year"))
END_LABELS = (("For life", "life"), ("Through age", "age"), ("Through year", "year"))
KIND_TIPS = {
    IncomeKind.WAGES: "Income tax and payroll tax; stops at death",
    IncomeKind.SELF_EMPLOYMENT: "Income tax and self-employment tax; stops at death",
    IncomeKind.PENSION: "Ordinary income; a share may continue to a surviving spouse",
    IncomeKind.RENTAL: "Net of expenses; ordinary income, usually continues to a survivor",
    IncomeKind.TAX_FREE: "Never taxed (a gift, a tax-free benefit)",
}


class WhenRow(QWidget):
    """When a stream starts (or ends): a choice of now/life, an age or a year, and the age or
    year field (each bound to its own plan path, so each shows its own problem)."""

    def __init__(self, form: Form, index: int, end: bool,
                 on_mode: Callable[[int, bool, str], None]) -> None:
        super().__init__()
        edge = "end" if end else "start"
        path = f"income[{index}]"
        self.modes = [mode for _label, mode in (END_LABELS if end else START_LABELS)]
        self.combo = QComboBox(self)
        self.combo.addItems([label for label, _mode in (END_LABELS if end else START_LABELS)])
        self.combo.setAccessibleName(f"{'Ends' if end else 'Starts'}, income {index + 1}")
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.age = form.add(fields.age(f"{path}.{edge}_age"))
        self.year = form.add(fields.year(f"{path}.{edge}_year"))
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        line.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.age, 100)  # the field takes the width (for its problem line)...
        line.addWidget(self.year, 100)
        line.addStretch(1)  # ...unless neither shows
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(
            lambda row: on_mode(index, end, self.modes[row]) if 0 <= row < len(self.modes)
            else None)

    def show_mode(self, mode: str, age_set: bool, year_set: bool) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.modes.index(mode))
        self.combo.blockSignals(False)
        self.age.setVisible(age_set)  # both show when both are set: the problem says which
        self.year.setVisible(year_set)


class StreamBox:
    """The fields of ``plan.income[index]``, registered with the form by plan path."""

    def __init__(self, form: Form, index: int, group: StreamsGroup) -> None:
        add = form.add
        s = f"income[{index}]"
        self.index = index
        self.box, rows = form_group("")
        self.box.setObjectName(f"income_{index}")
        title = QHBoxLayout()
        self.describe = hint()
        remove = small_button("Remove", "Remove this income")
        remove.clicked.connect(lambda _=False: group.remove(index))
        title.addWidget(self.describe, 1)
        title.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        rows.addRow(title)
        rows.addRow(row_label("Name"), add(fields.TextField(f"{s}.name", "e.g. County pension")))
        kinds = [(label, kind) for kind, label in INCOME_LABELS.items()]
        self.kind = add(fields.ChoiceField(f"{s}.kind", kinds),
                        lambda _path, kind: group.change_kind(index, IncomeKind(kind)))
        rows.addRow(row_label("Kind"), self.kind)
        self.owner = add(fields.ChoiceField(f"{s}.owner", [("You", 0)]))
        self.owner_label = row_label("Whose")
        rows.addRow(self.owner_label, self.owner)
        amount = add(fields.money(f"{s}.amount"))
        amount.row.insertWidget(1, unit("a year"))
        rows.addRow(row_label("Amount"), amount)
        rows.addRow("", add(fields.ChoiceField(f"{s}.todays_dollars", AMOUNT_UNITS)))
        self.growth = add(fields.ChoiceField(f"{s}.growth", GROWTH_LABELS))
        rows.addRow(row_label("Each year"), self.growth)
        self.rate = add(fields.percent(f"{s}.growth_rate"))
        self.rate.row.insertWidget(1, unit("a year (cost-of-living adjustment)"))
        rows.addRow(row_label("COLA"), self.rate)
        self.start = WhenRow(form, index, False, group.set_when)
        rows.addRow(row_label("Starts"), self.start)
        self.end = WhenRow(form, index, True, group.set_when)
        rows.addRow(row_label("Ends"), self.end)
        self.survivor = add(fields.percent(f"{s}.survivor_share", decimals=0))
        self.survivor.row.insertWidget(1, unit("continues to a surviving spouse"))
        rows.addRow(row_label("Survivor share"), self.survivor)

    def after_load(self, plan: Plan) -> None:
        if self.index >= len(plan.income):
            return
        stream = plan.income[self.index]
        self.box.setTitle(f"{stream.name.strip() or '(no name)'} — {stream.kind.label}")
        self.box.setToolTip(KIND_TIPS[stream.kind])
        self.describe.setText(income_edits.describe(plan, stream))
        self.owner.set_options([(p.name.strip() or f"Person {i + 1}", i)
                                for i, p in enumerate(plan.people)])
        self.owner.load(stream.owner)
        couple_or_wrong = plan.is_couple or stream.owner != 0
        self.owner.setVisible(couple_or_wrong)
        self.owner_label.setVisible(couple_or_wrong)
        self.rate.setEnabled(stream.growth is Growth.COLA)
        for row, end in ((self.start, False), (self.end, True)):
            edge = "end" if end else "start"
            row.show_mode(income_edits.when_mode(stream, end),
                          getattr(stream, f"{edge}_age") is not None,
                          getattr(stream, f"{edge}_year") is not None)
        # Pay for work stops at death; a share of the rest may go on (for a couple).
        passes_on = not stream.kind.earned and plan.is_couple
        self.survivor.setEnabled(passes_on or stream.survivor_share != 0)


class StreamsGroup:
    """The "Other income" group of the Income form."""

    def __init__(self, form: Form, plan: Plan) -> None:
        self.form = form
        self.box: QGroupBox
        self.box, rows = form_group("Other income")
        rows.addRow(hint("Besides the salary above and Social Security: a part-time job, "
                         "consulting, a pension or annuity, rent, tax-free income."))
        self.streams = [StreamBox(form, i, self) for i in range(len(plan.income))]
        column = QVBoxLayout()
        column.setSpacing(10)
        for stream in self.streams:
            column.addWidget(stream.box)
        rows.addRow(column)
        self.add_button = QPushButton("Add income")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Add an income of a kind; you can change the kind later")
        self.menu = QMenu(self.add_button)
        for kind, label in INCOME_LABELS.items():
            action = self.menu.addAction(label)
            action.setToolTip(KIND_TIPS[kind])
            action.triggered.connect(lambda _=False, kind=kind: self.add(kind))
        self.add_button.setMenu(self.menu)
        line = QHBoxLayout()
        line.addWidget(self.add_button)
        line.addStretch(1)
        rows.addRow(line)

    def add(self, kind: IncomeKind) -> None:
        self.form.edit_plan(income_edits.add_stream(self.form.doc.plan, kind),
                            f"Add {kind.label.lower()}")

    def remove(self, index: int) -> None:
        self.form.edit_plan(income_edits.remove_item(self.form.doc.plan, "income", index),
                            "Remove income")

    def change_kind(self, index: int, kind: IncomeKind) -> None:
        self.form.edit_plan(income_edits.change_kind(self.form.doc.plan, index, kind),
                            "Change kind of income")

    def set_when(self, index: int, end: bool, mode: str) -> None:
        plan = income_edits.set_when(self.form.doc.plan, index, end, mode)
        self.form.edit_plan(plan, "Change when an income ends" if end
                            else "Change when an income starts")
        self.update(self.form.doc.plan)  # an unchanged plan still shows its own mode

    def update(self, plan: Plan) -> None:
        for stream in self.streams:
            stream.after_load(plan)
