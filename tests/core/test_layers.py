"""The core stays headless: importing it loads no Qt, no matplotlib and no GUI (DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_qt_matplotlib_or_gui() -> None:
    code = (
        "import sys\n"
        "import planner.core.engine, planner.core.analysis, planner.core.storage\n"
        "import planner.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', "
        "'matplotlib') or m.startswith('planner.gui') or m.startswith('planner.charts')]\n"
        "print(','.join(sorted(bad)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == ""
