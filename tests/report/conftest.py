"""Fixtures: every report test runs on a hand-built result and on the real engine's."""

from __future__ import annotations

import pytest

from planner.core.result import Result
from tests.report.fakes import engine_result, fake_result

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
