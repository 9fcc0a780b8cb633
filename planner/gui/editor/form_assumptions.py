"""Assumptions: markets (a published outlook or history), crypto's outlook, Social Security's
trust fund, and how the future is run."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from planner.core.model import Plan
from planner.gui.editor import fields
from planner.gui.editor.crypto_group import CryptoGroup
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit
from planner.gui.editor.market_group import MarketGroup
from planner.gui.editor.simulation_group import SimulationGroups


class AssumptionsForm(Form):
    title = "Assumptions"
    roots = ("assumptions", "simulation")

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        self.market = MarketGroup(self)
        layout.addWidget(self.market.box)
        self.crypto = CryptoGroup(self)
        layout.addWidget(self.crypto.box)

        box, form = form_group("Social Security's trust fund")
        self.cut = self.add(fields.CheckField(
            "assumptions.social_security_cut", "Cut Social Security when the trust fund runs out"))
        form.addRow(self.cut)
        self.cut_year = self.add(fields.year("assumptions.social_security_cut_year"))
        self.cut_year.row.insertWidget(1, unit("and later years"))
        form.addRow(row_label("From"), self.cut_year)
        self.payable = self.add(fields.percent("assumptions.social_security_payable_share",
                                               decimals=0))
        self.payable.row.insertWidget(1, unit("of the scheduled benefits paid"))
        form.addRow(row_label("Paid"), self.payable)
        form.addRow("", hint("The 2026 Trustees Report (intermediate assumptions): the combined "
                             "OASDI trust fund runs out in 2034, and the taxes coming in then "
                             "pay 83% of scheduled benefits. Every benefit, own, spousal and "
                             "survivor, is cut by the same share."))
        layout.addWidget(box)

        self.simulation = SimulationGroups(self)
        layout.addWidget(self.simulation.box)
        layout.addWidget(self.simulation.corr_box)

    def after_load(self, plan: Plan) -> None:
        self.market.update(plan)
        self.crypto.update(plan)
        self.simulation.update(plan)
        cut = plan.assumptions.social_security_cut
        self.cut_year.setEnabled(cut)
        self.payable.setEnabled(cut)
