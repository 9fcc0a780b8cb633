"""The right side of the window: summary strip, chart tabs and the year-by-year table.

It always shows the last valid projection; while the plan has problems it is greyed out
with a note saying so, rather than emptied.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.result import Result
from planner.gui.chart_view import ChartTabs
from planner.gui.summary import SummaryStrip
from planner.gui.table_model import RAW_ROLE, YearTableModel

STALE_STYLE = (
    "background: #fff4e0; color: #6b4200; border: 1px solid #f0d2a0;"
    " border-radius: 4px; padding: 6px 10px;"
)


class Veil(QWidget):
    """Covers its parent with translucent white; clicks and scrolling pass through."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.covered = parent
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
        return False

    def showEvent(self, event: QShowEvent) -> None:
        self.setGeometry(self.covered.rect())
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(255, 255, 255, 150))


class ResultsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.real = True
        self.summary = SummaryStrip()
        self.stale_note = QLabel()
        self.stale_note.setStyleSheet(STALE_STYLE)
        self.stale_note.setWordWrap(True)
        self.stale_note.hide()

        self.charts = ChartTabs()
        self.table_model = YearTableModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.table_model)
        proxy.setSortRole(RAW_ROLE)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until clicked
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setHighlightSections(False)

        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(self.charts)
        self.body.addWidget(self.table)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 2)
        self.body.setChildrenCollapsible(False)
        # A translucent veil over charts and table while they are stale. (A graphics
        # opacity effect garbles the matplotlib canvas, so a plain overlay widget it is.)
        # (Not a child of the splitter: a QSplitter makes every child a pane.)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.body)
        self.veil = Veil(self.content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.stale_note)
        layout.addWidget(self.content, 1)

    def show_result(self, result: Result) -> None:
        self.result = result
        self.set_stale(False)
        self.summary.show_result(result)
        self._show_dollars()

    def set_real(self, real: bool) -> None:
        if real != self.real:
            self.real = real
            self._show_dollars()

    def _show_dollars(self) -> None:
        if self.result is None:
            return
        self.charts.show_result(self.result, self.real)
        self.table_model.set_frame(self.result.year_table(real=self.real))
        self.table.resizeColumnsToContents()

    def set_stale(self, stale: bool, note: str = "") -> None:
        """Grey the results out (they belong to an earlier plan) or bring them back."""
        stale = stale and self.result is not None
        self.veil.setVisible(stale)
        if stale:
            self.veil.raise_()
        self.summary.set_stale(stale)
        self.stale_note.setText(note)
        self.stale_note.setVisible(stale and bool(note))
