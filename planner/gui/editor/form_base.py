"""What every editor form shares: fields registered by plan path, rebuild when the plan's shape
changes (a row added or removed), otherwise reload values in place so focus is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.model import Plan
from planner.gui.document import PlanDocument
from planner.gui.editor import binding
from planner.gui.editor.fields import Field

F = TypeVar("F", bound=Field)

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
HINT_STYLE = "color: palette(placeholder-text);"


def _row_height() -> int:
    return QSpinBox().sizeHint().height()


LABEL_WIDTH = 118  # one label column width in every form, so the inputs line up


def row_label(text: str, width: int = LABEL_WIDTH) -> QLabel:
    """A form label as tall as an input, so it lines up with the input, not its error line."""
    label = QLabel(text)
    label.setMinimumHeight(_row_height())
    label.setMinimumWidth(width)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


class WrappedHint(QLabel):
    """A wrapping label no taller than its words at its width.

    A form sizes a wrapped line from a size hint that guesses a narrow width, and so gives
    it more height than it needs: a gap under the words. Capping the height at what the
    current width needs hands that space back to the page's stretch at the bottom.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit(self.width())

    def _fit(self, width: int) -> None:
        needed = self.heightForWidth(width) if width > 0 else -1
        cap = needed if needed > 0 else QWIDGETSIZE_MAX
        if self.maximumHeight() != cap:
            self.setMaximumHeight(cap)


def hint(text: str = "", wrap: bool = True) -> QLabel:
    """Grey explanatory text: a line of its own (wrapping) or a unit next to an input."""
    label = WrappedHint(text) if wrap else QLabel(text)
    label.setStyleSheet(HINT_STYLE)
    label.setWordWrap(wrap)
    if wrap:
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def unit(text: str) -> QLabel:
    return hint(text, wrap=False)


def form_group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(8)
    return box, form


def small_button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    return button


class Form(QWidget):
    """A page of the editor. Subclasses implement ``build`` and, if rows vary, ``shape``."""

    title = ""
    # The plan's top-level keys this page edits: a problem with no field of its own (a whole
    # list, say) is shown on the page of its first key.
    roots: tuple[str, ...] = ()

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.fields: dict[str, Field] = {}
        self._shape: object = None
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(12, 12, 12, 12)
        self._body: QWidget | None = None

    # ----- to implement
    def shape(self, plan: Plan) -> object:
        return ()

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def after_load(self, plan: Plan) -> None:
        """Update what depends on several values (enabled states, hints, totals)."""

    def show_problems(self, paths: set[str]) -> None:
        """The fields of ``paths`` now show a problem (a page may reveal a hidden row)."""

    # ----- machinery
    def add(self, field: F, on_edit: Callable[[str, Any], None] | None = None) -> F:
        self.fields[field.path] = field
        field.edited.connect(on_edit or self.doc.set_value)
        field.committed.connect(self.doc.end_edit)  # the next keystrokes are a new undo step
        return field

    def sync(self, plan: Plan) -> None:
        if self.shape(plan) != self._shape:
            self.rebuild(plan)
        self.load(plan)

    def rebuild(self, plan: Plan) -> None:
        self.fields.clear()
        if self._body is not None:
            self._body.hide()
            self._body.deleteLater()
        self._body = QWidget(self)
        layout = QVBoxLayout(self._body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.build(plan, layout)
        layout.addStretch(1)
        self._outer.addWidget(self._body)
        self._body.show()  # at once, not on the next event loop turn
        self._shape = self.shape(plan)

    def load(self, plan: Plan) -> None:
        for path, field in self.fields.items():
            try:
                value = binding.get_value(plan, path)
            except (AttributeError, IndexError):
                continue
            field.load(value)
        self.after_load(plan)

    def edit_plan(self, plan: Plan, text: str) -> None:
        self.doc.replace(plan, text)
