"""The year table's columns by topic, for the column chooser (View ▸ Table Columns and the
header's menu): about fifty columns read better as a few groups than as one long list.

Groups name the keys of ``planner.core.result.FLOW_COLUMNS``; a column the core adds later
and no group names lands in "Other", so it can always be chosen.
"""

from __future__ import annotations

from planner.core.result import CASH_FLOW, FLOW_COLUMNS, HEALTH_FLOWS, INCOME_FLOWS

BALANCES = "Ages and balances"
OTHER = "Other"
FLOW_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Cash flow", (*CASH_FLOW, "health_costs")),
    ("Income", (*INCOME_FLOWS, "employer_match")),
    ("Savings and withdrawals", (
        "saved", "surplus_spent", "withdrawals", "rmd", "roth_conversion", "roth_ira_excess")),
    ("Federal and payroll tax", (
        "ira_deduction", "taxable_social_security", "interest", "dividends", "capital_gains",
        "agi", "deductions", "taxable_income", "tax_ordinary", "tax_gains", "tax_niit",
        "tax_federal", "tax_payroll", "penalty")),
    ("State tax", ("state_taxable_income", "tax_state")),
    ("Health care", (
        *HEALTH_FLOWS, "premium_credit", "premium_credit_lost")),
    ("Spending goal", ("spending_planned", "spending_delivered", "shortfall")),
)
_LABEL = dict(FLOW_COLUMNS)
_GROUP_OF = {_LABEL[key]: name for name, keys in FLOW_GROUPS for key in keys if key in _LABEL}
_FLOW_LABELS = set(_LABEL.values())


def group_of(column: str) -> str:
    """The group a year-table column is chosen under."""
    if column in _GROUP_OF:
        return _GROUP_OF[column]
    return OTHER if column in _FLOW_LABELS else BALANCES


def grouped(columns: list[str]) -> list[tuple[str, list[str]]]:
    """(group, its columns in table order) in the order: balances, the flow groups, other;
    empty groups left out."""
    order = [BALANCES, *(name for name, _keys in FLOW_GROUPS), OTHER]
    out: dict[str, list[str]] = {name: [] for name in order}
    for column in columns:
        out[group_of(column)].append(column)
    return [(name, cols) for name, cols in out.items() if cols]
