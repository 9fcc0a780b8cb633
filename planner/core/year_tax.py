"""The tax a year's withdrawals create, as a function of the withdrawals [A, N].

The engine calls it repeatedly while solving for the gross withdrawal that covers
spending plus the tax on that withdrawal. Everything that does not depend on the
withdrawals (wages, pensions, rent, interest, dividends, benefits, conversions, the IRA
deduction) is fixed for the year; the filing status may differ between paths (a widow(er)
files single from the year after the death).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from planner.core.conversions import ConversionRule
from planner.core.health import AcaYear
from planner.core.rules import TaxYear
from planner.core.state_tax import StateInputs, needs_people, state_tax
from planner.core.tax import TaxInputs, TaxResult, income_tax


@dataclass(frozen=True)
class YearTaxes:
    """The year's taxes on every path ([N] each); ``put`` fills a subset in place."""

    federal: np.ndarray
    state: np.ndarray
    penalty: np.ndarray
    taxable_income: np.ndarray
    ordinary_taxable: np.ndarray
    ordinary_tax: np.ndarray
    gains_tax: np.ndarray
    niit: np.ndarray
    gains: np.ndarray  # realised long-term gains and qualified dividends
    taxable_social_security: np.ndarray
    agi: np.ndarray
    deductions: np.ndarray
    state_taxable: np.ndarray
    premium_credit: np.ndarray  # the marketplace premium tax credit (IRC 36B)
    premium_credit_lost: np.ndarray  # the credit at 400% of the poverty line, when over it
    household_income: np.ndarray  # for the credit: AGI plus untaxed Social Security (0 in
    #                               years without marketplace coverage)
    converted: np.ndarray  # Roth conversions at these withdrawals (see ConversionRule)

    @property
    def total(self) -> np.ndarray:
        """Income taxes and penalties."""
        return np.asarray(self.federal + self.state + self.penalty)

    @property
    def due(self) -> np.ndarray:
        """What the year's income creates to pay: taxes less the premium credit."""
        return np.asarray(self.federal + self.state + self.penalty - self.premium_credit)

    def copy(self) -> YearTaxes:
        return YearTaxes(**{f.name: np.array(getattr(self, f.name), dtype=float, copy=True)
                            for f in fields(self)})

    def put(self, idx: np.ndarray, part: YearTaxes) -> None:
        """Write ``part`` (computed for the paths ``idx``) into these arrays."""
        for f in fields(self):
            getattr(self, f.name)[idx] = getattr(part, f.name)

    @property
    def bracket_position(self) -> np.ndarray:
        """Ordinary income (with taxable benefits) less deductions, not floored at zero:
        where the next dollar of ordinary income lands in the brackets."""
        return np.asarray(self.agi - self.gains - self.deductions)


@dataclass(frozen=True)
class Filing:
    """The year's tax tables: one status for every path, or both with a mask."""

    joint: np.ndarray  # [N] bool: married filing jointly on this path
    joint_table: TaxYear | None
    single_table: TaxYear | None

    @property
    def uniform(self) -> TaxYear | None:
        """The one table every path uses, or None when statuses differ."""
        if self.single_table is None:
            return self.joint_table
        if self.joint_table is None:
            return self.single_table
        return None

    def pick(self, joint_value: np.ndarray | float, single_value: np.ndarray | float) -> np.ndarray:
        return np.asarray(np.where(self.joint, joint_value, single_value))

    def bracket_top(self, rate: float) -> np.ndarray:
        """[N] taxable income at the top of the bracket taxed at ``rate``."""
        tables = [t for t in (self.joint_table, self.single_table) if t is not None]
        tops = {id(t): t.bracket_top(rate) for t in tables}
        if self.uniform is not None:
            return np.full(self.joint.shape, tops[id(self.uniform)])
        assert self.joint_table is not None and self.single_table is not None
        return self.pick(tops[id(self.joint_table)], tops[id(self.single_table)])


@dataclass(frozen=True)
class StateYear:
    """What a state's tax needs beyond the federal return, for one year."""

    code: str  # postal code; "" for the custom flat rate on federal taxable income
    rate: float  # the custom flat rate
    year: int
    ages: np.ndarray  # [P]
    alive: np.ndarray  # [P, N]
    holder: np.ndarray  # [A, N] who holds each account
    pension: np.ndarray  # [P, N] pensions and annuities received
    wages: np.ndarray  # [P, N] pay and self-employment income
    conversion: np.ndarray  # [P, N] taxable Roth conversions

    @property
    def per_person(self) -> bool:
        """Whether the state looks at each person's retirement income this year."""
        return bool(self.code) and needs_people(self.code, self.year)

    def subset(self, idx: np.ndarray) -> StateYear:
        if not self.code:  # the flat rate needs none of it
            return self
        if not self.per_person:  # who is alive is all the state needs to know
            return replace(self, alive=self.alive[:, idx])
        return replace(self, alive=self.alive[:, idx], holder=self.holder[:, idx],
                       pension=self.pension[:, idx], wages=self.wages[:, idx],
                       conversion=self.conversion[:, idx])


@dataclass(frozen=True)
class YearTax:
    filing: Filing
    enabled: bool
    ordinary: np.ndarray  # [N] ordinary income not from withdrawals, after IRA/SE deductions
    gains: np.ndarray  # [N] qualified dividends and long-term gains not from withdrawals
    investment_income: np.ndarray  # [N] net investment income not from withdrawals
    social_security: np.ndarray  # [N]
    interest: np.ndarray  # [N] taxable interest (part of ``ordinary``)
    dividends: np.ndarray  # [N] qualified dividends (part of ``gains``)
    seniors: np.ndarray  # [N] people alive and 65+ at year end
    senior_deduction: bool
    index: np.ndarray  # [N] bracket indexing factor
    prices: np.ndarray  # [N] prices relative to 2026 (the poverty line, IRMAA tiers)
    state: StateYear
    rmd: np.ndarray  # [A, N] required part of the withdrawals (never penalised)
    penalty_rate: np.ndarray  # [A, N] (or [A, 1]) this year's early-withdrawal rate per account
    roth_basis: np.ndarray  # [A, N] contributions left in Roth accounts (0 elsewhere)
    gain_share: np.ndarray  # [A, N] share of a taxable withdrawal that is gain
    pretax_share: np.ndarray  # [A, N] share of a traditional withdrawal that is taxed
    trad_idx: list[int]  # withdrawals are ordinary income (less after-tax basis)
    hsa_idx: list[int]  # ordinary income beyond the qualified medical part
    roth_idx: list[int]
    taxable_idx: list[int]
    conversion: np.ndarray | float = 0.0  # [N] taxable part of Roth conversions, no penalty
    hsa_medical: np.ndarray | float = 0.0  # [N] HSA money spent on qualified medical costs
    ira_deduction: np.ndarray | float = 0.0  # [N] deductible traditional IRA contributions
    aca: AcaYear | None = None  # marketplace coverage this year, for the premium credit
    converting: ConversionRule | None = None  # this year's Roth conversions, if any

    def subset(self, idx: np.ndarray) -> YearTax:
        """The same year's tax for the paths ``idx`` only (arrays sliced on their last axis)."""
        n = self.filing.joint.shape[0]
        changes: dict[str, object] = {
            "filing": replace(self.filing, joint=self.filing.joint[idx]),
            "state": self.state.subset(idx)}
        if self.aca is not None:
            changes["aca"] = self.aca.subset(idx)
        if self.converting is not None:
            changes["converting"] = self.converting.subset(idx)
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray) and value.ndim and value.shape[-1] == n:
                changes[f.name] = value[..., idx]
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_aca(self, aca: AcaYear | None) -> YearTax:
        return replace(self, aca=aca)

    def with_conversions(self, rule: ConversionRule | None) -> YearTax:
        return replace(self, converting=rule)

    def at_conversion(self, w: np.ndarray, converted: np.ndarray) -> YearTaxes:
        """The year's taxes at withdrawals ``w`` with ``converted`` [N] moved to Roth."""
        rule = self.converting
        assert rule is not None
        amounts = rule.split(converted, w)
        taxed = amounts * self.pretax_share
        fixed = replace(self, converting=None, conversion=taxed.sum(axis=0),
                        state=replace(self.state, conversion=rule.by_person(taxed)))
        return replace(fixed(w), converted=np.asarray(converted, dtype=float))

    def with_ira_deduction(self, deduction: np.ndarray | float) -> YearTax:
        return replace(self, ira_deduction=deduction)

    def bracket_top(self, rate: float) -> np.ndarray:
        """[N] ordinary taxable income at the top of the ``rate`` bracket, indexed."""
        return np.asarray(self.filing.bracket_top(rate) * self.index)

    def __call__(self, w: np.ndarray) -> YearTaxes:
        if self.converting is not None:
            converted, taxes = self.converting.settle(self, w)
            return taxes if taxes is not None else self.at_conversion(w, converted)
        return self._taxes(w)

    def _taxes(self, w: np.ndarray) -> YearTaxes:
        n = w.shape[1]
        penalty = np.zeros(n)
        roth_earnings = np.zeros(n)
        for a in self.roth_idx:
            rate = self.penalty_rate[a]
            if np.any(rate > 0):  # before 59 1/2: earnings (after contributions) taxed + penalised
                earn = np.maximum(w[a] - self.roth_basis[a], 0.0)
                roth_earnings += np.where(rate > 0, earn, 0.0)
                penalty += rate * earn
        trad_taxed = np.zeros(n)
        for a in self.trad_idx:
            trad_taxed += w[a] * self.pretax_share[a]
            if np.any(self.penalty_rate[a]):
                penalty += self.penalty_rate[a] * np.maximum(w[a] - self.rmd[a], 0.0) \
                    * self.pretax_share[a]
        hsa_taxable = np.zeros(n)
        if self.hsa_idx:
            hsa_total = w[self.hsa_idx].sum(axis=0)
            hsa_taxable = np.maximum(hsa_total - self.hsa_medical, 0.0)
            share = np.where(hsa_total > 0, hsa_taxable / np.maximum(hsa_total, 1e-9), 0.0)
            for a in self.hsa_idx:
                penalty += self.penalty_rate[a] * w[a] * share
        ordinary = (self.ordinary + trad_taxed + hsa_taxable + roth_earnings + self.conversion
                    - self.ira_deduction)
        realised = (w[self.taxable_idx] * self.gain_share[self.taxable_idx]).sum(axis=0)
        gains = realised + self.gains  # both taxed at the long-term gains rates
        if not self.enabled:
            zero = np.zeros(n)
            total_income = np.asarray(ordinary + gains)
            credit, lost, household = self._premium_credit(total_income, zero)
            return YearTaxes(zero, zero, zero, total_income, total_income, zero, zero, zero,
                             np.asarray(gains), zero, total_income, zero, zero, credit, lost,
                             household, zero)
        inputs = TaxInputs(
            ordinary=np.asarray(ordinary, dtype=float),
            gains=np.asarray(gains, dtype=float),
            social_security=self.social_security,
            seniors=self.seniors,
            senior_deduction=self.senior_deduction,
            index=self.index,
            state_rate=self.state.rate if not self.state.code else 0.0,
            net_investment_income=np.asarray(realised + self.investment_income, dtype=float),
        )
        res = self._income_tax(inputs)
        state, state_taxable = res.state, res.taxable_income
        if self.state.code:
            state, state_taxable = self._state_tax(res, w, gains=np.asarray(gains))
        credit, lost, household = self._premium_credit(res.agi, res.taxable_social_security)
        return YearTaxes(
            federal=res.federal,
            state=state,
            penalty=penalty,
            taxable_income=res.taxable_income,
            ordinary_taxable=res.ordinary_taxable,
            ordinary_tax=res.ordinary_tax,
            gains_tax=res.gains_tax,
            niit=res.niit,
            gains=np.asarray(gains),
            taxable_social_security=res.taxable_social_security,
            agi=res.agi,
            deductions=res.deductions,
            state_taxable=state_taxable,
            premium_credit=credit,
            premium_credit_lost=lost,
            household_income=household,
            converted=np.zeros(n),
        )

    def _premium_credit(self, agi: np.ndarray, taxable_ss: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The premium tax credit on household income: AGI plus untaxed benefits."""
        if self.aca is None:  # no marketplace coverage: nothing to measure
            zero = np.zeros_like(agi)
            return zero, zero, zero
        household = np.asarray(agi + self.social_security - taxable_ss)
        credit, lost = self.aca.credit(household)
        return credit, lost, household

    def _by_holder(self, w: np.ndarray) -> np.ndarray:
        """[P, N] taxable withdrawals from traditional accounts by who holds them."""
        st = self.state
        out = np.zeros_like(st.alive, dtype=float)
        for a in self.trad_idx:
            taxed = w[a] * self.pretax_share[a]
            for p in range(out.shape[0]):
                out[p] += np.where(st.holder[a] == p, taxed, 0.0)
        return out

    def _state_tax(self, res: TaxResult, w: np.ndarray,
                   gains: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        st = self.state
        if st.per_person:
            retirement, pension, wages = self._by_holder(w) + st.conversion, st.pension, st.wages
        else:  # not looked at: nobody's
            retirement = pension = wages = np.zeros(st.alive.shape)
        x = StateInputs(
            joint=self.filing.joint, alive=st.alive, ages=st.ages, agi=res.agi,
            federal_taxable=res.taxable_income, federal_standard=res.standard,
            social_security=self.social_security,
            taxable_social_security=res.taxable_social_security,
            interest=self.interest, dividends=self.dividends, gains=gains,
            retirement=retirement, pension=pension, wages=wages,
            federal_tax=res.federal, index=self.index)
        out = state_tax(st.code, st.year, x)
        return out.tax, out.taxable_income

    def _income_tax(self, inputs: TaxInputs) -> TaxResult:
        table = self.filing.uniform
        if table is not None:
            return income_tax(table, inputs)
        assert self.filing.joint_table is not None and self.filing.single_table is not None
        joint = income_tax(self.filing.joint_table, inputs)
        single = income_tax(self.filing.single_table, inputs)
        return TaxResult(**{f.name: self.filing.pick(getattr(joint, f.name),
                                                     getattr(single, f.name))
                            for f in fields(TaxResult)})
