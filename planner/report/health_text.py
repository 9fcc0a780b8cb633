"""Health care as the plan sets it, in sentences: premiums, the benchmark, Medicare and
IRMAA, out-of-pocket costs, their growth, and when each person's coverage changes."""

from __future__ import annotations

from planner import format as fmt
from planner.core.health import (
    DATA_YEAR,
    medicare,
    medicare_month,
    national_benchmark_monthly,
)
from planner.core.model import Plan

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
GROWTH_SOURCE = ("CMS National Health Expenditure projections 2024-33: 5.8% a year, less "
                 "about 0.5 point of population growth")


def cents(x: float) -> str:
    return f"${x:,.2f}"


def premium_text(plan: Plan) -> str:
    h = plan.health
    if not h.premiums:
        return ("Premiums: not modelled separately; marketplace and Medicare premiums are "
                "taken to be part of the spending goal.")
    drugs = " and Part D" if h.medicare_part_d else ""
    return ("Premiums: before Medicare, marketplace (ACA) coverage for each person once their "
            "employer coverage ends, at the benchmark (second-lowest-cost silver) premium "
            f"less the premium tax credit; from 65, Medicare Part B{drugs}. They are paid on "
            "top of the spending goal.")


def benchmark_text(plan: Plan) -> str:
    h = plan.health
    if h.own_premium_annual is not None:
        return (f"Marketplace premium: your own figure, {fmt.money(h.own_premium_annual)} a "
                "year for the household after any credit, in today's dollars (no benchmark "
                "or credit computed).")
    curve = ("rated by each person's age on the federal default curve (a 60-year-old pays "
             "about 2.1 times the 40-year-old's premium, a 64-year-old 2.35 times)")
    if h.aca_benchmark_monthly is None:
        return (f"Benchmark premium: {fmt.money(national_benchmark_monthly())} a month for a "
                f"40-year-old, the national average for {DATA_YEAR} (KFF), {curve}. Benchmarks "
                "differ by county by a factor of two or three: enter yours (HealthCare.gov, "
                "or your state's exchange) for a closer estimate.")
    return (f"Benchmark premium: {fmt.money(h.aca_benchmark_monthly)} a month for a "
            f"40-year-old in your area, in today's dollars (your own figure), {curve}.")


def medicare_text(plan: Plan) -> str:
    h = plan.health
    part = medicare(DATA_YEAR)
    if not h.premiums:
        return ""
    if h.medicare_part_d:
        return (f"Medicare: Part B ({cents(part.part_b)} a month per person in {DATA_YEAR}) and "
                f"Part D at the base beneficiary premium ({cents(part.part_d)}), from the month "
                "each person turns 65.")
    return (f"Medicare: Part B ({cents(part.part_b)} a month per person in {DATA_YEAR}) from "
            "the month each person turns 65; no Part D drug plan.")


def irmaa_text(plan: Plan) -> str:
    if not plan.health.irmaa:
        return "IRMAA: not charged."
    return ("IRMAA: the income-related surcharges on Part B and Part D, set by the income "
            "(MAGI) of two years before.")


def out_of_pocket_text(plan: Plan) -> str:
    amount = plan.health.out_of_pocket_annual
    if amount <= 0:
        return "Out-of-pocket costs: none entered."
    return (f"Out-of-pocket costs: {fmt.money(amount)} a year for the household from "
            "retirement, in today's dollars; HSA money pays them first, tax-free.")


def growth_text(plan: Plan) -> str:
    g = plan.health.cost_growth
    gap = g - plan.assumptions.inflation_rate
    above = (f", {fmt.share(round(gap, 4))} above the assumed inflation" if gap > 0.0005
             else "")
    return (f"Health costs (premiums, surcharges and out-of-pocket costs) grow "
            f"{fmt.share(g)} a year{above}; the default follows the {GROWTH_SOURCE}.")


def health_lines(plan: Plan) -> list[str]:
    lines = [premium_text(plan)]
    if plan.health.premiums:
        lines += [benchmark_text(plan), medicare_text(plan)]
    lines += [irmaa_text(plan), out_of_pocket_text(plan), growth_text(plan)]
    return [line for line in lines if line]


def medicare_start(plan: Plan, i: int) -> tuple[int, int]:
    """(year, month 1-12) Medicare starts for person i (the engine's rule)."""
    m = medicare_month(plan, i)
    return m // 12, m % 12 + 1


def coverage_text(plan: Plan, i: int) -> str:
    """'Jordan: employer coverage to the end of 2026, marketplace from 2027, Medicare from
    March 2032.' (what the engine assumes, from the plan's ages)."""
    p = plan.people[i]
    start = plan.start_year
    until = p.health_coverage_until_age
    # The first year without employer coverage (the engine's rule: ages below ``until``, or
    # the working years).
    employer_end = p.birth_year + (p.retirement_age if until is None else until)
    why = " (retiring)" if until is None else f" (age {until})"
    med_year, med_month = medicare_start(plan, i)
    death_year = p.birth_year + p.fixed_death_age
    parts = []
    if employer_end > start:
        parts.append(f"employer coverage to the end of {employer_end - 1}{why}")
    first = max(employer_end, start)  # the first year without employer coverage
    if first <= death_year and (first < med_year or (first == med_year and med_month > 1)):
        parts.append(f"marketplace from {first}")
    if med_year <= death_year:
        when = f"{MONTHS[med_month - 1]} {med_year}"
        parts.append(f"Medicare from {when}" if med_year >= start else
                     f"on Medicare (since {when})")
    return f"{p.name}: {', '.join(parts)}." if parts else ""


def coverage_lines(plan: Plan) -> list[str]:
    if not plan.health.premiums:
        return []
    return [line for i in range(len(plan.people)) if (line := coverage_text(plan, i))]
