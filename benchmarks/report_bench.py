"""The command line's whole-process targets (issue 14, items 2 and 4), one row each.

- `planner-cli run PLAN --mode historical` on the sample plan: <= 0.2 s, from starting the
  interpreter to its exit (imports included: that is what a user waits for);
- `planner-cli report PLAN -o OUT.pdf` on the sample plan: <= 2 s, the same way.

Each figure is the median of at least five runs, never the best one. The commands run in a
scratch folder (so the current folder never shadows the planner being measured) with this
process's environment: with PYTHONPATH pointing at another checkout they time that
checkout, so two versions can be compared side by side:

    .venv/bin/python benchmarks/report_bench.py
    PYTHONPATH=/tmp/base .venv/bin/python benchmarks/report_bench.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "resources" / "plans" / "sample.json"
RUN_S = 0.2
REPORT_S = 2.0


def process_seconds(args: list[str], cwd: Path) -> float:
    """Wall time of one `python -m planner ARGS` process; a failed command is an error
    (a crash must never pass as a fast run)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "planner", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"planner {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def median_process_seconds(args: list[str], cwd: Path, repeat: int) -> float:
    process_seconds(args, cwd)  # the first run warms the disk cache; it is not counted
    return statistics.median(process_seconds(args, cwd) for _ in range(max(repeat, 5)))


def rows(repeat: int = 5) -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory(prefix="report_bench_") as scratch:
        folder = Path(scratch)
        run = median_process_seconds(["run", str(SAMPLE), "--mode", "historical"], folder,
                                     repeat)
        report = median_process_seconds(["report", str(SAMPLE), "-o",
                                         str(folder / "sample.pdf")], folder, repeat)
    return [
        ("CLI run --mode historical, whole process (sample plan)", run, RUN_S, "s"),
        ("CLI PDF report, whole process (sample plan)", report, REPORT_S, "s"),
    ]


if __name__ == "__main__":
    for name, figure, limit, unit in rows():
        verdict = "ok" if figure <= limit else "MISSED"
        print(f"{name}: {figure:.3f} {unit} (limit {limit:g} {unit}) {verdict}")
