"""What one projection run holds: the fixed context (accounts by kind, rules, the strategy)
and the ledger that carries from one year to the next (balances, basis, prices)."""

from __future__ import annotations

import numpy as np

from planner.core.conversions import roth_of
from planner.core.income_streams import YearIncome
from planner.core.model import AccountKind, Plan, Rebalancing, Strategy
from planner.core.mortality import Deaths
from planner.core.payroll import PayrollTax, payroll_rules
from planner.core.returns import Scenario
from planner.core.rules import Rules
from planner.core.schedule import Schedule
from planner.core.strategies import WithdrawalRule


class Ledger:
    """What carries from one year to the next on every path: balances, cost basis (taxable:
    cost; Roth: contributions; traditional IRA: after-tax contributions), prices."""

    def __init__(self, plan: Plan, n_paths: int, n_years: int,
                 price: np.ndarray | None = None) -> None:
        """``price`` [N, T+1], if given, is where the price levels are written (a part of
        the run's whole array when paths run in chunks); it starts as ones."""
        n_acc = len(plan.accounts)
        self.bal = np.array([[a.balance] * n_paths for a in plan.accounts],
                            dtype=float).reshape(n_acc, n_paths)
        self.basis = np.zeros((n_acc, n_paths))
        for a, acct in enumerate(plan.accounts):
            if acct.kind is AccountKind.TAXABLE:
                self.basis[a] = acct.balance if acct.cost_basis is None else acct.cost_basis
            elif acct.kind.is_roth or acct.kind is AccountKind.TRADITIONAL_IRA:
                self.basis[a] = acct.cost_basis or 0.0
        self.price = np.ones((n_paths, n_years + 1)) if price is None else price
        self.last_return = np.zeros(n_paths)
        self.prior_end = self.bal.copy()  # balances on the prior 31 December (for RMDs)
        # [D, 4, N] the current mix of each account that does not rebalance every year
        drift = drifting(plan)
        targets = np.array([plan.accounts[a].allocation.as_tuple() for a in drift], float)
        self.mix = np.repeat(targets.reshape(len(drift), 4)[:, :, None], n_paths, axis=2)
        # [D, 4, N] the mix each of those accounts goes back to when it rebalances
        self.drift_target = self.mix.copy()
        # Roth account -> [A, N] shares of its money by whose target mix that money follows:
        # converted money keeps the mix of the traditional account it came from.
        self.follows: dict[int, np.ndarray] = {}


def drifting(plan: Plan) -> list[int]:
    """Accounts whose mix drifts between rebalancings (all but the yearly ones)."""
    return [a for a, acct in enumerate(plan.accounts) if acct.rebalancing is not Rebalancing.YEARLY]


class Context:
    """What stays fixed over the years of one run: the plan's accounts by kind, rules."""

    def __init__(self, plan: Plan, schedule: Schedule, scenario: Scenario, rules: Rules,
                 deaths: Deaths) -> None:
        self.plan, self.schedule, self.scenario, self.rules = plan, schedule, scenario, rules
        self.deaths = deaths
        accounts = plan.accounts
        self.kinds = [a.kind for a in accounts]
        k = self.kinds
        self.taxable_idx = [a for a in range(len(k)) if k[a] is AccountKind.TAXABLE]
        self.roth_idx = [a for a in range(len(k)) if k[a].is_roth]
        self.trad_idx = [a for a in range(len(k)) if k[a].is_traditional]
        self.hsa_idx = [a for a in range(len(k)) if k[a] is AccountKind.HSA]
        self.roth_ira_idx = [a for a in range(len(k)) if k[a] is AccountKind.ROTH_IRA]
        self.trad_ira_idx = [a for a in range(len(k)) if k[a] is AccountKind.TRADITIONAL_IRA]
        self.is_roth = np.array([x.is_roth for x in k], dtype=bool)
        self.owners = np.array([a.owner for a in accounts], dtype=int)
        self.roth_of = roth_of(plan)
        self.surplus_to = surplus_account(plan, self.taxable_idx)
        self.dividend_rate, self.interest_rate = taxable_income_rates(plan)
        # What the taxable accounts pay out (never below zero), and reinvest, each year
        self.income_rates = paid_income_rates(plan, self.dividend_rate, self.interest_rate)
        self.reinvested_rate = self.income_rates[0] + self.income_rates[1]
        self.taxes_on = plan.taxes.enabled
        # Accounts that do not rebalance yearly; an expected run has no per-class returns
        # to drift with, so there every account keeps its mix.
        self.drift_idx = drifting(plan) if scenario.account_rates is None else []
        self.drift_bands = np.array([plan.accounts[a].rebalance_band
                                     if plan.accounts[a].rebalancing is Rebalancing.BANDS
                                     else np.inf for a in self.drift_idx])
        # The state whose tax applies each year ("": the custom flat rate).
        self.state_in = [plan.taxes.state_in(int(y)) for y in schedule.years]
        self.irmaa_on = plan.health.irmaa
        self.payroll = payroll_rules(rules)
        n, people = scenario.n_paths, len(plan.people)
        self.no_streams = YearIncome(np.zeros((people, n)), np.zeros((people, n)), np.zeros(n),
                                     np.zeros(n), np.zeros(n))
        self.no_payroll = PayrollTax(np.zeros(n), np.zeros(n), np.zeros(n))
        self.rule = None
        if plan.spending.strategy is not Strategy.FIXED:
            planned = plan.end_year - plan.start_year + 1
            self.rule = WithdrawalRule(plan, rules, schedule.years[:planned], schedule.ages,
                                       schedule.spending_real, scenario.n_paths)


def surplus_account(plan: Plan, taxable_idx: list[int]) -> int | None:
    named = plan.spending.surplus_account.strip()
    for a in taxable_idx:
        if named and plan.accounts[a].name.strip() == named:
            return a
    return taxable_idx[0] if taxable_idx else None


def taxable_income_rates(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """[A] yearly qualified-dividend and interest rates of each taxable account (0 elsewhere):
    stocks pay the assumed dividend yield; bonds and cash pay their mean return as interest."""
    a = plan.assumptions
    dividend = np.zeros(len(plan.accounts))
    interest = np.zeros(len(plan.accounts))
    for i, acct in enumerate(plan.accounts):
        if acct.kind is AccountKind.TAXABLE:
            mix = acct.allocation
            dividend[i] = mix.stocks * a.stock_dividend_yield
            interest[i] = mix.bonds * a.bonds.expected_return + mix.cash * a.cash.expected_return
    return dividend, interest


def paid_income_rates(plan: Plan, dividend_rate: np.ndarray,
                      interest_rate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[A] yearly dividend and interest rates of the taxable accounts, never below zero:
    an asset class whose mean return is negative pays no interest (its loss is in the
    balance), while the other classes of the same account still pay theirs."""
    a = plan.assumptions
    dividend = np.maximum(dividend_rate, 0.0)
    if a.bonds.expected_return >= 0 and a.cash.expected_return >= 0:
        return dividend, interest_rate
    bonds, cash = max(a.bonds.expected_return, 0.0), max(a.cash.expected_return, 0.0)
    interest = np.array([acct.allocation.bonds * bonds + acct.allocation.cash * cash
                         if acct.kind is AccountKind.TAXABLE else 0.0
                         for acct in plan.accounts])
    return dividend, interest


def dividends_and_interest(ctx: Context, led: Ledger,
                           bal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[N] the year's dividends and interest of the taxable accounts (their basis grows by
    them: they are reinvested)."""
    dividend_rate, interest_rate = ctx.income_rates
    dividends = (dividend_rate[:, None] * bal).sum(axis=0)
    interest = (interest_rate[:, None] * bal).sum(axis=0)
    led.basis += ctx.reinvested_rate[:, None] * bal
    return dividends, interest


def taxable_gain_share(ctx: Context, led: Ledger) -> np.ndarray:
    """[A, N] the share of a taxable account's withdrawal that is gain (0 elsewhere)."""
    gain_share = np.zeros_like(led.bal)
    for a in ctx.taxable_idx:
        held = np.maximum(led.bal[a], 1e-9)
        gain_share[a] = np.where(led.bal[a] > 0, np.clip(1 - led.basis[a] / held, 0, 1), 0)
    return gain_share
