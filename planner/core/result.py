"""What a projection returns: arrays [paths, years] per account and cash flow, plus tables.

Conventions (the engine guarantees them):
- year t runs from 1 January to 31 December of ``years[t]``;
- contributions, withdrawals, taxes and spending happen at the start of the year, then the
  balances grow for the whole year; ``balances[a, n, t]`` is account a on path n at the end
  of year t, in nominal dollars;
- ``price_index[n, t]`` is the price level at the start of year t relative to the start of
  the first year (so ``price_index[:, 0] == 1``); it has one more column than years, the
  last being the end of the final year. Flows of year t are shown in today's dollars by
  dividing by ``price_index[:, t]``, balances at the end of year t by ``price_index[:, t+1]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from planner.core.model import AccountKind, Plan

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)

# Cash-flow arrays of a Result, in the order and with the labels the year table shows them.
FLOW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("salary", "Salary"),
    ("social_security", "Social Security"),
    ("pension", "Pensions"),
    ("contributions", "Contributions"),
    ("employer_match", "Employer match"),
    ("withdrawals", "Withdrawals"),
    ("rmd", "RMD"),
    ("roth_conversion", "Roth conversion"),
    ("taxable_social_security", "Taxable Social Security"),
    ("interest", "Taxable interest"),
    ("dividends", "Qualified dividends"),
    ("capital_gains", "Capital gains"),
    ("agi", "AGI"),
    ("deductions", "Deductions"),
    ("taxable_income", "Taxable income"),
    ("tax_ordinary", "Tax on ordinary income"),
    ("tax_gains", "Tax on capital gains"),
    ("tax_niit", "NIIT"),
    ("tax_federal", "Federal tax"),
    ("tax_state", "State tax"),
    ("penalty", "Early-withdrawal penalty"),
    ("irmaa", "Medicare IRMAA"),
    ("spending_planned", "Spending goal"),
    ("spending_delivered", "Spending funded"),
    ("shortfall", "Shortfall"),
)


@dataclass(frozen=True)
class Summary:
    """The headline figures; money in today's dollars unless named ``_nominal``. With many
    paths each figure is its own median over the paths (not one path's value)."""

    success_rate: float  # share of paths that fund every year's planned spending
    depletion_age: int | None  # first-person age in the first unfunded year (median path)
    retirement_year: int
    balance_at_retirement: float  # total at the start of the retirement year (median)
    balance_at_retirement_nominal: float
    terminal_balance: float  # total at the end of the last year (median)
    terminal_balance_nominal: float
    first_year_spending: float  # planned spending in the retirement year
    lifetime_tax: float  # federal + state + penalties over the plan (median over paths)


@dataclass
class Result:
    plan: Plan
    mode: str
    years: np.ndarray  # [T] calendar years
    ages: np.ndarray  # [P, T] age attained by each person in each year
    account_names: tuple[str, ...]
    account_kinds: tuple[AccountKind, ...]
    balances: np.ndarray  # [A, N, T] end of year, nominal
    account_contributions: np.ndarray  # [A, N, T] employee + employer, nominal
    account_withdrawals: np.ndarray  # [A, N, T] gross, nominal
    price_index: np.ndarray  # [N, T+1]
    flows: dict[str, np.ndarray]  # FLOW_COLUMNS keys -> [N, T], nominal
    notes: tuple[str, ...] = ()  # caveats the engine wants shown next to the result
    path_labels: tuple[str, ...] = ()  # e.g. the start year of each historical window
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    # ----- shapes
    @property
    def n_paths(self) -> int:
        return int(self.balances.shape[1])

    @property
    def n_years(self) -> int:
        return int(self.years.shape[0])

    # ----- totals
    @cached_property
    def total_balance(self) -> np.ndarray:
        """[N, T] nominal total of all accounts at the end of each year."""
        return np.asarray(self.balances.sum(axis=0))

    @cached_property
    def total_balance_real(self) -> np.ndarray:
        return np.asarray(self.total_balance / self.price_index[:, 1:])

    def real_flow(self, key: str) -> np.ndarray:
        return np.asarray(self.flows[key] / self.price_index[:, :-1])

    @cached_property
    def failed(self) -> np.ndarray:
        """[N] True where some year's planned spending could not be funded."""
        return np.asarray((self.flows["shortfall"] > 0.5).any(axis=1))

    @cached_property
    def depletion_index(self) -> np.ndarray:
        """[N] index of the first unfunded year, or -1."""
        short = self.flows["shortfall"] > 0.5
        first = short.argmax(axis=1)
        return np.where(short.any(axis=1), first, -1)

    def depletion_ages(self) -> np.ndarray:
        """[N] first person's age in the first unfunded year; -1 where never."""
        idx = self.depletion_index
        ages = self.ages[0][np.clip(idx, 0, None)]
        return np.where(idx >= 0, ages, -1)

    def percentiles(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """Percentile bands over paths of a [N, T] array, keyed p5..p95."""
        bands = np.percentile(values, PERCENTILES, axis=0)
        return {f"p{p}": bands[i] for i, p in enumerate(PERCENTILES)}

    def median_path(self) -> int:
        """The path whose terminal real balance is the median one (a real, coherent path)."""
        terminal = self.total_balance_real[:, -1]
        return int(np.argsort(terminal, kind="stable")[(len(terminal) - 1) // 2])

    # ----- summary
    @cached_property
    def summary(self) -> Summary:
        plan = self.plan
        ret_t = int(np.clip(plan.retirement_year - int(self.years[0]), 0, self.n_years - 1))
        # Balance at the start of the retirement year = end of the year before (or today's).
        if ret_t == 0:
            start_total = np.array(
                [sum(a.balance for a in plan.accounts)] * self.n_paths, dtype=float
            )
            at_ret_nominal = start_total
            at_ret_real = start_total
        else:
            at_ret_nominal = self.total_balance[:, ret_t - 1]
            at_ret_real = self.total_balance_real[:, ret_t - 1]
        dep_ages = self.depletion_ages()
        failed_ages = dep_ages[dep_ages >= 0]
        if self.n_paths == 1:
            depletion_age = int(dep_ages[0]) if dep_ages[0] >= 0 else None
        elif len(failed_ages) * 2 > self.n_paths:
            depletion_age = int(np.median(failed_ages))
        else:
            depletion_age = None
        tax = self.flows["tax_federal"] + self.flows["tax_state"] + self.flows["penalty"]
        lifetime_tax = (tax / self.price_index[:, :-1]).sum(axis=1)
        return Summary(
            success_rate=float(1.0 - self.failed.mean()),
            depletion_age=depletion_age,
            retirement_year=plan.retirement_year,
            balance_at_retirement=float(np.median(at_ret_real)),
            balance_at_retirement_nominal=float(np.median(at_ret_nominal)),
            terminal_balance=float(np.median(self.total_balance_real[:, -1])),
            terminal_balance_nominal=float(np.median(self.total_balance[:, -1])),
            first_year_spending=float(
                np.median(self.real_flow("spending_planned")[:, ret_t])
            ),
            lifetime_tax=float(np.median(lifetime_tax)),
        )

    # ----- tables
    def age_labels(self) -> list[str]:
        if len(self.plan.people) == 1:
            return ["Age"]
        return [f"Age {p.name}" for p in self.plan.people]

    def year_table(self, real: bool = False, path: int | None = None) -> pd.DataFrame:
        """One row per year: ages, balances per account, total, and every cash flow.

        For one path that path is shown; for many, the path with the median terminal
        balance (a real sequence of years, not a mix of medians).
        """
        n = self.median_path() if path is None else path
        end_index = self.price_index[n, 1:]
        start_index = self.price_index[n, :-1]
        data: dict[str, object] = {"Year": self.years.astype(int)}
        for label, ages in zip(self.age_labels(), self.ages, strict=True):
            data[label] = ages.astype(int)
        for a, name in enumerate(self.account_names):
            b = self.balances[a, n]
            data[name] = b / end_index if real else b
        total = self.total_balance[n]
        data["Total balance"] = total / end_index if real else total
        for key, label in FLOW_COLUMNS:
            v = self.flows[key][n]
            data[label] = v / start_index if real else v
        return pd.DataFrame(data)
