"""Every value of the plan model has a field in the editor (so every value is editable), every
input has an accessible name, and Tab walks each form's fields in order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from planner.core.model import (
    Conversion,
    IncomeKind,
    IncomeStream,
    Inflow,
    OneOff,
    SpendingPhase,
    StateMove,
)
from planner.gui.editor.binding import get_value, set_value
from planner.gui.editor.form_household import add_partner
from planner.gui.main_window import MainWindow

NOT_EDITED = {"schema_version"}  # written by the program, not by a person


def leaf_paths(value: Any, path: str = "") -> Iterator[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from leaf_paths(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple) and value and isinstance(value[0], tuple):
        for i, row in enumerate(value):  # a matrix: the correlations
            for j in range(len(row)):
                if i != j:
                    yield f"{path}[{i}][{j}]"
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from leaf_paths(item, f"{path}[{i}]")
    else:
        yield path


def filled_plan(w: MainWindow) -> Any:
    """The window's plan with every list and optional value filled."""
    plan = add_partner(w.doc.plan)
    plan = set_value(plan, "income", (IncomeStream("Pension", IncomeKind.PENSION, owner=1),))
    plan = set_value(plan, "inflows", (Inflow(2040, 100_000.0),))
    spending = dataclasses.replace(
        plan.spending, phases=(SpendingPhase(80, 50_000.0),), one_offs=(OneOff(2040, 1.0),)
    )
    plan = dataclasses.replace(plan, spending=spending)
    plan = set_value(plan, "taxes.conversions", (Conversion(2050, 10_000.0),))
    return set_value(plan, "taxes.state_move", StateMove(2050, "FL"))


def test_every_plan_value_has_an_editor_field(window: MainWindow) -> None:
    w = window
    plan = filled_plan(w)
    w.doc.replace(plan, "fill every list")
    registry = w.editor.all_fields()
    missing = []
    for path in leaf_paths(plan):
        if path in NOT_EDITED:
            continue
        mirrored = path[: path.rfind("[", 0, path.rfind("["))] if path.endswith("]") else None
        if path in registry:
            continue
        if mirrored is not None:
            i, j = path[len(mirrored):].strip("[]").split("][")
            if f"{mirrored}[{j}][{i}]" in registry:
                continue
        missing.append(path)
    assert missing == []


def test_every_editor_field_edits_a_plan_value(window: MainWindow) -> None:
    """No field is left behind for a value the model no longer has."""
    w = window
    plan = filled_plan(w)
    w.doc.replace(plan, "fill every list")
    stale = []
    for path in w.editor.all_fields():
        try:
            get_value(plan, path)
        except (AttributeError, IndexError, KeyError):
            stale.append(path)
    assert stale == []


def test_a_correlation_edit_stays_symmetric(window: MainWindow) -> None:
    w = window
    field = w.editor.field("assumptions.correlation[1][0]")
    field.spin.setValue(0.3)  # type: ignore[attr-defined]
    corr = w.doc.plan.assumptions.correlation
    assert corr[1][0] == corr[0][1] == 0.3


# ----- every input has a name, and Tab reaches every field of a form in reading order

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QAbstractItemView,
          QPlainTextEdit, QTextEdit, QAbstractSlider)


def inputs(top: QWidget, shown_only: bool = False) -> list[QWidget]:
    """The widgets a person types in, chooses or presses under ``top``, without the parts Qt
    builds inside them (a spin box's line edit, a combo box's list, a line edit's clear
    button, scroll bars, table headers and their corner button)."""
    out = []
    for widget in top.findChildren(QWidget):
        parent = widget.parentWidget()
        if (not isinstance(widget, INPUTS) or isinstance(widget, QScrollBar | QHeaderView)
                or isinstance(parent, QAbstractSpinBox | QComboBox | QLineEdit | QTabBar)
                or widget.objectName() == "qt_tableview_cornerbutton"
                or (parent is not None and isinstance(parent.parentWidget(), QComboBox))):
            continue
        if shown_only and not (widget.isVisibleTo(top) and widget.isEnabled()):
            continue
        out.append(widget)
    return out


def name(widget: QWidget) -> str:
    """What a screen reader says for it: its accessible name, or a button's own words (a
    '+' says nothing)."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and len(widget.text().strip("&. ")) > 2:
        return widget.text()
    return ""


def test_every_input_has_an_accessible_name(window: MainWindow) -> None:
    """In every editor form (every optional part shown) and every results panel."""
    w = window
    w.doc.replace(filled_plan(w), "fill every list")
    unnamed = []
    for top, where in [*((form, form.title) for form in w.editor.forms),
                       (w.results, "results"), (w.library, "library")]:
        for widget in inputs(top):
            if not name(widget):
                unnamed.append(f"{where}: {type(widget).__name__} {widget.toolTip()[:40]!r}")
    assert unnamed == []


def tab_through(qtbot: Any, form: QWidget) -> tuple[list[QWidget], QWidget | None]:
    """Press Tab from the form's first input until focus leaves the form: the inputs it
    stopped on, in order, and where focus went (None if it never left)."""
    shown = inputs(form, shown_only=True)
    focusable = [x for x in shown if x.focusPolicy() & Qt.FocusPolicy.TabFocus]
    focusable[0].setFocus(Qt.FocusReason.TabFocusReason)
    visited: list[QWidget] = []
    for _ in range(4 * len(focusable) + 10):
        focus = QApplication.focusWidget()
        if focus is None or not form.isAncestorOf(focus):
            return visited, focus
        owner = focus.parentWidget()
        if isinstance(owner, QAbstractSpinBox | QComboBox):
            focus = owner  # a spin box's line edit stands for the spin box
        if visited and focus is visited[-1]:
            return visited, None  # Tab stays put: a trap (a text box that takes the Tab)
        visited.append(focus)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return visited, None


def test_tab_reaches_every_field_of_each_form_in_reading_order(qtbot: Any,
                                                               window: MainWindow) -> None:
    """From the first field, Tab stops on every visible input once, top to bottom, and
    then leaves the form (no field is skipped, none keeps the focus)."""
    w = window
    w.doc.replace(filled_plan(w), "fill every list")
    w.activateWindow()
    problems = []
    for i, form in enumerate(w.editor.forms):
        w.editor.tabs.setCurrentIndex(i)
        qtbot.waitUntil(form.isVisible)
        visited, left_to = tab_through(qtbot, form)
        wanted = [x for x in inputs(form, shown_only=True)
                  if x.focusPolicy() & Qt.FocusPolicy.TabFocus]
        skipped = [name(x) or type(x).__name__ for x in wanted if x not in visited]
        if skipped:
            problems.append(f"{form.title}: Tab skips {skipped}")
        if left_to is None:
            problems.append(f"{form.title}: Tab is trapped at {name(visited[-1])!r}")
        if len(visited) != len(set(visited)):
            problems.append(f"{form.title}: Tab comes back to a field")
        # Reading order: a field never lies above the one before it (fields side by side
        # on one row share its height).
        tops = [x.mapTo(form, QPoint(0, 0)).y() for x in visited]
        for k in range(1, len(visited)):
            if tops[k] + visited[k].height() <= tops[k - 1]:
                problems.append(f"{form.title}: Tab goes up from {name(visited[k - 1])!r} "
                                f"to {name(visited[k])!r}")
    assert problems == []
