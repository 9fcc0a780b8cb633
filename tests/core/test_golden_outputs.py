"""The engine's outputs, bit for bit, against outputs stored from the engine before the speed
work of Step 11 (commit f03553d): every per-path array a Result holds, for a handful of plans
and modes. A faster engine must give exactly the same numbers for the same seed.

Each stored output (tests/fixtures/golden/*.npz) holds, for every array, a SHA-256 of its
dtype, shape and bytes (the bit-for-bit check) and its first few paths in full (so that a
difference can be measured, not only seen). They were written by running this file as a
script against the old code:

    PYTHONPATH=/tmp/base .venv/bin/python tests/core/test_golden_outputs.py [CASE ...]

Regenerate them only for a deliberate change of the engine's figures, and say so in the commit.

A run of many paths gives a lean Result (every path's detail on request only): the cases of
2,500 paths are checked with every path's detail kept, and tests/core/test_lean_result.py
checks that a lean Result's figures are those of the full one.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from planner.core.engine import project
from planner.core.model import Allocation, MarketDraws, Mode, Mortality, Plan, Rebalancing
from planner.core.result import STORED_FLOWS, Result
from planner.core.storage import load_plan, sample_plan

SHOWN_PATHS = 8  # paths stored in full, to measure a difference when a digest differs
GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
PLANS = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "plans"


def _couple() -> Plan:
    return load_plan(PLANS / "couple_58_55.json")


def _no_crypto(plan: Plan) -> Plan:
    """The sample with its 401(k)'s crypto sleeve moved to stocks: nothing holds crypto."""
    accounts = tuple(replace(a, allocation=Allocation(
        stocks=a.allocation.stocks + a.allocation.crypto, bonds=a.allocation.bonds,
        cash=a.allocation.cash, crypto=0.0)) for a in plan.accounts)
    return plan.with_changes(accounts=accounts)


def _life_table(plan: Plan) -> Plan:
    return plan.with_changes(simulation=replace(plan.simulation, mortality=Mortality.LIFE_TABLE))


def _taxes_off(plan: Plan) -> Plan:
    return plan.with_changes(taxes=replace(plan.taxes, enabled=False))


def _bootstrap_bands(plan: Plan) -> Plan:
    """Block-bootstrap draws, and accounts that drift (bands, never rebalanced)."""
    accounts = tuple(replace(a, rebalancing=(Rebalancing.BANDS, Rebalancing.NONE)[i % 2])
                     for i, a in enumerate(plan.accounts))
    return plan.with_changes(accounts=accounts, simulation=replace(
        plan.simulation, market_draws=MarketDraws.BLOCK_BOOTSTRAP))


def _regime(plan: Plan) -> Plan:
    """Crypto under the two-state regime model (it draws from the stock shocks)."""
    from planner.core.outlooks import named, with_outlook

    outlook = named("recent-history")
    assert outlook is not None
    return with_outlook(plan, outlook.outlook)


# name -> a function giving the Result; small path counts keep the fixtures at a few MB.
CASES: dict[str, Callable[[], Result]] = {
    "sample_mc": lambda: project(sample_plan(), Mode.MONTE_CARLO, paths=500, seed=11),
    "sample_historical": lambda: project(sample_plan(), Mode.HISTORICAL),
    "sample_expected": lambda: project(sample_plan(), Mode.EXPECTED),
    "couple_mc": lambda: project(_couple(), Mode.MONTE_CARLO, paths=300, seed=5),
    "couple_historical": lambda: project(_couple(), Mode.HISTORICAL),
    "heavy_couple_mc": lambda: project(load_plan(PLANS / "heavy_couple.json"),
                                       Mode.MONTE_CARLO, paths=200, seed=3),
    "life_table_mc": lambda: project(_life_table(_couple()), Mode.MONTE_CARLO, paths=300,
                                     seed=7),
    "stress_crash_mc": lambda: project(sample_plan(), Mode.MONTE_CARLO, paths=200, seed=2,
                                       stress="crash-2008"),
    "stress_worst_historical": lambda: project(_couple(), Mode.HISTORICAL,
                                               stress="worst-stocks"),
    "no_crypto_mc": lambda: project(_no_crypto(sample_plan()), Mode.MONTE_CARLO, paths=300,
                                    seed=11),
    "no_crypto_historical": lambda: project(_no_crypto(sample_plan()), Mode.HISTORICAL),
    "taxes_off_mc": lambda: project(_taxes_off(sample_plan()), Mode.MONTE_CARLO, paths=300,
                                    seed=13),
    "bootstrap_bands_mc": lambda: project(_bootstrap_bands(_couple()), Mode.MONTE_CARLO,
                                          paths=200, seed=17),
    "classic_historical": lambda: project(load_plan(PLANS / "classic_historical.json")),
    "regime_mc": lambda: project(_regime(sample_plan()), Mode.MONTE_CARLO, paths=300,
                                 seed=31),
    "bootstrap_crypto_mc": lambda: project(sample_plan().with_changes(simulation=replace(
        sample_plan().simulation, market_draws=MarketDraws.BLOCK_BOOTSTRAP)),
        Mode.MONTE_CARLO, paths=300, seed=37),
    # 2,000 paths and more: the recorder skipped all-zero rows and allocated flows lazily
    # (written before lean Results; run here with every path's detail, see _check)
    "sample_mc_2500": lambda: project(sample_plan(), Mode.MONTE_CARLO, paths=2500, seed=23),
    "classic_mc_2500": lambda: project(load_plan(PLANS / "classic_historical.json"),
                                       Mode.MONTE_CARLO, paths=2500, seed=29),
}


def arrays(result: Result) -> dict[str, np.ndarray]:
    """Every per-path array of a Result (and the few others it holds), by name."""
    out = {
        "years": result.years,
        "ages": result.ages,
        "balances": result.balances,
        "account_contributions": result.account_contributions,
        "account_withdrawals": result.account_withdrawals,
        "price_index": result.price_index,
        "death_t": result.death_t,
        "deaths_drawn": np.array(result.deaths_drawn),
        "path_labels": np.array(result.path_labels, dtype=str),
        "notes": np.array(result.notes, dtype=str),
    }
    if result.path_groups is not None:
        out["path_groups"] = result.path_groups
    for key in STORED_FLOWS:
        out[f"flow_{key}"] = result.flows[key]
    return out


def digest(values: np.ndarray) -> str:
    values = np.ascontiguousarray(values)
    head = f"{values.dtype.str}{values.shape}".encode()
    return hashlib.sha256(head + values.tobytes()).hexdigest()


def first_paths(name: str, values: np.ndarray) -> np.ndarray:
    """The first SHOWN_PATHS paths of an array (whose path axis depends on what it is)."""
    axis = PATH_AXIS.get(name, 0 if name.startswith("flow_") else None)
    if axis is None:
        return values
    return np.take(values, np.arange(min(SHOWN_PATHS, values.shape[axis])), axis=axis)


# The path axis of the arrays that have one (flows are [N, T]: axis 0)
PATH_AXIS = {"balances": 1, "account_contributions": 1, "account_withdrawals": 1,
             "price_index": 0, "death_t": 1, "path_labels": 0, "path_groups": 0}


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_are_bit_identical_to_the_stored_ones(case: str) -> None:
    _check(case)


# Runs whose paths the engine splits into chunks of 64 (the last chunk is shorter)
CHUNKED = ("sample_mc", "sample_historical", "couple_mc", "heavy_couple_mc", "life_table_mc",
           "stress_crash_mc", "taxes_off_mc", "bootstrap_bands_mc", "classic_historical",
           "sample_mc_2500", "classic_mc_2500")


@pytest.mark.parametrize("case", CHUNKED)
def test_paths_run_in_chunks_give_the_same_outputs(case: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.core import engine

    monkeypatch.setattr(engine, "CHUNK_PATHS", 64)
    _check(case)


@pytest.mark.parametrize(("case", "plain"), [("classic_historical", True),
                                             ("classic_mc_2500", True),
                                             ("taxes_off_mc", False), ("sample_mc", False)])
def test_only_plain_plans_take_the_plain_year(case: str, plain: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The classic job (taxes off, one taxable account, a fixed goal) runs the plain year,
    and the golden outputs above show it gives the full year's numbers; a plan with pay
    and Social Security (even with taxes off) does not."""
    from planner.core import engine

    years: list[int] = []
    real = engine.plain_year

    def counted(*args: object) -> object:
        years.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "plain_year", counted)
    result = CASES[case]()
    assert len(years) == (result.n_years if plain else 0)


def full_detail(case: str) -> Result:
    """The case's Result with every path's detail, however many paths it runs."""
    from planner.core import engine

    lean_from = engine.LEAN_FROM
    engine.LEAN_FROM = sys.maxsize
    try:
        return CASES[case]()
    finally:
        engine.LEAN_FROM = lean_from


def _check(case: str) -> None:
    stored = np.load(GOLDEN / f"{case}.npz")
    digests = dict(zip(stored["names"], stored["digests"], strict=True))
    now = arrays(full_detail(case))
    assert sorted(now) == sorted(digests)
    differ = []
    for name, values in now.items():
        values = np.asarray(values)
        if digest(values) == digests[name]:
            continue
        old, new = stored[name], first_paths(name, values)
        gap = (float(np.max(np.abs(old - new)))
               if old.shape == new.shape and old.dtype.kind == "f" else None)
        differ.append(f"{name} (shape {values.shape}, largest gap in the first paths {gap})")
    assert not differ, f"{case}: " + "; ".join(differ)


def write_all(folder: Path = GOLDEN, only: tuple[str, ...] = ()) -> None:
    """Store every case's digests and first paths (or only those of the cases named), run
    against the reference code."""
    import planner

    folder.mkdir(parents=True, exist_ok=True)
    print(f"writing from {planner.__file__}")
    for case in sorted(CASES):
        if only and case not in only:
            continue
        out = arrays(full_detail(case))
        names = sorted(out)
        np.savez_compressed(folder / f"{case}.npz", names=np.array(names),
                            digests=np.array([digest(np.asarray(out[k])) for k in names]),
                            **{k: first_paths(k, np.asarray(out[k])) for k in names})  # type: ignore[arg-type]
        print(case, (folder / f"{case}.npz").stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    write_all(GOLDEN, tuple(sys.argv[1:]))
