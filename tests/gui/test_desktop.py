"""Desktop habits: a menu entry for everything, undo by keyboard for every kind of edit, the
About dialog, the first-run welcome, accessible names, the palette following the system."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

import planner
from planner.gui import about, dialogs, theme, ui_settings
from planner.gui.main_window import MainWindow
from tests.gui.test_app import new_window
from tests.gui.test_structure import click


def test_shortcuts_for_the_everyday_actions(window: MainWindow) -> None:
    keys = {name: action.shortcut().toString() for name, action in window.menus.items()}
    assert keys["undo"] == QKeySequence(QKeySequence.StandardKey.Undo).toString()
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.menus["redo"].shortcuts()]
    for name in ("new", "open", "save", "save_as", "duplicate", "compare", "export_pdf",
                 "export_csv", "export_xlsx", "recompute", "cancel_run", "chart_fan",
                 "chart_taxes", "library"):
        assert keys[name], name
    assert len({k for k in keys.values() if k}) == len([k for k in keys.values() if k])


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo_adding_an_account(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    w.editor.show_page(w.editor.accounts)
    n = len(w.doc.plan.accounts)
    click(qtbot, w, "+")
    assert len(w.doc.plan.accounts) == n + 1
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(w.doc.plan.accounts) == n
    qtbot.keyClick(w, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(w.doc.plan.accounts) == n + 1
    assert w.editor.accounts.list.count() == n + 1
    click(qtbot, w, "−")
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(w.doc.plan.accounts) == n + 1


def test_roth_conversions_are_added_edited_and_undone(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.editor.show_page(w.editor.taxes)
    w.editor.field("taxes.roth_conversion").combo.setCurrentIndex(1)  # type: ignore[attr-defined]
    click(qtbot, w, "Add a conversion")
    assert len(w.doc.plan.taxes.conversions) == 1
    w.editor.field("taxes.conversions[0].amount").spin.setValue(30_000)  # type: ignore[attr-defined]
    assert w.doc.plan.taxes.conversions[0].amount == 30_000
    w.doc.undo_stack.undo()
    w.doc.undo_stack.undo()
    assert w.doc.plan.taxes.conversions == ()


def test_about_names_the_version_the_data_and_says_it_is_not_advice() -> None:
    html = about.about_html(f"planner {planner.__version__}")
    assert planner.__version__ in html
    assert "Shiller" in html and "Damodaran" in html and "Coin Metrics" in html
    assert "not financial" in html


def test_help_about_opens_through_its_function(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_about", lambda parent, text: shown.append(text))
    window.menus["about"].trigger()
    assert shown and planner.__version__ in shown[0]


def test_the_welcome_shows_once_and_can_start_blank(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = ["blank"]
    shown: list[int] = []

    def welcome(parent: Any) -> str:
        shown.append(1)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "show_welcome", welcome)
    w = new_window(qtbot)
    assert shown == [1] and w.doc.plan.name == "New plan"
    assert ui_settings.settings().value("welcome/shown", False, type=bool)
    again = new_window(qtbot)
    assert shown == [1]  # not a second time
    assert again.doc.plan.name.startswith("Sample")


def test_controls_have_accessible_names(window: MainWindow) -> None:
    w = window
    unnamed = []
    for tab in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(tab)
        for kind in (QAbstractSpinBox, QLineEdit, QComboBox):
            for widget in w.editor.findChildren(kind):
                inner = widget.objectName().startswith("qt_")  # a spin box's own line edit
                if widget.isVisibleTo(w) and not inner and not widget.accessibleName():
                    unnamed.append(widget)
    buttons = [b for b in w.editor.findChildren(QAbstractButton)
               if b.isVisibleTo(w) and not (b.accessibleName() or b.text())]
    assert unnamed == [] and buttons == []
    assert w.editor.field("people[0].retirement_age").spin.accessibleName() == (  # type: ignore[attr-defined]
        "Retirement age, person 1")
    assert w.results.charts.canvas("fan").accessibleName() == "Range of outcomes chart"
    assert w.status_bar.cancel_button.accessibleName()


def test_palette_follows_the_system_scheme(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    before = qapp.palette()
    try:
        monkeypatch.setattr(qapp.styleHints(), "colorScheme", lambda: Qt.ColorScheme.Dark)
    except (AttributeError, TypeError):
        pytest.skip("style hints cannot be replaced here")
    theme.apply(qapp)
    assert theme.is_dark()
    assert qapp.palette().color(qapp.palette().ColorRole.Window).lightness() < 100
    assert theme.color("error") == theme.COLORS["error"][1]
    qapp.setPalette(before)
