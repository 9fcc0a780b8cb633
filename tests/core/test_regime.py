"""The Bitcoin bull/bear regime model: stored fit, its sanity, the yearly simulation and its
coupling to stocks."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from planner.core import market, regime, regime_fit

N_YEARS, N_PATHS = 2, 200_000  # independent draws per year: clean standard errors


@pytest.fixture(scope="module")
def history() -> regime_fit.MonthlyHistory:
    return regime_fit.monthly_history()


@pytest.fixture(scope="module")
def fit(history: regime_fit.MonthlyHistory) -> regime_fit.HmmFit:
    return regime_fit.fit_hmm(history.btc)


@pytest.fixture(scope="module")
def others(history: regime_fit.MonthlyHistory) -> tuple[regime_fit.HmmFit, regime_fit.HmmFit]:
    return (regime_fit.fit_hmm(history.btc, regime_fit.UNCONSTRAINED),
            regime_fit.fit_hmm(history.btc, regime_fit.PERSISTENT_TWO_SDS))


@pytest.fixture(scope="module")
def model() -> regime.RegimeModel:
    return regime.load()


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    return dict(json.loads(regime.json_path().read_text(encoding="utf-8")))


def _numbers(value: Any, path: str = "") -> dict[str, Any]:
    """Flatten nested JSON into {path: leaf} so two files compare leaf by leaf."""
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        flat: dict[str, Any] = {}
        for key, item in items:
            flat.update(_numbers(item, f"{path}/{key}"))
        return flat
    return {path: value}


def _monthly_version(model: regime.RegimeModel, rng: np.random.Generator, n_years: int,
                     n_paths: int) -> tuple[np.ndarray, np.ndarray]:
    """(crypto yearly log returns, standardised yearly stock shocks z), simulated month by
    month with 12 stock shocks a year and regimes independent of stocks: what
    yearly_log_returns must reproduce in law when the coupling is 0."""
    bear = regime.bear_months(model, rng, n_years * 12, n_paths).astype(np.intp)
    w, e = rng.standard_normal((2, n_years * 12, n_paths))
    mu, sd, rho = (np.asarray(v)[bear] for v in (model.monthly_mean, model.monthly_sd,
                                                  model.stock_correlation))
    months = mu + sd * (rho * w + np.sqrt(1 - rho**2) * e)
    yearly = lambda a: a.reshape(n_years, 12, n_paths).sum(axis=1)  # noqa: E731
    return yearly(months), yearly(w) / math.sqrt(12)


def _log_likelihood(x: np.ndarray, mean: np.ndarray, sd: np.ndarray,
                    leave: np.ndarray) -> float:
    p = np.array([[1 - leave[0], leave[0]], [leave[1], 1 - leave[1]]])
    return regime_fit.forward_backward(x, mean, sd, p, regime_fit.stationary_of(p))[0]


# ---- the stored fit ------------------------------------------------------------------------

def test_refit_reproduces_the_stored_json(history: regime_fit.MonthlyHistory,
                                          fit: regime_fit.HmmFit,
                                          others: tuple[regime_fit.HmmFit, regime_fit.HmmFit],
                                          stored: dict[str, Any]) -> None:
    flat = _numbers(stored)
    fresh = _numbers(regime_fit.fitted_json(history, fit, others))
    assert flat.keys() == fresh.keys()
    for key, value in flat.items():
        if isinstance(value, str | bool):
            assert fresh[key] == value, key
        else:
            assert fresh[key] == pytest.approx(value, abs=1e-6), key


def test_the_window_is_the_documented_one(history: regime_fit.MonthlyHistory) -> None:
    # resources/data/README.md: 132 months, mean 0.0425, SD 0.1973 (sample SD)
    assert (history.months[0], history.months[-1], len(history.months)) == (
        "2015-01", "2025-12", 132)
    assert round(float(history.btc.mean()), 4) == 0.0425
    assert round(float(history.btc.std(ddof=1)), 4) == 0.1973


def test_load_matches_the_json_and_its_yearly_figures(model: regime.RegimeModel,
                                                      stored: dict[str, Any]) -> None:
    assert model == regime.model_from_json(stored)
    assert model.stock_coupling == stored["stock_coupling"]
    assert hash(model) == hash(regime.load())  # hashable: the caches key on it
    median, sd = regime.yearly_stats(model)
    assert median == pytest.approx(stored["yearly"]["median_log_return"], abs=1e-8)
    assert sd == pytest.approx(stored["yearly"]["sd_log_return"], abs=1e-8)
    assert stored["stationary"] == pytest.approx(model.stationary, abs=1e-9)


def test_the_fit_is_sane_and_both_states_persist(model: regime.RegimeModel) -> None:
    p = np.array(model.transition)
    assert model.monthly_mean[regime.BEAR] < model.monthly_mean[regime.BULL]
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-9)
    pi = np.array(model.stationary)
    assert pi.sum() == pytest.approx(1.0) and np.all(pi > 0)
    np.testing.assert_allclose(pi @ p, pi, atol=1e-12)  # stationary: pi P = pi
    assert all(-1 < r < 1 for r in model.stock_correlation)
    assert all(s > 0 for s in model.monthly_sd + model.stock_monthly_sd)
    assert model.monthly_sd[0] == model.monthly_sd[1]  # one SD: the states differ in mean
    # persistent regimes: each state's expected stay 1 / (1 - p_ss) is at least 3 months.
    # The floor is not binding (bull 0.76, bear 0.96): the optimum is interior.
    stay = np.diag(p)
    assert np.all(stay > regime_fit.MIN_STAY + 0.05)
    assert np.all(1 / (1 - stay) > 3)
    assert 0 <= model.stock_coupling <= regime_fit.COUPLING_CAP


def test_the_fit_is_a_local_maximum(history: regime_fit.MonthlyHistory, fit: regime_fit.HmmFit,
                                    stored: dict[str, Any]) -> None:
    x = history.btc
    leave = np.array([fit.transition[0, 1], fit.transition[1, 0]])
    base = _log_likelihood(x, fit.mean, fit.sd, leave)
    assert base == pytest.approx(fit.log_likelihood, abs=1e-9)
    assert base == pytest.approx(stored["log_likelihood"], abs=1e-6)
    # (mean_bull, mean_bear, the one SD, leave_bull, leave_bear): every nudge lowers it
    theta = np.array([*fit.mean, fit.sd[0], *leave])
    for i in range(5):
        for step in (1e-4, -1e-4):
            t = theta.copy()
            t[i] += step
            assert _log_likelihood(x, t[:2], np.array([t[2], t[2]]), t[3:]) < base, (i, step)


def test_the_states_reproduce_the_sample_mean_and_sd(history: regime_fit.MonthlyHistory,
                                                     fit: regime_fit.HmmFit) -> None:
    x = history.btc
    n = len(x)
    # Weighted by the time-averaged smoothed probabilities g, an EM fit's mixture has exactly
    # the sample mean and the ML (divide-by-n) variance: the M-step for the means and the
    # one SD makes it so.
    g = fit.smoothed.mean(axis=0)
    mean_g = g @ fit.mean
    sd_g = math.sqrt(g @ (fit.sd**2 + fit.mean**2) - mean_g**2)
    assert mean_g == pytest.approx(x.mean(), abs=1e-7)
    assert sd_g == pytest.approx(x.std(), abs=1e-7)
    # The stationary distribution pi of the fitted transitions differs from g only through
    # end effects. With the stationary start the M-step equals the count ratio with each
    # row's leave count moved by less than one (n_s,other + g_other(first) - pi_other), so to
    # first order |pi_bear - g_bear| <= 3 / ((n - 1)(1 - lambda)) + 2 / n, lambda = p00 +
    # p11 - 1 the chain's second eigenvalue (measured: 0.0055 against a bound of 0.098).
    p = fit.transition
    bound = 3 / ((n - 1) * (1 - (p[0, 0] + p[1, 1] - 1))) + 2 / n
    pi = regime_fit.stationary_of(p)
    assert abs(pi[1] - g[1]) <= bound

    def mixture(bear: float) -> tuple[float, float]:
        w = np.array([1 - bear, bear])
        mean = w @ fit.mean
        return mean, math.sqrt(w @ (fit.sd**2 + fit.mean**2) - mean**2)

    # ... so the stationary mixture matches the README's 0.0425 / 0.1973 within what that
    # bound allows, plus rounding and (for the SD) the n - 1 against n divisor.
    mean_pi, sd_pi = mixture(pi[1])
    ends = [mixture(g[1] - bound), mixture(g[1] + bound)]
    mean_tol = max(abs(m - mean_g) for m, _ in ends) + 5e-5
    sd_tol = max(abs(s - sd_g) for _, s in ends) + (x.std(ddof=1) - x.std()) + 5e-5
    assert mean_pi == pytest.approx(0.0425, abs=mean_tol)
    assert sd_pi == pytest.approx(0.1973, abs=sd_tol)


def test_the_likelihood_ladder(history: regime_fit.MonthlyHistory, fit: regime_fit.HmmFit,
                               others: tuple[regime_fit.HmmFit, regime_fit.HmmFit]) -> None:
    unconstrained, two_sds = others
    single = regime_fit.gaussian_log_likelihood(history.btc)
    # Each restriction costs likelihood. The stored model beats one Gaussian by 2.2 with
    # three more parameters: the regimes are a modelling choice the data allow, not prove.
    assert single < fit.log_likelihood < two_sds.log_likelihood < unconstrained.log_likelihood
    assert fit.log_likelihood > single + 2.0
    # the unconstrained optimum is a crash-month jump model: a bear state that never stays
    assert unconstrained.mean[1] < -0.3 and unconstrained.transition[1, 1] < 0.01
    # with an SD per state, the persistent optimum is a calm/volatile split, not bull/bear
    assert abs(two_sds.mean[0] - two_sds.mean[1]) < 0.01
    assert max(two_sds.sd) / min(two_sds.sd) > 1.5
    assert np.all(np.diag(two_sds.transition) > 0.9)


# ---- the year's regime outcome and the copula ---------------------------------------------

def test_the_quadrature_matches_the_closed_form_without_coupling(
        model: regime.RegimeModel) -> None:
    # with c = 0, k is independent of z: a mixture over k of N(a_k, b_k^2 + c_k^2)
    free = replace(model, stock_coupling=0.0)
    w, _, _ = regime._year_mixture(free)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    p = regime.bear_month_probabilities(free)
    a, b, c = regime.year_coefficients(free)
    mean = p @ a
    var = p @ (a * a + b * b + c * c) - mean**2
    got = regime.yearly_shape(free)
    assert got[0] == pytest.approx(mean, abs=1e-12)
    assert got[0] == pytest.approx(12 * (np.array(free.stationary) @ free.monthly_mean))
    assert got[1] == pytest.approx(math.sqrt(var), abs=1e-12)
    x = -0.7
    closed = sum(pk * 0.5 * math.erfc(-(x - ak) / math.sqrt(2 * (bk * bk + ck * ck)))
                 for pk, ak, bk, ck in zip(p, a, b, c, strict=True))
    assert regime.yearly_cdf(free, x) == pytest.approx(closed, abs=1e-12)


def test_the_coupling_keeps_the_regime_path(model: regime.RegimeModel) -> None:
    assert model.stock_coupling > 0
    z = np.random.default_rng(7).standard_normal((N_YEARS, N_PATHS))
    k = regime.bear_months_per_year(model, np.random.default_rng(8), z)
    k0 = regime.bear_months_per_year(replace(model, stock_coupling=0.0),
                                     np.random.default_rng(9), z)
    p = regime.bear_month_probabilities(model)
    # each year's bear-month counts follow the chain's exact law (chi-square, 12 d.f.: the
    # 0.1% critical value is 32.9), with the coupling as without it
    for counts in (k, k0):
        for year in counts:
            seen = np.bincount(year, minlength=13)
            expected = p * N_PATHS
            keep = expected > 5
            assert ((seen - expected)[keep] ** 2 / expected[keep]).sum() < 32.9
    # the chain carries over the year boundary alike (two independent samples)
    carry, carry0 = (np.corrcoef(c[0], c[1])[0, 1] for c in (k, k0))
    assert carry == pytest.approx(carry0, abs=4 * math.sqrt(2 / N_PATHS))
    # ... but which years are bear years now follows the stock shock
    assert k[z < -1].mean() > k[z > 1].mean() + 3
    assert abs(k0[z < -1].mean() - k0[z > 1].mean()) < 0.1


def test_simulated_years_follow_the_exact_law(model: regime.RegimeModel) -> None:
    rng = np.random.default_rng(11)
    z = rng.standard_normal((N_YEARS, N_PATHS))
    y = regime.yearly_log_returns(model, rng, z)
    flat = np.sort(y.ravel())
    n = flat.size
    pick = np.arange(0, n, 100)
    empirical = (pick + 1) / n

    def ks(m: regime.RegimeModel) -> float:  # on every 100th order statistic
        return float(np.max(np.abs([regime.yearly_cdf(m, v) for v in flat[pick]] - empirical)))

    critical = 1.949 / math.sqrt(n)  # KS 0.1% level (the order statistics are subsampled)
    assert ks(model) < critical
    # The copula keeps the regime path's law, not crypto's: a bad stock year now brings both
    # more bear months and the within-year stock link, so their effects add. The same
    # simulation is clearly off the uncoupled law, which is why yearly_stats includes c.
    uncoupled = replace(model, stock_coupling=0.0)
    assert ks(uncoupled) > 5 * critical
    assert regime.yearly_stats(model)[1] > regime.yearly_stats(uncoupled)[1] + 0.02
    mean, sd, _ = regime.yearly_moments(model)
    for year in y:  # year 2 continues year 1's chain: the same marginal law
        assert year.mean() == pytest.approx(mean, abs=4 * sd / math.sqrt(N_PATHS))
        assert year.std() == pytest.approx(sd, abs=4 * sd / math.sqrt(2 * N_PATHS))


def test_fat_tails_are_on_the_upside(model: regime.RegimeModel) -> None:
    rng = np.random.default_rng(12)
    y = regime.yearly_log_returns(model, rng, rng.standard_normal((N_YEARS, N_PATHS))).ravel()
    n = y.size
    mean, sd, skew, kurtosis = regime.yearly_shape(model)
    standard = (y - y.mean()) / y.std()
    assert np.mean(standard**3) == pytest.approx(skew, abs=4 * math.sqrt(6 / n))
    # kurtosis: its sampling SD is sqrt(24 / n) for a normal; heavier tails widen it
    assert np.mean(standard**4) - 3 == pytest.approx(kurtosis, abs=8 * math.sqrt(24 / n))
    # Measured: excess kurtosis 0.45 and skewness 0.60. The tails are fat on the upside: a
    # bull state (rallies, +24% a month, 4 months on average) lifts the right tail, while the
    # bear state, 85% of months, is one normal, so the left tail is thinner than a normal's
    # with the same mean and SD: the 1% quantile lies above it, the 99% well above.
    assert kurtosis > 0.3 and skew > 0.4
    normal_01, normal_99 = mean - 2.3263 * sd, mean + 2.3263 * sd
    q01, q99 = regime.yearly_quantile(model, 0.01), regime.yearly_quantile(model, 0.99)
    assert q01 > normal_01 + 0.2
    assert q99 > normal_99 + 0.3
    h = 1e-3
    density = (regime.yearly_cdf(model, q01 + h) - regime.yearly_cdf(model, q01 - h)) / (2 * h)
    q01_se = math.sqrt(0.01 * 0.99 / n) / density
    assert np.quantile(y, 0.01) == pytest.approx(q01, abs=4 * q01_se)


SYNTHETIC = regime.RegimeModel(  # persistent regimes, unlike correlations: every k matters
    monthly_mean=(0.05, -0.08), monthly_sd=(0.15, 0.25),
    transition=((0.95, 0.05), (0.1, 0.9)), stock_correlation=(0.1, 0.8),
    stock_monthly_mean=(0.01, -0.01), stock_monthly_sd=(0.04, 0.05))


@pytest.mark.parametrize("which", ["fitted", "synthetic"])
def test_yearly_shortcut_matches_the_month_by_month_simulation(
        which: str, model: regime.RegimeModel) -> None:
    # without the coupling the yearly shortcut is the monthly chain summed to years
    m = replace(model, stock_coupling=0.0) if which == "fitted" else SYNTHETIC
    n = 100_000
    monthly, z = _monthly_version(m, np.random.default_rng(1), 2, n)
    shortcut = regime.yearly_log_returns(m, np.random.default_rng(2), z)
    sd = monthly.std()
    se = sd / math.sqrt(n)  # per year row; two independent samples are compared
    for a, b, zz in zip(monthly, shortcut, z, strict=True):
        assert b.mean() == pytest.approx(a.mean(), abs=4 * math.sqrt(2) * se)
        assert b.std() == pytest.approx(a.std(), abs=4 * se)  # SE of an SD ~ sd / sqrt(2n)
        corr_a, corr_b = np.corrcoef(a, zz)[0, 1], np.corrcoef(b, zz)[0, 1]
        assert corr_b == pytest.approx(corr_a, abs=4 * math.sqrt(2 / n))
        stress = zz < -1.5  # about 6.7% of years: the joint tail the planner cares about
        k = stress.sum()
        assert b[stress].mean() == pytest.approx(a[stress].mean(), abs=4 * sd / math.sqrt(k / 2))
    # the chain carries over the year boundary: the two years' bear-month counts correlate
    # in the persistent models, in both simulations alike
    c_month = np.corrcoef(monthly[0], monthly[1])[0, 1]
    c_short = np.corrcoef(shortcut[0], shortcut[1])[0, 1]
    assert c_month > 0.05
    assert c_short == pytest.approx(c_month, abs=4 * math.sqrt(2 / n))


def test_same_seed_same_draws(model: regime.RegimeModel) -> None:
    z = np.random.default_rng(0).standard_normal((60, 500))
    first = regime.yearly_log_returns(model, np.random.default_rng(42), z)
    again = regime.yearly_log_returns(model, np.random.default_rng(42), z)
    other = regime.yearly_log_returns(model, np.random.default_rng(43), z)
    assert first.shape == (60, 500)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    # bear_months_per_year makes the same draws: its counts are the simulation's
    k = regime.bear_months_per_year(model, np.random.default_rng(42), z)
    rng = np.random.default_rng(42)
    index = regime._year_outcomes(model, rng, z)
    zeta = rng.standard_normal(z.shape)
    a, b, c = regime.year_coefficients(model)
    np.testing.assert_allclose(first, a[k] + b[k] * z + c[k] * zeta, rtol=0, atol=1e-12)
    assert np.array_equal(k, index % regime.OUTCOMES // 2)


# ---- joint crashes -------------------------------------------------------------------------

def test_binomial_interval() -> None:
    # Clopper-Pearson, 2 of 10: the textbook 90% and 95% intervals
    assert regime_fit.binomial_interval(2, 10) == pytest.approx((0.0368, 0.5069), abs=1e-4)
    assert regime_fit.binomial_interval(2, 10, 0.95) == pytest.approx((0.0252, 0.5561), abs=1e-4)
    assert regime_fit.binomial_interval(0, 10)[0] == 0.0


def test_joint_crash_years(model: regime.RegimeModel, stored: dict[str, Any]) -> None:
    # history: stocks fell and Bitcoin lost more than half, 2015-2024
    crashes = regime_fit.joint_crash_years_history()
    assert crashes == [2018, 2022]
    btc_years, btc = market.btc_returns()  # the engine's own reader agrees
    us = market.us_market().window(2015, 2024)
    stocks = dict(zip(us.years.tolist(), us.stocks.tolist(), strict=True))
    assert crashes == [int(y) for y, r in zip(btc_years, btc, strict=True)
                       if y in stocks and r < -0.5 and stocks[y] < 0]
    fitted = stored["stock_coupling_fit"]
    share = regime.joint_crash_probability(model)
    print(f"\njoint crash years: history 2 of 10, model {share:.4f} "
          f"(uncoupled {regime.joint_crash_probability(model, 0.0):.4f})")
    # the share rises with the coupling, and the largest coupling allowed stays below 2/10:
    # the fit takes the cap
    grid = [regime.joint_crash_probability(model, c) for c in np.linspace(0, 0.95, 20)]
    assert np.all(np.diff(grid) > 0)
    assert grid[-1] < 0.2
    assert model.stock_coupling == regime_fit.COUPLING_CAP and fitted["cap_binds"]
    # 2 of 10 years is a small sample: the model's share lies inside the 90% Clopper-Pearson
    # interval for 2 of 10, (0.037, 0.507), though at its bottom (0.045)
    lower, upper = regime_fit.binomial_interval(2, 10)
    assert lower < share < upper
    assert fitted["model_share"] == pytest.approx(share, abs=1e-9)
    # the exact figure is what the simulation gives, with stocks lognormal from the same z
    rng = np.random.default_rng(13)
    z = rng.standard_normal((N_YEARS, N_PATHS))
    y = regime.yearly_log_returns(model, rng, z)
    stock_log = regime.STOCK_LOG_MEAN + regime.STOCK_LOG_SD * z
    simulated = float(np.mean((stock_log < 0) & (y < math.log(0.5))))
    assert simulated == pytest.approx(share, abs=4 * math.sqrt(share / z.size))


def test_fit_coupling_hits_a_target_in_reach(model: regime.RegimeModel) -> None:
    free = replace(model, stock_coupling=0.0)
    target = 0.5 * (regime.joint_crash_probability(free, 0.0)
                    + regime.joint_crash_probability(free, regime_fit.COUPLING_CAP))
    c = regime_fit.fit_coupling(free, target)
    assert 0 < c < regime_fit.COUPLING_CAP
    assert regime.joint_crash_probability(free, c) == pytest.approx(target, abs=1e-9)
    assert regime_fit.fit_coupling(free, 0.0) == 0.0


def test_joint_crash_months_at_historical_frequency(history: regime_fit.MonthlyHistory,
                                                    model: regime.RegimeModel) -> None:
    # a joint crash month: Bitcoin's log return below -0.2 and stocks' below 0
    data = regime.joint_crash_share(history.btc, history.stocks)
    btc, stocks = regime.simulate_monthly(model, np.random.default_rng(5), 132, 5_000)
    simulated = regime.joint_crash_share(btc, stocks)
    # 132 months is the whole sample: the 99% binomial band around the model's share (the
    # simulation's own error, 660,000 months, is negligible beside it)
    tolerance = 2.576 * math.sqrt(simulated * (1 - simulated) / len(history.btc))
    print(f"\njoint crash months: data {data:.4f} ({round(data * 132)} of 132), "
          f"model {simulated:.4f}")
    assert data == pytest.approx(simulated, abs=tolerance)
