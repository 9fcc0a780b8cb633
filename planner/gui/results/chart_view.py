"""Chart tabs: one per chart of ``planner.charts.registry``, drawn off the GUI thread.

Only the visible tab is drawn: a hidden tab is marked stale and drawn when it is shown, so an
edit costs one drawing, not one per tab. Moving the mouse over a chart asks the chart's own
``hover`` function what lies under the cursor and shows it in the readout line below.
"""

from __future__ import annotations

import logging
from typing import Any

from matplotlib.axes import Axes
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from planner.gui import theme
from planner.gui.next_frame import after_next_frame
from planner.gui.results.chart_image import ChartImage
from planner.gui.results.chart_specs import ChartInputs, ChartSpec, chart_specs
from planner.gui.worker import TaskRunner

log = logging.getLogger(__name__)


class ChartCanvas(ChartImage):
    """One registry chart: draws its spec for the inputs and dollars it was given."""

    def __init__(self, spec: ChartSpec, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.spec = spec
        self.setAccessibleName(f"{spec.title} chart")
        self.stale = False
        self.inputs: ChartInputs | None = None
        self.real = True
        self._shown: tuple[int, bool, str] | None = None

    def show_inputs(self, inputs: ChartInputs, real: bool, note: str = "") -> None:
        self.stale = False
        key = (id(inputs), real, note)
        if self._shown == key:
            return
        self._shown = key
        self.inputs, self.real = inputs, real
        spec = self.spec
        # Only a chart drawn from the background analyses waits for them; one that cannot
        # have data in this mode says why at once.
        waiting = note if note and spec.extra and not spec.available(inputs) else ""

        def draw(ax: Axes) -> None:
            if waiting:  # its data is being computed
                ax.set_axis_off()
                ax.text(0.5, 0.5, waiting, ha="center", va="center", color="#555555",
                        fontsize=11, transform=ax.transAxes)
            else:  # a chart without its data draws its own short message
                spec.draw(ax, inputs, real)

        self.set_draw(draw)

    def hover_text(self, x: float | None) -> str:
        if x is None or self.inputs is None or not self.spec.available(self.inputs):
            return ""
        try:
            return self.spec.hover(self.inputs, x, self.real)
        except Exception:  # noqa: BLE001 - a hover bug must never interrupt the mouse
            log.exception("hover of %s failed", self.spec.key)
            return ""


class ChartTabs(QWidget):
    """The chart tab widget with a readout line under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)  # one chart at a time; the newest request wins
        self.runner = TaskRunner(pool, self)
        self.tabs = QTabWidget(self)
        theme.compact_tabs(self.tabs.tabBar())
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Charts")
        self.hint = "Move the mouse over a chart to read its values."
        self.readout = QLabel(self.hint)
        self.readout.setTextFormat(Qt.TextFormat.PlainText)  # hover text names accounts
        self.readout.setAccessibleName("Values under the mouse")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setStyleSheet("color: palette(placeholder-text); padding: 2px 6px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.readout)
        self._canvases: dict[str, ChartCanvas] = {}
        for spec in chart_specs():
            canvas = ChartCanvas(spec, self.runner)
            canvas.hovered.connect(lambda x, c=canvas: self._show_hover(c.hover_text(x)))
            self._canvases[spec.key] = canvas
            self.tabs.addTab(canvas, spec.title)
        self._pending: tuple[ChartInputs, bool] | None = None
        self._deferred = False  # new inputs wait for the window's next frame
        self._stopped = False  # the window is closing: no chart is drawn any more
        self.waiting_note = ""
        # The chart the person chose last: shown again as soon as it has data (back from
        # Expected mode, say), while a chart without data stands in for it.
        self.preferred = self.chart_keys()[0]
        self._switching = False
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())

    # ----- lookup
    def canvases(self) -> list[ChartCanvas]:
        return list(self._canvases.values())

    def canvas(self, key: str) -> ChartCanvas:
        return self._canvases[key]

    def chart_keys(self) -> list[str]:
        return list(self._canvases)

    def current(self) -> ChartCanvas | None:
        canvas = self.tabs.currentWidget()
        return canvas if isinstance(canvas, ChartCanvas) else None

    def current_key(self) -> str:
        canvas = self.current()
        return canvas.spec.key if canvas is not None else ""

    def select(self, key: str) -> None:
        """Show this chart (even without its data: it then says why)."""
        if key in self._canvases:
            self.preferred = key
            self.tabs.setCurrentWidget(self._canvases[key])

    def usable(self, key: str) -> bool:
        """The chart has something to show now, or is waiting for its background data."""
        return self.tabs.isTabEnabled(self.tabs.indexOf(self._canvases[key]))

    def _tab_changed(self) -> None:
        if self._switching:  # the window's own choice: show_inputs draws it
            return
        self.preferred = self.current_key()
        self._draw_current()

    def _mark_usable(self, inputs: ChartInputs, waiting: bool) -> None:
        """Grey out the tabs of charts that cannot show anything for these results, with the
        reason as their tooltip; then show the preferred chart if it has data, else keep the
        chart on screen if it has, else show the first one that has: a chart is never empty.
        (Qt itself moves off a tab being disabled: that is the window's choice too, not the
        person's.)"""
        self._switching = True
        try:
            for i, canvas in enumerate(self.canvases()):
                spec = canvas.spec
                usable = spec.available(inputs) or (spec.extra and waiting)
                self.tabs.setTabEnabled(i, usable)
                self.tabs.setTabToolTip(i, "" if usable else f"{spec.title}: {spec.missing}")
            keys = [self.preferred, self.current_key(), *self.chart_keys()]
            shown = next((k for k in keys if k and self.usable(k)), "")
            if shown:
                self.tabs.setCurrentWidget(self._canvases[shown])
        finally:
            self._switching = False

    @property
    def busy(self) -> bool:
        """True while a chart is being drawn (or about to be)."""
        return self._deferred or any(c.busy for c in self.canvases())

    # ----- showing
    def show_inputs(self, inputs: ChartInputs, real: bool, waiting_note: str = "") -> None:
        """New results (or extras, or dollars): every tab is stale; the visible one redraws
        once the window has painted its next frame: what came with the results (the summary,
        the year table) is painted first. A chart drawn on the worker holds the GIL in long
        stretches (matplotlib's text layout), and started at once it held that paint back by
        50-100 ms."""
        self._pending = (inputs, real)
        self.waiting_note = waiting_note
        for canvas in self.canvases():
            canvas.stale = True
        self._mark_usable(inputs, bool(waiting_note))
        if not self._deferred:
            self._deferred = True
            after_next_frame(self, self._draw_deferred)

    def _draw_deferred(self) -> None:
        self._deferred = False
        self._draw_current()

    def stop(self) -> None:
        """Draw nothing more (a draw waiting for the next frame included), and wait for the
        one on the worker."""
        self._stopped = True
        self.runner.wait()

    def _draw_current(self) -> None:
        if self._stopped:
            return
        canvas = self.current()
        if canvas is not None and canvas.stale and self._pending is not None:
            canvas.show_inputs(*self._pending, note=self.waiting_note)

    def _show_hover(self, text: str) -> None:
        self.readout.setText(text or self.hint)

    @property
    def inputs(self) -> Any:
        return self._pending[0] if self._pending else None
