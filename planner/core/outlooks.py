"""Crypto outlooks: named beliefs about crypto's yearly returns, each with its reason.

Nobody knows what Bitcoin will return; the honest answer to "what does a crypto sleeve do
to my plan?" is a range over beliefs. Each outlook is a median (geometric) yearly return,
a volatility (SD of yearly log returns), a yearly chance of a permanent collapse and a
shape for the draws. The mean return is *implied* by these (``implied_mean``): with
Bitcoin's volatility the mean lies far above the median, which is why "the same mean as
stocks" is a bearish belief (its median year loses 36%).

Sources: Bitcoin's figures from resources/data/btc_monthly.csv and btc_annual.csv (Coin
Metrics), stocks and cash from us_market_annual.csv, the published forecast from
capital_market_assumptions.json; the regime model from planner.core.regime.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from planner.core.market import btc_returns
from planner.core.model import CryptoModel, CryptoOutlook, Plan

CUSTOM = "custom"
DEFAULT = "no-premium"
# Student-t draws are clipped at this many standard deviations: the exponential of an
# unclipped t has no mean. Bitcoin's 2015-2025 yearly log returns all lie within 2 of their
# mean; 3 leaves room for worse years.
CRYPTO_CLIP = 3.0

# Figures from the data files (resources/data/README.md and the .md files beside them).
STOCKS_GEOMETRIC_1926_2024 = 0.1022  # us_market_annual.csv
CASH_GEOMETRIC_1926_2024 = 0.0333  # us_market_annual.csv (T-bills)
BTC_MONTHLY_VOL_2015_2025 = 0.684  # btc_monthly.csv: monthly SD x sqrt(12)
BTC_MONTHLY_VOL_2021_2025 = 0.598
BTC_ANNUAL_VOL_2015_2025 = 1.093  # btc_annual.csv: SD of yearly log returns
STOCKS_MEAN_1926_2024 = 0.1206
CASH_MEAN_1926_2024 = 0.0337  # us_market_annual.csv (T-bills), arithmetic
VANECK_CAGR = 0.15  # capital_market_assumptions.json, crypto_bitcoin: VanEck base case
BUST_CHANCE = 0.05  # a belief, not a measurement: about 4 in 5 over 30 years


@dataclass(frozen=True)
class NamedOutlook:
    key: str
    label: str
    rationale: str  # one line: what it assumes and why someone might hold it
    outlook: CryptoOutlook


def _t_median_for_mean(mean: float, volatility: float, dof: float = 4.0) -> float:
    return (1 + mean) / clipped_t_mgf(volatility, dof) - 1


def _for_mean(mean: float, outlook: CryptoOutlook) -> CryptoOutlook:
    """The outlook with the median that implies ``mean``."""
    return replace(outlook, median=median_for_mean(mean, outlook))


REGIME_KEY = "recent-history"


@lru_cache(maxsize=1)
def named_outlooks() -> tuple[NamedOutlook, ...]:
    return (*_simple_outlooks(), _regime_outlook())


@lru_cache(maxsize=1)
def _simple_outlooks() -> tuple[NamedOutlook, ...]:
    """Every named outlook but the regime model's, whose numbers take a few ten ms to work
    out (every plan file names an outlook: loading one should not pay for that one)."""
    return (
        NamedOutlook(
            "bust", "Bust",
            f"A {BUST_CHANCE:.0%} chance each year that crypto collapses to nothing for good "
            "(about 4 in 5 over 30 years), and no reward for that risk: counting the chance "
            f"of collapse, it earns on average what cash has ({CASH_MEAN_1926_2024:.1%}), "
            "with Bitcoin's 2015-2025 monthly volatility (68%).",
            _for_mean(CASH_MEAN_1926_2024, CryptoOutlook(
                "bust", 0.0, BTC_MONTHLY_VOL_2015_2025, BUST_CHANCE, CryptoModel.STUDENT_T))),
        NamedOutlook(
            "cautious", "Cautious (bearish)",
            "The same mean return as stocks (12.1%, 1926-2024) with Bitcoin's 2015-2025 "
            "yearly volatility (109%): its median year loses about 36%. Earlier versions' "
            "only assumption, called \"no premium\"; in fact strongly bearish.",
            CryptoOutlook("cautious", _t_median_for_mean(STOCKS_MEAN_1926_2024,
                                                         BTC_ANNUAL_VOL_2015_2025),
                          BTC_ANNUAL_VOL_2015_2025, 0.0, CryptoModel.STUDENT_T)),
        NamedOutlook(
            "no-premium", "No premium",
            f"No reward for crypto's extra risk: the same mean return as stocks "
            f"({STOCKS_MEAN_1926_2024:.1%}, 1926-2024) with Bitcoin's 2015-2025 monthly "
            "volatility (68%), which puts its typical year at a loss of about 9%.",
            _for_mean(STOCKS_MEAN_1926_2024, CryptoOutlook(
                "no-premium", 0.0, BTC_MONTHLY_VOL_2015_2025, 0.0, CryptoModel.STUDENT_T))),
        NamedOutlook(
            "stocks-like", "Stocks-like median",
            f"Crypto's typical year matches stocks' ({STOCKS_GEOMETRIC_1926_2024:.1%} median, "
            "1926-2024) with Bitcoin's 2015-2025 monthly volatility (68%): no edge in the "
            "typical year, but a much wider range both ways (and so a higher mean).",
            CryptoOutlook("stocks-like", STOCKS_GEOMETRIC_1926_2024, BTC_MONTHLY_VOL_2015_2025,
                          0.0, CryptoModel.STUDENT_T)),
        NamedOutlook(
            "published", "Published forecast",
            f"VanEck's base case ({VANECK_CAGR:.0%} a year to 2050; a crypto manager, so "
            "advocacy-adjacent) with Bitcoin's 2021-2025 monthly volatility (60%), since "
            "VanEck gives none.",
            CryptoOutlook("published", VANECK_CAGR, BTC_MONTHLY_VOL_2021_2025, 0.0,
                          CryptoModel.STUDENT_T)),
    )


@lru_cache(maxsize=1)
def _regime_outlook() -> NamedOutlook:
    from planner.core import regime

    reg_log_median, reg_vol = regime.yearly_stats(regime.load())
    reg_median = math.expm1(reg_log_median)
    return NamedOutlook(
        REGIME_KEY, "Recent history (regime model)",
        "If 2015-2025 repeats: a two-state regime model fitted to Bitcoin's monthly "
        f"returns 2015-2025 (median year {reg_median:.0%}, volatility {reg_vol:.0%}), "
        "moving with stocks within each state and across years.",
        CryptoOutlook(REGIME_KEY, round(reg_median, 4), round(reg_vol, 4), 0.0,
                      CryptoModel.REGIME))


def named(key: str) -> NamedOutlook | None:
    if key == REGIME_KEY:
        return _regime_outlook()
    return next((o for o in _simple_outlooks() if o.key == key), None)


def default_outlook() -> CryptoOutlook:
    found = named(DEFAULT)
    assert found is not None
    return found.outlook


def plan_key(outlook: CryptoOutlook) -> str:
    """The named outlook a plan holds, or CUSTOM: the plan's name counts only while its
    numbers are still that outlook's (editing a number makes it the person's own)."""
    found = named(outlook.name)
    return found.key if found is not None and matches(found.outlook, outlook) else CUSTOM


def label(outlook: CryptoOutlook) -> str:
    """The outlook's name as shown, "Custom" when its numbers are the person's own."""
    found = named(plan_key(outlook))
    return found.label if found is not None else "Custom"


def matches(a: CryptoOutlook, b: CryptoOutlook) -> bool:
    return (a.model is b.model and abs(a.median - b.median) < 5e-5
            and abs(a.volatility - b.volatility) < 5e-5
            and abs(a.collapse_chance - b.collapse_chance) < 5e-6)


def with_outlook(plan: Plan, outlook: CryptoOutlook) -> Plan:
    return plan.with_changes(assumptions=replace(plan.assumptions, crypto=outlook))


# ----- the mean implied by a median, a volatility and a shape


def implied_mean(outlook: CryptoOutlook, dof: float = 4.0) -> float:
    """The mean yearly return of a year that starts before any collapse."""
    growth = (1 + outlook.median) * log_mgf_ratio(outlook, dof)
    return (1 - outlook.collapse_chance) * growth - 1


def median_for_mean(mean: float, outlook: CryptoOutlook, dof: float = 4.0) -> float:
    """The median that gives ``mean`` with the outlook's volatility, shape and collapse
    chance: the reverse of implied_mean, for someone who thinks in means."""
    keep = max(1 - outlook.collapse_chance, 1e-9)
    return (1 + mean) / keep / log_mgf_ratio(outlook, dof) - 1


def log_mgf_ratio(outlook: CryptoOutlook, dof: float) -> float:
    """E[exp(X - median log)] for the outlook's yearly log return X: mean growth over
    median growth."""
    if outlook.model is CryptoModel.STUDENT_T:
        return clipped_t_mgf(outlook.volatility, dof)
    if outlook.model is CryptoModel.BOOTSTRAP:
        residuals = btc_residuals(outlook.volatility)
        return float(np.exp(residuals).mean())
    deviations = _regime_sample() * (outlook.volatility / _regime_stats()[1])
    return float(np.exp(deviations).mean())


def regime_log_returns(rng: np.random.Generator, z_stocks: np.ndarray, median_log: float,
                       volatility: float) -> np.ndarray:
    """[T, N] yearly log returns of the fitted regime model, moved to ``median_log`` and
    scaled to ``volatility`` (the fitted model itself when they are its own)."""
    from planner.core import regime

    model = regime.load()
    fitted_median, fitted_sd = _regime_stats()
    x = regime.yearly_log_returns(model, rng, z_stocks)
    return np.asarray(median_log + (volatility / fitted_sd) * (x - fitted_median))


@lru_cache(maxsize=1)
def _regime_stats() -> tuple[float, float]:
    from planner.core import regime

    return regime.yearly_stats(regime.load())


@lru_cache(maxsize=1)
def _regime_sample() -> np.ndarray:
    """Yearly log deviations from the fitted median: 200,000 years with a fixed seed, for
    the mean implied by a regime outlook (its yearly distribution has no closed form)."""
    from planner.core import regime

    z = np.random.default_rng(20150101).standard_normal((1, 200_000))
    return np.asarray(regime.yearly_log_returns(regime.load(), np.random.default_rng(1), z)[0]
                      - _regime_stats()[0])


def btc_residuals(volatility: float) -> np.ndarray:
    """Bitcoin's 2015-2025 yearly log returns less their mean, scaled to ``volatility``,
    in calendar order."""
    _, btc = btc_returns()
    logs = np.log1p(btc)
    residuals = logs - logs.mean()
    return np.asarray(residuals * (volatility / residuals.std(ddof=1)))


@lru_cache(maxsize=64)
def clipped_t_mgf(sigma: float, dof: float, clip: float = 0.0) -> float:
    """E[exp(sigma * U)] for U a unit-variance Student-t clipped at +-clip (numerically).

    The exponential of an unclipped Student-t has no mean, which is why draws are clipped;
    this expectation links the median of the draws to their mean.
    """
    clip = clip or CRYPTO_CLIP
    scale = math.sqrt((dof - 2) / dof)
    x = np.linspace(-clip / scale, clip / scale, 40_001)
    log_pdf = (math.lgamma((dof + 1) / 2) - math.lgamma(dof / 2) - 0.5 * math.log(dof * math.pi)
               - (dof + 1) / 2 * np.log1p(x * x / dof))
    pdf = np.exp(log_pdf)
    inside = np.trapezoid(pdf, x)
    body = np.trapezoid(np.exp(sigma * scale * x) * pdf, x)
    tail = (1 - inside) / 2  # each side's mass sits at the clip
    return float(body + tail * (math.exp(sigma * clip) + math.exp(-sigma * clip)))
