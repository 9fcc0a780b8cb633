"""Default assumptions recomputed from the shipped data, and the random draws checked
against the assumptions they are drawn from (fixed seeds)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from planner.core.market import btc_returns, us_market
from planner.core.model import (
    DEFAULT_CORRELATION,
    Assumptions,
    CryptoModel,
    MarketDraws,
    Simulation,
)
from planner.core.montecarlo import (
    historical_scenario,
    monte_carlo_scenario,
    normal_cdf,
)
from planner.core.outlooks import clipped_t_mgf
from planner.core.storage import sample_plan


def _window() -> tuple[np.ndarray, ...]:
    h = us_market().window(1926, 2024)
    assert len(h.years) == 99
    return h.stocks, h.bonds, h.cash, h.inflation


def test_default_means_and_volatilities_come_from_1926_2024() -> None:
    stocks, bonds, cash, infl = _window()
    a = Assumptions()
    for series, cls in ((stocks, a.stocks), (bonds, a.bonds), (cash, a.cash)):
        assert cls.expected_return == pytest.approx(series.mean(), abs=5e-5)
        assert cls.volatility == pytest.approx(np.log1p(series).std(ddof=1), abs=5e-5)
    assert a.inflation_rate == pytest.approx(infl.mean(), abs=5e-5)
    assert a.inflation_volatility == pytest.approx(infl.std(ddof=1), abs=5e-5)
    # Crypto: the "no premium" outlook: the stock mean 1926-2024 with Bitcoin's 2015-2025
    # monthly volatility annualised (SD x sqrt(12)).
    from planner.core.outlooks import default_outlook, implied_mean

    assert a.crypto == default_outlook() and a.crypto.name == "no-premium"
    assert implied_mean(a.crypto) == pytest.approx(stocks.mean(), abs=5e-5)
    months = _btc_months(2015, 2025)
    assert len(months) == 132
    assert a.crypto.volatility == pytest.approx(months.std(ddof=1) * math.sqrt(12), abs=5e-4)
    _, btc = btc_returns()
    assert len(btc) == 11


def _btc_months(first: int, last: int) -> np.ndarray:
    import csv

    from planner.resources import resource_path

    with open(resource_path("data", "btc_monthly.csv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["btc_log_return"] and first <= int(r["month"][:4]) <= last]
    return np.array([float(r["btc_log_return"]) for r in rows])


def test_default_correlation_comes_from_1926_2024() -> None:
    stocks, bonds, cash, infl = _window()
    measured = np.corrcoef(np.vstack([np.log1p(stocks), np.log1p(bonds), np.log1p(cash), infl]))
    assert np.array(DEFAULT_CORRELATION) == pytest.approx(measured, abs=5e-4)


def _plan(**sim: object):  # type: ignore[no-untyped-def]
    plan = sample_plan()
    return plan.with_changes(simulation=Simulation(**sim))  # type: ignore[arg-type]


def test_parametric_draws_match_means_volatilities_and_correlations() -> None:
    plan = _plan()
    s = monte_carlo_scenario(plan, n_years=50, paths=20_000, seed=7)
    a = plan.assumptions
    r = s.returns.transpose(1, 0, 2).reshape(4, -1)  # [asset, T*N]
    for i, cls in enumerate((a.stocks, a.bonds, a.cash)):
        assert r[i].mean() == pytest.approx(cls.expected_return, abs=0.002)
        assert np.log1p(r[i]).std() == pytest.approx(cls.volatility, rel=0.01)
    infl = s.inflation.reshape(-1)
    assert infl.mean() == pytest.approx(a.inflation_rate, abs=0.0005)
    assert infl.std() == pytest.approx(a.inflation_volatility, rel=0.01)
    # Inflation is an AR(1): this year's correlation with last year's is the persistence;
    # its correlation with the same year's returns is the matrix's (on the fresh shocks,
    # scaled down by the part of inflation that is last year's).
    lagged = np.corrcoef(s.inflation[:-1].reshape(-1), s.inflation[1:].reshape(-1))[0, 1]
    assert lagged == pytest.approx(a.inflation_persistence, abs=0.01)
    logs = np.vstack([np.log1p(r[:3]), infl])
    expected = np.array(a.correlation)
    shrink = math.sqrt(1 - a.inflation_persistence**2)
    expected[3, :3] *= shrink
    expected[:3, 3] *= shrink
    assert np.corrcoef(logs) == pytest.approx(expected, abs=0.015)


def test_crypto_student_t_has_the_outlook_median_mean_and_correlation() -> None:
    from planner.core.outlooks import implied_mean

    plan = _plan(crypto_stock_correlation=0.5)
    s = monte_carlo_scenario(plan, n_years=50, paths=40_000, seed=11)
    stocks, crypto = s.returns[:, 0].reshape(-1), s.returns[:, 3].reshape(-1)
    o = plan.assumptions.crypto
    assert np.median(crypto) == pytest.approx(o.median, abs=0.01)
    # Fat tails make the sample mean noisy: 2M draws, tolerance of 3 points on ~36%.
    assert crypto.mean() == pytest.approx(implied_mean(o), abs=0.03)
    # The Gaussian copula correlation is on the normal scores; on log returns it is a bit lower.
    corr = np.corrcoef(np.log1p(stocks), np.log1p(crypto))[0, 1]
    assert 0.35 < corr < 0.5
    assert crypto.min() > -1


def test_crypto_bootstrap_mean_and_its_draws_come_from_bitcoin_history() -> None:
    from planner.core.outlooks import implied_mean

    plan = _plan()
    a = plan.assumptions
    plan = plan.with_changes(assumptions=replace(a, crypto=replace(
        a.crypto, model=CryptoModel.BOOTSTRAP)))
    s = monte_carlo_scenario(plan, n_years=40, paths=20_000, seed=3)
    crypto = s.returns[:, 3].reshape(-1)
    assert crypto.mean() == pytest.approx(implied_mean(plan.assumptions.crypto), rel=0.05)
    assert len(np.unique(np.round(crypto, 10))) == 11  # the 11 years 2015-2025, re-centred


def test_block_bootstrap_uses_runs_of_consecutive_years() -> None:
    plan = _plan(market_draws=MarketDraws.BLOCK_BOOTSTRAP, block_years=5)
    s = monte_carlo_scenario(plan, n_years=10, paths=50, seed=5)
    h = us_market()
    stocks = s.returns[:, 0, 0]
    start = int(np.flatnonzero(np.isclose(h.stocks, stocks[0]))[0])
    assert stocks[:5] == pytest.approx(h.stocks[start:start + 5])


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    plan = _plan()
    a = monte_carlo_scenario(plan, 30, 100, seed=1)
    b = monte_carlo_scenario(plan, 30, 100, seed=1)
    c = monte_carlo_scenario(plan, 30, 100, seed=2)
    assert np.array_equal(a.returns, b.returns) and np.array_equal(a.inflation, b.inflation)
    assert not np.array_equal(a.returns, c.returns)


def test_historical_windows_are_every_rolling_start_year() -> None:
    plan = _plan(history_first=1926, history_last=1995)
    plan = plan.with_changes(accounts=tuple(replace(a, allocation=replace(
        a.allocation, stocks=a.allocation.stocks + a.allocation.crypto, crypto=0.0))
        for a in plan.accounts))  # with crypto, each window runs in 11 alignments
    s = historical_scenario(plan, n_years=30, seed=1)
    assert s.n_paths == 70 - 30 + 1  # 41 windows, as in the Trinity study
    assert s.labels[0] == "1926" and s.labels[-1] == "1966"
    h = us_market()
    i1929 = int(np.flatnonzero(h.years == 1929)[0])
    assert s.returns[0, 0, 3] == h.stocks[i1929]  # window 1929 starts with 1929's stocks
    assert s.inflation[2, 3] == h.inflation[i1929 + 2]


def test_clipped_t_mgf_and_normal_cdf() -> None:
    # Tiny sigma: E[exp(sU)] ~ exp(s^2/2) for unit variance U.
    assert clipped_t_mgf(0.01, 4) == pytest.approx(math.exp(0.01**2 / 2), rel=1e-5)
    assert normal_cdf(np.array([0.0, 1.96, -1.0])) == pytest.approx([0.5, 0.9750021, 0.1586553],
                                                                     abs=2e-7)


def test_expected_path_grows_each_mix_at_its_lognormal_median() -> None:
    from planner.core.returns import median_growth

    plan = sample_plan()
    a = plan.assumptions
    stocks_only = median_growth(plan, np.array([[1.0, 0, 0, 0]]))[0]
    # One lognormal asset: median = (1 + mean) x exp(-vol^2 / 2).
    assert stocks_only == pytest.approx(1.1206 * math.exp(-(0.1889**2) / 2) - 1, abs=1e-12)
    # Swapping 5% of stocks for crypto with the same mean adds volatility, not return:
    # the mix's median falls. With a large enough premium it rises.
    from planner.core.outlooks import median_for_mean

    mixes = np.array([[0.8, 0.2, 0, 0], [0.75, 0.2, 0, 0.05]])
    same_mean = plan.with_changes(assumptions=replace(a, crypto=replace(
        a.crypto, median=median_for_mean(0.1206, a.crypto))))
    plain, sleeve = median_growth(same_mean, mixes)
    assert sleeve < plain
    rich = plan.with_changes(assumptions=replace(a, crypto=replace(a.crypto, median=0.6)))
    assert median_growth(rich, mixes)[1] > plain


def test_default_dividend_yield_is_the_2015_2025_mean_january_yield() -> None:
    import csv

    from planner.resources import resource_path

    with open(resource_path("data", "us_market_annual_shiller_jan.csv")) as f:
        rows = [r for r in csv.DictReader(f) if 2015 <= int(r["year"]) <= 2025]
    assert len(rows) == 11
    mean = sum(float(r["dividend_yield_january"]) for r in rows) / len(rows)
    assert Assumptions().stock_dividend_yield == pytest.approx(mean, abs=5e-5)
