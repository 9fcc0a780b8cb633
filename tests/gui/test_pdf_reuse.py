"""File ▸ Export PDF uses the runs already on screen (issue 14, item 4): with the full run and
its crypto and stress tables shown for the plan, the export runs the engine only for what the
window does not have (the largest crypto share), and its figures are the window's, which are
also what a fresh `planner-cli report` computes."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from planner.gui import dialogs
from planner.gui.main_window import MainWindow

pytestmark = pytest.mark.skipif(importlib.util.find_spec("planner.report.pdf") is None,
                                reason="report.pdf not written yet")


def wait_extras(qtbot: Any, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: not w.projection.busy and w.results.extras is not None
                    and w.results.extras.plan == w.doc.plan, timeout=60_000)


class EngineCalls:
    """Counts engine runs (engine.simulate: every projection, wherever it was asked for),
    apart from those inside the crypto share solver, which the window never runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import planner.core.engine as engine
        import planner.report.inputs as inputs_module

        self.outside = 0
        self.solver = 0
        self._in_solver = threading.local()
        simulate, solve = engine.simulate, inputs_module.max_crypto_share

        def counted_simulate(*args: Any, **kwargs: Any) -> Any:
            if getattr(self._in_solver, "on", False):
                self.solver += 1
            else:
                self.outside += 1
            return simulate(*args, **kwargs)

        def counted_solve(*args: Any, **kwargs: Any) -> Any:
            self._in_solver.on = True
            try:
                return solve(*args, **kwargs)
            finally:
                self._in_solver.on = False

        monkeypatch.setattr(engine, "simulate", counted_simulate)
        monkeypatch.setattr(inputs_module, "max_crypto_share", counted_solve)


def solver_runs(plan: Any, result: Any) -> list[Any]:
    """Every run the report's share solver asks for (run_memo keys), on its own."""
    from planner.core.analysis import max_crypto_share
    from planner.core.run_memo import Runs, run_key
    from planner.report.inputs import SHARE_WITHIN

    asked: list[Any] = []

    class Recording(Runs):
        def headline(self, plan: Any, mode: Any, paths: Any, seed: Any, stress: Any = None,
                     cancel: Any = None) -> Any:
            asked.append(run_key(plan, mode, paths, seed, stress))
            return super().headline(plan, mode, paths, seed, stress, cancel)

    max_crypto_share(plan, SHARE_WITHIN, mode=result.mode, paths=result.n_paths,
                     seed=plan.simulation.seed, runs=Recording())
    return asked


def export(qtbot: Any, w: MainWindow, target: Path, monkeypatch: pytest.MonkeyPatch
           ) -> Any:
    """Export the PDF through the menu; the inputs the report was written from."""
    import planner.report.pdf as pdf_module

    written: list[Any] = []
    real_write = pdf_module.write_report

    def write_report(inputs: Any, path: Any, *args: Any, **kwargs: Any) -> Path:
        written.append(inputs)
        return real_write(inputs, path, *args, **kwargs)

    monkeypatch.setattr(pdf_module, "write_report", write_report)
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)
    w.menus["export_pdf"].trigger()
    qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=120_000)
    assert target.read_bytes().startswith(b"%PDF"), w.status_label.text()
    assert len(written) == 1
    return written[0]


def test_the_pdf_export_runs_nothing_the_window_has(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.report.inputs import report_inputs
    from tests.report.pdf_text import pdf_text

    w = window
    w.projection.extras_enabled = True
    w.recompute()
    wait_extras(qtbot, w)
    on_screen, extras = w.results.result, w.results.extras
    assert on_screen is not None and extras is not None and extras.outlooks is not None
    calls = EngineCalls(monkeypatch)

    inputs = export(qtbot, w, tmp_path / "report.pdf", monkeypatch)

    assert calls.outside == 0  # no main run, sweep, outlook, stress or history run again
    assert calls.solver > 0  # the one table the window does not show was computed
    # ... from the shares the sweep did not run: the solver's own runs, less the window's.
    asked = solver_runs(w.doc.plan, on_screen)
    assert calls.solver == len(set(asked) - set(extras.runs._kept)) < len(asked)
    assert inputs.result is on_screen
    assert inputs.outlooks is extras.outlooks and inputs.stresses is extras.stress
    assert inputs.worst_history is extras.worst_history
    assert list(inputs.sensitivity) == list(extras.sensitivity)
    # The PDF prints the figures on screen: every one of the summary strip's.
    text = " ".join(pdf_text(tmp_path / "report.pdf").split())
    shown = w.results.summary.texts()
    shown.pop("headline")
    assert shown and all(value in text for value in shown.values()), (shown, text[:400])
    # And they are what a report computed from nothing (as planner-cli's) has.
    plan = w.doc.plan
    fresh = report_inputs(plan, mode=on_screen.mode, paths=plan.simulation.paths,
                          seed=plan.simulation.seed)
    assert fresh.result.summary == on_screen.summary
    assert fresh.outlooks == inputs.outlooks and fresh.stresses == inputs.stresses
    assert list(fresh.sensitivity) == list(inputs.sensitivity)
    assert fresh.worst_history is not None and inputs.worst_history is not None
    assert fresh.worst_history.start_year == inputs.worst_history.start_year
    assert np.array_equal(fresh.worst_history.total_balance_real,
                          inputs.worst_history.total_balance_real)
    assert fresh.share_answer == inputs.share_answer


def test_runs_of_another_size_are_not_reused(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window ran 150 paths where the plan asks for 240: the report runs the plan's."""
    w = window
    w.projection.full_paths = 150
    w.projection.extras_enabled = True
    w.recompute()
    wait_extras(qtbot, w)
    assert w.results.result is not None and w.results.result.n_paths == 150
    calls = EngineCalls(monkeypatch)

    inputs = export(qtbot, w, tmp_path / "report.pdf", monkeypatch)

    assert inputs.result is not w.results.result
    assert inputs.result.n_paths == w.doc.plan.simulation.paths
    assert inputs.outlooks is not w.results.extras.outlooks
    assert calls.outside > 0
