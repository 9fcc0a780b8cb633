"""The year-by-year table view: sortable, Ctrl+C copies the selection as tab-separated text,
and the columns shown are chosen, by group, from the header's context menu (remembered in
QSettings by column name, so a column hidden once stays hidden in every plan). A note under
it says which path it follows (one path of a Monte Carlo run: the typical one) and how
inflation ran on that path, so a salary that shrinks in today's dollars reads as what it is."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QTableView,
    QWidget,
)

from planner.charts.paths import WHY_TYPICAL, path_sentence
from planner.core.result import Result
from planner.gui import ui_settings
from planner.gui.results.column_groups import grouped
from planner.gui.results.table_model import RAW_ROLE, YearTableModel, is_plain_number

HIDDEN_KEY = "table/hidden_columns"


def hidden_columns() -> set[str]:
    value = ui_settings.settings().value(HIDDEN_KEY, [])
    if isinstance(value, str):
        value = [value] if value else []
    return {str(v) for v in value} if isinstance(value, list) else set()


def store_hidden_columns(names: set[str]) -> None:
    ui_settings.settings().setValue(HIDDEN_KEY, sorted(names))


def copy_text(value: float, plain: bool) -> str:
    """A cell as a spreadsheet reads it: whole years and ages, money to the cent, no '$'."""
    if not math.isfinite(value):
        return ""
    return str(int(value)) if plain else f"{value:.2f}"


class YearTableView(QTableView):
    def __init__(self, model: YearTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(RAW_ROLE)
        self.setModel(self.proxy)
        self.setAccessibleName("Year-by-year table")
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until clicked
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setToolTip("Click to sort; right-click to choose the columns")
        model.modelReset.connect(self.apply_hidden)

    # ----- columns
    def fit_columns(self) -> None:
        """Widths from the header and the widest text (resizeColumnsToContents asks the model
        for every cell through Python, which takes a tenth of a second)."""
        metrics = self.fontMetrics()
        header = self.horizontalHeader().fontMetrics()
        widest = self.source.table.widest
        for i, name in enumerate(self.column_names()):
            cell = metrics.horizontalAdvance(widest[i] + "0")  # digits are not all as wide
            self.setColumnWidth(i, max(cell, header.horizontalAdvance(name)) + 20)

    def column_names(self) -> list[str]:
        return list(self.source.columns)

    def visible_columns(self) -> list[str]:
        return [n for i, n in enumerate(self.column_names()) if not self.isColumnHidden(i)]

    def apply_hidden(self) -> None:
        hidden = hidden_columns()
        for i, name in enumerate(self.column_names()):
            self.setColumnHidden(i, name in hidden and name != "Year")

    def set_column_shown(self, name: str, shown: bool) -> None:
        hidden = hidden_columns()
        if shown:
            hidden.discard(name)
        elif name != "Year":  # the table always says which year a row is
            hidden.add(name)
        store_hidden_columns(hidden)
        self.apply_hidden()

    def show_all_columns(self) -> None:
        store_hidden_columns(set())
        self.apply_hidden()

    def set_columns_shown(self, names: list[str], shown: bool) -> None:
        hidden = hidden_columns()
        if shown:
            hidden -= set(names)
        else:
            hidden |= {n for n in names if n != "Year"}
        store_hidden_columns(hidden)
        self.apply_hidden()

    def fill_column_menu(self, menu: QMenu) -> None:
        """Checkable entries for every column, a submenu per group (the header menu and
        View ▸ Table Columns)."""
        menu.clear()
        menu.addAction("Show All Columns", self.show_all_columns)
        menu.addSeparator()
        names = self.column_names()
        for group, columns in grouped(names):
            sub = menu.addMenu(group)
            for text, on in (("Show All", True), ("Hide All", False)):
                every = sub.addAction(text)
                every.triggered.connect(
                    lambda _=False, cols=columns, on=on: self.set_columns_shown(cols, on))
            sub.addSeparator()
            for name in columns:
                shown = not self.isColumnHidden(names.index(name))
                action = QAction(name, sub, checkable=True, checked=shown)
                action.setEnabled(name != "Year")
                action.toggled.connect(lambda on, n=name: self.set_column_shown(n, on))
                sub.addAction(action)
        if not names:
            menu.addAction("No table yet").setEnabled(False)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        self.fill_column_menu(menu)
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    # ----- copy
    def selection_text(self) -> str:
        """The selected cells of visible columns, with a header line, tab-separated."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes if not self.isColumnHidden(i.column())})
        names = self.column_names()
        lines = ["\t".join(names[c] for c in cols)]
        for r in rows:
            cells = []
            for c in cols:
                value = self.proxy.index(r, c).data(RAW_ROLE)
                cells.append(copy_text(float(value), is_plain_number(names[c])))
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def copy_selection(self) -> None:
        text = self.selection_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)


class PathNote(QLabel):
    """Which path the year table follows and how inflation ran on it, in plain words.

    As tall as its words need at its width, no taller: a wrapped label asks for the height of
    its narrowest layout, which would push the window past 768 pixels."""

    NARROW = 500  # the width assumed before the note is laid out

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Path shown in the year table")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("color: palette(placeholder-text);")
        self.setContentsMargins(6, 2, 6, 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._height = 0

    def show_result(self, result: Result, real: bool) -> None:
        self.setText(path_sentence(result, real))
        self.setToolTip(WHY_TYPICAL if result.n_paths > 1 else "")
        self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        width = (self.width() if self.width() > 100 else self.NARROW) - margins.left() \
            - margins.right()
        words = self.fontMetrics().boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, self.text())
        height = words.height() + margins.top() + margins.bottom()
        if height != self._height:
            self._height = height
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
