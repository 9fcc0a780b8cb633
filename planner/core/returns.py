"""Return models: yearly asset returns and inflation for every path.

A model yields ``Scenario(returns [T, 4, N], inflation [T, N])`` with asset classes in the
order of ``ASSET_CLASSES`` (stocks, bonds, cash, crypto). Monte Carlo and historical models
share that shape, so the engine has a single implementation for all of them.

The expected model is one path on which every account grows at the *median* rate of its
yearly-rebalanced mix: the mix's mean return less its volatility drag, from the plan's mean
returns, volatilities and correlations (lognormal moments). Compounding mean returns for
decades would overstate the typical outcome, and compounding each asset's own median would
ignore what rebalancing a volatile sleeve such as crypto does; the mix's median does neither.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.model import ASSET_CLASSES, Plan

# Bounds on one year's inflation in every scenario. The price index is the product of
# (1 + inflation) over the years, so a year at or below -100% would make it zero or negative
# (and every "today's dollars" figure infinite or of the wrong sign); a huge draw would
# overflow it. The shipped history's lowest year is -14% (1878) and its highest +20%
# (1918), so these bounds never touch history or an ordinary plan: they only stop an
# extreme draw (a large inflation volatility, a stress test, a person's own series) from
# breaking the index. A floor of -50% keeps the index above 0.5**T after T years.
INFLATION_FLOOR = -0.5
INFLATION_CEILING = 10.0


def bounded_inflation(inflation: np.ndarray) -> np.ndarray:
    """``inflation`` with every year inside [INFLATION_FLOOR, INFLATION_CEILING] (NaN too:
    the floor); the same array when nothing is outside."""
    inflation = np.asarray(inflation)  # its own dtype: history is stored as float32
    inside = (inflation >= INFLATION_FLOOR) & (inflation <= INFLATION_CEILING)
    if inside.all():
        return inflation
    bounded = np.clip(np.nan_to_num(inflation, nan=INFLATION_FLOOR), INFLATION_FLOOR,
                      INFLATION_CEILING)
    return np.asarray(bounded.astype(inflation.dtype, copy=False))


@dataclass(frozen=True)
class Scenario:
    returns: np.ndarray  # [T, 4, N] nominal yearly returns (decimals)
    inflation: np.ndarray  # [T, N], within the bounds above (applied on construction)
    labels: tuple[str, ...] = ()  # optional per-path labels (e.g. historical start years)
    notes: tuple[str, ...] = ()
    # Fixed yearly growth per account ([A], or [T, A] when a stress test changes some years)
    account_rates: np.ndarray | None = None
    groups: np.ndarray | None = None  # [N] historical: the crypto alignment of each path

    def __post_init__(self) -> None:
        # Every model and every stress test builds its Scenario here: one guard for all.
        object.__setattr__(self, "inflation", bounded_inflation(self.inflation))

    @property
    def n_paths(self) -> int:
        return int(self.inflation.shape[1])

    def paths(self, part: slice) -> Scenario:
        """The scenario of the paths in ``part`` (views, no copies)."""
        return Scenario(returns=self.returns[:, :, part], inflation=self.inflation[:, part],
                        labels=self.labels[part], notes=self.notes,
                        account_rates=self.account_rates,
                        groups=None if self.groups is None else self.groups[part])

    def account_growth(self, t: int, alloc: np.ndarray) -> np.ndarray:
        """[A, N] return of each account in year t (rebalanced to ``alloc`` [A, 4])."""
        if self.account_rates is not None:
            rates = self.account_rates if self.account_rates.ndim == 1 else self.account_rates[t]
            return np.repeat(rates[:, None], self.n_paths, axis=1)
        return np.asarray(alloc @ self.returns[t])


def asset_covariance(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(means [4], covariance [4, 4]) of yearly simple returns, lognormal moments.

    Crypto's correlation with bonds and cash follows from its tie to stocks.
    """
    means, sig = asset_moments(plan)
    corr = np.eye(4)
    corr[:3, :3] = np.array(plan.assumptions.correlation, dtype=float)[:3, :3]
    rho = plan.simulation.crypto_stock_correlation
    corr[3, :3] = corr[:3, 3] = rho * corr[0, :3]
    cov = np.outer(1 + means, 1 + means) * np.expm1(corr * np.outer(sig, sig))
    return means, cov


def asset_moments(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(mean yearly returns [4], log-return volatilities [4]); crypto's mean is the one its
    outlook implies (planner.core.outlooks.implied_mean)."""
    from planner.core.outlooks import implied_mean

    a = plan.assumptions
    classes = [a.asset(name) for name in ASSET_CLASSES[:3]]
    means = [c.expected_return for c in classes]
    means.append(implied_mean(a.crypto, plan.simulation.crypto_t_dof))
    sig = [c.volatility for c in classes] + [a.crypto.volatility]
    return np.array(means), np.array(sig)


def median_growth(plan: Plan, alloc: np.ndarray) -> np.ndarray:
    """Median yearly return of each mix in ``alloc`` [A, 4], rebalanced every year."""
    means, cov = asset_covariance(plan)
    mean = alloc @ means
    var = np.einsum("ai,ij,aj->a", alloc, cov, alloc)
    return np.asarray((1 + mean) / np.sqrt(1 + var / (1 + mean) ** 2) - 1)


def expected_scenario(plan: Plan, n_years: int) -> Scenario:
    """One path: each account at its mix's median growth; inflation as assumed."""
    a = plan.assumptions
    means, _ = asset_moments(plan)
    returns = np.broadcast_to(means[None, :, None], (n_years, len(ASSET_CLASSES), 1)).copy()
    inflation = np.full((n_years, 1), a.inflation_rate)
    alloc = np.array([acct.allocation.as_tuple() for acct in plan.accounts], float).reshape(-1, 4)
    return Scenario(returns=returns, inflation=inflation, account_rates=median_growth(plan, alloc))
