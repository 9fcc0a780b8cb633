"""An account's holding rules: the largest crypto share it may hold, and how it returns to
its target mix."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from planner.core.model import Rebalancing
from planner.gui.editor.fields import Field, SpinBox

OTHER = "other"
# (label, cap): caps with a reason someone might be held to them.
CAP_CHOICES: tuple[tuple[str, float | None], ...] = (
    ("No cap", None),
    ("5% — a state pension bill", 0.05),
    ("3% — a UK pension fund", 0.03),
)
OTHER_LABEL = "Other"
REBALANCING_LABELS = (
    ("Every year", Rebalancing.YEARLY),
    ("Bands", Rebalancing.BANDS),
    ("Never — let it drift", Rebalancing.NONE),
)


class CryptoCapField(Field):
    """None (no cap), a named cap, or another share typed in percent."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.accessibleName())
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.combo.addItems([label for label, _cap in CAP_CHOICES] + [OTHER_LABEL])
        self.spin = SpinBox(self)
        self.spin.setAccessibleName(f"{self.accessibleName()}, other share")
        self.spin.setDecimals(1)
        self.spin.setRange(-100, 1000)  # wider than validate's: a bad share is explained
        self.spin.setSuffix(" %")
        self.spin.setSingleStep(0.5)
        self.spin.setValue(10.0)
        self.spin.setMinimumWidth(80)
        self.spin.setMaximumWidth(100)
        self.row.addWidget(self.combo)
        self.row.addWidget(self.spin)
        self.row.addStretch(1)
        self.setFocusProxy(self.combo)
        self._other = False  # "Other" chosen: stays so even at a value a named cap has
        self.combo.currentIndexChanged.connect(self._chose)
        self.spin.valueChanged.connect(lambda _v: self._emit(self.value()))
        self.spin.editingFinished.connect(self.committed)  # one undo step per visit
        self._show_spin()

    def value(self) -> float | None:
        index = self.combo.currentIndex()
        if index < len(CAP_CHOICES):
            return CAP_CHOICES[index][1]
        return round(self.spin.value() / 100, 6)

    def load(self, value: Any) -> None:
        named = [cap for _label, cap in CAP_CHOICES]
        other = value is not None and (self._other or not any(
            cap is not None and abs(cap - value) < 1e-9 for cap in named))
        if other:
            index = len(CAP_CHOICES)
        else:
            index = next(i for i, cap in enumerate(named)
                         if (cap is None and value is None)
                         or (cap is not None and value is not None and abs(cap - value) < 1e-9))
        self._other = other
        for w in (self.combo, self.spin):
            w.blockSignals(True)
        self.combo.setCurrentIndex(index)
        if other and abs(self.spin.value() - float(value) * 100) >= 0.05:
            self.spin.setValue(float(value) * 100)
        for w in (self.combo, self.spin):
            w.blockSignals(False)
        self._show_spin()

    def _chose(self, index: int) -> None:
        self._other = index >= len(CAP_CHOICES)
        self._show_spin()
        self._emit(self.value())

    def _show_spin(self) -> None:
        self.spin.setVisible(self.combo.currentIndex() >= len(CAP_CHOICES))
