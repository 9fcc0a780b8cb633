"""Results ▸ Decisions and goals ▸ Decisions: the optimisers run on the worker, their answer in
words and as a ranking, Cancel, a plan with nothing to decide, "Apply to a new scenario", an
answer going out of date, and the PDF export getting the answers of the plan it prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner import decision_text as dt
from planner.core.optimize import Answer, Decision, Objective, apply, optimize
from planner.core.storage import load_plan, plans_dir
from planner.gui import dialogs
from planner.gui.main_window import MainWindow
from planner.gui.results import decisions
from planner.gui.results.decisions import DecisionsPanel
from tests.gui.conftest import FULL_PATHS

SEARCH_PATHS = 30


@pytest.fixture(autouse=True)
def small_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decisions, "SEARCH_PATHS", SEARCH_PATHS)


def panel_of(w: MainWindow) -> DecisionsPanel:
    w.results.lower_tabs.setCurrentWidget(w.results.decisions)
    return w.results.decisions.decisions


def choose(p: DecisionsPanel, decision: Decision, objective: Objective = Objective.SUCCESS
           ) -> None:
    p.decision.setCurrentIndex(p.decision.findData(decision))
    p.objective.setCurrentIndex(p.objective.findData(objective))


def run(qtbot: Any, p: DecisionsPanel) -> None:
    qtbot.mouseClick(p.bar.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not p.running, timeout=30_000)


def shown_answer(p: DecisionsPanel) -> Answer:
    pa = p.shown()
    assert pa is not None
    return pa[1]


def test_a_search_runs_on_the_worker_and_shows_its_answer(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    p = panel_of(w)
    assert w.results.chart_pane.isHidden()  # the tab has the charts' room too
    choose(p, Decision.ORDER)
    assert not p.floor_on.isEnabled()  # a floor on success means nothing when success is sought
    qtbot.mouseClick(p.bar.run_button, Qt.MouseButton.LeftButton)
    # The click returned at once: the search runs on the pool, with Cancel and progress.
    assert p.running and p.bar.cancel_button.isEnabled() and not p.bar.run_button.isEnabled()
    assert not p.decision.isEnabled() and p.bar.progress.isVisible()
    assert "Withdrawal order" in p.status.text() and "30 paths" in p.status.text()
    qtbot.waitUntil(lambda: not p.running, timeout=30_000)
    answer = shown_answer(p)
    assert answer.decision is Decision.ORDER and answer.runs == SEARCH_PATHS
    # The same search outside the window finds the same best (common random numbers).
    plan = w.doc.plan
    direct = optimize(plan, Decision.ORDER, Objective.SUCCESS, paths=SEARCH_PATHS,
                      other_modes=False)
    assert [s.settings for s in answer.ranking] == [s.settings for s in direct.ranking]
    assert answer.best.success_rate == direct.best.success_rate
    # The answer in the words the CLI and the PDF use.
    assert p.headline.text() == dt.headline(answer)
    assert p.gain.text() == dt.gain_text(answer)
    details = p.details.text()
    assert "Your plan: conventional" in details and "Runner-up:" in details
    assert f"Re-checked on {FULL_PATHS} paths" in details  # the window's full run
    assert "Historical (" in details and "Expected (" in details
    assert f"{answer.evaluated} candidate plans evaluated" in details
    assert p.caption.text().startswith("Withdrawal order: by success rate (Monte Carlo, 30")
    # Every candidate ranked, best first, the plan's own choice marked.
    rows = p.ranking.texts()
    assert len(rows) == len(answer.ranking) == answer.evaluated
    assert rows[0][0] == dt.choice_text(Decision.ORDER, answer.best.settings, answer.people)
    assert rows[0][1] == f"{answer.best.success_rate * 100:.1f}%"
    assert [r[0] for r in rows].count(
        "conventional (taxable, then traditional, then Roth) (your plan)") == 1
    assert p.ranking.item(0, 0).font().bold() and not p.ranking.item(1, 0).font().bold()
    # A clean idle state again.
    assert p.bar.run_button.isEnabled() and not p.bar.cancel_button.isEnabled()
    assert p.bar.progress.isHidden() and p.status.isHidden() and p.stale.isHidden()
    assert p.apply_button.isEnabled() == answer.improves
    # Another tab brings the charts back.
    w.results.lower_tabs.setCurrentWidget(w.results.table)
    assert not w.results.chart_pane.isHidden()


def test_cancel_stops_the_search_and_leaves_a_clear_state(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    p = panel_of(w)
    choose(p, Decision.CLAIMING)
    p.bar.run_button.click()
    qtbot.waitUntil(lambda: p.bar.progress.value() > 0, timeout=20_000)  # under way
    qtbot.mouseClick(p.bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not p.running and p.bar.run_button.isEnabled()
    assert not p.bar.cancel_button.isEnabled() and p.bar.progress.isHidden()
    assert p.decision.isEnabled() and p.objective.isEnabled()
    assert "cancelled" in p.status.text() and p.answer_box.isHidden()
    # The search itself stops (before its next candidate) and never reports an answer.
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)
    qtbot.wait(50)
    assert p.shown() is None and p.answers == {} and "cancelled" in p.status.text()
    # A new run works as before.
    choose(p, Decision.ORDER)
    run(qtbot, p)
    assert shown_answer(p).decision is Decision.ORDER


def test_nothing_to_decide_shows_the_reason(qtbot: Any, window: MainWindow, settle: Any) -> None:
    w = window
    w.doc.set_value("people[0].social_security.monthly_benefit_at_fra", 0.0)
    settle(w)
    p = panel_of(w)
    choose(p, Decision.CLAIMING)
    run(qtbot, p)
    assert p.status.text().startswith("Nothing to decide: No one in the plan has a Social "
                                      "Security benefit still to claim")
    assert not p.status.isHidden() and p.answer_box.isHidden() and p.shown() is None
    # The sample has no Roth account to convert to: that reason too.
    choose(p, Decision.CONVERSIONS)
    run(qtbot, p)
    assert p.status.text().startswith("Nothing to decide: Conversions need a traditional")


def test_apply_to_a_new_scenario_saves_the_best_and_keeps_the_open_plan(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    original, path_before = w.doc.plan, w.doc.path
    p = panel_of(w)
    choose(p, Decision.ORDER, Objective.LEGACY)
    run(qtbot, p)
    answer = shown_answer(p)
    assert answer.improves and p.apply_button.isEnabled()
    asked: list[str] = []

    def name(parent: Any, title: str, label: str, text: str) -> str:
        asked.append(text)
        return text

    monkeypatch.setattr(dialogs, "ask_text", name)
    qtbot.mouseClick(p.apply_button, Qt.MouseButton.LeftButton)
    suggested = f"{original.name} \u2013 best withdrawal order"
    assert asked == [suggested]
    saved = [f for f in plans_dir().glob("*.json")]
    assert len(saved) == 1
    new = load_plan(saved[0])
    assert new == apply(original, Decision.ORDER, answer.best.settings).with_changes(
        name=suggested)
    assert new.taxes.withdrawal_order.value == answer.best.settings["order"]
    # The open plan is the same plan, unmodified, in the same place.
    assert w.doc.plan == original and w.doc.path == path_before and not w.doc.modified
    assert "this plan is unchanged" in p.saved.text()
    assert w.library.item_for(saved[0]) is not None
    # Applying again never overwrites the first copy.
    qtbot.mouseClick(p.apply_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == f"{suggested} 2" and len(list(plans_dir().glob("*.json"))) == 2
    assert load_plan(saved[0]) == new
    # The link opens the copy; the answer, made for the other plan, is then out of date.
    second = plans_dir() / f"{saved[0].stem} 2.json"
    assert second.exists() and f"{saved[0].stem} 2" in p.saved.text()
    p.saved.linkActivated.emit("open")
    assert w.doc.path == second and w.doc.plan.name == f"{suggested} 2"
    assert not p.stale.isHidden() and not p.apply_button.isEnabled()


def test_an_edit_marks_the_answer_out_of_date_and_stops_a_search(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    p = panel_of(w)
    choose(p, Decision.ORDER)
    run(qtbot, p)
    before = w.doc.plan
    answer = shown_answer(p)
    assert p.stale.isHidden() and w.results.decisions.answers_for(before) == (answer,)
    w.doc.set_value("spending.annual", 50_000.0)
    assert not p.stale.isHidden() and not p.apply_button.isEnabled()
    assert not p.answer_box.isEnabled()  # greyed, still readable
    assert w.results.decisions.answers_for(w.doc.plan) == ()
    w.doc.undo_stack.undo()  # the plan it was made for: current again
    assert p.stale.isHidden() and p.apply_button.isEnabled() == answer.improves
    # An edit while a search runs stops it: its answer would be for another plan.
    choose(p, Decision.CLAIMING)
    p.bar.run_button.click()
    assert p.running
    w.doc.set_value("spending.annual", 55_000.0)
    assert not p.running and "the plan changed" in p.status.text()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10_000)
    assert Decision.CLAIMING not in p.answers


def test_the_pdf_export_gets_the_answers_of_the_plan_it_prints(
    qtbot: Any, window: MainWindow, settle: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.report import inputs as report_inputs_module
    from planner.report import pdf
    from planner.report.inputs import ReportInputs

    w = window
    written: list[Any] = []

    def fake_inputs(plan: Any, **kw: Any) -> ReportInputs:
        result = w.results.result
        assert result is not None and result.plan == plan
        return ReportInputs(result)

    def fake_write(inputs: Any, path: Any, progress: Any = None, **kw: Any) -> Path:
        written.append(inputs)
        Path(path).write_bytes(b"%PDF-")
        return Path(path)

    monkeypatch.setattr(report_inputs_module, "report_inputs", fake_inputs)
    monkeypatch.setattr(pdf, "write_report", fake_write)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(dialogs, "ask_export_path", lambda parent, suggested, what: target)

    def export() -> Any:
        w.menus["export_pdf"].trigger()
        qtbot.waitUntil(lambda: not w.files.exports.busy, timeout=10_000)
        return written[-1]

    assert export().decisions == ()  # nothing asked yet
    p = panel_of(w)
    choose(p, Decision.ORDER)
    run(qtbot, p)
    order = shown_answer(p)
    choose(p, Decision.CLAIMING)
    run(qtbot, p)
    claiming = shown_answer(p)
    inputs = export()
    assert tuple(inputs.decisions) == (claiming, order)  # one per decision, in their order
    assert inputs.result is w.results.result and inputs.goals is None
    # After an edit, those answers are for another plan: the PDF leaves them out.
    w.doc.set_value("spending.annual", 50_000.0)
    settle(w)
    assert export().decisions == ()
