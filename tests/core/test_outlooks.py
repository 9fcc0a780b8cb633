"""Crypto outlooks, collapse, historical alignments, presets and AR(1) inflation, checked
against hand-worked figures and the shipped data."""

from __future__ import annotations

import csv
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core import outlooks
from planner.core.engine import project
from planner.core.market import btc_returns, us_market
from planner.core.model import CryptoModel, CryptoOutlook, Mode, Simulation
from planner.core.montecarlo import historical_scenario, monte_carlo_scenario
from planner.core.presets import INFLATION_PERSISTENCE, from_geometric, log_sd, preset, presets
from planner.core.storage import sample_plan
from planner.resources import resource_path


def _with(plan, **crypto):  # type: ignore[no-untyped-def]
    a = plan.assumptions
    return plan.with_changes(assumptions=replace(a, crypto=replace(a.crypto, **crypto)))


# ----- outlooks


def test_the_cautious_outlook_is_the_old_default_and_its_median_year_loses_a_third() -> None:
    cautious = outlooks.named("cautious")
    assert cautious is not None
    o = cautious.outlook
    assert outlooks.implied_mean(o) == pytest.approx(0.1206, abs=1e-9)
    # E[exp(1.093 U)] for the clipped unit t(4) is 1.7539: (1.1206 / 1.7539) - 1 = -36.1%.
    assert o.median == pytest.approx(1.1206 / 1.75389583612228 - 1, abs=1e-9)
    assert o.median < -0.35
    assert "bearish" in cautious.label.lower()


def test_every_named_outlook_has_its_numbers_from_the_data() -> None:
    by_key = {o.key: o.outlook for o in outlooks.named_outlooks()}
    assert set(by_key) == {"bust", "cautious", "no-premium", "stocks-like", "published",
                           "recent-history"}
    h = us_market().window(1926, 2024)
    stocks_geo = math.expm1(np.log1p(h.stocks).mean())
    cash_geo = math.expm1(np.log1p(h.cash).mean())
    assert by_key["stocks-like"].median == pytest.approx(stocks_geo, abs=5e-5)
    # Bust: counting its 5% yearly chance of collapse, it earns on average what cash did.
    assert outlooks.implied_mean(by_key["bust"]) == pytest.approx(h.cash.mean(), abs=5e-5)
    assert by_key["bust"].collapse_chance == 0.05
    assert cash_geo == pytest.approx(0.0333, abs=5e-5)
    # No premium: the stock mean, Bitcoin's monthly volatility: a typical year loses 9%.
    assert outlooks.implied_mean(by_key["no-premium"]) == pytest.approx(h.stocks.mean(),
                                                                      abs=5e-5)
    assert by_key["no-premium"].median == pytest.approx(-0.0909, abs=5e-5)
    _, btc = btc_returns()
    assert by_key["cautious"].volatility == pytest.approx(np.log1p(btc).std(ddof=1), abs=5e-4)
    assert by_key["published"].median == 0.15  # VanEck's base case (second-hand)
    assert by_key["recent-history"].model is CryptoModel.REGIME
    assert outlooks.DEFAULT == "no-premium"
    assert outlooks.label(outlooks.default_outlook()) == "No premium"
    assert outlooks.label(replace(outlooks.default_outlook(), median=0.2)) == "Custom"
    # Chosen as "custom" with a named outlook's numbers, it stays the person's own.
    assert outlooks.label(replace(outlooks.default_outlook(), name="custom")) == "Custom"


@settings(max_examples=40, deadline=None)
@given(mean=st.floats(-0.5, 2.0), vol=st.floats(0.05, 1.5), p=st.floats(0, 0.3),
       model=st.sampled_from([CryptoModel.STUDENT_T, CryptoModel.BOOTSTRAP]))
def test_median_for_mean_is_the_reverse_of_implied_mean(mean: float, vol: float, p: float,
                                                        model: CryptoModel) -> None:
    o = CryptoOutlook("custom", 0.0, vol, p, model)
    median = outlooks.median_for_mean(mean, o)
    assert outlooks.implied_mean(replace(o, median=median)) == pytest.approx(mean, abs=1e-9)
    if p == 0:  # volatility puts the median below the mean (a collapse chance lowers the mean)
        assert median <= mean + 1e-12


def test_collapse_happens_at_the_yearly_chance_and_then_the_sleeve_earns_cash() -> None:
    plan = _with(sample_plan(), collapse_chance=0.05)
    s = monte_carlo_scenario(plan, n_years=30, paths=20_000, seed=4)
    crypto, cash = s.returns[:, 3], s.returns[:, 2]
    lost = crypto == -1.0
    assert (lost.sum(axis=0) <= 1).all()  # lost once, for good
    collapsed = lost.any(axis=0)
    # 1 - 0.95^30 = 78.5% of paths collapse within 30 years (binomial SD 0.3 points).
    assert collapsed.mean() == pytest.approx(1 - 0.95**30, abs=0.01)
    first = lost.argmax(axis=0)
    after = np.arange(30)[:, None] > first[None, :]
    assert np.array_equal(crypto[after & collapsed[None, :]], cash[after & collapsed[None, :]])


def test_a_plan_without_crypto_draws_no_crypto_and_keeps_the_same_stock_draws() -> None:
    plan = sample_plan()
    none = plan.with_changes(accounts=tuple(
        replace(a, allocation=replace(a.allocation, stocks=a.allocation.stocks
                                      + a.allocation.crypto, crypto=0.0))
        for a in plan.accounts))
    with_crypto = monte_carlo_scenario(plan, 20, 200, seed=9)
    without = monte_carlo_scenario(none, 20, 200, seed=9)
    assert (without.returns[:, 3] == 0).all()
    assert np.array_equal(with_crypto.returns[:, :3], without.returns[:, :3])
    assert not any("rypto" in n for n in project(none, mode=Mode.MONTE_CARLO, paths=50).notes)
    assert not any("rypto" in n for n in project(none, mode=Mode.HISTORICAL).notes)


# ----- historical mode: every alignment, no seed


def test_historical_crypto_replays_bitcoin_in_every_alignment_whatever_the_seed() -> None:
    plan = sample_plan()
    one = historical_scenario(plan, 30, seed=1)
    two = historical_scenario(plan, 30, seed=5)
    assert np.array_equal(one.returns, two.returns)
    windows = len(us_market().years) - 30 + 1
    assert one.n_paths == windows * 11
    o = plan.assumptions.crypto
    residuals = outlooks.btc_residuals(o.volatility)
    for k in (0, 4, 10):
        path = k * windows + 7  # alignment k, the 8th window
        expected = np.expm1(math.log1p(o.median) + residuals[(np.arange(30) + k) % 11])
        assert one.returns[:, 3, path] == pytest.approx(expected, abs=1e-12)
        assert one.labels[path] == one.labels[7]
    r = project(plan, mode=Mode.HISTORICAL, seed=3)
    assert r.summary.success_range is not None
    low, high = r.summary.success_range
    assert low <= r.summary.success_rate <= high
    assert r.summary == project(plan, mode=Mode.HISTORICAL, seed=99).summary


def test_historical_collapse_spreads_over_the_alignments_by_its_probabilities() -> None:
    plan = _with(sample_plan(), collapse_chance=0.05)
    s = historical_scenario(plan, 40, seed=0)
    windows = s.n_paths // 11
    lost_at = [int(np.flatnonzero(s.returns[:, 3, k * windows] == -1.0)[0])
               if (s.returns[:, 3, k * windows] == -1.0).any() else None for k in range(11)]
    # Alignment k survives floor(ln(1 - q) / ln(0.95)) years, q = (k + 1/2) / 11:
    # k = 0: q = 0.045 -> 0 years; k = 5: q = 0.5 -> 13; k = 10: q = 0.955 -> 60 (never).
    assert lost_at[0] == 0 and lost_at[5] == 13 and lost_at[10] is None


# ----- capital-market presets and inflation


def test_presets_put_the_published_figures_in_the_planners_terms() -> None:
    jpm = preset("jpm-2026")
    assert jpm is not None
    # 16.47% simple SD on an 7.94% mean: sqrt(ln(1 + (0.1647 / 1.0794)^2)) = 0.1517.
    assert jpm.stocks.expected_return == 0.0794 and jpm.stocks.volatility == 0.1517
    assert jpm.inflation_rate == 0.0252 and "2025-10-20" in jpm.source
    vanguard = preset("vanguard-2025")
    assert vanguard is not None
    # Median growth of the lognormal = Vanguard's compound midpoint, 5.3%.
    s = vanguard.stocks
    assert (1 + s.expected_return) * math.exp(-s.volatility**2 / 2) - 1 == pytest.approx(
        0.053, abs=2e-4)
    assert s.volatility == pytest.approx(log_sd(s.expected_return, 0.151), abs=1e-4)
    assert from_geometric(0.05, 0.0).expected_return == 0.05
    history = presets()[0]
    assert history.key == "history" and history.matches(sample_plan().assumptions)


def test_inflation_persistence_is_the_cpi_regression_1926_2024() -> None:
    with open(resource_path("data", "us_market_annual.csv"), encoding="utf-8") as f:
        cpi = np.array([float(r["cpi_inflation"]) for r in csv.DictReader(f)
                        if 1926 <= int(r["year"]) <= 2024])
    x, y = cpi[:-1], cpi[1:]
    slope = np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1)
    assert slope == pytest.approx(0.621, abs=5e-4)
    assert round(slope, 2) == INFLATION_PERSISTENCE


def test_independent_inflation_when_persistence_is_zero() -> None:
    plan = sample_plan()
    plan = plan.with_changes(assumptions=replace(plan.assumptions, inflation_persistence=0.0),
                             simulation=Simulation())
    s = monte_carlo_scenario(plan, 40, 20_000, seed=2)
    lagged = np.corrcoef(s.inflation[:-1].reshape(-1), s.inflation[1:].reshape(-1))[0, 1]
    assert abs(lagged) < 0.01
