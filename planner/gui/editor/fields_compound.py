"""Fields made of more than one input, or that may be left blank: a claiming age in years and
months, an optional amount, an optional age."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from planner.gui.editor.fields import Field, SpinBox


class ClaimAgeField(Field):
    """Social Security claiming age; the plan stores years with months as a fraction."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.years = SpinBox(self)
        self.years.setAccessibleName(f"{self.accessibleName()}, years")
        self.years.setDecimals(0)
        self.years.setRange(0, 120)
        self.years.setSuffix(" years")
        self.years.setGroupSeparatorShown(False)
        self.years.setMinimumWidth(90)
        self.months = SpinBox(self)
        self.months.setAccessibleName(f"{self.accessibleName()}, months")
        self.months.setDecimals(0)
        self.months.setRange(0, 11)
        self.months.setSuffix(" months")
        self.months.setMinimumWidth(90)
        self.row.addWidget(self.years)
        self.row.addWidget(self.months)
        self.row.addStretch(1)
        self.setFocusProxy(self.years)
        self.years.valueChanged.connect(self._changed)
        self.months.valueChanged.connect(self._changed)
        self.years.editingFinished.connect(self.committed)
        self.months.editingFinished.connect(self.committed)

    def value(self) -> float:
        return round(self.years.value() + self.months.value() / 12, 4)

    def load(self, value: Any) -> None:
        if abs(self.value() - float(value)) < 1e-3:
            return
        years = int(float(value))
        months = int(round((float(value) - years) * 12))
        if months == 12:
            years, months = years + 1, 0
        for spin, shown in ((self.years, years), (self.months, months)):
            spin.blockSignals(True)
            spin.setValue(shown)
            spin.blockSignals(False)

    def _changed(self, _value: float) -> None:
        self._emit(self.value())


class OptionalNumberField(Field):
    """A number that may be left to a default (None in the plan): a cost basis, a floor."""

    def __init__(
        self,
        path: str,
        *,
        check_text: str = "Known",
        prefix: str = "$ ",
        minimum: float = 0.0,
        maximum: float = 1e11,
        step: float = 1000,
        integer: bool = False,
        width: int = 130,
        initial: float = 0.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(path, parent)
        self.integer = integer
        self.initial = initial  # shown (greyed) while unset; the value a tick starts from
        self.known = QCheckBox(check_text, self)
        self.known.setAccessibleName(f"{self.accessibleName()}: {check_text}")
        self.spin = SpinBox(self)
        self.spin.setAccessibleName(self.accessibleName())
        self.spin.setDecimals(0)
        self.spin.setRange(minimum, maximum)
        self.spin.setSingleStep(step)
        self.spin.setPrefix(prefix)
        self.spin.setGroupSeparatorShown(not integer)
        self.spin.setMinimumWidth(width)
        self.spin.setMaximumWidth(max(width, 160))
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.hint.setWordWrap(True)
        self.row.addWidget(self.known)
        self.row.addWidget(self.spin)
        self.row.addWidget(self.hint, 1)
        self.row.addStretch(0)  # with the hint hidden, the space goes here, not to the box
        self.setFocusProxy(self.known)
        self.known.toggled.connect(self._toggled)
        self.spin.valueChanged.connect(self._changed)
        self.spin.editingFinished.connect(self.committed)
        self._show(None)

    def set_default_hint(self, text: str) -> None:
        self.hint.setText(text)

    def value(self) -> float | int | None:
        if not self.known.isChecked():
            return None
        return int(self.spin.value()) if self.integer else float(self.spin.value())

    def load(self, value: Any) -> None:
        if value is not None and self.known.isChecked() and abs(self.spin.value() - value) < 0.5:
            return
        self._show(value)

    def _show(self, value: float | None) -> None:
        for w in (self.known, self.spin):
            w.blockSignals(True)
        self.known.setChecked(value is not None)
        self.spin.setEnabled(value is not None)
        self.hint.setVisible(value is None)
        self.spin.setValue(self.initial if value is None else value)
        for w in (self.known, self.spin):
            w.blockSignals(False)
        self.refuse("")  # another value now (an undo): what was refused is past

    def _toggled(self, checked: bool) -> None:
        self.spin.setEnabled(checked)
        self.hint.setVisible(not checked)
        self._emit(self.value())

    def _changed(self, _value: float) -> None:
        self._emit(self.value())


class NotesField(Field):
    """Free text over several lines (the plan's notes)."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName(self.accessibleName())
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.row.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._changed)

    def load(self, value: Any) -> None:
        if self.edit.toPlainText() != value:
            self.edit.blockSignals(True)
            self.edit.setPlainText(str(value))
            self.edit.blockSignals(False)

    def _changed(self) -> None:
        self._emit(self.edit.toPlainText())


class OptionalWholeField(Field):
    """A whole number that may be left blank (None in the plan): an age at death.

    Blank shows ``placeholder`` in grey (what the plan uses instead); only digits can be
    typed, and a number out of range is kept and reported by ``validate``.
    """

    def __init__(
        self,
        path: str,
        *,
        placeholder: str = "",
        suffix: str = "",
        maximum: int = 999,
        width: int = 90,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(path, parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(self.accessibleName())
        self.edit.setValidator(QIntValidator(0, maximum, self.edit))
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setClearButtonEnabled(True)
        self.edit.setFixedWidth(width)
        self.suffix = QLabel(suffix, self)
        self.suffix.setStyleSheet("color: palette(placeholder-text);")
        self.row.addWidget(self.edit)
        self.row.addWidget(self.suffix)
        self.row.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._changed)
        self.edit.editingFinished.connect(self.committed)

    def set_placeholder(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def value(self) -> int | None:
        text = self.edit.text().strip()
        return int(text) if text.isdigit() else None

    def load(self, value: Any) -> None:
        if value == self.value():
            return  # unchanged: keep the cursor where the person is typing
        self.edit.blockSignals(True)
        self.edit.setText("" if value is None else str(int(value)))
        self.edit.blockSignals(False)

    def _changed(self, _text: str) -> None:
        self._emit(self.value())
