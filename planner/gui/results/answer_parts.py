"""Small pieces the Decisions and Goals panels show their answers with: hint and answer
labels, the out-of-date note, and the table of every choice a decision search tried."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from planner import decision_text as dt
from planner import format as fmt
from planner.core.model import Mode
from planner.core.optimize import Answer
from planner.gui import theme
from planner.run_counts import runs_count_text

HINT_STYLE = "color: palette(placeholder-text);"
STALE_STYLE = ("background: #fff4e0; color: #6b4200; border: 1px solid #f0d2a0;"
               " border-radius: 4px; padding: 4px 8px;")
RANKING_HEADERS = ("Choice", "Success", "After-tax legacy", "Lifetime spending")
TABLE_ROWS = 8  # rows the ranking shows before it scrolls
ROW_HEIGHT = 22


def runs_words(mode: str, paths: int) -> str:
    """How a search runs each choice: "Monte Carlo, 2,000 paths", "every historical window"
    or "the expected path" (only Monte Carlo uses the path count asked for)."""
    if mode == Mode.MONTE_CARLO.value:
        return f"Monte Carlo, {runs_count_text(mode, paths)}"
    if mode == Mode.HISTORICAL.value:
        return "every historical window"
    return "the expected path"


# Every label here shows words that can hold a plan's names (people, accounts, the plan):
# plain text, so a name such as "<font size=7>" is shown as typed, never as markup.


def plain_tip(text: str) -> str:
    """See theme.plain_tip (kept here for the result panels that import it)."""
    return theme.plain_tip(text)


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def words(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def stale_note(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(STALE_STYLE)
    label.hide()
    return label


def ranking_rows(answer: Answer) -> list[list[str]]:
    """The ranking table's cells, best first; the plan's own choice says so."""
    rows = []
    for s in answer.ranking:
        choice = dt.choice_text(answer.decision, s.settings, answer.people)
        if s.settings == answer.current.settings:
            choice += " (your plan)"
        rows.append([choice, fmt.pct(s.success_rate, 1), fmt.money_short(s.legacy),
                     fmt.money_short(s.spending)])
    return rows


class RankingTable(QTableWidget):
    """Every choice tried, best first (in bold); choices below the success floor in grey.
    A few rows high: it scrolls rather than pushing the panel long."""

    def __init__(self) -> None:
        super().__init__(0, len(RANKING_HEADERS))
        self.setAccessibleName("Every choice tried, best first")
        self.setHorizontalHeaderLabels(list(RANKING_HEADERS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)

    def show_answer(self, answer: Answer) -> None:
        rows = ranking_rows(answer)
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        for i, (cells, score) in enumerate(zip(rows, answer.ranking, strict=True)):
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if i == 0:
                    item.setFont(bold)
                if not score.meets:
                    item.setForeground(grey)
                    item.setToolTip("Below the success floor")
                self.setItem(i, j, item)
        shown = max(1, min(len(rows), TABLE_ROWS))
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + ROW_HEIGHT * shown
                            + 2 * self.frameWidth())

    def texts(self) -> list[list[str]]:
        def text(i: int, j: int) -> str:
            item = self.item(i, j)
            return item.text() if item is not None else ""

        return [[text(i, j) for j in range(self.columnCount())] for i in range(self.rowCount())]
