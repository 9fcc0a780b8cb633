"""Income limits on IRAs: the traditional IRA deduction and the Roth IRA contribution.

Rules and sources: resources/data/planner_rules.json ("ira_income_limits") and the yearly
phase-out ranges in us_rules.json. Both limits shrink linearly across a range of modified
AGI: the yearly limit times (top - MAGI) / (top - bottom), rounded up to $10, at least $200
if not zero. The deduction is limited only for an active participant in a workplace plan
(or a spouse of one, over a higher range); the Roth limit applies to everyone, less the
year's traditional IRA contributions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.core.rules import BASE_YEARS, LAST_BASE_YEAR, Rules

Range = tuple[float, float]


@dataclass(frozen=True)
class IraRanges:
    """Phase-out ranges of one year, in that year's dollars."""

    deduction_single_covered: Range
    deduction_joint_covered: Range
    deduction_joint_spouse_covered: Range
    roth_single: Range
    roth_joint: Range
    round_up: float
    minimum: float


def ira_ranges(rules: Rules, year: int, inflation: float) -> IraRanges:
    base = min(max(year, BASE_YEARS[0]), LAST_BASE_YEAR)
    ra = rules.data[str(base)]["retirement_accounts"]
    rule = rules.extra["ira_income_limits"]
    growth = (1.0 + inflation) ** max(year - LAST_BASE_YEAR, 0)
    step = float(rule["range_rounding"])

    def indexed(pair: list[float]) -> Range:
        if growth == 1.0:
            return float(pair[0]), float(pair[1])
        lo = math.floor(pair[0] * growth / step) * step
        width = float(pair[1]) - float(pair[0])  # the statute keeps the width fixed
        return float(lo), float(lo + width)

    ded = ra["traditional_ira_deduction_phase_out"]
    roth = ra["roth_ira_magi_phase_out"]
    return IraRanges(
        deduction_single_covered=indexed(ded["single_covered_by_workplace_plan"]),
        deduction_joint_covered=indexed(ded["mfj_contributor_covered"]),
        deduction_joint_spouse_covered=indexed(ded["mfj_contributor_not_covered_spouse_covered"]),
        roth_single=indexed(roth["single_or_hoh"]),
        roth_joint=indexed(roth["married_filing_jointly"]),
        round_up=float(rule["round_up_to"]),
        minimum=float(rule["minimum_if_not_zero"]),
    )


def reduced_limit(limit: float, magi: np.ndarray, lo: np.ndarray | float,
                  hi: np.ndarray | float, r: IraRanges) -> np.ndarray:
    """[N] the limit after the phase-out (IRC 219(g)(2)): rounded up to $10, $200 floor."""
    share = np.clip((np.asarray(hi) - magi) / np.maximum(np.asarray(hi) - np.asarray(lo), 1.0),
                    0.0, 1.0)
    cut = np.ceil(limit * share / r.round_up - 1e-9) * r.round_up
    cut = np.where((cut > 0) & (cut < r.minimum), r.minimum, cut)
    return np.asarray(np.minimum(cut, limit))


def deductible(r: IraRanges, limit: float, contribution: np.ndarray, magi: np.ndarray,
               joint: np.ndarray, covered: np.ndarray, spouse_covered: np.ndarray) -> np.ndarray:
    """[N] deductible part of one person's traditional IRA ``contribution`` [N]."""
    full = np.full_like(magi, np.inf)
    s_lo, s_hi = r.deduction_single_covered
    j_lo, j_hi = r.deduction_joint_covered
    o_lo, o_hi = r.deduction_joint_spouse_covered
    lo = np.where(joint, np.where(covered, j_lo, o_lo), s_lo)
    hi = np.where(joint, np.where(covered, j_hi, o_hi), s_hi)
    limited = covered | (joint & spouse_covered)
    allowed = np.where(limited, reduced_limit(limit, magi, lo, hi, r), full)
    return np.asarray(np.minimum(contribution, allowed))


def roth_allowed(r: IraRanges, limit: float, contribution: np.ndarray, traditional: np.ndarray,
                 magi: np.ndarray, joint: np.ndarray) -> np.ndarray:
    """[N] the part of one person's Roth IRA ``contribution`` the income limit allows."""
    lo = np.where(joint, r.roth_joint[0], r.roth_single[0])
    hi = np.where(joint, r.roth_joint[1], r.roth_single[1])
    room = np.maximum(reduced_limit(limit, magi, lo, hi, r) - traditional, 0.0)
    return np.asarray(np.minimum(contribution, room))
