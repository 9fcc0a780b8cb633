"""This engine against an earlier commit's, side by side in one run (by hand; `make bench` has
the targets).

Both run the same job (the sample plan to age 99: 10,000 Monte Carlo paths x 60 years) in
separate processes, alternating so that both see the same machine load; each figure is the
median of several runs. The limit is checked on CPU time (user and system time of the
process), which other programs on the machine disturb less than wall-clock time. The
earlier commit is exported with `git archive` into a temporary folder (nothing is checked
out here). Usage:

    python benchmarks/against_baseline.py [COMMIT] [--rounds N] [--limit 1.15]

COMMIT defaults to the Step 6 release (health care, state tax), the last commit before Step
7 (crypto outlooks, AR(1) inflation, stress tests, holding rules), each side running its own
sample plan: the Step 7 sample uses the "No premium" outlook and persistent inflation, so the
ratio includes what those cost. (Against the commit before Step 6, 9c7bda1, the ratio was
1.21-1.35: the Step 6 sample's state tax and health premiums.) The exit status is 1 when this
engine is slower than the limit times the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE_STEP_7 = "04e62531465d6f0df5355881c61e2ae3033b0037"  # the Step 6 release

# Runs inside a worker process with the code under test first on sys.path.
WORKER = """
import json, sys, time
from dataclasses import replace
from planner.core.engine import project
from planner.core.storage import sample_plan
plan = sample_plan()
plan = plan.with_changes(people=(replace(plan.people[0], horizon_age=99),))
# Warm up with the full job: rules and data files load, and the allocator settles (the
# first run of a process pays page faults on ~270 MB of fresh arrays; the window's
# repeated runs do not).
project(plan, mode="monte-carlo", paths=10_000, seed=1)
times, cpu = [], []
for _ in range(int(sys.argv[1])):
    start, start_cpu = time.perf_counter(), time.process_time()
    r = project(plan, mode="monte-carlo", paths=10_000, seed=1)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
print(json.dumps({"times": times, "cpu": cpu, "years": int(r.n_years), "paths": int(r.n_paths)}))
"""


def export(commit: str, folder: Path) -> Path:
    archive = folder / "baseline.tar"
    with open(archive, "wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, stdout=out)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "src", filter="data")
    return folder / "src"


def run(code_root: Path, repeat: int) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(code_root), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", WORKER, str(repeat)], check=True, env=env,
                          capture_output=True, text=True, cwd=code_root)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", nargs="?", default=BEFORE_STEP_7)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--limit", type=float, default=1.15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            baseline = export(args.commit, Path(tmp))
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"baseline {args.commit[:10]} not available ({exc}); skipped")
            return 0
        before: dict[str, list[float]] = {"times": [], "cpu": []}
        after: dict[str, list[float]] = {"times": [], "cpu": []}
        for _ in range(args.rounds):  # alternate, three timed runs each
            for into, root in ((before, baseline), (after, ROOT)):
                got = run(root, 3)
                for key in into:
                    into[key] += got[key]  # type: ignore[arg-type]
    print(f"Monte Carlo 10,000 paths x 60 years, median of {len(after['cpu'])} runs each:")
    ok = True
    for key, what in (("cpu", "CPU time"), ("times", "wall time")):
        old, new = statistics.median(before[key]), statistics.median(after[key])
        ratio = new / old
        verdict = ""
        if key == "cpu":
            ok = ratio <= args.limit
            verdict = f" (limit {args.limit:.2f}: {'met' if ok else 'MISSED'})"
        print(f"  {what:9}  before ({args.commit[:10]}): {old:.3f} s   now: {new:.3f} s   "
              f"ratio {ratio:.2f}{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
