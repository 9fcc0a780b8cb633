"""State income tax by state, vectorised over paths (resources/data/us_state_rules.json).

The data file gives each state's rules for 2025 and 2026 in one schema; this module applies
the calculation that schema supports (us_state_rules.md, "A generic calculation"):

1. start from federal AGI (or federal taxable income, for the states that start there);
2. subtract the taxable Social Security the state does not tax (exempt, exempt below an
   income limit, or the partial subtractions of Colorado, Minnesota, Connecticut, New
   Mexico, Rhode Island, Vermont and West Virginia);
3. subtract each retirement-income exclusion person by person: the age test, the income it
   covers, the per-person cap (Colorado's less that person's Social Security subtraction),
   the per-return cap, an AGI limit or an income schedule;
4. subtract the capital-gains exclusion, the standard deduction (with its 65+ amounts) and
   the exemptions (with their 65+ amounts);
5. phase the standard deduction out where the state does (Alabama, Maine, South Carolina,
   Wisconsin) and Maine's exemptions; subtract Oregon's capped federal tax;
6. apply the brackets, then subtract the personal and 65+ credits (California's phased out
   above its AGI limit, Maryland's senior credit, Utah's Social Security credit) and add
   California's 1% tax on taxable income over $1 million.
Rules the schema only describes in words are listed per state in ``NOT_MODELLED``, and the
run's notes name them. Amounts hold for the year's table (2025, or 2026 for 2026 and later)
and, like the federal ones, are indexed by inflation in later years when brackets are.

What each income type means here: ``ira`` and ``401k_403b`` are a person's taxable
withdrawals from traditional accounts and Roth conversions; ``private_pension`` and
``annuity`` are their pension or annuity income (a pension is taken as private: public
pensions have their own exclusions in many states); interest, dividends and gains are
split equally among the people alive (jointly owned), and so is taxable Social Security
where a state needs it per person.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from planner.resources import resource_path

FIRST_YEAR, LAST_YEAR = 2025, 2026
JOINT, SINGLE = "married_filing_jointly", "single"
RETIREMENT_TYPES = frozenset({"ira", "401k_403b"})
PENSION_TYPES = frozenset({"private_pension", "annuity"})
INVESTMENT_TYPES = frozenset({"interest", "dividends", "capital_gains"})

# Rules of the data file that this calculation leaves out (us_state_rules.md lists the
# large gaps); the run's notes repeat them for the plan's state.
NOT_MODELLED: dict[str, str] = {
    "AL": "the deduction of federal income tax",
    "CT": "the personal tax credit, the bracket phase-out and benefit recapture",
    "DC": "filing separately on the same return",
    "DE": "filing separately on the same return",
    "HI": "the capital-gains maximum rate",
    "KY": "the family size credit",
    "MA": "the higher rate on short-term gains",
    "MD": "the exemption phase-down, the capital-gains surtax and county income tax",
    "ME": "the 2% surcharge on income over $1 million",
    "MT": "the separate capital-gains rates and the 65+ subtraction",
    "NE": "the cap at federal tax",
    "NM": "the 65+ exemption schedule and the capital-gains deduction",
    "NY": "the supplemental tax (benefit recapture) above $107,650 of AGI and New York City "
          "tax",
    "OH": "the senior citizen and retirement income credits",
    "PA": "tax forgiveness for low incomes (Schedule SP)",
    "UT": "the taxpayer credit",
    "VT": "the capital-gains exclusion",
    "WA": "the capital-gains excise tax on gains above $284,000",
}


# Exclusions whose AGI limit tapers them $1 for $1 (us_state_rules.json notes), and the
# income measured: Virginia's adjusted federal AGI leaves out taxable Social Security.
TAPERED: dict[str, Callable[[StateInputs], np.ndarray]] = {
    "VA": lambda x: np.asarray(x.agi - x.taxable_social_security),
    "MO": lambda x: x.agi,
}


@lru_cache(maxsize=1)
def _states() -> dict[str, Any]:
    with open(resource_path("data", "us_state_rules.json"), encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)["states"]
    return data


def state_codes() -> frozenset[str]:
    return frozenset(_states())


def state_names() -> list[tuple[str, str]]:
    """(postal code, name) of every state and DC, by name."""
    return sorted(((code, s["name"]) for code, s in _states().items()), key=lambda x: x[1])


def state_name(code: str) -> str:
    return str(_states()[code]["name"]) if code in _states() else code


def notes(codes: list[str]) -> tuple[str, ...]:
    """What a run's results should say about the states it taxed by."""
    out = []
    for code in dict.fromkeys(c for c in codes if c):
        left_out = NOT_MODELLED.get(code)
        if left_out:
            out.append(f"State tax ({state_name(code)}): not modelled: {left_out}.")
    if any(codes):
        out.append("State tax: local income taxes are not included; state amounts rise with "
                   "inflation after 2026 like the federal ones.")
    return tuple(out)


@lru_cache(maxsize=128)
def needs_people(code: str, year: int) -> bool:
    """Whether the state's tax for ``year`` looks at each person's retirement income."""
    table = _states()[code].get("years", {}).get(str(min(max(year, FIRST_YEAR), LAST_YEAR)))
    return bool(table and table.get("retirement_exclusions"))


def has_income_tax(code: str) -> bool:
    return _states()[code].get("income_tax") not in ("none", "capital_gains_only")


@dataclass(frozen=True)
class StateInputs:
    """One year of the household's income on every path ([N], or [P, N] per person)."""

    joint: np.ndarray  # [N] bool: married filing jointly
    alive: np.ndarray  # [P, N] bool
    ages: np.ndarray  # [P] ages attained in the year
    agi: np.ndarray  # federal AGI
    federal_taxable: np.ndarray  # federal taxable income
    federal_standard: np.ndarray  # federal standard deduction with its 65+ amounts
    social_security: np.ndarray  # gross benefits
    taxable_social_security: np.ndarray
    interest: np.ndarray
    dividends: np.ndarray  # qualified dividends
    gains: np.ndarray  # long-term gains and qualified dividends (as taxed federally)
    retirement: np.ndarray  # [P, N] taxable traditional withdrawals and conversions
    pension: np.ndarray  # [P, N] pensions and annuities
    wages: np.ndarray  # [P, N] pay and self-employment income
    federal_tax: np.ndarray | None = None  # federal income tax (Oregon subtracts it)
    index: np.ndarray | float = 1.0  # inflation since the table's year
    # A plain flat tax's deductions and exemptions (``flat_allowance``), when the caller
    # computed them ahead: they do not depend on the income.
    allowance: np.ndarray | None = None


@dataclass(frozen=True)
class StateTax:
    tax: np.ndarray  # [N]
    taxable_income: np.ndarray  # [N] state taxable income


# Year keys a flat tax may have and still be computed by ``_flat_tax`` (most flat states).
FLAT_KEYS = frozenset({"brackets", "standard_deduction",
                       "additional_standard_deduction_65_per_person", "personal_exemption",
                       "personal_exemption_per_person", "additional_exemption_65_per_person"})


@dataclass(frozen=True)
class _Flat:
    rate: float
    exempt_benefits: bool  # taxable Social Security is subtracted
    deduction: tuple[float, float]  # (joint, single) standard deduction and exemptions
    per_senior: tuple[float, float]  # (joint, single) more for each person 65+
    per_person: float  # exemption for each person


@lru_cache(maxsize=256)
def _flat(code: str, table_year: str) -> _Flat | None:
    """The few numbers of a plain flat tax, or None when the state's year has more."""
    state = _states()[code]
    y = state["years"][table_year]
    rows = y["brackets"]
    if (set(y) - FLAT_KEYS or len(rows[JOINT]) != 1 or rows[JOINT] != rows[SINGLE]
            or state.get("starting_point") not in ("federal_agi", "own_gross_income")
            or state["social_security"]["treatment"] not in ("exempt", "taxed_as_federal")
            or not isinstance(y.get("standard_deduction", {}), dict)):
        return None
    def pair(key: str) -> tuple[float, float]:
        value = y.get(key, 0.0)
        if isinstance(value, dict):
            return float(value.get(JOINT) or 0.0), float(value.get(SINGLE) or 0.0)
        return float(value), float(value)
    std, exemption = pair("standard_deduction"), pair("personal_exemption")
    extra_std, extra_exemption = (pair("additional_standard_deduction_65_per_person"),
                                  pair("additional_exemption_65_per_person"))
    return _Flat(rate=float(rows[JOINT][0][1]),
                 exempt_benefits=state["social_security"]["treatment"] == "exempt",
                 deduction=(std[0] + exemption[0], std[1] + exemption[1]),
                 per_senior=(extra_std[0] + extra_exemption[0],
                             extra_std[1] + extra_exemption[1]),
                 per_person=float(y.get("personal_exemption_per_person", 0.0)))


def _flat_allowance(f: _Flat, joint: np.ndarray, alive: np.ndarray, ages: np.ndarray,
                    idx: np.ndarray | float) -> np.ndarray:
    """[N] the flat tax's standard deduction and exemptions, with their 65+ amounts."""
    seniors = ((ages >= 65)[:, None] & alive).sum(axis=0)
    people = alive.sum(axis=0)
    return np.asarray((np.where(joint, f.deduction[0] + f.per_senior[0] * seniors,
                                f.deduction[1] + f.per_senior[1] * seniors)
                       + f.per_person * people) * idx)


def flat_allowance(code: str, year: int, joint: np.ndarray, alive: np.ndarray,
                   ages: np.ndarray, index: np.ndarray | float) -> np.ndarray | None:
    """[N] what a plain flat-tax state lets off the year's income (``StateInputs.allowance``),
    or None when the state's year is not one (``state_tax`` then works it all out). It
    depends only on who is alive and how they file, so it is computed once a year rather
    than on every pass of the withdrawal solver."""
    if not code or not has_income_tax(code):
        return None
    flat = _flat(code, str(min(max(year, FIRST_YEAR), LAST_YEAR)))
    return None if flat is None else _flat_allowance(flat, joint, alive, ages, index)


def _flat_tax(f: _Flat, x: StateInputs, idx: np.ndarray | float) -> StateTax:
    off = (x.allowance if x.allowance is not None
           else _flat_allowance(f, x.joint, x.alive, x.ages, idx))
    base = x.agi - x.taxable_social_security if f.exempt_benefits else x.agi
    taxable = np.maximum(base - off, 0.0)
    return StateTax(tax=np.asarray(f.rate * taxable), taxable_income=np.asarray(taxable))


def state_tax(code: str, year: int, x: StateInputs) -> StateTax:
    """The state's income tax for ``year`` (tables of 2025, or 2026 for later years)."""
    n = x.agi.shape[0]
    state = _states()[code]
    if not has_income_tax(code):
        zero = np.zeros(n)
        return StateTax(zero, zero)
    table_year = str(min(max(year, FIRST_YEAR), LAST_YEAR))
    flat = _flat(code, table_year)
    if flat is not None:  # the same calculation, in a few steps
        return _flat_tax(flat, x, x.index)
    y: dict[str, Any] = state["years"][table_year]
    idx = np.asarray(x.index, dtype=float)
    if idx.ndim == 0:
        idx = np.full(n, float(idx))
    law = _Law(y, x.joint, idx)
    start = y.get("starting_point", state.get("starting_point"))
    base = x.federal_taxable.copy() if start == "federal_taxable_income" else x.agi.copy()
    exclusions = bool(y.get("retirement_exclusions"))
    ss_kept: np.ndarray | None = None
    if not x.taxable_social_security.any():
        pass
    elif state["social_security"]["treatment"] == "exempt":
        base -= x.taxable_social_security  # all of it
    else:  # partly: per person where the rule needs it (Colorado)
        ss_kept = _social_security_subtraction(code, state, law, x,
                                               _per_person(x.taxable_social_security, x.alive))
        base -= ss_kept.sum(axis=0)
    if exclusions:
        kept = ss_kept if ss_kept is not None else np.zeros(x.retirement.shape)
        base -= _retirement_exclusions(code, law, x, kept)
    if "capital_gains_exclusion_fraction" in y:
        base -= law.number("capital_gains_exclusion_fraction") * np.maximum(x.gains, 0.0)
    seniors = ((x.ages >= 65)[:, None] & x.alive).sum(axis=0)
    people = x.alive.sum(axis=0)
    if start != "federal_taxable_income":
        # Phase-outs measure the state's own income so far (its AGI), not the federal one.
        base -= _standard_deduction(law, x, seniors, np.maximum(base, 0.0))
    base -= _exemptions(law, x, people, seniors)
    if "federal_tax_subtraction_cap" in y and x.federal_tax is not None:  # Oregon
        cap = _step_schedule(y["federal_tax_subtraction_cap"], x.joint, x.agi / idx) * idx
        base -= np.minimum(np.maximum(x.federal_tax, 0.0), cap)
    taxable = np.maximum(base, 0.0)
    tax = law.bracket_tax(taxable)
    if "base_tax_above_zero_bracket" in y:  # Ohio: a fixed amount once past the 0% band
        tax += np.where(taxable > law.bracket_start(1), y["base_tax_above_zero_bracket"] * idx,
                        0.0)
    credits: np.ndarray | float = 0.0
    if "personal_credit" in y:
        credits = credits + law.by_status("personal_credit")
    if "personal_credit_per_person" in y or "additional_credit_65_per_person" in y:
        credits = credits + (law.number("personal_credit_per_person") * people
                             + law.number("additional_credit_65_per_person") * seniors) * idx
    if "personal_credit_phase_out_agi_start" in y:  # California: $6 per $2,500 over
        state_agi = x.agi - x.taxable_social_security
        over = np.maximum(state_agi - law.by_status("personal_credit_phase_out_agi_start"), 0)
        steps = np.ceil(over / (2_500 * idx))  # each credit loses $6 a step
        credits = np.maximum(credits - 6 * steps * idx * (people + seniors), 0.0)
    if "senior_tax_credit" in y:  # Maryland: 65+ at or under the AGI limit
        rule = y["senior_tax_credit"]
        amount = np.where(x.joint, np.where(seniors >= 2, rule["married_filing_jointly_both_65"],
                                            rule["married_filing_jointly_one_65"]),
                          rule["single"])
        ok = (seniors > 0) & (x.agi <= _status_value(rule["agi_limit"], x.joint))
        credits = credits + np.where(ok, amount, 0.0)
    if "social_security_credit_phase_out_start" in y:  # Utah: the rate on taxable benefits,
        # less 2.5 cents per dollar of income over the start
        rate = law.y["brackets"][SINGLE][0][1]
        over = np.maximum(x.agi - law.by_status("social_security_credit_phase_out_start",
                                                indexed=False), 0)
        credits = credits + np.maximum(rate * x.taxable_social_security - 0.025 * over, 0.0)
    if np.any(credits):
        tax = np.maximum(tax - credits, 0.0)
    if "mental_health_surtax" in y:
        surtax = y["mental_health_surtax"]
        tax += surtax["rate"] * np.maximum(taxable - surtax["taxable_income_over"] * idx, 0.0)
    for key in ("zero_tax_agi_threshold", "no_tax_gross_income_at_or_below"):
        if key in y:  # Kansas, New Jersey: no tax at or below an income level
            tax = np.where(x.agi <= law.by_status(key), 0.0, tax)
    return StateTax(tax=np.asarray(tax), taxable_income=np.asarray(taxable))


class _Law:
    """The year's numbers, read per path's filing status and indexed."""

    def __init__(self, year: dict[str, Any], joint: np.ndarray, index: np.ndarray) -> None:
        self.y, self.joint, self.index = year, joint, index

    def number(self, key: str) -> float:
        value = self.y.get(key, 0.0)
        return float(value) if isinstance(value, int | float) else 0.0

    def by_status(self, key: str, indexed: bool = True) -> np.ndarray:
        """[N] an amount that may differ by filing status (0 if the state has none)."""
        value = self.y.get(key, 0.0)
        if isinstance(value, dict):
            amount = np.where(self.joint, float(value.get(JOINT) or 0.0),
                              float(value.get(SINGLE) or 0.0))
        else:
            amount = np.full(self.joint.shape, float(value or 0.0))
        return np.asarray(amount * self.index if indexed else amount)

    def bracket_tax(self, taxable: np.ndarray) -> np.ndarray:
        joint_rows, single_rows = self.y["brackets"][JOINT], self.y["brackets"][SINGLE]
        if len(joint_rows) == 1 and joint_rows == single_rows:  # a flat tax
            return np.asarray(float(joint_rows[0][1]) * taxable)
        tax = np.zeros_like(taxable)
        for status, mask in ((JOINT, self.joint), (SINGLE, ~self.joint)):
            if not mask.any():
                continue
            rows = self.y["brackets"][status]
            lower = np.array([float(r[0]) for r in rows])
            rates = np.array([float(r[1]) for r in rows])
            real = taxable / self.index
            upper = np.append(lower[1:], np.inf)
            filled = np.clip(real[:, None] - lower[None, :], 0, (upper - lower)[None, :])
            tax = np.where(mask, (filled * rates).sum(axis=1) * self.index, tax)
        return tax

    def bracket_start(self, k: int) -> np.ndarray:
        joint_rows, single_rows = self.y["brackets"][JOINT], self.y["brackets"][SINGLE]
        return np.asarray(np.where(self.joint, joint_rows[k][0], single_rows[k][0]) * self.index)


def _per_person(amount: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """[P, N] a household amount split equally among the people alive."""
    count = np.maximum(alive.sum(axis=0), 1)
    return np.asarray(alive * (amount / count))


def _social_security_subtraction(code: str, state: dict[str, Any], law: _Law, x: StateInputs,
                                 ss: np.ndarray) -> np.ndarray:
    """[P, N] the taxable Social Security each person subtracts."""
    treatment = state["social_security"]["treatment"]
    if treatment in ("taxed_as_federal", "credit") or not ss.any():
        return np.zeros_like(ss)
    agi = x.agi
    if code == "CO":  # 65+: all; 55-64: up to $20,000 each, or all at low AGI
        full = agi <= law.by_status("social_security_full_subtraction_agi_limit_55_64",
                                    indexed=False)
        ages = x.ages[:, None]
        young = np.where(full, ss, np.minimum(ss, 20_000.0))
        return np.asarray(np.where(ages >= 65, ss, np.where(ages >= 55, young, 0.0)))
    if code == "MN":  # all up to the limit, then 10% less per $4,000 of AGI over it
        over = np.maximum(agi - law.by_status("social_security_full_subtraction_agi_up_to"), 0)
        step = law.y["social_security_reduction"]
        per = np.where(x.joint, step["per_agi_increment"][JOINT],
                       step["per_agi_increment"][SINGLE]) * law.index
        share = np.clip(1 - step["rate"] * np.ceil(over / per), 0, 1)
        return np.asarray(ss * share)
    if code == "CT":  # all below the AGI limit; above it at most 25% stays taxed
        below = agi < law.by_status("social_security_full_exemption_agi_below", indexed=False)
        taxed_max = law.number("social_security_max_taxable_share_above") or 0.25
        gross = _per_person(x.social_security, x.alive)
        return np.asarray(np.where(below, ss, np.maximum(ss - taxed_max * gross, 0.0)))
    if code == "WV":  # all below the limit, a fraction above it
        below = agi <= law.by_status("social_security_full_subtraction_agi_limit", indexed=False)
        fraction = law.number("social_security_subtraction_fraction_above_limit")
        return np.asarray(np.where(below, ss, ss * fraction))
    if code == "VT":  # all below the phase-out, none above its end
        rule = law.y.get("social_security_exemption_phase_out", {})
        start = _status_value(rule.get("start"), x.joint)
        end = _status_value(rule.get("end"), x.joint)
        share = np.clip((end - agi) / np.maximum(end - start, 1.0), 0, 1)
        return np.asarray(ss * share)
    for key in ("social_security_exempt_income_limit", "social_security_exempt_agi_limit"):
        if key in law.y:  # NM, RI: all at or under the limit
            return np.asarray(np.where(agi <= law.by_status(key, indexed=False), ss, 0.0))
    if treatment in ("exempt", "exempt_below_income_limit"):
        return ss
    return np.zeros_like(ss)


def _status_value(value: Any, joint: np.ndarray) -> np.ndarray:
    if isinstance(value, dict):
        return np.asarray(np.where(joint, float(value[JOINT]), float(value[SINGLE])))
    return np.full(joint.shape, float(value or 0.0))


def _retirement_exclusions(code: str, law: _Law, x: StateInputs,
                           ss_kept: np.ndarray) -> np.ndarray:
    """[N] all retirement-income exclusions of the year, person by person."""
    rules: list[dict[str, Any]] = law.y.get("retirement_exclusions") or []
    total = np.zeros(x.agi.shape)
    if not rules:
        return total
    investment = _per_person(np.maximum(x.interest + x.gains, 0.0), x.alive)
    taken = np.zeros(x.retirement.shape)  # [P, N] each person's income already excluded
    for rule in rules:
        types = set(rule["income_types"])
        income = np.zeros(x.retirement.shape)
        if types & RETIREMENT_TYPES:
            income += x.retirement
        if types & PENSION_TYPES:
            income += x.pension
        if types & INVESTMENT_TYPES:
            income += investment
        if "any_income" in types:
            income += x.retirement + x.pension + investment + x.wages
        income = np.maximum(income - taken, 0.0) * x.alive
        ok = np.ones(len(x.ages), dtype=bool)
        if rule.get("min_age") is not None:
            ok &= x.ages >= math.ceil(rule["min_age"])  # 59 1/2: from the year one turns 60
        if rule.get("max_age") is not None:
            ok &= x.ages <= rule["max_age"]
        income = income * ok[:, None]
        cap = rule.get("max_per_person")
        if cap is not None:
            per_person = float(cap) * law.index
            if code == "CO":  # the cap is shared with the person's Social Security subtraction
                income = np.minimum(income, np.maximum(per_person - ss_kept, 0.0))
            elif code == "SC" and "any_income" in types:  # less the retirement deduction
                income = np.minimum(income, np.maximum(per_person - taken, 0.0))
            elif code == "ME":  # less the Social Security the person received
                benefits = _per_person(x.social_security, x.alive)
                income = np.minimum(income, np.maximum(per_person - benefits, 0.0))
            else:
                income = np.minimum(income, per_person)
        excluded = income.sum(axis=0)
        if rule.get("max_per_return") is not None:
            excluded = np.minimum(excluded, _status_value(rule["max_per_return"], x.joint)
                                  * law.index)
        if rule.get("agi_limit") is not None:
            limit = _status_value(rule["agi_limit"], x.joint) * law.index
            if code in TAPERED:  # $1 less for each $1 of income over the limit
                over = np.maximum(TAPERED[code](x) - limit, 0.0)
                excluded = np.maximum(excluded - over, 0.0)
            else:  # none above it
                excluded = np.where(x.agi <= limit, excluded, 0.0)
        if rule.get("phase_out_agi_start") is not None:  # Maine: linear over a band
            excluded = excluded * _linear_share(
                {"agi_start": rule["phase_out_agi_start"], "width": rule["phase_out_width"]},
                x.joint, x.agi / law.index)
        for key in ("fraction_schedule_by_gross_income", "fraction_schedule_by_agi"):
            if key in rule:  # New Jersey and others: a share that falls with income
                excluded = excluded * _schedule(rule[key], x.joint, x.agi)
        share = np.where(income.sum(axis=0) > 0, excluded / np.maximum(income.sum(axis=0),
                                                                        1e-9), 0.0)
        taken += income * share
        total += excluded
    return total


def _step_schedule(rows: Any, joint: np.ndarray, income: np.ndarray) -> np.ndarray:
    """[N] the amount of the step schedule {status: [[from, amount], ...]} at ``income``."""
    return _schedule(rows, joint, income)


def _schedule(rows: Any, joint: np.ndarray, income: np.ndarray) -> np.ndarray:
    """[N] the fraction of the step schedule [[from, fraction], ...] the income falls in."""
    def one(table: list[list[Any]]) -> np.ndarray:
        out = np.zeros(income.shape)
        for lower, fraction in table:
            out = np.where(income >= (lower or -np.inf), float(fraction), out)
        return out
    if isinstance(rows, dict):
        return np.asarray(np.where(joint, one(rows[JOINT]), one(rows[SINGLE])))
    return one(rows)


def _standard_deduction(law: _Law, x: StateInputs, seniors: np.ndarray,
                        state_agi: np.ndarray) -> np.ndarray:
    value = law.y.get("standard_deduction")
    if value == "federal":
        return x.federal_standard
    extra = law.y.get("additional_standard_deduction_65_per_person", 0.0)
    extra_amount = _status_value(extra, x.joint) * law.index
    amount = np.asarray(law.by_status("standard_deduction") + seniors * extra_amount)
    rule = law.y.get("standard_deduction_phase_out")
    if rule is None:
        return amount
    agi = state_agi / law.index  # in the table year's dollars
    if "reduction_per_500_agi" in rule:  # Alabama: steps of $500
        steps = np.ceil(np.maximum(agi - _status_value(rule["agi_start"], x.joint), 0) / 500)
        cut = steps * _status_value(rule["reduction_per_500_agi"], x.joint) * law.index
        return np.asarray(np.maximum(amount - cut, _status_value(rule["minimum"], x.joint)
                                     * law.index))
    if "width" in rule:  # Maine, South Carolina: linear over a band
        return np.asarray(amount * _linear_share(rule, x.joint, agi))
    # Wisconsin: less a rate on income over the start ([[0, 0], [start, rate]] by status)
    start = _status_value({k: v[1][0] for k, v in rule.items()}, x.joint)
    rate = _status_value({k: v[1][1] for k, v in rule.items()}, x.joint)
    return np.asarray(np.maximum(amount - rate * np.maximum(agi - start, 0) * law.index, 0.0))


def _linear_share(rule: dict[str, Any], joint: np.ndarray, agi: np.ndarray) -> np.ndarray:
    """[N] 1 up to the start, falling to 0 over the width ({agi_start or start, width})."""
    start = _status_value(rule.get("agi_start", rule.get("start")), joint)
    width = _status_value(rule["width"], joint)
    return np.asarray(np.clip(1 - (agi - start) / np.maximum(width, 1.0), 0, 1))


def _exemptions(law: _Law, x: StateInputs, people: np.ndarray,
                seniors: np.ndarray) -> np.ndarray:
    per_person: np.ndarray | float = law.number("personal_exemption_per_person")
    if "personal_exemption_per_person_by_magi" in law.y:  # Ohio: falls with income
        per_person = _schedule(law.y["personal_exemption_per_person_by_magi"], x.joint,
                               x.agi / law.index)
    if not any(k in law.y for k in ("personal_exemption", "personal_exemption_per_person",
                                    "personal_exemption_per_person_by_magi",
                                    "additional_exemption_65_per_person")):
        return np.zeros(x.agi.shape)
    amount = (law.by_status("personal_exemption") + per_person * people * law.index
              + law.number("additional_exemption_65_per_person") * seniors * law.index)
    if "personal_exemption_phase_out" in law.y:  # Maine: linear over a band
        amount = amount * _linear_share(law.y["personal_exemption_phase_out"], x.joint,
                                        x.agi / law.index)
    if "exemption_agi_limit" in law.y:  # Illinois: none above the AGI limit
        amount = np.where(x.agi > law.by_status("exemption_agi_limit", indexed=False), 0.0,
                          amount)
    return np.asarray(amount)
