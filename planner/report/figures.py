"""The headline figures of a result as (label, formatted value) pairs, for the GUI and PDF."""

from __future__ import annotations

from planner import format as fmt
from planner.core.analysis import HistoricalCase
from planner.core.result import Result
from planner.report.deaths import plan_end
from planner.report.state_text import short_state_label
from planner.report.verdict import depletion_text, strategy_range
from planner.run_counts import result_success_text, runs_noun

WORST_HISTORY_LABEL = "Worst historical start year"
LIFETIME_TAX_LABEL = "Lifetime taxes (federal, state, payroll, penalties)"
LIFETIME_HEALTH_LABEL = "Lifetime health care (premiums after credits, IRMAA, out-of-pocket)"
DEFERRED_TAX_LABEL = "Deferred tax left to heirs, not in lifetime taxes"
FIRST_YEAR_LABEL = "Spending goal, first year of retirement"
# A withdrawal strategy's planned spending is what its rule allowed, not the household's goal.
FIRST_YEAR_RULE_LABEL = "Spending the withdrawal rule allows, first year of retirement"
SPENDING_BELOW_LABEL = "Retired years below the spending goal"


def legacy_label(result: Result) -> str:
    """'Estate after heirs' income tax (24% on traditional and HSA money)'."""
    return (f"Estate after heirs' income tax ({fmt.share(result.plan.taxes.heirs_tax_rate)} "
            "on traditional and HSA money)")


def state_tax_label(result: Result) -> str:
    """'Lifetime state income tax (California)', with the move or the custom rate."""
    return f"Lifetime state income tax ({short_state_label(result.plan.taxes)})"


def worst_history_text(worst: HistoricalCase) -> str:
    """'1966: runs out at age 84' or '1957: $412,000 left at the end' (today's dollars)."""
    if worst.depletion_age is not None:
        return f"{worst.start_year}: runs out at age {worst.depletion_age}"
    return f"{worst.start_year}: {fmt.money(float(worst.total_balance_real[-1]))} left at the end"


def estate_label(result: Result) -> str:
    """'Estate at the last death (2060)', or without a year when each path has its own."""
    end = plan_end(result)
    when = "the year differs by path" if end.drawn else str(end.year)
    return f"Estate at the last death ({when})"


def key_figures(result: Result, worst: HistoricalCase | None = None) -> list[tuple[str, str]]:
    """Money in today's dollars (the Summary's convention); medians when there are paths.
    The estate after the heirs' tax sits under the estate, and the tax deferred in it (which
    lifetime taxes leave out) under the lifetime tax figures.
    State tax shows when the plan has a state (or a flat state rate), health care when it
    pays premiums or any health cost; the worst historical start is added when it was computed."""
    s = result.summary
    spent = strategy_range(result)
    # With a withdrawal strategy, "success" is only that the accounts kept paying the rule:
    # the spending it delivered stands beside it.
    success = (f"Success rate (share of {runs_noun(result)} that fund every year)"
               if spent is None else
               f"Success rate (share of {runs_noun(result)} that pay the withdrawal rule "
               "every year)")
    # One expected path has no success rate: a "100%" beside a worst historical start that
    # runs out reads as a promise. Its savings line says whether that one path lasts.
    figures = [] if result.n_paths == 1 else [(success, result_success_text(result))]
    figures.append(("Savings" if result.n_paths > 1 else "Savings, with expected returns",
                    depletion_text(result)))
    if spent is not None:  # the verdict's spending sentence gives the rest
        figures.append((SPENDING_BELOW_LABEL, fmt.pct(spent.share_below_goal)))
    figures += [
        (f"Balance at retirement ({s.retirement_year})", fmt.money(s.balance_at_retirement)),
        (estate_label(result), fmt.money(s.terminal_balance)),
        (legacy_label(result), fmt.money(s.legacy_after_tax)),
        (FIRST_YEAR_LABEL if spent is None else FIRST_YEAR_RULE_LABEL,
         fmt.money(s.first_year_spending)),
        (LIFETIME_TAX_LABEL, fmt.money(s.lifetime_tax)),
    ]
    plan = result.plan
    t = plan.taxes
    if t.enabled and (t.state or t.state_rate > 0 or t.state_move is not None):
        figures.append((state_tax_label(result), fmt.money(s.lifetime_state_tax)))
    # The heirs' tax on traditional and HSA money: paid later, by them
    figures.append((DEFERRED_TAX_LABEL, fmt.money(s.deferred_tax)))
    if plan.health.premiums or abs(s.lifetime_health) >= 0.5:
        figures.append((LIFETIME_HEALTH_LABEL, fmt.money(s.lifetime_health)))
    if worst is not None:
        figures.append((WORST_HISTORY_LABEL, worst_history_text(worst)))
    return figures
