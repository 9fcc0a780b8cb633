"""Fuzz the command-line tool in the suite: the sample plan mutated (types, deleted keys,
huge, negative, NaN and 5,000-digit numbers, hostile strings, deep nesting, broken bytes)
through `validate`, `run --json`, `export` and `report`, in this process, via
``planner.cli.main``. Every case must exit 0 or 2 with no traceback, print no NaN or
Infinity, leave the plan file's bytes alone and leave no file but the requested output.
The cases and the judging are benchmarks/fuzz.py's (`make fuzz` runs 10,000 of them);
here Hypothesis draws about a minute of them, derandomized so every run is the same."""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import planner.cli
from benchmarks.fuzz import TIME_LIMIT, Case, describe, load_sample, make_case, run_case

BASE = load_sample()


def _check(case_rng: random.Random, capsys: pytest.CaptureFixture[str],
           command: str | None = None) -> None:
    case = make_case(BASE, case_rng, report_share=0.0, command=command)
    with tempfile.TemporaryDirectory(prefix="planner-fuzz-") as tmp:
        outcome = run_case(case, Path(tmp), capture=lambda: capsys.readouterr())
    assert not outcome.problems, (
        "; ".join(f"[{kind}] {detail}" for kind, detail in outcome.problems)
        + f"\n{describe(case)}\nstderr: {outcome.err[-2000:]}")


# No shrinking: a failing case is already described by its edits, and shrinking would
# rerun the CLI hundreds of times.
@settings(max_examples=600, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case_rng=st.randoms(use_true_random=False))
def test_mutated_plans_never_crash_the_cli(case_rng: random.Random,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _check(case_rng, capsys)


@pytest.mark.parametrize("seed", [3, 11])
def test_mutated_plans_never_crash_the_report(seed: int,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # A report takes seconds: two cases here, the rest in `make fuzz`.
    _check(random.Random(seed), capsys, command="report")


def _broken_cli(how: str):  # type: ignore[no-untyped-def]
    def main(argv: list[str]) -> int:
        plan = Path(argv[1])
        if how == "raise":
            raise KeyError("boom")
        if how == "stderr":
            print("Traceback (most recent call last):", file=sys.stderr)
        print(json.dumps({"x": float("nan") if how == "nan" else 1}))
        if how == "touch":
            plan.write_bytes(plan.read_bytes() + b" ")
        if how == "stray":
            (plan.parent / "plan.json.v0.bak").write_text("{}")
        if how == "exit":
            raise SystemExit(1)
        if how == "hang":
            while True:
                pass
        return 0
    return main


@pytest.mark.parametrize(("how", "kind"), [
    ("raise", "traceback"), ("stderr", "traceback"), ("nan", "nan/inf output"),
    ("touch", "changed input"), ("stray", "stray files"), ("exit", "exit code"),
    ("hang", "hang")])
def test_the_harness_sees_each_kind_of_failure(how: str, kind: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(planner.cli, "main", _broken_cli(how))
    monkeypatch.setitem(TIME_LIMIT, "run", 1)
    case = Case(b"{}", ["none"], "run", ["--json"], None)
    with tempfile.TemporaryDirectory() as tmp:
        outcome = run_case(case, Path(tmp), capture=lambda: capsys.readouterr())
    assert [k for k, _ in outcome.problems] == [kind]
