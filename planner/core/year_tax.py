"""The tax a year's withdrawals create, as a function of the withdrawals [A, N].

The engine calls it repeatedly while solving for the gross withdrawal that covers
spending plus the tax on that withdrawal. Everything that does not depend on the
withdrawals (wages, pensions, rent, interest, dividends, benefits, conversions, the IRA
deduction) is fixed for the year; the filing status may differ between paths (a widow(er)
files single from the year after the death).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np

from planner.core.conversions import ConversionRule
from planner.core.health import AcaYear
from planner.core.rules import TaxYear
from planner.core.state_tax import StateInputs, flat_allowance, needs_people, state_tax
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
        return YearTaxes(**{name: np.array(getattr(self, name), dtype=float, copy=True)
                            for name in _TAXES_FIELDS})

    def put(self, idx: np.ndarray | slice, part: YearTaxes) -> None:
        """Write ``part`` (computed for the paths ``idx``) into these arrays."""
        mine, theirs = self.__dict__, part.__dict__
        for name in _TAXES_FIELDS:
            mine[name][idx] = theirs[name]

    @property
    def bracket_position(self) -> np.ndarray:
        """Ordinary income (with taxable benefits) less deductions, not floored at zero:
        where the next dollar of ordinary income lands in the brackets."""
        return np.asarray(self.agi - self.gains - self.deductions)


# Looked up once: ``dataclasses.fields`` costs more than the copy of a few paths it drives.
_TAXES_FIELDS = tuple(f.name for f in fields(YearTaxes))


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
        values = self.__dict__
        changes: dict[str, object] = {
            "filing": replace(self.filing, joint=self.filing.joint[idx]),
            "state": self.state.subset(idx)}
        if self.aca is not None:
            changes["aca"] = self.aca.subset(idx)
        if self.converting is not None:
            changes["converting"] = self.converting.subset(idx)
        # Every array over the paths, fields and caches alike (``_state_allowance``); the
        # penalty flags of all the paths hold for any of them (see ``_penalised``).
        for name, value in values.items():
            if (name not in changes and isinstance(value, np.ndarray) and value.ndim
                    and value.shape[-1] == n):
                changes[name] = value[..., idx]
        return self._evolve(changes)

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
        # Built like ``subset`` (the search computes taxes at several conversions a pass):
        # a conversion changes neither the penalty flags nor the state's allowance, so they
        # are worked out here once and every copy keeps them.
        self._cache_year()
        changes: dict[str, object] = {"converting": None, "conversion": taxed.sum(axis=0)}
        if self.state.per_person:  # only such a state reads who converted what
            changes["state"] = replace(self.state, conversion=rule.by_person(taxed))
        fixed = self._evolve(changes)
        return replace(fixed(w), converted=np.asarray(converted, dtype=float))

    def _cache_year(self) -> None:
        """Work out what ``_taxes`` caches for the year, ahead of taking copies."""
        _ = self._penalised, self._state_allowance

    def _evolve(self, changes: dict[str, object]) -> YearTax:
        """A copy with ``changes``, keeping what this one cached. ``replace`` would run the
        frozen ``__init__`` over all thirty fields and forget the caches; the solver makes
        such copies on every pass. Only for changes the caches do not depend on."""
        part = object.__new__(YearTax)
        part.__dict__.update(self.__dict__)
        part.__dict__.update(changes)
        return part

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

    @cached_property
    def _penalised(self) -> tuple[list[bool], list[bool]]:
        """Whether each Roth and each traditional account is penalised on some path this
        year. Computed once for the year's paths and kept by its subsets: a flag that is
        set when none of a subset's paths is penalised only adds zeros to them."""
        roth = [bool(np.any(self.penalty_rate[a] > 0)) for a in self.roth_idx]
        trad = [bool(np.any(self.penalty_rate[a])) for a in self.trad_idx]
        return roth, trad

    @cached_property
    def _state_allowance(self) -> np.ndarray | None:
        """[N] the flat state tax's deductions and exemptions this year (None: not flat)."""
        st = self.state
        return flat_allowance(st.code, st.year, self.filing.joint, st.alive, st.ages,
                              self.index)

    def _taxes(self, w: np.ndarray) -> YearTaxes:
        n = w.shape[1]
        # With taxes off no penalty is charged: only the income is measured.
        charged = self.enabled
        roth_flags, trad_flags = self._penalised
        penalty = np.zeros(n)
        roth_earnings = np.zeros(n)
        for a, penalised in zip(self.roth_idx, roth_flags, strict=True):
            if penalised:  # before 59 1/2: earnings (after contributions) taxed + penalised
                rate = self.penalty_rate[a]
                earn = np.maximum(w[a] - self.roth_basis[a], 0.0)
                roth_earnings += np.where(rate > 0, earn, 0.0)
                if charged:
                    penalty += rate * earn
        trad_taxed = np.zeros(n)
        for a, penalised in zip(self.trad_idx, trad_flags, strict=True):
            trad_taxed += w[a] * self.pretax_share[a]
            if penalised and charged:
                penalty += self.penalty_rate[a] * np.maximum(w[a] - self.rmd[a], 0.0) \
                    * self.pretax_share[a]
        hsa_taxable = np.zeros(n)
        if self.hsa_idx:
            hsa_total = w[self.hsa_idx].sum(axis=0)
            hsa_taxable = np.maximum(hsa_total - self.hsa_medical, 0.0)
            if charged:
                share = np.where(hsa_total > 0, hsa_taxable / np.maximum(hsa_total, 1e-9), 0.0)
                for a in self.hsa_idx:
                    penalty += self.penalty_rate[a] * w[a] * share
        ordinary = (self.ordinary + trad_taxed + hsa_taxable + roth_earnings + self.conversion
                    - self.ira_deduction)
        realised = (w[self.taxable_idx] * self.gain_share[self.taxable_idx]).sum(axis=0)
        gains = realised + self.gains  # both taxed at the long-term gains rates
        if not charged:
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
            federal_tax=res.federal, index=self.index, allowance=self._state_allowance)
        out = state_tax(st.code, st.year, x)
        return out.tax, out.taxable_income

    def _income_tax(self, inputs: TaxInputs) -> TaxResult:
        table = self.filing.uniform
        if table is not None:
            return income_tax(table, inputs)
        assert self.filing.joint_table is not None and self.filing.single_table is not None
        # Each status's tables on its own paths only (a path's tax depends on its numbers
        # alone, so this is what computing both on every path and picking gave).
        joint = np.flatnonzero(self.filing.joint)
        single = np.flatnonzero(~self.filing.joint)
        parts = ((joint, income_tax(self.filing.joint_table, inputs.subset(joint))),
                 (single, income_tax(self.filing.single_table, inputs.subset(single))))
        n = self.filing.joint.shape[0]
        out = {}
        for f in fields(TaxResult):
            merged = np.empty(n)
            for idx, part in parts:
                merged[idx] = getattr(part, f.name)
            out[f.name] = merged
        return TaxResult(**out)
