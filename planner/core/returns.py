"""Return models: yearly asset returns and inflation for every path.

A model yields ``Scenario(returns [T, 4, N], inflation [T, N])`` with asset classes in the
order of ``ASSET_CLASSES`` (stocks, bonds, cash, crypto). The expected model is one path at
the plan's mean returns; Monte Carlo and historical models share the same shape, so the
engine has a single implementation for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.model import ASSET_CLASSES, Plan


@dataclass(frozen=True)
class Scenario:
    returns: np.ndarray  # [T, 4, N] nominal yearly returns (decimals)
    inflation: np.ndarray  # [T, N]
    labels: tuple[str, ...] = ()  # optional per-path labels (e.g. historical start years)
    notes: tuple[str, ...] = ()

    @property
    def n_paths(self) -> int:
        return int(self.inflation.shape[1])


def expected_scenario(plan: Plan, n_years: int) -> Scenario:
    """One path: every year earns each asset class's mean return; inflation as assumed."""
    a = plan.assumptions
    means = np.array([a.asset(name).expected_return for name in ASSET_CLASSES])
    returns = np.broadcast_to(means[None, :, None], (n_years, len(ASSET_CLASSES), 1)).copy()
    inflation = np.full((n_years, 1), a.inflation_rate)
    return Scenario(returns=returns, inflation=inflation)
