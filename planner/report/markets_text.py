"""The markets part of the assumptions page: where the numbers come from (the capital-market
preset and its source), inflation, the crypto outlook, holding rules, your own return
series, and how the runs were drawn."""

from __future__ import annotations

from planner import format as fmt
from planner.core import presets
from planner.core.model import Account, CryptoModel, MarketDraws, Plan, Rebalancing
from planner.core.outlooks import implied_mean
from planner.core.outlooks import label as outlook_label
from planner.core.result import Result
from planner.report.table import Table
from planner.run_counts import runs_text

MARKET_CLASSES = ("stocks", "bonds", "cash")


def markets_table(plan: Plan) -> Table:
    a = plan.assumptions
    rows = [[name.capitalize(), fmt.rate(a.asset(name).expected_return),
             fmt.rate(a.asset(name).volatility)] for name in MARKET_CLASSES]
    return Table(("Asset class", "Mean return a year", "Volatility (SD of log returns)"),
                 rows, ("left", "right", "right"), size=8)


def preset_text(plan: Plan) -> str:
    """'Market outlook: J.P. Morgan 2026 outlook: J.P. Morgan Asset Management, ...'."""
    a = plan.assumptions
    text = f"Market outlook for stocks, bonds, cash and inflation: {presets.describe(a)}"
    p = presets.preset(a.market_preset)
    if p is not None and p.matches(a) and p.note:
        text += f" {p.note}"
    return text


def inflation_text(plan: Plan) -> str:
    a = plan.assumptions
    text = (f"Inflation: {fmt.rate(a.inflation_rate)} a year on average (the expected path "
            f"uses it every year), volatility {fmt.rate(a.inflation_volatility)}.")
    if a.inflation_persistence > 0:
        text += (f" In Monte Carlo runs inflation persists: each year keeps "
                 f"{fmt.share(a.inflation_persistence)} of the year before's gap from the "
                 "average, plus a fresh shock (an AR(1), fitted to CPI-U 1926-2024).")
    return text


SHAPES = {
    CryptoModel.STUDENT_T: "fat-tailed Student-t draws ({dof:g} degrees of freedom, clipped at "
                           "3 standard deviations), correlation {rho:.2f} with stocks",
    CryptoModel.BOOTSTRAP: "Bitcoin's own 2015-2025 yearly returns, re-centred on the median "
                           "and scaled to the volatility, correlation {rho:.2f} with stocks",
    CryptoModel.REGIME: "a two-state (rally and ordinary months) regime model fitted to "
                        "Bitcoin's monthly returns 2015-2025, each state with its own "
                        "correlation with stocks",
}


def crypto_text(plan: Plan) -> str:
    """The outlook's name and numbers, or that no crypto is held (so none applies)."""
    if not any(a.allocation.crypto > 0 for a in plan.accounts):
        return "Crypto: none held, so no crypto outlook applies to this projection."
    o, sim = plan.assumptions.crypto, plan.simulation
    shape = SHAPES[o.model].format(dof=sim.crypto_t_dof, rho=sim.crypto_stock_correlation)
    text = (f"Crypto outlook: {outlook_label(o)}. Median return {fmt.rate(o.median)} a year, "
            f"implied mean {fmt.rate(implied_mean(o, sim.crypto_t_dof))}, volatility "
            f"{fmt.pct(o.volatility)}, collapse chance {fmt.share(o.collapse_chance)} a year; "
            f"shape: {shape}.")
    if o.collapse_chance > 0:
        text += " After a collapse the sleeve earns what cash earns."
    return text


def rule_text(account: Account) -> str:
    """'Work 401(k): crypto at most 10%, rebalanced only ...' ('' for the defaults)."""
    parts = []
    if account.crypto_cap is not None:
        parts.append(f"crypto at most {fmt.share(account.crypto_cap)}")
    if account.rebalancing is Rebalancing.BANDS:
        parts.append(f"rebalanced only when a class is more than "
                     f"{fmt.share(account.rebalance_band)} off its target")
    elif account.rebalancing is Rebalancing.NONE:
        parts.append("never rebalanced (the mix drifts with returns)")
    return f"{account.name}: {', '.join(parts)}" if parts else ""


def holding_rules_text(plan: Plan) -> str:
    rules = [t for t in (rule_text(a) for a in plan.accounts) if t]
    if not rules:
        return ""
    return ("Holding rules (every other account is rebalanced to its mix every year, with "
            f"no crypto cap): {'; '.join(rules)}.")


def series_text(plan: Plan) -> str:
    s = plan.simulation.return_series
    if s is None:
        return ""
    with_crypto = ", with crypto" if s.crypto else ""
    return (f"Your own yearly returns: {s.name}, {s.years[0]}-{s.years[-1]} "
            f"({len(s.years)} years{with_crypto}), used instead of US history: historical "
            "mode replays its windows and the block bootstrap draws from it.")


def runs_line(result: Result, seed: int | None) -> str:
    """How the projection was run; never a path count for a historical run."""
    sim = result.plan.simulation
    seed = sim.seed if seed is None else seed
    if result.mode == "historical":
        return (f"Historical run: {runs_text(result)}, every window of actual yearly returns "
                "that fits the plan; no random draws.")
    if result.mode == "monte-carlo":
        draws = ("correlated lognormal returns" if sim.market_draws is MarketDraws.PARAMETRIC
                 else f"{sim.block_years}-year blocks of historical years")
        return (f"Monte Carlo run: {runs_text(result)} of {draws}, random seed {seed} (the "
                "same seed gives the same result).")
    return (f"Expected run: one path, no random draws (the plan's Monte Carlo setting: "
            f"{fmt.count(sim.paths)} paths, random seed {sim.seed}).")


def market_lines(result: Result, seed: int | None = None) -> list[str]:
    plan = result.plan
    lines = [preset_text(plan), inflation_text(plan), crypto_text(plan),
             holding_rules_text(plan), series_text(plan),
             f"Fees: {fmt.rate(plan.assumptions.fee_rate)} a year on every balance.",
             runs_line(result, seed)]
    return [line for line in lines if line]
