"""Every historical start year and how the plan fared from it, as cFIREsim and FI Calc list
them: a sortable table of the start year, its outcome ("lasted", "ran out at 83"), the lowest
balance in retirement and the estate, in today's dollars, with the years that ran out in red.

The rows come from ``planner.core.outcomes.start_years`` and their words from
``planner.outcome_text``, as in the CLI and the PDF. Other modes have no start years: the tab
says how to see them instead of showing an empty table.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner import format as fmt
from planner.core.model import Mode
from planner.core.outcomes import StartYear, start_years
from planner.core.result import Result
from planner.gui import theme
from planner.outcome_text import start_year_outcome

HEADERS = ("Start year", "Outcome", "Lowest balance in retirement", "Final balance")
START, OUTCOME, LOWEST, FINAL = range(len(HEADERS))
SORT_ROLE = Qt.ItemDataRole.UserRole  # a number for every cell, so columns sort as numbers
Index = QModelIndex | QPersistentModelIndex

RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
FAILED_COLORS = ("#a3423a", "#e39a92")  # a muted red (light, dark): easy to spot, not loud
ROW_HEIGHT = 22
SORT_ARROW = 24  # pixels a header keeps beside its name for the sort arrow
ARROW_ROOM = "\u2003\u2002"  # spaces after a right-aligned header name: the arrow's room
OTHER_MODES = "Switch to Historical mode (History, top right) to see every start year."
CAPTION_STYLE = "color: palette(placeholder-text);"


def ran_out(row: StartYear) -> bool:
    """Whether the plan ran out from this start year (in any of its Bitcoin alignments)."""
    return row.lasted < 1.0


def outcome_key(row: StartYear) -> float:
    """The outcome as a number, worst lowest: the share that lasted first, then the age the
    money ran out at (an outcome that lasted everywhere sorts above every failure)."""
    age = row.ran_out_age if row.ran_out_age is not None else 999
    return row.lasted * 10_000 + age


def caption_text(rows: list[StartYear]) -> str:
    """'98 historical start years: 71 lasted, 27 ran out. Balances in today's dollars.'"""
    n = len(rows)
    failed = sum(ran_out(r) for r in rows)
    years = f"{n} historical start year{'s' if n != 1 else ''}"
    runs = max((r.runs for r in rows), default=1)
    if runs <= 1:
        return (f"{years}: {n - failed} lasted, {failed} ran out. Balances in today's "
                "dollars.")
    return (f"{years}, each run over {runs} alignments of Bitcoin's years: {n - failed} "
            f"lasted in every alignment, {failed} ran out in at least one. Balances in "
            "today's dollars, the median over alignments.")


class StartYearModel(QAbstractTableModel):
    """One row per historical start year; ``SORT_ROLE`` gives each cell's number."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[StartYear] = []
        self._texts: list[tuple[str, ...]] = []
        self._keys: list[tuple[float, ...]] = []

    def set_rows(self, rows: list[StartYear]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [(str(r.start_year), start_year_outcome(r), fmt.money(r.lowest_balance),
                        fmt.money(r.final_balance)) for r in self.rows]
        self._keys = [(float(r.start_year), outcome_key(r), _number(r.lowest_balance),
                       _number(r.final_balance)) for r in self.rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[r][c]
        if role == SORT_ROLE:
            return self._keys[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if c == OUTCOME else RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and ran_out(self.rows[r]):
            light, dark = FAILED_COLORS
            return QColor(dark if theme.is_dark() else light)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(self.rows[r])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Right-aligned names end short of the sort arrow, drawn at the right edge.
            return HEADERS[section] if section == OUTCOME else HEADERS[section] + ARROW_ROOM
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if section == OUTCOME else RIGHT
        return None

    @staticmethod
    def _tip(row: StartYear) -> str:
        lowest = fmt.money(row.lowest_balance)
        final = fmt.money(row.final_balance)
        what = "the median over its alignments" if row.runs > 1 else "today's dollars"
        return (f"Retiring into the markets of {row.start_year} and the years after it: "
                f"{start_year_outcome(row)}. Lowest balance from retirement {lowest}, "
                f"estate {final} ({what}).")


def _number(x: float) -> float:
    """A balance to sort by (NaN, which has no order, sorts as the lowest)."""
    return float(x) if math.isfinite(x) else -math.inf


class StartYearsTable(QTableView):
    def __init__(self, model: StartYearModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setAccessibleName("Historical start years")
        self.setSortingEnabled(True)
        self.sortByColumn(START, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setToolTip("Click a column to sort by it")

    def texts(self, column: int) -> list[str]:
        """A column's cells top to bottom, as sorted on screen (for tests)."""
        return [str(self.proxy.index(i, column).data()) for i in range(self.proxy.rowCount())]

    def fit_columns(self) -> None:
        metrics = self.fontMetrics()
        header = self.horizontalHeader().fontMetrics()
        for c in range(len(HEADERS)):
            widest = max((self.source.index(r, c).data() or "" for r in
                          range(self.source.rowCount())), key=len, default="")
            name = str(self.source.headerData(c, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(widest + "0"),
                        header.horizontalAdvance(name) + (SORT_ARROW if c == OUTCOME else 0))
            self.setColumnWidth(c, width + 16)


class StartYearsTab(QWidget):
    """The caption and the table in historical mode; a short note in the others."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StartYearModel(self)
        self.table = StartYearsTable(self.model)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName("Start years in short")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.caption.setContentsMargins(4, 4, 4, 2)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.caption)
        column.addWidget(self.table, 1)

        self.note = QLabel(OTHER_MODES)
        self.note.setAccessibleName("Start years")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setStyleSheet(CAPTION_STYLE)

        self.stack = QStackedWidget()
        self.stack.addWidget(listing)
        self.stack.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.stack.setCurrentWidget(self.note)
        self._shown: Result | None = None

    @property
    def listing(self) -> bool:
        """True while the table (not the note) is shown."""
        return self.stack.currentIndex() == 0

    def show_result(self, result: Result) -> None:
        if result is self._shown:
            return
        self._shown = result
        rows = start_years(result) if result.mode == Mode.HISTORICAL.value else []
        self.model.set_rows(rows)
        if rows:
            self.caption.setText(caption_text(rows))
            self.table.fit_columns()
            self.stack.setCurrentIndex(0)
        else:
            historical = result.mode == Mode.HISTORICAL.value
            self.note.setText("No historical start years in this run." if historical
                              else OTHER_MODES)
            self.stack.setCurrentWidget(self.note)
