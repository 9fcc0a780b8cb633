"""The menu bar: an entry, and a shortcut where it helps, for everything the window does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from planner.gui import ui_settings

if TYPE_CHECKING:
    from planner.gui.main_window import MainWindow

Key = QKeySequence.StandardKey
T = TypeVar("T")


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The menu bar, menu by menu; returns its actions by name (for tests and shortcuts)."""
    m = _Menus(window)
    bar = window.menuBar()
    _file_menu(m, bar.addMenu("&File"))
    _edit_menu(m, bar.addMenu("&Edit"))
    _view_menu(m, bar.addMenu("&View"))
    _plan_menu(m, bar.addMenu("&Plan"))
    _help_menu(m, bar.addMenu("&Help"))
    return m.actions


class _Menus:
    """Makes the window's actions and keeps them by name."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}

    def act(
        self, menu: QMenu, name: str, text: str, slot: Callable[[], object],
        key: Key | str | None = None, tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.actions[name] = action
        return action


def _file_menu(m: _Menus, file_menu: QMenu) -> None:
    window, files, act = m.window, m.window.files, m.act
    # New opens the guided setup, whose first page offers a blank plan too; Guided Setup…
    # says so in the menu, for whoever skipped it at first.
    act(file_menu, "new", "&New…", files.new_plan, Key.New,
        "A new plan: the guided setup, or a blank plan")
    act(file_menu, "guided_setup", "&Guided Setup…", files.new_plan, None,
        "Build a new plan from a few questions: household, savings, income, Social Security, "
        "spending")
    act(file_menu, "open", "&Open…", files.open_plan, Key.Open)
    recent = file_menu.addMenu("Open &Recent")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    act(file_menu, "open_sample", "Open the Sample Plan", lambda: _open_sample(window))
    act(file_menu, "import_returns", "&Import Returns…", window.import_returns, None,
        "Read your own yearly returns (stocks, bonds, cash, inflation, crypto) from a CSV file")
    file_menu.addSeparator()
    act(file_menu, "save", "&Save", files.save, Key.Save)
    act(file_menu, "save_as", "Save &As…", files.save_as, "Ctrl+Shift+S")
    file_menu.addSeparator()
    act(file_menu, "duplicate", "&Duplicate as Scenario…", window.scenarios.duplicate, "Ctrl+D",
        "Save a copy of this plan under a new name, to try a change and compare")
    act(file_menu, "compare", "Compare Scenarios…", window.scenarios.compare, "Ctrl+K",
        "Compare two or more plans side by side")
    file_menu.addSeparator()
    act(file_menu, "export_pdf", "Export &PDF Report…", files.export_pdf, Key.Print,
        "Write the report as a PDF, to print or share")
    act(file_menu, "export_csv", "Export Table as &CSV…", files.export_csv, "Ctrl+Shift+E")
    act(file_menu, "export_xlsx", "Export Table as E&xcel…", files.export_xlsx, "Ctrl+Shift+X")
    file_menu.addSeparator()
    quit_action = act(file_menu, "quit", "&Quit", window.close, Key.Quit)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)


def _edit_menu(m: _Menus, edit_menu: QMenu) -> None:
    window, act = m.window, m.act
    # The plan's undo, not a field's text undo, wherever focus is in the window (UndoKeys);
    # what a field holds typed is taken first and undone with its edit as one step.
    undo = window.doc.create_undo_action(window)
    undo.setShortcut(QKeySequence(Key.Undo))
    redo = window.doc.create_redo_action(window)
    # Ctrl+Shift+Z everywhere (and Ctrl+Y where that is the platform's habit).
    redo.setShortcuts(list(dict.fromkeys(
        [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(Key.Redo)]
    )))
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    m.actions["undo"], m.actions["redo"] = undo, redo
    from planner.gui.document import UndoKeys  # here: the Edit menu's own concern

    UndoKeys(window, undo, redo)
    edit_menu.addSeparator()
    act(edit_menu, "copy_table", "Copy Table Selection", window.results.table.copy_selection,
        None, "Copy the selected table cells as tab-separated text (Ctrl+C in the table)")
    act(edit_menu, "select_table", "Select the Whole Table", _select_table(window),
        "Ctrl+Shift+A")


def _view_menu(m: _Menus, view_menu: QMenu) -> None:
    window, act = m.window, m.act
    view_menu.addAction(window.real_action)
    view_menu.addAction(window.nominal_action)
    view_menu.addSeparator()
    charts = view_menu.addMenu("&Chart")
    pane = window.results.chart_pane
    for k, (key, title) in enumerate(pane.chart_titles(), start=1):
        act(charts, f"chart_{key}", title, _selector(pane.select, key), f"Alt+{k}")
    columns = view_menu.addMenu("Table &Columns")
    columns.aboutToShow.connect(lambda: window.results.table.fill_column_menu(columns))
    view_menu.addSeparator()
    library = QAction("Plan &Library", window, checkable=True, checked=True)
    library.setShortcut(QKeySequence("Ctrl+L"))
    library.toggled.connect(window.library.setVisible)
    view_menu.addAction(library)
    m.actions["library"] = library
    editor_tabs = view_menu.addMenu("&Editor Section")
    for k in range(window.editor.tabs.count()):
        title = window.editor.tabs.tabText(k)
        act(editor_tabs, f"editor_{k}", title, _selector(window.editor.tabs.setCurrentIndex, k),
            f"Ctrl+Alt+{k + 1}")


def _plan_menu(m: _Menus, plan_menu: QMenu) -> None:
    window, act = m.window, m.act
    for action in window.mode_actions.values():
        plan_menu.addAction(action)
    plan_menu.addSeparator()
    act(plan_menu, "recompute", "&Recompute", window.recompute, Key.Refresh)
    act(plan_menu, "cancel_run", "&Cancel Background Run", window.cancel_run, "Esc")


def _help_menu(m: _Menus, help_menu: QMenu) -> None:
    window, act = m.window, m.act
    act(help_menu, "welcome", "&Welcome", lambda: _welcome(window))
    about = act(help_menu, "about", "&About planner", window.about)
    about.setMenuRole(QAction.MenuRole.AboutRole)


def _selector(slot: Callable[[T], object], value: T) -> Callable[[], None]:
    return lambda: None if slot(value) else None


def _open_sample(window: MainWindow) -> None:
    if window.files.maybe_discard():
        window.open_sample()


def _select_table(window: MainWindow) -> Callable[[], None]:
    def select() -> None:
        window.results.table.setFocus()
        window.results.table.selectAll()

    return select


def _welcome(window: MainWindow) -> None:
    from planner.gui import dialogs

    choice = dialogs.show_welcome(window)
    if choice == "sample":
        if window.files.maybe_discard():
            window.open_sample()
    elif choice in ("guided", "blank"):
        window.files.new_plan(blank=choice == "blank")


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
