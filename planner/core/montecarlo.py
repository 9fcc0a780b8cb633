"""Monte Carlo and historical scenarios: yearly returns for every path, drawn at once.

Monte Carlo (parametric): stocks, bonds and cash are lognormal with the plan's mean returns
and log-return volatilities (log mean = ln(1+mean) - vol^2/2, so draws average to the mean);
inflation is an AR(1) around the plan's rate (this year's deviation is the plan's
persistence times last year's plus a fresh shock, scaled so that its SD is the plan's;
a year's draw is bounded below at ``returns.INFLATION_FLOOR`` so prices stay positive);
the shocks are correlated through the plan's correlation matrix (defaults estimated from
1926-2024). Or, instead, a block bootstrap of consecutive historical years (or of the
person's own series) keeps history's own joint behaviour.
Crypto follows the plan's outlook (planner.core.outlooks): fat-tailed Student-t log returns
(clipped), Bitcoin's own yearly log returns, or the two-state regime model, around the
outlook's median, tied to stocks; with a yearly chance of a permanent collapse, after which
the sleeve earns what cash earns.
Historical: every rolling window of consecutive years that fits in the data. Bitcoin has
only 11 usable years, so crypto replays them (shifted to the outlook's median, scaled to
its volatility) in every alignment against every window: no seed is involved.
Every random draw comes from one numpy Generator seeded by the caller.
"""

from __future__ import annotations

import math

import numpy as np

from planner.core.errors import PlanError, Problem
from planner.core.market import MarketHistory, history_from_series, us_market
from planner.core.model import CryptoModel, MarketDraws, Plan
from planner.core.outlooks import CRYPTO_CLIP, btc_residuals
from planner.core.returns import Scenario

_BOND_NAMES = {"treasury-10y": "10-year Treasuries",
               "corporate-baa": "Baa corporate bonds from 1928"}


def holds_crypto(plan: Plan) -> bool:
    return any(a.allocation.crypto > 0 for a in plan.accounts)


def monte_carlo_scenario(plan: Plan, n_years: int, paths: int, seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    sim = plan.simulation
    crypto: np.ndarray | None = None
    if sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP:
        history = _history(plan, n_years=sim.block_years)
        idx = _block_indices(rng, len(history.years), n_years, paths, sim.block_years)
        assets = history.asset_matrix()[idx]  # [T, N, 3]
        inflation = history.inflation[idx]
        logs = np.log1p(history.stocks)
        z_stocks = (np.log1p(assets[..., 0]) - logs.mean()) / logs.std(ddof=1)
        if history.crypto is not None:
            crypto = history.crypto[idx]
        cash = assets[..., 2]
        note = (f"Monte Carlo: {sim.block_years}-year blocks of {_source(plan, history)}, "
                f"drawn with seed {seed}.")
    else:
        lognormal, z_stocks, inflation = _lognormal(plan, rng, n_years, paths)
        cash = lognormal[:, 2]
        note = f"Monte Carlo: correlated lognormal returns, {paths:,} paths, seed {seed}."
    notes: tuple[str, ...] = (note,)
    if crypto is None:
        if holds_crypto(plan):
            crypto = crypto_returns(plan, rng, z_stocks, cash)
            notes += (crypto_note(plan),)
        else:  # nothing holds crypto: no draws (they would cost a tenth of a small run)
            crypto = np.zeros_like(z_stocks)
    elif holds_crypto(plan):
        notes += ("Crypto replays the crypto column of your return series in the same "
                  "blocks; the crypto outlook is not used.",)
    if sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP:
        # History's own dtype (float32) joins crypto's as numpy's concatenation promotes it
        returns = np.concatenate([assets, crypto[..., None]], axis=2).transpose(0, 2, 1)
        return Scenario(returns=np.ascontiguousarray(returns), inflation=inflation,
                        notes=notes)
    lognormal[:, 3] = crypto
    return Scenario(returns=lognormal, inflation=inflation, notes=notes)


def _lognormal(plan: Plan, rng: np.random.Generator, n_years: int,
               paths: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Correlated lognormal stocks, bonds and cash into [T, 4, N] (crypto's row left for the
    caller), the stock shocks [T, N] (crypto is tied to them) and inflation [T, N].

    Drawn a year at a time, straight into place: the generator gives its draws in the same
    order as one [T, N, 4] draw would, and every operation is the same row by row, so the
    numbers are those of drawing everything at once, without its arrays of all the years
    (at 100,000 paths each is 190 MB, and going through them again and again costs more
    than the arithmetic)."""
    a = plan.assumptions
    chol = np.linalg.cholesky(np.array(a.correlation, dtype=float)).T
    sigma = np.array([a.stocks.volatility, a.bonds.volatility, a.cash.volatility])
    means = np.array([a.stocks.expected_return, a.bonds.expected_return,
                      a.cash.expected_return])
    mu = np.log1p(means) - sigma**2 / 2
    returns = np.empty((n_years, 4, paths))
    z_stocks = np.empty((n_years, paths))
    shocks = np.empty((n_years, paths))
    for t in range(n_years):
        z = rng.standard_normal((paths, 4)) @ chol
        returns[t, :3] = np.expm1(mu + sigma * z[:, :3]).T
        z_stocks[t] = z[:, 0]
        shocks[t] = z[:, 3]
    inflation = a.inflation_rate + ar1(shocks, a.inflation_persistence, a.inflation_volatility)
    return returns, z_stocks, inflation


def ar1(shocks: np.ndarray, persistence: float, volatility: float) -> np.ndarray:
    """[T, N] deviations from the mean: an AR(1) with SD ``volatility`` in every year
    (the first year's deviation is drawn from the stationary distribution)."""
    if persistence == 0:
        return volatility * shocks
    out = np.empty_like(shocks)
    out[0] = volatility * shocks[0]
    fresh = volatility * math.sqrt(1 - persistence**2)
    for t in range(1, len(shocks)):
        out[t] = persistence * out[t - 1] + fresh * shocks[t]
    return out


def historical_scenario(plan: Plan, n_years: int, seed: int) -> Scenario:
    """Every window of ``n_years`` consecutive data years; with crypto, every window in
    every alignment of Bitcoin's years (``seed`` is not used: nothing is drawn)."""
    del seed
    history = _history(plan, n_years)
    starts = np.arange(len(history.years) - n_years + 1)
    idx = starts[None, :] + np.arange(n_years)[:, None]  # [T, W]
    assets = history.asset_matrix()[idx]
    inflation = history.inflation[idx]
    labels = tuple(str(y) for y in history.years[starts].astype(int).tolist())
    first, last = int(history.years[0]), int(history.years[-1])
    notes: tuple[str, ...] = (
        f"Historical: {len(starts)} windows of {n_years} consecutive years from "
        f"{first}-{last} ({_source(plan, history)}).",)
    groups = None
    if history.crypto is not None:
        crypto = history.crypto[idx]
        if holds_crypto(plan):
            notes += ("Crypto replays the crypto column of your return series; the crypto "
                      "outlook is not used.",)
    elif holds_crypto(plan):
        crypto, k = aligned_crypto(plan, n_years, assets[..., 2])
        windows = len(starts)
        assets = np.tile(assets, (1, k, 1))
        inflation = np.tile(inflation, (1, k))
        groups = np.repeat(np.arange(k), windows)
        labels = labels * k
        notes += (alignment_note(plan, k),)
    else:
        crypto = np.zeros(idx.shape)
    returns = np.concatenate([assets, crypto[..., None]], axis=2).transpose(0, 2, 1)
    return Scenario(returns=np.ascontiguousarray(returns), inflation=inflation,
                    labels=labels, notes=notes, groups=groups)


def aligned_crypto(plan: Plan, n_years: int, cash: np.ndarray) -> tuple[np.ndarray, int]:
    """[T, W*K] crypto returns for W windows in each of K alignments, and K.

    Alignment k starts Bitcoin's 2015-2025 yearly log returns at year k and cycles through
    them; they are shifted to the outlook's median and scaled to its volatility. A collapse
    chance p becomes, for alignment k, a collapse after the ((k + 1/2) / K) quantile of the
    geometric number of years survived, so the K alignments collapse as often as p says.
    """
    o = plan.assumptions.crypto
    residuals = btc_residuals(o.volatility)
    k = len(residuals)
    t = np.arange(n_years)
    logs = math.log1p(o.median) + residuals[(t[:, None] + np.arange(k)[None, :]) % k]  # [T, K]
    windows = cash.shape[1]
    crypto = np.repeat(np.expm1(logs), windows, axis=1)  # [T, K*W], alignment-major
    if o.collapse_chance > 0:
        q = (np.arange(k) + 0.5) / k
        survived = np.floor(np.log1p(-q) / math.log1p(-o.collapse_chance)).astype(int)
        collapse_t = np.repeat(survived, windows)
        crypto = _collapse(crypto, collapse_t, np.tile(cash, (1, k)))
    return crypto, k


def alignment_note(plan: Plan, k: int) -> str:
    o = plan.assumptions.crypto
    text = (f"Bitcoin has only {k} usable years (2015-2025), so in historical mode crypto "
            f"replays them in all {k} alignments against every window (each window runs {k} "
            f"times, starting Bitcoin's sequence at a different year), shifted to a median of "
            f"{o.median:.1%} and scaled to a volatility of {o.volatility:.0%}. No random seed "
            "is involved; the success rate counts every window in every alignment, and the "
            "range over alignments is shown beside it.")
    if o.collapse_chance > 0:
        text += (f" The {o.collapse_chance:.0%} yearly collapse chance: each alignment "
                 "collapses after a year count spread evenly over its probabilities.")
    return text


def crypto_returns(plan: Plan, rng: np.random.Generator, z_stocks: np.ndarray,
                   cash: np.ndarray) -> np.ndarray:
    """Crypto yearly returns [T, N] under the plan's outlook, tied to the stock draws
    through z_stocks (standard normal); ``cash`` [T, N] is what a collapsed sleeve earns."""
    sim = plan.simulation
    o = plan.assumptions.crypto
    mu = math.log1p(o.median)
    if o.model is CryptoModel.REGIME:
        from planner.core.outlooks import regime_log_returns

        logs = regime_log_returns(rng, z_stocks, mu, o.volatility)
    else:
        rho = sim.crypto_stock_correlation
        z = rho * z_stocks + math.sqrt(1 - rho * rho) * rng.standard_normal(z_stocks.shape)
        if o.model is CryptoModel.BOOTSTRAP:
            residuals = np.sort(btc_residuals(o.volatility))
            pick = np.minimum((normal_cdf(z) * len(residuals)).astype(int), len(residuals) - 1)
            logs = mu + residuals[pick]
        else:
            dof = sim.crypto_t_dof
            t = z * np.sqrt(dof / rng.chisquare(dof, z.shape))
            unit = np.clip(t * math.sqrt((dof - 2) / dof), -CRYPTO_CLIP, CRYPTO_CLIP)
            logs = mu + o.volatility * unit
    returns = np.asarray(np.expm1(logs))
    if o.collapse_chance > 0:
        hit = rng.random(z_stocks.shape) < o.collapse_chance
        first = np.where(hit.any(axis=0), hit.argmax(axis=0), len(hit))
        returns = _collapse(returns, first, cash)
    return returns


def _collapse(returns: np.ndarray, collapse_t: np.ndarray, cash: np.ndarray) -> np.ndarray:
    """Crypto is lost in year collapse_t [N] (-100%) and earns cash's return after it."""
    t = np.arange(len(returns))[:, None]
    out = np.where(t > collapse_t[None, :], cash, returns)
    return np.asarray(np.where(t == collapse_t[None, :], -1.0, out))


def crypto_note(plan: Plan) -> str:
    from planner.core.outlooks import implied_mean, label

    sim = plan.simulation
    o = plan.assumptions.crypto
    shape = {CryptoModel.STUDENT_T: f"Student-t with {sim.crypto_t_dof:g} degrees of freedom",
             CryptoModel.BOOTSTRAP: "Bitcoin's 2015-2025 yearly log returns, re-centred",
             CryptoModel.REGIME: "two-state regime model fitted to Bitcoin's 2015-2025 months"
             }[o.model]
    tie = ("its own correlation with stocks in each regime" if o.model is CryptoModel.REGIME
           else f"correlation {sim.crypto_stock_correlation:.2f} with stocks")
    text = (f"Crypto outlook \"{label(o)}\": {shape}, median {o.median:.1%} a year "
            f"(mean {implied_mean(o, sim.crypto_t_dof):.1%}), volatility {o.volatility:.0%}, "
            f"{tie}.")
    if o.collapse_chance > 0:
        text += (f" A {o.collapse_chance:.0%} yearly chance of a permanent collapse, after "
                 "which the sleeve earns what cash earns.")
    return text


def _source(plan: Plan, history: MarketHistory) -> str:
    span = f"{int(history.years[0])}-{int(history.years[-1])}"
    series = plan.simulation.return_series
    if series is not None:
        return f"your return series \"{series.name}\", {span}"
    return (f"US stocks, {_BOND_NAMES[str(plan.simulation.history_bonds)]}, T-bills, CPI, "
            f"{span}")


def _history(plan: Plan, n_years: int) -> MarketHistory:
    sim = plan.simulation
    if sim.return_series is not None:
        history = history_from_series(sim.return_series)
        field = "simulation.return_series"
    else:
        history = us_market(str(sim.history_bonds)).window(sim.history_first, sim.history_last)
        field = "simulation.history_first"
    if len(history.years) < n_years:
        span = f"{history.years[0]}-{history.years[-1]}" if len(history.years) else "empty"
        raise PlanError(
            f"the historical data window ({span}, {len(history.years)} years) is shorter "
            f"than the {n_years} years needed",
            [Problem(field,
                     f"the window {span} holds {len(history.years)} years; {n_years} are needed")],
        )
    return history


def _block_indices(
    rng: np.random.Generator, n_data: int, n_years: int, paths: int, block: int
) -> np.ndarray:
    """[T, N] data-year indices made of runs of ``block`` consecutive years."""
    n_blocks = -(-n_years // block)
    starts = rng.integers(0, n_data - block + 1, size=(n_blocks, paths))
    runs = starts[:, None, :] + np.arange(block)[None, :, None]  # [B, block, N]
    return runs.reshape(n_blocks * block, paths)[:n_years]


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error below 1.5e-7)."""
    s = np.abs(x) / math.sqrt(2)
    t = 1 / (1 + 0.3275911 * s)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                          + t * 1.061405429))))
    erf = 1 - poly * np.exp(-s * s)
    return np.asarray(0.5 * (1 + np.sign(x) * erf))
