"""Spending ▸ withdrawal strategy: how much the portfolio pays each year in retirement."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from planner.core.model import STRATEGY_LABELS, Plan, Strategy
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import OptionalNumberField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

USES_RATE = (Strategy.CONSTANT_DOLLAR, Strategy.CONSTANT_PERCENT, Strategy.GUARDRAILS)


class StrategyGroup:
    """Builds the group into a form and keeps its enabled states in step with the plan."""

    def __init__(self, form: Form) -> None:
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("Withdrawal strategy")
        options = [(label, strategy) for strategy, label in STRATEGY_LABELS.items()]
        rows.addRow(row_label("Strategy"), add(fields.ChoiceField("spending.strategy", options)))
        self.explain = hint()
        rows.addRow(self.explain)
        self.rate = add(fields.percent("spending.withdrawal_rate"))
        self.rate.row.insertWidget(1, unit("of the portfolio, first year"))
        rows.addRow(row_label("Withdrawal rate"), self.rate)
        self.floor = add(OptionalNumberField("spending.floor", check_text="Set"))
        self.floor.set_default_hint("no floor")
        rows.addRow(row_label("At least"), self.floor)
        self.ceiling = add(OptionalNumberField("spending.ceiling", check_text="Set"))
        self.ceiling.set_default_hint("no ceiling")
        rows.addRow(row_label("At most"), self.ceiling)
        self.band = add(fields.percent("spending.guardrail_band", decimals=0))
        self.band.row.insertWidget(1, unit("drift of the rate before acting"))
        rows.addRow(row_label("Guardrails"), self.band)
        self.adjustment = add(fields.percent("spending.guardrail_adjustment", decimals=0))
        self.adjustment.row.insertWidget(1, unit("cut or raise, each time"))
        rows.addRow(row_label("Adjust by"), self.adjustment)

    def update(self, plan: Plan) -> None:
        strategy = plan.spending.strategy
        fixed = strategy is Strategy.FIXED
        self.explain.setText(
            "Spend the amounts above every year; income, benefits and savings pay together."
            if fixed else
            "The portfolio's yearly withdrawal follows this rule; its tax comes out of it, and "
            "income and benefits are spent on top. The amounts above only scale the phases. "
            "Amounts in today's dollars."
        )
        self.rate.setEnabled(strategy in USES_RATE)
        self.floor.setEnabled(not fixed or plan.spending.floor is not None)
        self.ceiling.setEnabled(not fixed or plan.spending.ceiling is not None)
        guard = strategy is Strategy.GUARDRAILS
        self.band.setEnabled(guard)
        self.adjustment.setEnabled(guard)
