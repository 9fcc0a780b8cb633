"""The right side of the window: summary strip, chart tabs, and under them the year-by-year
table and the crypto outlooks and stress tests.

It always shows the last valid projection; while the plan has problems it is greyed out
with a note saying so, rather than emptied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.model import Mode
from planner.core.result import Result
from planner.gui import theme
from planner.gui.projection import Extras
from planner.gui.results.chart_pane import ChartPane
from planner.gui.results.chart_specs import ChartInputs, make_inputs
from planner.gui.results.crypto_panel import CryptoPanel
from planner.gui.results.crypto_summary import crypto_line
from planner.gui.results.decisions_tab import DecisionsTab
from planner.gui.results.start_years import StartYearsTab
from planner.gui.results.summary import SummaryStrip
from planner.gui.results.table_model import TableData, YearTableModel, table_data
from planner.gui.results.year_table import PathNote, YearTableView
from planner.gui.worker import TaskRunner

if TYPE_CHECKING:
    from planner.gui.results.chart_view import ChartTabs

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
        veil = QColor(self.palette().color(QPalette.ColorRole.Window))
        veil.setAlpha(150)
        QPainter(self).fillRect(self.rect(), veil)


class Page(QWidget):
    """The results inside their scroll area: as tall as the window, and never shorter than
    their minimum. (With its wrapped sentences the layout answers the height it prefers
    for a width, which the scroll area takes as the height needed: it scrolled when all
    fitted.)"""

    def heightForWidth(self, width: int) -> int:
        return self.minimumSizeHint().height()


CRYPTO_LINK = "crypto"
LOWER_SHARE = 0.55  # of the results' height the crypto tables get when they are shown


class ResultsView(QWidget):
    def __init__(self, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.tables: dict[bool, TableData] = {}
        self.extras: Extras | None = None
        self.extras_pending = False
        self.real = True
        self.summary = SummaryStrip()
        self.stale_note = QLabel()
        self.stale_note.setTextFormat(Qt.TextFormat.PlainText)
        self.stale_note.setStyleSheet(STALE_STYLE)
        self.stale_note.setWordWrap(True)
        self.stale_note.hide()

        # One line on crypto under the summary; its link opens the tables.
        self.crypto_line = QLabel()
        self.crypto_line.setAccessibleName("Crypto in short")
        self.crypto_line.setTextFormat(Qt.TextFormat.RichText)
        self.crypto_line.setContentsMargins(4, 0, 4, 0)
        self.crypto_line.linkActivated.connect(lambda _link: self.show_crypto())
        self.crypto_line.setFixedHeight(self.crypto_line.fontMetrics().lineSpacing() + 2)
        # Its words must not set the window's width: a narrow window cuts the line (the
        # tables behind the link say it all).
        self.crypto_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.chart_pane = ChartPane()
        self.table_model = YearTableModel(self)
        self.table = YearTableView(self.table_model)
        runner = runner or TaskRunner(parent=self)
        self.crypto = CryptoPanel(runner)
        self.decisions = DecisionsTab(runner)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.setAccessibleName("Tables")
        theme.compact_tabs(self.lower_tabs.tabBar())
        self.lower_tabs.addTab(self.table, "Year by year")
        self.start_years = StartYearsTab()  # every historical start year (History mode)
        self.lower_tabs.addTab(self.start_years, "Start years")
        self.lower_tabs.currentChanged.connect(lambda _i: self._room_for_start_years())
        self.lower_tabs.addTab(self.crypto, "Crypto outlooks and stress tests")
        self.lower_tabs.addTab(self.decisions, "Decisions and goals")
        # Decisions and goals take the charts' room too: at 768 pixels the charts leave
        # them too little height to read an answer.
        self.lower_tabs.currentChanged.connect(
            lambda _i: self.chart_pane.setHidden(
                self.lower_tabs.currentWidget() is self.decisions))

        # Under the year table (and only with it): which path it follows.
        self.path_note = PathNote()
        self.path_note.hide()
        self.lower_tabs.currentChanged.connect(lambda _i: self._show_path_note())
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(0)
        lower_layout.addWidget(self.lower_tabs, 1)
        lower_layout.addWidget(self.path_note)

        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.setObjectName("results_splitter")
        self.body.addWidget(self.chart_pane)
        self.body.addWidget(lower)
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

        page = Page()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.crypto_line)
        layout.addWidget(self.stale_note)
        layout.addWidget(self.content, 1)
        # Summary, charts and tables need about 560 pixels of height with a 9-point font and
        # 760 with the 11 points of a GNOME desktop: more than a 1366x768 screen leaves a
        # window. Rather than make the window taller than the screen (its bottom, status bar
        # included, cut off), the results scroll when the window is shorter than they need.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    @property
    def charts(self) -> ChartTabs:
        """The chart tabs (made now if the first results have not made them yet)."""
        return self.chart_pane.tabs

    def show_result(self, result: Result, tables: dict[bool, TableData] | None = None) -> None:
        """Show a result; ``tables`` are its year tables if already prepared (by dollars)."""
        self.result = result
        self.tables = dict(tables or {})
        self.set_stale(False)
        self.start_years.show_result(result)
        self._show_dollars()

    def set_extras(self, extras: Extras | None, pending: bool = False) -> None:
        """The background analyses arrived (or were started: ``pending``)."""
        self.extras = extras
        self.extras_pending = pending
        self._show_charts()
        self._show_crypto()

    def show_crypto(self) -> None:
        """Bring the crypto tables into view, with room to read them."""
        self.lower_tabs.setCurrentWidget(self.crypto)
        sizes = self.body.sizes()
        total = sum(sizes)
        if total > 0 and sizes[1] < LOWER_SHARE * total:
            lower = int(LOWER_SHARE * total)
            self.body.setSizes([total - lower, lower])

    def _room_for_start_years(self) -> None:
        """The start-year list gets the room the crypto tables get: a few rows say little."""
        if self.lower_tabs.currentWidget() is not self.start_years or not self.start_years.listing:
            return
        sizes = self.body.sizes()
        total = sum(sizes)
        if total > 0 and sizes[1] < LOWER_SHARE * total:
            lower = int(LOWER_SHARE * total)
            self.body.setSizes([total - lower, lower])

    def _show_path_note(self) -> None:
        self.path_note.setVisible(self.result is not None
                                  and self.lower_tabs.currentWidget() is self.table)

    def _show_crypto(self) -> None:
        if self.result is None:
            return
        self.crypto.show_extras(self.extras, self.extras_pending, self.result.plan)
        e = self.crypto.extras
        text = crypto_line(self.result, e, self.extras_pending)
        # The link first: a narrow window cuts the end of the line, never the way in.
        self.crypto_line.setText(
            f"<a href='{CRYPTO_LINK}'>Crypto outlooks and stress tests</a> &nbsp;·&nbsp; {text}")
        self.crypto_line.setToolTip(text)

    def set_real(self, real: bool) -> None:
        if real != self.real:
            self.real = real
            self._show_dollars()

    def chart_inputs(self) -> ChartInputs | None:
        if self.result is None:
            return None
        e = self.extras
        if e is not None and e.plan == self.result.plan:
            # The chart marks each outlook on the sensitivity's curve, which is a Monte Carlo
            # sweep: the outlook table joins it only when it was run the same way.
            same_runs = e.mode == Mode.MONTE_CARLO.value
            return make_inputs(self.result, e.sensitivity, e.worst_history,
                               e.outlooks if same_runs else None)
        return make_inputs(self.result)

    def _show_charts(self) -> None:
        inputs = self.chart_inputs()
        if inputs is None:
            return
        note = "Computing in the background…" if self.extras_pending else ""
        self.chart_pane.show_inputs(inputs, self.real, note)

    def _show_dollars(self) -> None:
        if self.result is None:
            return
        self.summary.show_result(self.result, self.real)
        table = self.tables.get(self.real)
        if table is None:
            table = self.tables[self.real] = table_data(self.result.year_columns(real=self.real))
        self.table_model.set_table(table)
        self.table.fit_columns()
        self.path_note.show_result(self.result, self.real)
        self._show_path_note()
        self._show_crypto()
        self._show_charts()  # last: its drawing starts on a worker

    def set_stale(self, stale: bool, note: str = "") -> None:
        """Grey the results out (they belong to an earlier plan) or bring them back."""
        stale = stale and self.result is not None
        self.veil.setVisible(stale)
        if stale:
            self.veil.raise_()
        self.summary.set_stale(stale)
        self.crypto.search.find_button.setEnabled(not stale)  # a search is for the plan on screen
        self.stale_note.setText(note)
        self.stale_note.setVisible(stale and bool(note))
