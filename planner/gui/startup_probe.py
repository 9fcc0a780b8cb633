"""Cold-start measurement: with PLANNER_BENCH_EXIT_ON_RESULTS=1 the app prints the moment its
first results are painted and quits (``benchmarks/gui_latency.py`` times a fresh start so)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from planner.gui.main_window import MainWindow

ENV = "PLANNER_BENCH_EXIT_ON_RESULTS"
LINE = "PLANNER_RESULTS_PAINTED"


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


class ExitOnResults(QObject):
    """Waits for the first result, then for the summary strip's paint, then quits."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self._armed = False
        window.projection.finished.connect(self._result)

    def _result(self, _result: object, _seconds: float) -> None:
        if self._armed:
            return
        self._armed = True
        summary = self.window.results.summary
        summary.installEventFilter(self)
        summary.update()  # its figures changed: it is painted in this event loop round

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)  # once this paint is done
        return False

    def _painted(self) -> None:
        sys.stdout.write(f"{LINE} {time.time():.6f}\n")
        sys.stdout.flush()
        self.window.doc.undo_stack.setClean()  # nothing to ask about on closing
        self.window.close()
        self.app.quit()
