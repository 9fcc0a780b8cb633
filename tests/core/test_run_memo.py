"""planner.core.run_memo: a run asked for again is not made again, and what it hands back
is what the engine would have computed."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from typing import Any

import numpy as np
import pytest

from planner.core import analysis
from planner.core.engine import Cancelled, project
from planner.core.model import Plan
from planner.core.run_memo import Listing, Runs, can_fork, run_key
from planner.core.serialize import plan_from_dict, plan_to_dict
from planner.core.storage import sample_plan
from planner.report.inputs import report_inputs

PATHS = 40


def small() -> Plan:
    p = sample_plan()
    return p.with_changes(simulation=dataclasses.replace(p.simulation, paths=PATHS))


def test_an_equal_request_is_made_once_and_matches_the_engine() -> None:
    p = small()
    runs = Runs()
    first = runs.headline(p, None, None, None)
    # The same plan built again from its file, with the defaults spelled out.
    again = runs.headline(plan_from_dict(plan_to_dict(p)), "monte-carlo", PATHS,
                          p.simulation.seed)
    assert runs.made == 1 and again is first
    direct = project(p)
    assert first.success_rate == direct.summary.success_rate
    assert first.paths == PATHS
    assert np.array_equal(first.estate_real, direct.estate_real)
    assert np.array_equal(first.estate_nominal, direct.estate_nominal)


def test_what_changes_a_run_makes_another() -> None:
    p = small()
    runs = Runs()
    runs.headline(p, "monte-carlo", PATHS, 1)
    runs.headline(p, "monte-carlo", PATHS, 2)  # another seed
    runs.headline(p, "monte-carlo", PATHS + 1, 1)  # more paths
    runs.headline(p, "monte-carlo", PATHS, 1, stress="crash-2008")
    runs.headline(analysis.with_crypto_share(p, 0.1), "monte-carlo", PATHS, 1)
    assert runs.made == 5


def test_history_ignores_the_path_count() -> None:
    p = small()
    assert run_key(p, "historical", 10, 3) == run_key(p, "historical", 500, 3)
    assert run_key(p, "monte-carlo", 10, 3) != run_key(p, "monte-carlo", 500, 3)


def test_a_remembered_run_is_not_made_again() -> None:
    p = small()
    runs = Runs()
    runs.remember(project(p), None, None, None)
    runs.headline(p, "monte-carlo", PATHS, p.simulation.seed)
    assert runs.made == 0


def test_cancel_stops_before_a_run_only() -> None:
    p = small()
    runs = Runs()
    kept = runs.headline(p, None, None, None)
    assert runs.headline(p, None, None, None, cancel=lambda: True) is kept
    with pytest.raises(Cancelled):
        runs.headline(p, None, None, 99, cancel=lambda: True)
    assert runs.made == 1


def test_the_report_makes_every_run_once_with_the_same_figures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.core.run_memo as memo
    import planner.report.inputs as inputs

    p = small()
    made: list[Hashable] = []

    def counted(plan: Plan, mode: Any = None, paths: Any = None, seed: Any = None,
                stress: str | None = None, **kw: Any) -> Any:
        made.append(run_key(plan, mode, paths, seed, stress))
        return project(plan, mode=mode, paths=paths, seed=seed, stress=stress, **kw)

    for module in (memo, inputs, analysis):
        monkeypatch.setattr(module, "project", counted)
    report = report_inputs(p)
    assert len(made) == len(set(made))
    # The sample holds 5% crypto: the sweep's 5%, the table's row for its outlook and the
    # stress base are the main run; the sweep's 0% is the outlooks' and the search's floor.
    assert run_key(p, None, None, None) in made
    assert made.count(run_key(analysis.with_crypto_share(p, 0.0), None, None, None)) == 1
    # The figures are those of the questions asked one by one, without shared runs.
    seed = p.simulation.seed
    alone = analysis.crypto_sensitivity(p, mode="monte-carlo", paths=PATHS, seed=seed)
    assert list(report.sensitivity or ()) == alone
    assert report.outlooks == analysis.crypto_outlooks(p, mode="monte-carlo", paths=PATHS,
                                                       seed=seed)
    assert report.stresses == analysis.stress_tests(p, mode="monte-carlo", paths=PATHS,
                                                    seed=seed)
    assert report.share_answer == analysis.max_crypto_share(p, mode="monte-carlo",
                                                            paths=PATHS, seed=seed)


def test_a_dry_pass_lists_the_runs_without_making_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.core.run_memo as memo

    monkeypatch.setattr(memo, "project", lambda *a, **kw: pytest.fail("a run was made"))
    p = small()
    listing = Listing()
    rows = analysis.crypto_sensitivity(p, (0.0, 0.1), mode="monte-carlo", paths=PATHS,
                                       runs=listing)
    analysis.stress_tests(p, mode="monte-carlo", paths=PATHS, keys=("crash-2008",),
                          runs=listing)
    assert len(rows) == 2
    assert listing.asked == [
        run_key(analysis.with_crypto_share(p, 0.0), "monte-carlo", PATHS, None),
        run_key(analysis.with_crypto_share(p, 0.1), "monte-carlo", PATHS, None),
        run_key(p, "monte-carlo", PATHS, None),
        run_key(p, "monte-carlo", PATHS, None, "crash-2008"),
    ]


def test_no_process_is_forked_beside_other_threads() -> None:
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        other.join()


# Run in a fresh interpreter: forking is allowed only from a process without other threads,
# and a test runner has some. It prints the report's crypto figures made with and without
# runs made ahead, and how many runs this process made itself each time.
AHEAD = """
import dataclasses, json, os, sys
import planner.core.run_memo as memo
from planner.core.storage import sample_plan
from planner.report.inputs import report_inputs

parent = os.getpid()
own = []
make = memo.make
def counted(key):
    if os.getpid() == parent:
        own.append(1)
    elif key[2] is not None and key[1] == "monte-carlo" and key[4] == "crash-2008":
        raise RuntimeError("this run fails in a child")  # its question makes it again
    return make(key)
memo.make = counted
p = sample_plan()
p = p.with_changes(simulation=dataclasses.replace(p.simulation, paths=int(sys.argv[1])))
out = {}
for workers in (1, 2):
    own.clear()
    r = report_inputs(p, workers=workers)
    out[workers] = {"own": len(own), "figures": repr((r.sensitivity, r.outlooks, r.stresses,
                                                      r.share_answer))}
print(json.dumps(out))
"""


def test_runs_made_ahead_in_processes_give_the_same_report() -> None:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", AHEAD, str(PATHS)], capture_output=True,
                          text=True, timeout=300, check=True)
    out = json.loads(done.stdout)
    alone, ahead = out["1"], out["2"]
    assert ahead["figures"] == alone["figures"]
    # The sweep's and the tables' runs (all but the main run, the share search's own and
    # the worst window) were made in the children; the one that failed there was made here.
    assert ahead["own"] < alone["own"] - 10


def test_big_runs_are_made_ahead_only_as_many_at_once_as_free_memory_holds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.core.run_memo as memo

    p = small()
    big = [run_key(p, "monte-carlo", 100_000, s) for s in range(4)]
    # 100,000 paths x 120 years x 100 bytes = 1.2 GB a run; half of what is free goes.
    monkeypatch.setattr(memo, "available_memory", lambda: 4_800_000_000)
    assert memo.affordable_workers(big) == 2
    monkeypatch.setattr(memo, "available_memory", lambda: 4_700_000_000)
    assert memo.affordable_workers(big) == 1
    # History counts its windows as 2,000 paths: 24 MB a run.
    assert memo.affordable_workers([run_key(p, "historical", None, 1)]) == 4_700_000_000 // (
        2 * 2_000 * 120 * 100)
    monkeypatch.setattr(memo, "available_memory", lambda: None)
    assert memo.affordable_workers(big) == 4
    # Too little memory for two: nothing is forked, the questions make the runs.
    monkeypatch.setattr(memo, "available_memory", lambda: 1_000_000)
    monkeypatch.setattr(memo, "can_fork", lambda: pytest.fail("asked to fork"))
    runs = Runs()
    runs.make_ahead([run_key(p, "monte-carlo", PATHS, s) for s in range(3)], workers=2)
    assert runs.made == 0


def test_the_free_memory_is_read_from_the_kernel() -> None:
    import sys

    from planner.core.run_memo import available_memory

    free = available_memory()
    if sys.platform.startswith("linux"):
        assert free is not None and free > 0
    else:
        assert free is None
