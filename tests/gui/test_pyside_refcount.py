"""Guard against PySide6 builds that lose references to None/True (6.12.0 on Python 3.11):
with them the app aborts after a few thousand Qt calls ("Fatal Python error: none_dealloc")."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_their_references() -> None:
    probe = _Probe()
    n = 200
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(n):
        probe.setObjectName("probe")  # a Qt method that returns nothing
        probe.ping.emit()
    # A few references may come and go with the interpreter; a leak loses one per call.
    assert none_before - sys.getrefcount(None) < n // 2
    assert true_before - sys.getrefcount(True) < n // 2
