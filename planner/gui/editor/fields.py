"""Editor fields bound to a plan path: an input, its unit, and a red problem line under it.

A field shows a plan value in display units (percent fields show 4.5 for a stored 0.045),
emits ``edited(path, value)`` in plan units when the person changes it, and ``load`` puts a
plan value back without emitting. Ranges are wider than ``validate``'s on purpose: an
out-of-range entry is shown with the reason instead of being silently clamped.

Numbers are read as people write them ("110k", "1.2M", "$95,000", "95 000"). What cannot be
taken (a negative salary, letters, a number cut short) stays as typed, is not judged while
the person types, and is refused with the reason on Enter or focus-out: the plan keeps its
value. A money field says what it understood while it is typed ("= $110,000").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.gui import theme

NOTE_STYLE = "color: palette(placeholder-text);"


class ErrorLabel(QLabel):
    """A problem message in red under a field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(theme.error_style())
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


def _is_stretch(item: QLayoutItem | None) -> bool:
    return item is not None and item.spacerItem() is not None


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
    "monthly_benefit_at_fra": "Monthly benefit at full retirement age",
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
    """Base: lays out the input row and the error label; subclasses provide the input.

    The red line shows the plan's problem (``set_error``, from ``validate``) under what the
    field itself refused of the person's typing (``refuse``); the grey ``understood`` line
    after the input says what the typing is read as, while it is typed.
    """

    edited = Signal(str, object)
    committed = Signal()  # Enter or focus-out: one edit of this field is over (an undo step)

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
        self.understood: QLabel | None = None  # made on first use
        self._problem = ""
        self._refusal = ""

    def load(self, value: Any) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def set_error(self, message: str) -> None:
        self._problem = message
        self._show_error()

    def refuse(self, message: str) -> None:
        """What was typed was not taken, and why ("" once the person types again)."""
        self._refusal = message
        self._show_error()

    def show_understood(self, text: str) -> None:
        if self.understood is None:
            if not text:
                return
            self.understood = QLabel(self)
            self.understood.setStyleSheet(NOTE_STYLE)
            self.understood.setAccessibleName(f"{self.accessibleName()}, as read")
            # Whatever room is left on the row, never more: the page does not widen.
            self.understood.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
            # After the input and its unit, before the row's stretch.
            at = self.row.count()
            while at > 0 and _is_stretch(self.row.itemAt(at - 1)):
                at -= 1
            self.row.insertWidget(at, self.understood, 100)  # the spare room, when shown
        self.understood.setText(text)
        self.understood.setVisible(bool(text))

    def _show_error(self) -> None:
        self.error.set_message("\n".join(m for m in (self._refusal, self._problem) if m))

    def _emit(self, value: Any) -> None:
        self.edited.emit(self.path, value)


GROUP_SPACES = " \u00a0\u202f"  # 95 000, with an ordinary, a no-break or a narrow space
MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000)}
MINUS_SIGNS = "-\u2212"
# What a refusal adds to the short word shown while typing.
HOW = {
    "not an amount": " (digits, with k or M for thousands or millions: 110k, 1.2M, 95,000)",
    "not a number": " (digits only: 4.5, 1,200)",
}


@dataclass(frozen=True)
class Reading:
    """What a typed number says: its ``value``; else ``partial`` (it may still become one as
    the person types on: "", "-", "95,0") or neither (letters, "95,,0", "1,5000")."""

    value: float | None = None
    partial: bool = False


def read_number(text: str, *, decimal: str = ".", group: str = ",",
                multipliers: bool = False) -> Reading:
    """Read a number as people write it: "1,234.5", "1 234", "-$5,000", and with
    ``multipliers`` "110k" or "1.2M". Groups of digits must be whole (95,000, not 9,5000)."""
    s = text.strip()
    sign = Decimal(1)
    s = s.removeprefix("$").lstrip()  # a sign and a dollar sign in either order: -$5, $-5
    if s[:1] and s[0] in MINUS_SIGNS + "+":
        sign = Decimal(-1) if s[0] in MINUS_SIGNS else Decimal(1)
        s = s[1:].lstrip()
        s = s.removeprefix("$").lstrip()
    factor = Decimal(1)
    if multipliers and s[-1:].lower() in MULTIPLIERS:
        factor = MULTIPLIERS[s[-1].lower()]
        s = s[:-1].rstrip()
        if not s:
            return Reading()  # "k" with no number
    if not s:
        return Reading(partial=True)
    groups = {group, *GROUP_SPACES} | ({","} if decimal != "," else set())
    if any(not (ch.isdigit() and ch.isascii()) and ch not in groups and ch != decimal
           for ch in s):
        return Reading()  # a letter or a sign that has no place in a number
    whole, point, fraction = s.partition(decimal)
    if decimal in fraction or any(ch in groups for ch in fraction):
        return Reading()
    parts = re.split("[" + re.escape("".join(groups)) + "]", whole)
    if len(parts) > 1:
        if not 1 <= len(parts[0]) <= 3:
            return Reading()
        for i, part in enumerate(parts[1:], start=2):
            if len(part) == 3:
                continue
            cut_short = i == len(parts) and len(part) < 3 and not point and factor == 1
            return Reading(partial=cut_short)  # "95,0" may become 95,000 as typing goes on
    digits = "".join(parts)
    if not digits and not fraction:
        return Reading(partial=True)  # "." or "-."
    value = sign * factor * Decimal(f"{digits or '0'}.{fraction or '0'}")
    return Reading(value=float(value))


class SpinBox(QDoubleSpinBox):
    """A number input that reads what people type (``read_number``; an amount, shown with a
    "$", also takes k and M) and takes it only when it is a number in range. Anything else
    stays as typed, unjudged, until Enter or focus-out, which refuse it with the reason (on
    the Field around the box) and put back the value the box had before the typing. Leaves the
    mouse wheel to the scroll area unless it has focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setGroupSeparatorShown(True)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setKeyboardTracking(True)
        # Never a clamped or zeroed value for text that cannot be taken: the value before.
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self._typing = False  # keys pressed since the last Enter or focus-out
        self._before = 0.0  # the value when that typing began
        self.lineEdit().textEdited.connect(self._typed)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    # ----- reading
    def amounts(self) -> bool:
        return "$" in self.prefix()

    def typed(self, text: str | None = None) -> str:
        """The number part of the box's text, without its prefix and suffix."""
        text = self.lineEdit().text() if text is None else text
        for part in (self.prefix(), self.prefix().strip()):
            if part and text.startswith(part):
                text = text[len(part):]
                break
        for part in (self.suffix(), self.suffix().strip()):
            if part and text.endswith(part):
                text = text[: -len(part)]
                break
        return text.strip()

    def reading(self, text: str | None = None) -> Reading:
        locale = self.locale()
        return read_number(self.typed(text), decimal=locale.decimalPoint(),
                           group=locale.groupSeparator(), multipliers=self.amounts())

    def problem(self, reading: Reading, typed: str, final: bool) -> str | None:
        """Why ``reading`` cannot be taken; "" when it can; None when there is nothing to say
        (a number still being typed, or, once ``final``, no number at all)."""
        if reading.value is None:
            if reading.partial and not (final and any(ch.isdigit() for ch in typed)):
                return None
            return "not an amount" if self.amounts() else "not a number"
        value = reading.value
        if value < self.minimum():
            if self.minimum() >= 0 and value < 0:
                return "can't be negative"
            return f"at least {self.shown(self.minimum())}"
        if value > self.maximum():
            return f"at most {self.shown(self.maximum())}"
        if self.decimals() == 0 and not self.amounts() and value != int(value):
            return "a whole number only"
        return ""

    def shown(self, value: float) -> str:
        """A value as the box shows it, the unit pressed on: "$110,000", "4.50 %", "-$5"."""
        sign = "-" if value < 0 else ""
        return f"{sign}{self.prefix().strip()}{self.textFromValue(abs(value))}{self.suffix()}"

    # ----- QAbstractSpinBox
    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        reading = self.reading(text)
        if self.problem(reading, self.typed(text), final=False) == "":
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos  # kept as typed, judged on Enter

    def valueFromText(self, text: str) -> float:
        reading = self.reading(text)
        return self.value() if reading.value is None else reading.value

    def fixup(self, text: str) -> str:
        return text  # Qt's would drop group separators: "95,0" would become 950

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._judge()
        elif not self._typing:
            self._typing = True
            self._before = self.value()
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._judge()
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Qt selects the number on Tab only; a window or page opening on a field (the guided
        # setup) must not leave the cursor inside "$ 0", where "110k" would become "110k0".
        # A click places the cursor where it points, as everywhere.
        if event.reason() != Qt.FocusReason.MouseFocusReason and not self._typing:
            QTimer.singleShot(0, self._select_untouched)  # after the cursor is placed

    def _select_untouched(self) -> None:
        if self.hasFocus() and not self._typing:  # nothing typed since the focus came
            self.selectAll()

    # ----- committing
    def commit(self) -> bool:
        """Take or refuse what is typed, as Enter would; True when it was refused (and the
        value before the typing put back)."""
        refused = self._judge()
        self.interpretText()
        return refused

    def _typed(self, text: str) -> None:
        if not self._typing:  # pasted with the mouse: no key began the typing
            self._typing = True
            self._before = self.value()
        field = self._field()
        if field is None:
            return
        field.refuse("")
        reading = self.reading(text)
        problem = self.problem(reading, self.typed(text), final=False)
        if problem == "" and reading.value is not None:
            field.show_understood(f"= {self.shown(reading.value)}" if self.amounts() else "")
        else:
            field.show_understood(problem or "")  # in grey: nothing is judged before Enter

    def _judge(self) -> bool:
        field = self._field()
        if field is not None:
            field.show_understood("")
        if not self._typing:
            return False
        self._typing = False
        typed = self.typed()
        problem = self.problem(self.reading(), typed, final=True)
        if problem == "":
            return False
        self.setValue(self._before)  # the plan gets back what a taken keystroke changed
        if problem and field is not None:
            kept = self.shown(self._before)
            field.refuse(f"“{typed}” not taken, kept {kept}: {problem}{HOW.get(problem, '')}")
        return True

    def _field(self) -> Field | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, Field):
            parent = parent.parentWidget()
        return parent


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
        self.spin.editingFinished.connect(self.committed)

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
        self.refuse("")  # another value now (an undo): what was refused is past

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
        self.edit.editingFinished.connect(self.committed)

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
