"""The plan editor: one tab per topic; shows each validation problem next to its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import Problem
from planner.gui import theme
from planner.gui.document import PlanDocument
from planner.gui.editor.binding import parent_paths
from planner.gui.editor.fields import Field, SpinBox
from planner.gui.editor.form_accounts import AccountsForm
from planner.gui.editor.form_assumptions import AssumptionsForm
from planner.gui.editor.form_base import Form
from planner.gui.editor.form_health import HealthForm
from planner.gui.editor.form_household import HouseholdForm
from planner.gui.editor.form_income import IncomeForm
from planner.gui.editor.form_spending import SpendingForm
from planner.gui.editor.form_taxes import TaxesForm
from planner.gui.editor.notice import Notice

MARK = " •"  # after the title of a page that needs attention


class PlanEditor(QWidget):
    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.household = HouseholdForm(doc)
        self.accounts = AccountsForm(doc)
        self.income = IncomeForm(doc)
        self.spending = SpendingForm(doc)
        self.health = HealthForm(doc)
        self.taxes = TaxesForm(doc)
        self.assumptions = AssumptionsForm(doc)
        self.forms: list[Form] = [
            self.household, self.accounts, self.income, self.spending, self.health,
            self.taxes, self.assumptions,
        ]
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(False)
        theme.compact_tabs(self.tabs.tabBar())
        for form in self.forms:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            scroll.setWidget(form)
            self.tabs.addTab(scroll, form.title)
        # Problems with no field of their own (a whole-plan problem) show above the tabs.
        self.banner = QLabel(self)
        self.banner.setStyleSheet(theme.error_style() + "padding: 4px 8px;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        # A note that outlives the status bar's message (an upgraded plan).
        self.notice = Notice(self.reveal, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self._problems: list[Problem] = []
        doc.commit_hook = self.commit_typing
        doc.stepped.connect(self._forget_refusals)
        doc.changed.connect(self.sync)
        doc.reset_done.connect(self.notice.clear)
        self.sync()

    def sync(self) -> None:
        plan = self.doc.plan
        for form in self.forms:
            form.sync(plan)
        self.show_problems(self._problems)  # rebuilt forms get their messages back

    def tabs_width(self) -> int:
        """The width the tab bar needs with every page marked: no tab is ever cut off."""
        bar = self.tabs.tabBar()
        titles = [bar.tabText(i) for i in range(bar.count())]
        for i, form in enumerate(self.forms):
            bar.setTabText(i, form.title + MARK)
        width = bar.sizeHint().width()
        for i, title in enumerate(titles):
            bar.setTabText(i, title)
        return width

    def page_index(self, form: Form) -> int:
        """The tab of a form (the editor's pages may be reordered or added to)."""
        return self.forms.index(form)

    def show_page(self, form: Form) -> None:
        self.tabs.setCurrentIndex(self.page_index(form))

    def current_page(self) -> Form:
        return self.forms[self.tabs.currentIndex()]

    def all_fields(self) -> dict[str, Field]:
        out: dict[str, Field] = {}
        for form in self.forms:
            out.update(form.fields)
        return out

    def describe(self, path: str) -> str:
        """The name of the field that shows ``path``'s problem ("Birth day, person 2")."""
        registry = self.all_fields()
        target = next((p for p in parent_paths(path) if p in registry), None)
        if target is not None:
            return registry[target].accessibleName()
        return path.rsplit(".", 1)[-1].replace("_", " ").capitalize() if path else "Plan"

    def field(self, path: str) -> Field:
        return self.all_fields()[path]

    def _forget_refusals(self) -> None:
        """After an undo or redo, a field's "not taken" message is about the past."""
        for field in self.all_fields().values():
            field.refuse("")

    def commit_typing(self) -> bool:
        """Take (or refuse) what the focused number field holds typed, as Enter would: an
        undo then undoes that edit whole. True when the typing was refused."""
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, SpinBox):
            widget = widget.parentWidget()
        return widget is not None and self.isAncestorOf(widget) and widget.commit()

    def typing_path(self) -> str | None:
        """The path of the field the person is typing in (focus in its text or number
        input), else None."""
        widget = QApplication.focusWidget()
        if not isinstance(widget, (QAbstractSpinBox, QLineEdit)):
            return None
        while widget is not None and not isinstance(widget, Field):
            widget = widget.parentWidget()
        return widget.path if widget is not None and self.isAncestorOf(widget) else None

    def concerns(self, problem: Problem, path: str) -> bool:
        """Whether ``problem`` is shown on the field of ``path``."""
        return self._target(problem.field, self.all_fields()) == path

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        registry = self.all_fields()
        messages: dict[str, list[str]] = {}
        unplaced: list[str] = []
        for problem in problems:
            target = self._target(problem.field, registry)
            if target is None:
                unplaced.append(str(problem))
                continue
            text = problem.message
            if target != problem.field:  # shown on a parent: say which part is meant
                text = f"{problem.field[len(target):].lstrip('.')}: {text}"
            messages.setdefault(target, []).append(text)
        for path, field in registry.items():
            field.set_error("\n".join(messages.get(path, [])))
        for form in self.forms:
            form.show_problems(set(messages) & set(form.fields))
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
            self.tabs.setTabText(i, form.title + (MARK if i in bad else ""))
            color = QColor(theme.color("error")) if i in bad else QColor()
            self.tabs.tabBar().setTabTextColor(i, color)
            self.tabs.setTabToolTip(i, "Something here needs attention" if i in bad else "")

    def _tab_of(self, path: str) -> int | None:
        """The page that holds ``path``'s field. A path with no field of its own goes to the
        page holding the fields under it, before any page holding a field above it: a
        problem with Social Security (under people[0]) is on Income, not on Household, which
        shows the list of people. Else the page of the path's first key (``Form.roots``)."""
        for parent in parent_paths(path):
            if not parent:
                break
            holder = self._holder(parent)
            if holder is not None:
                return holder
        root = path.split(".")[0].split("[")[0]
        return next((i for i, form in enumerate(self.forms) if root in form.roots), None)

    def _holder(self, path: str) -> int | None:
        """The page with the field of ``path``, else the first with a field under it."""
        for i, form in enumerate(self.forms):
            if path in form.fields:
                return i
        for i, form in enumerate(self.forms):
            if any(p.startswith((path + ".", path + "[")) for p in form.fields):
                return i
        return None

    def _target(self, path: str, registry: dict[str, Field]) -> str | None:
        """The field that shows ``path``'s problem: the nearest registered one at or above
        it, if it is on the page of ``path``; else none (the banner above the pages)."""
        target = next((p for p in parent_paths(path) if p in registry), None)
        tab = self._tab_of(path)
        if target is None or tab is None or target not in self.forms[tab].fields:
            return None
        return target

    def reveal(self, path: str) -> None:
        """Bring the field of ``path`` into view (tab, account) and focus it."""
        tab = self._tab_of(path)
        if tab is None:
            return
        self.tabs.setCurrentIndex(tab)
        if path.startswith("accounts["):
            self.accounts.select(int(path[len("accounts["):].split("]")[0]))
        registry = self.all_fields()
        target = self._target(path, registry)
        if target is not None:
            field = registry[target]
            scroll = self.tabs.widget(tab)
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(field)
                scroll.horizontalScrollBar().setValue(0)  # keep the labels in view
            field.setFocus()
