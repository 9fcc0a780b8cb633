"""A CLI command imports only what it uses: `run` starts without pandas, matplotlib, Qt,
the report code or the optimiser (issue 14: the whole `run --mode historical` process
within 0.2 s, where pandas alone cost 0.2 s)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner import cli
from planner.core.optimize import Decision, Objective

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "plans" / "sample.json"
# The regime model too: the sample's outlook is not it, and working out its numbers for the
# list of named outlooks cost a plan's loading about 30 ms.
HEAVY = ("pandas", "matplotlib", "PySide6", "planner.report", "planner.charts",
         "planner.gui", "planner.core.optimize", "planner.core.analysis", "planner.core.regime")
# Runs `python -m planner ARGS` in this process's interpreter and prints what got imported.
PROBE = """
import json, runpy, sys
sys.argv = ["planner", *sys.argv[1:]]
try:
    runpy.run_module("planner", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


@pytest.mark.parametrize("mode", ["historical", "expected"])
def test_run_imports_nothing_heavy(mode: str) -> None:
    modules = imported_by("run", str(SAMPLE), "--mode", mode)
    assert "planner.core.engine" in modules  # the probe did run the command
    assert heavy(modules) == []


def test_validate_imports_nothing_heavy() -> None:
    modules = imported_by("validate", str(SAMPLE))
    assert "planner.core.validate" in modules
    assert heavy(modules) == []


def test_optimiser_choices_are_the_enums() -> None:
    """The help text is written out (so the parser imports nothing): it must name exactly
    the decisions and objectives the optimiser knows, and argparse must accept them."""
    assert cli.DECISIONS.metavar == "{" + ",".join(d.value for d in Decision) + "}"
    assert cli.OBJECTIVES.metavar == "{" + ",".join(o.value for o in Objective) + "}"
    assert list(cli.DECISIONS) == [d.value for d in Decision]
    assert "order" in cli.DECISIONS and "legacy" in cli.OBJECTIVES
    assert "bogus" not in cli.DECISIONS
    assert Objective("success").value == "success"  # the parser's default is a real one
