"""Assumptions ▸ crypto outlook: a named belief about crypto (or one's own numbers), its
reason, and the mean return its median, volatility and shape imply.

Choosing a named outlook copies its numbers (one undoable edit); editing a number makes the
outlook Custom (``outlooks.label``). The mean is shown beside the numbers that imply it and
can be typed too: the median is then set so that the outlook implies that mean.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from planner.core import outlooks
from planner.core.model import CryptoModel, CryptoOutlook, Plan
from planner.gui.editor import binding, fields
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

ROOT = "assumptions.crypto"
SHAPE_LABELS = (
    ("Fat-tailed Student-t", CryptoModel.STUDENT_T),
    ("Bitcoin's own years", CryptoModel.BOOTSTRAP),
    ("Two-state regime model", CryptoModel.REGIME),
)
SHAPE_TIPS = {
    CryptoModel.STUDENT_T: "Draws from a Student-t (fatter tails than a normal) around the "
                           "median, with the degrees of freedom and the correlation with stocks "
                           "set under Simulation.",
    CryptoModel.BOOTSTRAP: "Bitcoin's own 2015-2025 yearly log returns, re-centred on the "
                           "median and scaled to the volatility; tied to stocks by the "
                           "correlation under Simulation.",
    CryptoModel.REGIME: "A two-state Markov switching model (rally and ordinary months) "
                        "fitted to Bitcoin's months 2015-2025, moved to the median and "
                        "scaled to the volatility; each regime has its own correlation "
                        "with stocks.",
}
CUSTOM_RATIONALE = "Your own numbers."


def outlook_options() -> list[tuple[str, str]]:
    return [(o.label, o.key) for o in outlooks.named_outlooks()] + [("Custom", outlooks.CUSTOM)]


def shown_outlook(outlook: CryptoOutlook) -> str:
    """The name an edit leaves the numbers with: the plan's own outlook while they are still
    its numbers, else a named outlook whose numbers were typed back; "custom" chosen by the
    person stays custom (outlooks.plan_key is what the chooser shows)."""
    key = outlooks.plan_key(outlook)
    if key != outlooks.CUSTOM or outlook.name == outlooks.CUSTOM:
        return key
    return next((o.key for o in outlooks.named_outlooks()
                 if outlooks.matches(o.outlook, outlook)), outlooks.CUSTOM)


def named_as_shown(outlook: CryptoOutlook) -> CryptoOutlook:
    """The outlook with the name its numbers deserve."""
    key = shown_outlook(outlook)
    return outlook if key == outlook.name else dataclasses.replace(outlook, name=key)


def dof_of(plan: Plan) -> float:
    """The Student-t degrees of freedom for the implied mean (a usable value while the
    plan's own is being typed or out of range)."""
    dof = plan.simulation.crypto_t_dof
    return dof if 2 < dof <= 1000 else 4.0


def mean_of(plan: Plan) -> float | None:
    try:
        return outlooks.implied_mean(plan.assumptions.crypto, dof_of(plan))
    except (ValueError, ArithmeticError, OSError):
        return None


def with_mean(plan: Plan, mean: float) -> Plan:
    """The median set so that the plan's outlook implies ``mean``."""
    own = plan.assumptions.crypto
    median = round(outlooks.median_for_mean(mean, own, dof_of(plan)), 8)
    return outlooks.with_outlook(plan, named_as_shown(dataclasses.replace(own, median=median)))


class CryptoGroup:
    """Builds the "Crypto outlook" group into a form."""

    def __init__(self, form: Form) -> None:
        self.form = form
        add = form.add
        self.box: QGroupBox
        self.box, rows = form_group("Crypto outlook")
        self.choice = add(fields.ChoiceField(f"{ROOT}.name", outlook_options()), self._choose)
        self.choice.setToolTip("Nobody knows what crypto will return: each outlook is a belief "
                               "with its reason. Choosing one copies its numbers (Ctrl+Z "
                               "undoes it); editing a number makes it Custom.")
        rows.addRow(row_label("Outlook"), self.choice)
        self.rationale = hint()
        self.rationale.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rows.addRow("", self.rationale)

        self.median = add(fields.percent(f"{ROOT}.median"), self._edit)
        self.median.row.insertWidget(1, unit("a year, the typical (median) year"))
        self.median.setToolTip("The median yearly return: half the years do better, half "
                               "worse. Compound growth follows the median, not the mean.")
        rows.addRow(row_label("Median return"), self.median)
        self.volatility = add(fields.percent(f"{ROOT}.volatility"), self._edit)
        self.volatility.row.insertWidget(1, unit("SD of yearly log returns"))
        self.volatility.setToolTip("The standard deviation of yearly log returns. Bitcoin: 68% "
                                   "from its months 2015-2025, 109% from its calendar years.")
        rows.addRow(row_label("Volatility"), self.volatility)
        self.collapse = add(fields.percent(f"{ROOT}.collapse_chance"), self._edit)
        self.collapse.row.insertWidget(1, unit("a year, lost for good"))
        self.collapse.setToolTip("A yearly chance that crypto collapses to nothing for good; "
                                 "the sleeve then earns what cash earns.")
        rows.addRow(row_label("Collapse chance"), self.collapse)
        self.shape = add(fields.ChoiceField(f"{ROOT}.model", SHAPE_LABELS), self._edit)
        rows.addRow(row_label("Shape"), self.shape)

        # Not a plan value of its own: it follows from the four above, and typing one sets
        # the median (so it is not registered with the form).
        self.mean = fields.percent(f"{ROOT}.mean")
        self.mean.setAccessibleName("Implied mean return of crypto")
        self.mean.spin.setAccessibleName("Implied mean return of crypto")
        # A short unit and the how-to on a line of its own: the long unit made the form
        # wider than the editor at 1366x768 (a horizontal scroll bar, its end cut off).
        self.mean.row.insertWidget(1, unit("a year, implied"))
        self.mean.setToolTip("The mean (arithmetic average) yearly return these numbers imply. "
                             "With crypto's volatility it lies far above the median: type the "
                             "mean you believe in and the median is set to give it.")
        self.mean.edited.connect(self._edit_mean)
        rows.addRow(row_label("Mean return"), self.mean)
        rows.addRow("", hint("Type a mean to set the median that gives it."))

    def _choose(self, _path: str, key: Any) -> None:
        plan = self.form.doc.plan
        chosen = outlooks.named(str(key))
        if chosen is None:  # Custom: keep the numbers, name them one's own
            own = dataclasses.replace(plan.assumptions.crypto, name=outlooks.CUSTOM)
            self.form.edit_plan(outlooks.with_outlook(plan, own), "Custom crypto outlook")
            return
        self.form.edit_plan(outlooks.with_outlook(plan, chosen.outlook),
                            f"Use the {chosen.label} crypto outlook")

    def _edit(self, path: str, value: Any) -> None:
        plan = self.form.doc.plan
        try:
            if binding.get_value(plan, path) == value:
                return
        except (AttributeError, IndexError):
            return
        plan = binding.set_value(plan, path, value)
        plan = outlooks.with_outlook(plan, named_as_shown(plan.assumptions.crypto))
        self.form.doc.set_plan(plan, path)

    def _edit_mean(self, _path: str, mean: Any) -> None:
        plan = self.form.doc.plan
        try:
            changed = with_mean(plan, float(mean))
        except (ValueError, ArithmeticError, OSError):
            return
        self.form.doc.set_plan(changed, f"{ROOT}.median")

    def update(self, plan: Plan) -> None:
        o = plan.assumptions.crypto
        key = outlooks.plan_key(o)  # as every result labels it
        self.choice.load(key)
        named = outlooks.named(key)
        self.rationale.setText(named.rationale if named is not None else CUSTOM_RATIONALE)
        self.shape.setToolTip(SHAPE_TIPS.get(o.model, ""))
        mean = mean_of(plan)
        self.mean.setEnabled(mean is not None)
        self.mean.load(mean)  # unchanged to the shown decimals (being typed): left as it is
