"""Bitcoin as a two-state (bull/bear) Markov switching model: the stored model, simulated yearly.

The model (``load``; planner.core.regime_fit fits it, and ``python -m planner.core.regime_fit``
rewrites resources/data/crypto_regime.json): Bitcoin's monthly log returns follow a hidden
two-state Markov chain with a Gaussian N(mu_s, sd) in each state, and per state a correlation
with US stocks' monthly log returns. State 0 (bull) has the higher mean. This module holds no
fitting code.

Simulation (``yearly_log_returns``): the chain runs month by month across years; each
path-year needs its (number of bear months, last month's state) and one normal (see
``year_coefficients``). The year's outcome is tied to the year's stock shock z by a Gaussian
copula with coefficient ``stock_coupling``, fitted so that years in which stocks fall and
Bitcoin loses more than half come as often as in 2015-2024 (or as close as the cap allows).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

from planner.resources import resource_path

BULL, BEAR = 0, 1
MONTHS = 12
OUTCOMES = 2 * (MONTHS + 1)  # a year's (bear months k, last month's state): index 2k + state
# The joint crash the coupling is fitted to: stocks' simple return below 0 and Bitcoin's
# below -50%, in a year. Stocks lognormal with us_market_annual.csv's yearly log mean and SD
# over 1928-2024 (0.0948 and 0.1896, rounded); history: calendar years 2015-2024.
STOCK_LOG_MEAN, STOCK_LOG_SD = 0.095, 0.190
CRASH_BTC_RETURN = -0.5
_WIDE = 9.0  # quadrature range in standard deviations: the mass beyond is below 1e-18
_GAUSS = np.polynomial.legendre.leggauss(8)
_THRESHOLD_CLIP = 40.0  # +-inf copula thresholds as finite numbers (|w| is clipped to 30)


@dataclass(frozen=True)
class RegimeModel:
    """Index 0 = bull, 1 = bear. Monthly log returns; tuples keep the model hashable.
    ``stock_coupling`` is the year-level copula coefficient (0 = regimes independent of
    stocks)."""

    monthly_mean: tuple[float, float]
    monthly_sd: tuple[float, float]
    transition: tuple[tuple[float, float], tuple[float, float]]  # [from][to]
    stock_correlation: tuple[float, float]
    stock_monthly_mean: tuple[float, float]
    stock_monthly_sd: tuple[float, float]
    stock_coupling: float = 0.0

    @property
    def stationary(self) -> tuple[float, float]:
        leave_bull, leave_bear = self.transition[BULL][BEAR], self.transition[BEAR][BULL]
        bear = leave_bull / (leave_bull + leave_bear)
        return (1.0 - bear, bear)


# ---- the year's regime outcome and its copula ------------------------------------------------

def year_kernel(model: RegimeModel) -> np.ndarray:
    """[2, 2, 13] P(state in the year's last month = j, k bear months in the year | state in
    the month before the year = i): the month-by-month chain folded into one step a year."""
    p = np.array(model.transition)
    kernel = np.zeros((2, 2, MONTHS + 1))  # [before, now, bear months so far]
    kernel[:, BULL, 0], kernel[:, BEAR, 1] = p[:, BULL], p[:, BEAR]
    for _ in range(MONTHS - 1):
        moved = np.einsum("bsk,st->btk", kernel, p)
        kernel = np.zeros_like(kernel)
        kernel[:, BULL] = moved[:, BULL]
        kernel[:, BEAR, 1:] = moved[:, BEAR, :-1]
    return kernel


def bear_month_probabilities(model: RegimeModel) -> np.ndarray:
    """[13] P(k bear months in a year) in the stationary chain (whatever the coupling)."""
    return np.asarray(np.array(model.stationary) @ year_kernel(model).sum(axis=1))


def outcome_probabilities(model: RegimeModel) -> np.ndarray:
    """[2, 26] P(outcome | state before the year), outcome 2k + last month's state: ordered
    from fewest to most bear months, and within k ending in bull first."""
    return np.asarray(year_kernel(model).transpose(0, 2, 1).reshape(2, OUTCOMES))


_NORMAL = NormalDist()
_ERFC = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(0.5 * _ERFC(np.multiply(x, -1.0 / math.sqrt(2.0))), dtype=np.float64)


def _normal_quantile(below: float, above: float) -> float:
    """The standard normal quantile at probability ``below`` = 1 - ``above``, from whichever
    tail keeps its precision; +-inf at 0 and 1."""
    if below <= 0.0:
        return -math.inf
    if above <= 0.0:
        return math.inf
    return _NORMAL.inv_cdf(below) if below < 0.5 else -_NORMAL.inv_cdf(above)


@lru_cache(maxsize=8)
def copula_thresholds(model: RegimeModel) -> np.ndarray:
    """[2, 26] t such that, with w = -c z + sqrt(1 - c^2) eps standard normal, the year's
    outcome is the first o with t[before, o] > w: inverse-normal cumulative probabilities."""
    probs = outcome_probabilities(model)
    below = np.cumsum(probs, axis=1)
    above = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1] - probs  # P(outcome > o), exact 0 last
    return np.array([[_normal_quantile(b, a) for b, a in zip(rb, ra, strict=True)]
                     for rb, ra in zip(below, above, strict=True)])


def year_coefficients(model: RegimeModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, c) [13] such that, given k bear months and the year's stock shock z, the year's
    crypto log return is a[k] + b[k] z + c[k] zeta with zeta standard normal.

    With w_1..w_12 iid N(0, 1) monthly stock shocks and z = sum(w) / sqrt(12), the bear
    months' sum is S_bear = k z / sqrt(12) + sqrt(k (12 - k) / 12) xi and the bull months'
    sum is sqrt(12) z - S_bear. A month in state s is mu_s + sd_s (rho_s w + sqrt(1 - rho_s^2)
    e), so the year is sum_s [k_s mu_s + sd_s (rho_s S_s + sqrt(1 - rho_s^2) sqrt(k_s) eta_s)].
    Given k and z that is normal; xi, eta_bull and eta_bear are independent, so their three
    terms add up to one normal with the summed variance, and one draw does. (Under the copula
    the regime path depends on the months' shocks only through z, so this stays the law of
    the year given k and z.)
    """
    k = np.arange(MONTHS + 1, dtype=np.float64)
    bull = MONTHS - k
    mu, sd, rho = (np.array(v) for v in (model.monthly_mean, model.monthly_sd,
                                         model.stock_correlation))
    loading = sd * rho  # per unit of a month's stock shock
    a = bull * mu[BULL] + k * mu[BEAR]
    b = loading[BULL] * math.sqrt(MONTHS) + (loading[BEAR] - loading[BULL]) * k / math.sqrt(MONTHS)
    split_var = (loading[BEAR] - loading[BULL]) ** 2 * k * bull / MONTHS  # from xi
    own_var = sd**2 * (1 - rho**2)  # a month's variance not explained by stocks
    idio_var = bull * own_var[BULL] + k * own_var[BEAR]
    return a, b, np.sqrt(split_var + idio_var)


# ---- the model's yearly figures, by quadrature (no simulation) -------------------------------

def _panels(lo: float, hi: float, breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [lo, hi] in panels at most 0.25 wide, split at
    ``breaks`` (where the integrand jumps)."""
    grid = np.linspace(lo, hi, max(2, math.ceil((hi - lo) / 0.25) + 1))
    edges = np.unique(np.concatenate([grid, breaks[(breaks > lo) & (breaks < hi)]]))
    mid, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    nodes, weights = _GAUSS
    return (mid[:, None] + half[:, None] * nodes).ravel(), (half[:, None] * weights).ravel()


@lru_cache(maxsize=8)
def _year_mixture(model: RegimeModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The year's crypto log return with z ~ N(0, 1) as a finite mixture of normals:
    (weights, means, variances). Condition on the copula's normal w: given w the outcome is
    fixed, z ~ N(-c w, 1 - c^2), and a + b z + c_k zeta is N(a - c b w, b^2 (1 - c^2) + c_k^2);
    w and the state before the year (stationary) are integrated out by quadrature."""
    c = model.stock_coupling
    a, b, own = year_coefficients(model)
    thresholds = copula_thresholds(model)
    weights, means, variances = [], [], []
    for before, start in enumerate(model.stationary):
        w, gw = _panels(-_WIDE, _WIDE, thresholds[before])
        k = np.searchsorted(thresholds[before], w, side="right") // 2
        weights.append(start * gw * np.exp(-0.5 * w * w) / math.sqrt(2 * math.pi))
        means.append(a[k] - c * b[k] * w)
        variances.append(b[k] ** 2 * (1 - c * c) + own[k] ** 2)
    return np.concatenate(weights), np.concatenate(means), np.concatenate(variances)


def yearly_cdf(model: RegimeModel, x: float) -> float:
    w, m, v = _year_mixture(model)
    return float(w @ normal_cdf((x - m) / np.sqrt(v)))


def yearly_quantile(model: RegimeModel, q: float) -> float:
    lo, hi = -50.0, 50.0
    for _ in range(64):  # bisection on the mixture's CDF
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if yearly_cdf(model, mid) < q else (lo, mid)
    return 0.5 * (lo + hi)


@lru_cache(maxsize=8)
def yearly_shape(model: RegimeModel) -> tuple[float, float, float, float]:
    """(mean, SD, skewness, excess kurtosis) of one year's log return with z ~ N(0, 1)."""
    w, m, v = _year_mixture(model)
    mean = float(w @ m)
    d = m - mean
    var = float(w @ (v + d * d))
    third = float(w @ (d**3 + 3 * d * v))
    fourth = float(w @ (d**4 + 6 * d * d * v + 3 * v * v))
    return mean, math.sqrt(var), third / var**1.5, fourth / var**2 - 3.0


def yearly_moments(model: RegimeModel) -> tuple[float, float, float]:
    """(mean, SD, excess kurtosis) of one year's log return with z ~ N(0, 1)."""
    mean, sd, _, kurtosis = yearly_shape(model)
    return mean, sd, kurtosis


@lru_cache(maxsize=8)
def yearly_stats(model: RegimeModel) -> tuple[float, float]:
    """(median, SD) of one year's log return with z ~ N(0, 1), the coupling included."""
    return yearly_quantile(model, 0.5), yearly_shape(model)[1]


def joint_crash_probability(model: RegimeModel, coupling: float | None = None) -> float:
    """P(stocks' yearly simple return < 0 and crypto's < CRASH_BTC_RETURN) with the year's
    stock log return STOCK_LOG_MEAN + STOCK_LOG_SD z, z ~ N(0, 1), and the state before the
    year stationary. Quadrature over z below the stock threshold: given z, the outcome's
    probability is a difference of two normal CDFs, and crypto is normal given both."""
    c = model.stock_coupling if coupling is None else coupling
    s = math.sqrt(1 - c * c)
    a, b, own = year_coefficients(model)
    k = np.arange(OUTCOMES) // 2
    z_top = -STOCK_LOG_MEAN / STOCK_LOG_SD
    z, gz = _panels(-_WIDE, z_top, np.array([]))
    density = gz * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    crash = normal_cdf((math.log1p(CRASH_BTC_RETURN) - a[k] - b[k] * z[:, None]) / own[k])
    total = 0.0
    for before, start in enumerate(model.stationary):
        upper = normal_cdf((copula_thresholds(model)[before] + c * z[:, None]) / s)  # +-inf ok
        chance = np.diff(upper, axis=1, prepend=0.0)  # [z, outcome]
        total += start * float(density @ (chance * crash).sum(axis=1))
    return total


# ---- simulation --------------------------------------------------------------------------------

def bear_months(model: RegimeModel, rng: np.random.Generator, n_months: int,
                n_paths: int) -> np.ndarray:
    """[n_months, n_paths] bool, True in a bear month, stepped month by month without the
    stock coupling; the first month is drawn from the stationary distribution. One uniform per
    path-month."""
    u = rng.random((n_months, n_paths))
    stay_bear, enter_bear = model.transition[BEAR][BEAR], model.transition[BULL][BEAR]
    bear = np.empty((n_months, n_paths), dtype=bool)
    np.less(u[0], model.stationary[BEAR], out=bear[0])
    for m in range(1, n_months):
        # bear next month: enter from bull, or stay from bear (one threshold per path)
        np.less(u[m], np.where(bear[m - 1], stay_bear, enter_bear), out=bear[m])
    return bear


_ROW_OFFSET = 100.0  # bear-start thresholds shifted up, so one search serves both rows


@lru_cache(maxsize=8)
def _year_sampler(model: RegimeModel) -> tuple[np.ndarray, ...]:
    """Both rows' copula thresholds in one sorted array (the bear-start row shifted up by
    _ROW_OFFSET), and per entry: the last month's state, k, and the coefficients a, b, c."""
    thresholds = np.clip(copula_thresholds(model), -_THRESHOLD_CLIP, _THRESHOLD_CLIP)
    outcome = np.arange(OUTCOMES)
    per_k = [np.tile(c[outcome // 2], 2) for c in year_coefficients(model)]
    end_state = np.tile(outcome % 2, 2).astype(np.float64)
    k = np.tile(outcome // 2, 2)
    return ((thresholds + np.array([[0.0], [_ROW_OFFSET]])).ravel(), end_state, k, *per_k)


def _year_outcomes(model: RegimeModel, rng: np.random.Generator,
                   z_stocks: np.ndarray) -> np.ndarray:
    """[T, N] indices into _year_sampler's arrays. Draws: uniforms [N] (the state before
    year 1, stationary), then normals [T, N] (the copula's own noise)."""
    n_years, n_paths = z_stocks.shape
    thresholds, end_state = _year_sampler(model)[:2]
    c = model.stock_coupling
    offset = np.where(np.less(rng.random(n_paths), model.stationary[BEAR]), _ROW_OFFSET, 0.0)
    w = rng.standard_normal((n_years, n_paths))
    w *= math.sqrt(1 - c * c)
    w -= c * z_stocks  # N(0, 1) when z is; high for a bad stock year
    np.clip(w, -30.0, 30.0, out=w)
    index = np.empty((n_years, n_paths), dtype=np.intp)
    for year in range(n_years):  # a loop over years, numpy over paths
        w[year] += offset  # the row of the state before the year
        index[year] = np.searchsorted(thresholds, w[year], side="right")
        offset = _ROW_OFFSET * end_state[index[year]]
    return index


def bear_months_per_year(model: RegimeModel, rng: np.random.Generator,
                         z_stocks: np.ndarray) -> np.ndarray:
    """[T, N] the number of bear months in each path-year: the same draws, and so the same
    counts, as ``yearly_log_returns`` with an equal rng."""
    return np.asarray(_year_sampler(model)[2][_year_outcomes(model, rng, z_stocks)])


def yearly_log_returns(model: RegimeModel, rng: np.random.Generator,
                       z_stocks: np.ndarray) -> np.ndarray:
    """[T, N] yearly log returns of crypto. z_stocks [T, N]: each path-year's standardised
    yearly stock shock (standard normal in Monte Carlo; history's standardised log return in
    historical mode).

    The hidden state runs month by month without a break between years, but is stepped a
    year at a time: the year's (bear months, last month's state) is drawn from the exact
    12-month kernel by inverting its CDF (outcomes ordered from fewest to most bear months)
    at Phi(w), w = -c z + sqrt(1 - c^2) eps. With z ~ N(0, 1) w is N(0, 1) and independent of
    the past, so the regime path keeps the chain's law exactly; a bad stock year brings more
    bear months. One more normal draws the rest (see year_coefficients). Draws, in order:
    uniforms [N], normals [T, N] (eps), normals [T, N] (zeta)."""
    index = _year_outcomes(model, rng, z_stocks)
    _, _, _, a, b, c = _year_sampler(model)
    zeta = rng.standard_normal(z_stocks.shape)
    return np.asarray(a[index] + b[index] * z_stocks + c[index] * zeta)


def simulate_monthly(model: RegimeModel, rng: np.random.Generator, n_months: int,
                     n_paths: int) -> tuple[np.ndarray, np.ndarray]:
    """([M, N] Bitcoin, [M, N] stocks) monthly log returns: each state's Gaussian pair with
    the fitted stock mean, SD and correlation, regimes independent of stocks (the coupling
    acts on whole years). For checks against history, not the engine."""
    bear = bear_months(model, rng, n_months, n_paths).astype(np.intp)
    w, e = rng.standard_normal((2, n_months, n_paths))
    pick = lambda values: np.asarray(values)[bear]  # noqa: E731
    rho = pick(model.stock_correlation)
    btc = pick(model.monthly_mean) + pick(model.monthly_sd) * (rho * w + np.sqrt(1 - rho**2) * e)
    return btc, pick(model.stock_monthly_mean) + pick(model.stock_monthly_sd) * w


def joint_crash_share(btc: np.ndarray, stocks: np.ndarray, btc_below: float = -0.2,
                      stocks_below: float = 0.0) -> float:
    """Share of periods in which Bitcoin's log return is below btc_below and stocks' below
    stocks_below (history or simulation alike)."""
    return float(np.mean((btc < btc_below) & (stocks < stocks_below)))


# ---- the stored model --------------------------------------------------------------------------

def model_from_json(data: dict[str, Any]) -> RegimeModel:
    pair = lambda name: (float(data[name][0]), float(data[name][1]))  # noqa: E731
    t = data["transition"]
    return RegimeModel(
        monthly_mean=pair("monthly_mean"), monthly_sd=pair("monthly_sd"),
        transition=((float(t[0][0]), float(t[0][1])), (float(t[1][0]), float(t[1][1]))),
        stock_correlation=pair("stock_correlation"), stock_monthly_mean=pair("stock_monthly_mean"),
        stock_monthly_sd=pair("stock_monthly_sd"), stock_coupling=float(data["stock_coupling"]))


def json_path() -> Path:
    return resource_path("data", "crypto_regime.json")


@lru_cache(maxsize=1)
def load() -> RegimeModel:
    with open(json_path(), encoding="utf-8") as f:
        return model_from_json(json.load(f))
