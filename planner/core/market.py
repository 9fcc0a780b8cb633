"""Historical market data shipped in resources/data (sources in resources/data/README.md).

- us_market_annual.csv: US stocks (S&P total return), 10-year Treasuries, T-bills and CPI-U,
  1872-2024 (Shiller to 1927, Damodaran from 1928);
- btc_annual.csv: Bitcoin's calendar-year returns 2011-2025 (Coin Metrics PriceUSD).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.core.model import ReturnSeries
from planner.resources import resource_path

# Bitcoin's first calendar years were a tiny, illiquid market; statistics start in 2015, as
# in resources/data/README.md's sanity checks.
BTC_FIRST_YEAR = 2015


@dataclass(frozen=True)
class MarketHistory:
    years: np.ndarray  # [Y]
    stocks: np.ndarray
    bonds: np.ndarray
    cash: np.ndarray
    inflation: np.ndarray
    crypto: np.ndarray | None = None  # only a person's own series may carry crypto

    def window(self, first: int | None, last: int | None) -> MarketHistory:
        lo = self.years[0] if first is None else first
        hi = self.years[-1] if last is None else last
        keep = (self.years >= lo) & (self.years <= hi)
        return MarketHistory(
            years=self.years[keep], stocks=self.stocks[keep], bonds=self.bonds[keep],
            cash=self.cash[keep], inflation=self.inflation[keep],
            crypto=None if self.crypto is None else self.crypto[keep])

    def asset_matrix(self) -> np.ndarray:
        """[Y, 3] stocks, bonds, cash."""
        return np.column_stack([self.stocks, self.bonds, self.cash])


@lru_cache(maxsize=2)
def us_market(bonds: str = "treasury-10y") -> MarketHistory:
    """The default history; ``bonds="corporate-baa"`` swaps in Damodaran's Baa corporate
    bond returns from 1928 (earlier years keep the 10-year Treasury series)."""
    with open(resource_path("data", "us_market_annual.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    col = lambda name: np.array([float(r[name]) for r in rows])  # noqa: E731
    years = np.array([int(r["year"]) for r in rows])
    bond_returns = col("bonds_total_return")
    if bonds == "corporate-baa":
        with open(resource_path("data", "us_returns_damodaran.csv"), encoding="utf-8") as f:
            baa = {int(r["year"]): float(r["baa_corp_return"]) for r in csv.DictReader(f)}
        bond_returns = np.array([baa.get(int(y), b) for y, b in zip(years, bond_returns,
                                                                    strict=True)])
    return MarketHistory(
        years=years,
        stocks=col("stocks_total_return"),
        bonds=bond_returns,
        cash=col("tbills_return"),
        inflation=col("cpi_inflation"),
    )


def history_from_series(series: ReturnSeries) -> MarketHistory:
    """A person's own yearly returns in place of US history."""
    return MarketHistory(
        years=np.array(series.years, dtype=int),
        stocks=np.array(series.stocks, dtype=float),
        bonds=np.array(series.bonds, dtype=float),
        cash=np.array(series.cash, dtype=float),
        inflation=np.array(series.inflation, dtype=float),
        crypto=np.array(series.crypto, dtype=float) if series.crypto else None,
    )


@lru_cache(maxsize=1)
def btc_returns() -> tuple[np.ndarray, np.ndarray]:
    """(years, returns) of Bitcoin from BTC_FIRST_YEAR on."""
    with open(resource_path("data", "btc_annual.csv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["btc_return"]]
    years = np.array([int(r["year"]) for r in rows])
    returns = np.array([float(r["btc_return"]) for r in rows])
    keep = years >= BTC_FIRST_YEAR
    return years[keep], returns[keep]


def log_stats(returns: np.ndarray) -> tuple[float, float]:
    """(median yearly return = geometric mean, standard deviation of log returns)."""
    logs = np.log1p(returns)
    return float(np.expm1(logs.mean())), float(logs.std(ddof=1))
