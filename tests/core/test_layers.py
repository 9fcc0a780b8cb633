"""The layers of DESIGN.md hold: the core loads no Qt, no matplotlib and no GUI, and the charts
(below both the report and the GUI) import neither."""

from __future__ import annotations

import subprocess
import sys


def _modules_loaded(imports: str, bad: str) -> str:
    """In a fresh interpreter, run ``imports`` and list the loaded modules ``bad`` accepts."""
    code = f"import sys\n{imports}\nprint(','.join(sorted(m for m in sys.modules if {bad})))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_core_imports_no_qt_matplotlib_or_gui() -> None:
    assert _modules_loaded(
        "import planner.core.engine, planner.core.analysis, planner.core.storage\n"
        "import planner.cli",
        "m.split('.')[0] in ('PySide6', 'shiboken6', 'matplotlib') "
        "or m.startswith(('planner.gui', 'planner.charts'))",
    ) == ""


def test_charts_import_neither_the_report_nor_the_gui() -> None:
    # Shared formatting lives in planner.format, below both.
    assert _modules_loaded(
        "import pkgutil, importlib, planner.charts\n"
        "for m in pkgutil.iter_modules(planner.charts.__path__):\n"
        "    importlib.import_module('planner.charts.' + m.name)",
        "m.startswith(('planner.report', 'planner.gui'))",
    ) == ""
