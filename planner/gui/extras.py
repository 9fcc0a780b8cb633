"""The background analyses after a full run: what the charts and tables beside the result
need (the worst historical window, the crypto-share sweep, the plan under every crypto
outlook and under each stress test). Computed on a worker, cancellable between runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.core.engine import Cancelled
from planner.core.errors import PlanError
from planner.core.model import Mode, Plan
from planner.gui.worker import Cancel, Progress


@dataclass(frozen=True)
class Extras:
    """The background analyses of one plan, for the charts and tables that need them."""

    plan: Plan
    sensitivity: Any = None  # list[SensitivityRow] or None
    worst_history: Any = None  # HistoricalCase or None
    outlooks: Any = None  # analysis.OutlookTable, or None (no crypto held, or it failed)
    stress: Any = None  # analysis.StressTable or None
    mode: str = ""  # the mode the tables were run in (Monte Carlo for an expected plan)
    paths: int = 0  # the paths asked for (historical runs count their windows instead)
    problems: tuple[str, ...] = ()  # why a table is missing (a plan too long for history)
    runs: Any = None  # run_memo.Runs: the headline of every run made for them


def tables_mode(plan: Plan) -> Mode:
    """The mode of the outlook and stress tables: the plan's, but Monte Carlo for an
    expected plan (one path of median returns cannot show a range of beliefs or a shock's
    odds)."""
    mode = plan.simulation.mode
    return Mode.MONTE_CARLO if mode is Mode.EXPECTED else mode


def extras_job(plan: Plan, paths: int) -> Any:
    def job(progress: Progress, cancel: Cancel) -> Extras:
        from planner.core import analysis, montecarlo
        from planner.core.outlooks import named_outlooks
        from planner.core.run_memo import Runs
        from planner.core.stress import STOCK_STRESS_KEYS, STRESS_KEYS

        holds_crypto = montecarlo.holds_crypto(plan)
        mode = tables_mode(plan)
        seed = plan.simulation.seed
        shares = analysis.DEFAULT_CRYPTO_SHARES
        stress_keys = STRESS_KEYS if holds_crypto else STOCK_STRESS_KEYS
        # Runs in all, for the progress bar: the worst window, the sweep, the outlooks (and
        # the plan's own, and 0%), the stress tests and their base.
        total = 1 + len(shares) + (len(named_outlooks()) + 2 if holds_crypto else 0) \
            + len(stress_keys) + 1
        done = 0

        def tick() -> bool:
            """Called before each run: counts it, and says whether to stop."""
            nonlocal done
            done += 1
            progress(min(done / total, 1.0))
            return cancel()

        def check() -> None:
            if cancel():
                raise Cancelled()

        problems: list[str] = []
        made = Runs()  # the tables and the sweep share runs (planner.core.run_memo)
        try:
            worst = analysis.worst_historical_case(plan)
        except PlanError:
            worst = None  # e.g. a plan longer than the market history
        tick()
        outlooks = stress = None
        if holds_crypto:
            try:
                outlooks = analysis.crypto_outlooks(plan, mode=mode, paths=paths, seed=seed,
                                                    cancel=tick, runs=made)
            except PlanError as exc:
                problems.append(f"Crypto outlooks: {'; '.join(exc.lines())}")
            except OSError as exc:  # a data file of the outlooks is missing or unreadable
                problems.append(f"Crypto outlooks: {exc}")
            check()
        try:
            stress = analysis.stress_tests(plan, mode=mode, paths=paths, seed=seed,
                                           keys=stress_keys, cancel=tick, runs=made)
        except PlanError as exc:
            problems.append(f"Stress tests: {'; '.join(exc.lines())}")
        check()
        rows = []
        # One share at a time, so a newer edit stops the sweep within one short run.
        for share in shares:
            if tick():
                raise Cancelled()
            rows += analysis.crypto_sensitivity(plan, (share,), mode=Mode.MONTE_CARLO,
                                                paths=paths, seed=seed, runs=made)
        return Extras(plan, sensitivity=rows, worst_history=worst, outlooks=outlooks,
                      stress=stress, mode=str(mode), paths=paths, problems=tuple(problems),
                      runs=made)

    return job
