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
