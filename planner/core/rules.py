"""US federal rules for 2025 and 2026, read from resources/data/us_rules.json.

Every number here comes from that file (sources inside it and in us_rules.md) or from
resources/data/planner_rules.json (statutory rules the first file lacks). Later years use
the 2026 values indexed by inflation, as the IRS indexes them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from planner.resources import resource_path

BASE_YEARS = (2025, 2026)
LAST_BASE_YEAR = 2026
STATUSES = ("single", "married_filing_jointly")


@dataclass(frozen=True)
class Brackets:
    lower: np.ndarray  # bottom of each bracket, dollars of the table's year
    rates: np.ndarray

    @cached_property
    def tax_at_lower(self) -> np.ndarray:
        """Tax owed on an income exactly at each bracket's bottom."""
        return np.concatenate([[0.0], np.cumsum(np.diff(self.lower) * self.rates[:-1])])

    def tax(self, income: np.ndarray) -> np.ndarray:
        """Tax on income (already in the table's dollars), vectorised over paths."""
        income = np.asarray(income, dtype=float)
        k = np.maximum(np.searchsorted(self.lower, income, side="right") - 1, 0)
        above = np.maximum(income - self.lower[k], 0.0)
        return np.asarray(self.tax_at_lower[k] + self.rates[k] * above)


@dataclass(frozen=True)
class TaxYear:
    """One filing status's federal figures for one base year (2025 or 2026)."""

    year: int
    ordinary: Brackets
    capital_gains: Brackets
    standard_deduction: float
    additional_65: float  # per person aged 65+
    senior_deduction: float  # OBBBA, per person 65+, 0 outside 2025-2028
    senior_phase_out_start: float
    senior_phase_out_rate: float
    niit_rate: float
    niit_threshold: float
    ss_base: float
    ss_adjusted_base: float

    def bracket_top(self, rate: float) -> float:
        """Taxable income at the top of the bracket taxed at ``rate`` (its next bottom)."""
        k = int(np.flatnonzero(np.isclose(self.ordinary.rates, rate))[0])
        return float(self.ordinary.lower[k + 1]) if k + 1 < len(self.ordinary.lower) else np.inf


@dataclass(frozen=True)
class Limits:
    """Contribution limits for one year, in that year's dollars."""

    deferral_401k: float
    catch_up_50: float
    catch_up_60_63: float
    annual_additions: float
    compensation: float
    ira: float
    ira_catch_up: float
    hsa_self: float
    hsa_family: float
    hsa_catch_up_55: float

    def deferral_for_age(self, age: int) -> float:
        if 60 <= age <= 63:
            return self.deferral_401k + self.catch_up_60_63
        if age >= 50:
            return self.deferral_401k + self.catch_up_50
        return self.deferral_401k

    def ira_for_age(self, age: int) -> float:
        return self.ira + (self.ira_catch_up if age >= 50 else 0.0)

    def hsa_for_age(self, age: int, family: bool) -> float:
        base = self.hsa_family if family else self.hsa_self
        return base + (self.hsa_catch_up_55 if age >= 55 else 0.0)


def _parse_fra(text: str) -> int:
    """'66 and 10 months' -> 802 months."""
    m = re.fullmatch(r"(\d+)(?: and (\d+) months?)?", text.strip())
    if not m:
        raise ValueError(f"unreadable full retirement age {text!r}")
    return int(m.group(1)) * 12 + int(m.group(2) or 0)


def _fra_from_rows(rows: list[dict[str, Any]], birth_year: int) -> int:
    """Months of the full retirement age for a birth year, from a table of rows whose
    "born" is a year, "YYYY-YYYY", "YYYY or earlier" or "YYYY or later"."""
    for row in rows:
        born = row["born"]
        if isinstance(born, int) and born == birth_year:
            return _parse_fra(row["fra"])
        text = str(born)
        if text.endswith("or earlier") and birth_year <= int(text.split()[0]):
            return _parse_fra(row["fra"])
        if text.endswith("or later") and birth_year >= int(text.split()[0]):
            return _parse_fra(row["fra"])
        span = re.fullmatch(r"(\d{4})-(\d{4})", text)
        if span and int(span.group(1)) <= birth_year <= int(span.group(2)):
            return _parse_fra(row["fra"])
    raise ValueError(f"no full retirement age for birth year {birth_year}")


def _fraction(text: str) -> float:
    """'5/9 of 1% (0.5556%)' -> 5/9 * 0.01."""
    m = re.match(r"\s*(\d+)/(\d+) of 1%", text)
    if not m:
        raise ValueError(f"unreadable rate {text!r}")
    return int(m.group(1)) / int(m.group(2)) / 100


class Rules:
    """Typed access to the rules files."""

    def __init__(self, data: dict[str, Any], extra: dict[str, Any],
                 trustees: dict[str, Any] | None = None) -> None:
        self.data = data
        self.extra = extra
        self.trustees = trustees or {}
        self._limits: dict[tuple[int, float], Limits] = {}
        r = data["rules"]
        self.rmd_table = {int(k): float(v) for k, v in r["rmd"]["uniform_lifetime_table"].items()}
        self._rmd_ages = r["rmd"]["applicable_age_by_birth_year"]
        ew = r["early_withdrawal"]
        self.early_penalty_rate = float(ew["additional_tax_rate"])
        self.penalty_free_age = float(ew["penalty_free_age"])
        self.rule_of_55_age = int(ew["rule_of_55"]["age"])
        self.rule_of_55_public_safety_age = int(ew["rule_of_55"]["public_safety_age"])
        hsa = extra["hsa_nonqualified_distribution"]
        self.hsa_penalty_rate = float(hsa["additional_tax_rate"])
        self.hsa_penalty_free_age = int(hsa["exempt_from_age"])
        sc = r["social_security_claiming"]
        self.earliest_claim_age = int(sc["earliest_claiming_age"])
        self._fra_rows = sc["full_retirement_age_by_birth_year"]
        er = sc["early_retirement_reduction"]
        self.early_first36 = _fraction(er["first_36_months_per_month"])
        self.early_beyond36 = _fraction(er["beyond_36_months_per_month"])
        drc = sc["delayed_retirement_credit"]
        self.delayed_per_month = _fraction(drc["per_month"])
        self.delayed_max_age = int(drc["max_age"])
        sp = sc["spousal_benefit"]
        self.spousal_share = float(sp["max_share_of_worker_pia_at_spouse_fra"])
        self.spousal_first36 = _fraction(sp["early_reduction"]["first_36_months_per_month"])
        self.spousal_beyond36 = _fraction(sp["early_reduction"]["beyond_36_months_per_month"])
        sv = extra["social_security_survivor"]
        self.survivor_earliest_age = int(sv["earliest_age"])
        self.survivor_max_reduction = float(sv["reduction_at_earliest_age"])
        self.widow_limit_share = float(sv["widow_limit_share_of_pia"])

    # ----- required minimum distributions
    def rmd_age(self, birth_year: int) -> int:
        """Applicable RMD age (SECURE 2.0): 73 for 1951-1959, 75 from 1960, 72 before."""
        for row in self._rmd_ages:
            born = str(row["born"])
            if born.endswith("or later") and birth_year >= int(born.split()[0]):
                return int(row["rmd_age"])
            span = re.fullmatch(r"(\d{4})-(\d{4})", born)
            if span and int(span.group(1)) <= birth_year <= int(span.group(2)):
                return int(row["rmd_age"])
            if born.isdigit() and int(born) == birth_year:
                return int(row["rmd_age"])
        # Born 1949-07-01 to 1950 (the file's first row); earlier cohorts are long past it.
        return 72

    def rmd_divisor(self, age: int) -> float:
        return self.rmd_table[min(max(age, min(self.rmd_table)), 120)]

    # ----- Social Security
    def fra_months(self, birth_year: int) -> int:
        return _fra_from_rows(self._fra_rows, birth_year)

    def survivor_fra_months(self, birth_year: int) -> int:
        """Full retirement age for a widow(er)'s benefit (two birth years behind)."""
        rows = self.extra["social_security_survivor"]["full_retirement_age_by_birth_year"]
        return _fra_from_rows(rows, birth_year)

    def claiming_factor(self, birth_year: int, claim_age: float) -> float:
        """Own benefit as a share of PIA when claimed at claim_age (years, month precision)."""
        return self.factor_for_months(round(claim_age * 12) - self.fra_months(birth_year),
                                      self.fra_months(birth_year))

    def factor_for_months(self, months_after_fra: int, fra_months: int) -> float:
        """Own benefit as a share of PIA when it starts ``months_after_fra`` months after the
        FRA month (negative: early; 42 USC 402(q), 402(w)); credits stop at 70."""
        if months_after_fra < 0:
            early = -months_after_fra
            return 1.0 - self.early_first36 * min(early, 36) - self.early_beyond36 * max(
                early - 36, 0
            )
        late = min(months_after_fra, self.delayed_max_age * 12 - fra_months)
        return 1.0 + self.delayed_per_month * max(late, 0)

    def spousal_factor(self, birth_year: int, claim_age: float) -> float:
        """Spousal benefit as a share of the full spousal amount (no delayed credits)."""
        return self.spousal_factor_for_months(
            max(self.fra_months(birth_year) - round(claim_age * 12), 0))

    def spousal_factor_for_months(self, early: int) -> float:
        return 1.0 - self.spousal_first36 * min(early, 36) - self.spousal_beyond36 * max(
            early - 36, 0
        )

    def earnings_test(self, year: int) -> tuple[float, float]:
        """The earnings test's yearly exempt amounts (under FRA all year, the year FRA is
        reached) for ``year``'s table (2025, or 2026 for later years): SSA, rtdet.html."""
        table = self.data[str(min(max(year, 2025), 2026))]["social_security"]
        amounts = table["earnings_test_exempt_amount"]
        return float(amounts["under_fra_all_year"]), float(amounts["year_reaching_fra"])

    # ----- tax tables
    @lru_cache(maxsize=8)  # noqa: B019 - Rules is a process-wide singleton
    def tax_year(self, year: int, status: str) -> TaxYear:
        y = self.data[str(year)]
        sd = y["standard_deduction"]
        add = sd["additional_65_or_blind"]
        senior = y["senior_deduction_obbba"]
        joint = status == "married_filing_jointly"
        ssb = y["social_security_benefit_taxation"]
        return TaxYear(
            year=year,
            ordinary=_brackets(y["brackets"][status]),
            capital_gains=_brackets(y["ltcg_qualified_dividends"][status]),
            standard_deduction=float(sd[status]),
            additional_65=float(
                add["married_per_qualifying_person"] if joint else add["unmarried_single_or_hoh"]
            ),
            senior_deduction=float(senior["amount_per_eligible_individual"]),
            senior_phase_out_start=float(
                senior["phase_out_start_magi"][
                    "married_filing_jointly" if joint else "single_or_other"
                ]
            ),
            senior_phase_out_rate=float(senior["phase_out_rate"]),
            niit_rate=float(y["net_investment_income_tax"]["rate"]),
            niit_threshold=float(y["net_investment_income_tax"]["magi_threshold"][status]),
            ss_base=float(ssb["base_threshold"][status]),
            ss_adjusted_base=float(ssb["adjusted_base_threshold"][status]),
        )

    def roth_catch_up_threshold(self, year: int, inflation: float) -> float | None:
        """Prior-year wages above which catch-ups must be Roth (None before enforcement)."""
        base = min(max(year, BASE_YEARS[0]), LAST_BASE_YEAR)
        rule = self.data[str(base)]["retirement_accounts"]["roth_catch_up_wage_threshold"]
        if year <= LAST_BASE_YEAR and not rule.get("enforced", False):
            return None
        growth = (1.0 + inflation) ** max(year - LAST_BASE_YEAR, 0)
        step = float(self.extra["limit_rounding"]["roth_catch_up_wage_threshold"])
        value = float(rule["fica_wages_prior_year_over"])
        return value if growth == 1.0 else math.floor(value * growth / step) * step

    def senior_deduction_years(self, year: int) -> bool:
        base = str(min(max(year, BASE_YEARS[0]), LAST_BASE_YEAR))
        return year in self.data[base]["senior_deduction_obbba"]["years"]

    def limits(self, year: int, inflation: float) -> Limits:
        """Contribution limits for a year; after 2026, indexed and rounded down as the IRS does."""
        # Asked for every year of every run: the shared rules remember each answer (Limits
        # is frozen, and the rules files do not change while the program runs).
        known = self._limits.get((year, inflation))
        if known is None:
            known = self._limits[(year, inflation)] = self._compute_limits(year, inflation)
        return known

    def _compute_limits(self, year: int, inflation: float) -> Limits:
        base = min(max(year, BASE_YEARS[0]), LAST_BASE_YEAR)
        y = self.data[str(base)]
        ra = y["retirement_accounts"]
        growth = (1.0 + inflation) ** max(year - LAST_BASE_YEAR, 0)
        rounding = self.extra["limit_rounding"]

        def indexed(value: float, step_key: str) -> float:
            if growth == 1.0:  # a base year: the published figure, unrounded
                return float(value)
            step = float(rounding[step_key])
            return math.floor(value * growth / step) * step

        return Limits(
            deferral_401k=indexed(ra["elective_deferral_401k_403b_457b_tsp"], "elective_deferral"),
            catch_up_50=indexed(ra["catch_up_age_50_plus"], "catch_up_age_50_plus"),
            catch_up_60_63=indexed(ra["catch_up_age_60_to_63"], "catch_up_age_60_to_63"),
            annual_additions=indexed(
                ra["annual_additions_limit_415c"], "annual_additions_limit_415c"
            ),
            compensation=indexed(ra["compensation_limit_401a17"], "compensation_limit_401a17"),
            ira=indexed(ra["ira"]["contribution_limit"], "ira_contribution_limit"),
            ira_catch_up=indexed(ra["ira"]["catch_up_50_plus"], "ira_catch_up"),
            hsa_self=indexed(y["hsa"]["self_only"], "hsa"),
            hsa_family=indexed(y["hsa"]["family"], "hsa"),
            hsa_catch_up_55=float(y["hsa"]["catch_up_55_plus"]),  # statutory, not indexed
        )


def _brackets(rows: list[list[float]]) -> Brackets:
    return Brackets(
        lower=np.array([float(r[0]) for r in rows]), rates=np.array([float(r[1]) for r in rows])
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    with open(resource_path("data", "us_rules.json"), encoding="utf-8") as f:
        data = json.load(f)
    with open(resource_path("data", "planner_rules.json"), encoding="utf-8") as f:
        extra = json.load(f)
    with open(resource_path("data", "social_security_trustees.json"), encoding="utf-8") as f:
        trustees = json.load(f)
    return Rules(data, extra, trustees)
