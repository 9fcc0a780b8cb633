"""The method page's account of markets and crypto, in plain words, written from the data
and models the projection uses (so the numbers quoted are the ones it runs on)."""

from __future__ import annotations

import numpy as np

from planner import format as fmt
from planner.core import presets, regime, regime_fit
from planner.core.model import Plan
from planner.core.outlooks import implied_mean, named_outlooks
from planner.core.stress import crash_2008_stocks, stresses, worst_stock_sequence
from planner.run_counts import bitcoin_years

MODEL_SEED = 2015

OUTLOOKS_INTRO = (
    "Crypto outlooks. Nobody knows what crypto will return, so the planner does not pick "
    "one number. An outlook is a median (the typical year's) return, a volatility (the "
    "standard deviation of yearly log returns), a yearly chance of a permanent collapse "
    "(after which the sleeve earns what cash earns) and a shape for the draws; the mean "
    "return follows from these. With Bitcoin's volatility the mean lies far above the "
    "median, so \"the same mean as stocks\" is a bearish belief: its typical year loses "
    "money. The report runs every named outlook:")

DEPENDS = (
    "Why the answer depends on the outlook. A crypto sleeve raises the typical outcome of "
    "a yearly-rebalanced mix only when its mean return is above the sleeve's break-even "
    "return: the mean yearly crypto return at which the sleeve leaves the mix's median "
    "growth unchanged. Below it, the sleeve's volatility costs more than its return adds. "
    "The break-even grows with the sleeve's size and with crypto's volatility. Reasonable "
    "outlooks fall on either side of it, so the same share can raise or lower the success "
    "rate depending only on belief; no data settles which belief is right, because "
    "Bitcoin has about a decade of prices.")

STUDENT_T = (
    "Crypto draws in Monte Carlo runs: the Student-t shape draws a fat-tailed yearly log "
    "return around the outlook's median, clipped at 3 standard deviations (the exponential "
    "of an unclipped t has no mean), tied to the year's stock draw by the plan's "
    "correlation (0.71 over 2015-2024, ten years only). The bootstrap shape draws "
    "Bitcoin's own 2015-2025 yearly returns, moved to the outlook's median and scaled to "
    "its volatility. A collapse chance p ends crypto in any year with probability p, for "
    "good.")

PRESETS_INTRO = (
    "Capital-market presets. Stocks, bonds, cash and inflation come from 1926-2024 US "
    "history or from a published forward-looking outlook. The planner's return is the "
    "arithmetic mean yearly return and its volatility the standard deviation of yearly log "
    "returns; a publisher's simple-return SD s with mean m becomes the log SD "
    "sqrt(ln(1 + s\u00b2/(1+m)\u00b2)), and a compound (geometric) figure g becomes the mean "
    "(1+g)\u00b7exp(\u03c3\u00b2/2) - 1. Correlations stay the 1926-2024 estimates for every "
    "preset: the publishers' matrices are not shipped.")


def outlook_lines() -> list[str]:
    lines = []
    for o in named_outlooks():
        c = o.outlook
        lines.append(
            f"{o.label}: median {fmt.rate(c.median)}, mean {fmt.rate(implied_mean(c))}, "
            f"volatility {fmt.pct(c.volatility)}, collapse {fmt.share(c.collapse_chance)} a "
            f"year. {o.rationale}")
    return lines


def regime_text() -> str:
    """The regime model, with the fitted numbers it runs on."""
    m = regime.load()
    crash_share = m.stationary[regime.BEAR]
    crash_mean = m.monthly_mean[regime.BEAR]
    rho_bull, rho_bear = m.stock_correlation
    history = regime_fit.monthly_history()
    joint = regime.joint_crash_share(history.btc, history.stocks)
    # The model's own rate: 1,000 simulated runs of the same 132 months, with a fixed seed.
    btc, stocks = regime.simulate_monthly(m, np.random.default_rng(MODEL_SEED),
                                          len(history.btc), 1000)
    model_joint = regime.joint_crash_share(btc, stocks)
    stay = 1 / max(1 - m.transition[regime.BEAR][regime.BEAR], 1e-9)
    return (
        "The regime model (the \"Recent history\" outlook). Two states fitted by maximum "
        f"likelihood to Bitcoin's monthly log returns 2015-2025 ({len(history.btc)} months), "
        "each with its own mean, volatility and correlation with US stocks; a Markov chain "
        "moves between them month by month, and the engine steps it a year at a time. The "
        f"best fit's bear state covers about {fmt.pct(crash_share, 1)} of months, averaging "
        f"{fmt.pct(crash_mean)} (log) a month and lasting {stay:.1f} months on average, with "
        f"correlation {rho_bear:.2f} with stocks against {rho_bull:.2f} in bull months. So "
        "crypto crashes tend to come with stock falls: months in which Bitcoin falls more "
        f"than 18% while stocks fall came {fmt.pct(joint, 1)} of the time in 2015-2025, and "
        f"{fmt.pct(model_joint, 1)} in the model. The model does not reproduce the year-long "
        "bear markets of 2018 and 2022: joint crash years are rarer in it than in that "
        "decade. Its parameters rest on one decade of a young asset, and the bear state on a "
        "handful of months.")


def history_text() -> str:
    k = bitcoin_years()
    return (
        f"Historical mode and crypto. Bitcoin has only {k} usable years (2015-2025), far "
        "fewer than any window of market history. So each window runs once per alignment: "
        "alignment k starts Bitcoin's sequence of yearly log returns at its k-th year and "
        "cycles through it, moved to the outlook's median and scaled to its volatility. "
        f"Every window thus meets every Bitcoin year in every position, {k} runs a window, "
        "with no random seed. The success rate counts every window in every alignment; the "
        "range printed beside it is the lowest and highest over the alignments. A collapse "
        "chance p: alignment k collapses after the ((k + \u00bd) / K) quantile of the "
        "number of years a p-a-year collapse lets crypto survive, so the alignments "
        "collapse as often as p says.")


def inflation_text() -> str:
    return (
        "Inflation in Monte Carlo runs is an AR(1): each year's gap from the average is the "
        "plan's persistence times last year's gap plus a fresh shock, scaled so that every "
        "year keeps the assumed volatility. The default persistence, "
        f"{presets.INFLATION_PERSISTENCE:.2f}, is the lag-1 regression slope of CPI-U "
        "inflation on the year before, 1926-2024: high inflation tends to last a few years, "
        "as in the 1970s, instead of averaging out at once. The expected path uses the "
        "average every year.")


def stress_text(plan: Plan | None) -> tuple[str, list[str]]:
    """The stress tests' introduction and one line each (with the plan's years if given)."""
    intro = (
        "Stress tests lay a fixed shock over every path of the run (Monte Carlo, historical "
        "or expected) and leave every other year as drawn, so \"with\" and \"without\" "
        "differ only by the shock.")
    if plan is not None:
        return intro, [f"{s.label}: {s.description}" for s in stresses(plan)]
    first, _ = worst_stock_sequence()
    return intro, [
        "Crypto -80% in the first year of retirement.",
        "Crypto to zero in a chosen year (by default the first year of retirement); the "
        "sleeve earns cash's return after.",
        f"A 2008-like crash in the first year of retirement: stocks "
        f"{fmt.pct(crash_2008_stocks(), 1)} (the S&P 500's 2008) and crypto -75%.",
        f"The worst ten years of real stock returns ({first}-{first + 9}) from the first "
        "year of retirement.",
    ]


def preset_lines() -> list[str]:
    return [f"{p.label}: {p.source}. {p.note}".strip() for p in presets.presets()]


BREAK_EVEN = (
    "Break-even return: for a sleeve of a given size (taken from the other asset classes in "
    "proportion) and the outlook's volatility and shape, the mean yearly crypto return at "
    "which the mix's median growth is the same with the sleeve as without it, from the "
    "mix's mean and covariance (lognormal moments). Below it the sleeve's volatility costs "
    "more than its return adds; above it the sleeve adds growth, while still widening the "
    "range of outcomes.")
