"""Plans and scenarios: the library lists the plans folder with success rates, a scenario is a
saved copy, and the comparison shows the right differences."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner.core.analysis import with_crypto_share
from planner.core.engine import project
from planner.core.model import Mode
from planner.core.storage import load_plan, plans_dir, save_plan
from planner.gui import dialogs
from planner.gui.files import library
from planner.gui.main_window import MainWindow
from planner.gui.results import compare
from planner.report.comparison import SUCCESS_ROW, comparison_table


def test_duplicate_as_scenario_saves_a_copy_and_opens_it(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    w.doc.set_value("people[0].retirement_age", 62)  # an unsaved edit goes into the copy
    asked: list[str] = []

    def name(parent: Any, title: str, label: str, text: str) -> str:
        asked.append(text)
        return "Retire at 62"

    monkeypatch.setattr(dialogs, "ask_text", name)
    w.menus["duplicate"].trigger()
    path = plans_dir() / "Retire at 62.json"
    assert asked and asked[0].endswith("(scenario)")
    assert w.doc.path == path and not w.isWindowModified()
    saved = load_plan(path)
    assert saved.name == "Retire at 62" and saved.people[0].retirement_age == 62
    item = w.library.item_for(path)
    assert item is not None and item.text(0) == "Retire at 62"
    assert item.font(0).bold()  # the open plan
    # A second copy of the same name never overwrites the first.
    w.menus["duplicate"].trigger()
    assert w.doc.path == plans_dir() / "Retire at 62 2.json"
    assert load_plan(path) == saved


def test_library_lists_plans_with_success_rates_cached_by_mtime(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    plan = w.doc.plan
    first = save_plan(plan.with_changes(name="Frugal"), plans_dir() / "frugal.json")
    save_plan(plan.with_changes(name="Lavish"), plans_dir() / "lavish.json")
    w.library.refresh()
    names = [it.text(0) for it in w.library.items()]
    assert names == ["Frugal", "Lavish"]
    qtbot.waitUntil(lambda: all(it.text(library.SUCCESS_COL).endswith("%")
                                for it in w.library.items()), timeout=20_000)
    started: list[int] = []
    original = w.library.runner.start
    w.library.runner.start = lambda *a, **k: started.append(1) or original(*a, **k)  # type: ignore[method-assign]
    w.library.refresh()
    assert started == []  # unchanged files: rates come from the cache
    save_plan(plan.with_changes(name="Frugal, later"), first)
    w.library.refresh()
    assert len(started) == 1
    # Double-clicking (activating) an entry opens it.
    item = w.library.item_for(first)
    assert item is not None
    w.library.tree.itemActivated.emit(item, 0)
    assert w.doc.path == first and w.doc.plan.name == "Frugal, later"


def crypto_scenarios(w: MainWindow) -> tuple[Path, Path]:
    base = w.doc.plan
    zero = save_plan(with_crypto_share(base, 0.0).with_changes(name="No crypto"),
                     plans_dir() / "no crypto.json")
    ten = save_plan(with_crypto_share(base, 0.10).with_changes(name="10% crypto"),
                    plans_dir() / "ten crypto.json")
    return zero, ten


def own_run(path: Path) -> Any:
    plan = load_plan(path)
    return project(plan, mode=Mode.MONTE_CARLO, paths=plan.simulation.paths,
                   seed=plan.simulation.seed)


def test_compare_shows_the_right_differences(qtbot: Any, window: MainWindow) -> None:
    w = window
    zero, ten = crypto_scenarios(w)
    w.library.refresh()
    dialog = w.scenarios.compare([zero, ten])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table_numbers is not None,
                    timeout=20_000)
    assert dialog.labels == ["No crypto", "10% crypto"]
    # The same runs made outside the GUI, each plan on its own path count and seed, give the
    # same table, differences included.
    runs = [own_run(p) for p in (zero, ten)]
    expected = comparison_table(runs, ["No crypto", "10% crypto"])
    got = dialog.table_numbers
    assert got is not None
    assert list(got.columns) == ["No crypto", "10% crypto", "10% crypto vs No crypto"]
    for row in expected.index:
        for col in expected.columns:
            a, b = float(expected.at[row, col]), float(got.at[row, col])
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (row, col)
    delta = got.at["Estate at the last death", "10% crypto vs No crypto"]
    assert delta == pytest.approx(got.at["Estate at the last death", "10% crypto"]
                                  - got.at["Estate at the last death", "No crypto"])
    # The table on screen says the same in words, and the chart overlays both medians.
    shown = dialog.model.frame
    assert shown is not None and shown.shape == got.shape
    qtbot.waitUntil(lambda: dialog.canvas.axes is not None, timeout=10_000)
    labels = [line.get_label() for line in dialog.canvas.axes.get_lines()]
    assert "No crypto" in labels and "10% crypto" in labels


def test_compare_includes_the_open_plan_with_its_edits(qtbot: Any, window: MainWindow) -> None:
    w = window
    zero, _ten = crypto_scenarios(w)
    w.doc.set_value("spending.annual", 75_000.0)
    dialog = w.scenarios.compare([zero])
    qtbot.addWidget(dialog)
    open_item = dialog.choices.item(0)
    assert "unsaved" in open_item.text()
    assert open_item.checkState() == Qt.CheckState.Unchecked  # only the asked-for plan
    dialog.set_checked([compare.OPEN_PLAN, str(zero)])
    dialog.run()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table_numbers is not None,
                    timeout=20_000)
    spending = dialog.table_numbers.loc["Spending goal, first year of retirement"]
    assert spending.iloc[0] == pytest.approx(75_000)


def test_compare_runs_each_plan_on_its_own_paths_and_seed(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    base = w.doc.plan
    plans = []
    for name, paths, seed in (("Few", 90, 1), ("More", 260, 77)):
        plan = base.with_changes(
            name=name, simulation=dataclasses.replace(base.simulation, paths=paths, seed=seed))
        plans.append(save_plan(plan, plans_dir() / f"{name.lower()}.json"))
    dialog = w.scenarios.compare(plans)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table_numbers is not None,
                    timeout=20_000)
    assert [r.n_paths for r in dialog.results] == [90, 260]
    got = dialog.table_numbers
    assert got is not None
    for path, label in zip(plans, ("Few", "More"), strict=True):
        expected = own_run(path).summary.success_rate
        assert got[label].iloc[SUCCESS_ROW] == pytest.approx(expected), label
    # The note says the plans did not share their random paths.
    note = dialog.note.text()
    assert "90 paths, seed 1" in note and "260 paths, seed 77" in note and "chance" in note


def test_compare_leaves_out_a_plan_that_cannot_be_used_and_names_it(
    qtbot: Any, window: MainWindow
) -> None:
    w = window
    zero, ten = crypto_scenarios(w)
    first = dataclasses.replace(w.doc.plan.people[0], retirement_age=20)
    broken_plan = w.doc.plan.with_changes(name="Retire at 20", people=(first,
                                          *w.doc.plan.people[1:]))
    invalid = save_plan(broken_plan, plans_dir() / "too early.json")
    garbled = plans_dir() / "garbled.json"
    garbled.write_text("{ not json")
    dialog = w.scenarios.compare([zero, invalid, ten, garbled])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table_numbers is not None,
                    timeout=20_000)
    # The others still compare...
    assert dialog.labels == ["No crypto", "10% crypto"]
    assert dialog.model.frame is not None and list(dialog.model.frame.columns)[:2] == [
        "No crypto", "10% crypto"]
    # ...and the message names each plan left out, its file and why.
    assert dialog.skipped.isVisible()
    message = dialog.skipped.text()
    assert "Retire at 20" in message and "too early.json" in message
    assert "retirement_age" in message and "below the current age" in message
    assert "garbled.json" in message and "not valid JSON" in message
    assert str(plans_dir()) not in message  # the file's name, not its whole path twice


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_compare_never_opens_a_pipe_and_ticks_only_usable_plans(
    qtbot: Any, window: MainWindow
) -> None:
    # Seen: Compare read every file of the plans folder unguarded (a pipe there would block
    # it) and ticked plans it could not use.
    import os

    w = window
    good = save_plan(w.doc.plan.with_changes(name="Good"), plans_dir() / "good.json")
    os.mkfifo(plans_dir() / "pipe.json")
    (plans_dir() / "broken.json").write_text("{ not json")
    dialog = compare.CompareDialog(w)
    qtbot.addWidget(dialog)
    dialog.load_choices()  # returns: the pipe is never opened
    ticked = {dialog.choices.item(i).data(Qt.ItemDataRole.UserRole):
              dialog.choices.item(i).checkState() == Qt.CheckState.Checked
              for i in range(dialog.choices.count())}
    assert ticked[str(good)] is True
    assert ticked[str(plans_dir() / "pipe.json")] is False
    assert ticked[str(plans_dir() / "broken.json")] is False
    dialog.set_checked([str(plans_dir() / "pipe.json"), compare.OPEN_PLAN])
    _chosen, left_out = dialog.gather()
    assert any("pipe" in line for line in left_out)
