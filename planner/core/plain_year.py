"""The year of a plain plan: a portfolio that pays a spending goal, and nothing else.

A plan is plain when taxes are off and nothing but the portfolio and the goal moves money:
no pay, contributions, other income, money received once, Social Security, health costs,
RMDs (no traditional account), HSA, conversions or early-withdrawal penalty, a fixed
spending goal, and nobody dies before the plan ends. That is the classic historical
question (the Trinity study, cFIREsim): for it the full year's steps compute dozens of
arrays of zeros and solve a tax that is zero, which costs most of the run.

``plain_year`` does the same arithmetic as the full year, in the same order, leaving out
only terms that are exactly zero (adding or subtracting +0.0 changes no bit of a result,
and every quantity left out is +0.0), so that the figures are bit-identical to the full
year's (tests/core/test_golden_outputs.py runs such a plan both ways).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.cashflow import _withdraw
from planner.core.draws import DrawPlan, draw_plan
from planner.core.model import AccountKind, WithdrawalOrder
from planner.core.run_state import Context, Ledger, dividends_and_interest, taxable_gain_share


@dataclass(frozen=True)
class PlainFlows:
    """What a plain year records ([N] each; withdrawals [A, N]); every other flow is 0."""

    withdrawals: np.ndarray
    goal: np.ndarray  # the spending goal (planned and the household's own target)
    dividends: np.ndarray
    interest: np.ndarray
    gains: np.ndarray  # realised gains and qualified dividends
    income: np.ndarray  # the measured income (AGI and taxable income, taxes being off)
    shortfall: np.ndarray
    saved: np.ndarray
    surplus_spent: np.ndarray


def plain_draws(ctx: Context) -> DrawPlan | None:
    """The draw plan of every year when the run's plan is plain (see the module), or None
    when it is not (the full year applies)."""
    plan, s = ctx.plan, ctx.schedule
    h = s.health
    plain = (
        not ctx.taxes_on and ctx.rule is None
        and plan.taxes.withdrawal_order is not WithdrawalOrder.BRACKET_FILLING
        and all(k is AccountKind.TAXABLE or k.is_roth for k in ctx.kinds)
        and not s.streams
        and int(ctx.deaths.death_t.min()) >= len(s.years) - 1
        and not any(np.any(x) for x in (
            s.salary, s.contributions, s.employer_match, s.pretax_deferrals, s.roth_match,
            s.hsa_payroll, s.penalty_rate, s.inflows.amount, s.inflows.ordinary,
            s.inflows.gains, s.benefits.own, s.benefits.spousal, s.conversions_real,
            s.one_offs_real, h.aca_months, h.out_of_pocket))
        and not (h.medicare_months.any() and (h.medicare_monthly.any() or ctx.irmaa_on))
    )
    # An HSA's medical cap and the bracket's headroom are the only parts of a draw plan that
    # change from year to year, and a plain plan has neither.
    return draw_plan(ctx.kinds, plan.taxes.withdrawal_order) if plain else None


def plain_year(ctx: Context, order: DrawPlan, led: Ledger, t: int) -> PlainFlows:
    """Year t of a plain plan up to its growth: the taxable accounts' income is reinvested,
    the goal is withdrawn in the plan's order (no tax: one pass solves it), the rest saved."""
    p_now = led.price[:, t]
    dividends, interest = dividends_and_interest(ctx, led, led.bal)
    gain_share = taxable_gain_share(ctx, led)
    goal = ctx.schedule.spending_real[t] * p_now
    w = order.draw(led.bal, np.minimum(np.maximum(goal, 0), led.bal.sum(axis=0)))
    realised = (w[ctx.taxable_idx] * gain_share[ctx.taxable_idx]).sum(axis=0)
    gains = realised + dividends
    net = w.sum(axis=0) - goal
    _withdraw(ctx, led, w)
    surplus = np.maximum(net, 0)  # what np.clip(net, 0, None) computes, with less overhead
    zero = np.zeros_like(surplus)
    kept = ctx.surplus_to is not None
    return PlainFlows(withdrawals=w, goal=goal, dividends=dividends, interest=interest,
                      gains=gains, income=np.asarray(interest + gains),
                      shortfall=np.maximum(-net, 0), saved=surplus if kept else zero,
                      surplus_spent=zero if kept else surplus)
