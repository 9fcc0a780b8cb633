"""Python's cycle collector, run on the GUI thread only.

Charts, PDFs and projections run on pool threads, and Python starts a cycle collection in
whichever thread happens to allocate when a threshold is crossed. If that is a pool thread and
the garbage holds a Qt object that lives on the GUI thread (a widget of a closed dialog, a lambda
connected to a signal), Qt destroys it from the wrong thread and the app crashes (seen in CI as
"Segmentation fault ... Garbage-collecting" inside a chart worker). So while the app runs,
automatic collection is off and a timer on the GUI thread collects with the same generational
thresholds Python would use. Reference counting still frees everything that is not in a cycle at
once; only cyclic garbage waits, at most one interval.

A full collection walks every tracked object: with Qt, matplotlib and pandas loaded that is
about 140,000 objects and 100-200 ms, a visible freeze of the window. So the objects alive when
the collector is installed (the imported modules, nearly all of them long-lived) are frozen
(``gc.freeze``): collections skip them. A full collection then walks only what the session made
since (a few ten thousand objects, about 10 ms), so it is done whenever Python would collect
generation 1, rather than after ten of those, when the garbage of many charts has piled up.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.was_enabled = gc.isenabled()
        gc.disable()
        gc.freeze()
        self.modules_frozen = len(sys.modules)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collect when Python would: generation 0 alone, or everything where Python would
        collect generation 1 or 2 (the thresholds are Python's own)."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if thresholds[gen] and counts[gen] > thresholds[gen]:
                generation = gen
        if generation < 0:
            return 0
        # Past the frozen imports a full collection costs little more than generation 1's,
        # and frees each chart's garbage before much of it piles up.
        return gc.collect(0 if generation == 0 else 2)

    def stop(self) -> None:
        self.timer.stop()
        gc.unfreeze()
        gc.collect()
        if self.was_enabled:
            gc.enable()


_installed: MainThreadCollector | None = None


def install() -> MainThreadCollector:
    """Turn automatic collection over to the GUI thread (once per application)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the cycle collector needs a running QApplication")
    if _installed is None:
        _installed = MainThreadCollector(app)
    return _installed


def freeze_late_imports() -> None:
    """Freeze what a late import made (the chart tabs' matplotlib, an export's report code):
    modules, classes and functions that live as long as the app. Unfrozen, every full
    collection walks them: matplotlib's alone took one from 2 ms to 26 ms, a stall of the
    window at each. Collects first, so that no garbage is frozen with them; nothing to do
    unless a module was imported since the last freeze."""
    c = _installed
    if c is None or len(sys.modules) == c.modules_frozen:
        return
    gc.collect()
    gc.freeze()
    c.modules_frozen = len(sys.modules)


def uninstall() -> None:
    """Collect what is left and give collection back to Python."""
    global _installed
    if _installed is not None:
        _installed.stop()
        _installed.deleteLater()
        _installed = None
