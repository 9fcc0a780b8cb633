"""Fixtures: every report test runs on a hand-built result and on the real engine's."""

from __future__ import annotations

import pytest

from planner.charts.inputs import ChartInputs
from planner.core.result import Result
from tests.report.fakes import engine_inputs, engine_result, fake_inputs, fake_result

KINDS = ["fake", "fake_one_path", "engine", "engine_mc", "engine_hist"]


def make(kind: str) -> Result:
    if kind == "fake":
        return fake_result()
    if kind == "fake_one_path":
        return fake_result(n_paths=1, with_shortfall=False)
    if kind == "engine":
        return engine_result("expected")
    if kind == "engine_mc":
        return engine_result("monte-carlo")
    return engine_result("historical")


@pytest.fixture(params=KINDS)
def any_result(request: pytest.FixtureRequest) -> Result:
    return make(request.param)


@pytest.fixture
def fake() -> Result:
    return fake_result()


@pytest.fixture
def fake_chart_inputs() -> ChartInputs:
    return fake_inputs()


@pytest.fixture(params=["fake", "engine_mc"])
def many_paths(request: pytest.FixtureRequest) -> ChartInputs:
    """Inputs with many paths, a worst window and sensitivity rows: hand-built and real."""
    return fake_inputs() if request.param == "fake" else engine_inputs("monte-carlo")
