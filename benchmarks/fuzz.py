"""Fuzz the command-line tool with mutated plan files (`make fuzz`, before releases).

Each case mutates the sample plan (types changed, keys deleted or added, huge, negative,
NaN and 5,000-digit numbers, long and hostile strings, deep nesting, truncated or
re-encoded bytes), writes it to a fresh folder and runs one of `validate`, `run --json`,
`export` and (rarely) `report` in this process through ``planner.cli.main``, with a
per-case time limit (SIGALRM). A case fails when:
- the exit code is not 0 or 2 (an argparse SystemExit counts with its code);
- an exception escapes or "Traceback" reaches stderr;
- it outlives its time limit (a hang);
- JSON output is not JSON, or holds NaN or Infinity, or the exported table a nan/inf cell;
- the plan file's bytes changed;
- a file other than the requested output appeared (the output only on success).
The summary counts each kind and lists the distinct failures (exception type and the
deepest planner frame) with the smallest mutated input that showed each; the exit status
is non-zero if anything failed. tests/cli/test_fuzz.py runs the same cases, fewer of them.

    python benchmarks/fuzz.py --cases 10000 [--seed 0] [--save DIR] [--no-report]
                              [--only validate|run|export|report]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import io
import json
import math
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "plans" / "sample.json"
PLAN_NAME = "plan.json"
PATHS = "32"  # Monte Carlo paths for run/export/report: the fuzz is about inputs, not speed
TIME_LIMIT = {"validate": 20, "run": 30, "export": 30, "report": 90}  # seconds a case

ODD_STRINGS = (
    "", " ", "x" * 300, "y" * 100_000, "Al $\\foo$", "$$", "4$ \\x^$", "\ufeffAlex", "\ud800",
    "<font size=7>big</font>", "=1+2", "+1", "-1", "@SUM(A1)", "\x1b[31mred\x1b[0m",
    "\u202eevil", "Year", "Total balance", "../../x", "nul\x00byte", "é中文🙂", "\n\t\r", "%s%n",
    "{0}", "traditional_ira", "expected", "monte-carlo", "2026", "NaN", "-Infinity",
)
ODD_NUMBERS: tuple[Any, ...] = (
    0, -1, 1, 2, -0.0, 0.5, 1.5, -0.5, 100, -100, 1e6, -1e6, 1e308, -1e308, 1e-308, 5e-324,
    2**63, -(2**63), 10**30, 12345678901234567890, math.nan, math.inf, -math.inf, 1e15, 0.999,
    120, 1871, 2200, -2026,
)
NUMBER = re.compile(rb"(?<=[:\[,\s])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[,\]\}\s])")


class Hang(BaseException):
    """A case outlived its time limit (a BaseException: ``except Exception`` lets it by)."""


@dataclass
class Case:
    """One mutated plan and the command run on it."""

    data: bytes
    ops: list[str]  # what was done to the sample, readable
    command: str  # validate | run | export | report
    extra: list[str]  # options after the plan path
    output: str | None  # the requested output's file name, if any

    def argv(self, folder: Path) -> list[str]:
        argv = [self.command, str(folder / PLAN_NAME), *self.extra]
        if self.output is not None:
            argv += ["-o", str(folder / self.output)]
        return argv


@dataclass
class Outcome:
    code: int | None = None
    out: str = ""
    err: str = ""
    error: BaseException | None = None
    tb: TracebackType | None = None
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)


# ----- mutations


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _show(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "<root>"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}...({len(text)} chars)"


def _odd_value(rng: random.Random, tree: Any) -> Any:
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind in (2, 3):
        return rng.choice(ODD_NUMBERS)
    if kind in (4, 5):
        return rng.choice(ODD_STRINGS)
    if kind == 6:
        return rng.choice([[], {}, [[]], {"": {}}, [1, "a", None]])
    if kind == 7:  # nesting, within what json.dumps itself can write
        depth = rng.choice([2, 20, 200])
        value: Any = rng.choice([0, "x", None])
        for _ in range(depth):
            value = [value] if rng.random() < 0.5 else {"k": value}
        return value
    return copy.deepcopy(_get(tree, rng.choice(list(_paths(tree)))))  # another part


def _mutate_tree(tree: Any, rng: random.Random, big_lists: bool) -> str:
    """One edit of the plan's JSON object in place; returns what it did."""
    paths = [p for p in _paths(tree) if p]
    path = rng.choice(paths)
    parent, key = _get(tree, path[:-1]), path[-1]
    op = rng.randrange(8)
    if op <= 2:
        value = _odd_value(rng, tree)
        parent[key] = value
        return f"set {_show(path)} = {_short(value)}"
    if op == 3:
        del parent[key]
        return f"delete {_show(path)}"
    if op == 4:
        numbers = [p for p in paths if type(_get(tree, p)) in (int, float)]
        if numbers:
            path = rng.choice(numbers)
            parent, key = _get(tree, path[:-1]), path[-1]
            factor = rng.choice([-1, 0, 1e6, 1e300, -1e-9, 10, 1 + 1e-12])
            parent[key] = parent[key] * factor
            return f"scale {_show(path)} by {factor}"
    if op == 5:
        target = rng.choice([p for p in _paths(tree) if isinstance(_get(tree, p), dict)])
        name = rng.choice(ODD_STRINGS[:20] + ("unknown_key", "schema_version", "name"))
        value = _odd_value(rng, tree)
        _get(tree, target)[name] = value
        return f"add {_show((*target, name))} = {_short(value)}"
    lists = [p for p in _paths(tree) if isinstance(_get(tree, p), list) and _get(tree, p)]
    if op == 6 and lists:
        path = rng.choice(lists)
        items = _get(tree, path)
        times = rng.choice([2, 3, 10, 200] + ([2000] if big_lists else []))
        items.extend(copy.deepcopy(items[0]) for _ in range(times - 1))
        return f"repeat {_show(path)}[0] x{times}"
    if isinstance(parent, dict):  # rename a key
        new = rng.choice([str(key)[:-1], str(key).upper(), f"{key} ", f"{key}\u200b"])
        parent[new] = parent.pop(key)
        return f"rename {_show(path)} -> {new!r}"
    parent[key] = []
    return f"empty {_show(path)}"


def _mutate_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One edit of the file's bytes."""
    op = rng.randrange(12)
    if op == 0:
        cut = rng.randrange(len(data) + 1)
        return data[:cut], f"truncate at byte {cut}"
    if op == 1:
        return b"\xef\xbb\xbf" + data, "UTF-8 BOM"
    if op == 2:
        return data.decode("utf-8").encode("utf-16"), "UTF-16"
    if op == 3:
        at = rng.randrange(len(data) + 1)
        junk = rng.choice([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"])
        return data[:at] + junk + data[at:], f"insert {junk!r} at byte {at}"
    numbers = list(NUMBER.finditer(data))
    if op in (4, 5) and numbers:
        m = rng.choice(numbers)
        new = rng.choice([b"1" + b"0" * 5000, b"-" + b"9" * 4400, b"NaN", b"Infinity",
                          b"-Infinity", b"1e999", b"-1e999", b"0" * 300 + b"1", b"1.0e-400"])
        return (data[:m.start()] + new + data[m.end():],
                f"number {m.group().decode()} at byte {m.start()} -> {new[:12].decode()}"
                f"{'...' if len(new) > 12 else ''} ({len(new)} chars)")
    if op == 6:
        at = data.find(b"{")
        dup = rng.choice([b'"name": "dup", ', b'"people": [], ', b'"schema_version": 1, '])
        return data[:at + 1] + dup + data[at + 1:], f"duplicate key {dup.decode()!r}"
    if op == 7:
        depth = rng.choice([1_000, 100_000])
        opener = rng.choice([b"[", b'{"a":'])
        closer = b"]" if opener == b"[" else b"}"
        return opener * depth + b"0" + closer * depth, f"nesting {opener.decode()} x{depth}"
    if op == 8:
        whole = rng.choice([b"", b"   \n", b"42", b"[]", b"null", b'"plan"', b"{}", b"\x00" * 64])
        return whole, f"whole file {whole[:16]!r}"
    if op == 9:
        tail = rng.choice([b"}", b"// comment", b"\n{}", b",", b"\x1a"])
        return data + tail, f"append {tail!r}"
    if op == 10:
        at = rng.randrange(len(data) + 1)
        return data[:at] + data[at:at + 200] * 50 + data[at:], f"repeat 200 bytes at {at} x50"
    text = data.decode("utf-8", "replace").replace("\n", "\r\n")
    return text.encode("utf-8"), "CRLF line ends"


def _nudge(tree: Any, rng: random.Random) -> str:
    """A plausible edit of one number (most plans stay valid and reach the engine)."""
    numbers = [p for p in _paths(tree) if type(_get(tree, p)) in (int, float)]
    path = rng.choice(numbers)
    parent, key = _get(tree, path[:-1]), path[-1]
    old = parent[key]
    if isinstance(old, float) and abs(old) <= 1 and rng.random() < 0.5:
        parent[key] = rng.uniform(-1.0, 1.0)  # rates and shares, often negative
    else:
        parent[key] = type(old)(old * rng.choice([0, 0.5, 0.9, 1.1, 2, 3, -1]))
    return f"nudge {_show(path)} {old!r} -> {parent[key]!r}"


def _retext(tree: Any, rng: random.Random) -> str:
    """A hostile but plausible text: one of the plan's names set to an odd string."""
    names = [p for p in _paths(tree) if p and p[-1] == "name" and isinstance(_get(tree, p), str)]
    path = rng.choice(names)
    value = rng.choice(ODD_STRINGS)
    _get(tree, path[:-1])["name"] = value
    return f"set {_show(path)} = {_short(value)}"


def mutated_plan(base: dict[str, Any], rng: random.Random,
                 big_lists: bool = False) -> tuple[bytes, list[str]]:
    """The sample plan with one to a few edits, as file bytes, and the edits made:
    a third of the time plausible edits only (numbers nudged, names made odd), else
    anything."""
    tree = copy.deepcopy(base)
    ops: list[str] = []
    if rng.random() < 0.33:
        for _ in range(rng.randint(1, 3)):
            ops.append((_nudge if rng.random() < 0.7 else _retext)(tree, rng))
        return json.dumps(tree, indent=2).encode("utf-8"), ops
    for _ in range(1 + int(min(rng.expovariate(1.0), 4))):
        try:
            ops.append(_mutate_tree(tree, rng, big_lists))
        except RecursionError:  # nested too deep to walk: enough edits
            break
    try:
        data = json.dumps(tree, indent=rng.choice([None, 1, 2])).encode("utf-8")
    except (ValueError, RecursionError) as exc:  # the edit cannot be written as JSON
        data = json.dumps(base).encode("utf-8")
        ops.append(f"(edits dropped: {type(exc).__name__})")
    if rng.random() < 0.3:
        data, op = _mutate_bytes(data, rng)
        ops.append(op)
    return data, ops


def make_case(base: dict[str, Any], rng: random.Random, report_share: float = 0.01,
              command: str | None = None) -> Case:
    """A mutated plan and a command to run on it (``command``, or one drawn)."""
    if command is None:
        roll = rng.random()
        command = ("report" if roll < report_share else "validate" if roll < 0.4
                   else "run" if roll < 0.7 else "export")
    data, ops = mutated_plan(base, rng, big_lists=command == "validate")
    extra: list[str] = []
    output = None
    if command != "validate":
        extra = ["--paths", PATHS, "--seed", str(rng.randrange(100))]
        if rng.random() < 0.5:
            extra += ["--mode", rng.choice(["expected", "monte-carlo", "historical"])]
    if command == "run":
        extra.append("--json")
    elif command == "export":
        output = rng.choice(["out.csv", "out.xlsx"])
        if rng.random() < 0.3:
            extra.append("--real")
    elif command == "report":
        output = "out.pdf"
    return Case(data, ops, command, extra, output)


def load_sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


# ----- running a case and judging it


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise Hang in this (main) thread after ``seconds``."""
    def fire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"over {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def call_cli(argv: list[str], seconds: int) -> Outcome:
    """``planner.cli.main(argv)`` in this process; output is left to the caller to capture."""
    from planner.cli import main

    outcome = Outcome()
    start = time.perf_counter()
    try:
        with time_limit(seconds):
            outcome.code = main(argv)
    except SystemExit as exc:
        outcome.code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:  # noqa: BLE001 - everything escaping is what is counted
        outcome.error, outcome.tb = exc, exc.__traceback__
    outcome.seconds = time.perf_counter() - start
    return outcome


_NAN_CELL = re.compile(r"^\s*[-+]?(nan|inf|infinity)\s*$", re.IGNORECASE)


def _bad_constant(token: str) -> float:
    raise ValueError(f"JSON output holds {token}")


def judge(case: Case, folder: Path, before: set[str], outcome: Outcome) -> Outcome:
    """Fill ``outcome.problems``: every way the case broke the contract."""
    p = outcome.problems
    if isinstance(outcome.error, Hang):
        p.append(("hang", f"{case.command}: {where(outcome.error, outcome.tb)}"))
    elif outcome.error is not None:
        p.append(("traceback", where(outcome.error, outcome.tb)))
    elif "Traceback" in outcome.err:
        last = [line for line in outcome.err.splitlines() if line.strip()][-1:]
        p.append(("traceback", f"on stderr: {last[0][:120] if last else ''}"))
    if outcome.error is None and outcome.code not in (0, 2):
        p.append(("exit code", f"{case.command} exited {outcome.code}"))
    plan = folder / PLAN_NAME
    if not plan.is_file() or plan.is_symlink() or plan.read_bytes() != case.data:
        p.append(("changed input", case.command))
    after = set(os.listdir(folder))
    allowed = before | ({case.output} if case.output and outcome.code == 0 else set())
    stray = sorted(after - allowed)
    if stray:
        p.append(("stray files", f"{case.command} exit {outcome.code}: "
                  + ", ".join(_short(name) for name in stray)))
    if outcome.code == 0 and case.command == "run":
        try:
            json.loads(outcome.out, parse_constant=_bad_constant)
        except json.JSONDecodeError as exc:
            p.append(("bad JSON output", f"run --json: {str(exc)[:80]}"))
        except ValueError as exc:
            p.append(("nan/inf output", f"run --json: {str(exc)[:80]}"))
    if outcome.code == 0 and case.output == "out.csv" and (folder / "out.csv").exists():
        text = (folder / "out.csv").read_text(encoding="utf-8", errors="replace")
        # Data cells only: the header row holds names a plan chose (an account may be
        # called "NaN"), and # lines describe the table.
        rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
        cells = [c for row in rows[1:] for c in row if _NAN_CELL.match(c)]
        if cells:
            p.append(("nan/inf output", f"export csv: {len(cells)} cells like {cells[0]!r}"))
    return outcome


def where(exc: BaseException, tb: TracebackType | None) -> str:
    """The exception's type and the deepest frame in planner/ that it passed through."""
    frames = traceback.extract_tb(tb)
    mine = [f for f in frames if f"{os.sep}planner{os.sep}" in f.filename] or frames
    spot = ""
    if mine:
        f = mine[-1]
        spot = f" at {f.filename.split(os.sep + 'planner' + os.sep)[-1]}:{f.lineno} {f.name}"
    return f"{type(exc).__name__}{spot}"


def run_case(case: Case, folder: Path,
             capture: Callable[[], tuple[str, str]] | None = None) -> Outcome:
    """Write the case's plan into the empty ``folder``, run it there, judge it.
    ``capture`` returns (stdout, stderr) written since its last call (pytest's capsys);
    without it output goes to in-memory buffers."""
    (folder / PLAN_NAME).write_bytes(case.data)
    before = set(os.listdir(folder))
    seconds = TIME_LIMIT[case.command]
    with contextlib.chdir(folder):  # a file written to the working folder is stray too
        if capture is None:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                outcome = call_cli(case.argv(folder), seconds)
            outcome.out, outcome.err = out.getvalue(), err.getvalue()
        else:
            capture()
            outcome = call_cli(case.argv(folder), seconds)
            outcome.out, outcome.err = capture()
    return judge(case, folder, before, outcome)


# ----- the long run


def describe(case: Case) -> str:
    head = case.data[:120]
    return (f"planner-cli {case.command} PLAN {' '.join(case.extra)}"
            f"{' -o ' + case.output if case.output else ''}\n"
            f"      edits: {'; '.join(case.ops)}\n"
            f"      file ({len(case.data)} bytes): {head!r}{'...' if len(case.data) > 120 else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write each distinct failure's plan here")
    parser.add_argument("--no-report", action="store_true", help="never run `report` (slow)")
    parser.add_argument("--only", choices=sorted(TIME_LIMIT), help="run this command only")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-fuzz-data-")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    base = load_sample()
    rng = random.Random(args.seed)
    counts = {k: 0 for k in ("traceback", "hang", "exit code", "changed input", "stray files",
                             "nan/inf output", "bad JSON output")}
    distinct: dict[tuple[str, str], tuple[int, Case]] = {}
    by_command: dict[str, int] = {}
    exits: dict[str, int] = {}  # "run exit 0": how often
    failed_cases = 0
    start = time.perf_counter()
    for i in range(args.cases):
        case = make_case(base, rng, report_share=0.0 if args.no_report else 0.01,
                         command=args.only)
        by_command[case.command] = by_command.get(case.command, 0) + 1
        with tempfile.TemporaryDirectory(prefix="planner-fuzz-") as tmp:
            outcome = run_case(case, Path(tmp))
        code = "error" if outcome.error is not None else outcome.code
        exits[f"{case.command} {code}"] = exits.get(f"{case.command} {code}", 0) + 1
        if outcome.problems:
            failed_cases += 1
        for kind, detail in outcome.problems:
            counts[kind] += 1
            key = (kind, re.sub(r"\d+ chars|byte \d+", "#", detail))
            seen = distinct.get(key)
            if seen is None or len(case.data) < len(seen[1].data):
                distinct[key] = (seen[0] + 1 if seen else 1, case)
            else:
                distinct[key] = (seen[0] + 1, seen[1])
        if not args.quiet and (i + 1) % 50 == 0:
            print(f"  {i + 1:,} cases, {failed_cases:,} failed, "
                  f"{time.perf_counter() - start:,.0f} s", file=sys.stderr, flush=True)
    print(f"fuzz: {args.cases:,} cases (seed {args.seed}; "
          + ", ".join(f"{n:,} {c}" for c, n in sorted(by_command.items()))
          + f") in {time.perf_counter() - start:,.0f} s")
    for kind, n in counts.items():
        print(f"  {kind + ':':16}{n:6,}")
    print(f"  {'failed cases:':16}{failed_cases:6,}")
    print("  exit codes: " + ", ".join(f"{k}: {n:,}" for k, n in sorted(exits.items())))
    if distinct:
        print(f"\n{len(distinct)} distinct failures (count, then the smallest input):")
        for n_key, ((kind, detail), (n, case)) in enumerate(sorted(
                distinct.items(), key=lambda item: -item[1][0])):
            print(f"- [{kind}] {detail}  x{n}\n    {describe(case)}")
            if args.save is not None:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"failure-{n_key:03d}.json").write_bytes(case.data)
    return 1 if failed_cases else 0


if __name__ == "__main__":
    sys.path.append(str(ROOT))  # an installed or PYTHONPATH planner first
    sys.exit(main())
