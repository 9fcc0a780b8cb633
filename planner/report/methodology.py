"""The last page: how the numbers are made, where the data comes from, and the disclaimer."""

from __future__ import annotations

from planner.report.layout import BODY, TITLE, Flow

METHOD = [
    "The planner projects the household one calendar year at a time, from the start year "
    "to the last person's planning horizon. Each year, contributions, withdrawals, taxes "
    "and spending happen at the start of the year; the balances then grow for the whole "
    "year with their asset mix, rebalanced yearly, less fees.",
    "While anyone works, salary is assumed to cover living costs and the tax on it; the "
    "accounts receive contributions (within the IRS limits, with catch-ups from 50 and "
    "60-63) and the employer match, and pay only one-off expenses. From the year the last "
    "earner retires, spending is funded by Social Security and pensions first, then by "
    "required minimum distributions, then by withdrawals: taxable accounts, then "
    "traditional 401(k)s and IRAs, then Roth accounts, then HSAs. The tax these "
    "withdrawals create is withdrawn too. Money left over (an RMD larger than the need) "
    "is reinvested in the taxable account.",
    "Federal income tax uses the 2025 and 2026 brackets, standard deduction, 65+ and "
    "senior deductions, indexed by inflation in later years; long-term gains on top of "
    "ordinary income at 0/15/20% and the 3.8% net investment income tax; Social Security "
    "benefits taxed under IRC 86. Withdrawals before 59\u00bd pay the 10% additional tax "
    "(Roth: on earnings only), HSA withdrawals before 65 the 20% one. RMDs start at 73 or "
    "75 by birth year and follow the Uniform Lifetime Table. State tax, if set, is a flat "
    "share of federal taxable income, an approximation.",
    "Expected mode is one path on which each account grows at the median rate of its "
    "yearly-rebalanced mix (its mean return less its volatility drag) with steady "
    "inflation. Monte Carlo mode draws correlated yearly returns and inflation (lognormal "
    "stocks, bonds and cash; fat-tailed crypto). Historical mode replays every window of "
    "actual yearly returns and inflation since 1872 that fits the plan.",
    "Success: a path succeeds when every year's spending goal (and one-off expense) is "
    "funded in full, with its taxes; it fails in the first year the accounts cannot pay. "
    "The success rate is the share of paths that succeed. Today's dollars divide each "
    "amount by that path's own inflation up to its year. Single-path tables and charts "
    "show the path with the median final balance: a real sequence of years, not a mix of "
    "medians.",
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
