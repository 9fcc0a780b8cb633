"""Stress tests, rebalancing, the crypto share solver and a person's own return series,
on hand-worked cases."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.core import stress
from planner.core.analysis import (
    crypto_outlooks,
    crypto_sensitivity,
    crypto_targets,
    max_crypto_share,
    stress_tests,
    with_crypto_share,
)
from planner.core.engine import project
from planner.core.errors import PlanError
from planner.core.model import (
    AccountKind,
    Allocation,
    Health,
    Mode,
    Rebalancing,
    ReturnSeries,
    Simulation,
    SocialSecurity,
)
from planner.core.return_series import parse_returns
from planner.core.returns import Scenario
from planner.core.storage import sample_plan
from planner.core.validate import validate
from tests.core.plans import account, person, plan

STOCK_YEARS = (0.10, -0.20, 0.05, 0.30, 0.0, 0.10, -0.10, 0.20, 0.05, 0.15)
CSV_FRACTIONS = "year,stocks,bonds,cash,inflation\n" + "\n".join(
    f"{2000 + i},{r},0.02,0.01,0" for i, r in enumerate(STOCK_YEARS))
CSV_PERCENT = "Year;Stocks;Bonds;Cash;Inflation\n" + "\n".join(
    f"{2000 + i};{r * 100:g}%;2%;1%;0%" for i, r in enumerate(STOCK_YEARS))


def _retiree(series: ReturnSeries | None, alloc: Allocation | None = None, years: int = 8,
             **acct: object):  # type: ignore[no-untyped-def]
    """A retiree of 76 with $100,000 in a Roth IRA, spending $10,000 a year, no taxes, no
    Social Security, no health costs: the balance is (balance - 10,000) x (1 + r) a year."""
    who = person(birth_year=1950, retirement_age=76, horizon=76 + years - 1,
                 social_security=SocialSecurity(0.0, 67))
    roth = account(AccountKind.ROTH_IRA, 100_000,
                   allocation=alloc or Allocation(1.0, 0.0, 0.0, 0.0), **acct)
    p = plan((who,), (roth,), spending=10_000, taxes=False,
             health=Health(premiums=False, medicare_part_d=False, irmaa=False))
    return p.with_changes(simulation=Simulation(mode=Mode.HISTORICAL, return_series=series))


def test_an_imported_series_replays_its_windows_exactly() -> None:
    fractions, how = parse_returns(CSV_FRACTIONS, "mine.csv")
    percent, how_pct = parse_returns(CSV_PERCENT, "mine.csv")
    assert fractions.stocks == percent.stocks and "fractions" in how and "percent" in how_pct
    r = project(_retiree(fractions))
    assert r.n_paths == 3  # 10 years of data, 8-year plan: windows starting 2000, 2001, 2002
    assert r.path_labels == ("2000", "2001", "2002")
    # Window 2000, worked by hand: 90,000 x 1.1 = 99,000; 89,000 x 0.8 = 71,200;
    # 61,200 x 1.05 = 64,260; 54,260 x 1.3 = 70,538; 60,538 x 1.0 = 60,538;
    # 50,538 x 1.1 = 55,591.80; 45,591.80 x 0.9 = 41,032.62; 31,032.62 x 1.2 = 37,239.144.
    assert r.total_balance[0, -1] == pytest.approx(37_239.144, abs=0.005)
    # Window 2002: 94,500; 109,850; 99,850; 98,835; 79,951.50; 83,941.80; 77,638.89;
    # 67,638.89 x 1.15 = 77,784.7235.
    assert r.total_balance[2, -1] == pytest.approx(77_784.7235, abs=0.005)
    assert any("mine.csv" in n for n in r.notes)
    assert np.array_equal(project(_retiree(percent)).total_balance, r.total_balance)


def test_a_series_too_short_for_the_plan_names_the_field() -> None:
    series, _ = parse_returns(CSV_FRACTIONS, "mine.csv")
    with pytest.raises(PlanError) as err:
        project(_retiree(series, years=12))
    assert err.value.problems[0].field == "simulation.return_series"


def _two_years(alloc: Allocation, **acct: object) -> float:
    """Stocks double then stand still; bonds stand still then double. No spending."""
    series = ReturnSeries("t", (2000, 2001), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0), (0.0, 0.0))
    p = _retiree(series, alloc, years=2, **acct)
    p = p.with_changes(spending=replace(p.spending, annual=0.0))
    return float(project(p).total_balance[0, -1])


def test_rebalancing_yearly_bands_and_never() -> None:
    half = Allocation(0.5, 0.5, 0.0, 0.0)
    # Yearly: 1.5 x 1.5 = 2.25 times the start.
    assert _two_years(half) == pytest.approx(225_000)
    # Never: stocks 50k -> 100k, bonds 50k -> 50k -> 100k: 200,000.
    assert _two_years(half, rebalancing=Rebalancing.NONE) == pytest.approx(200_000)
    # Bands of 10 points: after year 1 stocks are 66.7%, 16.7 points off: back to 50/50.
    assert _two_years(half, rebalancing=Rebalancing.BANDS,
                      rebalance_band=0.10) == pytest.approx(225_000)
    # Bands of 20 points: not far enough off, so it drifts like "never".
    assert _two_years(half, rebalancing=Rebalancing.BANDS,
                      rebalance_band=0.20) == pytest.approx(200_000)


def test_stresses_replace_the_years_they_name_on_every_path() -> None:
    p = sample_plan()
    t_ret = p.retirement_year - p.start_year
    n = 40
    returns = np.full((n, 4, 3), 0.05)
    base = Scenario(returns=returns, inflation=np.full((n, 3), 0.02))
    crash = stress.apply(p, base, "crypto-crash").returns
    assert (crash[t_ret, 3] == -0.8).all() and (crash[t_ret, :3] == 0.05).all()
    assert np.count_nonzero(crash != returns) == 3
    crisis = stress.apply(p, base, "crash-2008").returns
    assert crisis[t_ret, 0] == pytest.approx(-0.3655, abs=1e-4)  # S&P 500 2008, Damodaran
    assert (crisis[t_ret, 3] == -0.75).all()
    zero = stress.apply(p, base, "crypto-zero").returns
    assert (zero[t_ret, 3] == -1).all() and (zero[t_ret + 1:, 3] == zero[t_ret + 1:, 2]).all()
    first, real = stress.worst_stock_sequence()
    assert first == 1911 and len(real) == 10
    assert np.prod(1 + real) ** 0.1 - 1 == pytest.approx(-0.0415, abs=5e-4)
    worst = stress.apply(p, base, "worst-stocks").returns
    assert worst[t_ret:t_ret + 10, 0, 1] == pytest.approx((1 + real) * 1.02 - 1)
    assert (worst[t_ret + 10:, 0] == 0.05).all()


def test_an_expected_run_under_stress_moves_growth_by_the_share_times_the_shock() -> None:
    p = sample_plan()
    p = p.with_changes(simulation=replace(p.simulation, mode=Mode.EXPECTED))
    base = project(p)
    hit = project(p, stress="crypto-crash")
    t_ret = p.retirement_year - p.start_year
    assert np.array_equal(base.total_balance[0, :t_ret], hit.total_balance[0, :t_ret])
    assert hit.total_balance[0, t_ret] < base.total_balance[0, t_ret]


def test_outlook_and_stress_tables_cover_every_outlook_and_stress() -> None:
    p = sample_plan()
    table = crypto_outlooks(p, mode=Mode.MONTE_CARLO, paths=200)
    assert {r.key for r in table.rows} == {"bust", "cautious", "no-premium", "stocks-like",
                                           "published", "recent-history"}
    assert sum(r.is_plans for r in table.rows) == 1
    assert table.share == pytest.approx(0.05 * 120_000 / 180_000)
    bust = next(r for r in table.rows if r.key == "bust")
    rich = next(r for r in table.rows if r.key == "recent-history")
    assert bust.with_crypto.median_wealth < rich.with_crypto.median_wealth
    stresses = stress_tests(p, mode=Mode.MONTE_CARLO, paths=200)
    assert [r.key for r in stresses.rows] == list(stress.STRESS_KEYS)
    for r in stresses.rows:  # a shock never helps
        assert r.stressed.success_rate <= stresses.base.success_rate + 1e-12


def test_shares_go_to_the_accounts_that_hold_crypto_and_respect_caps() -> None:
    p = sample_plan()
    assert crypto_targets(p) == [0]  # only the 401(k) holds crypto
    ten = with_crypto_share(p, 0.10)
    assert [a.allocation.crypto for a in ten.accounts] == [0.10, 0.0, 0.0]
    assert with_crypto_share(p, 0.10, ("Brokerage",)).accounts[2].allocation.crypto == 0.10
    capped = p.with_changes(accounts=(replace(p.accounts[0], crypto_cap=0.05),) + p.accounts[1:])
    assert validate(capped) == []
    over = with_crypto_share(capped, 0.06)
    assert [x.field for x in validate(over)] == ["accounts[0].allocation.crypto"]
    rows = crypto_sensitivity(capped, (0.0, 0.025, 0.05, 0.075), paths=100)
    assert [r.crypto_share for r in rows] == [0.0, 0.025, 0.05]


def test_the_share_solver_finds_the_largest_share_within_the_points() -> None:
    p = sample_plan()
    a = p.assumptions
    bearish = p.with_changes(assumptions=replace(a, crypto=replace(a.crypto, median=-0.3,
                                                                   volatility=1.0)))
    answer = max_crypto_share(bearish, 0.02, paths=300)
    assert answer.share is not None and answer.at_share is not None
    floor = answer.at_zero.success_rate - 0.02
    assert answer.at_share.success_rate >= floor - 1e-12
    above = project(with_crypto_share(bearish, answer.share + 0.0025), mode=Mode.MONTE_CARLO,
                    paths=300)
    assert above.summary.success_rate < floor
    capped = bearish.with_changes(accounts=(replace(bearish.accounts[0], crypto_cap=0.03),)
                                  + bearish.accounts[1:])
    generous = max_crypto_share(capped, 1.0, paths=100)
    assert generous.limit == 0.03 and generous.share == 0.03 and generous.capped
    assert "cap of 3%" in generous.limit_text()
    # Without a cap the search stops at half the accounts: "50% or more".
    anything = max_crypto_share(bearish, 1.0, paths=100)
    assert anything.limit == 0.5 and anything.at_limit and not anything.capped


def test_zero_in_named_accounts_leaves_the_others_crypto_alone() -> None:
    p = sample_plan()
    two = p.with_changes(accounts=(p.accounts[0], replace(
        p.accounts[1], allocation=Allocation(0.59, 0.4, 0.0, 0.01))) + p.accounts[2:])
    zero = with_crypto_share(two, 0.0, ("Rollover IRA",))
    assert [a.allocation.crypto for a in zero.accounts] == [0.05, 0.0, 0.0]
    assert [a.allocation.crypto for a in with_crypto_share(two, 0.0).accounts] == [0, 0, 0]


def test_a_plan_without_crypto_gets_a_labelled_what_if_and_only_stock_stresses() -> None:
    p = with_crypto_share(sample_plan(), 0.0)
    table = crypto_outlooks(p, paths=100)
    assert table.note.startswith("The plan holds no crypto")
    assert table.share == pytest.approx(0.05) and not any(r.is_plans for r in table.rows)
    assert [r.key for r in stress_tests(p, paths=100).rows] == ["crash-2008", "worst-stocks"]


def test_a_series_with_its_own_crypto_replaces_the_outlooks_in_history() -> None:
    rows = "\n".join(f"{2000 + i},0.05,0.02,0.01,0.02,{(-0.5, 1.0)[i % 2]}" for i in range(10))
    series, _ = parse_returns("year,stocks,bonds,cash,inflation,crypto\n" + rows, "c.csv")
    p = _retiree(series, Allocation(0.9, 0.0, 0.0, 0.1))
    table = crypto_outlooks(p, mode=Mode.HISTORICAL)
    assert [r.key for r in table.rows] == ["series"] and "do not apply" in table.note
    # Geometric mean of (0.5, 2.0) repeated: exactly 0; mean of (-0.5, 1.0): 0.25.
    assert table.rows[0].outlook.median == pytest.approx(0.0, abs=1e-12)
    assert table.rows[0].mean == pytest.approx(0.25)


def test_an_outlook_named_in_a_plan_file_takes_its_numbers_or_is_refused() -> None:
    from planner.core.outlooks import named
    from planner.core.serialize import plan_from_dict, plan_to_dict

    data = plan_to_dict(sample_plan())
    data["assumptions"]["crypto"] = {"name": "bust"}
    bust = named("bust")
    assert bust is not None and plan_from_dict(data).assumptions.crypto == bust.outlook
    data["assumptions"]["crypto"] = {"name": "moon"}
    with pytest.raises(PlanError) as err:
        plan_from_dict(data)
    assert [p.field for p in err.value.problems] == ["assumptions.crypto.name"]


def test_a_crypto_shock_spares_a_sleeve_already_lost_to_a_collapse() -> None:
    p = sample_plan()
    t_ret = p.retirement_year - p.start_year
    returns = np.full((40, 4, 2), 0.05)
    returns[3, 3, 1] = -1.0  # path 1 lost its crypto in year 3 and earns cash after
    returns[4:, 3, 1] = returns[4:, 2, 1]
    base = Scenario(returns=returns, inflation=np.full((40, 2), 0.02))
    crash = stress.apply(p, base, "crash-2008").returns
    assert crash[t_ret, 3, 0] == -0.75 and crash[t_ret, 3, 1] == 0.05
    assert crash[t_ret, 0, 1] == pytest.approx(-0.3655, abs=1e-4)  # stocks fall all the same


def test_historical_outlook_rows_give_the_mean_of_the_years_they_replay() -> None:
    import math

    from planner.core.outlooks import btc_residuals

    table = crypto_outlooks(sample_plan(), mode=Mode.HISTORICAL)
    for row in table.rows:
        o = row.outlook
        # Bitcoin's 11 years, shifted to the median and scaled to the volatility.
        replayed = np.expm1(math.log1p(o.median) + btc_residuals(o.volatility)).mean()
        assert row.mean == pytest.approx((1 - o.collapse_chance) * (1 + replayed) - 1)


def test_the_after_tax_legacy_taxes_only_pre_tax_money_at_the_heirs_rate() -> None:
    from planner.core.model import TaxSettings

    # No spending, no returns, no inflation: the estate is what was there at the start.
    who = person(1950, 76, horizon=80, social_security=SocialSecurity(0.0, 67))
    accounts = (account(AccountKind.TRADITIONAL_IRA, 100_000),
                account(AccountKind.ROTH_IRA, 50_000),
                account(AccountKind.TAXABLE, 30_000, cost_basis=10_000),
                account(AccountKind.HSA, 20_000))
    p = plan((who,), accounts, taxes=False,
             health=Health(premiums=False, medicare_part_d=False, irmaa=False))
    p = p.with_changes(taxes=TaxSettings(enabled=False, heirs_tax_rate=0.3))
    r = project(p, mode=Mode.EXPECTED)
    # RMDs move IRA money to the taxable account along the way; what is left pre-tax at
    # the end is taxed at 30%: legacy = total - 0.3 x (IRA + HSA) at the last year's end.
    end = r.balances[:, 0, -1]
    pre_tax = end[0] + end[3]
    assert r.summary.deferred_tax == pytest.approx(0.3 * pre_tax)
    assert r.summary.legacy_after_tax == pytest.approx(200_000 - 0.3 * pre_tax)
    assert r.summary.terminal_balance == pytest.approx(200_000)
