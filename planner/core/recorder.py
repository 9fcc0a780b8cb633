"""Collects each year's balances and flows while the engine runs, and builds the Result.

Arrays are stored year-major ([T, A, N] and [T, N]) so that each year writes contiguous
rows; the Result receives transposed views ([A, N, T] and [N, T]), the layout it documents.
"""

from __future__ import annotations

import numpy as np

from planner.core.cashflow import Income, YearFlows
from planner.core.model import Plan
from planner.core.mortality import Deaths
from planner.core.result import STORED_FLOWS, Flows, Result
from planner.core.returns import Scenario
from planner.core.schedule import Schedule


class Recorder:
    def __init__(self, n_acc: int, n_paths: int, n_years: int) -> None:
        self.bal = np.zeros((n_years, n_acc, n_paths))
        self.contrib = np.zeros((n_years, n_acc, n_paths))
        self.wd = np.zeros((n_years, n_acc, n_paths))
        self.flows = {key: np.zeros((n_years, n_paths)) for key in STORED_FLOWS}
        self.roth_excess_seen = False
        self.sparse = n_paths >= 2_000  # skip all-zero rows (see _Rows) when paths are many

    def agi(self, t: int) -> np.ndarray:
        return self.flows["agi"][t]

    def unsaved_surplus(self) -> bool:
        """True if some year had money left over with nowhere to save it."""
        return bool((self.flows["surplus_spent"] > 0.5).any())

    # ----- written by the steps of a year
    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None:
        if employee.any() or match.any():
            self.contrib[t] = employee + match
            _Rows(self.flows, t, self.sparse)["employer_match"] = match.sum(axis=0)

    def conversion(self, t: int, amount: np.ndarray) -> None:
        _Rows(self.flows, t, self.sparse)["roth_conversion"] = amount

    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None:
        rows = _Rows(self.flows, t, self.sparse)
        rows["ira_deduction"] = deduction
        rows["roth_ira_excess"] = excess
        self.roth_excess_seen |= bool((excess > 0.5).any())

    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None:
        self.bal[t] = bal
        if flows.withdrawals.any():
            self.wd[t] = flows.withdrawals
        taxes = flows.taxes
        streams = income.streams
        f = _Rows(self.flows, t, self.sparse)
        withdrawn = flows.withdrawn
        f["contributions"] = flows.contributions
        f["salary"] = income.salary
        f["other_wages"] = streams.wages.sum(axis=0)
        f["self_employment"] = streams.self_employment.sum(axis=0)
        f["pension"] = streams.pension
        f["rental"] = streams.rental
        f["tax_free_income"] = streams.tax_free
        f["inflows"] = income.inflow
        f["social_security"] = income.social_security
        f["saved"] = flows.saved
        f["surplus_spent"] = flows.surplus_spent
        f["withdrawals"] = withdrawn
        f["rmd"] = rmd.sum(axis=0)
        f["taxable_social_security"] = taxes.taxable_social_security
        f["interest"] = income.interest
        f["dividends"] = income.dividends
        f["capital_gains"] = taxes.gains - income.dividends
        f["agi"] = taxes.agi
        f["deductions"] = taxes.deductions
        f["taxable_income"] = taxes.taxable_income
        f["tax_ordinary"] = taxes.ordinary_tax
        f["tax_gains"] = taxes.gains_tax
        f["tax_niit"] = taxes.niit
        f["tax_federal"] = taxes.federal
        f["state_taxable_income"] = taxes.state_taxable
        f["tax_state"] = taxes.state
        f["tax_payroll"] = flows.payroll
        f["penalty"] = taxes.penalty
        health = flows.health
        f["aca_premium"] = health.aca_premium
        f["premium_credit"] = taxes.premium_credit
        f["premium_credit_lost"] = taxes.premium_credit_lost
        f["medicare_premiums"] = health.medicare
        f["irmaa"] = health.irmaa
        f["medical_costs"] = health.medical
        f["spending_planned"] = flows.goal
        f["spending_target"] = flows.target
        f["shortfall"] = flows.shortfall

    def result(self, plan: Plan, mode: str, schedule: Schedule, scenario: Scenario,
               deaths: Deaths, price: np.ndarray, notes: tuple[str, ...]) -> Result:
        return Result(
            plan=plan,
            mode=mode,
            years=schedule.years,
            ages=schedule.ages,
            account_names=tuple(a.name for a in plan.accounts),
            account_kinds=tuple(a.kind for a in plan.accounts),
            balances=self.bal.transpose(1, 2, 0),
            account_contributions=self.contrib.transpose(1, 2, 0),
            account_withdrawals=self.wd.transpose(1, 2, 0),
            price_index=price,
            flows=Flows({key: value.T for key, value in self.flows.items()}),
            notes=notes,
            path_labels=scenario.labels,
            path_groups=scenario.groups,
            death_t=deaths.death_t,
            deaths_drawn=deaths.drawn,
        )


class _Rows:
    """Writes year t of each flow, skipping all-zero rows: the arrays start as zeros, and
    never touching a row of a flow a plan does not have (no pension, no conversions...)
    spares the memory traffic of writing zeros over hundreds of megabytes."""

    def __init__(self, flows: dict[str, np.ndarray], t: int, sparse: bool) -> None:
        self.flows, self.t, self.sparse = flows, t, sparse

    def __setitem__(self, key: str, value: np.ndarray | float) -> None:
        if not self.sparse or np.any(value):
            self.flows[key][self.t] = value
