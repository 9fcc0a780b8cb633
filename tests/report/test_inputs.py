"""report_inputs: the main run, the crypto sensitivity and the worst window, with progress."""

from __future__ import annotations

import numpy as np
import pytest

from planner.core.analysis import DEFAULT_CRYPTO_SHARES, crypto_sensitivity, worst_historical_case
from planner.core.engine import Cancelled
from planner.core.storage import sample_plan
from planner.report.inputs import report_inputs
from tests.report.fakes import engine_inputs


def test_everything_a_report_needs_with_regular_progress() -> None:
    plan = sample_plan()
    fractions: list[float] = []
    inputs = report_inputs(plan, progress=fractions.append)
    assert inputs.result.mode == str(plan.simulation.mode)
    assert [r.crypto_share for r in inputs.sensitivity or []] == list(DEFAULT_CRYPTO_SHARES)
    assert inputs.sensitivity_paths == plan.simulation.paths == 1000  # the plan's own count
    worst = worst_historical_case(plan)
    assert inputs.worst_history is not None
    assert inputs.worst_history.start_year == worst.start_year
    np.testing.assert_array_equal(inputs.worst_history.total_balance_real,
                                  worst.total_balance_real)
    assert len(fractions) >= 20
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert max(np.diff([0.0, *fractions])) <= 0.1  # no long silent stretch


def test_sensitivity_rows_are_crypto_sensitivitys() -> None:
    inputs = engine_inputs("monte-carlo")
    assert inputs.result.n_paths == 300 and inputs.result.mode == "monte-carlo"
    row = (inputs.sensitivity or [])[2]
    # A Monte Carlo report runs its crypto page with its own paths and seed (300 and 7).
    again = crypto_sensitivity(sample_plan(), (row.crypto_share,), paths=300, seed=7)[0]
    assert again == row
    assert inputs.sensitivity_paths == 300


def test_cancel_stops_it() -> None:
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 60  # past the main run, inside the sensitivity runs

    with pytest.raises(Cancelled):
        report_inputs(sample_plan(), cancel=cancel)
