"""Withdrawal strategies: what the portfolio pays for spending each retired year.

Every strategy but ``fixed`` sets the portfolio's *gross* withdrawal for the year (its tax
comes out of it; benefits and pensions are spent on top): a nominal amount per path, after
the plan's floor and ceiling (today's dollars) and scaled by the spending phases relative
to ``annual``.

- constant dollar: rate x the portfolio at the start of retirement, raised by each year's
  inflation (the "4% rule" of Bengen and the Trinity study);
- constant percentage: rate x this year's portfolio;
- Guyton-Klinger guardrails (J. Financial Planning, 2006): inflation raises skipped after a
  losing year when the rate is above the initial one; a cut of ``adjustment`` when the rate
  rises ``band`` above the initial rate (not in the last 15 years); a raise of
  ``adjustment`` when it falls ``band`` below;
- VPW (Bogleheads' variable percentage withdrawal): the annuity payment, made at the start
  of each year as withdrawals are, that would spend the portfolio over the years left at
  the portfolio's expected real return (PMT with payments in advance: the last year takes
  the whole balance, and returns equal to the assumed rate give level real payments);
- RMD-based: portfolio / IRS Uniform Lifetime divisor for the first person's age (below 72,
  the age-72 divisor plus the years to 72, an extrapolation).
"""

from __future__ import annotations

import numpy as np

from planner.core.model import Plan, Strategy
from planner.core.returns import asset_moments
from planner.core.rules import Rules

GUARDRAIL_FINAL_YEARS = 15  # the capital-preservation cut stops this close to the end


class WithdrawalRule:
    def __init__(self, plan: Plan, rules: Rules, years: np.ndarray, ages: np.ndarray,
                 spending_real: np.ndarray, n_paths: int) -> None:
        self.plan = plan
        self.s = plan.spending
        self.rules = rules
        self.years = years
        self.first_ages = ages[0]
        annual = self.s.annual
        self.phase = spending_real / annual if annual >= 0.01 else np.ones_like(spending_real)
        self.initial_rate = np.zeros(n_paths)
        self.previous = np.zeros(n_paths)  # last year's amount before floor/ceiling, nominal
        self.started = False
        means, _ = asset_moments(plan)
        self.account_mean = np.array(
            [np.dot(acct.allocation.as_tuple(), means) for acct in plan.accounts]
        )

    @property
    def strategy(self) -> Strategy:
        return self.s.strategy

    def amount(self, t: int, balances: np.ndarray, price: np.ndarray,
               last_return: np.ndarray, inflation: np.ndarray) -> np.ndarray:
        """The portfolio's nominal gross withdrawal in year t (a retired year).

        balances [A, N] at the start of the year; price [N] the price level now;
        last_return [N] last year's portfolio return; inflation [N] last year's inflation.
        """
        portfolio = balances.sum(axis=0)
        rate = self.s.withdrawal_rate
        kind = self.strategy
        if kind is Strategy.CONSTANT_PERCENT:
            raw = rate * portfolio
        elif kind is Strategy.VPW:
            raw = portfolio * self._vpw_share(t, balances, portfolio)
        elif kind is Strategy.RMD:
            age = int(self.first_ages[t])
            divisor = (self.rules.rmd_divisor(age) if age >= 72
                       else self.rules.rmd_divisor(72) + (72 - age))
            raw = portfolio / divisor
        elif not self.started:
            raw = rate * portfolio
            self.initial_rate = np.full(portfolio.shape, rate, dtype=float)
        elif kind is Strategy.CONSTANT_DOLLAR:
            raw = self.previous * (1 + inflation)
        else:
            raw = self._guardrails(t, portfolio, last_return, inflation)
        self.started = True
        self.previous = raw
        return self._bounded(raw * self.phase[t], price)

    def _guardrails(self, t: int, portfolio: np.ndarray, last_return: np.ndarray,
                    inflation: np.ndarray) -> np.ndarray:
        raised = self.previous * (1 + inflation)
        held = np.maximum(portfolio, 1e-9)
        rate_if_raised = raised / held
        # Inflation rule: no raise after a losing year if the rate is above the initial one.
        skip = (last_return < 0) & (rate_if_raised > self.initial_rate)
        amount = np.where(skip, self.previous, raised)
        current = amount / held
        band, adj = self.s.guardrail_band, self.s.guardrail_adjustment
        years_left = len(self.years) - t
        if years_left > GUARDRAIL_FINAL_YEARS:
            amount = np.where(current > self.initial_rate * (1 + band), amount * (1 - adj), amount)
        return np.where(current < self.initial_rate * (1 - band), amount * (1 + adj), amount)

    def _vpw_share(self, t: int, balances: np.ndarray, portfolio: np.ndarray) -> np.ndarray:
        n = max(len(self.years) - t, 1)  # past the planned horizon: spend down in a year
        nominal = (self.account_mean @ balances) / np.maximum(portfolio, 1e-9)
        real = (1 + nominal) / (1 + self.plan.assumptions.inflation_rate) - 1
        safe = np.where(np.abs(real) < 1e-9, 1e-9, real)
        # Paid in advance: the end-of-year annuity divided by (1 + r). (Paying the
        # end-of-year amount at the start overspent by (1 + r) every year, and asked for
        # more than the whole balance in the last one.)
        advance = safe / (1 - (1 + safe) ** -n) / (1 + safe)
        return np.where(np.abs(real) < 1e-9, 1 / n, advance)

    def _bounded(self, amount: np.ndarray, price: np.ndarray) -> np.ndarray:
        if self.s.floor is not None:
            amount = np.maximum(amount, self.s.floor * price)
        if self.s.ceiling is not None:
            amount = np.minimum(amount, self.s.ceiling * price)
        return amount
