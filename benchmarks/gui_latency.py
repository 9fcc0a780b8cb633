"""GUI responsiveness: does the window keep ticking while 10,000 paths run, and how soon does an
edit show a preview? Run offscreen: `python benchmarks/gui_latency.py` (`make bench`).

A 5 ms QTimer records when the GUI event loop gets to run. The longest gap between two ticks
is the longest the window could not answer a click or paint: it is measured from the start of
the full 10,000-path run until every background stage (full run, drawing its results, crypto
sensitivity, worst history) is done. The edit-to-preview latency is the time from changing a
value in the plan until the quick preview's figures and table are on screen (the chart follows
from its own worker; its time is shown too).

Exits 1 if a stall exceeds 50 ms or the median preview takes longer than 250 ms (the worst
one is shown too; on a busy two-core machine it varies with the other processes).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-gui-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.core.model import Mode  # noqa: E402
from planner.core.storage import sample_plan  # noqa: E402
from planner.gui.app import configure_application  # noqa: E402
from planner.gui.main_window import MainWindow  # noqa: E402

STALL_LIMIT_MS = 50.0
PREVIEW_LIMIT_MS = 250.0
TICK_MS = 5
EDITS = 6


class Ticks:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> float:
        """The longest gap between ticks, in ms."""
        self.timer.stop()
        self.times.append(time.perf_counter())
        gaps = [b - a for a, b in zip(self.times, self.times[1:], strict=False)]
        return max(gaps) * 1000 if gaps else 0.0


def wait(app: QApplication, done: object, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not done():  # type: ignore[operator]
        if time.perf_counter() > end:
            raise TimeoutError("the GUI did not finish in time")
        app.processEvents()
        time.sleep(0.001)


def paint(w: MainWindow, app: QApplication) -> None:
    """Let queued paints (the chart's draw_idle) happen."""
    app.processEvents()
    w.results.charts.tabs.currentWidget().repaint()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    QCoreApplication.setOrganizationName("planner-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      os.environ["PLANNER_DATA_DIR"])
    app.setStyle("Fusion")
    plan = sample_plan()
    plan = plan.with_changes(simulation=plan.simulation.__class__(
        **{**plan.simulation.__dict__, "mode": Mode.MONTE_CARLO}))
    w = MainWindow(plan, None)
    w.resize(1400, 900)
    w.show()
    w.results.charts.select("fan")
    wait(app, lambda: not w.projection.busy)
    paint(w, app)

    # 1. Edit to preview, a few times (each edit restarts the whole chain).
    latencies, chart_latencies = [], []
    for k in range(EDITS):
        shown: list[float] = []

        def on_result(_result: object, _s: float, shown: list[float] = shown) -> None:
            if w.projection.last_stage == "preview" and not shown:
                shown.append(time.perf_counter())

        w.projection.finished.connect(on_result)
        start = time.perf_counter()
        w.doc.set_value("spending.annual", 60_000.0 + 500 * (k + 1))
        wait(app, lambda shown=shown: bool(shown))
        paint(w, app)
        latencies.append((time.perf_counter() - start) * 1000)
        w.projection.finished.disconnect(on_result)
        w.projection.cancel()
        wait(app, lambda: not w.results.charts.busy)
        paint(w, app)
        chart_latencies.append((time.perf_counter() - start) * 1000)
        wait(app, lambda: not w.runner.busy)  # the cancelled run has stopped

    # 2. A full run and everything after it, with the event loop watched.
    ticks = Ticks()
    full_seconds: list[float] = []

    def on_full(result: object, seconds: float) -> None:
        if w.projection.last_stage == "full":
            full_seconds.append(seconds)

    w.projection.finished.connect(on_full)
    w.doc.set_value("spending.annual", 61_234.0)
    wait(app, lambda: w.projection.stage == "full")
    ticks.start()
    wait(app, lambda: not w.projection.busy)
    paint(w, app)
    stall = ticks.stop()
    result = w.results.result
    paths = result.n_paths if result is not None else 0

    rows = [
        ("edit to preview figures, median", statistics.median(latencies), PREVIEW_LIMIT_MS),
        ("edit to preview figures, worst", max(latencies), None),
        ("edit to preview chart drawn, median", statistics.median(chart_latencies), None),
        (f"full run ({paths:,} paths), on the worker", full_seconds[-1] * 1000, None),
        ("longest GUI stall, full run + extras", stall, STALL_LIMIT_MS),
    ]
    print(f"{'GUI latency':<44} {'ms':>9} {'limit':>7}  ok")
    failed = False
    for name, value, limit in rows:
        ok = limit is None or value <= limit
        failed |= not ok
        shown_limit = "" if limit is None else f"{limit:.0f}"
        print(f"{name:<44} {value:9.1f} {shown_limit:>7}  {'yes' if ok else 'NO'}")
    w.doc.undo_stack.setClean()
    w.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
