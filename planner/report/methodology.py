"""The last page: how the numbers are made, where the data comes from, and the disclaimer."""

from __future__ import annotations

from planner.core.model import Plan
from planner.report import crypto_method as cm
from planner.report.layout import BODY, SMALL, TITLE, Flow

METHOD = [
    "The planner projects the household one calendar year at a time, from the start year "
    "to the year of the last death: each person dies at the end of the year they reach "
    "their age at death (or their planning horizon), or, in Monte Carlo runs with life-table "
    "mortality, at an age drawn for each path from the SSA 2023 period life table. Each "
    "year, contributions, withdrawals, taxes and spending happen at the start of the year; "
    "the balances then grow for the whole year with their asset mix, less fees; each "
    "account returns to its target mix every year, or only when a class drifts past its "
    "band, or never, as the account says. The estate is what the accounts hold at the end "
    "of the last death's year.",
    "Every year income pays taxes, your own contributions, the spending goal and health "
    "care: income minus taxes minus contributions minus spending (health care included) is "
    "what is saved (a surplus, into a taxable account) or withdrawn (a shortfall). Income "
    "is the salary, other wages, self-employment, pensions and annuities, rental and tax-"
    "free income, money received once and Social Security. While anyone works the spending "
    "goal is the pre-retirement spending; the accounts receive contributions (within the "
    "IRS limits, with catch-ups from 50 and a larger one at 60-63; from 2026 the catch-ups "
    "of those who earned over $150,000 the year before go to a Roth 401(k)) and the "
    "employer match. Withdrawals follow required minimum distributions and then the plan's "
    "order: conventional (taxable accounts, then traditional 401(k)s and IRAs, then Roth "
    "accounts, then HSAs), proportional to the balances, or bracket-filling (traditional "
    "money up to the top of a chosen bracket, then taxable, then Roth). An HSA first pays "
    "out-of-pocket costs and Medicare premiums (qualified medical expenses), tax-free. The "
    "tax these withdrawals create is withdrawn too.",
    "After the first death of a couple the survivor files single from the next year, "
    "rolls the deceased's retirement accounts into their own, keeps the larger of the two "
    "Social Security benefits (as a survivor benefit), receives the survivor share of "
    "pensions and annuities (pay for work stops), and spends by the plan's survivor "
    "change. Taxable holdings the deceased owned step up to their value at death, a joint "
    "account by half.",
    "Federal income tax uses the 2025 and 2026 brackets and standard deduction, the 65+ "
    "and 2025-2028 senior deductions, indexed by inflation in later years; interest is "
    "ordinary income; long-term gains (only the gain part of a sale, cost basis tracked) "
    "and qualified dividends stack on top at 0/15/20%; the 3.8% net investment income "
    "tax; Social Security benefits taxed under IRC 86. Withdrawals before 59\u00bd pay the "
    "10% additional tax (Roth: on earnings only; none on a 401(k) left at 55 or later), "
    "HSA withdrawals before 65 not spent on medical costs the 20% one. RMDs start at 73 or "
    "75 by birth year and follow the Uniform Lifetime Table; Roth accounts have none. "
    "Roth conversions, if planned, move fixed amounts or fill a chosen bracket each year "
    "from retirement (or a chosen age) until RMDs start (or through a chosen age), and are "
    "taxed as ordinary income; converted money keeps its asset mix, or takes the Roth "
    "account's, as the plan says. Payroll tax: 6.2% Social Security tax up "
    "to the taxable maximum and 1.45% Medicare tax on wages, the self-employment tax on "
    "92.35% of net self-employment earnings (half of it deductible), and the 0.9% "
    "Additional Medicare Tax above $200,000 ($250,000 jointly). Lifetime taxes include "
    "payroll tax.",
    "State income tax follows the plan's state (and, after a move, the new state from the "
    "year of the move), from us_state_rules.json: each state's brackets, standard "
    "deduction, exemptions and credits with their 65+ amounts, its treatment of Social "
    "Security, its retirement-income exclusions person by person and any capital-gains "
    "exclusion, for 2025 and 2026, indexed with inflation in later years like the federal "
    "amounts. The values come from each state's statutes, forms and instructions (as "
    "cited by the policyengine-us parameters they were read from); some 2026 amounts, such "
    "as California's brackets, are inflation projections until the state publishes them. "
    "One generic calculation serves every state: start from federal AGI (or federal "
    "taxable income), subtract what the state exempts and excludes, deduct, apply the "
    "brackets, subtract the credits. Rules it cannot express are named for the plan's "
    "state on the assumptions page; local income taxes (city, county, school district) are "
    "not included. Without a state, a custom flat rate applies to federal taxable income.",
    "Health care is paid on top of the spending goal. Each person is covered by an "
    "employer (or retiree) plan while working, or to the age the plan sets; then, until "
    "Medicare, the household buys marketplace (ACA) coverage at the benchmark "
    "(second-lowest-cost silver) premium: the plan's own figure for a 40-year-old, or the "
    "national average (KFF, $625 a month in 2026), age-rated on the federal default curve "
    "(45 CFR 147.102: a 64-year-old pays three times a 21-year-old).",
    "Premium tax credit (IRC 36B): month by month, the benchmark premium of the people "
    "covered less the applicable percentage of household income (AGI plus the Social "
    "Security that is not taxed) over 12, never below zero; the household is assumed to "
    "buy the benchmark plan. For 2026 the applicable percentages are those of Rev. Proc. "
    "2025-25 (2.10% to 9.96%), on the previous year's HHS poverty guideline, indexed with "
    "inflation later. The enhanced credits of 2021-2025 have expired: from 2026 there is "
    "no credit below 100% or above 400% of the poverty line (the cliff), and excess advance "
    "credit is repaid in full, so the credit follows the year's actual income.",
    "Medicare: from the month each person turns 65 (the month before, for a birthday on "
    "the 1st), the Part B premium and, if chosen, Part D at the base beneficiary premium "
    "(CMS 2026: $202.90 and $38.99 a month); while covered at work past 65, from when "
    "that coverage ends. IRMAA surcharges on Part B and on Part D follow the income (MAGI) "
    "of two years before, on the CMS tiers for that return's filing status (a widow(er)'s "
    "first two years use the couple's joint return); the tiers follow prices in later "
    "years. In the plan's first two years, whose income of two years before the plan does "
    "not hold, the year's own income before withdrawals and conversions stands in for it. "
    "Out-of-pocket costs are the plan's amount a year from retirement.",
    "Health-cost growth: premiums, surcharges and out-of-pocket costs grow at the plan's "
    "rate, by default 5% a year: the CMS Office of the Actuary's National Health "
    "Expenditure projections 2024-33 project 5.8% a year, of which about half a point is "
    "population growth. Each path's inflation above the assumed rate is added. Left out: "
    "cost-sharing reductions, Medicaid, state premium subsidies (California, Maryland, New "
    "Mexico and others add to the federal credit), Medigap and Medicare Advantage "
    "premiums, and out-of-pocket maximums.",
    "Expected mode is one path on which each account grows at the median rate of its "
    "yearly-rebalanced mix (its mean return less its volatility drag) with steady "
    "inflation. Monte Carlo mode draws correlated yearly returns (lognormal stocks, bonds "
    "and cash, or blocks of consecutive historical years), inflation that persists from "
    "year to year, and crypto from the plan's outlook. Historical mode replays every window "
    "of actual yearly returns and inflation since 1872 that fits the plan (or of your own "
    "return series); Bitcoin's short history is aligned against every window (see Markets "
    "and crypto).",
    "Success: a path succeeds when every year's spending goal (and one-off expense) is "
    "funded in full, with its taxes; it fails in the first year the accounts cannot pay. "
    "The success rate is the share of paths that succeed. With a withdrawal strategy "
    "(guardrails, VPW...) the goal of a year is what the rule allows, so a path that "
    "lasts may still have spent far less than the household wanted: the spending-delivered "
    "page shows how much. Today's dollars divide each "
    "amount by that path's own inflation up to its year. The key figures are medians over "
    "all paths, each figure on its own; the single-path tables and charts show the typical "
    "path, the one with the median estate: a real sequence of years, not a mix of "
    "medians.",
]

READING = [
    "Range of outcomes: the bands are percentiles taken year by year over all paths, so the "
    "10th percentile at one age and at the next may come from different paths; the median "
    "line is the same kind of year-by-year median. Where a few very good paths would "
    "flatten the chart, its scale stops above the 75th percentile and says so. With ages "
    "at death drawn from the life table, each year's bands cover the paths still running, "
    "and the chart stops when fewer than one in ten are.",
    "Worst historical start: the plan is also run on every window of actual history that "
    "fits it, whatever the report's own mode. The worst window is the one that first fails "
    "to fund a year or, if none fails, the one that ends with the least money; its start "
    "year names it and its balances are drawn as one line, in today's dollars.",
    "When savings run out: for each path that fails, the first person's age (the "
    "survivor's, once the first person has died) in the first year its spending goal "
    "cannot be funded; the share of paths that never fail has no "
    "bar and is stated in the title.",
    "Income vs. spending: above zero, each kind of income received on the typical path, "
    "then what the accounts paid out net of what was saved back into them, and, in red, "
    "any part of the goal that could not be paid; below zero, taxes (payroll tax "
    "included), health care (premiums after the premium tax credit, IRMAA and "
    "out-of-pocket costs), your contributions, net savings and any surplus spent for want "
    "of a taxable account. What is above zero less what is below is the spending goal, "
    "drawn as a line.",
    "Spending delivered (withdrawal strategies): each retired year's spending as the rule "
    "delivered it (after tax, before health care), in today's dollars, the band from the "
    "10th to the 90th percentile of paths and the median taken year by year, against the "
    "household's own goal (its spending with phases, survivor change and one-offs). Years "
    "below the goal count when they deliver less than 99.5% of it.",
    "Taxes by kind: each year's tax on the typical path as the tax computation splits it "
    "(ordinary income, capital gains, net investment income tax, state tax, payroll tax, "
    "the early-withdrawal penalty); each bar is the year's taxes in the cash flow. Medicare "
    "IRMAA is a premium, drawn with health care.",
    "Health care by kind: each year's health care on the typical path: marketplace "
    "premiums after the credit, Medicare Part B and D premiums, IRMAA and out-of-pocket "
    "costs. The open, hatched part on top is what the premium tax credit paid, so filled "
    "and hatched parts together are the full marketplace premium.",
    "Crypto share: the plan is rerun with the accounts that hold crypto (every account, "
    "if none does) holding the same crypto share, from 0% to 20% in steps of 2.5%, their "
    "other asset classes keeping their proportions, in the report's mode (Monte Carlo if "
    "the report is the expected path). Every rerun uses the same random draws, so the rows "
    "differ only by the share. The right axis is the 10th-percentile final balance (what "
    "one path in ten ends below), or the median when the 10th percentile is $0 at every "
    "share. The diamonds at the plan's share are its success under each crypto outlook, "
    "the dashed line its success without crypto.",
]

SOURCES = [
    "US stocks, bonds, bills and inflation 1872\u20131927: Robert J. Shiller, market data "
    "(Irrational Exuberance).",
    "1928\u20132024: Aswath Damodaran, NYU Stern School of Business, histretSP (historical "
    "returns on stocks, bonds and bills).",
    "Inflation: US Bureau of Labor Statistics, CPI-U.",
    "Bitcoin: Coin Metrics community data (CC BY-NC 4.0), yearly and monthly closes; "
    "US stocks monthly (for the regime model's link to stocks): Robert J. Shiller.",
    "Capital-market outlooks: J.P. Morgan Asset Management, 2026 Long-Term Capital Market "
    "Assumptions; Vanguard Capital Markets Model forecasts (April 2025 running). Bitcoin "
    "forecast: VanEck, Bitcoin Long-Term Capital Market Assumptions (2026), a crypto "
    "manager's view.",
    "Tax brackets, standard deductions and contribution limits: IRS Rev. Proc. 2024-40, "
    "Rev. Proc. 2025-32, Notice 2024-80 and Notice 2025-67; the One Big Beautiful Bill Act "
    "(2025); SECURE 2.0.",
    "Medicare Part B and Part D premiums and IRMAA (Part B and Part D): CMS fact sheets for "
    "2025 and 2026; Part D IRMAA by 42 U.S.C. 1395w-113(a)(7).",
    "Premium tax credit: IRC 36B; Rev. Proc. 2025-25 (2026 applicable percentages); HHS "
    "poverty guidelines; the federal default age curve (45 CFR 147.102, CMS); KFF average "
    "benchmark premiums.",
    "Health-cost growth: CMS Office of the Actuary, National Health Expenditure "
    "Projections 2024-33 (Keehan et al., Health Affairs, 2025).",
    "State income tax: each state's statutes, forms and instructions for 2025 and 2026, as "
    "cited by the parameters of policyengine-us 2.68.0 (values re-expressed in the "
    "planner's own schema).",
    "Social Security: SSA rules for full retirement age, early and delayed claiming, "
    "spousal and survivor benefits; the trust fund's depletion year and payable share: "
    "2026 Trustees Report (intermediate assumptions).",
    "Payroll tax: IRC 3101, 1401 and 1402 (rates, self-employment earnings), 42 USC 430 "
    "(taxable maximum).",
    "Ages at death (life-table mortality): SSA Office of the Chief Actuary, 2023 period life "
    "table (2026 Trustees Report).",
    "Required minimum distributions: IRS Publication 590-B, Uniform Lifetime Table.",
]

DISCLAIMER = (
    "This report is not financial, tax or legal advice. It is an estimate from a model "
    "that simplifies tax law and cannot know future markets, inflation, laws or your "
    "health. Past returns do not predict future ones. Check important decisions with a "
    "qualified professional."
)


def add_methodology(flow: Flow, plan: Plan | None = None) -> None:
    flow.new_page()
    flow.text("Method and sources", TITLE, bold=True, after=0.15)
    flow.heading("How the projection works")
    for paragraph in METHOD:
        flow.text(paragraph, BODY, after=0.12)
    add_markets_method(flow, plan)
    flow.heading("How to read the charts")
    for paragraph in READING:
        flow.text(paragraph, BODY, after=0.12)
    flow.heading("Data sources")
    flow.bullets(SOURCES)
    flow.text("Details and verification notes: resources/data/us_rules.md, "
              "us_health_rules.md, us_state_rules.md, crypto_regime.md and README.md in the "
              "planner's source.", 8)
    flow.heading("Not financial advice")
    flow.text(DISCLAIMER, BODY, bold=True)


def add_markets_method(flow: Flow, plan: Plan | None) -> None:
    """Markets and crypto: outlooks, why they matter, the models, stresses, presets."""
    flow.heading("Markets and crypto")
    flow.text(cm.OUTLOOKS_INTRO, BODY, after=0.06)
    flow.bullets(cm.outlook_lines(), SMALL)
    for paragraph in (cm.DEPENDS, cm.BREAK_EVEN, cm.STUDENT_T, cm.regime_text(),
                      cm.history_text(), cm.inflation_text()):
        flow.text(paragraph, BODY, after=0.12)
    intro, lines = cm.stress_text(plan)
    flow.text(intro, BODY, after=0.06)
    flow.bullets(lines, SMALL)
    flow.text(cm.PRESETS_INTRO, BODY, after=0.06)
    flow.bullets(cm.preset_lines(), SMALL)
