"""Results at a glance: every registry chart has a tab, hover reads values, the dollars switch
changes every money figure; live recompute: preview, full run, extras, cancel, stale runs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from planner.charts.registry import CHARTS
from planner.gui import window_state
from planner.gui.main_window import MainWindow
from tests.gui.conftest import PREVIEW_PATHS
from tests.gui.test_editing import show_chart


def wait_idle(qtbot: Any, w: MainWindow) -> None:
    """Every stage done (preview, full run, extras) and the visible chart drawn."""
    qtbot.waitUntil(lambda: not w.projection.busy and not w.results.charts.busy, timeout=20_000)


def test_a_tab_for_every_registry_chart_and_each_draws(qtbot: Any, window: MainWindow):
    w = window
    wait_idle(qtbot, w)
    assert w.results.charts.chart_keys() == [spec.key for spec in CHARTS]
    titles = [w.results.charts.tabs.tabText(i) for i in range(w.results.charts.tabs.count())]
    assert titles == [spec.title for spec in CHARTS]
    for key in w.results.charts.chart_keys():
        ax = show_chart(w, key)
        assert ax is not None, key
        assert ax.get_title(loc="left") or ax.texts, key  # a chart, or its short message


def test_hover_reads_the_values_under_the_mouse(qtbot: Any, window: MainWindow) -> None:
    w = window
    wait_idle(qtbot, w)
    ax = show_chart(w, "fan")
    canvas = w.results.charts.canvas("fan")
    assert canvas.hover_text(50.0).startswith("Age 50 (2036)")
    # A real mouse move over the middle of the plot area fills the readout line.
    rendered = canvas.rendered
    assert rendered is not None and ax is not None
    x0, y0, x1, y1 = ax.bbox.extents  # figure pixels, origin bottom left
    middle = QPoint(int((x0 + x1) / 2 / rendered.width * canvas.width()),
                    int((1 - (y0 + y1) / 2 / rendered.height) * canvas.height()))
    QTest.mouseMove(canvas, middle)
    qtbot.waitUntil(lambda: w.results.charts.readout.text().startswith("Age "))
    assert "median" in w.results.charts.readout.text()


def test_the_dollars_switch_changes_summary_chart_and_table(qtbot: Any, window: MainWindow):
    w = window
    wait_idle(qtbot, w)
    today = w.results.summary.texts()
    end_key = next(k for k in today if k.startswith("Estate at the last death"))
    table_today = w.results.table_model.value(w.results.table_model.rowCount() - 1,
                                              "Total balance")
    w.nominal_action.trigger()
    future = w.results.summary.texts()
    assert _dollars(future[end_key]) > 2 * _dollars(today[end_key])
    assert "future dollars" in w.results.summary.sentence.text()
    assert w.results.table_model.value(w.results.table_model.rowCount() - 1,
                                       "Total balance") > 2 * table_today
    assert "future" in show_chart(w, "fan").get_title(loc="left")
    w.real_action.trigger()
    assert w.results.summary.texts() == today


def test_an_edit_shows_a_preview_then_the_full_run_then_extras(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    w.projection.extras_enabled = True
    wait_idle(qtbot, w)
    w.editor.show_page(w.editor.spending)
    stages: list[tuple[str, int]] = []
    w.projection.finished.connect(
        lambda result, _s: stages.append((w.projection.last_stage, result.n_paths)))
    with qtbot.waitSignal(w.projection.extras_ready, timeout=20_000) as extras:
        w.doc.set_value("spending.annual", 64_000.0)
    full = w.projection.paths(w.doc.plan)
    assert stages == [("preview", PREVIEW_PATHS), ("full", full)]
    assert extras.args[0].plan == w.doc.plan
    assert w.results.result is not None and w.results.result.n_paths == full
    assert w.results.summary.texts()["Spending, year 1"] == "$64,000"
    # The extras feed their charts: the crypto sweep and the worst historical start.
    assert w.results.chart_inputs().sensitivity  # type: ignore[union-attr]
    crypto = show_chart(w, "crypto")
    assert crypto is not None and crypto.lines
    fan = show_chart(w, "fan")
    assert any("Worst historical" in str(line.get_label()) for line in fan.lines)


def test_cancel_keeps_the_preview_and_stops_the_full_run(qtbot: Any, window: MainWindow):
    w = window
    wait_idle(qtbot, w)
    w.projection.full_paths = 50_000  # long enough to be cancelled halfway
    w.doc.set_value("spending.annual", 58_000.0)
    qtbot.waitUntil(lambda: w.projection.stage == "full", timeout=10_000)
    assert w.status_bar.cancel_button.isVisible()
    qtbot.mouseClick(w.status_bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not w.projection.busy
    assert not w.status_bar.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)  # the worker stopped early
    result = w.results.result
    assert result is not None and result.n_paths == PREVIEW_PATHS
    assert result.plan.spending.annual == 58_000
    assert "Cancelled" in w.status_label.text()


def test_stale_runs_are_dropped(qtbot: Any, window: MainWindow) -> None:
    w = window
    wait_idle(qtbot, w)
    seen: list[float] = []
    w.projection.finished.connect(lambda r, _s: seen.append(r.plan.spending.annual))
    for amount in (61_000.0, 62_000.0, 63_000.0):
        w.doc.set_value("spending.annual", amount)
        w.projection.run_now()  # no debounce: each edit really starts a run
    wait_idle(qtbot, w)
    assert seen and set(seen) == {63_000.0}
    assert w.results.result is not None and w.results.result.plan == w.doc.plan


def test_the_window_keeps_its_layout(qtbot: Any, window: MainWindow) -> None:
    w = window
    w.results.charts.select("taxes")
    w.editor.show_page(w.editor.income)
    w.splitter.setSizes([600, 800])
    sizes = w.splitter.sizes()
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.restore_geometry()  # offscreen, the saved size may not fit the virtual screen:
    again.resize(w.size())
    again.show()
    window_state.restore_layout(again)  # so the layout is checked at the same size
    assert again.results.charts.current_key() == "taxes"
    assert again.editor.current_page() is again.editor.income
    assert again.splitter.sizes()[0] == sizes[0]  # the editor keeps its width


def _dollars(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))
