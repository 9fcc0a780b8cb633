"""Everything a report needs, computed once: the GUI and the CLI both call ``report_inputs``
and hand the result to ``pdf.write_report``, so their reports are the same document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.charts.inputs import ChartInputs
from planner.core.analysis import (
    DEFAULT_CRYPTO_SHARES,
    HistoricalCase,
    SensitivityRow,
    crypto_sensitivity,
    worst_historical_case,
)
from planner.core.engine import Cancelled, project
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan

Progress = Callable[[float], None]
Cancel = Callable[[], bool]

SENSITIVITY_PATHS = 1000  # enough for success rates to about +/-1.5 points, in about a second
# Shares of the progress bar: the main run, the sensitivity runs, the historical windows.
MAIN_SHARE, SENSITIVITY_SHARE = 0.35, 0.6


@dataclass(frozen=True)
class ReportInputs(ChartInputs):
    """ChartInputs (so the GUI can draw from it too) plus how the sensitivity was run."""

    sensitivity_paths: int | None = None


def report_inputs(
    plan: Plan,
    *,
    mode: Mode | str | None = None,
    paths: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ReportInputs:
    """The main projection (in the plan's mode unless ``mode`` says otherwise), the crypto
    sensitivity (Monte Carlo, SENSITIVITY_PATHS paths, shares 0-20% in 2.5% steps) and the
    worst historical window. Raises PlanError for an invalid plan, Cancelled if cancelled.

    The worst historical window is left out (None) when the plan is longer than the market
    history; the report then says so rather than fail.
    """
    def report(fraction: float) -> None:
        if progress is not None:
            progress(min(1.0, fraction))

    def stop() -> None:
        if cancel is not None and cancel():
            raise Cancelled

    result = project(plan, mode=mode, paths=paths, seed=seed, cancel=cancel,
                     progress=lambda f: report(MAIN_SHARE * f))
    rows: list[SensitivityRow] = []
    shares = DEFAULT_CRYPTO_SHARES
    for k, share in enumerate(shares):
        stop()
        # One share per call so progress moves; the same seed keeps common random numbers.
        rows += crypto_sensitivity(plan, (share,), mode=Mode.MONTE_CARLO,
                                   paths=SENSITIVITY_PATHS, seed=seed)
        report(MAIN_SHARE + SENSITIVITY_SHARE * (k + 1) / len(shares))
    stop()
    worst: HistoricalCase | None
    try:
        worst = worst_historical_case(plan)
    except PlanError:
        worst = None
    report(1.0)
    return ReportInputs(result, tuple(rows), worst, SENSITIVITY_PATHS)
