"""The assumptions page's markets: the preset and its source, inflation's persistence, the
crypto outlook (or that none applies), holding rules and your own return series; and the
method page's account of them."""

from __future__ import annotations

import dataclasses

from planner import format as fmt
from planner.core import presets
from planner.core.model import CryptoModel, Rebalancing, ReturnSeries
from planner.core.outlooks import implied_mean, named, named_outlooks, with_outlook
from planner.core.stress import stresses
from planner.report.layout import Flow
from planner.report.markets_text import market_lines
from planner.report.methodology import add_methodology
from tests.report.fakes import engine_result, small_inputs, small_plan
from tests.report.test_crypto_page import flat, flow_text


def lines_of(plan_result: object) -> str:
    return "\n".join(market_lines(plan_result))  # type: ignore[arg-type]


def test_the_preset_and_its_source_are_named() -> None:
    result = small_inputs(0.1).result
    history = presets.preset(presets.HISTORY)
    assert history is not None
    assert f"{history.label}: {history.source}." in lines_of(result)
    for key in ("jpm-2026", "vanguard-2025"):
        p = presets.preset(key)
        assert p is not None
        plan = result.plan.with_changes(assumptions=p.apply(result.plan.assumptions))
        text = lines_of(dataclasses.replace(result, plan=plan, _cache={}))
        assert p.source in text and p.label in text
    edited = dataclasses.replace(result.plan.assumptions, fee_rate=0.001,
                                 inflation_rate=0.05)
    text = lines_of(dataclasses.replace(result, plan=result.plan.with_changes(
        assumptions=edited), _cache={}))
    assert "Your own return assumptions (edited by hand)." in text


def test_inflation_persistence_and_the_crypto_outlook() -> None:
    result = small_inputs(0.1).result
    text = lines_of(result)
    a = result.plan.assumptions
    assert f"each year keeps {fmt.share(a.inflation_persistence)} of the year before's gap" in text
    o = a.crypto
    assert (f"Crypto outlook: No premium. Median return {fmt.rate(o.median)} a year, "
            f"implied mean {fmt.rate(implied_mean(o))}, volatility {fmt.pct(o.volatility)}, "
            f"collapse chance 0% a year; shape: fat-tailed Student-t") in text
    regime = named("recent-history")
    assert regime is not None and regime.outlook.model is CryptoModel.REGIME
    plan = with_outlook(result.plan, regime.outlook)
    text = lines_of(dataclasses.replace(result, plan=plan, _cache={}))
    assert "Crypto outlook: Recent history (regime model)." in text
    assert "two-state (rally and ordinary months) regime model" in text


def test_no_crypto_no_outlook() -> None:
    text = lines_of(small_inputs(0.0).result)
    assert "Crypto: none held, so no crypto outlook applies to this projection." in text
    assert "Crypto outlook" not in text


def test_holding_rules_only_where_not_the_defaults() -> None:
    result = small_inputs(0.1).result
    text = lines_of(result)
    assert "Holding rules" in text and "Kim 401(k): crypto at most 30%" in text
    assert "Kim Roth IRA:" not in text
    plan = small_plan(0.1, cap=None)
    roth = dataclasses.replace(plan.accounts[1], rebalancing=Rebalancing.BANDS,
                               rebalance_band=0.1)
    plan = plan.with_changes(accounts=(plan.accounts[0], roth))
    text = lines_of(dataclasses.replace(result, plan=plan, _cache={}))
    assert ("Kim Roth IRA: rebalanced only when a class is more than 10% off its target"
            in text)
    assert "Kim 401(k):" not in text
    plain = small_plan(0.1, cap=None)
    assert "Holding rules" not in lines_of(dataclasses.replace(result, plan=plain, _cache={}))


def test_your_own_return_series_is_named_with_its_years() -> None:
    result = small_inputs(0.1).result
    years = tuple(range(1990, 2020))
    zeros = tuple(0.05 for _ in years)
    series = ReturnSeries("my_returns.csv", years, zeros, zeros, zeros, zeros)
    plan = result.plan.with_changes(simulation=dataclasses.replace(
        result.plan.simulation, return_series=series))
    text = lines_of(dataclasses.replace(result, plan=plan, _cache={}))
    assert "Your own yearly returns: my_returns.csv, 1990-2019 (30 years)" in text


def test_a_historical_run_gives_no_path_count() -> None:
    result = engine_result("historical")
    text = lines_of(result)
    assert "Historical run:" in text and "windows \u00d7 11 Bitcoin alignments" in text
    assert " paths" not in text
    mc = lines_of(engine_result("monte-carlo"))
    assert "Monte Carlo run: 300 paths" in mc


def test_the_method_page_explains_outlooks_models_and_presets() -> None:
    plan = small_plan(0.1)
    flow = Flow()
    add_methodology(flow, plan)
    text = flat(flow_text(flow))
    for o in named_outlooks():
        assert o.label in text and flat(o.rationale) in text
    for s in stresses(plan):
        assert s.label in text
    for p in presets.presets():
        assert flat(p.source) in text
    for phrase in ("regime model", "132 months", "alignment", "AR(1)", "break-even",
                   "Why the answer depends on the outlook", "no random seed"):
        assert phrase in text, phrase
