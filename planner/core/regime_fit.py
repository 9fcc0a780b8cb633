"""Fitting the Bitcoin bull/bear regime model of planner.core.regime to the monthly data.

``python -m planner.core.regime_fit`` rewrites resources/data/crypto_regime.json: Bitcoin's
monthly log returns 2015-01..2025-12 follow a hidden two-state Markov chain with a Gaussian
N(mu_s, sd) in each state. The parameters maximise the likelihood under three restrictions,
found by EM (Baum-Welch; the scaled forward pass is Hamilton's filter) from fixed starts:

- both states persist: stay probability >= MIN_STAY = 2/3 (expected stay >= 3 months);
- the first month is drawn from the chain's stationary distribution, as in the simulation;
- one SD for both states (Hamilton's 1989 mean-switching model), so the states differ in mean.

Without them the maximum-likelihood fit is a one-month crash state, and with per-state SDs the
persistent fit is a calm/volatile split with equal means; crypto_regime.md has the numbers.
State 0 (bull) has the higher mean. Per state, the correlation with US stocks' monthly log
returns is weighted by the smoothed state probabilities. The year-level copula coefficient
``stock_coupling`` is then fitted so that years in which stocks fall and Bitcoin loses more
than half come as often as in 2015-2024 (or as close as COUPLING_CAP allows).

Only the fit lives here; the runtime model (planner.core.regime) does not import this module.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from planner.core.regime import (
    BEAR,
    BULL,
    CRASH_BTC_RETURN,
    MONTHS,
    STOCK_LOG_MEAN,
    STOCK_LOG_SD,
    RegimeModel,
    bear_month_probabilities,
    joint_crash_probability,
    json_path,
    yearly_quantile,
    yearly_shape,
    yearly_stats,
)
from planner.resources import resource_path

FIT_FIRST_MONTH, FIT_LAST_MONTH = "2015-01", "2025-12"
MIN_STAY = 2 / 3  # stay probability floor: expected stay 1 / (1 - p) >= 3 months
COUPLING_CAP = 0.95
# The joint crash the coupling is fitted to (regime.joint_crash_probability): history over
# calendar years 2015-2024.
JOINT_CRASH_YEARS = (2015, 2024)
_MAX_EM_ITERATIONS = 20_000
_EM_TOLERANCE = 1e-12  # log-likelihood gain per iteration; parameters then settle to ~1e-8
_DIGITS = 10  # decimals kept in the JSON so the file is byte-stable across machines
SOURCE = (
    "Bitcoin: Coin Metrics community data, PriceUSD month-end closes (CC BY-NC 4.0), "
    "resources/data/btc_monthly.csv and btc_annual.csv. US stocks: Robert J. Shiller, monthly "
    "S&P Composite price and dividend, total return (P_m + D_m/12) / P_(m-1), "
    "resources/data/us_stocks_monthly.csv; yearly: us_market_annual.csv. Method and caveats: "
    "crypto_regime.md."
)


@dataclass(frozen=True)
class MonthlyHistory:
    months: tuple[str, ...]
    btc: np.ndarray  # [n] monthly log returns
    stocks: np.ndarray  # [n]


@dataclass(frozen=True)
class FitSpec:
    """What the EM fit may vary: the stored model is the default."""

    min_stay: float = MIN_STAY
    stationary_start: bool = True  # else the first month's state probabilities are estimated
    tied_sd: bool = True


UNCONSTRAINED = FitSpec(min_stay=0.0, stationary_start=False, tied_sd=False)
PERSISTENT_TWO_SDS = FitSpec(tied_sd=False)


@dataclass(frozen=True)
class HmmFit:
    mean: np.ndarray  # [2]
    sd: np.ndarray  # [2]
    transition: np.ndarray  # [2, 2]
    initial: np.ndarray  # [2] probabilities of the first month's state
    log_likelihood: float
    smoothed: np.ndarray  # [n, 2] P(state | all data)


# ---- data ------------------------------------------------------------------------------------

def _read_column(name: str, key: str, column: str) -> dict[str, float]:
    with open(resource_path("data", name), encoding="utf-8") as f:
        return {r[key]: float(r[column]) for r in csv.DictReader(f) if r[column]}


def monthly_history(first: str = FIT_FIRST_MONTH, last: str = FIT_LAST_MONTH) -> MonthlyHistory:
    btc = _read_column("btc_monthly.csv", "month", "btc_log_return")
    stocks = _read_column("us_stocks_monthly.csv", "month", "stocks_log_return")
    months = tuple(m for m in sorted(btc) if first <= m <= last)
    missing = [m for m in months if m not in stocks]
    if missing:
        raise ValueError(f"us_stocks_monthly.csv lacks {missing[0]} (and {len(missing) - 1} more)")
    return MonthlyHistory(months, np.array([btc[m] for m in months]),
                          np.array([stocks[m] for m in months]))


def joint_crash_years_history(first: int = JOINT_CRASH_YEARS[0],
                              last: int = JOINT_CRASH_YEARS[1]) -> list[int]:
    """Calendar years in which US stocks' total return was below 0 and Bitcoin's below -50%
    (btc_annual.csv, us_market_annual.csv)."""
    btc = _read_column("btc_annual.csv", "year", "btc_return")
    stocks = _read_column("us_market_annual.csv", "year", "stocks_total_return")
    years = [str(y) for y in range(first, last + 1)]
    missing = [y for y in years if y not in btc or y not in stocks]
    if missing:
        raise ValueError(f"annual data lack {missing}")
    return [int(y) for y in years if btc[y] < CRASH_BTC_RETURN and stocks[y] < 0]


# ---- fit ---------------------------------------------------------------------------------------

def _densities(x: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    z = (x[:, None] - mean) / sd
    return np.exp(-0.5 * z * z) / (sd * math.sqrt(2.0 * math.pi))


def stationary_of(transition: np.ndarray) -> np.ndarray:
    leave_bull, leave_bear = transition[BULL, BEAR], transition[BEAR, BULL]
    return np.array([leave_bear, leave_bull]) / (leave_bull + leave_bear)


def forward_backward(x: np.ndarray, mean: np.ndarray, sd: np.ndarray, transition: np.ndarray,
                     initial: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """(log-likelihood, smoothed [n, 2], expected transition counts [2, 2]), scaled so that
    nothing underflows; the forward pass is Hamilton's filter."""
    dens = _densities(x, mean, sd)
    n = len(x)
    alpha, scale = np.empty((n, 2)), np.empty(n)
    a = initial * dens[0]
    for t in range(n):
        if t:
            a = (alpha[t - 1] @ transition) * dens[t]
        scale[t] = a.sum()
        alpha[t] = a / scale[t]
    beta = np.ones((n, 2))
    for t in range(n - 2, -1, -1):
        beta[t] = transition @ (dens[t + 1] * beta[t + 1]) / scale[t + 1]
    gamma = alpha * beta
    after = dens[1:] * beta[1:] / scale[1:, None]  # [n-1, 2]
    counts = transition * (alpha[:-1].T @ after)
    return float(np.log(scale).sum()), gamma, counts


def _leave_given_price(price: float, stay: float, leave: float, most: float) -> float:
    """argmax over q in (0, most] of stay ln(1 - q) + leave ln q - price q: the smaller root
    of price q^2 - (stay + leave + price) q + leave = 0 (the function is concave)."""
    s = stay + leave + price
    q = 2 * leave / (s + math.sqrt(max(s * s - 4 * price * leave, 0.0)))
    return min(max(q, 1e-12), most)


def _transition_step(counts: np.ndarray, first: np.ndarray, spec: FitSpec) -> np.ndarray:
    """The M-step for the transition matrix, exact under the stay-probability floor.

    Leave probabilities q = (q_bull, q_bear). The expected complete-data log-likelihood is
    sum_s [n_ss ln(1 - q_s) + n_s,other ln q_s] plus, with a stationary start, the first
    month's ln pi(q): g_bull ln q_bear + g_bear ln q_bull - ln(q_bull + q_bear). Without that
    term each row is a concave function of its own q, so the floor is a clip. With it, for a
    given price lam = 1 / (q_bull + q_bear) each row is again a concave problem with a closed
    form; one bisection finds the lam that equals 1 / (q_bull + q_bear)."""
    most = 1.0 - spec.min_stay
    stay = (float(counts[BULL, BULL]), float(counts[BEAR, BEAR]))
    leave = [float(counts[BULL, BEAR]), float(counts[BEAR, BULL])]
    if not spec.stationary_start:
        q = [_leave_given_price(0.0, stay[s], leave[s], most) for s in (BULL, BEAR)]
    else:
        leave[BULL] += float(first[BEAR])  # ln pi_bear = ln q_bull - ln(q_bull + q_bear)
        leave[BEAR] += float(first[BULL])

        def rows(u: float) -> list[float]:
            price = u / (1.0 - u)
            return [_leave_given_price(price, stay[s], leave[s], most) for s in (BULL, BEAR)]

        lo, hi = 0.0, 1.0  # u = lam / (1 + lam): lam (q_bull + q_bear) - 1 goes from -1 up
        for _ in range(64):
            mid = 0.5 * (lo + hi)
            q = rows(mid)
            lo, hi = (mid, hi) if mid / (1.0 - mid) * (q[0] + q[1]) < 1.0 else (lo, mid)
        q = rows(0.5 * (lo + hi))
    return np.array([[1.0 - q[BULL], q[BULL]], [q[BEAR], 1.0 - q[BEAR]]])


def _em(x: np.ndarray, mean: np.ndarray, sd: np.ndarray, transition: np.ndarray,
        spec: FitSpec) -> HmmFit:
    initial = np.full(2, 0.5)
    sd_floor = 0.05 * x.std()  # keeps a state from collapsing onto one month (infinite density)
    stay = np.maximum(np.diag(transition), spec.min_stay)  # start inside the floor
    transition = np.array([[stay[0], 1 - stay[0]], [1 - stay[1], stay[1]]])
    previous = -math.inf
    for _ in range(_MAX_EM_ITERATIONS):
        if spec.stationary_start:
            initial = stationary_of(transition)
        loglik, gamma, counts = forward_backward(x, mean, sd, transition, initial)
        weight = gamma.sum(axis=0)
        mean = gamma.T @ x / weight
        squares = gamma * (x[:, None] - mean) ** 2
        if spec.tied_sd:
            sd = np.full(2, max(math.sqrt(squares.sum() / len(x)), sd_floor))
        else:
            sd = np.maximum(np.sqrt(squares.sum(axis=0) / weight), sd_floor)
        transition = _transition_step(counts, gamma[0], spec)
        if not spec.stationary_start:
            initial = gamma[0]
        if loglik - previous < _EM_TOLERANCE:
            break
        previous = loglik
    if spec.stationary_start:
        initial = stationary_of(transition)
    loglik, gamma, _ = forward_backward(x, mean, sd, transition, initial)
    return HmmFit(mean, sd, transition, initial, loglik, gamma)


def _starts(x: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fixed starts: split the months at a quantile (or by size of move, for a calm/wild
    split), crossed with a few persistences; EM from each, the best likelihood wins."""
    splits = [x > np.quantile(x, q) for q in (0.05, 0.25, 0.5, 0.75, 0.95)]
    splits.append(np.abs(x - x.mean()) < x.std())
    starts = []
    for high in splits:
        groups = (x[high], x[~high])
        mean = np.array([g.mean() for g in groups])
        sd = np.array([g.std() for g in groups])
        for stay in (0.6, 0.85, 0.97):
            starts.append((mean, sd, np.array([[stay, 1 - stay], [1 - stay, stay]])))
    return starts


STORED = FitSpec()


def fit_hmm(x: np.ndarray, spec: FitSpec = STORED) -> HmmFit:
    """The best of the EM runs from the fixed starts, bull (higher mean) first."""
    best = max((_em(x, *start, spec) for start in _starts(x)), key=lambda f: f.log_likelihood)
    order = np.argsort(-best.mean)
    return HmmFit(best.mean[order], best.sd[order], best.transition[np.ix_(order, order)],
                  best.initial[order], best.log_likelihood, best.smoothed[:, order])


def _weighted_stats(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(mean of y, SD of y, correlation of x and y) with weights w."""
    w = w / w.sum()
    dx, dy = x - w @ x, y - w @ y
    var_x, var_y = w @ (dx * dx), w @ (dy * dy)
    return float(w @ y), math.sqrt(var_y), float(w @ (dx * dy) / math.sqrt(var_x * var_y))


def model_from_fit(fit: HmmFit, history: MonthlyHistory, coupling: float = 0.0) -> RegimeModel:
    stats = [_weighted_stats(fit.smoothed[:, s], history.btc, history.stocks) for s in (BULL, BEAR)]
    pair = lambda i: (stats[0][i], stats[1][i])  # noqa: E731
    p = fit.transition
    return RegimeModel(
        monthly_mean=(float(fit.mean[0]), float(fit.mean[1])),
        monthly_sd=(float(fit.sd[0]), float(fit.sd[1])),
        transition=((float(p[0, 0]), float(p[0, 1])), (float(p[1, 0]), float(p[1, 1]))),
        stock_correlation=pair(2), stock_monthly_mean=pair(0), stock_monthly_sd=pair(1),
        stock_coupling=coupling)


def gaussian_log_likelihood(x: np.ndarray) -> float:
    """One normal with the ML mean and SD: the baseline the two states must beat."""
    var = float(x.var())
    return -0.5 * len(x) * (math.log(2 * math.pi * var) + 1)


# ---- the stock coupling ------------------------------------------------------------------------

def fit_coupling(model: RegimeModel, target: float) -> float:
    """The coupling in [0, COUPLING_CAP] whose joint crash probability is ``target``, or the
    nearer end when no coupling reaches it (the probability rises with the coupling)."""
    if joint_crash_probability(model, COUPLING_CAP) <= target:
        return COUPLING_CAP
    if joint_crash_probability(model, 0.0) >= target:
        return 0.0
    lo, hi = 0.0, COUPLING_CAP
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if joint_crash_probability(model, mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


def binomial_interval(k: int, n: int, level: float = 0.90) -> tuple[float, float]:
    """Clopper-Pearson (exact) interval for a share after k successes in n trials."""
    tail = (1 - level) / 2

    def at_most(j: int, p: float) -> float:  # P(X <= j), falls as p rises
        return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(j + 1))

    def crossing(j: int, value: float) -> float:  # the p with P(X <= j) = value
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if at_most(j, mid) > value else (lo, mid)
        return 0.5 * (lo + hi)

    lower = 0.0 if k == 0 else crossing(k - 1, 1 - tail)  # P(X >= k) = tail
    upper = 1.0 if k == n else crossing(k, tail)  # P(X <= k) = tail
    return lower, upper


# ---- JSON --------------------------------------------------------------------------------------

def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, _DIGITS)
    if isinstance(value, tuple | list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _fit_summary(name: str, restrictions: str, fit: HmmFit) -> dict[str, Any]:
    return {
        "fit": name, "restrictions": restrictions, "log_likelihood": fit.log_likelihood,
        "monthly_mean": [float(v) for v in fit.mean], "monthly_sd": [float(v) for v in fit.sd],
        "stay_probability": [float(fit.transition[s, s]) for s in (BULL, BEAR)],
    }


def fitted_json(history: MonthlyHistory | None = None, fit: HmmFit | None = None,
                others: tuple[HmmFit, HmmFit] | None = None) -> dict[str, Any]:
    """Everything crypto_regime.json holds; refitted from the CSVs unless ``fit`` (the stored
    model) and ``others`` (the UNCONSTRAINED and PERSISTENT_TWO_SDS fits) are given."""
    history = history or monthly_history()
    fit = fit or fit_hmm(history.btc)
    unconstrained, two_sds = others or (fit_hmm(history.btc, UNCONSTRAINED),
                                        fit_hmm(history.btc, PERSISTENT_TWO_SDS))
    crashes = joint_crash_years_history()
    n_years = JOINT_CRASH_YEARS[1] - JOINT_CRASH_YEARS[0] + 1
    target = len(crashes) / n_years
    uncoupled = model_from_fit(fit, history)
    model = replace(uncoupled, stock_coupling=fit_coupling(uncoupled, target))
    mean_y, sd_y, skew_y, kurt_y = yearly_shape(model)
    p = model.transition
    raw: dict[str, Any] = {
        "model": "two-state Gaussian Markov switching model of Bitcoin monthly log returns",
        "states": ["bull", "bear"],
        "fitted_window": [history.months[0], history.months[-1]],
        "n_months": len(history.months),
        "restrictions": {
            "min_stay_probability": MIN_STAY,
            "first_month": "stationary distribution",
            "sd": "one SD for both states",
        },
        "monthly_mean": model.monthly_mean,
        "monthly_sd": model.monthly_sd,
        "transition": model.transition,
        "stationary": model.stationary,
        "expected_duration_months": (1 / (1 - p[0][0]), 1 / (1 - p[1][1])),
        "log_likelihood": fit.log_likelihood,
        "single_gaussian_log_likelihood": gaussian_log_likelihood(history.btc),
        "other_fits": [
            _fit_summary("unconstrained maximum likelihood", "none; first month's state "
                         "estimated; the bear state is a one-month crash", unconstrained),
            _fit_summary("persistent, two SDs", "stay >= 2/3, stationary first month, an SD "
                         "per state; a calm/volatile split with equal means", two_sds),
        ],
        "stock_correlation": model.stock_correlation,
        "stock_monthly_mean": model.stock_monthly_mean,
        "stock_monthly_sd": model.stock_monthly_sd,
        "stock_coupling": model.stock_coupling,
        "stock_coupling_fit": {
            "method": "Gaussian copula on the year's outcome; c in [0, cap] such that the "
                      "model's P(stocks < 0 and crypto < -50%) equals the history's share",
            "cap": COUPLING_CAP,
            "cap_binds": model.stock_coupling >= COUPLING_CAP,
            "stock_log_mean": STOCK_LOG_MEAN,
            "stock_log_sd": STOCK_LOG_SD,
            "crypto_below": CRASH_BTC_RETURN,
            "history_years": list(JOINT_CRASH_YEARS),
            "history_joint_crash_years": crashes,
            "history_share": target,
            "history_share_90_interval": binomial_interval(len(crashes), n_years),
            "model_share": joint_crash_probability(model),
            "model_share_uncoupled": joint_crash_probability(model, 0.0),
        },
        "yearly": {
            "mean_log_return": mean_y,
            "median_log_return": yearly_stats(model)[0],
            "sd_log_return": sd_y,
            "skewness": skew_y,
            "excess_kurtosis": kurt_y,
            "quantile_01": yearly_quantile(model, 0.01),
            "quantile_99": yearly_quantile(model, 0.99),
            "mean_bear_months": float(bear_month_probabilities(model) @ np.arange(MONTHS + 1)),
        },
        "source": SOURCE,
    }
    return dict(_rounded(raw))


def main() -> None:
    text = json.dumps(fitted_json(), indent=2) + "\n"
    json_path().write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
