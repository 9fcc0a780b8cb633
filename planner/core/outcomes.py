"""Outcomes a person reads off a result beyond the success rate.

- ``start_years``: in historical mode, every start year with what happened to it (lasted, or
  ran out at an age; the lowest balance in retirement; the estate), the way cFIREsim and
  FI Calc list them. With crypto, a start year is run once per alignment of Bitcoin's years;
  its row then gives the share of alignments that lasted and the medians over them.
- ``spending_range``: the spending actually delivered in each retired year (10th, 50th and
  90th percentile over paths, today's dollars) against the household's own goal, and the
  share of retired years spent below that goal. A withdrawal strategy (guardrails, VPW...)
  never "fails" by running short: it cuts spending instead, so success alone would show a
  plan that cut a $95k goal to $50k as green. This says what the spending did.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from planner.core.model import Strategy
from planner.core.result import SPENDING_TARGET, Result

# A year counts as "below the goal" when it delivers less than this share of it: a dollar of
# rounding is not a cut.
BELOW_GOAL = 0.995


@dataclass(frozen=True)
class StartYear:
    start_year: int  # the first data year of the window
    runs: int  # paths with this start year (Bitcoin alignments; 1 without crypto)
    lasted: float  # share of them that funded every year (1.0 or 0.0 without crypto)
    ran_out_age: int | None  # median age in the first unfunded year over those that ran out
    lowest_balance: float  # today's dollars: lowest end-of-year total from retirement (median)
    final_balance: float  # today's dollars: the estate (median)


def start_years(result: Result) -> list[StartYear]:
    """One row per historical start year, oldest first ([] for other modes)."""
    if result.mode != "historical" or not result.path_labels:
        return []
    labels = np.array([int(x) for x in result.path_labels])
    ages = result.depletion_ages()
    lowest = _lowest_in_retirement(result)
    estate = result.estate_real
    rows = []
    for year in np.unique(labels):
        idx = np.flatnonzero(labels == year)
        out = ages[idx][ages[idx] >= 0]
        rows.append(StartYear(
            start_year=int(year),
            runs=int(idx.size),
            lasted=float((ages[idx] < 0).mean()),
            ran_out_age=int(np.median(out)) if out.size else None,
            lowest_balance=float(np.median(lowest[idx])),
            final_balance=float(np.median(estate[idx])),
        ))
    return rows


def _lowest_in_retirement(result: Result) -> np.ndarray:
    """[N] the lowest end-of-year total (today's dollars) from the retirement year to each
    path's end (the whole plan for a household retired already)."""
    first = int(np.clip(result.plan.retirement_year - int(result.years[0]), 0,
                        result.n_years - 1))
    real = result.total_balance_real
    years = np.arange(result.n_years)[None, :]
    inside = (years >= first) & (years <= result.end_index[:, None])
    return np.asarray(np.where(inside, real, np.inf).min(axis=1))


@dataclass(frozen=True)
class SpendingRange:
    """Spending delivered in retirement, today's dollars (NaN outside retirement)."""

    years: np.ndarray  # [T] calendar years
    p10: np.ndarray  # [T]
    p50: np.ndarray  # [T]
    p90: np.ndarray  # [T]
    goal: np.ndarray  # [T] the household's goal (median over paths; one-offs included)
    share_below_goal: float  # of retired path-years, those delivering under the goal
    paths_below_goal: float  # share of paths with at least one such year
    lowest_p10: float  # the lowest 10th percentile of any retired year
    # The lowest 10th percentile of any retired year's spending as a share of that year's
    # goal: planned cuts (a later phase, the survivor's change) are not a fall.
    lowest_share_p10: float
    first_retired: int  # index of the first retired year
    strategy: Strategy
    paths: int = 1  # paths behind the percentiles (1: the expected path, all equal)

    @property
    def is_strategy(self) -> bool:
        return self.strategy is not Strategy.FIXED


def spending_range(result: Result) -> SpendingRange | None:
    """The delivered-spending range, or None when the plan never reaches retirement."""
    first = result.plan.retirement_year - int(result.years[0])
    if first >= result.n_years:
        return None
    first = max(first, 0)
    delivered = result.real_flow("spending_delivered")
    target = result.real_flow(SPENDING_TARGET)
    years = np.arange(result.n_years)[None, :]
    retired = (years >= first) & (years <= result.end_index[:, None])
    shown = result.running(np.where(retired, delivered, np.nan))
    bands = np.full((3, result.n_years), np.nan)
    with warnings.catch_warnings():  # years nobody reaches are all-NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        bands[:, :shown.shape[1]] = np.nanpercentile(shown, (10, 50, 90), axis=0)
        goal = np.nanmedian(np.where(retired, target, np.nan), axis=0)
    below = retired & (delivered < BELOW_GOAL * target)
    p10 = bands[0, first:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        share = np.where(retired & (target > 0), delivered / np.where(target > 0, target, 1.0),
                         np.nan)
        share_p10 = np.nanpercentile(result.running(share), 10, axis=0)
    return SpendingRange(
        years=result.years.copy(), p10=bands[0], p50=bands[1], p90=bands[2], goal=goal,
        share_below_goal=float(below.sum() / max(retired.sum(), 1)),
        paths_below_goal=float(below.any(axis=1).mean()),
        lowest_p10=float(np.nanmin(p10)) if np.isfinite(p10).any() else 0.0,
        lowest_share_p10=(float(np.nanmin(share_p10)) if np.isfinite(share_p10).any()
                          else 1.0),
        first_retired=first,
        strategy=result.plan.spending.strategy,
        paths=result.n_paths,
    )


# The last result's range: the summary, the Spending chart and its hover (on every mouse move)
# all ask, and the percentiles over thousands of paths are worth computing once (a strong
# reference, compared by identity).
_last: tuple[Result, SpendingRange | None] | None = None


def delivered_range(result: Result) -> SpendingRange | None:
    """``spending_range(result)``, remembered for the last result asked about."""
    global _last
    last = _last
    if last is not None and last[0] is result:
        return last[1]
    found = spending_range(result)
    _last = (result, found)
    return found
