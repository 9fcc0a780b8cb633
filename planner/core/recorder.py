"""Collects each year's balances and flows while the engine runs, and builds the Result.

Arrays are stored year-major ([T, A, N] and [T, N]) so that each year writes contiguous
rows; the Result receives transposed views ([A, N, T] and [N, T]), the layout it documents.
"""

from __future__ import annotations

import numpy as np

from planner.core.cashflow import Income, YearFlows
from planner.core.model import Plan
from planner.core.mortality import Deaths
from planner.core.plain_year import PlainFlows
from planner.core.result import STORED_FLOWS, Flows, Result
from planner.core.returns import Scenario
from planner.core.schedule import Schedule


class Recorder:
    def __init__(self, n_acc: int, n_paths: int, n_years: int) -> None:
        self.bal, self.contrib, self.wd = np.zeros((3, n_years, n_acc, n_paths))
        self.shape = (n_years, n_paths)
        self.sparse = n_paths >= 2_000  # skip all-zero rows (see _Rows) when paths are many
        self.flows: dict[str, np.ndarray | None]
        if self.sparse:
            # Many paths: a flow gets its array at its first non-zero row. A plan without
            # pensions, conversions or money received once never holds their zeros (at
            # 100,000 paths x 60 years each would be 48 MB).
            self.flows = dict.fromkeys(STORED_FLOWS)
        else:  # few paths: one allocation instead of forty-odd, a small run's fixed cost
            block = np.zeros((len(STORED_FLOWS), n_years, n_paths))
            self.flows = {key: block[i] for i, key in enumerate(STORED_FLOWS)}
        self.roth_excess_seen = False
        self.whole = self
        self.part = slice(0, n_paths)

    def paths(self, part: slice) -> Recorder:
        """A recorder that writes the paths in ``part`` into this one's arrays (views), for a
        chunk of paths; what it sees (an excess Roth contribution) is told to this one."""
        if part == self.part:
            return self
        view = object.__new__(Recorder)
        view.bal = self.bal[:, :, part]
        view.contrib = self.contrib[:, :, part]
        view.wd = self.wd[:, :, part]
        view.shape = self.shape
        view.sparse = self.sparse
        view.flows = {key: None if value is None else value[:, part]
                      for key, value in self.flows.items()}
        view.roth_excess_seen = False
        view.whole = self
        view.part = part
        return view

    def array(self, key: str) -> np.ndarray:
        """This recorder's [T, N] array of a flow, allocated (zeros) if it has none yet."""
        mine = self.flows[key]
        if mine is None:
            whole = self.whole.flows[key]
            if whole is None:
                whole = self.whole.flows[key] = np.zeros(self.shape)
            mine = self.flows[key] = whole[:, self.part]
        return mine

    def agi(self, t: int) -> np.ndarray:
        return self.array("agi")[t]

    def unsaved_surplus(self) -> bool:
        """True if some year had money left over with nowhere to save it."""
        spent = self.flows["surplus_spent"]
        return spent is not None and bool((spent > 0.5).any())

    # ----- written by the steps of a year
    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None:
        if employee.any() or match.any():
            self.contrib[t] = employee + match
            _Rows(self, t)["employer_match"] = match.sum(axis=0)

    def conversion(self, t: int, amount: np.ndarray) -> None:
        _Rows(self, t)["roth_conversion"] = amount

    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None:
        rows = _Rows(self, t)
        rows["ira_deduction"] = deduction
        rows["roth_ira_excess"] = excess
        seen = bool((excess > 0.5).any())
        self.roth_excess_seen |= seen
        self.whole.roth_excess_seen |= seen

    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None:
        self.bal[t] = bal
        if flows.withdrawals.any():
            self.wd[t] = flows.withdrawals
        taxes = flows.taxes
        streams = income.streams
        f = _Rows(self, t)
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

    def plain_year(self, t: int, bal: np.ndarray, flows: PlainFlows) -> None:
        """A plain plan's year (planner.core.plain_year): every flow it leaves out is zero,
        and the arrays start as zeros."""
        self.bal[t] = bal
        self.wd[t] = flows.withdrawals
        f = self.array
        f("withdrawals")[t] = flows.withdrawals.sum(axis=0)
        f("interest")[t] = flows.interest
        f("dividends")[t] = flows.dividends
        f("capital_gains")[t] = flows.gains - flows.dividends
        f("agi")[t] = flows.income
        f("taxable_income")[t] = flows.income
        f("saved")[t] = flows.saved
        f("surplus_spent")[t] = flows.surplus_spent
        f("spending_planned")[t] = flows.goal
        f("spending_target")[t] = flows.goal
        f("shortfall")[t] = flows.shortfall

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
            flows=Flows({key: value.T if value is not None else _zeros(self.shape)
                         for key, value in self.flows.items()}),
            notes=notes,
            path_labels=scenario.labels,
            path_groups=scenario.groups,
            death_t=deaths.death_t,
            deaths_drawn=deaths.drawn,
        )


def _zeros(shape: tuple[int, int]) -> np.ndarray:
    """[N, T] zeros of a flow a run never had, without the memory: a read-only view of a
    single zero (every read sees zeros; a write raises instead of changing the Result)."""
    return np.broadcast_to(np.zeros(()), (shape[1], shape[0]))


class _Rows:
    """Writes year t of each flow, skipping all-zero rows when paths are many: the arrays
    start as zeros (or do not exist yet), and never touching a row of a flow a plan does
    not have (no pension, no conversions...) spares the memory traffic of writing zeros
    over hundreds of megabytes."""

    def __init__(self, rec: Recorder, t: int) -> None:
        self.rec, self.t = rec, t

    def __setitem__(self, key: str, value: np.ndarray | float) -> None:
        rec = self.rec
        if not rec.sparse:
            rec.flows[key][self.t] = value  # type: ignore[index]
        elif np.any(value):
            rec.array(key)[self.t] = value
