"""Crypto outlooks and stress tests: the plan under every belief about crypto and under each
shock, beside the same plan without it, and the largest crypto share that costs at most a
few points of success.

The tables come with the background extras (``projection``); the share search runs on the
worker when asked, and stops (its answer dropped) when the plan changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import format as fmt
from planner.core.model import Mode, Plan
from planner.gui.extras import Extras
from planner.gui.results import crypto_tables as ct
from planner.gui.results.share_search import ShareSearch
from planner.gui.worker import TaskRunner

HINT_STYLE = "color: palette(placeholder-text);"
TITLE_STYLE = "font-weight: 600; font-size: 13px;"
ROW_HEIGHT = 22
NAME_MIN_WIDTH = 170  # the first column's least width; longer names end in "…"


def title(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(TITLE_STYLE)
    return label


def note() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # names accounts and problems as written
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RowsTable(QTableWidget):
    """A read-only table exactly as tall as its rows (the panel scrolls, not the table)."""

    def __init__(self, headers: Sequence[str], name: str) -> None:
        super().__init__(0, len(headers))
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        # Never a scroll bar of its own: the table is as wide and tall as its cells, and
        # the panel around it scrolls.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

    def set_rows(self, rows: list[ct.Row]) -> None:
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        mark = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        mark.setAlpha(45)
        for i, row in enumerate(rows):
            for j, text in enumerate(row.cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.cells[0]}: {row.tip}" if row.tip else row.cells[0])
                if j > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if row.highlight:
                    item.setFont(bold)
                    item.setBackground(QBrush(mark))
                elif row.reference:
                    item.setForeground(QBrush(self.palette().color(
                        QPalette.ColorRole.PlaceholderText)))
                self.setItem(i, j, item)
        self._fit()

    def texts(self) -> list[list[str]]:
        def text(i: int, j: int) -> str:
            item = self.item(i, j)
            return item.text() if item is not None else ""

        return [[text(i, j) for j in range(self.columnCount())] for i in range(self.rowCount())]

    def _fit(self) -> None:
        header = self.horizontalHeader()
        frame = 2 * self.frameWidth()
        self.setFixedHeight(header.sizeHint().height() + ROW_HEIGHT * self.rowCount() + frame)
        widths = [max(self.sizeHintForColumn(j), header.sectionSizeHint(j))
                  for j in range(self.columnCount())]
        if widths:  # the names may be cut short (…) before the figures are
            widths[0] = min(widths[0], NAME_MIN_WIDTH)
        self.setMinimumWidth(sum(widths) + frame)


class CryptoPanel(QScrollArea):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Crypto outlooks and stress tests")
        self.plan: Plan | None = None  # the plan the tables (and a search) are for
        self.extras: Extras | None = None

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.outlook_title = title("Crypto outlooks")
        self.outlook_note = note()
        self.outlooks = RowsTable(ct.OUTLOOK_HEADERS, "Crypto outlooks")
        self.no_crypto = note()
        self.stress_title = title("Stress tests")
        self.stress_note = note()
        self.stress = RowsTable(ct.STRESS_HEADERS, "Stress tests")
        for w in (self.outlook_title, self.outlook_note, self.outlooks, self.no_crypto):
            layout.addWidget(w)
        layout.addSpacing(6)
        for w in (self.stress_title, self.stress_note, self.stress):
            layout.addWidget(w)
        layout.addSpacing(6)
        layout.addWidget(title("How much crypto?"))
        self.search = ShareSearch(runner)
        layout.addWidget(self.search)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_extras(None, pending=False)

    # ----- the tables
    def show_extras(self, extras: Extras | None, pending: bool, plan: Plan | None = None) -> None:
        """Tables for ``plan`` (the result on screen): from ``extras`` if they are its, else a
        note that they are being computed (``pending``) or are not there."""
        if plan is not None:
            self.plan = plan
        mine = extras is not None and (plan is None or extras.plan == plan)
        self.extras = extras if mine else None
        e = self.extras
        if self.plan is not None:
            self.search.set_plan(self.plan, e.paths if e is not None and e.paths
                                 else self.plan.simulation.paths,
                                 e.runs if e is not None else None)
        waiting = "Computing in the background…" if pending else "Not computed."
        self.outlook_note.show()
        if e is None:
            for table in (self.outlooks, self.stress):
                table.set_rows([])
                table.hide()
            self.no_crypto.hide()
            self.outlook_note.setText(waiting)
            self.stress_note.setText(waiting)
            return
        problems = " ".join(e.problems)
        if e.outlooks is not None:
            t = e.outlooks
            self.outlook_title.setText(f"Crypto outlooks at your {fmt.share(t.share)} share")
            self.outlook_note.setText(
                f"{self._mode_words(e)}, {ct.runs_text(e.mode, _first(t), t.without_crypto)}"
                f" with crypto, the same for every row. Your outlook is highlighted; point "
                "at a row for its reason. Estates in today's dollars.")
            self.outlooks.set_rows(ct.outlook_rows(t))
            self.outlooks.show()
            self.no_crypto.hide()
        else:
            self.outlook_title.setText("Crypto outlooks")
            self.outlooks.hide()
            self.outlook_note.setText(problems)
            self.outlook_note.setVisible(bool(problems))
            self.no_crypto.setText("This plan holds no crypto, so no outlook changes it. Put "
                                   "a share in an account (Accounts ▸ Investments) to see "
                                   "it under every outlook.")
            self.no_crypto.setVisible(not problems)
        if e.stress is not None:
            s = e.stress
            windows = e.outlooks.without_crypto if e.outlooks is not None else None
            self.stress_note.setText(
                f"{self._mode_words(e)}, {ct.runs_text(e.mode, s.base, windows)}: each "
                "shock laid over the same paths. Point at a row for what it does. Estates in "
                "today's dollars.")
            self.stress.set_rows(ct.stress_rows(s))
            self.stress.show()
        else:
            self.stress.hide()
            self.stress_note.setText(problems or waiting)

    @staticmethod
    def _mode_words(e: Extras) -> str:
        words = {Mode.MONTE_CARLO: "Monte Carlo", Mode.HISTORICAL: "History"}.get(
            Mode(e.mode), e.mode) if e.mode else ""
        if e.plan.simulation.mode is Mode.EXPECTED:
            words += " (the plan's expected run is one path, too few for these tables)"
        return words


def _first(t: Any) -> Any:
    """The outcome the counts of an outlook table are told from (its first row's)."""
    return t.rows[0].with_crypto if t.rows else t.without_crypto
