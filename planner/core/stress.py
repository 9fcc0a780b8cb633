"""Stress tests: deterministic shocks laid over any run's market years.

Each stress replaces some years' returns on every path of the scenario (Monte Carlo,
historical or expected) and leaves the rest as drawn, so "with" and "without" differ only
by the shock:
- crypto -80% in the first year of retirement;
- crypto lost for good in a chosen year (the plan's setting, else the retirement year): it
  returns -100% that year and the sleeve earns what cash earns afterwards (nobody can keep
  buying an asset that no longer trades);
- a 2008-like joint crash in the first year of retirement: stocks -36.6% (the S&P 500's
  2008 total return in us_market_annual.csv) and crypto -75% (Bitcoin fell 73.5% in 2018
  and 64.4% in 2022, btc_annual.csv);
- the worst ten years of real stock returns in history (1911-1920 in us_market_annual.csv,
  -4.2% a year after inflation), from the first year of retirement, in real terms: each
  year's stock return is that year's real return grown by the path's own inflation.
In an expected run (one path of median growth) a shocked class moves each account's growth
by its share times the shock's distance from that class's typical return. A crypto shock
spares a path whose crypto was already lost to a collapse (it earns cash by then).
Under an outlook that expects crypto to lose money, losing it (to cash) can raise success.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from planner.core.market import us_market
from planner.core.model import Plan
from planner.core.returns import Scenario, asset_moments

STOCKS, BONDS, CASH, CRYPTO = range(4)
WORST_SPAN = 10  # years of the worst real stock sequence
CRASH_2008_STOCKS_YEAR = 2008


@dataclass(frozen=True)
class Stress:
    key: str
    label: str
    description: str


def stresses(plan: Plan) -> tuple[Stress, ...]:
    zero = zero_year(plan)
    first, real = worst_stock_sequence()
    return (
        Stress("crypto-crash", "Crypto -80% at retirement",
               f"Crypto loses 80% in {retirement_year(plan)}, the first year of retirement."),
        Stress("crypto-zero", f"Crypto to zero in {zero}",
               f"Crypto is lost for good in {zero}; the sleeve earns cash's return after."),
        Stress("crash-2008", "2008-like crash at retirement",
               f"Stocks {crash_2008_stocks():.1%} and crypto -75% in "
               f"{retirement_year(plan)}, the first year of retirement."),
        Stress("worst-stocks", f"Worst 10 years of stocks ({first}-{first + WORST_SPAN - 1})",
               f"From {retirement_year(plan)}, stocks repeat {first}-{first + WORST_SPAN - 1} "
               f"in real terms ({(np.prod(1 + real) ** (1 / WORST_SPAN) - 1):.1%} a year "
               "after inflation), the worst ten years in 1872-2024."),
    )


def stress(plan: Plan, key: str) -> Stress:
    for s in stresses(plan):
        if s.key == key:
            return s
    raise ValueError(f"unknown stress test {key!r}")


STRESS_KEYS = ("crypto-crash", "crypto-zero", "crash-2008", "worst-stocks")
STOCK_STRESS_KEYS = ("crash-2008", "worst-stocks")  # the ones that matter without crypto


def retirement_year(plan: Plan) -> int:
    return max(plan.retirement_year, plan.start_year)


def zero_year(plan: Plan) -> int:
    year = plan.simulation.stress_crypto_zero_year
    return year if year is not None else retirement_year(plan)


@lru_cache(maxsize=1)
def crash_2008_stocks() -> float:
    h = us_market()
    return float(h.stocks[h.years == CRASH_2008_STOCKS_YEAR][0])


@lru_cache(maxsize=1)
def worst_stock_sequence() -> tuple[int, np.ndarray]:
    """(first year, [WORST_SPAN] real stock returns) of the worst run of WORST_SPAN years."""
    h = us_market()
    real = (1 + h.stocks) / (1 + h.inflation) - 1
    growth = np.array([np.prod(1 + real[i:i + WORST_SPAN])
                       for i in range(len(real) - WORST_SPAN + 1)])
    i = int(growth.argmin())
    return int(h.years[i]), real[i:i + WORST_SPAN]


def apply(plan: Plan, scenario: Scenario, key: str) -> Scenario:
    """The scenario with the stress ``key`` laid over it."""
    returns = scenario.returns.copy()  # [T, 4, N]
    first = np.full((len(returns), 4), np.nan)  # path 0's shocked returns (NaN: none)
    lost = None
    for years, asset, value in _shocks(plan, scenario, key):
        shocked = np.broadcast_to(value, returns[years, asset].shape)
        if asset == CRYPTO:
            # A sleeve already lost to a collapse (the Bust outlook) earns cash: it has
            # nothing left for a crypto shock to take.
            if lost is None:
                lost = np.cumsum(scenario.returns[:, CRYPTO] == -1.0, axis=0) > 0  # [T, N]
            shocked = np.where(lost[years], returns[years, asset], shocked)
        returns[years, asset] = shocked
        spared = lost[years, 0] if lost is not None and asset == CRYPTO else False
        first[years, asset] = np.where(spared, np.nan, shocked[..., 0])
    notes = scenario.notes + (f"Stress test: {stress(plan, key).description}",)
    if scenario.account_rates is None:
        return replace(scenario, returns=returns, notes=notes)
    return replace(scenario, returns=returns, notes=notes,
                   account_rates=_expected_rates(plan, scenario, first))


def _shocks(plan: Plan, scenario: Scenario, key: str
            ) -> list[tuple[slice, int, float | np.ndarray]]:
    """(years, asset class, returns) the stress ``key`` puts in place of the scenario's; the
    returns are one figure, or [years, N]. Written into a copy of the scenario's returns
    (writing a [T, 4, N] array of NaN overrides and merging it took about a tenth of a
    10,000-path run)."""
    n_years = scenario.returns.shape[0]
    last = n_years - 1
    t_ret = min(retirement_year(plan) - plan.start_year, last)
    at_retirement = slice(t_ret, t_ret + 1)
    if key == "crypto-crash":
        return [(at_retirement, CRYPTO, -0.80)]
    if key == "crypto-zero":
        t0 = min(zero_year(plan) - plan.start_year, last)
        return [(slice(t0, t0 + 1), CRYPTO, -1.0),
                (slice(t0 + 1, None), CRYPTO, scenario.returns[t0 + 1:, CASH])]
    if key == "crash-2008":
        return [(at_retirement, STOCKS, crash_2008_stocks()), (at_retirement, CRYPTO, -0.75)]
    if key == "worst-stocks":
        _, real = worst_stock_sequence()
        span = min(WORST_SPAN, n_years - t_ret)
        years = slice(t_ret, t_ret + span)
        return [(years, STOCKS, (1 + real[:span, None]) * (1 + scenario.inflation[years]) - 1)]
    raise ValueError(f"unknown stress test {key!r}")


def _expected_rates(plan: Plan, scenario: Scenario, overrides: np.ndarray) -> np.ndarray:
    """[T, A] each account's growth in an expected run with the shocked years moved."""
    assert scenario.account_rates is not None
    base = scenario.account_rates
    rates = np.repeat(base[None, :], len(overrides), axis=0) if base.ndim == 1 else base
    alloc = np.array([a.allocation.as_tuple() for a in plan.accounts], float).reshape(-1, 4)
    means, sig = asset_moments(plan)
    typical = (1 + means) / np.sqrt(1 + np.expm1(sig**2)) - 1  # each class's median
    shock = np.where(np.isnan(overrides), 0.0, overrides - typical[None, :])  # [T, 4]
    return np.asarray(rates + shock @ alloc.T)
