"""What keeps the GUI thread short: the cycle collector's policy, the percentiles computed on
the worker, and the start-up probe that times a cold start (benchmarks/gui_latency.py)."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from planner.charts import spending as spending_chart
from planner.core import outcomes
from planner.core.engine import project
from planner.core.model import Mode
from planner.core.outcomes import spending_range
from planner.core.storage import sample_plan
from planner.gui import collector, startup_probe
from planner.gui.main_window import MainWindow
from planner.gui.projection import prepare
from planner.gui.results import chart_pane
from planner.gui.results.summary import SummaryStrip


def test_the_imports_alive_at_install_are_frozen() -> None:
    collector.install()
    assert gc.get_freeze_count() > 1000  # Qt, numpy, pandas, matplotlib, planner


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), None),  # under every threshold: nothing
    ((701, 0, 0), 0),  # generation 0 alone, as Python
    ((701, 11, 0), 2),  # where Python collects generation 1: a full collection
    ((701, 11, 11), 2),
])
def test_collect_is_full_wherever_python_would_collect_an_older_generation(
        monkeypatch: pytest.MonkeyPatch, counts: tuple[int, int, int],
        expected: int | None) -> None:
    c = collector.install()
    asked: list[int] = []
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(gc, "get_count", lambda: counts)
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation) or 0)
    c.collect()
    assert asked == ([] if expected is None else [expected])


def test_a_prepared_result_needs_no_percentiles_on_the_gui_thread(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = sample_plan()
    plan = plan.with_changes(simulation=dataclasses.replace(
        plan.simulation, mode=Mode.MONTE_CARLO, paths=300))
    result = project(plan, paths=300)
    expected = spending_range(result)
    prepare(result)  # on the worker, in the window

    def not_here(_result: Any) -> Any:
        raise AssertionError("the spending range was computed again")

    monkeypatch.setattr(outcomes, "spending_range", not_here)
    strip = SummaryStrip()
    qtbot.addWidget(strip)
    strip.show_result(result)
    shown = strip.spending_range(result)
    assert shown is not None and expected is not None
    np.testing.assert_array_equal(shown.p50, expected.p50)
    assert spending_chart.spending_available(result)  # the chart tab asks too: no recompute


class FakeApp:
    def __init__(self) -> None:
        self.quit_calls = 0

    def quit(self) -> None:
        self.quit_calls += 1


def test_the_start_up_probe_reports_painted_results_and_the_first_chart_then_quits(
        qtbot: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(startup_probe.ENV, "1")
    assert startup_probe.wanted()
    plan = sample_plan()
    plan = plan.with_changes(simulation=dataclasses.replace(plan.simulation, paths=100))
    w = MainWindow(plan, None)
    qtbot.addWidget(w)
    w.projection.extras_enabled = False
    app = FakeApp()
    startup_probe.ExitOnResults(app, w)  # type: ignore[arg-type]
    w.show()
    qtbot.waitUntil(lambda: app.quit_calls == 1, timeout=20_000)
    assert w.results.result is not None  # the results came first
    assert not w.isVisible()  # closed, asking nothing
    assert w.results.charts.current().image is not None  # drawn before it quit
    out = capsys.readouterr().out.splitlines()
    painted = [float(x.split()[1]) for x in out if x.startswith(startup_probe.LINE + " ")]
    drawn = [float(x.split()[1]) for x in out if x.startswith(startup_probe.CHART_LINE + " ")]
    assert len(painted) == 1 and len(drawn) == 1 and 0 < painted[0] <= drawn[0]
    w.runner.wait()


def test_the_probe_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(startup_probe.ENV, raising=False)
    assert not startup_probe.wanted()
    monkeypatch.setenv(startup_probe.ENV, "0")
    assert not startup_probe.wanted()


def test_the_window_starts_without_pandas_or_matplotlib(tmp_path: Path) -> None:
    """The window is made, with the sample plan open, before pandas or matplotlib is
    imported: about 0.8 s of a cold start. Its year table needs no pandas; the exports, whose
    tables are DataFrames, import it on the GUI thread before their worker starts
    (FileActions._start_export). The chart tabs import matplotlib once the first results are
    painted (ChartPane)."""
    import os
    import subprocess
    import sys

    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from planner.core.storage import sample_plan\n"
            "from planner.gui.main_window import MainWindow\n"
            "w = MainWindow(sample_plan(), None)\n"
            "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANNER_DATA_DIR=str(tmp_path / "d"),
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True, env=env, cwd=tmp_path)
    assert done.stdout.split("\n")[-2] == "[]", done.stdout + done.stderr


def test_the_chart_tabs_are_made_after_the_first_results_are_painted(qtbot: Any) -> None:
    """The summary is painted before the chart tabs exist; they are made after that frame,
    with the chart chosen before them, and draw it."""
    from PySide6.QtCore import QEvent, QObject

    plan = sample_plan()
    plan = plan.with_changes(simulation=dataclasses.replace(plan.simulation, paths=240))
    w = MainWindow(plan, None)
    qtbot.addWidget(w)
    pane = w.results.chart_pane
    assert not pane.made
    pane.select("taxes")
    made_at_paint: list[bool] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and w.results.result is not None:
                made_at_paint.append(pane.made)
            return False

    painted = Painted()
    w.results.summary.installEventFilter(painted)
    w.show()
    qtbot.waitUntil(lambda: pane.made and not pane.busy and not w.projection.busy,
                    timeout=30_000)
    w.results.summary.removeEventFilter(painted)
    assert made_at_paint and made_at_paint[0] is False
    assert pane.current_key() == "taxes"
    assert w.results.charts.current().image is not None
    # The room kept for the tabs was enough: the results did not grow when they came.
    assert w.results.charts.minimumSizeHint().height() <= \
        pane.fontMetrics().lineSpacing() * 4 + chart_pane.CHART_MIN_HEIGHT


def test_the_windows_year_table_is_the_year_tables_figures() -> None:
    """Without pandas the window's table (Result.year_columns) has the columns and the very
    numbers of the DataFrame the exports write (Result.year_table), an age after a death
    blank in both."""
    from planner.core.storage import load_plan
    from planner.gui.results.table_model import table_data

    couple = Path(__file__).resolve().parents[2] / "benchmarks" / "plans" / "couple_58_55.json"
    result = project(load_plan(couple), Mode.MONTE_CARLO, paths=200, seed=3)
    for real in (True, False):
        frame = result.year_table(real=real)
        table = table_data(result.year_columns(real=real))
        assert table.columns == [str(c) for c in frame.columns]
        assert np.array_equal(np.array(table.values), frame.to_numpy(dtype=float),
                              equal_nan=True)


def test_a_chart_is_drawn_after_the_frame_that_shows_the_summary(
        qtbot: Any, window: MainWindow, settle: Any) -> None:
    """New results paint the summary first; the chart's drawing (on a worker, holding the
    GIL in long stretches) starts only after that frame. Started at once it held the
    summary's paint back by 50-100 ms."""
    from PySide6.QtCore import QEvent, QObject

    w = window
    charts = w.results.charts
    # The window's first results may still have their chart to draw: done with that first.
    qtbot.waitUntil(lambda: not charts.busy, timeout=10_000)
    order: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and "result" in order
                    and "summary" not in order):
                order.append("summary")
            return False

    painted = Painted()
    w.results.summary.installEventFilter(painted)
    canvas = charts.current()
    assert canvas is not None
    real_start = canvas.show_inputs

    def started(*args: Any, **kwargs: Any) -> None:
        order.append("chart")
        real_start(*args, **kwargs)

    canvas.show_inputs = started  # type: ignore[method-assign]

    def arrived(_result: object, _seconds: float) -> None:
        if "result" not in order:
            order.append("result")

    # Told after the window's own slot has shown the result (connected later): a chart
    # started within that slot would come first.
    w.projection.finished.connect(arrived)
    w.doc.set_value("spending.annual", 61_000.0)
    settle(w)
    qtbot.waitUntil(lambda: not charts.busy, timeout=10_000)
    w.results.summary.removeEventFilter(painted)
    w.projection.finished.disconnect(arrived)
    assert order[:3] == ["result", "summary", "chart"]


def test_a_hidden_window_still_draws_its_chart(qtbot: Any) -> None:
    """No frame comes for a hidden window: the chart waits FRAME_WAIT_MS at most."""
    from planner.gui import next_frame
    from planner.gui.results import chart_view

    calls: list[float] = []
    widget = chart_view.ChartTabs()
    qtbot.addWidget(widget)  # never shown
    next_frame.after_next_frame(widget, lambda: calls.append(1.0))
    qtbot.waitUntil(lambda: calls == [1.0], timeout=2 * next_frame.FRAME_WAIT_MS + 1000)


def test_a_stopped_window_draws_no_chart_not_even_one_due_after_the_next_frame(
        qtbot: Any, window: MainWindow) -> None:
    """Closing stops every worker; a chart that was waiting for the next frame must not
    start drawing after that (a draw left running when the interpreter shuts down makes
    Qt's pool abort the process)."""
    from planner.gui import next_frame

    w = window
    charts = w.results.charts
    qtbot.waitUntil(lambda: not charts.busy, timeout=10_000)
    canvas = charts.current()
    assert canvas is not None
    started: list[int] = []
    real_start = canvas.show_inputs
    canvas.show_inputs = lambda *a, **kw: started.append(1) or real_start(*a, **kw)  # type: ignore[method-assign]
    w.results.chart_pane.show_inputs(charts.inputs, True)  # due after the next frame
    w.stop_work()
    qtbot.wait(2 * next_frame.FRAME_WAIT_MS + 200)
    assert started == [] and not charts.busy


def test_an_edit_after_a_pause_runs_at_once_and_a_burst_runs_once(
        qtbot: Any, window: MainWindow, settle: Any) -> None:
    """The pause that joins a burst of edits is not waited out by the first edit after a
    pause: its run starts at the next turn of the event loop (it waited DEBOUNCE_MS, 30 of
    the 175-225 ms from an edit to its summary). Edits in a burst still run once."""
    from PySide6.QtWidgets import QApplication

    from planner.gui.projection import DEBOUNCE_MS

    w = window
    qtbot.waitUntil(lambda: not w.projection.busy and not w.projection.pending,
                    timeout=30_000)
    starts: list[str] = []
    w.projection.started.connect(starts.append)
    qtbot.wait(DEBOUNCE_MS + 20)  # a pause
    w.doc.set_value("spending.annual", 61_000.0)
    QApplication.processEvents()  # the next turn of the event loop
    assert starts, "the run waited for a pause after a lone edit"
    settle(w)
    qtbot.waitUntil(lambda: not w.projection.busy, timeout=30_000)
    starts.clear()
    qtbot.wait(DEBOUNCE_MS + 20)
    for k in range(4):  # one burst, before the event loop turns: it runs once
        w.doc.set_value("spending.annual", 62_000.0 + 100 * k)
    settle(w)
    qtbot.waitUntil(lambda: not w.projection.busy, timeout=30_000)
    assert w.results.result is not None
    assert w.results.result.plan.spending.annual == 62_300.0
    runs = [s for s in starts if s in ("preview", "full")]
    assert len(runs) == len(set(runs)), starts  # each stage once (preview, then full)
