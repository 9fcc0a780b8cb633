"""Health: marketplace premiums before Medicare, Medicare and IRMAA from 65, out-of-pocket
costs and how fast they all grow. Who is covered by an employer until when is asked per
person on the Household page."""

from __future__ import annotations

import calendar

from PySide6.QtWidgets import QVBoxLayout

from planner import format as fmt
from planner.core import health
from planner.core.model import Plan
from planner.gui.editor import fields
from planner.gui.editor.fields_compound import OptionalNumberField
from planner.gui.editor.form_base import Form, form_group, hint, row_label, unit

# The premiums in a plan file are checked by ``validate``: allow any entry, show the reason.
ANY_AMOUNT = 1e9

HEALTHCARE_GOV = "https://www.healthcare.gov/see-plans/"


def benchmark_hint() -> str:
    national = health.national_benchmark_monthly()
    return (f"Blank: the national average, {fmt.money(national)} a month in "
            f"{health.DATA_YEAR} (KFF): the second-lowest-cost silver plan for a 40-year-old, "
            "rated up for each person's age. For your own area, open "
            f"<a href='{HEALTHCARE_GOV}'>HealthCare.gov ▸ See plans &amp; prices</a>, enter "
            "your ZIP code and one person aged 40, and take the full price of the "
            "second-lowest-cost silver plan.")


class HealthForm(Form):
    title = "Health"
    roots = ("health",)

    def build(self, plan: Plan, layout: QVBoxLayout) -> None:
        box, form = form_group("Premiums")
        self.premiums = self.add(fields.CheckField(
            "health.premiums", "Model marketplace and Medicare premiums"))
        form.addRow("", self.premiums)
        self.premiums_hint = hint()
        form.addRow("", self.premiums_hint)

        self.benchmark = self.add(OptionalNumberField(
            "health.aca_benchmark_monthly", check_text="Set", minimum=-ANY_AMOUNT,
            maximum=ANY_AMOUNT, step=10, initial=round(health.national_benchmark_monthly())))
        self.benchmark.row.insertWidget(2, unit("a month"))
        self.benchmark.setToolTip("The benchmark (second-lowest-cost silver) premium for a "
                                  "40-year-old where you live, in today's dollars a month.")
        form.addRow(row_label("Benchmark plan"), self.benchmark)
        self.benchmark_hint = hint(benchmark_hint())
        self.benchmark_hint.setOpenExternalLinks(True)
        form.addRow("", self.benchmark_hint)

        self.own = self.add(OptionalNumberField(
            "health.own_premium_annual", check_text="Set", minimum=-ANY_AMOUNT,
            maximum=ANY_AMOUNT, step=500, initial=12_000))
        self.own.row.insertWidget(2, unit("a year"))
        self.own.setToolTip("What the household pays for marketplace coverage, in today's "
                            "dollars a year, after any credit.")
        form.addRow(row_label("My own premium"), self.own)
        self.own_hint = hint("Your own premium replaces the benchmark and the premium tax "
                             "credit: it is paid as it is, whatever the year's income.")
        form.addRow("", self.own_hint)

        self.part_d = self.add(fields.CheckField(
            "health.medicare_part_d", "Part D drug plan (base premium)"))
        form.addRow(row_label("Medicare"), self.part_d)
        self.irmaa = self.add(fields.CheckField("health.irmaa",
                                                "IRMAA surcharges on Part B and D"))
        form.addRow("", self.irmaa)
        self.irmaa_hint = hint()
        form.addRow("", self.irmaa_hint)
        layout.addWidget(box)

        box, form = form_group("Other costs")
        pocket = self.add(fields.money("health.out_of_pocket_annual", minimum=-ANY_AMOUNT))
        pocket.row.insertWidget(1, unit("a year, from retirement"))
        form.addRow(row_label("Out of pocket"), pocket)
        form.addRow("", hint("The household's deductibles, copays, dental and vision, in "
                             "today's dollars. An HSA pays them first, tax-free (Medicare "
                             "premiums too)."))
        growth = self.add(fields.percent("health.cost_growth"))
        growth.row.insertWidget(1, unit("a year"))
        form.addRow(row_label("Costs grow"), growth)
        form.addRow("", hint("Premiums and costs grow at this rate, not with inflation. CMS "
                             "projects national health spending to grow 5.8% a year from 2024 "
                             "to 2033, part of it from a growing population; 5% by default."))
        layout.addWidget(box)

        box, form = form_group("Coverage")
        self.coverage = hint()
        form.addRow(self.coverage)
        layout.addWidget(box)

    def after_load(self, plan: Plan) -> None:
        h = plan.health
        for field in (self.benchmark, self.own, self.part_d):
            field.setEnabled(h.premiums)
        for label in (self.benchmark_hint, self.own_hint):
            label.setEnabled(h.premiums)
        self.premiums_hint.setText(
            "Marketplace (ACA) premiums less the premium tax credit before 65, Medicare Part B "
            "and D from 65: paid on top of the spending goal." if h.premiums else
            "Off: your spending goal is taken to include health insurance. IRMAA and the "
            "out-of-pocket costs below still apply.")
        self.coverage.setText(coverage_text(plan))
        self.irmaa_hint.setText(irmaa_hint(plan))


def irmaa_hint(plan: Plan) -> str:
    """Where IRMAA starts, for one person and for a couple (this year's table)."""
    table = health.medicare(health.DATA_YEAR)
    single = fmt.money(table.tier_top("single", 0))
    joint = fmt.money(table.tier_top("married_filing_jointly", 0))
    limits = (f"{joint} for a couple, {single} alone" if plan.is_couple
              else f"{single} ({joint} for a couple)")
    return (f"Higher premiums from 65 when the income (MAGI) of two years before was above "
            f"{limits} in {health.DATA_YEAR}.")


def coverage_text(plan: Plan) -> str:
    """Who is covered by what, in words, by the engine's rule (planner.core.health): the
    employer plan to the start of the year of the age given (else while working), then the
    marketplace, then Medicare from its first month."""
    lines = []
    for i, p in enumerate(plan.people):
        name = p.name.strip() or f"Person {i + 1}"
        until = p.health_coverage_until_age
        end_age = p.retirement_age if until is None else until
        end_year = p.birth_year + end_age  # the first year without the employer plan
        first = health.medicare_month(plan, i)
        medicare = month_text(first)
        why = "at retirement" if until is None else f"at {until}"
        if first <= max(end_year, plan.start_year) * 12:
            lines.append(f"{name}: employer plan, then Medicare from {medicare}.")
        elif end_year <= plan.start_year:
            lines.append(f"{name}: the marketplace until Medicare from {medicare}.")
        else:
            lines.append(f"{name}: employer plan to the end of {end_year - 1} (it ends {why}), "
                         f"then the marketplace until Medicare from {medicare}.")
    lines.append("When each employer plan ends is set on the Household page.")
    return "\n".join(lines)


def month_text(month: int) -> str:
    """Months since year 0 as "March 2051"."""
    return f"{calendar.month_name[month % 12 + 1]} {month // 12}"
