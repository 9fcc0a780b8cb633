"""Figures recomputed straight from a Result's raw arrays (balances, flows, price index and
deaths), never through its helpers, so a test can catch a helper that goes wrong."""

from __future__ import annotations

import numpy as np

from planner.core.result import Result


def last_years(r: Result) -> np.ndarray:
    """[N] index of the year of the last death on each path."""
    return np.asarray(r.death_t.max(axis=0))


def estates_real(r: Result) -> np.ndarray:
    """[N] the accounts at the end of the last death's year, in today's dollars."""
    end = last_years(r)
    paths = np.arange(r.balances.shape[1])
    return np.asarray(r.balances.sum(axis=0)[paths, end] / r.price_index[paths, end + 1])


def median_path(r: Result) -> int:
    """The path with the median estate in today's dollars (the lower one of an even count)."""
    estate = estates_real(r)
    return int(np.argsort(estate, kind="stable")[(len(estate) - 1) // 2])


def real(r: Result, key: str, n: int) -> np.ndarray:
    """[T] a flow of path n in today's dollars."""
    return np.asarray(r.flows[key][n] / r.price_index[n, :-1])
