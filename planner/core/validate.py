"""Value checks on a Plan: each problem names the field (a JSON path) and the reason.

Types are checked when a plan is read (``serialize``); this module checks that the values
make sense together: ages in order, allocations adding up to 100%, owners that exist.
"""

from __future__ import annotations

import calendar
import math
import unicodedata
from collections.abc import Iterator

import numpy as np

from planner.core.errors import Problem
from planner.core.model import (
    MAX_ACCOUNTS,
    MAX_CONVERSIONS,
    MAX_INCOME_STREAMS,
    MAX_INFLOWS,
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    MAX_ONE_OFFS,
    MAX_SPENDING_PHASES,
    AccountKind,
    ContributionUnit,
    MarketDraws,
    Mode,
    Plan,
)
from planner.core.state_tax import state_codes

FIRST_RULE_YEAR = 2025  # the first tax year our rules file covers
LAST_START_YEAR = 2100
MAX_PATHS = 100_000
MAX_SEED = 2**53  # seeds stay exact as JSON numbers (the GUI offers up to 2**31 - 1)
# Characters that may not be in a name: control characters (terminal escapes, newlines),
# format characters (U+FEFF, the right-to-left override U+202E: invisible, they make a name
# look like another) and unpaired surrogates (not characters; no file can hold them). The
# zero-width (non-)joiners are kept: scripts such as Persian and Devanagari need them.
_BAD_CATEGORIES = ("Cc", "Cf", "Cs")
_JOINERS = "\u200c\u200d"
_NOTES_CONTROLS = "\t\n\r"


def _pct(x: float) -> str:
    if not math.isfinite(x) or abs(x) >= 1e6:
        return f"{x * 100:.3g}%" if math.isfinite(x * 100) else f"{x:.3g} (as a rate)"
    return f"{x * 100:.4g}%"


def _number(x: float) -> str:
    if not math.isfinite(x) or abs(x) >= 1e15:
        return f"{x:.3g}"
    return f"{x:,.0f}" if abs(x) >= 1000 and float(x).is_integer() else f"{x:,.10g}"


def _range(
    path: str, value: float, low: float, high: float, what: str = "", pct: bool = False
) -> Iterator[Problem]:
    if not math.isfinite(value):
        yield Problem(path, "must be a finite number")
    elif not low <= value <= high:
        show = _pct if pct else (str if what == "year" else _number)
        what = what or "value"
        yield Problem(path, f"{what} {show(value)} is outside {show(low)} to {show(high)}")


def validate(plan: Plan, mode: Mode | str | None = None) -> list[Problem]:
    """Every problem in the plan, in form order; an empty list means the plan can run in
    ``mode`` (the plan's own mode if None): everything a run checks is checked here, so a
    plan that validates never fails to run. Linear in the plan's size."""
    problems = list(_plan(plan))
    if not problems:  # the window's length needs sound ages and data years
        run_mode = Mode(mode) if mode is not None else plan.simulation.mode
        problems += _history_window(plan, run_mode)
    return problems


def _text(path: str, value: str, what: str, limit: int = MAX_NAME_CHARS,
          allowed: str = "") -> Iterator[Problem]:
    """A name or label: at most ``limit`` characters, none of them invisible or a control."""
    if len(value) > limit:
        yield Problem(path, f"{what} of {len(value):,} characters is too long "
                      f"(at most {limit})")
    for c in value:
        if unicodedata.category(c) in _BAD_CATEGORIES and c not in _JOINERS + allowed:
            kind = {"Cc": "a control character", "Cf": "an invisible format character",
                    "Cs": "an unpaired surrogate"}[unicodedata.category(c)]
            yield Problem(path, f"{what} holds {kind} ({ascii(c)[1:-1]}); "
                          "retype it without it")
            return


def _shown(name: str) -> str:
    """A name inside a message: escaped if it holds what a terminal would act on, and cut
    short if too long (that problem is reported on the name itself)."""
    cut = name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS] + "..."
    return cut if cut.isprintable() else ascii(cut)[1:-1]


def _count(path: str, items: tuple[object, ...], cap: int, what: str) -> Iterator[Problem]:
    if len(items) > cap:
        yield Problem(path, f"{len(items):,} {what}; a plan holds at most {cap}")


def _plan(plan: Plan) -> Iterator[Problem]:
    if not plan.name.strip():
        yield Problem("name", "a plan needs a name")
    yield from _text("name", plan.name, "a name")
    yield from _text("notes", plan.notes, "the notes", MAX_NOTES_CHARS, _NOTES_CONTROLS)
    caps = [list(_count("accounts", plan.accounts, MAX_ACCOUNTS, "accounts")),
            list(_count("income", plan.income, MAX_INCOME_STREAMS, "income streams")),
            list(_count("inflows", plan.inflows, MAX_INFLOWS, "inflows")),
            list(_count("spending.phases", plan.spending.phases, MAX_SPENDING_PHASES,
                        "spending phases")),
            list(_count("spending.one_offs", plan.spending.one_offs, MAX_ONE_OFFS,
                        "one-off expenses")),
            list(_count("taxes.conversions", plan.taxes.conversions, MAX_CONVERSIONS,
                        "conversions"))]
    if any(caps):  # checking each of thousands of entries would only bury these lines
        for problems in caps:
            yield from problems
        return
    if not FIRST_RULE_YEAR <= plan.start_year <= LAST_START_YEAR:
        yield Problem(
            "start_year",
            f"must be between {FIRST_RULE_YEAR} and {LAST_START_YEAR} "
            f"(tax rules start in {FIRST_RULE_YEAR})",
        )
    if len(plan.people) not in (1, 2):
        yield Problem("people", f"a household has 1 or 2 people, not {len(plan.people)}")
    for i, _person in enumerate(plan.people):
        yield from _person_problems(plan, i)
    first_named: dict[str, int] = {}
    for i, account in enumerate(plan.accounts):
        path = f"accounts[{i}]"
        name = account.name.strip()
        if not name:
            yield Problem(f"{path}.name", "an account needs a name")
        elif first_named.setdefault(name, i) != i:
            yield Problem(f"{path}.name",
                          f"another account is already called '{_shown(account.name)}'")
        yield from _text(f"{path}.name", account.name, "a name")
        yield from _account_problems(plan, i)
    for i in range(len(plan.income)):
        yield from _income_problems(plan, i)
    for i in range(len(plan.inflows)):
        yield from _inflow_problems(plan, i)
    yield from _spending_problems(plan)
    yield from _health_problems(plan)
    yield from _assumption_problems(plan)
    yield from _tax_problems(plan)
    if not 1 <= plan.simulation.paths <= MAX_PATHS:
        yield Problem("simulation.paths", f"must be between 1 and {MAX_PATHS:,}")
    yield from _simulation_problems(plan)


def _person_problems(plan: Plan, i: int) -> Iterator[Problem]:
    p = plan.people[i]
    path = f"people[{i}]"
    age = plan.start_year - p.birth_year
    if not p.name.strip():
        yield Problem(f"{path}.name", "a person needs a name")
    yield from _text(f"{path}.name", p.name, "a name")
    if not 18 <= age <= 110:
        yield Problem(
            f"{path}.birth_year",
            f"gives an age of {age} in {plan.start_year}; the planner covers ages 18 to 110",
        )
        return
    if p.retirement_age < age:
        yield Problem(
            f"{path}.retirement_age",
            f"{p.retirement_age} is below the current age {age} "
            f"(if already retired, use {age})",
        )
    elif p.retirement_age > 100:
        yield Problem(f"{path}.retirement_age", "must be 100 or less")
    if p.horizon_age <= age:
        yield Problem(f"{path}.horizon_age", f"must be above the current age {age}")
    elif p.horizon_age < p.retirement_age:
        yield Problem(f"{path}.horizon_age", "must not be below the retirement age")
    elif p.horizon_age > 120:
        yield Problem(f"{path}.horizon_age", "must be 120 or less")
    yield from _range(f"{path}.salary", p.salary, 0, 50_000_000, "salary")
    yield from _range(
        f"{path}.salary_growth_rate", p.salary_growth_rate, -0.2, 0.3, "raise", True
    )
    ss = p.social_security
    yield from _range(
        f"{path}.social_security.monthly_benefit_at_fra",
        ss.monthly_benefit_at_fra,
        0,
        20_000,
        "monthly benefit",
    )
    if not 62 <= ss.claim_age <= 70:
        yield Problem(
            f"{path}.social_security.claim_age",
            f"{ss.claim_age:g} is outside the claiming ages 62 to 70",
        )
    if not 1 <= p.birth_month <= 12:
        yield Problem(f"{path}.birth_month", f"{p.birth_month} is not a month (1 to 12)")
    elif not 1 <= p.birth_day <= calendar.monthrange(p.birth_year, p.birth_month)[1]:
        yield Problem(f"{path}.birth_day", f"{p.birth_day} is not a day of "
                      f"{calendar.month_name[p.birth_month]} {p.birth_year}")
    if p.health_coverage_until_age is not None and not 18 <= p.health_coverage_until_age <= 120:
        yield Problem(f"{path}.health_coverage_until_age",
                      f"{p.health_coverage_until_age} is not an age between 18 and 120")
    if p.death_age is not None:
        if p.death_age < age:
            who = _shown(p.name.strip()) or "this person"
            yield Problem(f"{path}.death_age", f"{p.death_age} is before today: "
                          f"{who} is {age} in {plan.start_year}")
        elif p.death_age > 120:
            yield Problem(f"{path}.death_age", "must be 120 or less")


def _person_exists(plan: Plan, index: int, path: str) -> Iterator[Problem]:
    if not 0 <= index < len(plan.people):
        people = len(plan.people)
        valid = "0" if people == 1 else f"0 or {people - 1}"
        yield Problem(path, f"{index} is not a person of the household "
                      f"(people count from 0: use {valid})")


def _income_problems(plan: Plan, i: int) -> Iterator[Problem]:
    s = plan.income[i]
    path = f"income[{i}]"
    if not s.name.strip():
        yield Problem(f"{path}.name", "an income needs a name")
    yield from _text(f"{path}.name", s.name, "a name")
    owner_problems = list(_person_exists(plan, s.owner, f"{path}.owner"))
    yield from owner_problems
    yield from _range(f"{path}.amount", s.amount, 0, 100_000_000, "amount")
    # Checked even when unused (growth with inflation): a value kept in the plan is a value.
    yield from _range(f"{path}.growth_rate", s.growth_rate, -0.1, 0.2, "increase", True)
    yield from _range(f"{path}.survivor_share", s.survivor_share, 0, 1, "survivor share", True)
    if s.kind.earned and s.survivor_share > 0:
        yield Problem(f"{path}.survivor_share", "pay for work stops at death: use 0%")
    for name in ("start", "end"):
        if getattr(s, f"{name}_age") is not None and getattr(s, f"{name}_year") is not None:
            yield Problem(f"{path}.{name}_year", f"give a {name} age or a {name} year, not both")
    for name in ("start_age", "end_age"):
        value = getattr(s, name)
        if value is not None:
            yield from _range(f"{path}.{name}", value, 0, 120, "age")
    for name in ("start_year", "end_year"):
        value = getattr(s, name)
        if value is not None:
            yield from _range(f"{path}.{name}", value, 1900, 2200, "year")
    if owner_problems or not plan.people:
        return
    born = plan.people[s.owner].birth_year
    first = _year_of(s.start_age, s.start_year, born)
    last = _year_of(s.end_age, s.end_year, born)
    if first is not None and last is not None and last < first:
        where = "end_age" if s.end_age is not None else "end_year"
        yield Problem(f"{path}.{where}", f"ends {_when(s.end_age, last)}, before it starts "
                      f"{_when(s.start_age, first)}")
    elif last is not None and last < plan.start_year:
        where = "end_age" if s.end_age is not None else "end_year"
        yield Problem(f"{path}.{where}", f"ended in {last}, before the plan starts "
                      f"({plan.start_year})")


def _when(age: int | None, year: int) -> str:
    return f"at age {age} ({year})" if age is not None else f"in {year}"


def _year_of(age: int | None, year: int | None, born: int) -> int | None:
    return year if year is not None else (None if age is None else born + age)


def _inflow_problems(plan: Plan, i: int) -> Iterator[Problem]:
    f = plan.inflows[i]
    path = f"inflows[{i}]"
    yield from _text(f"{path}.label", f.label, "a label")
    if plan.people and not plan.start_year <= f.year <= plan.end_year:
        yield Problem(f"{path}.year",
                      f"{f.year} is outside the plan ({plan.start_year}-{plan.end_year})")
    yield from _range(f"{path}.amount", f.amount, 0, 1e10, "amount")
    yield from _range(f"{path}.taxable_amount", f.taxable_amount, 0, 1e10, "taxable amount")
    if f.taxable_amount > f.amount:
        yield Problem(f"{path}.taxable_amount", f"{_number(f.taxable_amount)} cannot exceed "
                      f"the amount received ({_number(f.amount)})")


def _account_problems(plan: Plan, i: int) -> Iterator[Problem]:
    a = plan.accounts[i]
    path = f"accounts[{i}]"
    yield from _person_exists(plan, a.owner, f"{path}.owner")
    if a.joint and a.kind is not AccountKind.TAXABLE:
        yield Problem(f"{path}.joint", "only a taxable account can be held jointly "
                      "(retirement accounts and HSAs have one owner)")
    elif a.joint and not plan.is_couple:
        yield Problem(f"{path}.joint", "a joint account needs a household of two")
    yield from _range(f"{path}.balance", a.balance, 0, 1e11, "balance")
    if a.cost_basis is not None:
        if a.kind not in (AccountKind.TAXABLE, AccountKind.ROTH_401K, AccountKind.ROTH_IRA,
                          AccountKind.TRADITIONAL_IRA):
            yield Problem(f"{path}.cost_basis", "applies only to taxable, Roth and traditional "
                          "IRA accounts (after-tax contributions)")
        else:
            yield from _range(f"{path}.cost_basis", a.cost_basis, 0, 1e11, "cost basis")
            if a.kind is AccountKind.TRADITIONAL_IRA and a.cost_basis > a.balance:
                yield Problem(f"{path}.cost_basis", "after-tax contributions cannot exceed "
                              "the balance")
    if a.contribution_unit is ContributionUnit.PERCENT_OF_SALARY:
        yield from _range(f"{path}.contribution", a.contribution, 0, 1, "contribution", True)
    else:  # in dollars, or kept but unused (contributing up to the IRS limit)
        yield from _range(f"{path}.contribution", a.contribution, 0, 1e9, "contribution")
        if a.contribution_unit is not ContributionUnit.DOLLARS and \
                a.kind is AccountKind.TAXABLE:
            yield Problem(f"{path}.contribution_unit",
                          "a taxable account has no IRS limit to contribute up to")
    has_match = a.employer_match_rate or a.employer_match_cap
    if has_match and not a.kind.is_401k:
        yield Problem(f"{path}.employer_match_rate", "only a 401(k) has an employer match")
    yield from _range(
        f"{path}.employer_match_rate", a.employer_match_rate, 0, 2, "match rate", True
    )
    yield from _range(f"{path}.employer_match_cap", a.employer_match_cap, 0, 1, "match cap", True)
    alloc = a.allocation.as_tuple()
    for name, share in zip(("stocks", "bonds", "cash", "crypto"), alloc, strict=True):
        yield from _range(f"{path}.allocation.{name}", share, 0, 1, name, True)
    total = sum(alloc)
    if abs(total - 1) > 0.0005:
        yield Problem(f"{path}.allocation", f"must add up to 100% (now {_pct(total)})")
    if a.crypto_cap is not None:
        yield from _range(f"{path}.crypto_cap", a.crypto_cap, 0, 1, "crypto cap", True)
        if 0 <= a.crypto_cap < a.allocation.crypto - 1e-9:
            yield Problem(f"{path}.allocation.crypto",
                          f"{_pct(a.allocation.crypto)} is above the account's crypto cap "
                          f"of {_pct(a.crypto_cap)}")
    # Checked even when unused (yearly rebalancing): a value kept in the plan is a value.
    yield from _range(f"{path}.rebalance_band", a.rebalance_band, 0.005, 0.5,
                      "rebalancing band", True)


def _spending_problems(plan: Plan) -> Iterator[Problem]:
    s = plan.spending
    yield from _range("spending.annual", s.annual, 0, 1e9, "spending")
    yield from _range("spending.withdrawal_rate", s.withdrawal_rate, 0, 0.5, "rate", True)
    yield from _range("spending.guardrail_band", s.guardrail_band, 0.01, 1, "band", True)
    yield from _range(
        "spending.guardrail_adjustment", s.guardrail_adjustment, 0.01, 0.5, "adjustment", True
    )
    for name in ("floor", "ceiling"):
        value = getattr(s, name)
        if value is not None:
            yield from _range(f"spending.{name}", value, 0, 1e9, name)
    if s.floor is not None and s.ceiling is not None and s.floor > s.ceiling:
        yield Problem("spending.ceiling", "must not be below the floor")
    if s.pre_retirement_annual is not None:
        yield from _range("spending.pre_retirement_annual", s.pre_retirement_annual, 0, 1e9,
                          "spending")
    yield from _range("spending.survivor_change", s.survivor_change, -1, 1, "change", True)
    if s.phase_person is not None:
        yield from _person_exists(plan, s.phase_person, "spending.phase_person")
    if s.surplus_account:
        named = [a for a in plan.accounts if a.name.strip() == s.surplus_account.strip()]
        if not named:
            yield Problem("spending.surplus_account",
                          f"no account is called '{_shown(s.surplus_account)}'")
        elif named[0].kind is not AccountKind.TAXABLE:
            yield Problem("spending.surplus_account",
                          "surpluses go to a taxable account (the others take only "
                          "contributions within their limits)")
    for j, phase in enumerate(s.phases):
        pp = f"spending.phases[{j}]"
        yield from _range(f"{pp}.annual", phase.annual, 0, 1e9, "spending")
        if not 0 <= phase.start_age <= 120:
            yield Problem(f"{pp}.start_age", "must be an age between 0 and 120")
    for j, one in enumerate(s.one_offs):
        op = f"spending.one_offs[{j}]"
        yield from _text(f"{op}.label", one.label, "a label")
        if plan.people and not plan.start_year <= one.year <= plan.end_year:
            yield Problem(
                f"{op}.year", f"{one.year} is outside the plan ({plan.start_year}-{plan.end_year})"
            )
        if one.amount < 0:
            yield Problem(f"{op}.amount", "an expense cannot be negative "
                          "(money received is an inflow, on the Income page)")
        else:
            yield from _range(f"{op}.amount", one.amount, 0, 1e9, "amount")


def _health_problems(plan: Plan) -> Iterator[Problem]:
    h = plan.health
    for name, high in (("aca_benchmark_monthly", 20_000), ("own_premium_annual", 1e6)):
        value = getattr(h, name)
        if value is not None:
            if value < 0:
                yield Problem(f"health.{name}", "a premium cannot be below zero")
            else:
                yield from _range(f"health.{name}", value, 0, high, "premium")
    if h.out_of_pocket_annual < 0:
        yield Problem("health.out_of_pocket_annual", "a cost cannot be below zero")
    else:
        yield from _range("health.out_of_pocket_annual", h.out_of_pocket_annual, 0, 1e7, "cost")
    yield from _range("health.cost_growth", h.cost_growth, -0.05, 0.2, "growth", True)


def _assumption_problems(plan: Plan) -> Iterator[Problem]:
    a = plan.assumptions
    yield from _range("assumptions.inflation_rate", a.inflation_rate, -0.05, 0.2, "inflation", True)
    yield from _range("assumptions.fee_rate", a.fee_rate, 0, 0.05, "fee", True)
    yield from _range(
        "assumptions.stock_dividend_yield", a.stock_dividend_yield, 0, 0.1, "dividend yield", True
    )
    if a.stock_dividend_yield > a.stocks.expected_return:
        yield Problem("assumptions.stock_dividend_yield", "cannot exceed the stock return")
    for name in ("stocks", "bonds", "cash"):
        c = a.asset(name)
        yield from _range(
            f"assumptions.{name}.expected_return", c.expected_return, -0.5, 0.5, "return", True
        )
        yield from _range(
            f"assumptions.{name}.volatility", c.volatility, 0, 3, "volatility", True
        )
    yield from _range("assumptions.inflation_volatility", a.inflation_volatility, 0, 0.2,
                      "inflation volatility", True)
    yield from _range("assumptions.inflation_persistence", a.inflation_persistence, 0, 0.95,
                      "persistence")
    o = a.crypto
    yield from _range("assumptions.crypto.median", o.median, -0.9, 2.0, "median return", True)
    yield from _range("assumptions.crypto.volatility", o.volatility, 0, 3, "volatility", True)
    yield from _range("assumptions.crypto.collapse_chance", o.collapse_chance, 0, 0.5,
                      "collapse chance", True)
    yield from _range("assumptions.social_security_cut_year", a.social_security_cut_year,
                      FIRST_RULE_YEAR, LAST_START_YEAR, "year")
    yield from _range("assumptions.social_security_payable_share",
                      a.social_security_payable_share, 0, 1, "payable share", True)


def _simulation_problems(plan: Plan) -> Iterator[Problem]:
    sim = plan.simulation
    if sim.seed < 0:
        yield Problem("simulation.seed", "must be zero or positive")
    elif sim.seed > MAX_SEED:
        yield Problem("simulation.seed", f"must be at most {MAX_SEED:,}")
    yield from _range("simulation.block_years", sim.block_years, 1, 30, "block length")
    yield from _range("simulation.crypto_t_dof", sim.crypto_t_dof, 2.5, 100, "degrees of freedom")
    yield from _range(
        "simulation.crypto_stock_correlation", sim.crypto_stock_correlation, -0.99, 0.99,
        "correlation",
    )
    for name in ("history_first", "history_last"):
        year = getattr(sim, name)
        if year is not None and not 1872 <= year <= 2024:
            yield Problem(f"simulation.{name}", f"{year} is outside the data (1872-2024)")
    if sim.return_series is not None:
        from planner.core.return_series import series_problems

        yield from series_problems(sim.return_series)
    zero = sim.stress_crypto_zero_year
    if zero is not None and plan.people and not plan.start_year <= zero <= plan.end_year:
        yield Problem("simulation.stress_crypto_zero_year",
                      f"{zero} is outside the plan's years ({plan.start_year}-{plan.end_year})")
    if sim.history_first and sim.history_last and sim.history_first > sim.history_last:
        yield Problem("simulation.history_last", "must not be before the first year")
    corr = np.array(plan.assumptions.correlation, dtype=float)
    if not (np.allclose(corr, corr.T) and np.allclose(np.diag(corr), 1)
            and np.all(np.abs(corr) <= 1)):
        yield Problem("assumptions.correlation",
                      "must be symmetric, with ones on the diagonal and values in -1..1")
    elif np.linalg.eigvalsh(corr).min() <= 1e-10:
        yield Problem("assumptions.correlation", "is not a valid correlation matrix "
                      "(not positive definite)")


def _state_code(path: str, code: str) -> Iterator[Problem]:
    if code and code not in state_codes():
        yield Problem(path, f"{code!r} is not a state: use a two-letter postal code such as "
                      "CA or NY (DC for Washington, D.C.), or leave it empty for a custom "
                      "flat rate")


BRACKET_RATES = (0.10, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37)


def _conversion_ages(plan: Plan) -> Iterator[Problem]:
    t = plan.taxes
    start, stop = t.conversion_start_age, t.conversion_stop_age
    if not plan.people:
        return
    first = plan.people[0]
    for name, age in (("conversion_start_age", start), ("conversion_stop_age", stop)):
        if age is not None and not 18 <= age <= first.horizon_age:
            yield Problem(f"taxes.{name}", f"{age} is not an age in the plan: use 18 to "
                          f"{first.horizon_age} ({_shown(first.name)}'s age)")
    if start is not None and stop is not None and stop < start:
        yield Problem("taxes.conversion_stop_age", f"{stop} is before the start age {start}: "
                      "conversions need a stop age at or after their start")


def _tax_problems(plan: Plan) -> Iterator[Problem]:
    t = plan.taxes
    yield from _range("taxes.state_rate", t.state_rate, 0, 0.15, "state tax", True)
    yield from _state_code("taxes.state", t.state)
    if t.state_move is not None:
        yield from _state_code("taxes.state_move.state", t.state_move.state)
        if t.state_move.state == t.state:
            yield Problem("taxes.state_move.state", "is the state you already live in: choose "
                          "another, or no move")
        if plan.people and not plan.start_year < t.state_move.year <= plan.end_year:
            yield Problem("taxes.state_move.year",
                          f"{t.state_move.year} is outside the plan: a move takes effect "
                          f"from {plan.start_year + 1} to {plan.end_year}")
    yield from _range("taxes.conversion_irmaa_tier", t.conversion_irmaa_tier, 0, 4, "tier")
    yield from _conversion_ages(plan)
    yield from _range("taxes.heirs_tax_rate", t.heirs_tax_rate, 0, 0.6, "heirs' tax rate", True)
    for name in ("fill_bracket_rate", "conversion_bracket_rate"):
        rate = getattr(t, name)
        if not any(abs(rate - r) < 1e-9 for r in BRACKET_RATES):
            yield Problem(f"taxes.{name}", f"{_pct(rate)} is not a federal bracket "
                          f"({', '.join(_pct(r) for r in BRACKET_RATES)})")
    for j, conv in enumerate(t.conversions):
        cp = f"taxes.conversions[{j}]"
        if plan.people and not plan.start_year <= conv.year <= plan.end_year:
            yield Problem(f"{cp}.year", f"{conv.year} is outside the plan "
                          f"({plan.start_year}-{plan.end_year})")
        yield from _range(f"{cp}.amount", conv.amount, 0, 1e9, "amount")
    converting = t.roth_conversion.value != "none"
    roth_owners = {r.owner for r in plan.accounts if r.kind.is_roth}  # one pass, not pairs
    pairs = any(a.kind.is_traditional and a.owner in roth_owners for a in plan.accounts)
    if converting and not pairs:
        yield Problem("taxes.roth_conversion",
                      "conversions need a traditional account and a Roth account of the same "
                      "person to receive them")


def _history_window(plan: Plan, mode: Mode) -> Iterator[Problem]:
    """The data a run replays must cover it: a historical run needs a window of data years
    as long as the plan, block-bootstrap Monte Carlo a block. (The engine raises the same
    problem, montecarlo._history; this keeps ``validate`` from passing what ``run`` refuses.)"""
    sim = plan.simulation
    if mode is Mode.HISTORICAL:
        needed, why = plan.end_year - plan.start_year + 1, "a historical run replays the plan"
    elif mode is Mode.MONTE_CARLO and sim.market_draws is MarketDraws.BLOCK_BOOTSTRAP:
        needed, why = sim.block_years, "Monte Carlo draws blocks"
    else:
        return
    if sim.return_series is not None:
        years = list(sim.return_series.years)
        field = "simulation.return_series"
    else:
        from planner.core.market import us_market

        history = us_market(str(sim.history_bonds)).window(sim.history_first, sim.history_last)
        years = [int(y) for y in history.years]
        field = "simulation.history_first"
    if len(years) < needed:
        span = f"{years[0]}-{years[-1]}" if years else "empty"
        yield Problem(field, f"the window {span} holds {len(years)} years; {needed} are "
                      f"needed ({why}: {plan.start_year}-{plan.start_year + needed - 1})"
                      if mode is Mode.HISTORICAL else
                      f"the window {span} holds {len(years)} years; {needed} are needed "
                      f"({why} of {needed} years)")
