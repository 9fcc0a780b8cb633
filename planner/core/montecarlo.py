"""Monte Carlo and historical scenarios: yearly returns for every path, drawn at once.

Monte Carlo (parametric): stocks, bonds and cash are lognormal with the plan's mean returns
and log-return volatilities (log mean = ln(1+mean) - vol^2/2, so draws average to the mean);
inflation is normal; the four are correlated through the plan's correlation matrix
(defaults estimated from 1926-2024). Or, instead, a block bootstrap of consecutive
historical years keeps history's own joint behaviour.
Crypto: fat-tailed log returns, Student-t (clipped at CRYPTO_CLIP standard deviations) or
Bitcoin's own yearly log returns rescaled to the plan's volatility, shifted so that the
mean yearly return is the plan's; tied to stocks through a Gaussian copula.
Historical: every rolling window of consecutive years that fits in the data.
Every draw comes from one numpy Generator seeded by the caller: same seed, same result.
"""

from __future__ import annotations

import math

import numpy as np

from planner.core.errors import PlanError, Problem
from planner.core.market import MarketHistory, btc_returns, us_market
from planner.core.model import CryptoModel, MarketDraws, Plan
from planner.core.returns import Scenario

_BOND_NAMES = {"treasury-10y": "10-year Treasuries",
               "corporate-baa": "Baa corporate bonds from 1928"}
# Standard deviations; a draw beyond is treated as this extreme. Bitcoin's 2015-2025 yearly
# log returns all lie within 2 of their mean; 3 keeps draws near history's range (about
# -98% to +1,600% a year with the default 109% volatility) while leaving room for worse years.
CRYPTO_CLIP = 3.0


def monte_carlo_scenario(plan: Plan, n_years: int, paths: int, seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    a = plan.assumptions
    sim = plan.simulation
    if sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP:
        history = _history(plan, n_years=sim.block_years)
        idx = _block_indices(rng, len(history.years), n_years, paths, sim.block_years)
        assets = history.asset_matrix()[idx]  # [T, N, 3]
        inflation = history.inflation[idx]
        logs = np.log1p(history.stocks)
        z_stocks = (np.log1p(assets[..., 0]) - logs.mean()) / logs.std(ddof=1)
        note = (f"Monte Carlo: {sim.block_years}-year blocks of history "
                f"{history.years[0]}-{history.years[-1]}, drawn with seed {seed}.")
    else:
        corr = np.array(a.correlation, dtype=float)
        chol = np.linalg.cholesky(corr)
        z = rng.standard_normal((n_years, paths, 4)) @ chol.T
        sigma = np.array([a.stocks.volatility, a.bonds.volatility, a.cash.volatility])
        means = np.array([a.stocks.expected_return, a.bonds.expected_return,
                          a.cash.expected_return])
        mu = np.log1p(means) - sigma**2 / 2
        assets = np.expm1(mu + sigma * z[..., :3])
        inflation = a.inflation_rate + a.inflation_volatility * z[..., 3]
        z_stocks = z[..., 0]
        note = f"Monte Carlo: correlated lognormal returns, {paths:,} paths, seed {seed}."
    crypto = crypto_returns(plan, rng, z_stocks)
    returns = np.concatenate([assets, crypto[..., None]], axis=2).transpose(0, 2, 1)
    return Scenario(returns=np.ascontiguousarray(returns), inflation=inflation,
                    notes=(note, _crypto_note(plan)))


def historical_scenario(plan: Plan, n_years: int, seed: int) -> Scenario:
    history = _history(plan, n_years)
    starts = np.arange(len(history.years) - n_years + 1)
    idx = starts[None, :] + np.arange(n_years)[:, None]  # [T, N]
    assets = history.asset_matrix()[idx]
    logs = np.log1p(history.stocks)
    z_stocks = (np.log1p(assets[..., 0]) - logs.mean()) / logs.std(ddof=1)
    crypto = crypto_returns(plan, np.random.default_rng(seed), z_stocks)
    returns = np.concatenate([assets, crypto[..., None]], axis=2).transpose(0, 2, 1)
    labels = tuple(str(int(history.years[s])) for s in starts)
    first, last = int(history.years[0]), int(history.years[-1])
    notes = (
        f"Historical: {len(starts)} windows of {n_years} consecutive years from {first}-{last} "
        f"(US stocks, {_BOND_NAMES[str(plan.simulation.history_bonds)]}, T-bills, CPI).",
        "Bitcoin has only about 15 years of history, so in historical mode the crypto sleeve "
        f"uses seeded synthetic returns (seed {seed}): {_crypto_note(plan)}",
    )
    return Scenario(returns=np.ascontiguousarray(returns), inflation=history.inflation[idx],
                    labels=labels, notes=notes)


def crypto_returns(plan: Plan, rng: np.random.Generator, z_stocks: np.ndarray) -> np.ndarray:
    """Crypto yearly returns [T, N], correlated with the stock draws through z_stocks."""
    sim = plan.simulation
    rho = sim.crypto_stock_correlation
    z = rho * z_stocks + math.sqrt(1 - rho * rho) * rng.standard_normal(z_stocks.shape)
    mean = plan.assumptions.crypto.expected_return
    sigma = plan.assumptions.crypto.volatility
    if sim.crypto_model is CryptoModel.BOOTSTRAP:
        _, btc = btc_returns()
        residuals = np.sort(np.log1p(btc) - np.log1p(btc).mean())
        residuals *= sigma / residuals.std(ddof=1)  # keep the plan's volatility
        pick = np.minimum((normal_cdf(z) * len(residuals)).astype(int), len(residuals) - 1)
        mu = math.log1p(mean) - math.log(float(np.exp(residuals).mean()))
        return np.asarray(np.expm1(mu + residuals[pick]))
    dof = sim.crypto_t_dof
    t = z * np.sqrt(dof / rng.chisquare(dof, z.shape))
    unit = np.clip(t * math.sqrt((dof - 2) / dof), -CRYPTO_CLIP, CRYPTO_CLIP)
    mu = math.log1p(mean) - math.log(clipped_t_mgf(sigma, dof))
    return np.asarray(np.expm1(mu + sigma * unit))


def clipped_t_mgf(sigma: float, dof: float, clip: float = 0.0) -> float:
    """E[exp(sigma * U)] for U a unit-variance Student-t clipped at +-clip (numerically).

    The exponential of an unclipped Student-t has no mean, which is why draws are clipped;
    this expectation sets the log mean so that the yearly returns average to the plan's.
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


def _crypto_note(plan: Plan) -> str:
    sim = plan.simulation
    c = plan.assumptions.crypto
    shape = (f"Student-t with {sim.crypto_t_dof:g} degrees of freedom"
             if sim.crypto_model is CryptoModel.STUDENT_T
             else "Bitcoin's 2015-2025 yearly log returns, re-centred")
    return (f"crypto: {shape}, mean {c.expected_return:.1%}, volatility {c.volatility:.0%}, "
            f"correlation {sim.crypto_stock_correlation:.2f} with stocks.")


def _history(plan: Plan, n_years: int) -> MarketHistory:
    sim = plan.simulation
    history = us_market(str(sim.history_bonds)).window(sim.history_first, sim.history_last)
    if len(history.years) < n_years:
        span = f"{history.years[0]}-{history.years[-1]}" if len(history.years) else "empty"
        raise PlanError(
            f"the historical data window ({span}, {len(history.years)} years) is shorter "
            f"than the {n_years} years needed",
            [Problem("simulation.history_first",
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
