"""Chart tabs: the shared ``planner.charts`` draw functions on figures inside Qt canvases.

A chart is redrawn only when it is on screen: a hidden tab is marked stale and drawn when it
is shown, so an edit costs one redraw, not one per tab. Redraws use ``draw_idle`` (Qt
coalesces them into the next paint).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtWidgets import QSizePolicy, QTabWidget, QWidget

from planner.charts import draw_balances, draw_income, make_figure
from planner.core.result import Result

log = logging.getLogger(__name__)

Draw = Callable[[Axes, Result, bool], None]


class ChartCanvas(FigureCanvasQTAgg):
    def __init__(self, draw: Draw, parent: QWidget | None = None) -> None:
        super().__init__(make_figure(8.0, 4.0))
        self.setParent(parent)
        self.draw_chart = draw
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)
        self.stale = False
        self._shown: tuple[Result, bool] | None = None

    @property
    def axes(self) -> Axes | None:
        return self.figure.axes[0] if self.figure.axes else None

    def show_result(self, result: Result, real: bool) -> None:
        if self._shown is not None and self._shown[0] is result and self._shown[1] == real:
            return
        self._shown = (result, real)
        self.figure.clear()
        ax = self.figure.add_subplot()
        try:
            self.draw_chart(ax, result, real)
        except Exception:  # noqa: BLE001 - a chart bug must not take the window down
            log.exception("chart failed to draw")
            self.figure.clear()
            self.figure.text(0.5, 0.5, "This chart could not be drawn.", ha="center")
        self.stale = False
        self.draw_idle()


class ChartTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.balances = ChartCanvas(draw_balances)
        self.income = ChartCanvas(draw_income)
        self.addTab(self.balances, "Balances by account")
        self.addTab(self.income, "Income vs spending")
        self._pending: tuple[Result, bool] | None = None
        self.currentChanged.connect(lambda _i: self._draw_current())

    def canvases(self) -> list[ChartCanvas]:
        return [self.balances, self.income]

    def show_result(self, result: Result, real: bool) -> None:
        self._pending = (result, real)
        for canvas in self.canvases():
            canvas.stale = True
        self._draw_current()

    def _draw_current(self) -> None:
        canvas = self.currentWidget()
        if isinstance(canvas, ChartCanvas) and canvas.stale and self._pending is not None:
            canvas.show_result(*self._pending)
