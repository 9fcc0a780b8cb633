"""The plan editor: one tab per topic; shows each validation problem next to its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from planner.core.errors import Problem
from planner.gui.binding import parent_paths
from planner.gui.document import PlanDocument
from planner.gui.fields import ERROR_STYLE, Field
from planner.gui.form_accounts import AccountsForm
from planner.gui.form_assumptions import AssumptionsForm
from planner.gui.form_base import Form
from planner.gui.form_household import HouseholdForm
from planner.gui.form_income import IncomeForm
from planner.gui.form_spending import SpendingForm
from planner.gui.form_taxes import TaxesForm

ERROR_TAB_COLOR = QColor("#b3261e")

# Which tab a problem's path belongs to when no field shows it (by its first key).
_TAB_OF_ROOT = {
    "name": 0, "start_year": 0, "notes": 0, "people": 0,
    "accounts": 1, "income": 2, "inflows": 2, "spending": 3, "taxes": 4, "assumptions": 5,
    "simulation": 5,
}


class PlanEditor(QWidget):
    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.household = HouseholdForm(doc)
        self.accounts = AccountsForm(doc)
        self.income = IncomeForm(doc)
        self.spending = SpendingForm(doc)
        self.taxes = TaxesForm(doc)
        self.assumptions = AssumptionsForm(doc)
        self.forms: list[Form] = [
            self.household, self.accounts, self.income, self.spending, self.taxes,
            self.assumptions,
        ]
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        for form in self.forms:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            scroll.setWidget(form)
            self.tabs.addTab(scroll, form.title)
        # Problems with no field of their own (a whole-plan problem) show above the tabs.
        self.banner = QLabel(self)
        self.banner.setStyleSheet(ERROR_STYLE + "padding: 4px 8px;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self._problems: list[Problem] = []
        doc.changed.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        plan = self.doc.plan
        for form in self.forms:
            form.sync(plan)
        self.show_problems(self._problems)  # rebuilt forms get their messages back

    def all_fields(self) -> dict[str, Field]:
        out: dict[str, Field] = {}
        for form in self.forms:
            out.update(form.fields)
        return out

    def field(self, path: str) -> Field:
        return self.all_fields()[path]

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        registry = self.all_fields()
        messages: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for problem in problems:
            target = next((p for p in parent_paths(problem.field) if p in registry), None)
            if target is None:
                unplaced.append(str(problem))
                continue
            text = problem.message
            if target != problem.field:  # shown on a parent: say which part is meant
                text = f"{problem.field[len(target):].lstrip('.')}: {text}"
            messages.setdefault(target, []).append(text)
        for path, field in registry.items():
            field.set_error("\n".join(messages.get(path, [])))
        self.banner.setText("\n".join(unplaced))
        self.banner.setVisible(bool(unplaced))
        self.accounts.mark_problems({p.field for p in problems})
        self._mark_tabs(problems)

    def _mark_tabs(self, problems: list[Problem]) -> None:
        bad: set[int] = set()
        for problem in problems:
            tab = self._tab_of(problem.field)
            if tab is not None:
                bad.add(tab)
        for i, form in enumerate(self.forms):
            self.tabs.setTabText(i, form.title + ("  •" if i in bad else ""))
            self.tabs.tabBar().setTabTextColor(i, ERROR_TAB_COLOR if i in bad else QColor())
            self.tabs.setTabToolTip(i, "Something here needs attention" if i in bad else "")

    def _tab_of(self, path: str) -> int | None:
        for i, form in enumerate(self.forms):
            if any(p in form.fields for p in parent_paths(path)):
                return i
        root = path.split(".")[0].split("[")[0]
        return _TAB_OF_ROOT.get(root)

    def reveal(self, path: str) -> None:
        """Bring the field of ``path`` into view (tab, account) and focus it."""
        tab = self._tab_of(path)
        if tab is None:
            return
        self.tabs.setCurrentIndex(tab)
        if path.startswith("accounts["):
            self.accounts.select(int(path[len("accounts["):].split("]")[0]))
        registry = self.all_fields()
        target = next((p for p in parent_paths(path) if p in registry), None)
        if target is not None:
            field = registry[target]
            scroll = self.tabs.widget(tab)
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(field)
                scroll.horizontalScrollBar().setValue(0)  # keep the labels in view
            field.setFocus()
