"""Property tests: for any valid plan, in every mode, no NaN or infinity, no negative balance,
and every year's goal is either funded or counted as a shortfall."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.engine import project
from planner.core.model import (
    Account,
    AccountKind,
    Allocation,
    ContributionUnit,
    Mode,
    OneOff,
    Pension,
    Person,
    Plan,
    SocialSecurity,
    Spending,
    Strategy,
    TaxSettings,
)
from planner.core.validate import validate

START = 2026


@st.composite
def people(draw: st.DrawFn) -> Person:
    age = draw(st.integers(22, 85))
    retire = draw(st.integers(age, max(age, 75)))
    horizon = draw(st.integers(max(retire, age + 1), 100))
    return Person(
        name=draw(st.sampled_from(["A", "B"])) + str(age),
        birth_year=START - age,
        retirement_age=retire,
        horizon_age=horizon,
        salary=draw(st.floats(0, 400_000)),
        salary_growth_rate=draw(st.floats(-0.02, 0.08)),
        social_security=SocialSecurity(draw(st.floats(0, 5_000)), draw(st.floats(62, 70))),
        pensions=tuple(draw(st.lists(st.builds(
            Pension, annual_amount=st.floats(0, 80_000), start_age=st.integers(50, 80),
            cola_rate=st.floats(0, 0.05), inflation_indexed=st.booleans(),
            survivor_share=st.floats(0, 1)), max_size=1))),
    )


@st.composite
def accounts(draw: st.DrawFn, owners: int, index: int) -> Account:
    kind = draw(st.sampled_from(list(AccountKind)))
    weights = np.array(draw(st.lists(st.floats(0, 1), min_size=4, max_size=4)))
    weights = weights / weights.sum() if weights.sum() > 0 else np.array([1.0, 0, 0, 0])
    unit = draw(st.sampled_from(list(ContributionUnit)))
    if kind is AccountKind.TAXABLE and unit is ContributionUnit.MAX:
        unit = ContributionUnit.DOLLARS
    amount = draw(st.floats(0, 1)) if unit is ContributionUnit.PERCENT_OF_SALARY else draw(
        st.floats(0, 40_000))
    balance = draw(st.floats(0, 3_000_000))
    return Account(
        name=f"acct{index}", kind=kind, owner=draw(st.integers(0, owners - 1)), balance=balance,
        cost_basis=draw(st.none() | st.floats(0, balance)) if kind is AccountKind.TAXABLE else None,
        contribution=amount, contribution_unit=unit,
        employer_match_rate=draw(st.floats(0, 1)) if kind.is_401k else 0.0,
        employer_match_cap=draw(st.floats(0, 0.1)) if kind.is_401k else 0.0,
        allocation=Allocation(*(float(w) for w in weights)),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    household = tuple(draw(st.lists(people(), min_size=1, max_size=2)))
    n = draw(st.integers(0, 4))
    accts = tuple(draw(accounts(len(household), i)) for i in range(n))
    end = max(p.birth_year + p.horizon_age for p in household)
    spending = Spending(
        annual=draw(st.floats(0, 250_000)),
        one_offs=tuple(draw(st.lists(st.builds(OneOff, year=st.integers(START, end),
                                               amount=st.floats(0, 100_000)), max_size=2))),
        strategy=draw(st.sampled_from(list(Strategy))),
        withdrawal_rate=draw(st.floats(0.01, 0.1)),
    )
    return Plan(name="random", start_year=START, people=household, accounts=accts,
                spending=spending,
                taxes=TaxSettings(enabled=draw(st.booleans()), state_rate=draw(st.floats(0, 0.1))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), mode=st.sampled_from([Mode.EXPECTED, Mode.MONTE_CARLO, Mode.HISTORICAL]))
def test_any_valid_plan_gives_finite_non_negative_results(plan: Plan, mode: Mode) -> None:
    assert validate(plan) == []
    r = project(plan, mode=mode, paths=16, seed=1)
    assert np.isfinite(r.balances).all() and (r.balances >= 0).all()
    for key, flow in r.flows.items():
        assert np.isfinite(flow).all(), key
        assert (flow >= -1e-6).all(), key
    f = r.flows
    # Spending funded is the goal less any shortfall; a shortfall never exceeds what the
    # year asked for (the goal, its taxes and Medicare surcharges).
    np.testing.assert_allclose(
        f["spending_delivered"], np.clip(f["spending_planned"] - f["shortfall"], 0, None),
        rtol=1e-9, atol=1e-6)
    asked = f["spending_planned"] + f["tax_federal"] + f["tax_state"] + f["penalty"] + f["irmaa"]
    assert (f["shortfall"] <= asked + 1e-6).all()
    assert 0 <= r.summary.success_rate <= 1
    assert np.isfinite(r.total_balance_real).all()
