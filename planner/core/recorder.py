"""Collects each year's balances and flows while the engine runs, and builds the Result.

- ``Recorder``: every account and every flow of every path (a run of few paths), or of the
  paths ``keep`` only (one path's detail, see ``Watched``);
- ``LeanRecorder``: what the distribution views read of every path (a run of many paths, see
  planner.core.result: a lean Result);
- ``Watched``: both at once, for a run whose paths depend on each other (fill-bracket
  conversions are searched over all paths together): one path's detail needs them all.

Arrays are stored year-major ([T, A, N] and [T, N]) so that each year writes contiguous
rows; the Result receives transposed views ([A, N, T] and [N, T]), the layout it documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from planner.core.cashflow import Income, YearFlows
from planner.core.model import Plan
from planner.core.mortality import Deaths
from planner.core.plain_year import PlainFlows
from planner.core.result import (
    KEPT_FLOWS,
    LIFETIME_FLOWS,
    SEEN_AT,
    SEEN_FLOWS,
    SPENDING_TARGET,
    STORED_FLOWS,
    Flows,
    PerPath,
    Result,
    is_pretax,
)
from planner.core.returns import Scenario
from planner.core.schedule import Schedule

Rerun = Callable[[int], Result]


class YearRecorder(Protocol):
    """What the engine writes each year and reads back (the AGI of two years before)."""

    @property
    def roth_excess_seen(self) -> bool: ...

    def paths(self, part: slice) -> YearRecorder: ...
    def agi(self, t: int) -> np.ndarray: ...
    def unsaved_surplus(self) -> bool: ...
    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None: ...
    def conversion(self, t: int, amount: np.ndarray) -> None: ...
    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None: ...
    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None: ...
    def plain_year(self, t: int, bal: np.ndarray, flows: PlainFlows) -> None: ...
    def result(self, plan: Plan, mode: str, schedule: Schedule, scenario: Scenario,
               deaths: Deaths, price: np.ndarray, notes: tuple[str, ...],
               rerun: Rerun | None) -> Result: ...


class Recorder:
    """Every balance and flow, year by year, of every path or of the paths ``keep``."""

    def __init__(self, n_acc: int, n_paths: int, n_years: int,
                 keep: slice | None = None) -> None:
        width = n_paths if keep is None else len(range(n_paths)[keep])
        self.bal, self.contrib, self.wd = np.zeros((3, n_years, n_acc, width))
        self.shape = (n_years, width)
        # One allocation instead of forty-odd: a small run's fixed cost.
        block = np.zeros((len(STORED_FLOWS), n_years, width))
        self.flows = {key: block[i] for i, key in enumerate(STORED_FLOWS)}
        self.keep = keep
        self.roth_excess_seen = False
        self.whole = self
        self.part = slice(0, n_paths)

    def paths(self, part: slice) -> Recorder:
        """A recorder that writes the paths in ``part`` into this one's arrays (views), for a
        chunk of paths; what it sees (an excess Roth contribution) is told to this one."""
        if part == self.part:
            return self
        assert self.keep is None  # kept paths are recorded from a run in one piece
        view = object.__new__(Recorder)
        view.bal = self.bal[:, :, part]
        view.contrib = self.contrib[:, :, part]
        view.wd = self.wd[:, :, part]
        view.shape = self.shape
        view.flows = {key: value[:, part] for key, value in self.flows.items()}
        view.keep = None
        view.roth_excess_seen = False
        view.whole = self
        view.part = part
        return view

    def _pick(self, value: np.ndarray | float) -> np.ndarray | float:
        """The kept paths' part of a value over all paths ([..., N]; a number as it is)."""
        if self.keep is None or np.ndim(value) == 0:
            return value
        return np.asarray(value)[..., self.keep]

    def _put(self, key: str, t: int, value: np.ndarray | float) -> None:
        self.flows[key][t] = self._pick(value)

    def agi(self, t: int) -> np.ndarray:
        assert self.keep is None  # a Watched run reads its lean recorder's
        return self.flows["agi"][t]

    def unsaved_surplus(self) -> bool:
        """True if some year had money left over with nowhere to save it."""
        return bool((self.flows["surplus_spent"] > 0.5).any())

    # ----- written by the steps of a year
    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None:
        if employee.any() or match.any():
            self.contrib[t] = self._pick(employee + match)
            self._put("employer_match", t, match.sum(axis=0))

    def conversion(self, t: int, amount: np.ndarray) -> None:
        self._put("roth_conversion", t, amount)

    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None:
        self._put("ira_deduction", t, deduction)
        self._put("roth_ira_excess", t, excess)
        seen = bool((excess > 0.5).any())
        self.roth_excess_seen |= seen
        self.whole.roth_excess_seen |= seen

    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None:
        self.bal[t] = self._pick(bal)
        if flows.withdrawals.any():
            self.wd[t] = self._pick(flows.withdrawals)
        taxes = flows.taxes
        streams = income.streams
        for key, value in (
            ("contributions", flows.contributions),
            ("salary", income.salary),
            ("other_wages", streams.wages.sum(axis=0)),
            ("self_employment", streams.self_employment.sum(axis=0)),
            ("pension", streams.pension),
            ("rental", streams.rental),
            ("tax_free_income", streams.tax_free),
            ("inflows", income.inflow),
            ("social_security", income.social_security),
            ("saved", flows.saved),
            ("surplus_spent", flows.surplus_spent),
            ("withdrawals", flows.withdrawn),
            ("rmd", rmd.sum(axis=0)),
            ("taxable_social_security", taxes.taxable_social_security),
            ("interest", income.interest),
            ("dividends", income.dividends),
            ("capital_gains", taxes.gains - income.dividends),
            ("agi", taxes.agi),
            ("deductions", taxes.deductions),
            ("taxable_income", taxes.taxable_income),
            ("tax_ordinary", taxes.ordinary_tax),
            ("tax_gains", taxes.gains_tax),
            ("tax_niit", taxes.niit),
            ("tax_federal", taxes.federal),
            ("state_taxable_income", taxes.state_taxable),
            ("tax_state", taxes.state),
            ("tax_payroll", flows.payroll),
            ("penalty", taxes.penalty),
            ("aca_premium", flows.health.aca_premium),
            ("premium_credit", taxes.premium_credit),
            ("premium_credit_lost", taxes.premium_credit_lost),
            ("medicare_premiums", flows.health.medicare),
            ("irmaa", flows.health.irmaa),
            ("medical_costs", flows.health.medical),
            ("spending_planned", flows.goal),
            (SPENDING_TARGET, flows.target),
            ("shortfall", flows.shortfall),
        ):
            self._put(key, t, value)

    def plain_year(self, t: int, bal: np.ndarray, flows: PlainFlows) -> None:
        """A plain plan's year (planner.core.plain_year): every flow it leaves out is zero,
        and the arrays start as zeros."""
        self.bal[t] = self._pick(bal)
        self.wd[t] = self._pick(flows.withdrawals)
        for key, value in (
            ("withdrawals", flows.withdrawals.sum(axis=0)),
            ("interest", flows.interest),
            ("dividends", flows.dividends),
            ("capital_gains", flows.gains - flows.dividends),
            ("agi", flows.income),
            ("taxable_income", flows.income),
            ("saved", flows.saved),
            ("surplus_spent", flows.surplus_spent),
            ("spending_planned", flows.goal),
            (SPENDING_TARGET, flows.goal),
            ("shortfall", flows.shortfall),
        ):
            self._put(key, t, value)

    def result(self, plan: Plan, mode: str, schedule: Schedule, scenario: Scenario,
               deaths: Deaths, price: np.ndarray, notes: tuple[str, ...],
               rerun: Rerun | None = None) -> Result:
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


class LeanRecorder:
    """What a lean Result keeps of every path (planner.core.result's PerPath and
    KEPT_FLOWS), summed and noted as the years go: the lifetime sums are added year after
    year in the order ``result.sum_years`` adds a full run's, so both give the same bits."""

    def __init__(self, plan: Plan, n_paths: int, n_years: int, price: np.ndarray,
                 end_t: np.ndarray) -> None:
        self.total = np.zeros((n_years, n_paths))
        # Shortfalls and a target that differs from the plan's spending get their arrays at
        # their first such year: a plan that never falls short never holds their zeros.
        self.kept: dict[str, np.ndarray | None] = dict.fromkeys(KEPT_FLOWS)
        self.kept["spending_planned"] = np.zeros((n_years, n_paths))
        self.lifetime = {key: np.zeros(n_paths) for key in LIFETIME_FLOWS}
        self.taxes_nominal = np.zeros(n_paths)
        self.pretax_at_end = np.zeros(n_paths)
        self.pretax = [a for a, acct in enumerate(plan.accounts) if is_pretax(acct.kind)]
        self.price, self.end_t = price, end_t
        self.shape = (n_years, n_paths)
        self.seen: set[str] = set()
        self.agi_rows: dict[int, np.ndarray] = {}  # the last two years' (IRMAA looks back)
        self.surplus_seen = False
        self.roth_excess_seen = False
        self.whole = self
        self.part = slice(0, n_paths)

    def paths(self, part: slice) -> LeanRecorder:
        """A recorder of the paths in ``part`` writing into this one's arrays (views)."""
        if part == self.part:
            return self
        view = object.__new__(LeanRecorder)
        view.total = self.total[:, part]
        view.kept = {key: None if value is None else value[:, part]
                     for key, value in self.kept.items()}
        view.lifetime = {key: value[part] for key, value in self.lifetime.items()}
        view.taxes_nominal = self.taxes_nominal[part]
        view.pretax_at_end = self.pretax_at_end[part]
        view.pretax = self.pretax
        view.price, view.end_t = self.price[part], self.end_t[part]
        view.shape = self.shape
        view.seen = self.seen  # one set for the run: a flow seen in any chunk is seen
        view.agi_rows = {}
        view.surplus_seen = view.roth_excess_seen = False
        view.whole = self
        view.part = part
        return view

    def _kept(self, key: str) -> np.ndarray:
        """This recorder's [T, N] array of a kept flow, made at the first year that needs
        it (a target starts as the spending planned so far: until then they were equal)."""
        mine = self.kept[key]
        if mine is None:
            whole = self.whole.kept[key]
            if whole is None:
                planned = self.whole.kept["spending_planned"]
                assert planned is not None
                whole = planned.copy() if key == SPENDING_TARGET else np.zeros(self.shape)
                self.whole.kept[key] = whole
            mine = self.kept[key] = whole[:, self.part]
        return mine

    def agi(self, t: int) -> np.ndarray:
        return self.agi_rows[t]

    def unsaved_surplus(self) -> bool:
        return self.surplus_seen

    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None:
        pass  # a lean Result keeps no contributions

    def conversion(self, t: int, amount: np.ndarray) -> None:
        pass

    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None:
        seen = bool((excess > 0.5).any())
        self.roth_excess_seen |= seen
        self.whole.roth_excess_seen |= seen

    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None:
        taxes, health = flows.taxes, flows.health
        self._balances(t, bal)
        self._spending(t, flows.goal, flows.target, flows.shortfall, flows.surplus_spent)
        self._agi(t, taxes.agi)
        # The totals as result.Flows derives them from the stored parts, part by part.
        paid = taxes.federal.copy()
        paid += taxes.state
        paid += flows.payroll
        paid += taxes.penalty
        care = np.asarray(health.aca_premium).copy()
        care = care + health.medicare
        care = care + health.irmaa
        care = care + health.medical
        care = care - taxes.premium_credit
        p = self.price[:, t]
        self.taxes_nominal += paid
        self.lifetime["taxes"] += paid / p
        self.lifetime["health_costs"] += care / p
        self.lifetime["tax_state"] += taxes.state / p
        amounts = {"aca_premium": health.aca_premium, "medicare_premiums": health.medicare,
                   "irmaa": health.irmaa, "medical_costs": health.medical,
                   "premium_credit": taxes.premium_credit}
        for key in SEEN_FLOWS:
            if key not in self.seen and bool((np.abs(amounts[key]) >= SEEN_AT).any()):
                self.seen.add(key)

    def plain_year(self, t: int, bal: np.ndarray, flows: PlainFlows) -> None:
        """A plain year pays no tax and no health care: their sums stay as they were."""
        self._balances(t, bal)
        self._spending(t, flows.goal, flows.goal, flows.shortfall, flows.surplus_spent)
        self._agi(t, flows.income)

    def _balances(self, t: int, bal: np.ndarray) -> None:
        self.total[t] = bal.sum(axis=0)
        ending = self.end_t == t
        if self.pretax and ending.any():
            self.pretax_at_end[ending] = bal[self.pretax].sum(axis=0)[ending]

    def _spending(self, t: int, goal: np.ndarray, target: np.ndarray, shortfall: np.ndarray,
                  surplus_spent: np.ndarray) -> None:
        planned = self.kept["spending_planned"]
        assert planned is not None
        planned[t] = goal
        if self.kept[SPENDING_TARGET] is not None or (
                target is not goal and not np.array_equal(target, goal)):
            self._kept(SPENDING_TARGET)[t] = target
        if self.kept["shortfall"] is not None or shortfall.any():
            self._kept("shortfall")[t] = shortfall
        delivered = np.clip(planned[t] - shortfall, 0, None)
        self.lifetime["spending_delivered"] += delivered / self.price[:, t]
        if not self.surplus_seen and bool((surplus_spent > 0.5).any()):
            self.surplus_seen = self.whole.surplus_seen = True

    def _agi(self, t: int, agi: np.ndarray) -> None:
        self.agi_rows[t] = np.array(agi, dtype=float)  # as a full run's row holds it
        self.agi_rows.pop(t - 3, None)

    def result(self, plan: Plan, mode: str, schedule: Schedule, scenario: Scenario,
               deaths: Deaths, price: np.ndarray, notes: tuple[str, ...],
               rerun: Rerun | None = None) -> Result:
        no_paths = np.zeros((len(plan.accounts), 0, self.shape[0]))
        planned = self.kept["spending_planned"]
        assert planned is not None
        stored = {key: _zeros(self.shape) if value is None else value.T
                  for key, value in self.kept.items()}
        if self.kept[SPENDING_TARGET] is None:  # never differed: the same figures
            stored[SPENDING_TARGET] = stored["spending_planned"]
        return Result(
            plan=plan, mode=mode, years=schedule.years, ages=schedule.ages,
            account_names=tuple(a.name for a in plan.accounts),
            account_kinds=tuple(a.kind for a in plan.accounts),
            balances=no_paths, account_contributions=no_paths, account_withdrawals=no_paths,
            price_index=price, flows=Flows(stored, lean=True), notes=notes,
            path_labels=scenario.labels, path_groups=scenario.groups,
            death_t=deaths.death_t, deaths_drawn=deaths.drawn,
            per_path=PerPath(total_balance=self.total.T, pretax_at_end=self.pretax_at_end,
                             lifetime_real=self.lifetime,
                             lifetime_taxes_nominal=self.taxes_nominal,
                             seen=frozenset(self.seen)),
            rerun=rerun,
        )


class Watched:
    """A lean run that also records path ``keep``'s whole detail, for a run whose paths
    depend on each other (it runs in one piece): the engine reads the AGI history from the
    lean recorder, which holds every path's."""

    def __init__(self, lean: LeanRecorder, detail: Recorder, keep: slice) -> None:
        self.lean, self.detail, self.keep = lean, detail, keep

    @property
    def roth_excess_seen(self) -> bool:
        return self.lean.roth_excess_seen

    def paths(self, part: slice) -> Watched:
        assert part == self.lean.part  # a run whose paths depend on each other is one chunk
        return self

    def agi(self, t: int) -> np.ndarray:
        return self.lean.agi(t)

    def unsaved_surplus(self) -> bool:
        return self.lean.unsaved_surplus()

    def contributions(self, t: int, employee: np.ndarray, match: np.ndarray) -> None:
        self.detail.contributions(t, employee, match)

    def conversion(self, t: int, amount: np.ndarray) -> None:
        self.detail.conversion(t, amount)

    def ira(self, t: int, deduction: np.ndarray, excess: np.ndarray) -> None:
        self.lean.ira(t, deduction, excess)
        self.detail.ira(t, deduction, excess)

    def year(self, t: int, bal: np.ndarray, flows: YearFlows, income: Income,
             rmd: np.ndarray) -> None:
        self.lean.year(t, bal, flows, income, rmd)
        self.detail.year(t, bal, flows, income, rmd)

    def plain_year(self, t: int, bal: np.ndarray, flows: PlainFlows) -> None:
        self.lean.plain_year(t, bal, flows)
        self.detail.plain_year(t, bal, flows)

    def result(self, plan: Plan, mode: str, schedule: Schedule, scenario: Scenario,
               deaths: Deaths, price: np.ndarray, notes: tuple[str, ...],
               rerun: Rerun | None = None) -> Result:
        """The kept path's Result (one path, its whole detail)."""
        k = self.keep
        return self.detail.result(plan, mode, schedule, scenario.paths(k),
                                  Deaths(deaths.death_t[:, k], deaths.drawn), price[k], notes)


def _zeros(shape: tuple[int, int]) -> np.ndarray:
    """[N, T] zeros of a flow a run never had, without the memory: a read-only view of a
    single zero (every read sees zeros; a write raises instead of changing the Result)."""
    return np.broadcast_to(np.zeros(()), (shape[1], shape[0]))
