"""Assumptions: inflation, fees, returns per asset class, Social Security's trust fund, and
how the future is run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from planner.core.model import ASSET_CLASSES, Plan
from planner.gui.editor import fields
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit
from planner.gui.editor.simulation_group import SimulationGroups


class AssumptionsForm(Form):
    title = "Assumptions"
    roots = ("assumptions", "simulation")

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Economy")
        inflation = self.add(fields.percent("assumptions.inflation_rate"))
        inflation.row.insertWidget(1, unit("a year"))
        form.addRow(row_label("Inflation"), inflation)
        spread = self.add(fields.percent("assumptions.inflation_volatility"))
        spread.row.insertWidget(1, unit("standard deviation (Monte Carlo)"))
        form.addRow(row_label("Inflation varies"), spread)
        fees = self.add(fields.percent("assumptions.fee_rate"))
        fees.row.insertWidget(1, unit("a year, on every balance"))
        form.addRow(row_label("Fees"), fees)
        layout.addWidget(box)

        box, form = form_group("Returns (nominal, a year)")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for col, text in ((1, "Median return"), (2, "Volatility")):
            head = QLabel(text)
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(head, 0, col)
        for row, name in enumerate(ASSET_CLASSES, start=1):
            grid.addWidget(row_label(name.capitalize()), row, 0, Qt.AlignmentFlag.AlignTop)
            ret = self.add(fields.percent(f"assumptions.{name}.expected_return"))
            vol = self.add(fields.percent(f"assumptions.{name}.volatility"))
            grid.addWidget(ret, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(vol, row, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(3, 1)
        form.addRow(grid)
        form.addRow(hint("Volatility is the standard deviation of the yearly log return; "
                         "only Monte Carlo uses it."))
        dividends = self.add(fields.percent("assumptions.stock_dividend_yield"))
        dividends.row.insertWidget(1, unit("of the stock return paid as dividends"))
        dividends.setToolTip("Taxed every year in a taxable account (qualified dividends).")
        form.addRow(row_label("Dividends"), dividends)
        layout.addWidget(box)

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
        self.simulation.update(plan)
        cut = plan.assumptions.social_security_cut
        self.cut_year.setEnabled(cut)
        self.payable.setEnabled(cut)
