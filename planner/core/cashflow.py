"""A year's cash flow: income pays taxes, the employee's contributions and the spending goal;
a surplus is saved, a shortfall withdrawn from the accounts with the tax it creates.

In every year, on every path, to the cent:

    income - taxes - contributions - spending = saved - withdrawn

where income is everything received (pay, other income, money received once, benefits),
taxes are federal, state and payroll tax and early-withdrawal penalties, contributions are
the employee's own (the employer's match is not cash of the household), spending is the
goal actually funded plus health care (premiums less the premium tax credit, IRMAA,
out-of-pocket costs) and a surplus when there is no taxable account to save it in, and
withdrawals include RMDs (a Roth conversion
moves money between accounts and is not cash). Withdrawals follow the plan's order; their
tax raises what must be withdrawn, so the amount is solved by secant steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.core.draws import DrawPlan, draw_plan
from planner.core.health import HealthYear
from planner.core.household import YearHousehold
from planner.core.income_streams import YearIncome
from planner.core.model import Strategy, WithdrawalOrder
from planner.core.payroll import PayrollTax
from planner.core.run_state import Context, Ledger
from planner.core.year_tax import YearTax, YearTaxes

MAX_TAX_ITERATIONS = 40
TAX_TOLERANCE = 0.01  # dollars
# With fewer paths, recomputing every path is cheaper than picking out the unconverged ones.
SUBSET_FROM = 2_000


class Income:
    """The year's income on every path (nominal [N] unless noted)."""

    def __init__(self, *, salary: np.ndarray, streams: YearIncome, inflow: np.ndarray,
                 other_ordinary: np.ndarray, inflow_gains: np.ndarray,
                 social_security: np.ndarray, payroll: PayrollTax, pretax: np.ndarray) -> None:
        self.salary = salary
        self.streams = streams
        self.inflow = np.asarray(inflow) * np.ones_like(salary)
        self.other_ordinary = other_ordinary  # taxable part of inflows, a Roth match
        self.inflow_gains = inflow_gains
        self.social_security = social_security
        self.payroll = payroll
        self.pretax = pretax  # [P, N] pre-tax deferrals (traditional 401(k), HSA)
        self.dividends = np.zeros_like(salary)  # set with the year's tax
        self.interest = np.zeros_like(salary)

    @property
    def cash(self) -> np.ndarray:
        """Everything received this year that can be spent."""
        return np.asarray(self.salary + self.streams.total + self.inflow + self.social_security)


@dataclass(frozen=True)
class YearFlows:
    withdrawals: np.ndarray  # [A, N] gross, RMDs included
    taxes: YearTaxes  # income tax and penalties at those withdrawals
    payroll: np.ndarray  # [N]
    goal: np.ndarray  # [N] spending goal with one-offs
    target: np.ndarray  # [N] the household's own goal with one-offs (a strategy may differ)
    health: HealthYear  # premiums (before the credit, which is in ``taxes``) and costs
    contributions: np.ndarray  # [N] the employee's own
    shortfall: np.ndarray  # [N] what could not be funded
    saved: np.ndarray  # [N] surplus saved
    surplus_spent: np.ndarray  # [N] surplus with no taxable account to go to: spent

    @property
    def withdrawn(self) -> np.ndarray:
        return np.asarray(self.withdrawals.sum(axis=0))

    @property
    def all_taxes(self) -> np.ndarray:
        return np.asarray(self.taxes.total + self.payroll)

    @property
    def spending(self) -> np.ndarray:
        """Spending paid: the goal and health care after the premium credit, less what
        could not be funded, plus a surplus that had nowhere to be saved."""
        return np.asarray(self.goal + self.health.fixed - self.taxes.premium_credit
                          - self.shortfall + self.surplus_spent)


def settle(ctx: Context, led: Ledger, home: YearHousehold, income: Income,
           contributions: np.ndarray, rmd: np.ndarray, tax_of: YearTax,
           health: HealthYear) -> YearFlows:
    """Fund the year: withdraw what income does not cover (and its tax), save the rest.
    Withdrawals leave the ledger's balances; their basis follows."""
    plan, s, t = ctx.plan, ctx.schedule, home.t
    p_now = led.price[:, t]
    retired = bool(s.household_retired[t])
    room = led.bal - rmd
    headroom = None
    if plan.taxes.withdrawal_order is WithdrawalOrder.BRACKET_FILLING:
        top = tax_of.bracket_top(plan.taxes.fill_bracket_rate)
        headroom = np.maximum(top - tax_of(rmd).bracket_position, 0.0)
    medical = np.asarray(tax_of.hsa_medical) * np.ones_like(p_now)
    order = draw_plan(ctx.kinds, plan.taxes.withdrawal_order, medical if retired else None,
                      headroom)
    one_offs = s.one_offs_real[t] * p_now
    spend_factor = np.where(home.widowed, 1 + plan.spending.survivor_change, 1.0)
    cash_in = income.cash
    payroll = income.payroll.total
    tax_base = np.zeros_like(p_now)
    target = (_spending_level(ctx, home, retired) * p_now * spend_factor + one_offs) * home.active
    if not retired or ctx.rule is None:
        goal = target
    else:
        # A withdrawal strategy sets the portfolio's gross withdrawal: its tax (and any
        # payroll tax) comes out of it and the rest, with the year's regular income, is
        # spent. One-offs and health care are withdrawn on top, with the extra tax they cause;
        # money received once is not spent but lowers the withdrawal (the rest is saved).
        last_infl = ctx.scenario.inflation[t - 1] if t > 0 else np.zeros_like(p_now)
        gross = ctx.rule.amount(t, led.bal, p_now, led.last_return, last_infl) * spend_factor
        gross = gross * home.active
        tax_base = tax_of(_gross_draw(room, rmd, order, gross)).due
        regular = cash_in - income.inflow
        goal = (np.maximum(gross - tax_base - payroll + regular - contributions, 0)
                + one_offs * home.active)
        tax_base = np.zeros_like(p_now)
    costs = health.fixed
    need = goal + costs + contributions + payroll - cash_in
    w, taxes = _solve_withdrawals(room, rmd, order, need, tax_of, tax_base)
    cash_out = goal + costs + contributions + payroll + taxes.due
    net = cash_in + w.sum(axis=0) - cash_out
    if retired and ctx.plan.spending.strategy in SHARE_RULES:
        # A rule that spends a share of what is there (VPW empties the accounts by design
        # in the last year) spends what is left once health care, one-offs and taxes are
        # paid: when the accounts fall short, its own spending is cut first.
        cut = np.minimum(np.clip(-net, 0, None), np.maximum(goal - one_offs * home.active, 0))
        goal, net = goal - cut, net + cut
    _withdraw(ctx, led, w)
    surplus = np.clip(net, 0, None)
    kept = ctx.surplus_to is not None
    return YearFlows(withdrawals=w, taxes=taxes, payroll=payroll, goal=goal, target=target,
                     health=health,
                     contributions=contributions, shortfall=np.clip(-net, 0, None),
                     saved=surplus if kept else np.zeros_like(surplus),
                     surplus_spent=np.zeros_like(surplus) if kept else surplus)


# Withdrawal rules that spend a share of the balance: they cannot run out on their own.
SHARE_RULES = frozenset({Strategy.VPW, Strategy.RMD, Strategy.CONSTANT_PERCENT})


def _spending_level(ctx: Context, home: YearHousehold, retired: bool) -> np.ndarray | float:
    """The year's goal in today's dollars: the schedule's, unless a death changed it on
    some paths: every earner left is retired (one died before retiring), or the household's
    phases, which start when the first of the two reaches an age, count only the ages the
    deceased reached alive."""
    s, t = ctx.schedule, home.t
    level: np.ndarray | float = s.spending_real[t]
    if home.everyone_alive:
        return level
    if not retired:
        done = (~home.alive | ~s.working[:, t][:, None]).all(axis=0)
        level = np.where(done, s.spending_retired[t], level)
        retired_now = done
    else:
        retired_now = np.ones(home.alive.shape[1], dtype=bool)
    if ctx.plan.spending.phase_person is None and s.phases and home.alive.shape[0] == 2:
        # The household's age: the oldest age anyone reached alive (the deceased's stops).
        last = np.clip(ctx.deaths.death_t, 0, s.ages.shape[1] - 1)
        reached = np.where(home.alive, s.ages[:, t][:, None],
                           np.take_along_axis(s.ages, last, axis=1))
        level = np.where(retired_now & home.widowed, s.phase_goal(reached.max(axis=0)), level)
    return level


def _withdraw(ctx: Context, led: Ledger, w: np.ndarray) -> None:
    """Withdrawals leave; basis follows (pro rata in taxable accounts and traditional IRAs,
    contributions first in Roth accounts)."""
    for a in ctx.taxable_idx + ctx.trad_ira_idx:
        held = led.bal[a]
        led.basis[a] -= led.basis[a] * np.where(held > 0, w[a] / np.maximum(held, 1e-9), 0)
    for a in ctx.roth_idx:
        led.basis[a] = np.clip(led.basis[a] - w[a], 0, None)
    led.bal -= w


def _gross_draw(room: np.ndarray, rmd: np.ndarray, order: DrawPlan,
                gross: np.ndarray) -> np.ndarray:
    """Withdrawals [A, N] that make up ``gross``: RMDs count first, the order does the rest."""
    rmd_total = rmd.sum(axis=0)
    scale = np.where(rmd_total > gross, gross / np.maximum(rmd_total, 1e-9), 1.0)
    return np.asarray(rmd * scale + order.draw(room, np.maximum(gross - rmd_total, 0)))


def _solve_withdrawals(
    room: np.ndarray,
    rmd: np.ndarray,
    order: DrawPlan,
    need: np.ndarray,
    tax_of: YearTax,
    tax_base: np.ndarray,
) -> tuple[np.ndarray, YearTaxes]:
    """Withdrawals [A, N] covering ``need`` plus the tax they create.

    The gross withdrawal g solves g = need + tax(g) - rmd. Tax is piecewise linear in g,
    so a secant step (slope from the last two passes) lands exactly once both passes sit in
    the same bracket; the slope is kept below 1 (no marginal rate reaches 100%). The premium
    credit's cliff makes the tax jump: the passes keep the largest draw known to fall short
    and the smallest known to suffice, and a step that would leave them halves the gap
    instead. After the first pass only the paths that have not converged move on; they are
    picked out of the year's arrays once enough have converged (``_Unsolved``).
    """
    rmd_total = rmd.sum(axis=0)
    available = room.sum(axis=0)
    x = np.minimum(np.maximum(need - rmd_total, 0), available)
    w = rmd + order.draw(room, x)
    taxes = tax_of(w)
    y = np.minimum(np.maximum(need + taxes.due - tax_base - rmd_total, 0), available)
    moving = np.abs(y - x) >= TAX_TOLERANCE
    if not moving.any():
        return w, taxes
    if len(x) < SUBSET_FROM:
        return _solve_all(room, rmd, order, need, tax_of, tax_base, x, y, w, taxes)
    taxes = taxes.copy()
    low, high = _bracket(x, y, np.zeros_like(x), np.full_like(x, np.inf))
    unsolved = _Unsolved(room, rmd, order, need, tax_of, tax_base, rmd_total, available,
                         x, y, low, high)
    unsolved.narrow(moving)
    _secant_steps(unsolved, w, taxes)
    return w, taxes


# Paths that converged are dropped from the arrays in hand once fewer than this share of
# them still move and at least this many would go; until then they ride along at their
# answer (see ``_Unsolved``). Taking a subset costs a fixed time plus about what computing
# the tax of its paths costs, so dropping a few hundred paths saves less than it costs
# (measured on 10,000 paths: 7% faster than compacting at every pass).
COMPACT_BELOW = 0.5
COMPACT_FROM = 500


class _Unsolved:
    """The paths being solved and everything the secant steps need about them.

    The arrays hold the paths ``where`` (indices into the year's arrays); ``moving`` marks
    those not yet solved. Picking out a subset costs about as much as computing the tax of
    its paths, so the arrays are compacted only when few of their paths still move; a path
    that converged meanwhile keeps its draw, and computing its tax again at that draw gives
    the same figures (each path's tax depends only on its own numbers). A conversion search
    is the exception: its Newton steps run on all the paths handed to it together, so with
    conversions the arrays always hold exactly the paths that move."""

    def __init__(self, room: np.ndarray, rmd: np.ndarray, order: DrawPlan, need: np.ndarray,
                 tax_of: YearTax, tax_base: np.ndarray, rmd_total: np.ndarray,
                 available: np.ndarray, x: np.ndarray, y: np.ndarray, low: np.ndarray,
                 high: np.ndarray) -> None:
        self.all = True  # the arrays are the year's own (no subset taken yet)
        self.where = np.arange(len(x))
        self.moving = np.ones(len(x), dtype=bool)
        self.order, self.tax_of = order, tax_of
        self.room, self.rmd = room, rmd
        # Kept apart (not summed ahead): each pass adds them in the order it always has.
        self.need, self.tax_base, self.rmd_total = need, tax_base, rmd_total
        self.available = available
        self.x, self.y, self.low, self.high = x, y, low, high
        self.x_prev = np.full_like(x, np.nan)
        self.y_prev = np.full_like(y, np.nan)

    @property
    def target(self) -> np.ndarray | slice:
        """Where the paths in hand sit in the year's arrays."""
        return slice(None) if self.all else self.where

    def narrow(self, moving: np.ndarray) -> None:
        """Only the paths marked ``moving`` (among those in hand) go on moving."""
        self.moving = moving
        left = int(moving.sum())
        if left == moving.size:  # every path in hand still moves: nothing to drop
            return
        if self.tax_of.converting is not None or (
                left < COMPACT_BELOW * moving.size and moving.size - left >= COMPACT_FROM):
            self._keep(np.flatnonzero(moving))

    def _keep(self, keep: np.ndarray) -> None:
        self.all = False
        self.where = self.where[keep]
        self.moving = self.moving[keep]
        self.order = self.order.subset(keep)
        self.tax_of = self.tax_of.subset(keep)
        self.room, self.rmd = self.room[:, keep], self.rmd[:, keep]
        for name in ("need", "tax_base", "rmd_total", "available", "x", "y", "low", "high",
                     "x_prev", "y_prev"):
            setattr(self, name, getattr(self, name)[keep])


def _secant_steps(u: _Unsolved, w: np.ndarray, taxes: YearTaxes) -> None:
    """The secant steps of ``_solve_withdrawals`` on the paths not yet solved; each pass
    writes its draws and taxes into ``w`` and ``taxes`` (the last pass of a path stays)."""
    for _ in range(MAX_TAX_ITERATIONS):
        dx = u.x - u.x_prev
        moved = np.abs(dx) > 1e-9  # False where there is no previous pass (NaN)
        slope = np.where(moved, (u.y - u.y_prev) / np.where(moved, dx, 1.0), 0.0)
        slope = np.minimum(np.maximum(slope, 0.0), 0.95)
        u.x_prev, u.y_prev = u.x, u.y
        step = _step(u.x, u.y, slope, u.low, u.high, u.available)
        u.x = step if u.moving.all() else np.where(u.moving, step, u.x)
        w_sub = u.rmd + u.order.draw(u.room, u.x)
        t_sub = u.tax_of(w_sub)
        u.y = np.minimum(np.maximum(u.need + t_sub.due - u.tax_base - u.rmd_total, 0),
                         u.available)
        u.low, u.high = _bracket(u.x, u.y, u.low, u.high)
        w[:, u.target] = w_sub
        taxes.put(u.target, t_sub)
        moving = u.moving & ~_done(u.x, u.y, u.low, u.high)
        if not moving.any():
            return
        u.narrow(moving)


def _solve_all(room: np.ndarray, rmd: np.ndarray, order: DrawPlan, need: np.ndarray,
               tax_of: YearTax, tax_base: np.ndarray, x: np.ndarray, y: np.ndarray,
               w: np.ndarray, taxes: YearTaxes) -> tuple[np.ndarray, YearTaxes]:
    """The secant steps of ``_solve_withdrawals`` on every path at once, from its first
    pass (x, y, w, taxes): for a few hundred paths, picking out subsets costs more than it
    saves."""
    rmd_total = rmd.sum(axis=0)
    available = room.sum(axis=0)
    x_prev = y_prev = None
    low, high = _bracket(x, y, np.zeros_like(x), np.full_like(x, np.inf))
    done = _done(x, y, low, high)
    for _ in range(MAX_TAX_ITERATIONS):
        slope = np.zeros_like(x)
        if x_prev is not None and y_prev is not None:
            dx = x - x_prev
            moved = np.abs(dx) > 1e-9
            slope = np.where(moved, (y - y_prev) / np.where(moved, dx, 1.0), 0.0)
            slope = np.minimum(np.maximum(slope, 0.0), 0.95)
        x_prev, y_prev = x, y
        # Paths already paid to the cent stay where they are.
        x = np.where(done, x, _step(x, y, slope, low, high, available))
        w = rmd + order.draw(room, x)
        taxes = tax_of(w)
        y = np.minimum(np.maximum(need + taxes.due - tax_base - rmd_total, 0), available)
        low, high = _bracket(x, y, low, high)
        done = _done(x, y, low, high)
        if done.all():
            break
    return w, taxes


def _done(x: np.ndarray, y: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Converged: the draw pays the year to the cent, or the tax jumps down right there
    (the premium credit starts at 100% of the poverty line): a draw of ``high`` is the
    least that pays, and it leaves a surplus."""
    return np.asarray((np.abs(y - x) < TAX_TOLERANCE)
                      | ((x == high) & (high - low < TAX_TOLERANCE)))


def _bracket(x: np.ndarray, y: np.ndarray, low: np.ndarray,
             high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The draws known to fall short (y > x: the largest) and to suffice (the smallest)."""
    short = y > x
    return (np.where(short, np.maximum(low, x), low),
            np.where(short, high, np.minimum(high, x)))


def _step(x: np.ndarray, y: np.ndarray, slope: np.ndarray, low: np.ndarray,
          high: np.ndarray, available: np.ndarray) -> np.ndarray:
    """The next draw: the secant step, or halfway between the bounds if it leaves them."""
    step = x + (y - x) / (1 - slope)
    finite = np.isfinite(high)
    top = np.where(finite, high, 0.0)
    outside = finite & ((step <= low) | (step >= high))
    step = np.where(outside, 0.5 * (low + top), step)
    step = np.where(finite & (high - low < TAX_TOLERANCE), top, step)  # see ``_done``
    return np.asarray(np.minimum(np.maximum(step, 0), available))
