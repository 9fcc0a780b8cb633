"""The background runner (planner/gui/worker.py): answers come back on the GUI thread, to the
callables each task was started with, and a runner can go away the moment its last task has
reported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject

from planner.gui.worker import Cancel, Progress, TaskRunner

ROOT = Path(__file__).resolve().parents[2]

# The sequence that crashed a CI run (in test_collector.py): an unparented runner, its one task
# reported, the last reference dropped, then events processed. With a signals object per task,
# deleted with deleteLater, that deletion released the callables holding the runner, which then
# deleted the signals object a second time: a segfault on every run of this script.
_DROP_AFTER_REPORT = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    sys.path.insert(0, sys.argv[1])
    from planner.gui.worker import TaskRunner

    app = QApplication([])
    for _ in range(50):
        runner = TaskRunner()
        done = []
        runner.start(lambda p, c: 1, lambda n, v, s: done.append(v), lambda n, e: None)
        while not done:
            app.processEvents()
        runner.wait()
        del runner
        app.processEvents()
    print("ok")
""")


def test_a_runner_dropped_after_its_task_reported_is_deleted_cleanly(tmp_path: Path) -> None:
    script = tmp_path / "drop.py"
    script.write_text(_DROP_AFTER_REPORT)
    done = subprocess.run([sys.executable, str(script), str(ROOT)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-2000:]


def test_answers_progress_and_failures_reach_their_own_task_on_the_gui_thread(
        qtbot: Any) -> None:
    runner = TaskRunner()
    heard: list[tuple[str, int, Any, str]] = []
    gui = threading.current_thread().name

    def record(kind: str) -> Any:
        return lambda n, value, *_: heard.append(
            (kind, n, value, "gui" if threading.current_thread().name == gui else "worker"))

    def halves(progress: Progress, _cancel: Cancel) -> str:
        progress(0.5)
        return "half"

    def fails(_progress: Progress, _cancel: Cancel) -> None:
        raise ValueError("no")

    first = runner.start(halves, record("done"), record("failed"), record("progress"))
    second = runner.start(fails, record("done"), record("failed"))
    assert runner.busy
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert first != second
    assert ("progress", first, 0.5, "gui") in heard
    assert ("done", first, "half", "gui") in heard
    failures = [h for h in heard if h[0] == "failed"]
    assert len(failures) == 1 and failures[0][1] == second
    assert isinstance(failures[0][2], ValueError) and failures[0][3] == "gui"
    assert heard.index(("progress", first, 0.5, "gui")) < heard.index(("done", first, "half",
                                                                        "gui"))
    runner.wait()


def test_the_runner_is_busy_while_the_answer_is_handled(qtbot: Any) -> None:
    """As when the callables were connected ahead of the bookkeeping: a callable that asks
    sees its own task still running, and the next check does not."""
    runner = TaskRunner()
    seen: list[bool] = []
    runner.start(lambda _p, _c: 1, lambda *_: seen.append(runner.busy), lambda *_: None)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [True] and not runner.busy
    runner.wait()


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[Any] = []

    def done(self, _n: int, value: Any, _seconds: float) -> None:
        self.got.append(value)


def test_a_deleted_receiver_is_not_called(qtbot: Any) -> None:
    """A Qt connection to a deleted object's method is dropped with it; so is this answer."""
    import shiboken6

    runner = TaskRunner()
    receiver = _Receiver()
    release = threading.Event()

    def waits(_progress: Progress, _cancel: Cancel) -> int:
        release.wait(10)
        return 1

    runner.start(waits, receiver.done, lambda *_: None)
    shiboken6.delete(receiver)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    with pytest.raises(RuntimeError):
        _ = receiver.objectName()  # deleted: it would have raised had it been called
    runner.wait()
