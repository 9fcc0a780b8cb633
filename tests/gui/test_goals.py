"""Results ▸ Decisions and goals ▸ Goals: the three goal-seek answers for a target success
rate, searched on the worker, with Cancel, going out of date on an edit, and in the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner import outcome_text as ot
from planner.core.goals import Goals
from planner.gui import dialogs
from planner.gui.main_window import MainWindow
from planner.gui.results import goals
from planner.gui.results.goals import GoalsPanel

GOALS_PATHS = 30


@pytest.fixture(autouse=True)
def small_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(goals, "GOALS_PATHS", GOALS_PATHS)


def panel_of(w: MainWindow) -> GoalsPanel:
    w.results.lower_tabs.setCurrentWidget(w.results.decisions)
    return w.results.decisions.goals


def run(qtbot: Any, p: GoalsPanel) -> Goals:
    qtbot.mouseClick(p.bar.run_button, Qt.MouseButton.LeftButton)
    assert p.running and p.bar.cancel_button.isEnabled() and not p.target.isEnabled()
    qtbot.waitUntil(lambda: not p.running, timeout=30_000)
    assert p.goals is not None
    return p.goals[1]


def test_goals_show_three_answers_for_the_target(qtbot: Any, window: MainWindow) -> None:
    w = window
    p = panel_of(w)
    assert p.answer_box.isHidden()
    p.target.setValue(80)
    g = run(qtbot, p)
    assert g.target == pytest.approx(0.8) and g.paths == GOALS_PATHS
    names = tuple(person.name for person in w.doc.plan.people)
    assert p.texts() == [ot.spending_goal_text(g), ot.saving_goal_text(g),
                         ot.retire_goal_text(g, names)]
    spend, save, retire = p.texts()
    assert spend.startswith("Spend up to $") and "for 80% success" in spend
    assert save.startswith("For 80% success,") and retire.startswith("Retire at ")
    assert p.caption.text() == "For 80% success (Monte Carlo, 30 paths):"
    assert not p.answer_box.isHidden() and p.stale.isHidden() and p.status.isHidden()
    assert p.bar.run_button.isEnabled() and p.target.isEnabled()
    # An edit: out of date (greyed, with a note) and no longer the plan's; undo: current.
    before = w.doc.plan
    w.doc.set_value("spending.annual", 50_000.0)
    assert not p.stale.isHidden() and not p.answer_box.isEnabled()
    assert w.results.decisions.goals_for(w.doc.plan) is None
    assert w.results.decisions.goals_for(before) is g
    w.doc.undo_stack.undo()
    assert p.stale.isHidden() and p.answer_box.isEnabled()


def test_cancel_stops_the_goals_and_leaves_a_clear_state(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    p = panel_of(w)
    qtbot.mouseClick(p.bar.run_button, Qt.MouseButton.LeftButton)
    assert p.running
    qtbot.mouseClick(p.bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not p.running and p.bar.run_button.isEnabled() and p.target.isEnabled()
    assert not p.bar.cancel_button.isEnabled() and p.bar.progress.isHidden()
    assert "cancelled" in p.status.text() and p.answer_box.isHidden()
    # The search stops at its next check and its answer is never shown.
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=20_000)
    qtbot.wait(50)
    assert p.goals is None and p.answer_box.isHidden()


def test_the_pdf_export_gets_the_goals_of_the_plan_it_prints(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.report import inputs as report_inputs_module
    from planner.report import pdf
    from planner.report.inputs import ReportInputs

    w = window
    written: list[Any] = []

    def fake_write(inputs: Any, path: Any, progress: Any = None, **kw: Any) -> Path:
        written.append(inputs)
        Path(path).write_bytes(b"%PDF-")
        return Path(path)

    monkeypatch.setattr(report_inputs_module, "report_inputs",
                        lambda plan, **kw: ReportInputs(w.results.result))
    monkeypatch.setattr(pdf, "write_report", fake_write)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)

    def export() -> Any:
        w.menus["export_pdf"].trigger()
        qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=10_000)
        return written[-1]

    g = run(qtbot, panel_of(w))
    inputs = export()
    assert inputs.goals is g and tuple(inputs.decisions) == ()
    w.doc.set_value("spending.annual", 50_000.0)
    settle(w)
    assert export().goals is None
