"""A save killed at any moment leaves the old plan or the new one, never a broken file.

A child process saves two versions of a plan in turn as fast as it can; the test kills it
with SIGKILL at a random moment, 100 times, and after each kill reads the plan back. What
a killed save leaves beside it (its temporary file) is the app's own and is cleaned at the
next start (planner.cleanup).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cleanup import clean_leftovers
from planner.core.storage import load_plan, sample_plan, save_plan

KILLS = 100

CHILD = """
import sys
from planner.core.storage import sample_plan, save_plan
path = sys.argv[1]
plans = [sample_plan().with_changes(name=n) for n in ("Old", "New")]
print("ready", flush=True)
i = 0
while True:
    save_plan(plans[i % 2], path)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    save_plan(sample_plan().with_changes(name="Old"), path)
    rng = random.Random(7)
    names: set[str] = set()
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))  # somewhere in a save: each takes about 1 ms
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        plan = load_plan(path)  # always parses...
        assert plan.name in ("Old", "New")  # ...and is one of the two, whole
        names.add(plan.name)
    assert names == {"Old", "New"}  # the kills did land in both phases
    # Only the plan and the app's own temporary files are there; those go at the next start.
    clean_leftovers(tmp_path, older_than_s=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
