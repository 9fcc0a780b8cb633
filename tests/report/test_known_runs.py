"""report_inputs(known=...): runs the caller already has are used only when they are the runs
the report would make (same plan, mode and seed; in Monte Carlo the same paths)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from planner.core.model import Plan
from planner.core.storage import sample_plan
from planner.report.inputs import Known, ReportInputs, RunSettings, report_inputs

PATHS = 40


def plan() -> Plan:
    p = sample_plan()
    return p.with_changes(simulation=dataclasses.replace(p.simulation, paths=PATHS))


def known_from(inputs: ReportInputs, p: Plan, seed: int) -> Known:
    """What the window would hand over after running exactly what the report runs."""
    runs = RunSettings("monte-carlo", PATHS, seed)
    assert inputs.sensitivity is not None
    return Known(p, result=inputs.result, result_seed=seed,
                 sensitivity=tuple(inputs.sensitivity), sensitivity_runs=runs,
                 outlooks=inputs.outlooks, stresses=inputs.stresses, tables_runs=runs,
                 worst=inputs.worst_history, worst_known=True)


def count_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every engine run from now on (the tests stand in for the share solver, which no
    caller has on hand, so that what remains is what Known should have spared)."""
    import planner.core.engine as engine

    calls: list[int] = []
    simulate = engine.simulate

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return simulate(*args, **kwargs)

    monkeypatch.setattr(engine, "simulate", counted)
    return calls


def test_same_runs() -> None:
    mc = RunSettings("monte-carlo", 1000, 7)
    assert mc.same_runs(RunSettings("monte-carlo", 1000, 7))
    assert not mc.same_runs(RunSettings("monte-carlo", 999, 7))
    assert not mc.same_runs(RunSettings("monte-carlo", 1000, 8))
    assert not mc.same_runs(RunSettings("historical", 1000, 7))
    assert not mc.same_runs(None)
    # Historical and expected runs do not depend on a path count.
    assert RunSettings("historical", 116, 7).same_runs(RunSettings("historical", 1000, 7))
    assert RunSettings("expected", 1, 7).same_runs(RunSettings("expected", 1000, 7))


@pytest.fixture(scope="module")
def fresh() -> ReportInputs:
    return report_inputs(plan(), paths=PATHS)


def test_known_runs_are_used_and_the_rest_computed(
    fresh: ReportInputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = plan()
    seed = p.simulation.seed
    known = known_from(fresh, p, seed)
    calls = count_runs(monkeypatch)
    monkeypatch.setattr("planner.report.inputs.max_crypto_share",
                        lambda *a, **kw: fresh.share_answer)
    again = report_inputs(p, paths=PATHS, known=known)
    assert calls == []
    assert again.result is fresh.result and again.outlooks is fresh.outlooks
    assert again.stresses is fresh.stresses and again.worst_history is fresh.worst_history
    assert list(again.sensitivity or ()) == list(fresh.sensitivity or ())


@pytest.mark.parametrize("change", ["paths", "seed", "plan", "mode"])
def test_runs_made_otherwise_are_run_again(
    fresh: ReportInputs, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    p = plan()
    seed = p.simulation.seed
    known = known_from(fresh, p, seed)
    kw: dict[str, Any] = {"paths": PATHS}
    if change == "paths":
        kw["paths"] = PATHS + 1
    elif change == "seed":
        kw["seed"] = seed + 1
    elif change == "mode":
        kw["mode"] = "historical"
    else:
        p = p.with_changes(name="Another plan")
    calls = count_runs(monkeypatch)
    monkeypatch.setattr("planner.report.inputs.max_crypto_share",
                        lambda *a, **kw: fresh.share_answer)
    again = report_inputs(p, **kw, known=known)
    assert calls  # the engine ran
    assert again.result is not fresh.result
    assert again.outlooks is not fresh.outlooks and again.stresses is not fresh.stresses
    if change == "plan":  # the worst window is the plan's own: never borrowed across plans
        assert again.worst_history is not fresh.worst_history
