"""The charts' place in the results: the chart tabs, made once the first results are painted.

The chart tabs need matplotlib, whose import takes about half a second: a third of the time
from starting the app to its first results. So the window starts without it. The first time
there is something to chart, this pane waits for the frame that paints the results (summary,
year table), then imports the chart code and makes the tabs on the GUI thread. Until then it
answers for them: which chart is selected, whether charts are still to come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QVBoxLayout, QWidget

from planner.charts.inputs import ChartInputs
from planner.charts.registry import CHARTS, import_all
from planner.gui import collector
from planner.gui.next_frame import after_next_frame

if TYPE_CHECKING:
    from planner.gui.results.chart_view import ChartTabs

# A chart's smallest height on screen (the chart tabs add their tab bar and readout line).
CHART_MIN_HEIGHT = 220


class ChartPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Charts")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # What the tabs will need, so that the results do not move when they come: a chart,
        # the tab bar above it and the readout line below (about a line of text each).
        line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(CHART_MIN_HEIGHT + 4 * line)
        self._tabs: ChartTabs | None = None
        self._due = False  # the tabs are to be made after the next frame
        self._stopped = False  # the window is closing: no tabs are made, no chart drawn
        self._shown: tuple[ChartInputs, bool, str] | None = None
        self._selected = ""  # the chart asked for before the tabs were made

    def sizeHint(self) -> QSize:
        """Until the tabs are made, the height they will ask for: the results splitter shares
        out its height by its panes' hints, and the charts keep the share they will have."""
        if self._tabs is None:
            return QSize(0, self.minimumHeight())
        return super().sizeHint()

    @property
    def made(self) -> bool:
        return self._tabs is not None

    @property
    def tabs(self) -> ChartTabs:
        """The chart tabs, made now if they have not been."""
        if self._tabs is None:
            from planner.gui.results.chart_view import ChartTabs

            import_all()  # here, not first on the worker that draws a chart
            collector.freeze_late_imports()
            tabs = ChartTabs(self)
            self._layout.addWidget(tabs)
            self.setMinimumHeight(0)  # the tabs' own minimum from now on
            self._tabs = tabs
            if self._selected:
                tabs.select(self._selected)
            if self._shown is not None:
                tabs.show_inputs(*self._shown)
        return self._tabs

    @property
    def busy(self) -> bool:
        """True while a chart is being drawn, or the tabs are still to be made to draw one."""
        return self._due or (self._tabs is not None and self._tabs.busy)

    def show_inputs(self, inputs: ChartInputs, real: bool, waiting_note: str = "") -> None:
        if self._tabs is not None:
            self._tabs.show_inputs(inputs, real, waiting_note)
            return
        self._shown = (inputs, real, waiting_note)
        if not self._due:
            self._due = True
            after_next_frame(self, self._make)

    def _make(self) -> None:
        self._due = False
        if not self._stopped:
            _ = self.tabs

    # ----- which chart
    @staticmethod
    def chart_titles() -> list[tuple[str, str]]:
        """(key, tab title) of every chart, in the tabs' order (no tabs needed)."""
        return [(spec.key, spec.title) for spec in CHARTS]

    def select(self, key: str) -> None:
        if self._tabs is not None:
            self._tabs.select(key)
        elif key in dict(self.chart_titles()):
            self._selected = key

    def current_key(self) -> str:
        return self._tabs.current_key() if self._tabs is not None else self._selected

    def stop(self) -> None:
        """No chart from now on, not even one waiting for the next frame (the window is
        closing: a draw started after it stopped its workers would still run when the
        interpreter shuts down, and Qt aborts the process then); wait for the one drawing."""
        self._stopped = True
        if self._tabs is not None:
            self._tabs.stop()
