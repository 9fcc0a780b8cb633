"""The last page: how the numbers are made, where the data comes from, and the disclaimer."""

from __future__ import annotations

from planner.report.layout import BODY, TITLE, Flow

METHOD = [
    "The planner projects the household one calendar year at a time, from the start year "
    "to the last person's planning horizon. Each year, contributions, withdrawals, taxes "
    "and spending happen at the start of the year; the balances then grow for the whole "
    "year with their asset mix, rebalanced yearly, less fees.",
    "Spending is taken from Social Security and pensions first, then from the accounts. "
    "Federal income tax uses the 2026 brackets and standard deduction; Social Security "
    "benefits are taxed under the IRC 86 rules; withdrawals before age 59\u00bd pay the "
    "10% additional tax where it applies; required minimum distributions follow the "
    "Uniform Lifetime Table.",
    "Expected mode uses one path with each asset class's median return and steady "
    "inflation. Monte Carlo mode draws yearly returns from lognormal distributions with "
    "the stated volatilities. Historical mode replays every sequence of actual yearly "
    "returns and inflation since 1871. The success rate is the share of paths in which "
    "every year's spending goal is funded in full.",
    "Today's dollars divide each amount by that path's own inflation up to its year. "
    "Single-path tables and charts show the path with the median final balance: a real "
    "sequence of years, not a mix of medians.",
]

SOURCES = [
    "US stocks, bonds, bills and inflation 1871\u20131927: Robert J. Shiller, market data "
    "(Irrational Exuberance).",
    "1928\u20132024: Aswath Damodaran, NYU Stern School of Business, histretSP (historical "
    "returns on stocks, bonds and bills).",
    "Inflation: US Bureau of Labor Statistics, CPI-U.",
    "Bitcoin: Coin Metrics community data (CC BY-NC 4.0).",
    "Tax brackets, standard deductions and contribution limits: IRS Rev. Proc. 2024-40, "
    "Rev. Proc. 2025-32 and Notice 2025-67.",
    "Social Security: SSA rules for full retirement age, early and delayed claiming.",
    "Required minimum distributions: IRS Publication 590-B, Uniform Lifetime Table.",
]

DISCLAIMER = (
    "This report is not financial, tax or legal advice. It is an estimate from a model "
    "that simplifies tax law and cannot know future markets, inflation, laws or your "
    "health. Past returns do not predict future ones. Check important decisions with a "
    "qualified professional."
)


def add_methodology(flow: Flow) -> None:
    flow.new_page()
    flow.text("Method and sources", TITLE, bold=True, after=0.15)
    flow.heading("How the projection works")
    for paragraph in METHOD:
        flow.text(paragraph, BODY, after=0.12)
    flow.heading("Data sources")
    flow.bullets(SOURCES)
    flow.text("Details and verification notes: resources/data/us_rules.md and "
              "resources/data/README.md in the planner's source.", 8)
    flow.heading("Not financial advice")
    flow.text(DISCLAIMER, BODY, bold=True)
