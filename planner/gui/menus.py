"""The menu bar, with the platform's standard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from planner.gui import ui_settings

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

Key = QKeySequence.StandardKey


def build_menus(window: MainWindow) -> dict[str, QAction]:
    files = window.files
    actions: dict[str, QAction] = {}

    def act(
        menu: QMenu, name: str, text: str, slot: Callable[[], object], key: Key | str | None = None
    ) -> QAction:
        action = QAction(text, window)
        if isinstance(key, str) or key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        actions[name] = action
        return action

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    act(file_menu, "new", "&New", files.new_plan, Key.New)
    act(file_menu, "open", "&Open…", files.open_plan, Key.Open)
    recent = file_menu.addMenu("Open &Recent")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    file_menu.addSeparator()
    act(file_menu, "save", "&Save", files.save, Key.Save)
    act(file_menu, "save_as", "Save &As…", files.save_as, "Ctrl+Shift+S")
    file_menu.addSeparator()
    act(file_menu, "export_pdf", "Export &PDF Report…", files.export_pdf, Key.Print)
    act(file_menu, "export_csv", "Export &CSV Table…", files.export_csv, "Ctrl+Shift+E")
    file_menu.addSeparator()
    quit_action = act(file_menu, "quit", "&Quit", window.close, Key.Quit)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu("&Edit")
    undo = window.doc.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(Key.Undo))
    redo = window.doc.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(Key.Redo))
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    actions["undo"], actions["redo"] = undo, redo

    view_menu = bar.addMenu("&View")
    view_menu.addAction(window.real_action)
    view_menu.addAction(window.nominal_action)

    plan_menu = bar.addMenu("&Plan")
    for action in window.mode_actions.values():
        plan_menu.addAction(action)

    help_menu = bar.addMenu("&Help")
    about = act(help_menu, "about", "&About planner", window.about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    return actions


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = ui_settings.recent_files()
    for path in paths:
        action = menu.addAction(path.name)
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _=False, p=path: window.files.open_path(p))
    if not paths:
        menu.addAction("No recent plans").setEnabled(False)
