"""The guided setup: a few short pages (household, savings, income, Social Security,
spending) that build a first plan, or a blank plan for someone who would rather fill in the
editor.

Every page has defaults, so Next (or Finish, from the household page on) skips it; Back
returns. The answers become a Plan in planner.gui.templates.guided_plan, and the wizard
refuses to finish on a plan that does not validate. Money inputs are the editor's own
(planner.gui.editor.fields.money), so they take what the editor's fields take.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planner.core import state_tax
from planner.core.model import AccountKind, Plan, Spending
from planner.core.validate import validate
from planner.gui import theme
from planner.gui.editor import fields
from planner.gui.editor.fields import NumberField
from planner.gui.editor.form_base import hint
from planner.gui.templates import (
    DEFAULT_NAMES,
    SAVINGS_KINDS,
    PersonAnswers,
    Saving,
    SetupAnswers,
    blank_plan,
    first_year,
    guided_plan,
)

Button = QWizard.WizardButton
BLANK_BUTTON = Button.CustomButton1
NO_STATE = "Not chosen (no state income tax)"
SAVINGS_LABELS = {
    AccountKind.TRADITIONAL_401K: "401(k) or 403(b), traditional",
    AccountKind.ROTH_401K: "Roth 401(k) or 403(b)",
    AccountKind.TRADITIONAL_IRA: "Traditional IRA",
    AccountKind.ROTH_IRA: "Roth IRA",
    AccountKind.HSA: "HSA",
    AccountKind.TAXABLE: "Taxable brokerage",
}
SSA_LINK = "<a href='https://www.ssa.gov/myaccount/'>ssa.gov/myaccount</a>"


def _whole(minimum: int, maximum: int, value: int, name: str, suffix: str = "") -> NumberField:
    field = fields.whole("setup", minimum=minimum, maximum=maximum, suffix=suffix)
    field.load(value)
    _name(field, name)
    return field


def _money(name: str, value: float = 0.0, maximum: float = 1e11) -> NumberField:
    field = fields.money("setup", maximum=maximum, width=120)
    field.load(value)
    _name(field, name)
    return field


def _name(field: NumberField, name: str) -> None:
    field.setAccessibleName(name)
    field.spin.setAccessibleName(name)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def _header(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600;")
    return label


class Page(QWizardPage):
    """A page of questions for each person: a column per person, the partner's shown for
    a couple only."""

    def __init__(self, wizard: SetupWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.setup = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.layout_ = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.layout_.addLayout(self.grid)
        self.headers = [_header(), _header()]
        self.partner_widgets: list[QWidget] = [self.headers[1]]

    def add_row(self, row: int, label: str, first: QWidget, second: QWidget) -> QLabel:
        title = _label(label)
        self.grid.addWidget(title, row, 0)
        self.grid.addWidget(first, row, 1)
        self.grid.addWidget(second, row, 2)
        self.partner_widgets.append(second)
        return title

    def add_headers(self, row: int = 0) -> None:
        self.grid.addWidget(self.headers[0], row, 1)
        self.grid.addWidget(self.headers[1], row, 2)

    def add_hint(self, text: str) -> QLabel:
        label = hint(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        self.layout_.addWidget(label)
        return label

    def initializePage(self) -> None:
        couple = self.setup.household.couple()
        names = self.setup.household.names()
        for header, name in zip(self.headers, names, strict=False):
            header.setText(name)
        for widget in self.partner_widgets:
            widget.setVisible(couple)


class IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Set up your plan")
        self.setSubTitle("Five short steps, a few minutes in all.")
        text = QLabel(
            "<p>Tell planner about your household, savings, pay, Social Security and "
            "spending, and it projects how long the money lasts.</p>"
            "<p>Each step has sensible defaults: press <b>Next</b> to skip one, or, from "
            "the next step on, <b>Finish</b> once you have said enough. Everything can be "
            "changed afterwards "
            "in the editor on the left of the window, and nothing leaves this computer.</p>"
            "<p>Rather fill in the editor yourself? Choose <b>Blank Plan</b>.</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


class HouseholdPage(Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "Household", "Who the plan is for, and for how long.")
        year = wizard.start_year
        self.single = QRadioButton("Just me")
        self.pair = QRadioButton("A couple (married, filing jointly)")
        self.single.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.single)
        group.addButton(self.pair)
        self.pair.toggled.connect(self._show_partner)
        choice = QWidget()
        line = QVBoxLayout(choice)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.single)
        line.addWidget(self.pair)
        self.grid.addWidget(_label("The plan is for"), 0, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(choice, 0, 1, 1, 2)
        self.headers[0].setText("You")
        self.headers[1].setText("Your partner")
        self.add_headers(1)
        self.name_edits = [QLineEdit(), QLineEdit()]
        self.born = [_whole(year - 110, year - 18, year - 40, f"Year of birth, {who}")
                     for who in ("you", "partner")]
        self.ages = [hint(wrap=False), hint(wrap=False)]
        self.retire = [_whole(18, 100, 65, f"Retirement age, {who}", " years")
                       for who in ("you", "partner")]
        self.horizon = [_whole(50, 120, 95, f"Plan to age, {who}", " years")
                        for who in ("you", "partner")]
        for i, edit in enumerate(self.name_edits):
            edit.setPlaceholderText(DEFAULT_NAMES[i])
            edit.setAccessibleName("First name, " + ("you" if i == 0 else "partner"))
            edit.setMaxLength(40)
            self.born[i].spin.valueChanged.connect(self._show_ages)
        self.add_row(2, "First name", *self.name_edits)
        self.add_row(3, "Born in", *self.born)
        self.add_row(4, "", *self.ages)
        self.add_row(5, "Retires at", *self.retire)
        self.add_row(6, "Plan to age", *self.horizon)
        self.state = QComboBox()
        self.state.setAccessibleName("State of residence")
        self.state.setMaxVisibleItems(16)
        self.state.addItem(NO_STATE, "")
        for code, name in state_tax.state_names():
            self.state.addItem(name, code)
        self.grid.addWidget(_label("State you live in"), 7, 0)
        self.grid.addWidget(self.state, 7, 1, 1, 2)
        self.grid.setColumnStretch(3, 1)
        self.add_hint("Retires at: the age work stops (already retired: your age now). "
                      "Plan to age: the money should last to the end of that year; 95 is a "
                      "common, cautious choice. The state sets the state income tax.")
        self.problems = QLabel()
        self.problems.setStyleSheet(theme.error_style())
        self.problems.setWordWrap(True)
        self.layout_.addWidget(self.problems)
        self.layout_.addStretch(1)
        self._show_ages()
        self._show_partner(False)

    def couple(self) -> bool:
        return self.pair.isChecked()

    def names(self) -> list[str]:
        people = 2 if self.couple() else 1
        return [self.name_edits[i].text().strip() or DEFAULT_NAMES[i] for i in range(people)]

    def initializePage(self) -> None:
        self._show_partner(self.couple())

    def _show_partner(self, on: bool) -> None:
        for widget in self.partner_widgets:
            widget.setVisible(on)

    def _show_ages(self) -> None:
        year = self.setup.start_year
        for born, label in zip(self.born, self.ages, strict=True):
            label.setText(f"age {year - int(born.value())} in {year}")

    def validatePage(self) -> bool:
        """Ages in order (retiring before today, planning to an age already past): said
        here, in validate's words, before the other pages."""
        mine = [p for p in validate(self.setup.guided())
                if p.field.startswith(("people", "taxes"))]
        names = self.names()
        lines = []
        for p in mine:
            who = names[int(p.field[7])] if p.field.startswith("people[") else ""
            what = p.field.rsplit(".", 1)[-1].replace("horizon_age", "plan to age")
            what = what.replace("_", " ")
            lines.append(f"{who}: {what} {p.message}" if who else str(p))
        self.problems.setText("\n".join(lines))
        return not lines


class SavingsPage(Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "Savings",
                         "What is in each kind of account today, and what you add to it a "
                         "year while working.")
        self.add_headers(0)
        for col in (1, 2):
            sub = QWidget()
            line = QGridLayout(sub)
            line.setContentsMargins(0, 0, 0, 0)
            line.setHorizontalSpacing(8)
            line.addWidget(hint("Balance", wrap=False), 0, 0)
            line.addWidget(hint("Added a year", wrap=False), 0, 1)
            self.grid.addWidget(sub, 1, col)
            if col == 2:
                self.partner_widgets.append(sub)
        self.balances: dict[tuple[int, AccountKind], NumberField] = {}
        self.contributions: dict[tuple[int, AccountKind], NumberField] = {}
        for row, kind in enumerate(SAVINGS_KINDS, start=2):
            cells: list[QWidget] = []
            for i in (0, 1):
                who = "you" if i == 0 else "partner"
                self.balances[i, kind] = _money(f"{SAVINGS_LABELS[kind]} balance, {who}")
                self.contributions[i, kind] = _money(
                    f"{SAVINGS_LABELS[kind]} added a year, {who}")
                pair = QWidget()
                line = QGridLayout(pair)
                line.setContentsMargins(0, 0, 0, 0)
                line.setHorizontalSpacing(8)
                line.addWidget(self.balances[i, kind], 0, 0)
                line.addWidget(self.contributions[i, kind], 0, 1)
                cells.append(pair)
            title = self.add_row(row, SAVINGS_LABELS[kind], cells[0], cells[1])
            if kind is AccountKind.TAXABLE:
                self.taxable_label, self.taxable_partner = title, cells[1]
        self.grid.setColumnStretch(3, 1)
        self.add_hint("Leave an account at $0 if you do not have one. Added a year: your "
                      "own contributions, in today's dollars (an employer match is set on "
                      "the Accounts tab). A couple's taxable savings count as held jointly. "
                      "Each account starts at 60% stocks and 40% bonds; the Accounts tab "
                      "changes the mix, and takes contributions as a share of pay.")
        self.layout_.addStretch(1)

    def initializePage(self) -> None:
        super().initializePage()
        couple = self.setup.household.couple()
        self.taxable_partner.setVisible(False)  # held jointly: one balance for both
        self.taxable_label.setText("Taxable brokerage" + (" (joint)" if couple else ""))

    def savings(self, i: int) -> tuple[Saving, ...]:
        return tuple(Saving(kind, float(self.balances[i, kind].value()),
                            float(self.contributions[i, kind].value()))
                     for kind in SAVINGS_KINDS)


class IncomePage(Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "Income", "Pay from work, before tax.")
        self.add_headers(0)
        self.salary = [_money(f"Salary a year, {who}", maximum=50_000_000)
                       for who in ("you", "partner")]
        self.add_row(1, "Salary a year", *self.salary)
        self.grid.setColumnStretch(3, 1)
        self.add_hint("This year's pay, before tax and before your own 401(k) "
                      "contributions; it rises 3% a year (about inflation) until retirement. "
                      "No pay (retired, or not working): leave it at $0, and that person "
                      "counts as retired from this year. Pensions, rent and part-time work go "
                      "on the Income tab afterwards.")
        self.layout_.addStretch(1)


class SocialSecurityPage(Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard, "Social Security", "Your estimate, from your own statement.")
        self.add_headers(0)
        self.benefit = [_money(f"Monthly benefit at full retirement age, {who}",
                               maximum=20_000) for who in ("you", "partner")]
        self.claim = [_whole(62, 70, 67, f"Claiming age, {who}", " years")
                      for who in ("you", "partner")]
        self.add_row(1, "A month at full\nretirement age", *self.benefit)
        self.add_row(2, "Claims at age", *self.claim)
        self.grid.setColumnStretch(3, 1)
        self.add_hint(
            f"Sign in at {SSA_LINK} and open your Social Security Statement. Under "
            "“Estimated benefits”, take the monthly amount at your <b>full retirement "
            "age</b> (67 if born in 1960 or later), not at 62 or 70: it is in today's "
            "dollars, and planner raises or lowers it for the age you claim at. No statement "
            "or no benefit: leave it at $0. For a couple, each enters their own; spousal "
            "and survivor benefits are worked out from the two.")
        self.layout_.addStretch(1)


class SpendingPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.setTitle("Spending")
        self.setSubTitle("What the household spends in a year, after tax, now and in retirement.")
        self.amount = _money("Spending a year", value=Spending().annual, maximum=1e9)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(_label("Spending a year"), 0, 0)
        grid.addWidget(self.amount, 0, 1)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        self.note = hint()
        layout.addWidget(self.note)
        layout.addStretch(1)

    def initializePage(self) -> None:
        pay = sum(self.setup.income.salary[i].value()
                  for i in range(2 if self.setup.household.couple() else 1))
        guide = (f" A common rule of thumb for retirement: 70% to 80% of the pay before it "
                 f"(yours: ${pay:,.0f} a year)." if pay else "")
        self.note.setText(
            "In today's dollars: planner raises it with inflation. Count everything except "
            "taxes and saving, and leave out health insurance bought after retiring: "
            f"marketplace and Medicare premiums are added on top.{guide} Finish opens the "
            "plan and runs the projection; phases, one-off costs and spending rules are on "
            "the Spending tab.")


class SetupWizard(QWizard):
    """File ▸ New, File ▸ Guided Setup… and the welcome's "Set Up My Plan…"."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.start_year = first_year(today)
        self.blank = False
        self.setWindowTitle("New plan")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.household = HouseholdPage(self)
        self.savings = SavingsPage(self)
        self.income = IncomePage(self)
        self.social_security = SocialSecurityPage(self)
        self.spending = SpendingPage(self)
        self.intro_id = self.addPage(IntroPage())
        for page in (self.household, self.savings, self.income, self.social_security,
                     self.spending):
            page.setFinalPage(True)  # Finish from any question on: the rest keep defaults
            self.addPage(page)
        self.setButtonText(BLANK_BUTTON, "Blank Plan")
        self.button(BLANK_BUTTON).setToolTip("Skip the questions: a plan with example "
                                             "values to replace in the editor")
        self.setButtonLayout([BLANK_BUTTON, Button.Stretch, Button.BackButton,
                              Button.NextButton, Button.FinishButton, Button.CancelButton])
        self.customButtonClicked.connect(lambda which: self.choose_blank()
                                         if which == BLANK_BUTTON.value else None)
        self.currentIdChanged.connect(self._show_blank_button)
        self._show_blank_button(self.intro_id)
        self.resize(820, 520)

    def _show_blank_button(self, page: int) -> None:
        # A button in the custom layout shows whatever the option says: hide it by hand.
        self.button(BLANK_BUTTON).setVisible(page in (-1, self.intro_id))

    def choose_blank(self) -> None:
        self.blank = True
        self.done(QDialog.DialogCode.Accepted)

    def answers(self) -> SetupAnswers:
        h = self.household
        people = tuple(
            PersonAnswers(
                birth_year=int(h.born[i].value()),
                name=h.name_edits[i].text().strip(),
                retirement_age=int(h.retire[i].value()),
                horizon_age=int(h.horizon[i].value()),
                salary=float(self.income.salary[i].value()),
                monthly_benefit_at_fra=float(self.social_security.benefit[i].value()),
                claim_age=int(self.social_security.claim[i].value()),
                savings=self.savings.savings(i),
            )
            for i in range(2 if h.couple() else 1)
        )
        return SetupAnswers(start_year=self.start_year, people=people,
                            spending=float(self.spending.amount.value()),
                            state=str(h.state.currentData() or ""))

    def guided(self) -> Plan:
        return guided_plan(self.answers())

    def plan(self) -> Plan:
        """What the person chose: the blank plan, or the plan their answers make."""
        return blank_plan(self.today) if self.blank else self.guided()

    def accept(self) -> None:
        # Only a plan that validates leaves the wizard; the household page says why not.
        if validate(self.guided()):
            self.setCurrentId(self.pageIds()[1])
            self.household.validatePage()
            return
        super().accept()
