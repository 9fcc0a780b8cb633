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

A run of many paths gives a *lean* Result (``Result.lean``): every path's figures that the
distribution views read (total balances, spending planned, funded and targeted, shortfalls,
lifetime taxes and health costs, the estate and its deferred tax), and the whole year-by-year
detail (each account, each flow) for one path at a time, on request (``Result.path``), by
running that path again. At 100,000 paths x 60 years the detail of every path took about
2.2 GB; a lean Result holds about 200 MB of its own and keeps the run's draws (about 240 MB)
to run a path again, and the run peaks at about 530 MB.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from planner.core.model import AccountKind, Plan

if TYPE_CHECKING:  # pandas costs 0.2 s to import: only the year table needs it
    import pandas as pd

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
# With ages at death drawn, a year's bands cover the paths still running, and years in which
# fewer than this share still run are left out (their bands would describe a few lives).
MIN_RUNNING = 0.10

# Cash-flow arrays of a Result, in the order and with the labels the year table shows them.
# The first five sum, in every year: income - taxes - contributions - spending = net_saved.
FLOW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("income", "Income"),
    ("taxes", "Taxes"),
    ("contributions", "Your contributions"),
    ("spending", "Spending (incl. health care)"),
    ("net_saved", "Saved (+) / withdrawn (−)"),
    ("health_costs", "Health care"),
    ("salary", "Salary"),
    ("other_wages", "Other wages"),
    ("self_employment", "Self-employment"),
    ("pension", "Pensions and annuities"),
    ("rental", "Rental income"),
    ("tax_free_income", "Tax-free income"),
    ("inflows", "Money received"),
    ("social_security", "Social Security"),
    ("employer_match", "Employer match"),
    ("ira_deduction", "IRA deduction"),
    ("roth_ira_excess", "Roth IRA over the income limit"),
    ("saved", "Saved"),
    ("surplus_spent", "Surplus spent (no taxable account)"),
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
    ("state_taxable_income", "State taxable income"),
    ("tax_state", "State tax"),
    ("tax_payroll", "Payroll tax"),
    ("penalty", "Early-withdrawal penalty"),
    ("aca_premium", "Marketplace premium"),
    ("premium_credit", "Premium tax credit"),
    ("premium_credit_lost", "Credit lost above 400% FPL"),
    ("medicare_premiums", "Medicare Part B and D"),
    ("irmaa", "Medicare IRMAA (B and D)"),
    ("medical_costs", "Out-of-pocket medical"),
    ("spending_planned", "Spending goal"),
    ("spending_delivered", "Spending funded"),
    ("shortfall", "Shortfall"),
)
# The cash flow of a year, as it sums (keys of FLOW_COLUMNS): income - taxes - contributions
# - spending = saved (+) or withdrawn (-).
CASH_FLOW: tuple[str, ...] = ("income", "taxes", "contributions", "spending", "net_saved")
# Flows that may be negative (everything else is an amount of money, never below zero).
SIGNED_FLOWS: frozenset[str] = frozenset({"net_saved"})
INCOME_FLOWS: tuple[str, ...] = ("salary", "other_wages", "self_employment", "pension", "rental",
                                 "tax_free_income", "inflows", "social_security")
TAX_FLOWS: tuple[str, ...] = ("tax_federal", "tax_state", "tax_payroll", "penalty")
# Health care paid in a year: premiums after the credit, IRMAA and out-of-pocket costs.
HEALTH_FLOWS: tuple[str, ...] = ("aca_premium", "medicare_premiums", "irmaa", "medical_costs")


def _flows_of_path(flows: Mapping[str, np.ndarray], n: int) -> Mapping[str, np.ndarray]:
    if isinstance(flows, Flows):
        return flows.of_path(n)
    return {key: value[n:n + 1] for key, value in flows.items()}  # built by hand (tests)


def is_pretax(kind: AccountKind) -> bool:
    """Traditional and HSA money: the heirs owe income tax on it (``deferred_tax_real``)."""
    return kind.is_traditional or kind is AccountKind.HSA


class Flows(Mapping[str, np.ndarray]):
    """The cash flows of a Result by FLOW_COLUMNS key, [N, T] nominal each. The engine
    stores the parts; totals (income, taxes, spending, net saved, spending funded) are sums
    of them, computed when first asked for, so that a run writes less memory. A lean
    Result's flows hold only KEPT_FLOWS (and what derives from them alone)."""

    def __init__(self, stored: dict[str, np.ndarray], lean: bool = False) -> None:
        self._data = dict(stored)
        self.lean = lean

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._data:
            if self.lean and key not in _KEPT_OR_DERIVED:
                raise KeyError(f"{key}: a run of many paths keeps this flow for one path at "
                               "a time (Result.path)")
            if key not in _DERIVED:
                raise KeyError(key)
            self._data[key] = _DERIVED[key](self)
        return self._data[key]

    def of_path(self, n: int) -> Flows:
        """The stored flows of path ``n`` alone ([1, T] views)."""
        return Flows({key: value[n:n + 1] for key, value in self._data.items()
                      if key not in _DERIVED})

    def __iter__(self) -> Iterator[str]:
        return iter(key for key, _ in FLOW_COLUMNS)

    def __len__(self) -> int:
        return len(FLOW_COLUMNS)


def _total(keys: tuple[str, ...]) -> Callable[[Flows], np.ndarray]:
    return lambda f: np.asarray(sum((f[k] for k in keys[1:]), start=f[keys[0]].copy()))


_DERIVED: dict[str, Callable[[Flows], np.ndarray]] = {
    "income": _total(INCOME_FLOWS),
    "taxes": _total(TAX_FLOWS),
    "health_costs": lambda f: np.asarray(_total(HEALTH_FLOWS)(f) - f["premium_credit"]),
    "spending": lambda f: np.asarray(f["spending_planned"] + f["health_costs"] - f["shortfall"]
                                     + f["surplus_spent"]),
    "net_saved": lambda f: np.asarray(f["saved"] - f["withdrawals"]),
    "spending_delivered": lambda f: np.clip(f["spending_planned"] - f["shortfall"], 0, None),
}
# Stored but not a column: the household's own spending goal (today's goal, phases, survivor
# change and one-offs, in future dollars). For the fixed strategy it equals spending_planned;
# a withdrawal strategy's planned spending is what the strategy allowed.
SPENDING_TARGET = "spending_target"
STORED_FLOWS: tuple[str, ...] = tuple(
    k for k, _ in FLOW_COLUMNS if k not in _DERIVED) + (SPENDING_TARGET,)
# What a lean Result keeps of every path, beyond its total balances: the flows the spending
# range, the success rate and the first year's spending read; the lifetime sums (today's
# dollars, and taxes also as paid) the summary, the optimisers and the CLI read; and whether
# any path ever paid a health cost (the report's health page).
KEPT_FLOWS: tuple[str, ...] = ("spending_planned", "shortfall", SPENDING_TARGET)
_KEPT_OR_DERIVED = frozenset(KEPT_FLOWS) | {"spending_delivered"}
LIFETIME_FLOWS: tuple[str, ...] = ("taxes", "health_costs", "tax_state", "spending_delivered")
SEEN_FLOWS: tuple[str, ...] = HEALTH_FLOWS + ("premium_credit",)
SEEN_AT = 0.5  # dollars: a flow is seen where it reaches this (a rounding residue is not)


def sum_years(values: np.ndarray) -> np.ndarray:
    """[N] the sum over years of [N, T] values, added year after year: the order a lean run
    adds them in as it goes, so that both give the same figures to the last bit."""
    out = np.zeros(values.shape[0])
    for t in range(values.shape[1]):
        out += values[:, t]
    return out


@dataclass(frozen=True)
class PerPath:
    """What a lean Result keeps of every path (see the module's docstring)."""

    total_balance: np.ndarray  # [N, T] nominal, end of each year
    pretax_at_end: np.ndarray  # [N] traditional and HSA money at each path's end, nominal
    lifetime_real: dict[str, np.ndarray]  # LIFETIME_FLOWS key -> [N], today's dollars
    lifetime_taxes_nominal: np.ndarray  # [N] taxes summed as paid
    seen: frozenset[str]  # SEEN_FLOWS with an amount on some path in some year


@dataclass(frozen=True)
class Summary:
    """The headline figures; money in today's dollars unless named ``_nominal``. With many
    paths each figure is its own median over the paths (not one path's value)."""

    success_rate: float  # share of paths that fund every year's planned spending
    depletion_age: int | None  # first-person age in the first unfunded year (median path)
    retirement_year: int
    balance_at_retirement: float  # total at the start of the retirement year (median)
    balance_at_retirement_nominal: float
    terminal_balance: float  # the estate: total at the end of the last death's year (median)
    terminal_balance_nominal: float
    first_year_spending: float  # planned spending in the retirement year
    lifetime_tax: float  # federal, state and payroll tax and penalties (median over paths)
    lifetime_tax_nominal: float  # the same in future dollars (summed as paid)
    lifetime_health: float = 0.0  # health care paid over the plan (median over paths)
    lifetime_state_tax: float = 0.0  # state income tax over the plan (median over paths)
    # Historical runs with crypto: the lowest and highest success over Bitcoin's alignments
    success_range: tuple[float, float] | None = None
    # The estate after the heirs' income tax on traditional and HSA money (median), and that
    # tax (the median estate less the median legacy), in today's dollars
    legacy_after_tax: float = 0.0
    deferred_tax: float = 0.0
    # The median age (depletion_age_label's person) in the first unfunded year over the
    # paths that run out, however few they are; None when none does. ``depletion_age`` is
    # set only when most paths run out, so it alone must never be read as "it lasts".
    failed_age: int | None = None


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
    flows: Mapping[str, np.ndarray]  # FLOW_COLUMNS keys -> [N, T], nominal (see Flows)
    notes: tuple[str, ...] = ()  # caveats the engine wants shown next to the result
    path_labels: tuple[str, ...] = ()  # e.g. the start year of each historical window
    path_groups: np.ndarray | None = None  # [N] historical: the crypto alignment of each path
    # [P, N] index of each person's last year alive on each path (the plan's fixed ages,
    # or ages drawn from the life table when deaths_drawn)
    death_t: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=int))
    deaths_drawn: bool = False
    _cache: dict[str, object] = field(default_factory=dict, repr=False)
    # A lean Result (many paths): what it keeps of every path, and how to run one path again
    # with its whole detail. ``balances`` and the account arrays then hold no path ([A, 0, T])
    # and ``flows`` only KEPT_FLOWS: read one path's detail from ``path(n)``.
    per_path: PerPath | None = field(default=None, repr=False)
    rerun: Callable[[int], Result] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.death_t.size == 0:  # built without deaths: the plan's fixed ages
            from planner.core.mortality import fixed_deaths

            self.death_t = fixed_deaths(self.plan, self.n_paths).death_t

    # ----- shapes
    @property
    def n_paths(self) -> int:
        return int(self.price_index.shape[0])

    @property
    def lean(self) -> bool:
        """True when only what every path's distribution needs is kept (see ``path``)."""
        return self.per_path is not None

    def path(self, n: int) -> Result:
        """Path ``n`` alone, with its whole detail: every account and every flow, year by
        year. From a lean Result the path is run again (the same figures: each path's run
        depends on its own draws alone), and the last one asked for is kept."""
        if not 0 <= n < self.n_paths:
            raise IndexError(f"path {n} of {self.n_paths}")
        if self.n_paths == 1:
            return self
        known = self._cache.get("path")
        if isinstance(known, tuple) and known[0] == n:
            return known[1]  # type: ignore[no-any-return]
        if self.rerun is not None:
            one = self.rerun(n)
            one.notes = self.notes  # the whole run's, not those of the paths run again
        else:
            one = Result(
                plan=self.plan, mode=self.mode, years=self.years, ages=self.ages,
                account_names=self.account_names, account_kinds=self.account_kinds,
                balances=self.balances[:, n:n + 1],
                account_contributions=self.account_contributions[:, n:n + 1],
                account_withdrawals=self.account_withdrawals[:, n:n + 1],
                price_index=self.price_index[n:n + 1], flows=_flows_of_path(self.flows, n),
                notes=self.notes, path_labels=self.path_labels[n:n + 1],
                path_groups=None if self.path_groups is None else self.path_groups[n:n + 1],
                death_t=self.death_t[:, n:n + 1], deaths_drawn=self.deaths_drawn)
        self._cache["path"] = (n, one)
        return one

    @property
    def n_years(self) -> int:
        return int(self.years.shape[0])

    # ----- deaths and the end of each path
    @cached_property
    def end_index(self) -> np.ndarray:
        """[N] the last year of the plan on each path: the year of the last death."""
        return np.asarray(np.minimum(self.death_t.max(axis=0), self.n_years - 1))

    def death_ages(self) -> np.ndarray:
        """[P, N] age at death of each person on each path."""
        born = np.array([p.birth_year for p in self.plan.people])[:, None]
        return np.asarray(int(self.years[0]) + self.death_t - born)

    @cached_property
    def estate_real(self) -> np.ndarray:
        """[N] the accounts at the end of each path's last year, in today's dollars."""
        return np.asarray(self.total_balance_real[np.arange(self.n_paths), self.end_index])

    @cached_property
    def estate_nominal(self) -> np.ndarray:
        return np.asarray(self.total_balance[np.arange(self.n_paths), self.end_index])

    @cached_property
    def deferred_tax_real(self) -> np.ndarray:
        """[N] the income tax still owed on the estate's traditional 401(k)/IRA and HSA money,
        at the heirs' tax rate, in today's dollars: lifetime tax does not include it."""
        paths = np.arange(self.n_paths)
        if self.per_path is not None:
            held = self.per_path.pretax_at_end
        else:
            pretax = np.array([is_pretax(k) for k in self.account_kinds], dtype=bool)
            held = self.balances[pretax][:, paths, self.end_index].sum(axis=0)
        price = self.price_index[paths, self.end_index + 1]
        return np.asarray(held / price * self.plan.taxes.heirs_tax_rate)

    @cached_property
    def legacy_after_tax_real(self) -> np.ndarray:
        """[N] what heirs keep, in today's dollars: Roth at face value, taxable accounts at
        their stepped-up value (no gains tax), traditional and HSA money less the heirs'
        income tax on it (heirs other than a spouse: the estate of the last death)."""
        return np.asarray(self.estate_real - self.deferred_tax_real)

    def lifetime_real(self, key: str) -> np.ndarray:
        """[N] a flow summed over the plan in today's dollars (a lean Result has the sums
        of LIFETIME_FLOWS)."""
        if self.per_path is not None:
            if key not in self.per_path.lifetime_real:
                raise KeyError(f"{key}: a run of many paths sums only {LIFETIME_FLOWS} "
                               "over every path")
            return self.per_path.lifetime_real[key]
        return sum_years(self.real_flow(key))

    def lifetime_taxes_nominal(self) -> np.ndarray:
        """[N] taxes summed as paid (future dollars)."""
        if self.per_path is not None:
            return self.per_path.lifetime_taxes_nominal
        return sum_years(self.flows["taxes"])

    def flow_seen(self, key: str) -> bool:
        """Whether flow ``key`` (one of SEEN_FLOWS) reaches SEEN_AT on some path in some
        year."""
        if self.per_path is not None:
            if key not in SEEN_FLOWS:
                raise KeyError(f"{key}: a run of many paths notes only {SEEN_FLOWS}")
            return key in self.per_path.seen
        return bool((np.abs(self.flows[key]) >= SEEN_AT).any())

    # ----- totals
    @cached_property
    def total_balance(self) -> np.ndarray:
        """[N, T] nominal total of all accounts at the end of each year."""
        if self.per_path is not None:
            return self.per_path.total_balance
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
        """[N] age in the first unfunded year, -1 where never: the first person's, or the
        survivor's once the first person has died (see ``depletion_age_label``)."""
        idx = np.clip(self.depletion_index, 0, None)
        ages = self.ages[0][idx]
        if self.ages.shape[0] == 2:
            ages = np.where(self.death_t[0] >= idx, ages, self.ages[1][idx])
        return np.where(self.depletion_index >= 0, ages, -1)

    def depletion_name(self, path: int = 0) -> str:
        """Whose age ``depletion_ages`` gives on ``path``: the first person's, or the
        survivor's when the first person died before the first unfunded year."""
        people = self.plan.people
        idx = int(self.depletion_index[path])
        if len(people) == 2 and idx >= 0 and self.death_t[0, path] < idx:
            return people[1].name
        return people[0].name

    def depletion_age_label(self) -> str:
        """Whose age ``depletion_ages`` gives, for a chart axis or a sentence."""
        people = self.plan.people
        if len(people) == 1:
            return f"{people[0].name}'s age"
        return f"{people[0].name}'s age ({people[1].name}'s after {people[0].name}'s death)"

    def percentiles(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """Percentile bands over paths of a [N, T] array, keyed p5..p95. NaN marks paths
        that have ended (see ``running``); a year with no running path gives NaN."""
        if np.isnan(values).any():
            with warnings.catch_warnings():  # "All-NaN slice": a year nobody reaches
                warnings.simplefilter("ignore", RuntimeWarning)
                bands = np.nanpercentile(values, PERCENTILES, axis=0)
        else:
            bands = np.percentile(values, PERCENTILES, axis=0)
        return {f"p{p}": bands[i] for i, p in enumerate(PERCENTILES)}

    def running(self, values: np.ndarray) -> np.ndarray:
        """A [N, T] array with NaN after each path's last death, cut after the last year in
        which at least MIN_RUNNING of the paths still run (unchanged when deaths are fixed)."""
        if not self.deaths_drawn:
            return values
        out = np.array(values, dtype=float)
        alive = np.arange(self.n_years)[None, :] <= self.end_index[:, None]
        out[~alive] = np.nan
        shown = np.flatnonzero(alive.mean(axis=0) >= MIN_RUNNING)
        return out[:, : int(shown[-1]) + 1 if shown.size else 1]

    def median_path(self) -> int:
        """The path whose estate (real) is the median one (a real, coherent path)."""
        terminal = self.estate_real
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
        lifetime_tax = self.lifetime_real("taxes")
        return Summary(
            success_rate=float(1.0 - self.failed.mean()),
            depletion_age=depletion_age,
            failed_age=int(np.median(failed_ages)) if len(failed_ages) else None,
            retirement_year=plan.retirement_year,
            balance_at_retirement=float(np.median(at_ret_real)),
            balance_at_retirement_nominal=float(np.median(at_ret_nominal)),
            terminal_balance=float(np.median(self.estate_real)),
            terminal_balance_nominal=float(np.median(self.estate_nominal)),
            first_year_spending=float(
                np.median(self.real_flow("spending_planned")[:, ret_t])
            ),
            lifetime_tax=float(np.median(lifetime_tax)),
            lifetime_tax_nominal=float(np.median(self.lifetime_taxes_nominal())),
            lifetime_health=float(np.median(self.lifetime_real("health_costs"))),
            lifetime_state_tax=float(np.median(self.lifetime_real("tax_state"))),
            success_range=self.success_range(),
            legacy_after_tax=float(np.median(self.legacy_after_tax_real)),
            # The median estate less the median legacy, so that the three figures shown side
            # by side add up (the median of the tax itself can be $0 while they differ).
            deferred_tax=max(float(np.median(self.estate_real))
                             - float(np.median(self.legacy_after_tax_real)), 0.0),
        )

    def success_range(self) -> tuple[float, float] | None:
        """(lowest, highest) success rate over the groups of paths (historical runs with
        crypto: one group per alignment of Bitcoin's years), None without groups."""
        if self.path_groups is None:
            return None
        ok = ~self.failed
        rates = [float(ok[self.path_groups == g].mean()) for g in np.unique(self.path_groups)]
        return min(rates), max(rates)

    # ----- tables
    def age_labels(self) -> list[str]:
        if len(self.plan.people) == 1:
            return ["Age"]
        labels = [f"Age {p.name}" for p in self.plan.people]
        if labels[0] == labels[1]:  # a couple of one name (found by fuzzing: two "Age Alex"
            labels[1] += " (2)"     # columns crashed the report's year pages)
        return labels

    def account_columns(self) -> list[str]:
        """The year table's column of each account: its name, or, when the name is one of
        the table's own columns ("Year", an age, "Total balance", a cash flow) or another
        account's column, the name with " (account)" added (as often as it takes), so an
        account never overwrites a column."""
        used = {"Year", "Total balance", *self.age_labels(), *(label for _, label in FLOW_COLUMNS)}
        out = []
        for name in self.account_names:
            column = name
            while column in used:
                column = f"{column} (account)"
            used.add(column)
            out.append(column)
        return out

    def year_table(self, real: bool = False, path: int | None = None) -> pd.DataFrame:
        """One row per year: ages (NaN after a death), balances per account, total, and
        every cash flow.

        For one path that path is shown; for many, the path with the median estate (a real
        sequence of years, not a mix of medians). The table ends with the path's last death.
        """
        import pandas as pd

        return pd.DataFrame(self.year_columns(real, path))

    def year_columns(self, real: bool = False, path: int | None = None) -> dict[str, np.ndarray]:
        """The columns of ``year_table`` by label, in order, without pandas (the window's
        table needs no DataFrame, and pandas costs a third of a second to import)."""
        one = self.path(self.median_path() if path is None else path)
        last = int(one.end_index[0]) + 1
        end_index = one.price_index[0, 1:last + 1]
        start_index = one.price_index[0, :last]
        data: dict[str, np.ndarray] = {"Year": self.years[:last].astype(int)}
        for p, (label, ages) in enumerate(zip(self.age_labels(), self.ages, strict=True)):
            # An age only while the person lives: blank (NaN) after their death.
            alive = np.arange(last) <= one.death_t[p, 0]
            data[label] = ages[:last].astype(int) if alive.all() else np.where(
                alive, ages[:last], np.nan)
        for a, column in enumerate(self.account_columns()):
            b = one.balances[a, 0, :last]
            data[column] = b / end_index if real else b
        total = one.total_balance[0, :last]
        data["Total balance"] = total / end_index if real else total
        for key, label in FLOW_COLUMNS:
            v = one.flows[key][0, :last]
            data[label] = v / start_index if real else v
        return data
