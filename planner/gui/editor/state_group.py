"""Taxes ▸ state income tax: the state of residence (or a custom flat rate) and an optional
move to another state from a given year."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QWidget

from planner.core import state_tax
from planner.core.model import Plan, StateMove
from planner.gui.editor import fields
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

CUSTOM = ""  # taxes.state for the custom flat rate
CUSTOM_LABEL = "Custom flat rate"


def state_options(*chosen: str) -> list[tuple[str, str]]:
    """The custom flat rate first, then every state by name; a code that is not a state
    (from a plan file) is kept as an option so the plan shows what it holds."""
    options = [(CUSTOM_LABEL, CUSTOM)] + [(name, code) for code, name in state_tax.state_names()]
    known = {code for _label, code in options}
    for code in chosen:
        if code not in known:
            options.append((f"{code} (not a state)", code))
            known.add(code)
    return options


def state_note(code: str) -> str:
    """What the planner does with a state's tax, in a sentence or two."""
    if code == CUSTOM:
        return "The custom flat rate below applies to federal taxable income."
    if code not in state_tax.state_codes():
        return ""
    name = state_tax.state_name(code)
    parts = [f"{name} has no income tax." if not state_tax.has_income_tax(code)
             else f"{name}'s income tax, with its deductions and retirement-income "
             "exclusions."]
    missing = state_tax.NOT_MODELLED.get(code)
    if missing:
        parts.append(f"Not modelled for this state: {missing}.")
    return " ".join(parts)


def default_move_year(plan: Plan) -> int:
    """The household's retirement year if it lies inside the plan, else the second year."""
    year = plan.retirement_year
    return year if plan.start_year < year <= plan.end_year else plan.start_year + 1


class StateGroup:
    """Builds the group into the Taxes form and keeps it in step with the plan."""

    def __init__(self, form: Form) -> None:
        self.form = form
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("State income tax")
        self.rows: QFormLayout = rows
        self.state = add(fields.ChoiceField("taxes.state", state_options()))
        self.state.combo.setMaxVisibleItems(16)
        rows.addRow(row_label("State"), self.state)
        self.note = hint()
        rows.addRow("", self.note)

        self.move = add(fields.CheckField("taxes.state_move", "Move to another state"),
                        on_edit=lambda _path, on: self.toggle_move(bool(on)))
        rows.addRow("", self.move)
        self.move_state = add(fields.ChoiceField("taxes.state_move.state", state_options()))
        self.move_state.combo.setMaxVisibleItems(16)
        self.move_year = add(fields.year("taxes.state_move.year"))
        self.move_year.row.insertWidget(0, unit("from"))
        self.move_year.setToolTip("The first year taxed by the new state.")
        line = QWidget()
        both = QHBoxLayout(line)
        both.setContentsMargins(0, 0, 0, 0)
        both.setSpacing(8)
        both.addWidget(self.move_state)
        both.addWidget(self.move_year)
        both.addStretch(1)
        rows.addRow(row_label("Moving to"), line)
        self.move_line = line
        self.move_note = hint()
        rows.addRow("", self.move_note)

        self.rate = add(fields.percent("taxes.state_rate"))
        self.rate.row.insertWidget(1, unit("of federal taxable income"))
        rows.addRow(row_label("Flat rate"), self.rate)
        self._rate_has_problem = False

    def toggle_move(self, on: bool) -> None:
        """Tick: move to the state and from the year shown; untick: stay (no move)."""
        move = StateMove(year=int(self.move_year.value()), state=self.move_state.value() or "")
        self.form.doc.set_value("taxes.state_move", move if on else None)

    def show_problems(self, paths: set[str]) -> None:
        """A flat rate out of range is shown even while a state is chosen."""
        self._rate_has_problem = "taxes.state_rate" in paths
        self.update(self.form.doc.plan)

    def update(self, plan: Plan) -> None:
        t = plan.taxes
        move = t.state_move
        chosen = [t.state] + ([move.state] if move is not None else [])
        for combo in (self.state, self.move_state):
            combo.set_options(state_options(*chosen))
        self.state.load(t.state)
        self.note.setText(state_note(t.state))
        if move is None:  # what a tick would choose, greyed
            self.move_state.load(t.state)
            self.move_year.load(default_move_year(plan))
        else:
            self.move_state.load(move.state)
            self.move_year.load(move.year)
        self.move_state.setEnabled(move is not None and t.enabled)
        self.move_year.setEnabled(move is not None and t.enabled)
        self.move_note.setText(state_note(move.state) if move is not None else "")
        self.move_note.setVisible(move is not None)
        custom = CUSTOM in chosen
        self.rows.setRowVisible(self.rate, custom or self._rate_has_problem)
        for widget in (self.state, self.move, self.rate):
            widget.setEnabled(t.enabled)
