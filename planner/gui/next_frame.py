"""Run something once the window has painted its next frame.

New results paint the summary and the year table first; work that holds the GUI thread or the
GIL in long stretches (drawing a chart, making the chart tabs) waits for that frame, so what
came with the results is on screen before it starts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# The longest the wait lasts (a hidden window paints no frame).
FRAME_WAIT_MS = 100


class _AfterFrame(QObject):
    """Calls ``then`` once the window of ``widget`` has painted its next frame (Qt paints a
    window's changed widgets together, from one update request, a frame after they changed),
    or after FRAME_WAIT_MS."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then: Callable[[], None] | None = then
        self.handle = widget.window().windowHandle() if widget.isVisible() else None
        if self.handle is not None:
            self.handle.installEventFilter(self)
        QTimer.singleShot(FRAME_WAIT_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            watched.removeEventFilter(self)
            self.handle = None
            QTimer.singleShot(0, self, self._call)  # once this frame is painted
        return False

    def _call(self) -> None:
        if self.handle is not None:
            self.handle.removeEventFilter(self)
            self.handle = None
        then, self.then = self.then, None
        if then is not None:
            then()
            self.deleteLater()


def after_next_frame(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` after the next frame of ``widget``'s window (on the GUI thread)."""
    _AfterFrame(widget, then)
