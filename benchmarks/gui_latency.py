"""GUI responsiveness, offscreen: how soon an edit shows its answer, whether the window keeps
answering while everything after an edit runs, and how soon a fresh start shows results.
Run it alone (`python benchmarks/gui_latency.py`, it prints its table and exits 1 when a
target is missed) or through `benchmarks/run.py`, which takes ``rows()``.

- Edit to summary: from ``doc.set_value`` until the summary strip showing the first result
  of the edit (the quick preview) has been painted.
- Longest stall: a 5 ms QTimer records when the GUI event loop gets to run; the longest gap
  between two ticks is the longest the window could not answer a click or paint. The probe
  runs from the edit until every stage is done (preview, the preview-to-full handover, the
  full run, the charts drawn for both, the background extras and the chart drawn for them).
- Cold start: a fresh ``python -m planner`` opening the sample plan (as on a first start
  after the welcome), until it has painted its first results (it prints the moment:
  PLANNER_BENCH_EXIT_ON_RESULTS). The chart tabs are made after that paint (they import
  matplotlib), so the time to the first chart drawn is shown too, for context.

Every figure is the median of at least five runs (the worst is shown too, for context). The
plan is the sample plan in Monte Carlo mode with 10,000 paths, so each edit runs a 1,000-path
preview and then the full run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-gui-bench-")
ROOT = Path(__file__).resolve().parent.parent
if "planner" not in sys.modules and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from planner.core.model import Mode  # noqa: E402
from planner.core.storage import sample_plan  # noqa: E402
from planner.gui import collector  # noqa: E402
from planner.gui.app import configure_application  # noqa: E402
from planner.gui.main_window import MainWindow  # noqa: E402

SUMMARY_LIMIT_MS = 150.0
STALL_LIMIT_MS = 50.0
COLD_START_LIMIT_S = 1.5
TICK_MS = 5
PATHS = 10_000
CYCLES = 5  # edit -> everything done, each timed whole
COLD_STARTS = 5

Row = tuple[str, float, float | None, str]


class Ticks:
    """The GUI thread's heartbeat: the longest gap between two 5 ms ticks."""

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


class PaintWatch(QObject):
    """Records when a widget is next painted (after ``arm``)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.painted: float | None = None
        self._armed = False
        widget.installEventFilter(self)

    def arm(self) -> None:
        self._armed = True
        self.painted = None
        self.widget.update()  # new figures are painted: make sure this widget is too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() == QEvent.Type.Paint:
            self._armed = False
            # Just after the paint itself (a zero timer runs once this event is done).
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.painted = time.perf_counter()


def wait(app: QApplication, done: Callable[[], bool], timeout: float = 300.0) -> None:
    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the GUI did not finish in time")
        app.processEvents()
        time.sleep(0.001)


def all_done(w: MainWindow) -> bool:
    """Every stage of the last edit has reported and every chart is drawn."""
    return not (w.projection.busy or w.runner.busy or w.results.chart_pane.busy
                or w.results.extras_pending)


def settle(app: QApplication, w: MainWindow) -> None:
    """Wait until everything is done, and stays done for a moment (queued signals land)."""
    for _ in range(3):
        wait(app, lambda: all_done(w))
        end = time.perf_counter() + 0.05
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)


def open_window() -> tuple[QApplication, MainWindow]:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    QCoreApplication.setOrganizationName("planner-bench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      os.environ["PLANNER_DATA_DIR"])
    app.setStyle("Fusion")
    collector.install()  # as the app does: cyclic garbage is collected on the GUI thread
    plan = sample_plan()
    simulation = plan.simulation.__class__(
        **{**plan.simulation.__dict__, "mode": Mode.MONTE_CARLO, "paths": PATHS})
    w = MainWindow(plan.with_changes(simulation=simulation), None)
    w.resize(1400, 900)
    w.show()
    w.results.chart_pane.select("fan")
    settle(app, w)
    return app, w


def edit_cycles(app: QApplication, w: MainWindow) -> tuple[list[float], list[float], int]:
    """Edit, then watch until everything is done; returns (ms to the summary painted, the
    longest stall in ms) per edit, and the paths of the last full run."""
    watch = PaintWatch(w.results.summary)
    summaries: list[float] = []
    stalls: list[float] = []

    def on_result(_result: object, _seconds: float) -> None:
        if watch.painted is None and not watch._armed:
            watch.arm()  # after the window's own slot has put the figures in the summary

    w.projection.finished.connect(on_result)
    ticks = Ticks()
    try:
        for k in range(CYCLES):
            watch.painted = None
            watch._armed = False
            ticks.start()
            start = time.perf_counter()
            w.doc.set_value("spending.annual", 60_000.0 + 500 * (k + 1))
            wait(app, lambda: watch.painted is not None)
            assert watch.painted is not None
            summaries.append((watch.painted - start) * 1000)
            settle(app, w)
            stalls.append(ticks.stop())
            watch.painted = 0.0  # no more arming until the next edit
    finally:
        w.projection.finished.disconnect(on_result)
    result = w.results.result
    return summaries, stalls, result.n_paths if result is not None else 0


def cold_start_seconds(command: list[str] | None = None) -> tuple[float, float]:
    """One fresh `python -m planner` (or ``command``): seconds from starting it to its first
    results painted, and to its first chart drawn."""
    home = Path(tempfile.mkdtemp(prefix="planner-cold-"))
    config = home / "config" / "planner"
    config.mkdir(parents=True)
    # Past the first start's welcome: the app opens the sample plan.
    (config / "planner.conf").write_text("[welcome]\nshown=true\n", encoding="utf-8")
    env = dict(os.environ, PLANNER_DATA_DIR=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), PLANNER_BENCH_EXIT_ON_RESULTS="1")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT)) if p)
    started = time.time()
    # In a scratch folder: ``-m`` puts the current folder first on the path, which would
    # shadow the PYTHONPATH of a side-by-side comparison.
    done = subprocess.run(command or [sys.executable, "-m", "planner"], env=env, cwd=home,
                          capture_output=True, text=True, timeout=120)
    times = {}
    for line in done.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("PLANNER_RESULTS_PAINTED", "PLANNER_CHART_DRAWN"):
            times[name] = float(stamp) - started
    if len(times) < 2:
        raise RuntimeError(
            f"the app did not report painted results and a chart:\n{done.stdout}\n{done.stderr}")
    return times["PLANNER_RESULTS_PAINTED"], times["PLANNER_CHART_DRAWN"]


def rows() -> list[Row]:
    app, w = open_window()
    summaries, stalls, paths = edit_cycles(app, w)
    w.doc.undo_stack.setClean()
    w.close()
    starts = [cold_start_seconds() for _ in range(COLD_STARTS)]
    colds, charts = [s[0] for s in starts], [s[1] for s in starts]
    return [
        ("GUI: edit to summary painted, median", statistics.median(summaries),
         SUMMARY_LIMIT_MS, "ms"),
        ("GUI: edit to summary painted, worst", max(summaries), None, "ms"),
        (f"GUI: longest stall, edit to all done ({paths:,} paths), median",
         statistics.median(stalls), STALL_LIMIT_MS, "ms"),
        ("GUI: longest stall, worst edit", max(stalls), None, "ms"),
        ("GUI: cold start to results painted, median", statistics.median(colds),
         COLD_START_LIMIT_S, "s"),
        ("GUI: cold start, worst", max(colds), None, "s"),
        # The chart tabs (matplotlib) are made once the results are painted.
        ("GUI: cold start to first chart drawn, median", statistics.median(charts), None, "s"),
    ]


def main() -> int:
    table = rows()
    print(f"{'GUI latency':<62} {'figure':>10} {'limit':>8}  ok")
    failed = False
    for name, value, limit, unit in table:
        ok = limit is None or value <= limit
        failed |= not ok
        figure = f"{value:.1f} {unit}" if unit == "ms" else f"{value:.3f} {unit}"
        shown_limit = "" if limit is None else f"{limit:g} {unit}"
        print(f"{name:<62} {figure:>10} {shown_limit:>8}  {'yes' if ok else 'NO'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
