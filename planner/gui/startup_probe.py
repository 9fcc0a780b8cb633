"""Cold-start measurement: with PLANNER_BENCH_EXIT_ON_RESULTS=1 the app prints the moment its
first results are painted, then the moment its first chart is drawn, and quits
(``benchmarks/gui_latency.py`` times a fresh start so)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from planner.gui.main_window import MainWindow

ENV = "PLANNER_BENCH_EXIT_ON_RESULTS"
LINE = "PLANNER_RESULTS_PAINTED"
CHART_LINE = "PLANNER_CHART_DRAWN"  # the chart tabs are made after the results are painted


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


class ExitOnResults(QObject):
    """Waits for the first result, then for the summary strip's paint, then for the first
    chart, then quits."""

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
        self._say(LINE)
        self._poll = QTimer(self)
        self._poll.setInterval(5)
        self._poll.timeout.connect(self._chart_drawn)
        self._poll.start()

    def _chart_drawn(self) -> None:
        pane = self.window.results.chart_pane
        if not pane.made or pane.busy:
            return
        self._poll.stop()
        self._say(CHART_LINE)
        self.window.doc.undo_stack.setClean()  # nothing to ask about on closing
        self.window.close()
        self.app.quit()

    @staticmethod
    def _say(line: str) -> None:
        sys.stdout.write(f"{line} {time.time():.6f}\n")
        sys.stdout.flush()
