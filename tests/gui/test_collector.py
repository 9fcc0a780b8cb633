"""Cycle collection happens on the GUI thread, never on a worker (see planner/gui/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from planner.gui import collector
from planner.gui.worker import TaskRunner


class _Cycle:
    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _finalised_on.append(threading.current_thread().name)


_finalised_on: list[str] = []


def test_automatic_collection_is_off_while_the_app_runs() -> None:
    assert not gc.isenabled()
    assert collector.install() is collector.install()  # once per application


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot: Any) -> None:
    _finalised_on.clear()
    refs: list[weakref.ref[_Cycle]] = []
    runner = TaskRunner()

    def job(_progress: Any, _cancel: Any) -> int:
        # Far past the generation-0 threshold: Python alone would collect in this thread.
        for _ in range(5 * gc.get_threshold()[0]):
            refs.append(weakref.ref(_Cycle()))
        return len(refs)

    done: list[int] = []
    runner.start(job, lambda _n, value, _s: done.append(value), lambda _n, exc: None)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5_000)
    # Some were collected while the worker still ran, but all of them on the GUI thread.
    assert set(_finalised_on) == {threading.main_thread().name}
    runner.wait()


def test_collect_follows_pythons_thresholds() -> None:
    c = collector.install()
    gc.collect()
    assert c.collect() == 0  # below every threshold: nothing to do
    objects = [_Cycle() for _ in range(gc.get_threshold()[0] + 10)]
    del objects
    assert c.collect() >= gc.get_threshold()[0]


def test_a_late_import_is_frozen_and_garbage_is_collected_first() -> None:
    """What a late import makes (matplotlib, for the chart tabs) joins the frozen imports, so
    full collections skip it; garbage alive at that moment is collected, not frozen."""
    import sys
    import types

    collector.install()
    collector.freeze_late_imports()  # whatever earlier tests imported
    _finalised_on.clear()
    _Cycle()  # garbage, in a cycle
    late = types.ModuleType("planner_test_late_import")
    late.tables = [{"row": [i]} for i in range(500)]  # type: ignore[attr-defined]
    frozen = gc.get_freeze_count()
    sys.modules[late.__name__] = late
    try:
        collector.freeze_late_imports()
        assert gc.get_freeze_count() >= frozen + 1000  # 500 dicts and 500 lists at least
        assert _finalised_on == [threading.main_thread().name]  # collected, not frozen
        again = gc.get_freeze_count()
        collector.freeze_late_imports()  # nothing imported since: nothing to do
        assert gc.get_freeze_count() == again
    finally:
        del sys.modules[late.__name__]
