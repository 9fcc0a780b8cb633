"""Assumptions ▸ markets: a published outlook (or history) for stocks, bonds, cash and
inflation, the numbers it fills in, and how inflation carries over from year to year.

Choosing a preset fills every number at once (one undoable edit); editing a number by hand
makes the plan's market "custom", and the chooser says so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel

from planner.core import presets
from planner.core.model import Assumptions, Plan
from planner.gui.editor import binding, fields
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

CLASSES = (("Stocks", "stocks"), ("Bonds", "bonds"), ("Cash", "cash"))
MEAN_TIP = ("The mean (arithmetic average) yearly return, nominal. The expected path grows at "
            "the median, which volatility puts below the mean.")
VOLATILITY_TIP = ("The standard deviation of yearly log returns (of yearly log inflation "
                  "for inflation); only Monte Carlo draws use it.")
PERSISTENCE_HINT = "0.62 fitted to CPI-U 1926-2024; 0 = independent years"
# The numbers a preset sets: editing one of them by hand leaves the preset.
PRESET_PATHS = tuple(
    f"assumptions.{name}.{part}" for _label, name in CLASSES
    for part in ("expected_return", "volatility")
) + ("assumptions.inflation_rate", "assumptions.inflation_volatility")


def preset_options() -> list[tuple[str, str]]:
    return [(p.label, p.key) for p in presets.presets()] + [("Custom", presets.CUSTOM)]


def shown_preset(a: Assumptions) -> str:
    """The preset the numbers are (the plan's, else any that matches), else custom."""
    named = presets.preset(a.market_preset)
    if named is not None and named.matches(a):
        return named.key
    return next((p.key for p in presets.presets() if p.matches(a)), presets.CUSTOM)


def with_number(plan: Plan, path: str, value: Any) -> Plan:
    """One number changed by hand; the preset follows the numbers (custom unless they are
    still, or again, a preset's)."""
    plan = binding.set_value(plan, path, value)
    a = plan.assumptions
    key = shown_preset(a)
    if key != a.market_preset:
        plan = binding.set_value(plan, "assumptions.market_preset", key)
    return plan


def with_preset(plan: Plan, key: str) -> Plan:
    chosen = presets.preset(key)
    if chosen is None:  # "Custom": the numbers stay, the name says they are one's own
        return binding.set_value(plan, "assumptions.market_preset", presets.CUSTOM)
    return plan.with_changes(assumptions=chosen.apply(plan.assumptions))


class MarketGroup:
    """Builds the "Markets" group into a form and keeps its chooser and source in step."""

    def __init__(self, form: Form) -> None:
        self.form = form
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("Markets (nominal, a year)")
        self.preset = add(fields.ChoiceField("assumptions.market_preset", preset_options()),
                          self._choose)
        self.preset.setToolTip("Where the numbers below come from. Choosing one fills them "
                               "in (Ctrl+Z undoes it); editing one by hand makes them Custom.")
        rows.addRow(row_label("Outlook"), self.preset)
        self.source = hint()
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rows.addRow("", self.source)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self.heads: list[QLabel] = []
        for col, text, tip in ((1, "Mean return", MEAN_TIP), (2, "Volatility", VOLATILITY_TIP)):
            head = QLabel(text)
            head.setToolTip(tip)
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(head, 0, col)
            self.heads.append(head)
        top = Qt.AlignmentFlag.AlignTop
        for row, (label, name) in enumerate(CLASSES, start=1):
            grid.addWidget(row_label(label), row, 0, top)
            mean = add(fields.percent(f"assumptions.{name}.expected_return"), self._edit)
            vol = add(fields.percent(f"assumptions.{name}.volatility"), self._edit)
            mean.setToolTip(MEAN_TIP)
            vol.setToolTip(VOLATILITY_TIP)
            grid.addWidget(mean, row, 1, top)
            grid.addWidget(vol, row, 2, top)
        row = len(CLASSES) + 1
        grid.addWidget(row_label("Inflation"), row, 0, top)
        inflation = add(fields.percent("assumptions.inflation_rate"), self._edit)
        inflation.setToolTip("The mean yearly inflation rate (CPI-U).")
        spread = add(fields.percent("assumptions.inflation_volatility"), self._edit)
        spread.setToolTip("The standard deviation of yearly inflation; only Monte Carlo "
                          "draws use it.")
        grid.addWidget(inflation, row, 1, top)
        grid.addWidget(spread, row, 2, top)
        grid.setColumnStretch(3, 1)
        rows.addRow(grid)

        self.persistence = add(fields.NumberField(
            "assumptions.inflation_persistence", minimum=-9, maximum=9, decimals=2, step=0.05,
            width=90))
        self.persistence.row.insertWidget(1, unit("of last year's gap carries over"))
        self.persistence.setToolTip("Inflation as an AR(1): this year's distance from the "
                                    "mean is this share of last year's plus a fresh shock "
                                    "(0 to 0.95). Persistent inflation makes long runs of high "
                                    "prices more likely.")
        rows.addRow(row_label("Persistence"), self.persistence)
        rows.addRow("", hint(PERSISTENCE_HINT))
        dividends = add(fields.percent("assumptions.stock_dividend_yield"))
        dividends.row.insertWidget(1, unit("of the stock return paid as dividends"))
        dividends.setToolTip("Taxed every year in a taxable account (qualified dividends).")
        rows.addRow(row_label("Dividends"), dividends)
        fees = add(fields.percent("assumptions.fee_rate"))
        fees.row.insertWidget(1, unit("a year, on every balance"))
        rows.addRow(row_label("Fees"), fees)

    def _choose(self, _path: str, key: Any) -> None:
        chosen = presets.preset(str(key))
        text = f"Use {chosen.label}" if chosen is not None else "Custom market numbers"
        self.form.edit_plan(with_preset(self.form.doc.plan, str(key)), text)

    def _edit(self, path: str, value: Any) -> None:
        plan = self.form.doc.plan
        try:
            if binding.get_value(plan, path) == value:
                return
        except (AttributeError, IndexError):
            return
        self.form.doc.set_plan(with_number(plan, path, value), path)

    def update(self, plan: Plan) -> None:
        a = plan.assumptions
        self.preset.load(shown_preset(a))
        self.source.setText(source_text(a))
        chosen = presets.preset(shown_preset(a))
        self.source.setToolTip(chosen.note if chosen is not None else "")


def source_text(a: Assumptions) -> str:
    """Where the numbers come from: the source of the preset they are (its name is in the
    chooser above), else the core's words for one's own numbers."""
    chosen = presets.preset(shown_preset(a))
    if chosen is not None:
        return f"{chosen.source}."
    return presets.describe(dataclasses.replace(a, market_preset=presets.CUSTOM))
