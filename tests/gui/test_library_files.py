"""The plan library's files: file names beside plan names, rename, move to the trash, show in
folder; a plan that cannot be used is marked, not hidden; the success column is the plan's own
Monte Carlo figure (its path count and seed), and cached rates follow their basis."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTreeWidgetItem

from planner import format as fmt
from planner.core.engine import project
from planner.core.model import Mode, Plan
from planner.core.storage import load_plan, plans_dir, save_plan
from planner.gui import dialogs, ui_settings
from planner.gui.files import library
from planner.gui.main_window import MainWindow


def column(w: MainWindow, title: str) -> int:
    header = w.library.tree.headerItem()
    titles = [header.text(i) for i in range(w.library.tree.columnCount())]
    assert title in titles, titles
    return titles.index(title)


def with_runs(plan: Plan, paths: int, seed: int, name: str) -> Plan:
    return plan.with_changes(
        name=name, simulation=dataclasses.replace(plan.simulation, paths=paths, seed=seed))


def invalid(plan: Plan, name: str) -> Plan:
    """A plan that loads but does not validate (retiring at 20, aged 40)."""
    first = dataclasses.replace(plan.people[0], retirement_age=20)
    return plan.with_changes(name=name, people=(first, *plan.people[1:]))


def own_rate(path: Path) -> float:
    """The plan's own Monte Carlo figure, computed outside the GUI."""
    plan = load_plan(path)
    return project(plan, mode=Mode.MONTE_CARLO, paths=plan.simulation.paths,
                   seed=plan.simulation.seed).summary.success_rate


def wait_for_rates(qtbot: Any, w: MainWindow) -> None:
    success = column(w, "Success")
    qtbot.waitUntil(lambda: all(it.text(success) != "…" for it in w.library.items())
                    and not w.library.busy, timeout=30_000)


def menu_action(w: MainWindow, item: QTreeWidgetItem, text: str) -> Any:
    actions = {a.text(): a for a in w.library.menu_for(item).actions()}
    assert text in actions, list(actions)
    return actions[text]


def test_library_shows_each_plans_file_name(qtbot: Any, window: MainWindow) -> None:
    w = window
    save_plan(w.doc.plan.with_changes(name="Frugal"), plans_dir() / "frugal-2030.json")
    save_plan(w.doc.plan.with_changes(name="Lavish"), plans_dir() / "big spender.json")
    w.library.refresh()
    name, file = column(w, "Plan"), column(w, "File")
    rows = {it.text(name): it.text(file) for it in w.library.items()}
    assert rows == {"Frugal": "frugal-2030.json", "Lavish": "big spender.json"}


def test_success_is_the_plans_own_monte_carlo_figure(qtbot: Any, window: MainWindow) -> None:
    w = window
    base = w.doc.plan
    first = save_plan(with_runs(base, 300, 11, "Three hundred"), plans_dir() / "a.json")
    second = save_plan(with_runs(base, 120, 5, "One twenty"), plans_dir() / "b.json")
    w.library.refresh()
    wait_for_rates(qtbot, w)
    success = column(w, "Success")
    for path in (first, second):
        item = w.library.item_for(path)
        assert item is not None
        expected = own_rate(path)
        assert item.text(success) == fmt.pct(expected), path
        assert item.data(success, library.RATE_ROLE) == pytest.approx(expected, abs=1e-12)
    tip = w.library.tree.headerItem().toolTip(success)
    assert "own Monte Carlo paths and seed" in tip and "History" in tip
    # Another path count in the same file: its rate is run again on the new basis.
    save_plan(with_runs(base, 200, 11, "Three hundred"), first)
    w.library.refresh()
    wait_for_rates(qtbot, w)
    item = w.library.item_for(first)
    assert item is not None
    assert item.data(success, library.RATE_ROLE) == pytest.approx(own_rate(first), abs=1e-12)
    assert "200 paths, seed 11" in item.toolTip(success)


def test_a_cache_of_another_basis_is_dropped(qtbot: Any, window: MainWindow) -> None:
    w = window
    path = save_plan(with_runs(w.doc.plan, 150, 3, "Cached"), plans_dir() / "cached.json")
    stat = path.stat()
    # A cache written by the fixed 500-path library, for this very file (same time).
    library.cache_file().parent.mkdir(parents=True, exist_ok=True)
    library.cache_file().write_text(json.dumps({str(path): [stat.st_mtime_ns, "Cached", 0.123]}))
    fresh = library.PlanLibrary(w)
    qtbot.addWidget(fresh)
    try:
        success = library.SUCCESS_COL
        qtbot.waitUntil(lambda: fresh.items() and fresh.items()[0].text(success) != "…"
                        and not fresh.busy, timeout=30_000)
        assert fresh.items()[0].data(success, library.RATE_ROLE) == pytest.approx(
            own_rate(path), abs=1e-12)
        assert fresh.items()[0].text(success) != "12%"
    finally:
        fresh.stop()
    # Rates on disk now say what they are; reloaded, they are used as they are.
    again = library.PlanLibrary(w)
    qtbot.addWidget(again)
    started: list[int] = []
    again.runner.start = lambda *a, **k: started.append(1)  # type: ignore[method-assign]
    again.refresh()
    assert started == []
    assert again.items()[0].data(success, library.RATE_ROLE) == pytest.approx(own_rate(path))
    again.stop()


def test_a_plan_that_cannot_be_used_is_marked(qtbot: Any, window: MainWindow) -> None:
    w = window
    good = save_plan(w.doc.plan.with_changes(name="Good"), plans_dir() / "good.json")
    bad = save_plan(invalid(w.doc.plan, "Too early"), plans_dir() / "too early.json")
    broken = plans_dir() / "broken.json"
    broken.write_text('{"schema_version": 1, "name": "Bro')
    w.library.refresh()
    wait_for_rates(qtbot, w)
    name, file, success = column(w, "Plan"), column(w, "File"), column(w, "Success")
    good_item, bad_item, broken_item = (w.library.item_for(p) for p in (good, bad, broken))
    assert good_item is not None and bad_item is not None and broken_item is not None
    assert good_item.text(success).endswith("%")
    assert bad_item.text(name) == "Too early" and bad_item.text(file) == "too early.json"
    assert bad_item.text(success).startswith("cannot be used: ")
    assert "retirement_age" in bad_item.text(success)
    assert "below the current age" in bad_item.toolTip(success)
    assert broken_item.text(name) == "broken" and broken_item.text(file) == "broken.json"
    assert broken_item.text(success).startswith("cannot be read: ")
    assert "not valid JSON" in broken_item.toolTip(success)
    normal = good_item.foreground(success).color()
    for item in (bad_item, broken_item):
        assert item.foreground(success).color() != normal  # greyed
        assert item.data(success, library.RATE_ROLE) is None


def test_rename_renames_the_file_and_the_open_plan_follows(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    other = save_plan(w.doc.plan.with_changes(name="Other"), plans_dir() / "other.json")
    mine = save_plan(w.doc.plan.with_changes(name="Mine"), plans_dir() / "mine.json")
    assert w.files.open_path(mine, ask=False)
    w.library.refresh()
    asked: list[str] = []

    def ask(parent: Any, title: str, label: str, text: str) -> str:
        asked.append(text)
        return "Mine, renamed"

    monkeypatch.setattr(dialogs, "ask_text", ask)
    item = w.library.item_for(mine)
    assert item is not None
    menu_action(w, item, "Rename…").trigger()
    target = plans_dir() / "Mine renamed.json"
    assert asked == ["mine"]
    assert target.exists() and not mine.exists()
    assert load_plan(target).name == "Mine"  # the file is renamed, not the plan
    assert w.doc.path == target
    assert ui_settings.recent_files()[0] == target.resolve()
    file = column(w, "File")
    renamed = w.library.item_for(target)
    assert renamed is not None and renamed.text(file) == "Mine renamed.json"
    assert renamed.font(0).bold()  # still the open plan
    # Saving writes the new file; the old name does not come back.
    w.doc.set_value("spending.annual", 52_000.0)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: pytest.fail("asked where"))
    w.menus["save"].trigger()
    assert load_plan(target).spending.annual == 52_000 and not mine.exists()
    # A name that is taken is refused, and nothing moves.
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text", lambda *a: "other")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, lines=None:
                        shown.append(text))
    assert w.library.rename(target) is None
    assert shown and "other.json" in shown[0]
    assert target.exists() and load_plan(other).name == "Other"


def test_delete_moves_to_the_trash_or_asks(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window
    trash = tmp_path / "trash"
    trash.mkdir()

    def to_trash(path: Path) -> bool:
        path.rename(trash / path.name)
        return True

    one = save_plan(w.doc.plan.with_changes(name="One"), plans_dir() / "one.json")
    two = save_plan(w.doc.plan.with_changes(name="Two"), plans_dir() / "two.json")
    w.library.refresh()
    monkeypatch.setattr(library, "move_to_trash", to_trash)
    item = w.library.item_for(one)
    assert item is not None
    menu_action(w, item, "Move to Trash").trigger()  # "confirm" would fail the test
    assert not one.exists() and (trash / "one.json").exists()
    assert w.library.item_for(one) is None

    # Without a trash, deleting for good is asked first.
    monkeypatch.setattr(library, "move_to_trash", lambda path: False)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent: Any, title: str, text: str, informative: str, action: str) -> bool:
        asked.append(f"{title} {text} {informative}")
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    item = w.library.item_for(two)
    assert item is not None
    menu_action(w, item, "Move to Trash").trigger()
    assert len(asked) == 1 and "two.json" in asked[0] and "cannot be undone" in asked[0]
    assert two.exists()  # cancelled
    w.library.delete([two])
    assert not two.exists() and w.library.item_for(two) is None


def test_deleting_the_open_plan_asks_and_keeps_it_open_unsaved(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    w = window
    path = save_plan(w.doc.plan.with_changes(name="Open one"), plans_dir() / "open one.json")
    assert w.files.open_path(path, ask=False)
    w.library.refresh()
    trashed: list[Path] = []
    monkeypatch.setattr(library, "move_to_trash",
                        lambda p: trashed.append(p) or p.unlink() or True)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent: Any, title: str, text: str, informative: str, action: str) -> bool:
        asked.append(f"{title} {text} {informative}")
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    assert w.library.delete([path]) == []  # asked, and cancelled: nothing happens
    assert path.exists() and w.doc.path == path and not trashed
    assert "Open one" in asked[0] and "open" in asked[0]
    plan = w.doc.plan
    assert w.library.delete([path]) == [path]
    assert trashed == [path] and not path.exists()
    assert w.doc.plan == plan and w.doc.path is None  # still open, no longer on disk
    assert w.doc.modified and w.isWindowModified()  # closing asks before losing it
    discard: list[str] = []
    monkeypatch.setattr(dialogs, "ask_discard", lambda parent, name: discard.append(name)
                        or "cancel")
    assert not w.close()
    assert discard == ["Open one"]
    monkeypatch.setattr(dialogs, "ask_discard", lambda parent, name: "discard")


def test_show_in_folder_opens_the_plans_folder(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window
    path = save_plan(w.doc.plan.with_changes(name="Here"), plans_dir() / "here.json")
    w.library.refresh()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    item = w.library.item_for(path)
    assert item is not None
    menu_action(w, item, "Show in Folder").trigger()
    assert [Path(p) for p in opened] == [plans_dir()]


# ----- whatever is in the plans folder, the window starts (issue 13, Step 10 item 3)


def start_window(qtbot: Any) -> MainWindow:
    """A window started as the app starts one: after the files are in the folder."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_startup_plan()
    return w


def stop(w: MainWindow) -> None:
    w.projection.cancel()
    w.library.stop()
    w.runner.wait()


HOSTILE = {
    "deep.json": b"[" * 100_000,  # RecursionError in the JSON parser
    "long number.json": b'{"schema_version": 1' + b"7" * 5000 + b"}",  # ValueError
    "not text.json": b"\xff\xfe\x00{",  # UnicodeError
    "nul.json": b"\x00" * 64,
    "huge.json": b" " * 6_000_000 + b"{}",  # beyond any plan's size
}


def test_hostile_files_in_the_plans_folder_are_rows_not_a_failed_start(qtbot: Any) -> None:
    folder = plans_dir()
    for name, content in HOSTILE.items():
        (folder / name).write_bytes(content)
    (folder / "a folder.json").mkdir()
    (folder / "zeros.json").symlink_to("/dev/zero")  # would read until memory runs out
    good = save_plan(sample_plan_named("Good"), folder / "good.json")
    w = start_window(qtbot)
    success = column(w, "Success")
    rows = {Path(str(it.data(0, library.PATH_ROLE))).name: it for it in w.library.items()}
    assert set(rows) == {*HOSTILE, "a folder.json", "zeros.json", "good.json"}
    for name in (*HOSTILE, "a folder.json", "zeros.json"):
        assert rows[name].text(success).startswith("cannot be read: "), name
        assert rows[name].data(success, library.RATE_ROLE) is None
    assert "regular file" in rows["zeros.json"].toolTip(success)
    assert w.library.item_for(good) is not None
    stop(w)


@pytest.mark.parametrize("error", [RecursionError("deep"), ValueError("digits"),
                                   UnicodeError("bytes"), OSError(5, "I/O error"),
                                   MemoryError()])
def test_every_kind_of_read_failure_is_a_row(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    path = save_plan(sample_plan_named("Fails"), plans_dir() / "fails.json")

    def fail(_path: Any) -> Plan:
        raise error

    monkeypatch.setattr(library, "load_plan", fail)
    w = start_window(qtbot)
    item = w.library.item_for(path)
    assert item is not None
    assert item.text(column(w, "Success")).startswith("cannot be read: ")
    stop(w)


def fifo_reader_watch(fifo: Path, waited: list[bool]) -> threading.Thread:
    """After a while, see whether someone is blocked reading ``fifo`` (a writer can then
    open it without waiting) and, if so, let them go: a frozen test is worse than a failed
    one."""

    def watch() -> None:
        time.sleep(1.5)
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader, nobody is stuck on it
            waited.append(False)
            return
        waited.append(True)
        os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_plans_folder_is_never_opened(qtbot: Any) -> None:
    fifo = plans_dir() / "pipe.json"
    os.mkfifo(fifo)
    waited: list[bool] = []
    watcher = fifo_reader_watch(fifo, waited)
    w = start_window(qtbot)
    watcher.join()
    assert waited == [False]  # nobody was stuck reading it
    item = w.library.item_for(fifo)
    assert item is not None
    assert item.text(column(w, "Success")).startswith("cannot be read: ")
    stop(w)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_opening_a_fifo_as_a_plan_does_not_freeze(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    shown: list[list[str]] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, lines=None: shown.append(lines or []))
    waited: list[bool] = []
    watcher = fifo_reader_watch(fifo, waited)
    assert not window.files.open_path(fifo, ask=False)
    watcher.join()
    assert waited == [False]
    assert shown and "regular file" in " ".join(shown[0])


def sample_plan_named(name: str) -> Plan:
    from planner.core.storage import sample_plan

    return sample_plan().with_changes(name=name)


def test_a_plan_set_to_history_shows_its_historical_rate(qtbot: Any, window: MainWindow) -> None:
    # Seen: a plan saved in History mode showed 72% in the window and 68% (Monte Carlo) in
    # the library.
    w = window
    plan = w.doc.plan
    history = plan.with_changes(name="History", simulation=dataclasses.replace(
        plan.simulation, mode=Mode.HISTORICAL))
    path = save_plan(history, plans_dir() / "history.json")
    w.library.refresh()
    wait_for_rates(qtbot, w)
    item = w.library.item_for(path)
    assert item is not None
    expected = project(history).summary.success_rate  # the plan's own mode: history
    assert item.data(column(w, "Success"), library.RATE_ROLE) == pytest.approx(expected)
    assert "History" in item.toolTip(column(w, "Success"))
