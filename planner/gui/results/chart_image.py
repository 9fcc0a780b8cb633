"""A chart drawn off the GUI thread and shown as an image.

Drawing a chart with matplotlib takes 50-250 ms (text layout, antialiased fills): far too long
for the GUI thread, which must never stall for more than a few milliseconds. So a chart is
drawn on a worker into a plain ``Figure`` with an Agg canvas of the widget's size in device
pixels (sharp on high-DPI screens); the widget only paints the finished image, scaled while a
new size is being drawn. The figure is kept with the image: its transforms turn a mouse
position into data coordinates for the hover readout. A figure is only ever touched by one
thread at a time: the worker that draws it, then the GUI thread that shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.charts.style import make_figure
from planner.gui.results.chart_pane import CHART_MIN_HEIGHT
from planner.gui.worker import Cancel, Progress, TaskRunner

log = logging.getLogger(__name__)

DPI = 100.0
FACE = "white"  # charts stay on a light card in a dark theme: their colours read
RESIZE_MS = 120

DrawFn = Callable[[Axes], None]


@dataclass
class Rendered:
    figure: Figure
    pixels: bytes  # RGBA, row by row
    width: int  # device pixels
    height: int
    ratio: float  # device pixels per logical pixel


def render(draw: DrawFn, width: int, height: int, ratio: float) -> Rendered:
    """Draw on a new figure of width x height logical pixels (worker thread)."""
    fig = make_figure(width / DPI, height / DPI)
    fig.set_dpi(DPI * ratio)
    fig.set_facecolor(FACE)
    canvas = FigureCanvasAgg(fig)
    try:
        draw(fig.add_subplot())
    except Exception:  # noqa: BLE001 - a chart bug must not take the window down
        log.exception("chart failed to draw")
        fig.clear()
        message(fig, "This chart could not be drawn.")
    canvas.draw()
    buffer = np.asarray(canvas.buffer_rgba())
    return Rendered(fig, buffer.tobytes(), buffer.shape[1], buffer.shape[0], ratio)


def message(fig: Figure, text: str) -> None:
    fig.text(0.5, 0.5, text, ha="center", va="center", color="#555555", fontsize=11)


class ChartImage(QWidget):
    """Shows a chart drawn by ``render``; asks for a redraw on resize; reports hover x."""

    hovered = Signal(object)  # data x under the mouse (float), or None
    drawn = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(CHART_MIN_HEIGHT)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.rendered: Rendered | None = None
        self.image: QImage | None = None
        self._draw: DrawFn | None = None
        self._generation = 0
        self._task: int | None = None
        self._resize = QTimer(self)
        self._resize.setSingleShot(True)
        self._resize.setInterval(RESIZE_MS)
        self._resize.timeout.connect(self.redraw)

    # ----- drawing
    @property
    def figure(self) -> Figure | None:
        return self.rendered.figure if self.rendered else None

    @property
    def axes(self) -> Axes | None:
        fig = self.figure
        return fig.axes[0] if fig is not None and fig.axes else None

    @property
    def busy(self) -> bool:
        return self._task is not None

    def set_draw(self, draw: DrawFn) -> None:
        """Draw this from now on (in the background)."""
        self._draw = draw
        self.redraw()

    def redraw(self) -> None:
        if self._draw is None:
            return
        self._generation += 1
        generation = self._generation
        draw = self._draw
        width, height = max(self.width(), 200), max(self.height(), 150)
        ratio = self.devicePixelRatioF()

        def job(_progress: Progress, cancel: Cancel) -> Rendered | None:
            if cancel():
                return None  # a newer drawing was asked for while this one waited
            return render(draw, width, height, ratio)

        self._task = self.runner.start(
            job,
            lambda n, value, _s: self._show(n, value) if generation == self._generation else None,
            lambda n, exc: self._failed(n, exc) if generation == self._generation else None,
            cancel=lambda: generation != self._generation,
        )

    def _show(self, _n: int, rendered: Rendered | None) -> None:
        self._task = None
        if rendered is None:
            return
        self.rendered = rendered
        image = QImage(rendered.pixels, rendered.width, rendered.height,
                       QImage.Format.Format_RGBA8888)
        self.image = image.copy()  # owns its pixels
        self.image.setDevicePixelRatio(rendered.ratio)
        self.update()
        self.drawn.emit()

    def _failed(self, _n: int, exc: BaseException) -> None:
        self._task = None
        log.error("chart rendering failed: %s", exc)

    # ----- Qt events
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(self.rect()), self.image)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._draw is not None:
            self._resize.start()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.hovered.emit(self.data_x(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self.hovered.emit(None)

    def data_x(self, pos: QPointF) -> float | None:
        """The data x of the axes under a widget position, or None outside every axes."""
        r = self.rendered
        if r is None or not r.figure.axes or self.width() <= 0 or self.height() <= 0:
            return None
        # Widget position -> figure pixels (origin bottom left), as drawn.
        x = pos.x() / self.width() * r.width
        y = (1 - pos.y() / self.height()) * r.height
        for ax in r.figure.axes:
            if ax.bbox.contains(x, y):
                return float(ax.transData.inverted().transform((x, y))[0])
        return None
