"""Capital-market presets: where the plan's stock, bond, cash and inflation numbers come from.

"history" is 1926-2024 US data (resources/data/us_market_annual.csv). The others are
published forward-looking outlooks, read from resources/data/capital_market_assumptions.json
(each with its publisher, edition and date) and put in the planner's terms:
- the planner's ``expected_return`` is the arithmetic mean yearly return and its
  ``volatility`` the standard deviation of yearly *log* returns (lognormal returns);
- publishers give a simple-return SD s; with mean m the log SD is sqrt(ln(1 + s^2/(1+m)^2));
- a geometric (compound) figure g becomes a mean m = (1+g) exp(sigma^2 / 2) - 1.
Correlations stay the 1926-2024 estimates for every preset: the publishers' matrices are
not shipped (J.P. Morgan's is for institutional investors only).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from planner.core.model import AssetClass, Assumptions
from planner.resources import resource_path

HISTORY = "history"
CUSTOM = "custom"
# Inflation as an AR(1): the lag-1 regression slope of yearly CPI-U inflation on the year
# before, 1926-2024 (0.621; tests/core/test_presets.py recomputes it from the data).
INFLATION_PERSISTENCE = 0.62


@dataclass(frozen=True)
class MarketPreset:
    key: str
    label: str
    source: str  # publisher, edition, date: shown beside the assumptions
    stocks: AssetClass
    bonds: AssetClass
    cash: AssetClass
    inflation_rate: float
    inflation_volatility: float
    note: str = ""  # how the figures were put in the planner's terms

    def matches(self, a: Assumptions) -> bool:
        """Whether the plan's numbers are this preset's (to the rounding of a form)."""
        mine = (self.stocks, self.bonds, self.cash)
        theirs = (a.stocks, a.bonds, a.cash)
        close = all(abs(x.expected_return - y.expected_return) < 5e-5
                    and abs(x.volatility - y.volatility) < 5e-5
                    for x, y in zip(mine, theirs, strict=True))
        return (close and abs(self.inflation_rate - a.inflation_rate) < 5e-5
                and abs(self.inflation_volatility - a.inflation_volatility) < 5e-5)

    def apply(self, a: Assumptions) -> Assumptions:
        from dataclasses import replace

        return replace(a, stocks=self.stocks, bonds=self.bonds, cash=self.cash,
                       inflation_rate=self.inflation_rate,
                       inflation_volatility=self.inflation_volatility, market_preset=self.key)


def log_sd(mean: float, simple_sd: float) -> float:
    """SD of log returns of a lognormal with this mean and simple-return SD."""
    return math.sqrt(math.log1p(simple_sd**2 / (1 + mean) ** 2))


def from_arithmetic(mean: float, simple_sd: float) -> AssetClass:
    return AssetClass(round(mean, 4), round(log_sd(mean, simple_sd), 4))


def from_geometric(geometric: float, simple_sd: float) -> AssetClass:
    """Mean and log SD of a lognormal whose median (compound growth) is ``geometric``."""
    mean = geometric
    for _ in range(50):  # the mean depends on the log SD, which depends on the mean
        sigma = log_sd(mean, simple_sd)
        mean = (1 + geometric) * math.exp(sigma * sigma / 2) - 1
    return AssetClass(round(mean, 4), round(log_sd(mean, simple_sd), 4))


def _history() -> MarketPreset:
    a = Assumptions()
    return MarketPreset(
        key=HISTORY, label="History 1926-2024",
        source="US stocks (S&P 500 total return), 10-year Treasuries, T-bills and CPI-U, "
               "1926-2024 (Shiller; Damodaran, NYU Stern)",
        stocks=a.stocks, bonds=a.bonds, cash=a.cash,
        inflation_rate=a.inflation_rate, inflation_volatility=a.inflation_volatility,
        note="Means and log-return SDs of 99 calendar years.")


def _jpm(src: dict[str, Any]) -> MarketPreset:
    arith, vol = src["arithmetic_return"], src["volatility"]
    return MarketPreset(
        key="jpm-2026", label="J.P. Morgan 2026 outlook",
        source=f"{src['publisher']}, {src['publication']}, published {src['published']} "
               f"(data as of {src['data_as_of']}), {src['horizon_years']}-year horizon",
        stocks=from_arithmetic(arith["us_large_cap_equity"], vol["us_large_cap_equity"]),
        bonds=from_arithmetic(arith["us_aggregate_bonds"], vol["us_aggregate_bonds"]),
        cash=from_arithmetic(arith["us_cash"], vol["us_cash"]),
        inflation_rate=arith["us_inflation"], inflation_volatility=vol["us_inflation"],
        note="US large cap, US aggregate bonds, cash and inflation: the arithmetic returns "
             "and volatilities of the USD matrix, volatilities turned into log-return SDs.")


def _vanguard(src: dict[str, Any]) -> MarketPreset:
    mid, vol = src["midpoint"], src["median_volatility"]
    return MarketPreset(
        key="vanguard-2025", label="Vanguard 2025 outlook",
        source=f"{src['publisher']}, {src['publication']}, {src['horizon_years']}-year horizon",
        stocks=from_geometric(mid["us_equities"], vol["us_equities"]),
        bonds=from_geometric(mid["us_aggregate_bonds"], vol["us_aggregate_bonds"]),
        cash=from_geometric(mid["us_cash"], vol["us_cash"]),
        inflation_rate=mid["us_inflation"], inflation_volatility=vol["us_inflation"],
        note="US equities, US aggregate bonds, cash and inflation: the midpoints of "
             "Vanguard's ranges (compound returns) turned into mean returns with the median "
             "volatilities.")


@lru_cache(maxsize=1)
def presets() -> tuple[MarketPreset, ...]:
    with open(resource_path("data", "capital_market_assumptions.json"), encoding="utf-8") as f:
        data = json.load(f)
    by_id = {s["id"]: s for s in data["sources"]}
    return (_history(), _jpm(by_id["jpmam_ltcma_2026"]),
            _vanguard(by_id["vanguard_vcmm_2025_04_30"]))


def preset(key: str) -> MarketPreset | None:
    return next((p for p in presets() if p.key == key), None)


def describe(a: Assumptions) -> str:
    """One line naming where the plan's market numbers come from."""
    p = preset(a.market_preset)
    if p is not None and p.matches(a):
        return f"{p.label}: {p.source}."
    return "Your own return assumptions (edited by hand)."
