"""Editor fields bound to a plan path: an input, its unit, and a red problem line under it.

A field shows a plan value in display units (percent fields show 4.5 for a stored 0.045),
emits ``edited(path, value)`` in plan units when the person changes it, and ``load`` puts a
plan value back without emitting. Ranges are wider than ``validate``'s on purpose: an
out-of-range entry is shown with the reason instead of being silently clamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b3261e;"


class ErrorLabel(QLabel):
    """A problem message in red under a field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


# Names that say more than the plan's key does (by the path's last two keys, or its last).
NAMES = {
    "aca_benchmark_monthly": "Benchmark premium a month",
    "own_premium_annual": "Own premium a year",
    "out_of_pocket_annual": "Out-of-pocket costs a year",
    "cost_growth": "Growth of health costs",
    "health_coverage_until_age": "Employer health plan until age",
    "state_move": "Move to another state",
    "state_move.state": "State moved to",
    "state_move.year": "Year of the move",
    "state": "State",
    "state_rate": "Custom flat state tax rate",
    "conversion_cap": "Limit on conversions",
    "conversion_irmaa_tier": "IRMAA tier for conversions",
    "conversion_start_age": "Conversions from age",
    "conversion_stop_age": "Conversions through age",
    "conversion_keep_mix": "Converted money keeps its mix",
    "social_security_cut": "Cut Social Security",
    "social_security_cut_year": "Year of the Social Security cut",
    "social_security_payable_share": "Share of Social Security paid",
}


def accessible_name(path: str) -> str:
    """What a screen reader says for a field: "Retirement age, person 1"."""
    keys = path.replace("]", "").split(".")
    name = keys[-1].split("[")[0].replace("_", " ").capitalize()
    name = NAMES.get(".".join(keys[-2:]), NAMES.get(keys[-1], name))
    where = []
    for key in keys[:-1]:
        if "[" in key:
            what, index = key.split("[")
            singular = {"people": "person", "accounts": "account", "one_offs": "expense",
                        "phases": "phase", "income": "income", "inflows": "inflow",
                        "conversions": "conversion", "correlation": "row"}.get(what, what)
            where.append(f"{singular} {int(index) + 1}")
    if "[" in keys[-1]:  # a matrix cell
        parts = keys[-1].split("[")
        name = parts[0].replace("_", " ").capitalize()
        where += [f"{int(p) + 1}" for p in parts[1:]]
    return ", ".join([name, *where])


class Field(QWidget):
    """Base: lays out the input row and the error label; subclasses provide the input."""

    edited = Signal(str, object)

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setAccessibleName(accessible_name(path))
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.row)
        layout.addWidget(self.error)

    def load(self, value: Any) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def set_error(self, message: str) -> None:
        self.error.set_message(message)

    def _emit(self, value: Any) -> None:
        self.edited.emit(self.path, value)


class SpinBox(QDoubleSpinBox):
    """A spin box that leaves the mouse wheel to the scroll area unless it has focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setGroupSeparatorShown(True)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setKeyboardTracking(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class NumberField(Field):
    """A number with a unit; ``scale`` converts plan units to display units (100 for %)."""

    def __init__(
        self,
        path: str,
        *,
        minimum: float,
        maximum: float,
        decimals: int = 0,
        scale: float = 1.0,
        prefix: str = "",
        suffix: str = "",
        step: float = 1.0,
        integer: bool = False,
        width: int = 120,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(path, parent)
        self.scale = scale
        self.integer = integer
        self.spin = SpinBox(self)
        self.spin.setAccessibleName(self.accessibleName())
        self.spin.setDecimals(decimals)
        self.spin.setRange(minimum, maximum)
        self.spin.setSingleStep(step)
        self.spin.setPrefix(prefix)
        self.spin.setSuffix(suffix)
        self.spin.setMinimumWidth(width)
        self.spin.setMaximumWidth(max(width, 160))
        if integer:
            self.spin.setGroupSeparatorShown(False)
        self.row.addWidget(self.spin)
        self.row.addStretch(1)
        self.setFocusProxy(self.spin)
        self.spin.valueChanged.connect(self._changed)

    def value(self) -> float | int:
        shown = self.spin.value()
        if self.integer:
            return int(round(shown))
        return round(shown / self.scale, 12)

    def load(self, value: Any) -> None:
        if value is None:
            return
        shown = float(value) * self.scale
        if abs(self.spin.value() - shown) < 0.5 * 10 ** -self.spin.decimals():
            return  # unchanged: keep the cursor where the person is typing
        self.spin.blockSignals(True)
        self.spin.setValue(shown)
        self.spin.blockSignals(False)

    def set_unit(self, prefix: str, suffix: str, scale: float, decimals: int) -> None:
        self.spin.blockSignals(True)
        self.scale = scale
        self.spin.setPrefix(prefix)
        self.spin.setSuffix(suffix)
        self.spin.setDecimals(decimals)
        self.spin.blockSignals(False)

    def _changed(self, _shown: float) -> None:
        self._emit(self.value())


def money(
    path: str, *, minimum: float = 0.0, maximum: float = 1e11, width: int = 130
) -> NumberField:
    return NumberField(path, minimum=minimum, maximum=maximum, prefix="$ ", step=1000, width=width)


def percent(
    path: str, *, minimum: float = -100.0, maximum: float = 1000.0, decimals: int = 2
) -> NumberField:
    return NumberField(
        path,
        minimum=minimum,
        maximum=maximum,
        decimals=decimals,
        scale=100.0,
        suffix=" %",
        step=0.5,
        width=90,
    )


def whole(
    path: str, *, minimum: int = 0, maximum: int = 150, suffix: str = "", width: int = 90
) -> NumberField:
    return NumberField(
        path, minimum=minimum, maximum=maximum, suffix=suffix, integer=True, width=width
    )


def age(path: str) -> NumberField:
    return whole(path, minimum=0, maximum=150, suffix=" years")


def year(path: str) -> NumberField:
    return whole(path, minimum=1800, maximum=2200, width=80)


class TextField(Field):
    def __init__(self, path: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(self.accessibleName())
        self.edit.setPlaceholderText(placeholder)
        self.row.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._emit)

    def load(self, value: Any) -> None:
        if self.edit.text() != value:
            self.edit.setText(str(value))


class ChoiceField(Field):
    """A drop-down of (label, plan value) pairs; values keep their Python type (enums)."""

    def __init__(
        self, path: str, options: Sequence[tuple[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(path, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.accessibleName())
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.values: list[Any] = []
        self.set_options(options)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)

    def set_options(self, options: Sequence[tuple[str, Any]]) -> None:
        index = self.combo.currentIndex()
        current = self.values[index] if 0 <= index < len(self.values) else None
        self.combo.blockSignals(True)
        self.combo.clear()
        self.values = [value for _label, value in options]
        self.combo.addItems([label for label, _value in options])
        self._select(current)
        self.combo.blockSignals(False)

    def value(self) -> Any:
        index = self.combo.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None

    def load(self, value: Any) -> None:
        self.combo.blockSignals(True)
        self._select(value)
        self.combo.blockSignals(False)

    def _select(self, value: Any) -> None:
        if value in self.values:
            self.combo.setCurrentIndex(self.values.index(value))

    def _changed(self, index: int) -> None:
        if 0 <= index < len(self.values):
            self._emit(self.values[index])


class CheckField(Field):
    def __init__(self, path: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.box = QCheckBox(text, self)
        self.row.addWidget(self.box)
        self.row.addStretch(1)
        self.setFocusProxy(self.box)
        self.box.toggled.connect(self._emit)

    def load(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class NoteField(Field):
    """A field with no input of its own: a place to show a problem for a group of inputs."""

    def load(self, value: Any) -> None:
        pass
