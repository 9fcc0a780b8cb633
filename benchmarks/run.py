"""Every speed, memory and size target of the project in one table (`make bench`).

Each row is one target: its figure (the median of at least five runs, never the best one),
its limit and whether it holds. The rows come from the benchmark modules beside this one:

- engine_bench: the projection core (Step 11: the sample plan's 10,000 x 60 Monte Carlo in
  0.25 s, the heavy couple in 0.4 s, 100,000 paths in at most 10x the time of 10,000 and
  600 MB, the classic historical job in 4 ms);
- the crypto overlays (Step 7: the regime model and a stress test add at most 10%);
- report_bench: whole processes from the command line (`run --mode historical` in 0.2 s, the
  sample's PDF report in 2 s);
- gui_latency: the window (edit to summary in 150 ms, no GUI-thread stall over 50 ms from an
  edit until every result is drawn, cold start to painted results in 1.5 s), in its own
  process because it needs a QApplication;
- the optimisers (Step 8: a couple's claiming and conversion searches in 10 s together);
- the bundle's size on disk and compressed (Step 11), when `make bundle` has built one;
- first and last, the machine's speed on a fixed workload, with no target: the context for
  every figure between (see ``machine_ms``).

`python benchmarks/run.py --only engine,cli` runs some sections; the exit status is 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

BUNDLE = ROOT / "dist" / "planner"
BUNDLE_DISK_MB = 180.0
BUNDLE_PACKED_MB = 80.0
OPTIMISERS_S = 10.0


class Row(NamedTuple):
    name: str
    figure: float
    limit: float | None  # None: shown for context, no target
    unit: str
    note: str = ""

    @property
    def met(self) -> bool:
        return self.limit is None or self.figure <= self.limit


def shown(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "x":
        return f"x{value:.2f}"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def as_rows(raw: Iterable[tuple]) -> list[Row]:  # type: ignore[type-arg]
    """The modules' rows: (name, figure, limit, unit[, note])."""
    return [Row(*r) for r in raw]


def engine_rows() -> list[Row]:
    import engine_bench

    return as_rows(engine_bench.rows())


def cli_rows() -> list[Row]:
    import report_bench

    return as_rows(report_bench.rows())


def gui_rows() -> list[Row]:
    """The window's rows, measured in a process of their own (offscreen Qt)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MPLBACKEND="Agg")
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import gui_latency; "
            "print('ROWS ' + json.dumps(gui_latency.rows()))")
    done = subprocess.run([sys.executable, "-c", code, str(HERE)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    for line in done.stdout.splitlines():
        if line.startswith("ROWS "):
            return as_rows(json.loads(line[5:]))
    raise RuntimeError(f"gui_latency gave no rows:\n{done.stdout}\n{done.stderr}")


def side_by_side(job: Callable[[], object], base: Callable[[], object],
                 repeat: int = 7) -> float:
    """The ratio of two jobs' median times, run alternately so both see the same load."""
    job_times, base_times = [], []
    for _ in range(repeat):
        for fn, into in ((base, base_times), (job, job_times)):
            start = time.perf_counter()
            fn()
            into.append(time.perf_counter() - start)
    return statistics.median(job_times) / statistics.median(base_times)


def crypto_rows() -> list[Row]:
    """Step 7: the crypto regime model and a stress overlay each add at most 10% to the sample
    plan's 10,000 x 60 Monte Carlo; the same plan holding no crypto draws none."""
    from dataclasses import replace

    from planner.core.analysis import with_crypto_share
    from planner.core.engine import project
    from planner.core.model import Mode
    from planner.core.outlooks import named, with_outlook
    from planner.core.storage import sample_plan

    plan = sample_plan()
    plan = plan.with_changes(people=(replace(plan.people[0], horizon_age=99),))
    regime = named("recent-history")
    assert regime is not None
    regime_plan = with_outlook(plan, regime.outlook)
    no_crypto = with_crypto_share(plan, 0.0)

    def mc(p: object, **kw: object) -> Callable[[], object]:
        return lambda: project(p, mode=Mode.MONTE_CARLO, paths=10_000, seed=1, **kw)  # type: ignore[arg-type]

    project(plan, mode=Mode.MONTE_CARLO, paths=10_000, seed=1)  # warm the caches
    return [
        Row("crypto under the regime model, vs the default outlook",
            side_by_side(mc(regime_plan), mc(plan)), 1.10, "x"),
        Row("a stress test (2008-like crash) laid over the markets",
            side_by_side(mc(plan, stress="crash-2008"), mc(plan)), 1.10, "x"),
        Row("the same plan holding no crypto", side_by_side(mc(no_crypto), mc(plan)), None,
            "x", "no crypto draws"),
    ]


def optimiser_rows() -> list[Row]:
    """Step 8: the couple 58/55 ($2.1M in six account types), a joint claiming search plus a
    conversion-policy search on 2,000 paths, under 10 s together (median of 5)."""
    from planner.core.optimize import Decision, optimize
    from planner.core.storage import load_plan

    couple = load_plan(HERE / "plans" / "couple_58_55.json")
    totals, evaluated = [], 0
    for _ in range(5):
        total = 0.0
        for what in (Decision.CLAIMING, Decision.CONVERSIONS):
            answer = optimize(couple, what, paths=2000, check_paths=2000, other_modes=False)
            total += answer.seconds
            evaluated += answer.evaluated
        totals.append(total)
    return [Row("optimisers: couple's claiming + conversion searches, 2,000 paths",
                statistics.median(totals), OPTIMISERS_S, "s",
                f"{evaluated // 5} candidate plans a round")]


def bundle_rows() -> list[Row]:
    """The PyInstaller folder's size on disk and as a .tar.gz (if `make bundle` made one)."""
    if not BUNDLE.is_dir():
        return []
    disk = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and
               not p.is_symlink())
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as tar:
        tar.add(BUNDLE, arcname=BUNDLE.name)
    return [Row("bundle on disk (dist/planner)", disk / 1e6, BUNDLE_DISK_MB, "MB"),
            Row("bundle as .tar.gz", len(packed.getvalue()) / 1e6, BUNDLE_PACKED_MB, "MB")]


def machine_ms(repeat: int = 7) -> float:
    """Milliseconds for a fixed workload like the engine's (array operations on 10,000
    numbers with Python between them), median of ``repeat``: no target, the context for
    the other figures. A virtual machine's speed can change by half within minutes (on
    Step 11's machine the same engine run took 0.40 s and 0.67 s an hour apart): compare two
    tables by it, and measure two versions side by side."""
    import numpy as np

    x = np.linspace(0.0, 1.0, 10_000)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        y = x
        for _ in range(500):
            y = np.minimum(np.maximum(y * 1.0001 + 0.5, 0.0), 2.0) - 0.5
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def machine_row(when: str) -> Row:
    return Row(f"machine: a fixed workload, {when} (context)", machine_ms(), None, "ms")


SECTIONS: dict[str, Callable[[], list[Row]]] = {
    "engine": engine_rows,
    "crypto": crypto_rows,
    "cli": cli_rows,
    "gui": gui_rows,
    "optimisers": optimiser_rows,
    "bundle": bundle_rows,
}


def table(rows: list[Row]) -> str:
    cells = [("target", "figure", "limit", "", "note")]
    for r in rows:
        limit = "" if r.limit is None else "<= " + shown(r.limit, r.unit)
        verdict = "" if r.limit is None else ("pass" if r.met else "FAIL")
        cells.append((r.name, shown(r.figure, r.unit), limit, verdict, r.note))
    widths = [max(len(c[i]) for c in cells) for i in range(5)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)).rstrip(),
             "-|-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells[1:]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help="comma-separated sections: " + ", ".join(SECTIONS))
    args = parser.parse_args()
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    rows: list[Row] = [machine_row("before")]
    broken: list[str] = []
    start = time.perf_counter()
    for name in wanted:
        try:
            rows += SECTIONS[name]()
        except Exception as exc:  # one broken section must not hide the others' figures
            broken.append(f"{name}: {type(exc).__name__}: {exc}")
    rows.append(machine_row("after"))
    print(table(rows))
    for line in broken:
        print(f"section failed, {line}")
    missed = [r.name for r in rows if not r.met]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} rows within their limits "
          f"({time.perf_counter() - start:.0f} s of benchmarking)")
    return 1 if missed or broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
